// psutil 8's Process.memory_info_ex() and memory_footprint() on Linux: the status parser on
// hand-made text, both methods on a hand-made tree (tests/fixtures/procmem-ex: a process of a
// recent kernel, a kernel thread, an old kernel's status with a malformed line), and live on a
// /bin/sleep child and a kernel thread against /proc/PID/status and smaps_rollup read here.
#include <catch2/catch.hpp>

#include <psinfo/errors.hpp>
#include <psinfo/process.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "fixtures.hpp"
#include "linux/process_parse.hpp"

using namespace psinfo;

namespace {

constexpr std::uint64_t KB = 1024;

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// "Key: n kB" lines of a /proc file, as bytes (the other lines are skipped).
std::map<std::string, std::uint64_t> kb_lines(const std::string& text) {
  std::map<std::string, std::uint64_t> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string key, unit;
    std::uint64_t v = 0;
    if (!(ls >> key >> v >> unit) || unit != "kB" || key.empty() || key.back() != ':') continue;
    key.pop_back();
    out[key] = v * KB;
  }
  return out;
}

std::optional<std::uint64_t> get(const std::map<std::string, std::uint64_t>& m, const char* k) {
  auto it = m.find(k);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

// The status fields memory_info_ex reads, straight from the map.
void check_ex_against(const memory_info_ex_t& m, const std::map<std::string, std::uint64_t>& st) {
  CHECK(m.peak_rss == get(st, "VmHWM"));
  CHECK(m.peak_vms == get(st, "VmPeak"));
  CHECK(m.rss_anon == get(st, "RssAnon"));
  CHECK(m.rss_file == get(st, "RssFile"));
  CHECK(m.rss_shmem == get(st, "RssShmem"));
  CHECK(m.swap == get(st, "VmSwap"));
  CHECK(m.hugetlb == get(st, "HugetlbPages"));
  CHECK_FALSE(m.virtual_);
  CHECK_FALSE(m.peak_virtual);
  CHECK_FALSE(m.wired);
  CHECK_FALSE(m.compressed);
  CHECK_FALSE(m.phys_footprint);
  CHECK_FALSE(m.stack);
}

}  // namespace

TEST_CASE("parse_proc_status: memory_info_ex's lines (status_mem)") {
  const std::string full = slurp(test::own_fixture("procmem-ex/proc/5000/status"));
  detail::proc_status_fields s = detail::parse_proc_status(full, detail::status_mem);
  CHECK(s.vm_peak == 8192 * KB);
  CHECK(s.vm_hwm == 2048 * KB);
  CHECK(s.rss_anon == 700 * KB);
  CHECK(s.rss_file == 400 * KB);
  CHECK(s.rss_shmem == 100 * KB);
  CHECK(s.vm_swap == 12 * KB);
  CHECK(s.hugetlb == 4096 * KB);
  // Asked for everything: the other lines too, and the memory ones.
  detail::proc_status_fields all = detail::parse_proc_status(full);
  CHECK(all.uids->real == 1000);
  CHECK(all.ctx_switches->voluntary == 5u);
  CHECK(all.vm_hwm == 2048 * KB);
  // Without status_mem the memory lines are not read.
  CHECK_FALSE(detail::parse_proc_status(full, detail::status_ids).vm_hwm);

  // A kernel thread: no Vm*/Rss* lines at all -> every field absent (psutil: 0).
  detail::proc_status_fields k = detail::parse_proc_status(
      slurp(test::own_fixture("procmem-ex/proc/5001/status")), detail::status_mem);
  CHECK_FALSE(k.vm_peak);
  CHECK_FALSE(k.vm_hwm);
  CHECK_FALSE(k.rss_anon);
  CHECK_FALSE(k.vm_swap);
  CHECK_FALSE(k.hugetlb);

  // Lines cut short, a number that does not parse, a huge value (saturates).
  detail::proc_status_fields odd = detail::parse_proc_status(
      "VmPeak:\nVmHWM:\t x kB\nRssAnon:\t18446744073709551615 kB\nRssFile 5 kB\n"
      "VmSwap:\t7 kB\nHugetlbPages:\t0 kB\n",
      detail::status_mem);
  CHECK_FALSE(odd.vm_peak);
  CHECK_FALSE(odd.vm_hwm);
  CHECK(odd.rss_anon == UINT64_MAX);
  CHECK_FALSE(odd.rss_file);  // no ':' after the key
  CHECK(odd.vm_swap == 7 * KB);
  CHECK(odd.hugetlb == 0u);
}

