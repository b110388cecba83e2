// The process methods on children made by the test (odd names, exec'd argv, a zombie, a
// stopped child, threads, a deleted exe, a vanished PID), checked against /proc/<pid> read
// directly and `ps -o`; every method on every PID of the machine; oneshot caching; the bulk
// snapshot. (psutil 5.9.4 on the same PIDs: test_process_diff.py.)
#include <catch2/catch.hpp>

#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <psinfo/process.hpp>

#include <dirent.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <sstream>
#include <thread>
#include <vector>

#include "child.hpp"
#include "fixtures.hpp"
#include "platform.hpp"

using test::child;
using test::read_text;
using test::status_field;

namespace {

std::string comm_of(pid_t pid) {
  std::string c = read_text("/proc/" + std::to_string(pid) + "/comm");
  if (!c.empty() && c.back() == '\n') c.pop_back();
  return c;
}

child named_child(const std::string& name) {
  return child([&] {
    ::prctl(PR_SET_NAME, name.c_str(), 0, 0, 0);
    child::idle();
  });
}

std::vector<std::string> split_nul(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == '\0') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

std::vector<std::string> list_names(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') out.push_back(e->d_name);
    closedir(d);
  }
  return out;
}

std::string readlink_str(const std::string& path) {
  char buf[PATH_MAX + 64];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
  return n < 0 ? "" : std::string(buf, static_cast<size_t>(n));
}

std::string trim(std::string s) {
  while (!s.empty() && isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  while (!s.empty() && isspace(static_cast<unsigned char>(s.front()))) s.erase(0, 1);
  return s;
}

std::string copy_sleep(const test::temp_dir& d, const std::string& name) {
  std::string dst = d.path + "/" + name;
  test::run("cp /bin/sleep '" + dst + "'");
  return dst;
}

// Calls every method of this file on p; only psutil's documented exceptions may escape.
// Returns how many methods succeeded.
int call_all(psinfo::process& p) {
  int ok = 0;
  auto call = [&](const char* what, auto&& fn) {
    try {
      fn();
      ++ok;
    } catch (const psinfo::no_such_process&) {
    } catch (const psinfo::access_denied&) {
    } catch (const std::exception& e) {
      FAIL_CHECK("pid " << p.pid() << " " << what << ": " << typeid(e).name() << ": " << e.what());
    }
  };
  call("ppid", [&] { p.ppid(); });
  call("name", [&] { p.name(); });
  call("exe", [&] { p.exe(); });
  call("cmdline", [&] { p.cmdline(); });
  call("environ", [&] { p.environ(); });
  call("create_time", [&] { p.create_time(); });
  // Evaluate before CHECK: inside CHECK an access_denied would be reported as a failure
  // instead of reaching `call`.
  call("status", [&] {
    std::string st = p.status();
    CHECK(st != "?");
  });
  call("cwd", [&] { p.cwd(); });
  call("username", [&] { p.username(); });
  call("uids", [&] { p.uids(); });
  call("gids", [&] { p.gids(); });
  call("terminal", [&] { p.terminal(); });
  call("io_counters", [&] { p.io_counters(); });
  call("num_ctx_switches", [&] { p.num_ctx_switches(); });
  call("num_fds", [&] {
    int n = p.num_fds();
    CHECK(n >= 0);
  });
  call("num_threads", [&] {
    int n = p.num_threads();
    CHECK(n >= 1);
  });
  call("threads", [&] { p.threads(); });
  call("cpu_times", [&] { p.cpu_times(); });
  call("cpu_num", [&] { p.cpu_num(); });
  call("memory_info", [&] { p.memory_info(); });
  call("page_faults", [&] { p.page_faults(); });
  return ok;
}

}  // namespace

