// Process control on the test's own children: setters against the kernel (getpriority,
// ioprio_get, prlimit, /proc status) and the system's tools (ps, ionice, prlimit, taskset),
// signals against /proc/PID/stat, wait / wait_procs, the process tree against the ppid read
// directly, identity, cpu_percent against psutil, and the argument checks.
#include <catch2/catch.hpp>

#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <psinfo/process.hpp>

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <set>

#include "ctl_util.hpp"
#include "fixtures.hpp"

using namespace psinfo;
using ctl::child;

namespace {

// Kills a grandchild on scope exit while it is still the child of our unreaped child (so its
// PID cannot have been reused), leaving the reap to that child.
struct grandchild_guard {
  const child& parent;
  long pid;
  ~grandchild_guard() {
    if (pid > 0 && parent.ours() && ctl::proc_ppid(pid) == parent.pid()) ::kill(pid, SIGKILL);
  }
};

// Which process the object names is visible only through the PID; this helper makes a child
// and the matching object, waiting until the child has exec'd (its name changed) so that
// later reads see the final process.
process object_for(const child& c) {
  ctl::eventually([&] {
    auto comm = ctl::read_text("/proc/" + std::to_string(c.pid()) + "/comm");
    return comm && comm->rfind("sleep", 0) == 0;
  });
  return process(c.pid());
}

int ps_nice(long pid) {
  auto out = ctl::run("ps -o ni= -p " + std::to_string(pid));
  REQUIRE(out);
  return std::stoi(ctl::trim(*out));
}

// `ionice -p PID` -> (class, prio); util-linux prints "idle" without a prio.
std::pair<std::string, int> tool_ionice(long pid) {
  auto out = ctl::run("ionice -p " + std::to_string(pid));
  REQUIRE(out);
  std::string s = ctl::trim(*out);
  size_t colon = s.find(':');
  if (colon == std::string::npos) return {s, 0};
  return {s.substr(0, colon), std::stoi(s.substr(s.find("prio") + 4))};
}

const char* tool_class_name(ioprio_class c) {
  switch (c) {
    case ioprio_class::none:
      return "none";
    case ioprio_class::rt:
      return "realtime";
    case ioprio_class::be:
      return "best-effort";
    case ioprio_class::idle:
      return "idle";
  }
  return "?";
}

// `prlimit --pid PID --nofile` -> (soft, hard) with -1 for unlimited.
std::pair<long long, long long> tool_prlimit(long pid, const char* opt) {
  auto out = ctl::run("prlimit --pid " + std::to_string(pid) + " " + opt +
                      " --raw --noheadings -o SOFT,HARD");
  REQUIRE(out);
  std::istringstream in(*out);
  std::string a, b;
  in >> a >> b;
  auto conv = [](const std::string& s) { return s == "unlimited" ? -1LL : std::stoll(s); };
  return {conv(a), conv(b)};
}

unsigned long long tool_affinity_mask(long pid) {
  auto out = ctl::run("taskset -p " + std::to_string(pid));
  REQUIRE(out);
  std::string s = ctl::trim(*out);
  return std::stoull(s.substr(s.rfind(':') + 1), nullptr, 16);
}

unsigned long long mask_of(const std::vector<int>& cpus) {
  unsigned long long m = 0;
  for (int c : cpus) m |= 1ULL << c;
  return m;
}

std::vector<int> status_cpus_allowed(long pid) {
  auto v = ctl::status_value("/proc/" + std::to_string(pid) + "/status", "Cpus_allowed_list");
  REQUIRE(v);
  return ctl::cpu_list(*v);
}

}  // namespace

TEST_CASE("nice get/set against getpriority and ps", "[process_ctl]") {
  child c = child::sleep("30");
  process p = object_for(c);
  errno = 0;
  int kernel = getpriority(PRIO_PROCESS, static_cast<id_t>(c.pid()));
  REQUIRE(errno == 0);
  CHECK(p.nice() == kernel);
  CHECK(p.nice() == ps_nice(c.pid()));

  p.nice(7);
  CHECK(getpriority(PRIO_PROCESS, static_cast<id_t>(c.pid())) == 7);
  CHECK(ps_nice(c.pid()) == 7);
  CHECK(p.nice() == 7);
  p.nice(19);
  CHECK(ps_nice(c.pid()) == 19);
  CHECK(p.nice() == 19);
}

