// Every public psinfo call (with psutil's arguments) next to its floor (the same kernel reads,
// nothing else) and, where they share the data, libstatgrab and libproc2.
//
//   bench_system [Google Benchmark flags]  benchmarks named KIND/FUNCTION, KIND one of
//                                          psinfo floor statgrab libproc2 sampler kept pread
//                                          mapfloor mapcopy (kept: the sampler into maps kept
//                                          between calls; map*: Process.environ's return value)
//   bench_system --list                    the names, one a line
//   bench_system --calls NAME N            call NAME N times (for callgrind instruction counts)
//   bench_system --check                   psinfo::sampler gives psinfo's data, fresh
//   bench_system --hold                    be the held process (bench/holder.hpp): print its
//                                          PID, hold files and sockets until stdin's EOF
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <signal.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <psinfo/psinfo.hpp>

#include "floor.hpp"
#include "holder.hpp"
#include "sampler.hpp"

#ifdef PSINFO_BENCH_STATGRAB
#include <statgrab.h>
#endif
#ifdef PSINFO_BENCH_LIBPROC2
#include <libproc2/meminfo.h>
#include <libproc2/pids.h>
#include <libproc2/stat.h>
#endif

namespace {

struct bench {
  std::string name;  // KIND/FUNCTION
  std::function<void()> fn;
};
std::vector<bench>& registry() {
  static std::vector<bench> r;
  return r;
}
void add(const std::string& kind, const std::string& fn, std::function<void()> f) {
  registry().push_back({kind + "/" + fn, std::move(f)});
}
template <class F>
void ps(const std::string& name, F f) {
  add("psinfo", name, [f] { benchmark::DoNotOptimize(f()); });
}
template <class F>
void ps_void(const std::string& name, F f) {
  add("psinfo", name, f);
}
void fl(const std::string& name, std::function<void()> f) { add("floor", name, std::move(f)); }
void fl_files(const std::string& name, std::vector<std::string> paths) {
  add("floor", name, [paths] {
    for (const auto& p : paths) benchmark::DoNotOptimize(floor_::slurp(p));
  });
}

const psinfo::attr scan_attrs = psinfo::attr::pid | psinfo::attr::name | psinfo::attr::username |
                                psinfo::attr::cpu_times | psinfo::attr::memory_info |
                                psinfo::attr::status | psinfo::attr::num_threads |
                                psinfo::attr::cmdline;

void register_system() {
  using namespace psinfo;
  ps("cpu_times", [] { return cpu_times(); });
  fl_files("cpu_times", {"/proc/stat"});
  ps("cpu_times_percpu", [] { return cpu_times_percpu(); });
  fl_files("cpu_times_percpu", {"/proc/stat"});
  ps("cpu_percent", [] { return cpu_percent(); });
  fl_files("cpu_percent", {"/proc/stat"});
  ps("cpu_percent_percpu", [] { return cpu_percent_percpu(); });
  fl_files("cpu_percent_percpu", {"/proc/stat"});
  ps("cpu_times_percent", [] { return cpu_times_percent(); });
  fl_files("cpu_times_percent", {"/proc/stat"});
  ps("cpu_times_percent_percpu", [] { return cpu_times_percent_percpu(); });
  fl_files("cpu_times_percent_percpu", {"/proc/stat"});
  ps("cpu_count", [] { return cpu_count(true); });
  fl_files("cpu_count", {"/sys/devices/system/cpu/online"});
  ps("cpu_count_physical", [] { return cpu_count(false); });
  fl("cpu_count_physical", [] { benchmark::DoNotOptimize(floor_::core_lists()); });
  ps("cpu_stats", [] { return cpu_stats(); });
  fl_files("cpu_stats", {"/proc/stat"});
  bool cpufreq = ::access("/sys/devices/system/cpu/cpufreq/policy0", F_OK) == 0;
  ps("cpu_freq", [] { return cpu_freq(); });
  ps("cpu_freq_percpu", [] { return cpu_freq_percpu(); });
  if (cpufreq) {
    std::vector<std::string> f;
    for (int i = 0, n = static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN)); i < n; ++i)
      for (const char* k : {"scaling_cur_freq", "scaling_min_freq", "scaling_max_freq"})
        f.push_back("/sys/devices/system/cpu/cpufreq/policy" + std::to_string(i) + "/" + k);
    fl_files("cpu_freq", f);
    fl_files("cpu_freq_percpu", f);
  } else {
    fl_files("cpu_freq", {"/proc/cpuinfo"});
    fl_files("cpu_freq_percpu", {"/proc/cpuinfo"});
  }
  ps("getloadavg", [] { return getloadavg(); });
  fl("getloadavg", [] {  // sysinfo(2) carries the load: cheaper than /proc/loadavg
    struct sysinfo si;
    benchmark::DoNotOptimize(::sysinfo(&si));
  });
  ps("virtual_memory", [] { return virtual_memory(); });
  fl_files("virtual_memory", {"/proc/meminfo"});
  ps("swap_memory", [] { return swap_memory(); });
  fl_files("swap_memory", {"/proc/meminfo", "/proc/vmstat"});
  ps("boot_time", [] { return boot_time(); });
  fl_files("boot_time", {"/proc/stat"});
  ps("users", [] { return users(); });
  // glibc's rule, kept by psinfo: utmpx is opened only when utmp is missing.
  fl("users", [] {
    if (floor_::slurp("/var/run/utmp") == 0)  // missing (or empty)
      benchmark::DoNotOptimize(floor_::slurp("/var/run/utmpx"));
  });
  ps("disk_partitions", [] { return disk_partitions(false); });
  // psutil's rule: /etc/mtab (a symlink to /proc/self/mounts here) when procfs is /proc.
  fl_files("disk_partitions", {"/proc/filesystems", "/etc/mtab"});
  ps("disk_partitions_all", [] { return disk_partitions(true); });
  fl_files("disk_partitions_all", {"/etc/mtab"});
  ps("disk_usage", [] { return disk_usage("/"); });
  fl("disk_usage", [] {
    struct statvfs st;
    benchmark::DoNotOptimize(::statvfs("/", &st));
  });
  // diskstats, plus one stat(2) of /sys/block/NAME per line: what tells a disk from a partition.
  auto disk_floor = [] {
    std::vector<std::string> names;
    FILE* f = std::fopen("/proc/diskstats", "re");
    char line[512], name[128];
    while (f && std::fgets(line, sizeof line, f))
      if (std::sscanf(line, "%*u %*u %127s", name) == 1) names.push_back(name);
    if (f) std::fclose(f);
    return names;
  }();
  auto disk_io_floor = [disk_floor] {
    benchmark::DoNotOptimize(floor_::slurp("/proc/diskstats"));
    for (const auto& n : disk_floor) ::access(("/sys/block/" + n).c_str(), F_OK);
  };
  ps("disk_io_counters", [] { return disk_io_counters(); });
  fl("disk_io_counters", disk_io_floor);
  ps("disk_io_counters_perdisk", [] { return disk_io_counters_perdisk(); });
  fl_files("disk_io_counters_perdisk", {"/proc/diskstats"});
  ps("net_io_counters", [] { return net_io_counters(); });
  fl_files("net_io_counters", {"/proc/net/dev"});
  ps("net_io_counters_pernic", [] { return net_io_counters_pernic(); });
  fl_files("net_io_counters_pernic", {"/proc/net/dev"});
  ps("net_if_addrs", [] { return net_if_addrs(); });
  fl("net_if_addrs", [] {
    ifaddrs* a = nullptr;
    benchmark::DoNotOptimize(::getifaddrs(&a));
    if (a) ::freeifaddrs(a);
  });
  ps("net_if_stats", [] { return net_if_stats(); });
  fl("net_if_stats", [] { benchmark::DoNotOptimize(floor_::nic_ioctls()); });
  ps("net_connections", [] { return net_connections("inet"); });
  fl("net_connections", [] {
    benchmark::DoNotOptimize(floor_::inet_diag(true, true, false));
    benchmark::DoNotOptimize(floor_::all_fd_links());
  });
  ps("net_connections_all", [] { return net_connections("all"); });
  fl("net_connections_all", [] {
    benchmark::DoNotOptimize(floor_::inet_diag(true, true, true));
    benchmark::DoNotOptimize(floor_::all_fd_links());
  });
  ps("sensors_temperatures", [] { return sensors_temperatures(); });
  fl("sensors_temperatures", [] {  // psutil's places: hwmon, coretemp under platform, thermal
    benchmark::DoNotOptimize(floor_::list("/sys/class/hwmon"));
    benchmark::DoNotOptimize(floor_::list("/sys/devices/platform"));
    benchmark::DoNotOptimize(floor_::list("/sys/class/thermal"));
  });
  ps("sensors_fans", [] { return sensors_fans(); });
  fl("sensors_fans", [] { benchmark::DoNotOptimize(floor_::list("/sys/class/hwmon")); });
  ps("sensors_battery", [] { return sensors_battery(); });
  fl("sensors_battery", [] { benchmark::DoNotOptimize(floor_::list("/sys/class/power_supply")); });
  ps("pids", [] { return pids(); });
  fl("pids", [] { benchmark::DoNotOptimize(floor_::list("/proc")); });
  ps("pid_exists", [] { return pid_exists(1); });
  fl("pid_exists", [] {
    benchmark::DoNotOptimize(::kill(1, 0));
    benchmark::DoNotOptimize(floor_::slurp("/proc/1/status"));
  });
  ps("process_iter", [] { return process_iter(scan_attrs); });
  fl("process_iter", [] { benchmark::DoNotOptimize(floor_::scan(true)); });
  ps("process_iter_bare", [] { return process_iter(); });
  fl("process_iter_bare", [] { benchmark::DoNotOptimize(floor_::scan(false)); });
  // libstatgrab's fs_stats = every mount with its usage: psinfo's partitions + disk_usage each.
  ps("fs_usage_all", [] {
    auto parts = disk_partitions(false);
    std::uint64_t s = 0;
    for (const auto& p : parts) s += disk_usage(p.mountpoint).total;
    return s;
  });
}