TEST_CASE("odd names set with prctl(PR_SET_NAME)") {
  const std::vector<std::string> names = {"a b",          "x)y (z", "new\nline",
                                          "\xff\xfe bad", ") ) )",  "abcdefghijklmnopq"};
  for (const auto& n : names) {
    child c = named_child(n);
    INFO("name: " << n);
    REQUIRE(test::wait_until([&] { return test::proc_state(c.pid()) == 'S'; }));
    psinfo::process p(c.pid());
    std::string comm = comm_of(c.pid());
    CHECK(comm == n.substr(0, 15));
    // 15 bytes: cmdline[0] is this test's path, whose basename does not start with it
    CHECK(p.name() == comm);
    CHECK(p.ppid() == getpid());
    CHECK(p.status() == "sleeping");
    CHECK(p.num_threads() == 1);
    CHECK(p.uids().real == static_cast<long>(getuid()));
    // The bulk snapshot parses the same stat line.
    auto snap = psinfo::process_iter(psinfo::attr::name | psinfo::attr::ppid);
    auto it = std::find_if(snap.begin(), snap.end(),
                           [&](const psinfo::process_info_t& i) { return i.pid == c.pid(); });
    REQUIRE(it != snap.end());
    CHECK(*it->name == comm);
    CHECK(*it->ppid == getpid());
  }
}

TEST_CASE("exec'd argv: long name, non-UTF-8 bytes, spaces; compared with /proc and ps") {
  test::temp_dir d;
  std::string longpath = copy_sleep(d, "averyveryverylongname");
  child c = child::exec(longpath, {longpath, "1000"});
  REQUIRE(test::wait_until([&] { return test::proc_state(c.pid()) == 'S'; }));
  psinfo::process p(c.pid());
  CHECK(comm_of(c.pid()) == "averyveryverylo");
  CHECK(p.name() == "averyveryverylongname");  // psutil's long-name rule
  CHECK(p.cmdline() == std::vector<std::string>{longpath, "1000"});
  CHECK(p.exe() == longpath);

  std::string odd =
      "sl\xff"
      "eep \xfe x)";
  child c2 = child::exec("/bin/sleep", {odd, "1001", "1"});
  REQUIRE(test::wait_until([&] { return test::proc_state(c2.pid()) == 'S'; }));
  psinfo::process p2(c2.pid());
  CHECK(p2.cmdline() == std::vector<std::string>{odd, "1001", "1"});
  CHECK(p2.cmdline() == split_nul(read_text("/proc/" + std::to_string(c2.pid()) + "/cmdline")));
  CHECK(p2.name() == "sleep");
  CHECK(p2.exe() == readlink_str("/proc/" + std::to_string(c2.pid()) + "/exe"));

  // ps -o pid,ppid,stat,comm,args,rss,vsz,nlwp
  std::string ps =
      test::run("ps -o pid=,ppid=,stat=,rss=,vsz=,nlwp=,comm= -p " + std::to_string(c.pid()));
  std::istringstream in(ps);
  long pid, ppid, rss, vsz, nlwp;
  std::string stat, comm;
  in >> pid >> ppid >> stat >> rss >> vsz >> nlwp >> comm;
  CHECK(pid == c.pid());
  CHECK(ppid == p.ppid());
  CHECK(stat[0] == 'S');
  CHECK(p.status() == "sleeping");
  CHECK(nlwp == p.num_threads());
  CHECK(comm == "averyveryverylo");
  auto mi = p.memory_info();
  CHECK(static_cast<long>(mi.vms / 1024) == vsz);
  CHECK(static_cast<long>(mi.rss / 1024) == rss);  // a sleeping child: rss does not move
  std::string args = trim(test::run("ps -o args= -p " + std::to_string(c.pid())));
  CHECK(args == longpath + " 1000");
  std::string user = trim(test::run("ps -o ruser= -p " + std::to_string(c.pid())));
  CHECK(p.username() == user);
}

