// Linux CPU: /proc/stat, /proc/cpuinfo, /sys/devices/system/cpu.
#include <psinfo/errors.hpp>

#include <sys/sysinfo.h>
#include <unistd.h>

#include <cerrno>

#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "linux/parse.hpp"
#include "linux/procfs.hpp"
#include "linux/results.hpp"
#include "paths.hpp"
#include "platform.hpp"

namespace psinfo::detail {

namespace {

std::string_view read_proc(std::string_view rel) { return read_file(proc_path(rel), scratch()); }

bool is_cpu_dir(const std::string& name) {
  return name.size() > 3 && name.compare(0, 3, "cpu") == 0 && name[3] >= '0' && name[3] <= '9';
}

// The first integer in s ("policy12" -> 12), or -1.
int first_int(std::string_view s) {
  size_t i = s.find_first_of("0123456789");
  if (i == std::string_view::npos) return -1;
  int v = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && v < (1 << 24); ++i)
    v = v * 10 + (s[i] - '0');
  return v;
}

std::optional<std::uint64_t> read_u64(const std::string& path) {
  file_buffer& buf = scratch();
  if (!try_read_file(path, buf)) return std::nullopt;
  std::string_view v = buf.view(), tok;
  if (!next_token(v, tok)) return std::nullopt;
  return to_u64(tok);
}

}  // namespace

namespace {
auto stat_path = [] { return proc_path("stat"); };
}  // namespace

cpu_times_t cpu_times() {
  const std::string_view text = read_proc("stat");
  return parse_named(stat_path, [&] { return parse_stat_cpu_total(text, clock_ticks()); });
}

std::vector<cpu_times_t> cpu_times_percpu() {
  const std::string_view text = read_proc("stat");
  return parse_named(stat_path, [&] { return parse_stat_cpu_percpu(text, clock_ticks()); });
}

// glibc's sysconf(_SC_NPROCESSORS_ONLN) reads the same `online` list; reading it here keeps
// the answer under the configurable sysfs root. Then psutil's fallbacks.
std::optional<int> cpu_count_logical() {
  file_buffer& buf = scratch();
  if (try_read_file(sys_path("devices/system/cpu/online"), buf)) {
    size_t n = parse_cpu_list(buf).size();
    if (n > 0) return static_cast<int>(n);
  }
  if (try_read_file(proc_path("cpuinfo"), buf)) {
    int n = count_cpuinfo_processors(buf);
    if (n > 0) return n;
  }
  if (try_read_file(proc_path("stat"), buf)) {
    int n = count_stat_cpus(buf);
    if (n > 0) return n;
  }
  return std::nullopt;
}

namespace {
// Distinct core_cpus_list (else thread_siblings_list) contents; else /proc/cpuinfo's
// physical id -> cpu cores.
std::optional<int> scan_physical_cores() {
  const std::string base = sys_path("devices/system/cpu");
  std::vector<std::string> cpus;
  for (std::string& name : list_dir(base))
    if (is_cpu_dir(name)) cpus.push_back(std::move(name));
  file_buffer& buf = scratch();
  for (const char* file : {"core_cpus_list", "thread_siblings_list"}) {
    std::set<std::string> distinct;
    bool any = false;
    for (const std::string& cpu : cpus) {
      if (!try_read_file(base + "/" + cpu + "/topology/" + file, buf)) continue;
      any = true;
      std::string_view v = buf.view();
      while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
      distinct.emplace(v);
    }
    if (any) {
      if (!distinct.empty()) return static_cast<int>(distinct.size());
      break;
    }
  }
  if (try_read_file(proc_path("cpuinfo"), buf)) {
    int n = count_cpuinfo_cores(buf);
    if (n > 0) return n;
  }
  return std::nullopt;
}

// The scan above reads a file per CPU for a fact that changes only when CPUs come online or go
// offline: its answer is kept with the roots it was read under (set_procfs_path and
// set_sysfs_path make new ones) and the text of <sysfs>/devices/system/cpu/online, so a call
// reads that one small file. Without an `online` file nothing is kept.
struct physical_cores_cache {
  std::mutex mu;
  std::shared_ptr<const std::string> procfs, sysfs;
  std::string online;
  std::optional<int> count;
};

physical_cores_cache& physical_cache() {
  static physical_cores_cache c;
  return c;
}
}  // namespace

std::optional<int> cpu_count_physical() {
  std::shared_ptr<const std::string> proc = procfs_root(), sys = sysfs_root();
  file_buffer& buf = scratch();
  if (!try_read_file(sys_path("devices/system/cpu/online"), buf)) return scan_physical_cores();
  physical_cores_cache& cache = physical_cache();
  {
    std::lock_guard<std::mutex> lock(cache.mu);
    if (cache.procfs == proc && cache.sysfs == sys && cache.online == buf.view())
      return cache.count;
  }
  std::string online(buf.view());  // the scan reuses buf
  std::optional<int> n = scan_physical_cores();
  // Kept only if the roots did not change during the scan.
  if (procfs_root() == proc && sysfs_root() == sys) {
    std::lock_guard<std::mutex> lock(cache.mu);
    cache.procfs = std::move(proc);
    cache.sysfs = std::move(sys);
    cache.online = std::move(online);
    cache.count = n;
  }
  return n;
}