// The held process (bench/holder.hpp): the rows that list a process's descriptors (num_fds,
// open_files, net_connections) list its, in psinfo, the floor, psutil and the ctypes module.
// Made on first use: `--list` and the other rows start no holder.
psinfo::process& held() {
  static psinfo::process p(bench_holder::held_pid());
  return p;
}
const std::string& held_dir() {
  static const std::string d = "/proc/" + std::to_string(bench_holder::held_pid());
  return d;
}

// Process.environ's return-value floor: what returning a std::map<std::string, std::string>
// costs by itself, measured next to psinfo (bench/README.md). mapfloor/ = the floor's read, then
// the map psinfo returns built from the bytes just read out of entries already split,
// deduplicated and sorted before the benchmark (no parsing at all), by the cheapest insertion
// std::map has (descending keys each hinted at begin(): one key compare a node), then freed.
// mapcopy/ = the floor's read, then a copy of a ready map (std::map's copy constructor clones
// the tree: no compare, no rebalancing, only the nodes' and strings' allocations and copies),
// then freed.
void register_environ_floors(const std::string& path) {
  struct entry {
    std::size_t key, klen, value, vlen;  // offsets into the bytes read
  };
  static const std::string file = path;
  static std::vector<entry> sorted;  // descending keys
  static std::map<std::string, std::string> ready;
  static const std::size_t size = floor_::slurp(file);
  const std::string_view data(floor_::slurped(), size);
  // psutil's rules, written here apart from psinfo's parser: "k=v" entries up to the first
  // empty or unterminated one, k not empty, the last of a key wins.
  std::map<std::string_view, entry> last;
  for (std::size_t pos = 0;;) {
    const std::size_t nul = data.find('\0', pos);
    if (nul == std::string_view::npos || nul == pos) break;
    const std::size_t eq = data.find('=', pos);
    if (eq > pos && eq < nul)
      last[data.substr(pos, eq - pos)] = {pos, eq - pos, eq + 1, nul - eq - 1};
    pos = nul + 1;
  }
  for (auto it = last.rbegin(); it != last.rend(); ++it) sorted.push_back(it->second);
  for (const auto& [k, e] : last) ready.emplace(k, data.substr(e.value, e.vlen));
  if (ready != psinfo::process::self().environ())
    std::fprintf(stderr, "bench_system: mapfloor/mapcopy's map is not psinfo's environ()\n");
  add("mapfloor", "Process.environ", [] {
    if (floor_::slurp(file) != size) std::abort();  // the environment block is fixed
    const char* b = floor_::slurped();
    std::map<std::string, std::string> m;
    for (const entry& e : sorted)
      m.emplace_hint(m.begin(), std::piecewise_construct, std::forward_as_tuple(b + e.key, e.klen),
                     std::forward_as_tuple(b + e.value, e.vlen));
    benchmark::DoNotOptimize(m);
  });
  add("mapcopy", "Process.environ", [] {
    benchmark::DoNotOptimize(floor_::slurp(file));
    std::map<std::string, std::string> m(ready);
    benchmark::DoNotOptimize(m);
  });
}