TEST_CASE("methods compared with /proc/<pid>/status and other files read directly") {
  child c =
      child::exec("/bin/sleep", {"sleep", "1000"},
                  std::vector<std::string>{"PSINFO_TEST_ENV=x=1 y", "=skipped", "B="}, "/tmp");
  pid_t pid = c.pid();
  // asleep: rss and the counters no longer move
  REQUIRE(test::wait_until([&] { return test::proc_state(pid) == 'S'; }));
  psinfo::process p(pid);
  std::string base = "/proc/" + std::to_string(pid);
  CHECK(std::to_string(p.ppid()) == status_field(pid, "PPid"));
  std::istringstream uid(status_field(pid, "Uid")), gid(status_field(pid, "Gid"));
  long r, e, s;
  uid >> r >> e >> s;
  auto u = p.uids();
  CHECK(u.real == r);
  CHECK(u.effective == e);
  CHECK(u.saved == s);
  gid >> r >> e >> s;
  auto g = p.gids();
  CHECK(g.real == r);
  CHECK(g.effective == e);
  CHECK(g.saved == s);
  CHECK(std::to_string(p.num_threads()) == status_field(pid, "Threads"));
  auto cs = p.num_ctx_switches();
  CHECK(std::to_string(cs.voluntary) == status_field(pid, "voluntary_ctxt_switches"));
  CHECK(std::to_string(cs.involuntary) == status_field(pid, "nonvoluntary_ctxt_switches"));
  std::string vmrss = status_field(pid, "VmRSS");  // "1234 kB"
  CHECK(std::to_string(p.memory_info().rss / 1024) + " kB" == vmrss);
  CHECK(p.environ() == std::map<std::string, std::string>{{"PSINFO_TEST_ENV", "x=1 y"}, {"B", ""}});
  CHECK(p.cwd() == "/tmp");
  CHECK(p.num_fds() == static_cast<int>(list_names(base + "/fd").size()));
  auto io = p.io_counters();
  std::string iotext = read_text(base + "/io");
  CHECK(iotext.find("syscr: " + std::to_string(io.read_count) + "\n") != std::string::npos);
  CHECK(iotext.find("rchar: " + std::to_string(*io.read_chars) + "\n") != std::string::npos);
  // create_time: within a few seconds of now (started just above)
  CHECK(std::abs(p.create_time() - static_cast<double>(time(nullptr))) < 30);
  // terminal, as ps sees it for this test process
  psinfo::process self(getpid());
  std::string tty = trim(test::run("ps -o tty= -p " + std::to_string(getpid())));
  auto term = self.terminal();
  if (tty == "?")
    CHECK_FALSE(term);
  else
    CHECK(term.value_or("") == "/dev/" + tty);
  CHECK(self.exe() == readlink_str("/proc/self/exe"));
  CHECK(self.cpu_num().has_value());
}

TEST_CASE("process_iter's nice (from stat) is getpriority's, as nice() says it") {
  for (int n : {7, -3}) {
    child c([n] {
      ::setpriority(PRIO_PROCESS, 0, n);
      child::idle();
    });
    const int want = ::getpriority(PRIO_PROCESS, static_cast<id_t>(c.pid()));
    if (n < 0 && want != n) continue;  // not allowed to raise the priority here
    CHECK(want == n);
    bool seen = false;
    for (const auto& info : psinfo::process_iter(psinfo::attr::pid | psinfo::attr::nice)) {
      if (info.pid != c.pid()) continue;
      seen = true;
      REQUIRE(info.nice);
      CHECK(*info.nice == want);
      CHECK(*info.nice == psinfo::process(c.pid()).nice());
    }
    CHECK(seen);
  }
}