TEST_CASE("memory_info_ex and memory_footprint on a hand-made tree (procmem-ex)") {
  test::fixture_root root(test::own_fixture("procmem-ex"));
  const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));

  process p(5000);
  memory_info_ex_t m = p.memory_info_ex();
  CHECK(m.info.rss == 300 * page);  // statm, as memory_info
  CHECK(m.info.vms == 1000 * page);
  CHECK(m.info.shared == 100 * page);
  CHECK(m.info.text == 5 * page);
  CHECK(m.info.data == 90 * page);
  CHECK(m.peak_rss == 2048 * KB);
  CHECK(m.peak_vms == 8192 * KB);
  CHECK(m.rss_anon == 700 * KB);
  CHECK(m.rss_file == 400 * KB);
  CHECK(m.rss_shmem == 100 * KB);
  CHECK(m.swap == 12 * KB);
  CHECK(m.hugetlb == 4096 * KB);
  {
    auto once = p.oneshot();
    CHECK(p.memory_info_ex().peak_rss == 2048 * KB);
    CHECK(p.uids().real == 1000);  // the same cached status serves both
    CHECK(p.memory_info_ex().hugetlb == 4096 * KB);
  }

  // smaps_rollup: uss = every Private_* line (Private_Hugetlb too, as psutil), pss = Pss,
  // swap = Swap (not SwapPss).
  memory_footprint_t f = p.memory_footprint();
  CHECK(f.uss == (40 + 860 + 8) * KB);
  CHECK(f.pss == 900 * KB);
  CHECK(f.swap == 12 * KB);
  memory_full_info_t full = p.memory_full_info();  // the same code path
  CHECK(full.uss == f.uss);
  CHECK(full.pss == f.pss);
  CHECK(full.swap == f.swap);

  process k(5001);  // a kernel thread
  memory_info_ex_t km = k.memory_info_ex();
  CHECK(km.info.rss == 0u);
  CHECK_FALSE(km.peak_rss);
  CHECK_FALSE(km.peak_vms);
  CHECK_FALSE(km.rss_anon);
  CHECK_FALSE(km.rss_file);
  CHECK_FALSE(km.rss_shmem);
  CHECK_FALSE(km.swap);
  CHECK_FALSE(km.hugetlb);
  CHECK_THROWS_AS(k.memory_percent("peak_rss"), invalid_argument);  // absent, not 0

  process old(5002);  // no RssAnon / HugetlbPages lines (before Linux 4.5), VmSwap malformed
  memory_info_ex_t om = old.memory_info_ex();
  CHECK(om.peak_rss == 12 * KB);
  CHECK(om.peak_vms == 4096 * KB);
  CHECK_FALSE(om.rss_anon);
  CHECK_FALSE(om.hugetlb);
  CHECK_FALSE(om.swap);

  CHECK_THROWS_AS(p.memory_percent("wired"), invalid_argument);  // macOS only
  CHECK_THROWS_AS(p.memory_percent("nope"), invalid_argument);
  CHECK_THROWS_AS(process(5003), no_such_process);
}

TEST_CASE("memory_info_ex and memory_footprint live: a sleeping child and a kernel thread") {
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::execl("/bin/sleep", "sleep", "60", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  struct reaper {
    pid_t pid;
    ~reaper() {
      if (pid <= 0) return;  // reaped below (and never kill(-1, ...))
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  } r{pid};
  const std::string dir = "/proc/" + std::to_string(pid) + "/";
  // Wait until it runs sleep and sleeps (its memory then stays put).
  for (int i = 0; i < 500; ++i) {
    std::string st = slurp(dir + "status");
    if (st.find("Name:\tsleep\n") != std::string::npos && st.find("State:\tS") != std::string::npos)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  process p(pid);
  REQUIRE(p.name() == "sleep");

  // The status lines read before and after must agree (else try again): then psinfo's must
  // be the same numbers.
  bool compared = false;
  for (int attempt = 0; attempt < 5 && !compared; ++attempt) {
    auto before = kb_lines(slurp(dir + "status"));
    memory_info_ex_t m = p.memory_info_ex();
    auto after = kb_lines(slurp(dir + "status"));
    if (before != after) continue;
    compared = true;
    check_ex_against(m, before);
    REQUIRE(m.peak_rss);  // a user process has them all on a kernel >= 4.5
    CHECK(*m.peak_rss >= *get(before, "VmRSS"));
    CHECK(m.info.rss == get(before, "VmRSS"));  // statm's resident pages = VmRSS
  }
  CHECK(compared);

  compared = false;
  for (int attempt = 0; attempt < 5 && !compared; ++attempt) {
    const std::string rollup_path = dir + "smaps_rollup";
    auto before = kb_lines(slurp(rollup_path));
    if (before.empty()) break;  // no smaps_rollup on this kernel: covered by the fixtures
    memory_footprint_t f = p.memory_footprint();
    auto after = kb_lines(slurp(rollup_path));
    if (before != after) continue;
    compared = true;
    std::uint64_t uss = 0;
    for (const auto& [k, v] : before)
      if (k.rfind("Private_", 0) == 0) uss += v;
    CHECK(f.uss == uss);
    CHECK(f.pss == get(before, "Pss"));
    CHECK(f.swap == get(before, "Swap"));
  }
  CHECK(compared);

  // A kernel thread (kthreadd, PID 2, where the container shows it): no Vm lines.
  const std::string k2 = slurp("/proc/2/status");
  if (k2.find("Kthread:\t1") != std::string::npos ||
      (!k2.empty() && k2.find("VmPeak:") == std::string::npos &&
       k2.find("PPid:\t0") != std::string::npos)) {
    memory_info_ex_t km = process(2).memory_info_ex();
    check_ex_against(km, kb_lines(k2));
    CHECK_FALSE(km.peak_rss);
  }

  // Gone: no_such_process.
  r.pid = -1;
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  CHECK_THROWS_AS(p.memory_info_ex(), no_such_process);
  CHECK_THROWS_AS(p.memory_footprint(), no_such_process);
}