void register_process() {
  using namespace psinfo;
  static process self = process::self();
  static const std::string me = "/proc/" + std::to_string(::getpid());
  static const long parent = static_cast<long>(::getppid());
  auto p = [](const std::string& n, auto f) { ps("Process." + n, f); };
  auto pf = [](const std::string& n, std::vector<std::string> rel) {
    for (auto& r : rel) r = me + "/" + r;
    fl_files("Process." + n, rel);
  };
  p("__init__", [] { return process(::getpid()).pid(); });
  pf("__init__", {"stat"});
  p("ppid", [] { return self.ppid(); });
  pf("ppid", {"stat"});
  p("name", [] { return self.name(); });
  pf("name", {"stat"});
  p("exe", [] { return self.exe(); });
  fl("Process.exe", [] { benchmark::DoNotOptimize(floor_::link((me + "/exe").c_str())); });
  p("cmdline", [] { return self.cmdline(); });
  pf("cmdline", {"cmdline"});
  p("environ", [] { return self.environ(); });
  pf("environ", {"environ"});
  register_environ_floors(me + "/environ");
  p("create_time", [] { return self.create_time(); });
  pf("create_time", {"stat"});
  p("status", [] { return self.status(); });
  pf("status", {"stat"});
  p("cwd", [] { return self.cwd(); });
  fl("Process.cwd", [] { benchmark::DoNotOptimize(floor_::link((me + "/cwd").c_str())); });
  p("username", [] { return self.username(); });
  pf("username", {"status"});
  p("uids", [] { return self.uids(); });
  pf("uids", {"status"});
  p("gids", [] { return self.gids(); });
  pf("gids", {"status"});
  p("terminal", [] { return self.terminal(); });
  pf("terminal", {"stat"});
  p("nice", [] { return self.nice(); });
  fl("Process.nice", [] { benchmark::DoNotOptimize(::getpriority(PRIO_PROCESS, 0)); });
  p("ionice", [] { return self.ionice(); });
  fl("Process.ionice", [] { benchmark::DoNotOptimize(::syscall(SYS_ioprio_get, 1, ::getpid())); });
  p("rlimit", [] { return self.rlimit(RLIMIT_NOFILE); });
  fl("Process.rlimit", [] {
    struct rlimit r;
    benchmark::DoNotOptimize(::prlimit(::getpid(), RLIMIT_NOFILE, nullptr, &r));
  });
  p("io_counters", [] { return self.io_counters(); });
  pf("io_counters", {"io"});
  p("num_ctx_switches", [] { return self.num_ctx_switches(); });
  pf("num_ctx_switches", {"status"});
  p("num_fds", [] { return held().num_fds(); });
  fl("Process.num_fds",
     [] { benchmark::DoNotOptimize(floor_::list((held_dir() + "/fd").c_str())); });
  p("num_threads", [] { return self.num_threads(); });
  pf("num_threads", {"status"});
  p("threads", [] { return self.threads(); });
  fl("Process.threads", [] {
    benchmark::DoNotOptimize(floor_::list((me + "/task").c_str()));
    benchmark::DoNotOptimize(floor_::slurp(me + "/task/" + std::to_string(::getpid()) + "/stat"));
  });
  p("cpu_times", [] { return self.cpu_times(); });
  pf("cpu_times", {"stat"});
  p("cpu_percent", [] { return self.cpu_percent(); });
  pf("cpu_percent", {"stat"});
  p("cpu_num", [] { return self.cpu_num(); });
  pf("cpu_num", {"stat"});
  p("cpu_affinity", [] { return self.cpu_affinity(); });
  fl("Process.cpu_affinity", [] {
    cpu_set_t s;
    benchmark::DoNotOptimize(::sched_getaffinity(::getpid(), sizeof s, &s));
  });
  p("memory_info", [] { return self.memory_info(); });
  pf("memory_info", {"statm"});
  p("memory_full_info", [] { return self.memory_full_info(); });
  pf("memory_full_info", {"statm", "smaps_rollup"});
  p("memory_percent", [] { return self.memory_percent(); });
  fl_files("Process.memory_percent", {me + "/statm", "/proc/meminfo"});
  p("memory_maps", [] { return self.memory_maps(); });
  pf("memory_maps", {"smaps"});
  p("page_faults", [] { return self.page_faults(); });
  pf("page_faults", {"stat"});
  p("open_files", [] { return held().open_files(); });
  fl("Process.open_files", [] { benchmark::DoNotOptimize(floor_::regular_files(held_dir())); });
  p("net_connections", [] { return held().net_connections(); });
  fl("Process.net_connections", [] {
    // The dumps are only needed when the process has a socket (the held one has).
    if (floor_::fd_links(held_dir(), "socket:") > 0)
      benchmark::DoNotOptimize(floor_::inet_diag(true, true, false));
  });
  p("is_running", [] { return self.is_running(); });
  pf("is_running", {"stat"});
  p("parent", [] { return self.parent(); });
  fl_files("Process.parent", {me + "/stat", "/proc/" + std::to_string(parent) + "/stat"});
  p("parents", [] { return self.parents(); });
  fl("Process.parents", [] { benchmark::DoNotOptimize(floor_::stat_chain(::getpid())); });
  p("children", [] { return self.children(); });
  fl("Process.children", [] { benchmark::DoNotOptimize(floor_::scan(false)); });
  p("oneshot_as_dict", [] { return as_dict(self); });
}