TEST_CASE("ionice get/set against the ionice tool", "[process_ctl]") {
  child c = child::sleep("30");
  process p = object_for(c);
  {
    ionice_t io = p.ionice();
    auto [cls, prio] = tool_ionice(c.pid());
    CHECK(cls == tool_class_name(io.ioclass));
    if (io.ioclass != ioprio_class::idle) CHECK(prio == io.value);
  }
  struct {
    ioprio_class c;
    std::optional<int> v;
  } cases[] = {{ioprio_class::be, 6},
               {ioprio_class::idle, std::nullopt},
               {ioprio_class::be, 0},
               {ioprio_class::none, 0},
               {ioprio_class::be, std::nullopt}};
  for (auto& k : cases) {
    INFO(to_string(k.c) << " " << k.v.value_or(-1));
    p.ionice(k.c, k.v);
    auto [cls, prio] = tool_ionice(c.pid());
    CHECK(cls == tool_class_name(k.c));
    ionice_t io = p.ionice();
    CHECK(io.ioclass == k.c);
    CHECK(io.value == k.v.value_or(0));
    if (k.c != ioprio_class::idle) CHECK(prio == k.v.value_or(0));
  }
  if (::geteuid() == 0) {  // the real-time class needs CAP_SYS_ADMIN
    p.ionice(ioprio_class::rt, 3);
    auto [cls, prio] = tool_ionice(c.pid());
    CHECK(cls == "realtime");
    CHECK(prio == 3);
  }

  // psutil's validation: a value with IDLE/NONE, a value outside 0..7.
  CHECK_THROWS_AS(p.ionice(ioprio_class::idle, 1), invalid_argument);
  CHECK_THROWS_AS(p.ionice(ioprio_class::none, 2), invalid_argument);
  CHECK_THROWS_AS(p.ionice(ioprio_class::be, 8), invalid_argument);
  CHECK_THROWS_AS(p.ionice(ioprio_class::be, -1), invalid_argument);
  CHECK_THROWS_AS(p.ionice(ioprio_class::rt, 8), invalid_argument);
  CHECK_THROWS_AS(p.ionice(static_cast<ioprio_class>(7), 0), invalid_argument);
  CHECK_NOTHROW(p.ionice(ioprio_class::idle, 0));
  CHECK(std::string(to_string(ioprio_class::be)) == "IOPRIO_CLASS_BE");
  CHECK(std::string(to_string(ioprio_class::idle)) == "IOPRIO_CLASS_IDLE");
}

TEST_CASE("rlimit get/set against prlimit(2) and the prlimit tool", "[process_ctl]") {
  child c = child::sleep("30");
  process p = object_for(c);
  auto kernel = [&](int res) {
    struct rlimit r {};
    REQUIRE(::prlimit(c.pid(), static_cast<__rlimit_resource>(res), nullptr, &r) == 0);
    auto conv = [](rlim_t v) { return v == RLIM_INFINITY ? -1LL : static_cast<long long>(v); };
    return std::make_pair(conv(r.rlim_cur), conv(r.rlim_max));
  };

  for (auto [res, opt] : {std::pair{RLIMIT_NOFILE, "--nofile"}, std::pair{RLIMIT_CORE, "--core"},
                          std::pair{RLIMIT_STACK, "--stack"}, std::pair{RLIMIT_AS, "--as"}}) {
    INFO(opt);
    rlimit_t r = p.rlimit(res);
    CHECK(std::make_pair(static_cast<long long>(r.soft), static_cast<long long>(r.hard)) ==
          kernel(res));
    CHECK(std::make_pair(static_cast<long long>(r.soft), static_cast<long long>(r.hard)) ==
          tool_prlimit(c.pid(), opt));
  }

  p.rlimit(RLIMIT_NOFILE, {256, 512});
  CHECK(kernel(RLIMIT_NOFILE) == std::make_pair(256LL, 512LL));
  CHECK(tool_prlimit(c.pid(), "--nofile") == std::make_pair(256LL, 512LL));
  rlimit_t r = p.rlimit(RLIMIT_NOFILE);
  CHECK(r.soft == 256);
  CHECK(r.hard == 512);

  p.rlimit(RLIMIT_CORE, {4096, rlim_infinity});
  CHECK(kernel(RLIMIT_CORE) == std::make_pair(4096LL, -1LL));
  CHECK(tool_prlimit(c.pid(), "--core") == std::make_pair(4096LL, -1LL));
  CHECK(p.rlimit(RLIMIT_CORE).hard == rlim_infinity);

  CHECK_THROWS_AS(p.rlimit(RLIMIT_NOFILE, {1024, 512}), invalid_argument);  // soft > hard
  CHECK_THROWS_AS(p.rlimit(RLIMIT_NOFILE, {-5, 512}), invalid_argument);
  CHECK_THROWS_AS(p.rlimit(9999), invalid_argument);
  CHECK(kernel(RLIMIT_NOFILE) == std::make_pair(256LL, 512LL));  // unchanged by the failures
}