TEST_CASE("a zombie: stat/status methods work, cmdline/exe/cwd throw zombie_process") {
  child c([] {
    child::ready();
    ::_exit(0);
  });
  REQUIRE(test::wait_until([&] { return test::proc_state(c.pid()) == 'Z'; }));
  psinfo::process p(c.pid());
  CHECK(p.status() == "zombie");
  CHECK(p.ppid() == getpid());
  CHECK(p.num_threads() == 1);
  CHECK(p.uids().real == static_cast<long>(getuid()));
  CHECK_NOTHROW(p.gids());
  CHECK_NOTHROW(p.username());
  CHECK_NOTHROW(p.num_ctx_switches());
  CHECK_NOTHROW(p.cpu_times());
  CHECK_NOTHROW(p.create_time());
  CHECK_NOTHROW(p.page_faults());
  CHECK(p.memory_info().rss == 0);
  CHECK_FALSE(p.name().empty());
  CHECK(psinfo::pid_exists(c.pid()));
  // psutil 8: ZombieProcess (5.9.4: cmdline [], exe "")
  try {
    p.cmdline();
    FAIL("cmdline of a zombie did not throw");
  } catch (const psinfo::zombie_process& z) {
    CHECK(z.pid() == c.pid());
    CHECK(z.ppid().value_or(-1) == getpid());
  }
  CHECK_THROWS_AS(p.exe(), psinfo::zombie_process);
  CHECK_THROWS_AS(p.cwd(), psinfo::zombie_process);
  CHECK(call_all(p) >= 15);
  // snapshot: the zombie is listed, without cmdline/exe
  using psinfo::attr;
  auto snap = psinfo::process_iter(attr::name | attr::status | attr::cmdline | attr::exe);
  auto it = std::find_if(snap.begin(), snap.end(),
                         [&](const psinfo::process_info_t& i) { return i.pid == c.pid(); });
  REQUIRE(it != snap.end());
  CHECK(*it->status == "zombie");
  CHECK_FALSE(it->cmdline);
  CHECK_FALSE(it->exe);
}

TEST_CASE("a stopped child") {
  child c([] { child::idle(); });
  ::kill(c.pid(), SIGSTOP);
  REQUIRE(test::wait_until([&] { return test::proc_state(c.pid()) == 'T'; }));
  psinfo::process p(c.pid());
  CHECK(p.status() == "stopped");
  std::string st = trim(test::run("ps -o stat= -p " + std::to_string(c.pid())));
  CHECK(st.substr(0, 1) == "T");
}

TEST_CASE("threads: task/ entries, sorted as strings") {
  child c([] {
    for (int i = 0; i < 11; ++i)
      std::thread([] {
        for (;;) ::pause();
      }).detach();
    child::idle();
  });
  REQUIRE(test::wait_until([&] { return status_field(c.pid(), "Threads") == "12"; }));
  psinfo::process p(c.pid());
  CHECK(p.num_threads() == 12);
  auto th = p.threads();
  REQUIRE(th.size() == 12);
  std::vector<std::string> names = list_names("/proc/" + std::to_string(c.pid()) + "/task");
  std::sort(names.begin(), names.end());
  for (size_t i = 0; i < names.size(); ++i) CHECK(std::to_string(th[i].id) == names[i]);
  CHECK(th[0].user_time >= 0);
  std::string nlwp = trim(test::run("ps -o nlwp= -p " + std::to_string(c.pid())));
  CHECK(nlwp == "12");
}

TEST_CASE("an exe deleted after exec") {
  test::temp_dir d;
  std::string path = copy_sleep(d, "del me");
  child c = child::exec(path, {path, "1000"});
  REQUIRE(test::wait_until([&] { return test::proc_state(c.pid()) == 'S'; }));
  REQUIRE(::unlink(path.c_str()) == 0);
  std::string link = readlink_str("/proc/" + std::to_string(c.pid()) + "/exe");
  CHECK(link == path + " (deleted)");
  psinfo::process p(c.pid());
  CHECK(p.exe() == path);  // psutil: the suffix dropped when that literal path does not exist
  CHECK(p.name() == "del me");
}

