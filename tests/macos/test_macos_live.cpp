// The macOS backend on a real Mac, against what macOS's own tools say (sysctl(8), vm_stat(1),
// ps(1), pagesize(1)) and against what the test process knows of itself. Built and linked for
// x86_64 and arm64 by scripts/macos-check.sh (Zig on Linux), where it does not run; run it on a
// Mac with ctest -L macos.
#include <catch2/catch.hpp>

#include <psinfo/psinfo.hpp>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>

namespace {

// The output of a shell command, trailing newline dropped.
std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::uint64_t number(const std::string& cmd) { return std::stoull(run(cmd)); }

// vm_stat's count of one line ("Pages wired down:  12345.").
std::uint64_t vm_stat_pages(const std::string& key) {
  return number("vm_stat | awk -F: '/^" + key + ":/ {gsub(/[ .]/, \"\", $2); print $2}'");
}

}  // namespace

TEST_CASE("cpu counts match sysctl hw.logicalcpu / hw.physicalcpu", "[macos][live]") {
  CHECK(psinfo::cpu_count(true) == static_cast<int>(number("sysctl -n hw.logicalcpu")));
  CHECK(psinfo::cpu_count(false) == static_cast<int>(number("sysctl -n hw.physicalcpu")));
  CHECK(psinfo::cpu_times_percpu().size() == number("sysctl -n hw.logicalcpu"));
}

TEST_CASE("cpu_times grow and have macOS's fields only", "[macos][live]") {
  psinfo::cpu_times_t a = psinfo::cpu_times();
  CHECK(a.nice);
  CHECK_FALSE(a.iowait);
  CHECK_FALSE(a.irq);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  psinfo::cpu_times_t b = psinfo::cpu_times();
  CHECK(b.user + b.system + b.idle >= a.user + a.system + a.idle);
}

TEST_CASE("virtual_memory matches hw.memsize and vm_stat", "[macos][live]") {
  psinfo::virtual_memory_t m = psinfo::virtual_memory();
  CHECK(m.total == number("sysctl -n hw.memsize"));
  const std::uint64_t page = number("pagesize");
  // wired moves slowly: within 5 % of vm_stat's a moment later.
  const double wired = static_cast<double>(vm_stat_pages("Pages wired down") * page);
  REQUIRE(m.wired);
  CHECK(std::fabs(static_cast<double>(*m.wired) - wired) <= wired * 0.05);
  CHECK(m.available <= m.total);
  CHECK(m.used <= m.total);
  CHECK(m.percent >= 0);
  CHECK(m.percent <= 100);
}

TEST_CASE("swap_memory matches vm.swapusage", "[macos][live]") {
  psinfo::swap_memory_t s = psinfo::swap_memory();
  // "total = 2048.00M  used = 1022.75M  free = 1025.25M  (encrypted)"
  const double total_mb = std::stod(run("sysctl -n vm.swapusage | awk '{print $3}' | tr -d M"));
  CHECK(std::fabs(static_cast<double>(s.total) / 1048576.0 - total_mb) < 1.0);
  CHECK(s.sin);
  CHECK(s.sout);
}

TEST_CASE("boot_time matches kern.boottime", "[macos][live]") {
  // "{ sec = 1700000000, usec = 123456 } Tue Nov 14 22:13:20 2023"
  const double sec =
      static_cast<double>(number("sysctl -n kern.boottime | sed 's/.*sec = \\([0-9]*\\),.*/\\1/'"));
  CHECK(psinfo::boot_time() == sec);
}

TEST_CASE("disks: / is mounted and its usage matches statvfs", "[macos][live]") {
  bool root = false;
  for (const auto& p : psinfo::disk_partitions(true)) root = root || p.mountpoint == "/";
  CHECK(root);
  struct statvfs st;
  REQUIRE(::statvfs("/", &st) == 0);
  psinfo::disk_usage_t u = psinfo::disk_usage("/");
  CHECK(u.total == static_cast<std::uint64_t>(st.f_blocks) * st.f_frsize);
  CHECK_THROWS_AS(psinfo::disk_usage("/no/such/path"), psinfo::error);
  auto disks = psinfo::disk_io_counters_perdisk(false);
  CHECK(disks.count("disk0") == 1);
}