cpu_stats_t cpu_stats() {
  const std::string path = proc_path("stat");
  return cpu_stats_from(read_file(path, scratch()), path);
}

cpu_stats_t cpu_stats_from(std::string_view stat, const std::string& path) {
  stat_counters c = parse_stat_counters(stat);
  if (!c.ctxt || !c.intr) throw error(path + ": no 'ctxt' or 'intr' line");
  cpu_stats_t s;
  s.ctx_switches = *c.ctxt;
  s.interrupts = *c.intr;
  s.soft_interrupts = c.softirq;
  return s;  // syscalls: Linux does not count them
}

// psutil 8's cpu_freq: one entry per CPU claimed by a cpufreq policy, CPUs ascending.
std::vector<cpu_freq_t> cpu_freq_percpu() {
  const std::string base = sys_path("devices/system/cpu");
  std::vector<double> cpuinfo_mhz;
  {
    file_buffer& buf = scratch();
    if (try_read_file(proc_path("cpuinfo"), buf)) cpuinfo_mhz = parse_cpuinfo_mhz(buf);
  }
  std::vector<cpu_freq_t> out;
  if (!path_exists(base + "/cpufreq/policy0") && !path_exists(base + "/cpu0/cpufreq")) {
    for (double mhz : cpuinfo_mhz) out.push_back(cpu_freq_t{mhz, std::nullopt, std::nullopt});
    return out;
  }

  std::vector<std::string> dirs;
  for (const std::string& name : list_dir(base + "/cpufreq"))
    if (name.size() > 6 && name.compare(0, 6, "policy") == 0 && name[6] >= '0' && name[6] <= '9')
      dirs.push_back(base + "/cpufreq/" + name);
  if (dirs.empty())
    for (const std::string& name : list_dir(base))
      if (is_cpu_dir(name) && path_exists(base + "/" + name + "/cpufreq"))
        dirs.push_back(base + "/" + name + "/cpufreq");

  std::map<int, std::string> dir_of_cpu;
  file_buffer& buf = scratch();
  for (const std::string& dir : dirs) {
    if (try_read_file(dir + "/affected_cpus", buf)) {
      std::string_view v = buf.view(), tok;
      while (next_token(v, tok))
        if (auto cpu = to_u64(tok)) dir_of_cpu[static_cast<int>(*cpu)] = dir;
    } else {
      int cpu = first_int(dir.substr(base.size()));
      if (cpu >= 0) dir_of_cpu[cpu] = dir;
    }
  }

  const bool use_cpuinfo = dir_of_cpu.size() == cpuinfo_mhz.size();
  size_t i = 0;
  for (const auto& [cpu, dir] : dir_of_cpu) {
    double khz;
    if (use_cpuinfo) {
      khz = std::trunc(cpuinfo_mhz[i] * 1000);
    } else if (auto v = read_u64(dir + "/scaling_cur_freq")) {
      khz = static_cast<double>(*v);
    } else if (auto w = read_u64(dir + "/cpuinfo_cur_freq")) {
      khz = static_cast<double>(*w);
    } else {
      std::string online = base + "/cpu" + std::to_string(cpu) + "/online";
      if (try_read_file(online, buf) && buf.view() == "0\n") {
        ++i;
        continue;  // an offline CPU has no current frequency
      }
      throw not_supported("cpu_freq: no scaling_cur_freq or cpuinfo_cur_freq in " + dir);
    }
    ++i;
    cpu_freq_t f;
    f.current = khz / 1000;
    if (auto mx = read_u64(dir + "/scaling_max_freq")) f.max = static_cast<double>(*mx) / 1000;
    if (auto mn = read_u64(dir + "/scaling_min_freq")) f.min = static_cast<double>(*mn) / 1000;
    out.push_back(f);
  }
  return out;
}

// glibc's getloadavg (what psutil calls) asks sysinfo(2): the kernel's fixed-point averages,
// unrounded, in one syscall. Under a custom /proc root (a recorded tree) the text file is read.
std::array<double, 3> getloadavg() {
  if (*procfs_root() != "/proc") {
    const std::string_view text = read_proc("loadavg");
    return parse_named([] { return proc_path("loadavg"); }, [&] { return parse_loadavg(text); });
  }
  struct sysinfo si;
  if (::sysinfo(&si) != 0) throw_errno(errno, "sysinfo", "loads");
  std::array<double, 3> out;
  for (int i = 0; i < 3; ++i) out[i] = static_cast<double>(si.loads[i]) / (1 << SI_LOAD_SHIFT);
  return out;
}

}  // namespace psinfo::detail