TEST_CASE("a PID that vanished: no_such_process") {
  child c([] { child::idle(); });
  psinfo::process p(c.pid());
  c.kill_and_reap();
  CHECK_THROWS_AS(p.ppid(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.name(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.cmdline(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.exe(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.cwd(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.environ(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.status(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.uids(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.memory_info(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.io_counters(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.num_fds(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.threads(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.cpu_times(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.terminal(), psinfo::no_such_process);
  CHECK_NOTHROW(p.create_time());  // kept from construction, as psutil
  CHECK_FALSE(psinfo::pid_exists(c.pid()));
  CHECK_THROWS_AS(psinfo::detail::proc_start_time(c.pid()), psinfo::no_such_process);
  CHECK_THROWS_AS(psinfo::process(c.pid()), psinfo::no_such_process);
}

TEST_CASE("pid_exists: TIDs are not processes; pids() is sorted and holds us") {
  std::atomic<long> tid{0};
  std::atomic<bool> stop{false};
  std::thread t([&] {
    tid = static_cast<long>(::syscall(SYS_gettid));
    while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  while (tid == 0) std::this_thread::yield();
  CHECK_FALSE(psinfo::pid_exists(tid));
  CHECK(psinfo::pid_exists(getpid()));
  CHECK(psinfo::pid_exists(1));
  CHECK_FALSE(psinfo::pid_exists(-1));
  CHECK_FALSE(psinfo::pid_exists(0));
  CHECK_FALSE(psinfo::pid_exists(static_cast<long>(INT_MAX) + 1));
  CHECK_NOTHROW(psinfo::process(tid));  // psutil accepts a TID in Process()
  stop = true;
  t.join();
  auto all = psinfo::pids();
  CHECK(std::is_sorted(all.begin(), all.end()));
  CHECK(std::binary_search(all.begin(), all.end(), static_cast<long>(getpid())));
  CHECK_FALSE(std::binary_search(all.begin(), all.end(), tid.load()));
  auto pm = psinfo::detail::ppid_map();
  CHECK(pm.at(getpid()) == static_cast<long>(getppid()));
}

TEST_CASE("oneshot: stat and statm are read once while the guard lives") {
  psinfo::process self = psinfo::process::self();
  // 60 ms of this process's CPU time (not of the wall clock: on a loaded machine 60 ms of wall
  // time can hold less than one clock tick of CPU, and the last CHECK would see no change).
  auto burn = [] {
    auto cpu_ns = [] {
      timespec ts{};
      ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
      return ts.tv_sec * 1000000000LL + ts.tv_nsec;
    };
    volatile double x = 0;
    const long long until = cpu_ns() + 60000000LL;
    while (cpu_ns() < until) x = x + 1;
  };
  {
    auto g = self.oneshot();
    auto t1 = self.cpu_times();
    burn();
    auto t2 = self.cpu_times();
    CHECK(t1.user + t1.system == t2.user + t2.system);
    auto m1 = self.memory_info();
    std::vector<char> big(64 << 20, 1);
    auto m2 = self.memory_info();
    CHECK(m1.vms == m2.vms);
    auto g2 = self.oneshot();  // nesting: no-op
    CHECK(self.cpu_times().user == t1.user);
  }
  auto t1 = self.cpu_times();
  burn();
  burn();
  auto t2 = self.cpu_times();
  CHECK(t1.user + t1.system < t2.user + t2.system);
}

// The process-wide caches (uid -> name, boot time, the CPU count of cpu_percent) and the
// one-read-per-hop parents(), from several threads while the roots are being set again (the
// caches' key); every answer must match /proc and /etc/passwd read directly. Run under TSan by
// hand: see the report of issue 6.
TEST_CASE("process-wide caches from several threads give what /proc and /etc/passwd say") {
  const uid_t uid = ::getuid();
  std::string want_user = std::to_string(uid);
  {
    std::ifstream pw("/etc/passwd");
    std::string line;
    bool found = false;
    while (!found && std::getline(pw, line)) {
      auto c1 = line.find(':'), c2 = line.find(':', c1 + 1), c3 = line.find(':', c2 + 1);
      if (c3 != std::string::npos && line.substr(c2 + 1, c3 - c2 - 1) == std::to_string(uid)) {
        want_user = line.substr(0, c1);
        found = true;
      }
    }
    if (!found) {  // not a files user (NSS): ask the C library once
      if (struct passwd* e = ::getpwuid(uid)) want_user = e->pw_name;
    }
  }
  std::vector<long> want_chain;  // the ppid links of /proc, as parents() walks them
  for (long pid = ::getpid(); pid > 1;) {
    std::string st = read_text("/proc/" + std::to_string(pid) + "/stat");
    pid = std::stol(st.substr(st.rfind(')') + 4));
    want_chain.push_back(pid);
  }
  if (!want_chain.empty() && want_chain.back() == 0) want_chain.pop_back();
  const psinfo::process self = psinfo::process::self();
  const double ctime = self.create_time();
  const std::string proc_stat = read_text("/proc/stat");
  const double btime =
      static_cast<double>(std::stoll(proc_stat.substr(proc_stat.find("\nbtime ") + 7)));
  const std::string st = read_text("/proc/self/stat");
  std::istringstream fields(st.substr(st.rfind(')') + 2));
  std::string f;
  for (int i = 0; i <= 19; ++i) fields >> f;  // starttime
  CHECK(ctime == Approx(btime + std::stod(f) / sysconf(_SC_CLK_TCK)).margin(1.0));

  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 150; ++i) {
        psinfo::process me(::getpid());
        if (me.username() != want_user) ++bad;
        if (me.create_time() != ctime) ++bad;
        std::vector<long> chain;
        for (auto& a : me.parents()) chain.push_back(a.pid());
        if (chain != want_chain) ++bad;
        double pct = me.cpu_percent();
        if (!(pct >= 0)) ++bad;
        auto snap = psinfo::process_iter(psinfo::attr::pid | psinfo::attr::username |
                                         psinfo::attr::create_time);
        for (auto& e : snap)
          if (e.pid == ::getpid() && (e.username != want_user || e.create_time != ctime)) ++bad;
      }
    });
  std::thread flip([&] {
    while (!stop) {
      psinfo::set_procfs_path("/proc/");  // the same root, a new key
      psinfo::set_sysfs_path("/sys/");
      psinfo::set_procfs_path("");
      psinfo::set_sysfs_path("");
      std::this_thread::yield();
    }
  });
  for (auto& t : threads) t.join();
  stop = true;
  flip.join();
  CHECK(bad == 0);
}

// Also run unprivileged by ctest (process_tests_unprivileged): then most of other users'
// files are denied, and only psutil's exceptions may come out.
TEST_CASE("every method on every PID of the machine returns or throws psutil's exceptions",
          "[every_pid]") {
  int procs = 0;
  for (long pid : psinfo::pids()) {
    try {
      psinfo::process p(pid);
      call_all(p);
      auto g = p.oneshot();
      call_all(p);
      ++procs;
    } catch (const psinfo::no_such_process&) {
    }
  }
  CHECK(procs > 5);
  // and the whole snapshot, every attribute of this file
  using psinfo::attr;
  attr mine = attr::ppid | attr::name | attr::exe | attr::cmdline | attr::environ |
              attr::create_time | attr::status | attr::cwd | attr::username | attr::uids |
              attr::gids | attr::terminal | attr::io_counters | attr::num_ctx_switches |
              attr::num_fds | attr::num_threads | attr::threads | attr::cpu_times | attr::cpu_num |
              attr::memory_info | attr::page_faults | attr::cpu_percent | attr::memory_percent;
  auto snap = psinfo::process_iter(mine);
  CHECK(snap.size() > 5);
  for (auto& i : snap) {
    INFO("pid " << i.pid);
    CHECK(i.status.has_value());
    CHECK(i.cpu_percent.has_value());
  }
}

TEST_CASE("snapshot: cpu_percent compares with the previous snapshot (0.0 the first time)") {
  // A child that spins: first seen -> 0.0; a later snapshot -> its CPU use since then, which
  // /proc/PID/stat's utime+stime bound (ticks read directly around the interval).
  child c([] {
    child::ready();
    for (volatile unsigned long i = 0;; ++i) {
    }
  });
  const long tck = ::sysconf(_SC_CLK_TCK);
  auto ticks = [&] {
    std::istringstream in(read_text("/proc/" + std::to_string(c.pid()) + "/stat"));
    std::string tok;
    std::vector<std::string> f;
    while (in >> tok) f.push_back(tok);
    return std::stod(f.at(13)) + std::stod(f.at(14));  // utime, stime (comm has no space)
  };
  auto pct_of = [&] {
    for (const auto& i : psinfo::process_iter(psinfo::attr::cpu_percent))
      if (i.pid == c.pid()) return i.cpu_percent;
    return std::optional<double>();
  };
  auto first = pct_of();
  REQUIRE(first.has_value());
  CHECK(*first == 0.0);
  const double t0 = ticks();
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const double t1 = ticks();
  auto second = pct_of();
  REQUIRE(second.has_value());
  // It ran t1 - t0 ticks in >= 0.4 s of the interval; the snapshot's interval is a little
  // longer than 0.4 s on each side, so allow a wide margin but not 0.
  const double seen = (t1 - t0) / static_cast<double>(tck) / 0.4 * 100.0;
  INFO("snapshot " << *second << "%, /proc " << seen << "%");
  CHECK(*second > 0.0);
  CHECK(*second >= seen * 0.5 - 5.0);
  CHECK(*second <= 100.0 * static_cast<double>(::sysconf(_SC_NPROCESSORS_ONLN)) + 1.0);
}

TEST_CASE("snapshot: values as the methods give them; vanishing processes are skipped") {
  test::temp_dir d;
  std::string path = copy_sleep(d, "snap sleep");
  child c = child::exec(path, {path, "1000", "5"});
  REQUIRE(test::wait_until([&] { return test::proc_state(c.pid()) == 'S'; }));
  using psinfo::attr;
  attr a = attr::pid | attr::name | attr::username | attr::cpu_times | attr::memory_info |
           attr::status | attr::num_threads | attr::cmdline | attr::exe | attr::ppid |
           attr::create_time | attr::uids | attr::terminal;
  auto snap = psinfo::process_iter(a);
  auto it = std::find_if(snap.begin(), snap.end(),
                         [&](const psinfo::process_info_t& i) { return i.pid == c.pid(); });
  REQUIRE(it != snap.end());
  psinfo::process p(c.pid());
  REQUIRE(it->exe);
  REQUIRE(it->cmdline);
  CHECK(*it->name == p.name());
  CHECK(*it->username == p.username());
  CHECK(*it->cmdline == p.cmdline());
  CHECK(*it->exe == path);
  CHECK(*it->ppid == getpid());
  CHECK(*it->status == "sleeping");
  CHECK(*it->num_threads == 1);
  CHECK(it->memory_info->vms == p.memory_info().vms);
  CHECK(it->uids->real == p.uids().real);
  CHECK(*it->create_time == Approx(p.create_time()).margin(1e-6));
  CHECK(it->terminal == p.terminal());
  CHECK_FALSE(it->environ);  // not asked for

  // Children that exit while scans run: never an exception, never a half-filled entry.
  std::vector<child> shortlived;
  for (int i = 0; i < 30; ++i)
    shortlived.emplace_back([i] {
      child::ready();
      ::usleep(static_cast<useconds_t>(i * 300));
      ::_exit(0);
    });
  for (int round = 0; round < 10; ++round) {
    std::vector<psinfo::process_info_t> s;
    REQUIRE_NOTHROW(s = psinfo::process_iter(a));
    for (auto& i : s) {
      CHECK(i.status.has_value());
      CHECK(i.cpu_times.has_value());
    }
  }
}
