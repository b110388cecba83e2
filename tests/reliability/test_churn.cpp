// Process churn: a helper thread forks and reaps short-lived children as fast as it can
// (PSINFO_CHURN_SECONDS, default 3, at most 5000 children) while process_iter(all attrs) and
// every process method run on every PID. Only psutil's documented exceptions may come out
// (no_such_process, zombie_process, access_denied; timeout_expired from wait), and no object
// may mix two processes: a process object of a reaped child reports is_running() false, and
// an object whose PID the kernel reused for another process (forced through ns_last_pid)
// refuses to read or signal the newcomer.
#include <catch2/catch.hpp>
#include <psinfo/psinfo.hpp>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common.hpp"

namespace {

// Calls fn; the documented exceptions are fine, anything else is recorded.
template <class Fn>
void call(rel::failures& f, long pid, const char* what, Fn&& fn) {
  try {
    fn();
  } catch (const psinfo::no_such_process&) {
  } catch (const psinfo::access_denied&) {
  } catch (const psinfo::timeout_expired&) {
  } catch (const std::exception& e) {
    f.add("pid " + std::to_string(pid) + " " + what + ": " + e.what());
  }
}

// Every method of a process (setters only on our own children, with the current values).
void every_method(rel::failures& f, psinfo::process& p, bool own_child) {
  const long pid = p.pid();
  double ct0 = 0;
  call(f, pid, "create_time", [&] { ct0 = p.create_time(); });
  call(f, pid, "ppid", [&] { (void)p.ppid(); });
  call(f, pid, "name", [&] { (void)p.name(); });
  call(f, pid, "exe", [&] { (void)p.exe(); });
  call(f, pid, "cmdline", [&] { (void)p.cmdline(); });
  call(f, pid, "environ", [&] { (void)p.environ(); });
  call(f, pid, "status", [&] { (void)p.status(); });
  call(f, pid, "cwd", [&] { (void)p.cwd(); });
  call(f, pid, "username", [&] { (void)p.username(); });
  call(f, pid, "uids", [&] { (void)p.uids(); });
  call(f, pid, "gids", [&] { (void)p.gids(); });
  call(f, pid, "terminal", [&] { (void)p.terminal(); });
  call(f, pid, "nice", [&] { (void)p.nice(); });
  call(f, pid, "ionice", [&] { (void)p.ionice(); });
  call(f, pid, "rlimit", [&] { (void)p.rlimit(RLIMIT_NOFILE); });
  call(f, pid, "io_counters", [&] { (void)p.io_counters(); });
  call(f, pid, "num_ctx_switches", [&] { (void)p.num_ctx_switches(); });
  call(f, pid, "num_fds", [&] { (void)p.num_fds(); });
  call(f, pid, "num_threads", [&] { (void)p.num_threads(); });
  call(f, pid, "threads", [&] { (void)p.threads(); });
  call(f, pid, "cpu_times", [&] { (void)p.cpu_times(); });
  call(f, pid, "cpu_percent", [&] { (void)p.cpu_percent(); });
  call(f, pid, "cpu_num", [&] { (void)p.cpu_num(); });
  call(f, pid, "cpu_affinity", [&] { (void)p.cpu_affinity(); });
  call(f, pid, "memory_info", [&] { (void)p.memory_info(); });
  call(f, pid, "memory_full_info", [&] { (void)p.memory_full_info(); });
  call(f, pid, "memory_percent", [&] { (void)p.memory_percent(); });
  call(f, pid, "memory_maps", [&] { (void)p.memory_maps(); });
  call(f, pid, "page_faults", [&] { (void)p.page_faults(); });
  call(f, pid, "open_files", [&] { (void)p.open_files(); });
  call(f, pid, "net_connections", [&] { (void)p.net_connections("all"); });
  call(f, pid, "parent", [&] { (void)p.parent(); });
  call(f, pid, "parents", [&] { (void)p.parents(); });
  call(f, pid, "children", [&] { (void)p.children(true); });
  call(f, pid, "send_signal(0)", [&] { p.send_signal(0); });
  call(f, pid, "as_dict", [&] { (void)psinfo::as_dict(p); });
  if (own_child) {
    call(f, pid, "set nice", [&] { p.nice(p.nice()); });
    call(f, pid, "set cpu_affinity", [&] { p.cpu_affinity(p.cpu_affinity()); });
    call(f, pid, "set rlimit", [&] { p.rlimit(RLIMIT_CORE, p.rlimit(RLIMIT_CORE)); });
  } else {
    call(f, pid, "wait(0)", [&] { (void)p.wait(0.0); });
  }
  // Identity: while the object says it runs, its create_time is the one it started with.
  call(f, pid, "identity", [&] {
    if (p.is_running() && ct0 != 0 && p.create_time() != ct0)
      f.add("pid " + std::to_string(pid) + ": create_time changed while running");
  });
}

}  // namespace