TEST_CASE("cpu_affinity get/set against taskset and Cpus_allowed_list", "[process_ctl]") {
  child c = child::sleep("30");
  process p = object_for(c);
  std::vector<int> all = status_cpus_allowed(c.pid());
  REQUIRE(!all.empty());
  CHECK(p.cpu_affinity() == all);
  CHECK(mask_of(p.cpu_affinity()) == tool_affinity_mask(c.pid()));

  p.cpu_affinity({all.front()});
  CHECK(status_cpus_allowed(c.pid()) == std::vector<int>{all.front()});
  CHECK(tool_affinity_mask(c.pid()) == mask_of({all.front()}));
  CHECK(p.cpu_affinity() == std::vector<int>{all.front()});

  // Duplicates collapse, as psutil's set().
  p.cpu_affinity({all.back(), all.back()});
  CHECK(p.cpu_affinity() == std::vector<int>{all.back()});

  // [] = the eligible CPUs of the process's own Cpus_allowed_list (psutil 8 reads the full
  // "0-3,8" syntax; psutil 5.9.4 took only an "a-b" range and else every CPU).
  std::vector<int> eligible = status_cpus_allowed(c.pid());
  p.cpu_affinity({});
  CHECK(p.cpu_affinity() == eligible);
  CHECK(tool_affinity_mask(c.pid()) == mask_of(eligible));

  // Restore every CPU with taskset and check [] then gives them all.
  REQUIRE(ctl::run("taskset -p -c " + std::to_string(all.front()) + "-" +
                   std::to_string(all.back()) + " " + std::to_string(c.pid()) + " >/dev/null"));
  p.cpu_affinity({});
  CHECK(p.cpu_affinity() == all);

  // A CPU out of range or negative: invalid_argument, the mask unchanged.
  CHECK_THROWS_AS(p.cpu_affinity({100000}), invalid_argument);
  CHECK_THROWS_AS(p.cpu_affinity({-1}), invalid_argument);
  CHECK(p.cpu_affinity() == all);
}

TEST_CASE("signals: suspend, resume, terminate, kill", "[process_ctl]") {
  child c = child::sleep("30");
  process p = object_for(c);
  p.suspend();
  CHECK(ctl::eventually([&] { return ctl::proc_state(c.pid()) == 'T'; }));
  p.resume();
  CHECK(ctl::eventually([&] { return ctl::proc_state(c.pid()) == 'S'; }));
  p.terminate();
  CHECK(p.wait(10.0) == -SIGTERM);

  child k = child::sleep("30");
  process pk = object_for(k);
  pk.kill();
  CHECK(pk.wait() == -SIGKILL);

  child s = child::sleep("30");
  process ps = object_for(s);
  ps.send_signal(SIGUSR1);  // default action: terminate
  CHECK(ps.wait() == -SIGUSR1);

  child e = child::sh("exit 7");
  CHECK(process(e.pid()).wait(10.0) == 7);
  CHECK(!e.ours());  // reaped by wait
}

TEST_CASE("wait with a timeout on a sleeping child", "[process_ctl]") {
  child c = child::sleep("30");
  process p = object_for(c);
  CHECK_THROWS_AS(p.wait(0.0), timeout_expired);
  CHECK_THROWS_AS(p.wait(0.2), timeout_expired);
  CHECK(ctl::proc_state(c.pid()) == 'S');  // still running, not reaped
  CHECK_THROWS_AS(p.wait(-1.0), invalid_argument);
  CHECK_THROWS_AS(p.wait(std::nan("")), invalid_argument);
  ::kill(c.pid(), SIGKILL);
  CHECK(p.wait() == -SIGKILL);
}

