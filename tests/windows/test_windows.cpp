// The Windows backend, run under Wine on a Linux host. Wine answers most system calls with the
// host's own numbers, so each test compares with the host's files, read through Wine's Z: drive
// (the host's /), or with facts the host recorded just before (PSINFO_HOST_FACTS, written by
// the windows_host_facts test). On a real Windows machine the host comparisons are skipped and
// only the checks that hold everywhere run.
#include <cerrno>
#include <catch2/catch.hpp>
#include <psinfo/psinfo.hpp>

// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
// clang-format on

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

bool under_wine() {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

// A host file, through Z:. Fails the test if it cannot be read.
std::string host_file(const std::string& unix_path) {
  std::ifstream in("Z:" + unix_path, std::ios::binary);
  INFO("reading host file " << unix_path);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool host_exists(const std::string& unix_path) {
  std::ifstream in("Z:" + unix_path, std::ios::binary);
  return in.good();
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

// /proc/meminfo in bytes.
std::map<std::string, double> host_meminfo() {
  std::map<std::string, double> m;
  for (const std::string& l : lines(host_file("/proc/meminfo"))) {
    std::vector<std::string> w = words(l);
    if (w.size() >= 2) m[w[0].substr(0, w[0].size() - 1)] = std::stod(w[1]) * 1024.0;
  }
  return m;
}

// The "cpu" (or "cpuN") line of /proc/stat, in seconds (USER_HZ is 100 on every Linux host
// Wine runs on): user nice system idle iowait irq softirq steal.
std::vector<std::vector<double>> host_stat_cpus() {
  std::vector<std::vector<double>> out;
  for (const std::string& l : lines(host_file("/proc/stat"))) {
    if (l.rfind("cpu", 0) != 0) continue;
    std::vector<std::string> w = words(l);
    std::vector<double> v;
    for (std::size_t i = 1; i < w.size() && i <= 8; ++i) v.push_back(std::stod(w[i]) / 100.0);
    v.resize(8, 0.0);
    out.push_back(v);
  }
  return out;
}

std::map<std::string, std::string> host_facts() {
  std::map<std::string, std::string> f;
  const char* path = std::getenv("PSINFO_HOST_FACTS");
  if (!path) return f;
  for (const std::string& l : lines(host_file(path))) {
    std::size_t eq = l.find('=');
    if (eq != std::string::npos) f[l.substr(0, eq)] = trim(l.substr(eq + 1));
  }
  return f;
}

std::set<std::string> host_nics() {
  std::set<std::string> out;
  for (const std::string& l : lines(host_file("/proc/net/dev"))) {
    std::size_t colon = l.find(':');
    if (colon == std::string::npos || l.find('|') != std::string::npos) continue;
    out.insert(trim(l.substr(0, colon)));
  }
  return out;
}

std::uint64_t host_nic_field(const std::string& nic, std::size_t field) {
  for (const std::string& l : lines(host_file("/proc/net/dev"))) {
    std::size_t colon = l.find(':');
    if (colon == std::string::npos || trim(l.substr(0, colon)) != nic) continue;
    std::vector<std::string> w = words(l.substr(colon + 1));
    REQUIRE(w.size() > field);
    return std::stoull(w[field]);
  }
  FAIL("no " << nic << " in /proc/net/dev");
  return 0;
}

}  // namespace

TEST_CASE("virtual_memory matches the host's /proc/meminfo", "[windows][memory]") {
  psinfo::virtual_memory_t vm = psinfo::virtual_memory();
  CHECK(vm.total > 0);
  CHECK(vm.available <= vm.total);
  CHECK(vm.used == vm.total - vm.available);
  CHECK(vm.free == vm.available);
  CHECK(vm.percent == Approx(100.0 * vm.used / vm.total).margin(0.051));
  CHECK_FALSE(vm.active.has_value());
  CHECK_FALSE(vm.buffers.has_value());
  CHECK_FALSE(vm.cached.has_value());
  if (!under_wine()) return;
  std::map<std::string, double> mi = host_meminfo();
  // Wine rounds to whole pages.
  CHECK(static_cast<double>(vm.total) == Approx(mi["MemTotal"]).margin(1 << 20));
  // Wine's available is MemFree + Buffers + Cached; memory moves between the reads.
  double avail = mi["MemFree"] + mi["Buffers"] + mi["Cached"];
  CHECK(static_cast<double>(vm.available) == Approx(avail).margin(0.05 * mi["MemTotal"]));
}

TEST_CASE("swap_memory matches the host's swap", "[windows][memory]") {
  psinfo::swap_memory_t s = psinfo::swap_memory();
  CHECK(s.used <= s.total);
  CHECK(s.free == s.total - s.used);
  CHECK_FALSE(s.sin.has_value());
  CHECK_FALSE(s.sout.has_value());
  if (!under_wine()) return;
  std::map<std::string, double> mi = host_meminfo();
  CHECK(static_cast<double>(s.total) == Approx(mi["SwapTotal"]).margin(1 << 20));
  double used = mi["SwapTotal"] - mi["SwapFree"];
  CHECK(static_cast<double>(s.used) == Approx(used).margin(0.05 * mi["SwapTotal"] + (1 << 20)));
}

// psutil's Windows heap_info: the CRT heap's used blocks follow malloc(), VirtualAlloc()ed memory
// counts in mmap_used, and the process has heaps (GetProcessHeaps, read back here).
TEST_CASE("heap_info follows malloc and VirtualAlloc", "[windows][memory]") {
  psinfo::heap_trim();
  const psinfo::heap_info_t before = psinfo::heap_info();
  REQUIRE(before.heap_count);
  CHECK(*before.heap_count == GetProcessHeaps(0, nullptr));
  void* volatile small[2000];
  for (void* volatile& p : small) p = std::malloc(100);
  const std::size_t big = 64u << 20;
  void* region = VirtualAlloc(nullptr, big, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  REQUIRE(region);
  const psinfo::heap_info_t during = psinfo::heap_info();
  CHECK(during.heap_used >= before.heap_used + 2000 * 100);
  CHECK(during.mmap_used >= before.mmap_used + big);
  for (void* p : small) std::free(p);
  VirtualFree(region, 0, MEM_RELEASE);
  const psinfo::heap_info_t after = psinfo::heap_info();
  CHECK(after.heap_used < during.heap_used);
  CHECK(after.mmap_used + big <= during.mmap_used);
}

TEST_CASE("cpu_count matches the host's CPUs and cores", "[windows][cpu]") {
  std::optional<int> logical = psinfo::cpu_count(true);
  std::optional<int> physical = psinfo::cpu_count(false);
  REQUIRE(logical);
  REQUIRE(physical);
  CHECK(*physical <= *logical);
  if (!under_wine()) return;
  CHECK(*logical == static_cast<int>(host_stat_cpus().size()) - 1);
  // Cores: distinct (physical id, core id) pairs of /proc/cpuinfo.
  std::set<std::pair<std::string, std::string>> cores;
  std::string phys;
  for (const std::string& l : lines(host_file("/proc/cpuinfo"))) {
    std::size_t colon = l.find(':');
    if (colon == std::string::npos) continue;
    std::string key = trim(l.substr(0, colon)), value = trim(l.substr(colon + 1));
    if (key == "physical id") phys = value;
    if (key == "core id") cores.insert({phys, value});
  }
  if (!cores.empty()) CHECK(*physical == static_cast<int>(cores.size()));
}

// Wine turns /proc/stat into Windows times: user = user + nice, idle = idle, and the kernel
// time gets system plus iowait/irq/softirq/steal. Each value must lie between the host's
// readings before and after.
TEST_CASE("cpu_times lies between two readings of the host's /proc/stat", "[windows][cpu]") {
  const double tol = 0.05;  // rounding to clock ticks on both sides
  if (!under_wine()) {
    psinfo::cpu_times_t t = psinfo::cpu_times();
    CHECK(t.user > 0);
    CHECK(t.interrupt.has_value());
    CHECK(t.dpc.has_value());
    return;
  }
  std::vector<std::vector<double>> before = host_stat_cpus();
  psinfo::cpu_times_t t = psinfo::cpu_times();
  std::vector<psinfo::cpu_times_t> per = psinfo::cpu_times_percpu();
  std::vector<std::vector<double>> after = host_stat_cpus();
  REQUIRE(per.size() == before.size() - 1);
  auto check = [&](const psinfo::cpu_times_t& c, const std::vector<double>& b,
                   const std::vector<double>& a) {
    CHECK(c.user >= b[0] + b[1] - tol);
    CHECK(c.user <= a[0] + a[1] + tol);
    CHECK(c.idle >= b[3] - tol);
    CHECK(c.idle <= a[3] + a[4] + tol);
    CHECK(c.system >= b[2] - tol);
    CHECK(c.system <= a[2] + a[4] + a[5] + a[6] + a[7] + tol);
    double sum_b = 0, sum_a = 0;
    for (int i = 0; i < 8; ++i) sum_b += b[i], sum_a += a[i];
    CHECK(c.user + c.system + c.idle >= sum_b - 4 * tol);
    CHECK(c.user + c.system + c.idle <= sum_a + 4 * tol);
    REQUIRE(c.interrupt.has_value());
    REQUIRE(c.dpc.has_value());
    CHECK_FALSE(c.nice.has_value());
    CHECK_FALSE(c.iowait.has_value());
  };
  INFO("all CPUs");
  check(t, before[0], after[0]);
  for (std::size_t i = 0; i < per.size(); ++i) {
    INFO("cpu" << i);
    check(per[i], before[i + 1], after[i + 1]);
  }
}

TEST_CASE("cpu_percent works on the Windows times", "[windows][cpu]") {
  double p = psinfo::cpu_percent(0.2);
  CHECK(p >= 0.0);
  CHECK(p <= 100.0);
  // psutil divides by max(1 s, CPU time of the interval): give it more than one second.
  psinfo::cpu_times_t tp = psinfo::cpu_times_percent(1.0);
  CHECK(tp.user + tp.system + tp.idle + tp.interrupt.value_or(0) + tp.dpc.value_or(0) ==
        Approx(100.0).margin(0.5));
}

TEST_CASE("cpu_stats has psutil's Windows fields", "[windows][cpu]") {
  psinfo::cpu_stats_t s = psinfo::cpu_stats();
  CHECK(s.syscalls.has_value());
  CHECK_FALSE(s.soft_interrupts.has_value());
  // Wine reports 0 for context switches, interrupts and system calls: nothing to compare.
}

TEST_CASE("cpu_freq is the host's frequency", "[windows][cpu]") {
  std::optional<psinfo::cpu_freq_t> f = psinfo::cpu_freq();
  if (!f) return;
  CHECK(f->current > 0);
  CHECK_FALSE(f->min.has_value());
  if (!under_wine()) return;
  // Wine takes "cpu MHz" of /proc/cpuinfo (or cpufreq's current value): within the range the
  // host's CPUs show, give or take a frequency step.
  double lo = 1e12, hi = 0;
  for (const std::string& l : lines(host_file("/proc/cpuinfo"))) {
    if (l.rfind("cpu MHz", 0) != 0) continue;
    double mhz = std::stod(l.substr(l.find(':') + 1));
    lo = std::min(lo, mhz);
    hi = std::max(hi, mhz);
  }
  if (hi > 0 && !host_exists("/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq")) {
    CHECK(f->current >= lo - 2);
    CHECK(f->current <= hi + 2);
  }
}

TEST_CASE("getloadavg: emulated from the processor queue length", "[windows][cpu]") {
  // Wine has no "\System\Processor Queue Length" counter: not_supported, never zeros.
  if (under_wine()) {
    CHECK_THROWS_AS(psinfo::getloadavg(), psinfo::not_supported);
    return;
  }
  std::array<double, 3> a = psinfo::getloadavg();
  for (double v : a) CHECK(v >= 0);
}

TEST_CASE("boot_time is the host's btime", "[windows][host]") {
  double bt = psinfo::boot_time();
  CHECK(bt > 1e9);
  if (!under_wine()) return;
  double btime = 0;
  for (const std::string& l : lines(host_file("/proc/stat")))
    if (l.rfind("btime ", 0) == 0) btime = std::stod(l.substr(6));
  REQUIRE(btime > 0);
  CHECK(bt == Approx(btime).margin(2.0));
}

TEST_CASE("users lists Windows sessions", "[windows][host]") {
  std::vector<psinfo::user_t> us = psinfo::users();
  for (const psinfo::user_t& u : us) {
    CHECK_FALSE(u.name.empty());
    CHECK_FALSE(u.host.empty());
  }
  // Wine's WTSEnumerateSessions returns no session.
  if (under_wine()) CHECK(us.empty());
}

TEST_CASE("disk_partitions lists the drive letters", "[windows][disk]") {
  std::vector<psinfo::partition_t> parts = psinfo::disk_partitions(true);
  std::set<std::string> roots;
  for (const psinfo::partition_t& p : parts) {
    CHECK(p.device == p.mountpoint);
    REQUIRE(p.mountpoint.size() == 3);
    CHECK(p.mountpoint.substr(1) == ":\\");
    CHECK_FALSE(p.opts.empty());
    roots.insert(p.mountpoint);
  }
  // Every drive GetLogicalDrives knows, and only those.
  DWORD mask = GetLogicalDrives();
  std::set<std::string> expected;
  for (int i = 0; i < 26; ++i)
    if (mask & (1u << i)) expected.insert(std::string(1, static_cast<char>('A' + i)) + ":\\");
  CHECK(roots == expected);
  std::vector<psinfo::partition_t> phys = psinfo::disk_partitions(false);
  CHECK(phys.size() <= parts.size());
  if (under_wine()) {
    // Wine's prefix has C: (its drive_c) and Z: (the host's /), both fixed disks.
    CHECK(roots.count("C:\\") == 1);
    CHECK(roots.count("Z:\\") == 1);
    for (const psinfo::partition_t& p : phys) CHECK(p.opts.find("fixed") != std::string::npos);
  }
}

TEST_CASE("disk_usage of Z:\\ is the host's statvfs of /", "[windows][disk]") {
  psinfo::disk_usage_t u = psinfo::disk_usage("C:\\");
  CHECK(u.total > 0);
  CHECK(u.used + u.free <= u.total);
  CHECK_THROWS_AS(psinfo::disk_usage("Q:\\no\\such\\dir"), psinfo::error);
  // The errno behind it, as Python's OSError gives it (psinfo_last_errno, the Python package's
  // FileNotFoundError): a missing drive or path is ENOENT.
  try {
    psinfo::disk_usage("C:\\no\\such\\dir");
    FAIL("disk_usage of a missing directory returned");
  } catch (const psinfo::error& e) {
    CHECK(e.os_errno() == ENOENT);
  }
  if (!under_wine()) return;
  std::map<std::string, std::string> facts = host_facts();
  REQUIRE(facts.count("statvfs_root"));
  std::vector<std::string> w = words(facts["statvfs_root"]);  // frsize blocks bfree bavail
  REQUIRE(w.size() == 4);
  double frsize = std::stod(w[0]), blocks = std::stod(w[1]), bfree = std::stod(w[2]),
         bavail = std::stod(w[3]);
  psinfo::disk_usage_t z = psinfo::disk_usage("Z:\\");
  CHECK(static_cast<double>(z.total) == Approx(blocks * frsize).margin(frsize));
  // Free space moves while the tests run: 1% of the disk.
  double slack = 0.01 * blocks * frsize;
  CHECK(static_cast<double>(z.free) == Approx(bavail * frsize).margin(slack));
  // used counts the root-reserved blocks or not, depending on Wine's mapping.
  CHECK(static_cast<double>(z.used) >= (blocks - bfree) * frsize - slack);
  CHECK(static_cast<double>(z.used) <= (blocks - bavail) * frsize + slack);
  CHECK(z.percent == Approx(100.0 * z.used / (z.used + z.free)).margin(0.051));
}

TEST_CASE("disk_io_counters: absent when IOCTL_DISK_PERFORMANCE fails", "[windows][disk]") {
  std::optional<psinfo::disk_io_counters_t> io = psinfo::disk_io_counters();
  // Wine does not implement IOCTL_DISK_PERFORMANCE (psutil's "diskperf off" case).
  if (under_wine()) {
    CHECK_FALSE(io.has_value());
    CHECK(psinfo::disk_io_counters_perdisk().empty());
  } else if (io) {
    CHECK_FALSE(io->busy_time.has_value());
    CHECK(io->read_time.has_value());
  }
}

TEST_CASE("net_io_counters: the host's interfaces and counters", "[windows][net]") {
  std::map<std::string, psinfo::net_io_counters_t> per = psinfo::net_io_counters_pernic(false);
  REQUIRE_FALSE(per.empty());
  if (!under_wine()) return;
  std::set<std::string> names;
  for (const auto& [name, c] : per) names.insert(name);
  CHECK(names == host_nics());
  // Counters only grow: each lies between two reads of /proc/net/dev (rx bytes, packets,
  // errs, drop = fields 0-3; tx the same at 8-11).
  std::map<std::string, std::vector<std::uint64_t>> before, after;
  auto read_dev = [&](std::map<std::string, std::vector<std::uint64_t>>& m) {
    for (const std::string& nic : names)
      for (std::size_t f : {0, 1, 2, 3, 8, 9, 10, 11}) m[nic].push_back(host_nic_field(nic, f));
  };
  read_dev(before);
  std::map<std::string, psinfo::net_io_counters_t> now = psinfo::net_io_counters_pernic(false);
  read_dev(after);
  for (const std::string& nic : names) {
    INFO("interface " << nic);
    REQUIRE(now.count(nic));
    const psinfo::net_io_counters_t& c = now[nic];
    std::uint64_t ours[] = {c.bytes_recv, c.packets_recv, c.errin,  c.dropin,
                            c.bytes_sent, c.packets_sent, c.errout, c.dropout};
    for (std::size_t i = 0; i < 8; ++i) {
      INFO("field " << i);
      CHECK(ours[i] >= before[nic][i]);
      CHECK(ours[i] <= after[nic][i]);
    }
  }
}

TEST_CASE("net_if_stats: state and MTU as the host's /sys/class/net", "[windows][net]") {
  std::map<std::string, psinfo::net_if_stats_t> stats = psinfo::net_if_stats();
  REQUIRE_FALSE(stats.empty());
  for (const auto& [name, s] : stats) {
    CHECK(s.mtu > 0);
    CHECK(s.duplex == psinfo::nic_duplex::unknown);
  }
  if (!under_wine()) return;
  for (const auto& [name, s] : stats) {
    INFO("interface " << name);
    std::string dir = "/sys/class/net/" + name + "/";
    CHECK(s.mtu == std::stoi(host_file(dir + "mtu")));
    unsigned long flags = std::stoul(trim(host_file(dir + "flags")), nullptr, 16);
    CHECK(s.isup == ((flags & 0x1) != 0));  // IFF_UP
  }
}

TEST_CASE("net_if_addrs: the host's MACs, IPv4 and IPv6 addresses", "[windows][net]") {
  std::map<std::string, std::vector<psinfo::net_if_addr_t>> addrs = psinfo::net_if_addrs();
  REQUIRE_FALSE(addrs.empty());
  if (!under_wine()) return;
  // Local IPv4 addresses: the "/32 host LOCAL" leaves of /proc/net/fib_trie.
  std::set<std::string> local4;
  std::vector<std::string> trie = lines(host_file("/proc/net/fib_trie"));
  for (std::size_t i = 1; i < trie.size(); ++i)
    if (trie[i].find("/32 host LOCAL") != std::string::npos) {
      std::vector<std::string> w = words(trie[i - 1]);
      if (!w.empty()) local4.insert(w.back());
    }
  // IPv6: /proc/net/if_inet6 (32 hex digits, ..., interface).
  std::set<std::pair<std::string, std::string>> host6, ours6;
  for (const std::string& l : lines(host_file("/proc/net/if_inet6"))) {
    std::vector<std::string> w = words(l);
    if (w.size() >= 6) host6.insert({w[5], w[0]});
  }
  for (const auto& [name, list] : addrs) {
    INFO("interface " << name);
    std::string mac = trim(host_file("/sys/class/net/" + name + "/address"));
    std::string mac_win = mac;
    std::transform(mac_win.begin(), mac_win.end(), mac_win.begin(), [](char c) {
      return c == ':' ? '-' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    });
    bool has_link = false;
    for (const psinfo::net_if_addr_t& a : list) {
      REQUIRE(a.address.has_value());
      if (a.family == psinfo::address_family::link) {
        has_link = true;
        CHECK(*a.address == mac_win);
      } else if (a.family == psinfo::address_family::inet) {
        CHECK(local4.count(*a.address) == 1);
        CHECK(a.netmask.has_value());
      } else if (a.family == psinfo::address_family::inet6) {
        in6_addr bin;
        REQUIRE(inet_pton(AF_INET6, a.address->c_str(), &bin) == 1);
        char hex[33];
        for (int i = 0; i < 16; ++i) std::snprintf(hex + 2 * i, 3, "%02x", bin.s6_addr[i]);
        ours6.insert({name, hex});
      }
    }
    if (mac.find_first_not_of("0:") != std::string::npos) CHECK(has_link);
  }
  CHECK(ours6 == host6);
}

TEST_CASE("sensors: battery as the host's, no temperatures or fans", "[windows][sensors]") {
  CHECK_THROWS_AS(psinfo::sensors_temperatures(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::sensors_fans(), psinfo::not_supported);
  std::optional<psinfo::sensors_battery_t> b = psinfo::sensors_battery();
  if (b) {
    CHECK(b->percent >= 0);
    CHECK(b->percent <= 100);
  }
  // The test hosts have no battery (a host with one would need its /sys values here).
  if (under_wine() && !host_exists("/sys/class/power_supply/BAT0/type") &&
      !host_exists("/sys/class/power_supply/BAT1/type"))
    CHECK_FALSE(b.has_value());
}

// Processes are covered by test_process.cpp; here only that the listing has us.
TEST_CASE("the Windows process list has this process", "[windows]") {
  std::vector<long> all = psinfo::pids();
  CHECK(std::binary_search(all.begin(), all.end(), static_cast<long>(GetCurrentProcessId())));
  CHECK_FALSE(psinfo::process_iter().empty());
}