void register_peers() {
#ifdef PSINFO_BENCH_STATGRAB
  sg_init(1);
  sg_drop_privileges();
  auto sg = [](const std::string& name, auto f) {
    add("statgrab", name, [f] {
      size_t n = 0;
      benchmark::DoNotOptimize(f(&n));
    });
  };
  sg("cpu_times", sg_get_cpu_stats);
  sg("virtual_memory", sg_get_mem_stats);
  sg("swap_memory", sg_get_swap_stats);
  sg("getloadavg", sg_get_load_stats);
  sg("disk_io_counters_perdisk", sg_get_disk_io_stats);
  sg("net_io_counters_pernic", sg_get_network_io_stats);
  sg("net_if_stats", sg_get_network_iface_stats);
  sg("fs_usage_all", sg_get_fs_stats);
  sg("users", sg_get_user_stats);
  sg("process_iter", sg_get_process_stats);
#endif
#ifdef PSINFO_BENCH_LIBPROC2
  add("libproc2", "virtual_memory", [] {
    meminfo_info* info = nullptr;
    if (procps_meminfo_new(&info) < 0) return;
    for (auto item : {MEMINFO_MEM_TOTAL, MEMINFO_MEM_AVAILABLE, MEMINFO_MEM_FREE})
      benchmark::DoNotOptimize(procps_meminfo_get(info, item));
    procps_meminfo_unref(&info);
  });
  add("libproc2", "cpu_times", [] {
    stat_info* info = nullptr;
    if (procps_stat_new(&info) < 0) return;
    for (auto item : {STAT_TIC_USER, STAT_TIC_SYSTEM, STAT_TIC_IDLE})
      benchmark::DoNotOptimize(procps_stat_get(info, item));
    procps_stat_unref(&info);
  });
  add("libproc2", "cpu_times_percpu", [] {
    stat_info* info = nullptr;
    if (procps_stat_new(&info) < 0) return;
    stat_item items[] = {STAT_TIC_ID, STAT_TIC_USER, STAT_TIC_SYSTEM, STAT_TIC_IDLE};
    benchmark::DoNotOptimize(procps_stat_reap(info, STAT_REAP_CPUS_ONLY, items, 4));
    procps_stat_unref(&info);
  });
  add("libproc2", "process_iter", [] {
    pids_item items[] = {PIDS_ID_PID,      PIDS_CMD,      PIDS_ID_RUSER,    PIDS_TICS_USER,
                         PIDS_TICS_SYSTEM, PIDS_VM_RSS,   PIDS_VSIZE_BYTES, PIDS_STATE,
                         PIDS_NLWP,        PIDS_CMDLINE_V};
    pids_info* info = nullptr;
    if (procps_pids_new(&info, items, sizeof items / sizeof *items) < 0) return;
    benchmark::DoNotOptimize(procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY));
    procps_pids_unref(&info);
  });
#endif
}

void register_all() {
  register_system();
  register_process();
  register_peers();
  bench_sampler::register_rows(add);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--hold") == 0) return bench_holder::hold_main();
  register_all();
  if (argc >= 2 && std::strcmp(argv[1], "--list") == 0) {
    for (const auto& b : registry()) std::printf("%s\n", b.name.c_str());
    return 0;
  }
  if (argc >= 2 && std::strcmp(argv[1], "--check") == 0) return bench_sampler::check();
  if (argc >= 2 && std::strcmp(argv[1], "--calls") == 0) {
    if (argc < 4) return 2;
    long n = std::strtol(argv[3], nullptr, 10);
    for (const auto& b : registry())
      if (b.name == argv[2]) {
        for (long i = 0; i < n; ++i) b.fn();
        return 0;
      }
    std::fprintf(stderr, "no benchmark %s\n", argv[2]);
    return 2;
  }
  for (const auto& b : registry()) {
    auto fn = b.fn;
    benchmark::RegisterBenchmark(b.name.c_str(), [fn](benchmark::State& st) {
      for (auto _ : st) fn();
    });
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