TEST_CASE("wait on a non-child (a grandchild) returns absent once it is gone", "[process_ctl]") {
  child c = child::sh("/bin/sleep 1 & echo $!; wait", true);
  long g = std::stol(c.read_line());
  grandchild_guard guard{c, g};
  REQUIRE(ctl::proc_ppid(g) == c.pid());
  process pg(g);
  CHECK_THROWS_AS(pg.wait(0.05), timeout_expired);
  CHECK(pg.wait(20.0) == std::nullopt);
  // Gone: no /proc entry, or the PID names another process.
  auto st = ctl::stat_fields(g);
  CHECK((st.empty() || ctl::proc_ppid(g) != c.pid()));
  CHECK(!pg.is_running());
  CHECK(WEXITSTATUS(c.reap()) == 0);
}

TEST_CASE("wait_procs with fast and slow children and a callback", "[process_ctl]") {
  child fast = child::sh("exit 3");
  child medium = child::sleep("0.2");
  child slow = child::sleep("30");
  std::vector<process> procs{process(fast.pid()), process(medium.pid()), process(slow.pid())};
  std::vector<std::pair<long, std::optional<int>>> called;
  wait_procs_result r = wait_procs(procs, 3.0, [&](const process& p, std::optional<int> code) {
    called.emplace_back(p.pid(), code);
  });
  REQUIRE(r.gone.size() == 2);
  REQUIRE(r.alive.size() == 1);
  CHECK(r.alive[0].pid() == slow.pid());
  std::map<long, std::optional<int>> gone;
  for (auto& [p, code] : r.gone) gone[p.pid()] = code;
  CHECK(gone.at(fast.pid()) == 3);
  CHECK(gone.at(medium.pid()) == 0);
  CHECK(called.size() == 2);
  for (auto& [pid, code] : called) CHECK(gone.at(pid) == code);
  CHECK(!fast.ours());
  CHECK(!medium.ours());
  CHECK(slow.ours());

  // No timeout: returns when all are gone.
  ::kill(slow.pid(), SIGTERM);
  wait_procs_result r2 = wait_procs(std::move(r.alive));
  REQUIRE(r2.gone.size() == 1);
  CHECK(r2.gone[0].second == -SIGTERM);
  CHECK(r2.alive.empty());

  // timeout 0: one non-blocking look.
  child s2 = child::sleep("30");
  wait_procs_result r3 = wait_procs({process(s2.pid())}, 0.0);
  CHECK(r3.gone.empty());
  CHECK(r3.alive.size() == 1);
  CHECK_THROWS_AS(wait_procs({}, -1.0), invalid_argument);
}

TEST_CASE("children, parent and parents against the ppid in /proc", "[process_ctl]") {
  child c = child::sh("/bin/sleep 20 & echo $!; wait", true);
  long g = std::stol(c.read_line());
  grandchild_guard guard{c, g};
  REQUIRE(ctl::proc_ppid(g) == c.pid());
  REQUIRE(ctl::proc_ppid(c.pid()) == ::getpid());

  process self = process::self();
  CHECK(self.pid() == ::getpid());
  std::set<long> direct, all;
  for (auto& p : self.children(false)) direct.insert(p.pid());
  for (auto& p : self.children(true)) all.insert(p.pid());
  CHECK(direct.count(c.pid()) == 1);
  CHECK(direct.count(g) == 0);
  CHECK(all.count(c.pid()) == 1);
  CHECK(all.count(g) == 1);
  // Every direct child has our PID as ppid in /proc.
  for (long pid : direct) CHECK(ctl::proc_ppid(pid) == ::getpid());

  process pc(c.pid());
  auto kids = pc.children();
  REQUIRE(kids.size() == 1);
  CHECK(kids[0].pid() == g);
  CHECK(process(g).children().empty());

  auto par = process(g).parent();
  REQUIRE(par);
  CHECK(par->pid() == c.pid());
  CHECK(pc.parent()->pid() == ::getpid());

  // parents(): the ppid chain read from /proc, stopping where psutil's parent() does (the
  // lowest PID, a vanished parent, or a parent younger than its child).
  std::vector<long> expected;
  long pid = g;
  long lowest = pids().front();
  while (pid != lowest) {
    long pp = ctl::proc_ppid(pid);
    if (pp <= 0 || ctl::stat_fields(pp).empty()) break;
    if (ctl::proc_starttime(pp) > ctl::proc_starttime(pid)) break;
    expected.push_back(pp);
    pid = pp;
  }
  std::vector<long> got;
  for (auto& p : process(g).parents()) got.push_back(p.pid());
  CHECK(got == expected);
  REQUIRE(got.size() >= 2);
  CHECK(got[0] == c.pid());
  CHECK(got[1] == ::getpid());
}