TEST_CASE("process churn: process_iter and every method while PIDs come and go", "[churn]") {
  const double seconds = rel::env_seconds("PSINFO_CHURN_SECONDS", 3);
  const int max_children = 5000;
  const long self_pid = getpid();
  rel::failures fail(30);
  std::atomic<bool> done{false};
  std::atomic<int> created{0}, still_running_after_reap{0};

  std::thread churn([&] {
    auto end = rel::clock::now() + std::chrono::duration<double>(seconds);
    while (rel::clock::now() < end && created < max_children) {
      pid_t pid = fork();
      if (pid == 0) _exit(0);
      if (pid < 0) break;
      ++created;
      std::optional<psinfo::process> obj;
      try {
        obj.emplace(pid);  // possibly a zombie already: allowed
      } catch (const psinfo::no_such_process&) {
      } catch (const std::exception& e) {
        fail.add(std::string("process(child): ") + e.what());
      }
      int st;
      waitpid(pid, &st, 0);
      // Reaped: the PID is free (pid_max makes reuse within the run unlikely; if it happens,
      // the start time tells them apart, so is_running() is still false).
      try {
        if (obj && obj->is_running()) ++still_running_after_reap;
      } catch (const std::exception& e) {
        fail.add(std::string("is_running after reap: ") + e.what());
      }
    }
    done = true;
  });

  long iter_rounds = 0, objects = 0;
  const auto t0 = rel::clock::now();
  while (!done) {
    try {
      auto infos = psinfo::process_iter(psinfo::all_attrs);
      for (auto& i : infos) {
        // A churn child's snapshot: its parent is this process and it started after us.
        if (i.ppid && *i.ppid == self_pid && i.name && i.create_time) {
          static const double my_start = psinfo::process::self().create_time();
          if (*i.create_time + 0.02 < my_start)
            fail.add("snapshot of pid " + std::to_string(i.pid) + " mixes processes");
        }
      }
    } catch (const std::exception& e) {
      fail.add(std::string("process_iter(all_attrs): ") + e.what());
    }
    ++iter_rounds;
    std::vector<long> pids;
    try {
      pids = psinfo::pids();
    } catch (const std::exception& e) {
      fail.add(std::string("pids: ") + e.what());
    }
    for (long pid : pids) {
      if (done) break;
      if (pid == self_pid) continue;
      try {
        psinfo::process p(pid);
        ++objects;
        long ppid = -1;
        try {
          ppid = p.ppid();
        } catch (const psinfo::error&) {
        }
        every_method(fail, p, ppid == self_pid);
      } catch (const psinfo::no_such_process&) {
      } catch (const std::exception& e) {
        fail.add("process(" + std::to_string(pid) + "): " + e.what());
      }
    }
  }
  churn.join();
  double took = std::chrono::duration<double>(rel::clock::now() - t0).count();
  std::printf(
      "churn: %.1f s, %d children created and reaped, %ld process_iter(all) rounds, "
      "%ld process objects swept\n",
      took, created.load(), iter_rounds, objects);
  for (auto& f : fail.list) FAIL_CHECK(f);
  CHECK(fail.list.empty());
  CHECK(still_running_after_reap == 0);
  CHECK(created > 0);
}