TEST_CASE("network: lo0 has 127.0.0.1 and counters", "[macos][live]") {
  auto addrs = psinfo::net_if_addrs();
  REQUIRE(addrs.count("lo0") == 1);
  bool v4 = false;
  for (const auto& a : addrs.at("lo0"))
    v4 = v4 || (a.family == psinfo::address_family::inet && a.address == "127.0.0.1");
  CHECK(v4);
  CHECK(psinfo::net_io_counters_pernic(false).count("lo0") == 1);
  auto stats = psinfo::net_if_stats();
  REQUIRE(stats.count("lo0") == 1);
  CHECK(stats.at("lo0").mtu == static_cast<int>(number("ifconfig lo0 | awk '/mtu/ {print $NF}'")));
  CHECK(stats.at("lo0").flags.find("loopback") != std::string::npos);
}

TEST_CASE("this process, as ps(1) and the process itself see it", "[macos][live]") {
  psinfo::process self = psinfo::process::self();
  const std::string pid = std::to_string(::getpid());
  CHECK(self.pid() == ::getpid());
  CHECK(self.ppid() == ::getppid());
  CHECK(self.uids().real == static_cast<long>(::getuid()));
  CHECK(self.gids().effective == static_cast<long>(::getegid()));
  CHECK(self.status() == "running");
  CHECK(self.name() == run("ps -o comm= -p " + pid + " | xargs basename"));
  CHECK(self.exe().find("macos_live_tests") != std::string::npos);
  CHECK(!self.cmdline().empty());
  char cwd[4096];
  REQUIRE(::getcwd(cwd, sizeof cwd));
  CHECK(self.cwd() == cwd);
  ::setenv("PSINFO_MACOS_LIVE", "yes", 1);  // too late for KERN_PROCARGS2: not there
  CHECK(self.environ().count("PSINFO_MACOS_LIVE") == 0);
  CHECK(std::fabs(self.create_time() - static_cast<double>(::time(nullptr))) <
        3600);  // started within the hour
  CHECK(self.num_threads() >= 1);
  CHECK(self.threads().size() == static_cast<std::size_t>(self.num_threads()));
  CHECK(self.num_fds() >= 3);
  CHECK(self.memory_info().rss > 0);
  CHECK(self.memory_full_info().uss > 0);
  CHECK(self.memory_full_info().uss <= self.memory_info().rss * 2);
  // psutil 8: task_info(TASK_VM_INFO) of the caller's own task, rusage's wired.
  const psinfo::memory_info_ex_t ex = self.memory_info_ex();
  REQUIRE(ex.peak_rss);
  CHECK(*ex.peak_rss >= ex.info.rss / 2);
  CHECK(ex.rss_anon);
  CHECK(ex.rss_file);
  CHECK(ex.compressed);
  CHECK(ex.phys_footprint);
  CHECK(ex.wired);
  CHECK_FALSE(ex.rss_shmem);  // Linux
  CHECK_FALSE(ex.virtual_);   // Windows
  const psinfo::memory_footprint_t fp = self.memory_footprint();
  CHECK(fp.uss > 0);
  CHECK_FALSE(fp.pss);
  CHECK_THROWS_AS(self.memory_percent("pss"), psinfo::invalid_argument);
  CHECK(self.nice() == static_cast<int>(number("ps -o nice= -p " + pid)));
  CHECK_THROWS_AS(self.io_counters(), psinfo::not_supported);
  CHECK_THROWS_AS(self.memory_maps(), psinfo::not_supported);
  CHECK_THROWS_AS(self.cpu_affinity(), psinfo::not_supported);
}

TEST_CASE("a child: found, signalled, waited for with its exit code", "[macos][live]") {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::pause();
    ::_exit(0);
  }
  psinfo::process p(child);
  CHECK(psinfo::pid_exists(child));
  auto kids = psinfo::process::self().children();
  bool found = false;
  for (const auto& k : kids) found = found || k.pid() == child;
  CHECK(found);
  CHECK_THROWS_AS(p.wait(0.0), psinfo::timeout_expired);
  p.terminate();
  CHECK(p.wait(5.0) == -SIGTERM);
  CHECK_FALSE(psinfo::pid_exists(child));
}

TEST_CASE("process_iter finds launchd and kernel_task", "[macos][live]") {
  auto all = psinfo::process_iter(psinfo::attr::name | psinfo::attr::ppid | psinfo::attr::status);
  bool launchd = false, kernel = false;
  for (const auto& i : all) {
    if (i.pid == 1) launchd = i.name == std::optional<std::string>("launchd");
    if (i.pid == 0) kernel = true;
  }
  CHECK(launchd);
  CHECK(kernel);
  CHECK(psinfo::pids().front() == 0);
}