TEST_CASE("identity: a gone or reused PID cannot be signalled or changed", "[process_ctl]") {
  SECTION("the process exited and was reaped") {
    child c = child::sleep("0.1");
    process p(c.pid());
    CHECK(p.is_running());
    c.reap();
    CHECK(!p.is_running());
    CHECK_THROWS_AS(p.send_signal(SIGTERM), no_such_process);
    CHECK_THROWS_AS(p.terminate(), no_such_process);
  }
  SECTION("the PID now names another process (simulated with a procfs copy)") {
    child c = child::sleep("30");
    process p = object_for(c);
    CHECK(p == process(c.pid()));
    // A /proc tree where c.pid()'s stat has another start time, as a reused PID would.
    namespace fs = std::filesystem;
    fs::path root = fs::temp_directory_path() / ("psinfo-ctl-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / std::to_string(c.pid()));
    std::string stat = *ctl::read_text("/proc/" + std::to_string(c.pid()) + "/stat");
    {
      // Replace field 22 (starttime) with a later one.
      std::vector<std::string> f = ctl::stat_fields(c.pid());
      size_t close = stat.rfind(')');
      std::string head = stat.substr(0, close + 1);
      f[19] = std::to_string(std::stoull(f[19]) + 12345);
      std::string line = head;
      for (auto& w : f) line += " " + w;
      std::ofstream(root / std::to_string(c.pid()) / "stat") << line << "\n";
      std::ofstream(root / "stat") << *ctl::read_text("/proc/stat");
    }
    {
      test::procfs_guard guard(root.string());
      CHECK(!p.is_running());
      CHECK(p != process(c.pid()));
      CHECK_THROWS_AS(p.send_signal(SIGTERM), no_such_process);
      CHECK_THROWS_AS(p.kill(), no_such_process);
      CHECK_THROWS_AS(p.nice(10), no_such_process);
      CHECK_THROWS_AS(p.ionice(ioprio_class::idle), no_such_process);
      CHECK_THROWS_AS(p.rlimit(RLIMIT_NOFILE, {64, 64}), no_such_process);
      CHECK_THROWS_AS(p.cpu_affinity({0}), no_such_process);
      CHECK_THROWS_AS(p.children(), no_such_process);
    }
    fs::remove_all(root);
    // Nothing was done to the real process.
    CHECK(c.ours());
    CHECK(ctl::proc_state(c.pid()) == 'S');
    CHECK(getpriority(PRIO_PROCESS, static_cast<id_t>(c.pid())) == 0);
    CHECK(p.is_running());
  }
}

TEST_CASE("cpu_percent of a busy child against psutil", "[process_ctl]") {
  child c = child::busy();
  process p(c.pid());
  CHECK(p.cpu_percent() == 0.0);  // the first non-blocking call: psutil's 0.0
  // psutil measures the same child over (nearly) the same 0.5 s: it says when it starts.
  std::string cmd = "/usr/bin/python3 -c 'import psutil; p=psutil.Process(" +
                    std::to_string(c.pid()) +
                    "); p.cpu_times(); print(\"ready\", flush=True); print(p.cpu_percent(0.5))'";
  FILE* py = ::popen(cmd.c_str(), "r");
  REQUIRE(py);
  char ready[64] = {}, buf[64] = {};
  bool started = std::fgets(ready, sizeof ready, py) != nullptr;
  double ours = p.cpu_percent(0.5);
  bool read = started && std::fgets(buf, sizeof buf, py) != nullptr;
  int rc = ::pclose(py);
  REQUIRE(read);
  REQUIRE(rc == 0);
  double theirs = std::strtod(buf, nullptr);
  INFO("psinfo " << ours << " psutil " << theirs);
  CHECK(std::abs(ours - theirs) <= 15.0);
  CHECK(ours > 0.0);
  CHECK(ours == std::round(ours * 10) / 10);  // rounded to one decimal
  // The non-blocking call compares with the sample the blocking one left.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(p.cpu_percent() > 0.0);

  CHECK_THROWS_AS(p.cpu_percent(-0.5), invalid_argument);
  CHECK_THROWS_AS(p.cpu_percent(std::nan("")), invalid_argument);
}

TEST_CASE("memory_percent against rss / MemTotal", "[process_ctl]") {
  child c = child::sleep("30");
  process p = object_for(c);
  auto statm = ctl::read_text("/proc/" + std::to_string(c.pid()) + "/statm");
  REQUIRE(statm);
  std::istringstream in(*statm);
  unsigned long long size = 0, resident = 0;
  in >> size >> resident;
  auto total_kb = ctl::status_value("/proc/meminfo", "MemTotal");
  REQUIRE(total_kb);
  double total = std::stod(*total_kb) * 1024;
  double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  CHECK(p.memory_percent() == Approx(resident * page / total * 100).epsilon(1e-9));
  CHECK(p.memory_percent("vms") == Approx(size * page / total * 100).epsilon(1e-9));
  CHECK_THROWS_AS(p.memory_percent("bogus"), invalid_argument);
  CHECK_THROWS_AS(p.memory_percent(""), invalid_argument);
}

TEST_CASE("invalid arguments and names", "[process_ctl]") {
  CHECK_THROWS_AS(process(-1), invalid_argument);
  CHECK_THROWS_AS(process(1L << 40), no_such_process);
  CHECK_THROWS_AS(process(static_cast<long>(std::numeric_limits<int>::max()) + 1), no_such_process);
  try {
    // A PID above the kernel's pid_max cannot exist.
    process p(4194304 + 1);
    FAIL("constructed");
  } catch (const no_such_process& e) {
    CHECK(std::string(e.what()).find("process PID not found") != std::string::npos);
  }
  CHECK_THROWS_AS(attr_from_string("bogus"), invalid_argument);
  CHECK_THROWS_AS(attr_from_string(""), invalid_argument);
  CHECK(!pid_exists(-1));
  CHECK(pid_exists(::getpid()));

  // Every name round-trips; the names are psutil's (5.9.4's as_dict names, except those
  // psutil 8 added or renamed: page_faults, net_connections for connections).
  auto names = ctl::run(
      "/usr/bin/python3 -c 'import psutil; print(\" \".join(sorted(psutil._as_dict_attrnames)))'");
  REQUIRE(names);
  std::set<std::string> theirs;
  std::istringstream in(*names);
  for (std::string w; in >> w;) theirs.insert(w);
  for (int i = 0; i < 31; ++i) {
    attr a = static_cast<attr>(1ull << i);
    std::string n = to_string(a);
    INFO(n);
    CHECK(attr_from_string(n) == a);
    if (n != "page_faults" && n != "net_connections") CHECK(theirs.count(n) == 1);
  }
  CHECK(std::string(to_string(attr::pid | attr::name)) == "?");
}

TEST_CASE("as_dict and process_iter on a child", "[process_ctl]") {
  child c = child::sleep("30");
  process p = object_for(c);
  p.nice(3);
  process_info_t d = as_dict(p, attr::ppid | attr::nice | attr::cpu_affinity | attr::ionice);
  CHECK(d.pid == c.pid());
  CHECK(d.ppid == ::getpid());
  CHECK(d.nice == 3);
  REQUIRE(d.cpu_affinity);
  CHECK(*d.cpu_affinity == status_cpus_allowed(c.pid()));
  CHECK(d.ionice.has_value());
  CHECK(!d.name);  // not asked for
  CHECK(!d.cmdline);

  std::vector<long> listed = pids();
  CHECK(std::is_sorted(listed.begin(), listed.end()));
  CHECK(std::binary_search(listed.begin(), listed.end(), static_cast<long>(c.pid())));
  bool found = false;
  for (auto& q : process_iter()) found = found || q.pid() == c.pid();
  CHECK(found);
  CHECK(pid_exists(c.pid()));

  // A process that is gone: as_dict propagates no_such_process.
  ::kill(c.pid(), SIGKILL);
  c.reap();
  CHECK_THROWS_AS(as_dict(p, attr::nice), no_such_process);
  CHECK(!pid_exists(c.pid()));
}