namespace {

// A child named `name` (comm), blocked until its pipe closes.
struct named_child {
  pid_t pid = -1;
  int wfd = -1;
  explicit named_child(const char* name) {
    int go[2], ready[2];
    if (pipe(go) != 0 || pipe(ready) != 0) return;
    pid = fork();
    if (pid == 0) {
      prctl(PR_SET_NAME, name);
      close(go[1]);
      close(ready[0]);
      (void)!write(ready[1], "r", 1);
      char c;
      (void)!read(go[0], &c, 1);
      _exit(0);
    }
    close(go[0]);
    close(ready[1]);
    char c;
    (void)!read(ready[0], &c, 1);
    close(ready[0]);
    wfd = go[1];
  }
  void finish() {
    if (wfd >= 0) close(wfd);
    wfd = -1;
    int st;
    if (pid > 0) waitpid(pid, &st, 0);
  }
};

bool set_last_pid(long pid) {
  std::ofstream f("/proc/sys/kernel/ns_last_pid");
  if (!f) return false;
  f << pid;
  f.flush();
  return static_cast<bool>(f);
}

}  // namespace

TEST_CASE("a reused PID: the old object refuses the newcomer", "[churn][pid_reuse]") {
  named_child a("rel-first");
  REQUIRE(a.pid > 0);
  psinfo::process old(a.pid);
  REQUIRE(old.name() == "rel-first");
  const pid_t target = a.pid;
  a.finish();
  // Let the clock tick (start times are in 1/100 s), then make the kernel hand out the PID
  // again: write target-1 to ns_last_pid just before forking (root only; other forks on the
  // machine may take it first, so retry).
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  named_child* b = nullptr;
  for (int attempt = 0; attempt < 50 && !b; ++attempt) {
    if (!set_last_pid(target - 1)) break;
    auto* c = new named_child("rel-second");
    if (c->pid == target) {
      b = c;
    } else {
      c->finish();
      delete c;
    }
  }
  if (!b) {
    WARN("cannot make the kernel reuse a PID here (not root, or ns_last_pid unwritable)");
    return;
  }
  // Independent check: the kernel says the PID is now "rel-second".
  std::ifstream comm("/proc/" + std::to_string(target) + "/comm");
  std::string now;
  std::getline(comm, now);
  REQUIRE(now == "rel-second");

  CHECK_FALSE(old.is_running());
  // psutil 8 checks for reuse before ppid(), children(), the setters and the signals (and
  // as_dict); those must refuse the newcomer.
  CHECK_THROWS_AS(old.ppid(), psinfo::no_such_process);
  CHECK_THROWS_AS(old.children(), psinfo::no_such_process);
  CHECK_THROWS_AS(old.send_signal(SIGTERM), psinfo::no_such_process);
  CHECK_THROWS_AS(old.suspend(), psinfo::no_such_process);
  CHECK_THROWS_AS(old.cpu_affinity({0}), psinfo::no_such_process);
  CHECK_THROWS_AS(old.rlimit(RLIMIT_CORE, psinfo::rlimit_t{0, 0}), psinfo::no_such_process);
  CHECK_THROWS_AS(old.kill(), psinfo::no_such_process);
  CHECK_THROWS_AS(old.nice(5), psinfo::no_such_process);
  CHECK_THROWS_AS(psinfo::as_dict(old), psinfo::no_such_process);
  // The plain getters read the PID's files as psutil's do (psutil does not pre-check them):
  // either refused, or wholly the newcomer's, never a mix (oneshot reads each file once).
  {
    auto g = old.oneshot();
    try {
      CHECK(old.name() == "rel-second");
      CHECK(old.cmdline() == psinfo::process(target).cmdline());
    } catch (const psinfo::no_such_process&) {
    }
  }
  // The newcomer is untouched (not stopped, not killed) and a new object sees it.
  CHECK(psinfo::process(target).status() != "stopped");
  CHECK(::kill(target, 0) == 0);
  CHECK(psinfo::process(target).name() == "rel-second");
  CHECK(psinfo::process(target) != old);
  b->finish();
  delete b;
}
