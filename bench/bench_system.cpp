// psinfo's system functions next to their floor: the same files opened, read and closed,
// with no parsing. The ratio psinfo/floor is how close a call is to the kernel's own cost.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <psinfo/psinfo.hpp>

namespace {

// open + read until EOF + close, into a reused buffer: what any reader of the file must pay.
void slurp(const char* path) {
  static char buf[1 << 16];
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  while (::read(fd, buf, sizeof buf) > 0) {
  }
  ::close(fd);
}

template <class F>
void run(benchmark::State& state, F f) {
  for (auto _ : state) benchmark::DoNotOptimize(f());
}

#define PSINFO_BENCH(name, expr) \
  void BM_##name(benchmark::State& s) { run(s, [] { return expr; }); } \
  BENCHMARK(BM_##name)
#define FLOOR_BENCH(name, ...)                                     \
  void BM_floor_##name(benchmark::State& s) {                      \
    for (auto _ : s) {                                             \
      for (const char* p : {__VA_ARGS__}) slurp(p);                \
    }                                                              \
  }                                                                \
  BENCHMARK(BM_floor_##name)

PSINFO_BENCH(cpu_times, psinfo::cpu_times());
FLOOR_BENCH(cpu_times, "/proc/stat");
PSINFO_BENCH(cpu_times_percpu, psinfo::cpu_times_percpu());
PSINFO_BENCH(cpu_percent, psinfo::cpu_percent());
PSINFO_BENCH(cpu_percent_percpu, psinfo::cpu_percent_percpu());
PSINFO_BENCH(cpu_times_percent, psinfo::cpu_times_percent());
PSINFO_BENCH(cpu_count_logical, psinfo::cpu_count(true));
FLOOR_BENCH(cpu_count_logical, "/sys/devices/system/cpu/online");
PSINFO_BENCH(cpu_count_physical, psinfo::cpu_count(false));
PSINFO_BENCH(cpu_stats, psinfo::cpu_stats());
FLOOR_BENCH(cpu_stats, "/proc/stat");
PSINFO_BENCH(cpu_freq, psinfo::cpu_freq());
PSINFO_BENCH(cpu_freq_percpu, psinfo::cpu_freq_percpu());
PSINFO_BENCH(getloadavg, psinfo::getloadavg());
FLOOR_BENCH(getloadavg, "/proc/loadavg");
PSINFO_BENCH(virtual_memory, psinfo::virtual_memory());
FLOOR_BENCH(virtual_memory, "/proc/meminfo");
PSINFO_BENCH(swap_memory, psinfo::swap_memory());
FLOOR_BENCH(swap_memory, "/proc/meminfo", "/proc/vmstat");
PSINFO_BENCH(boot_time, psinfo::boot_time());
PSINFO_BENCH(users, psinfo::users());
PSINFO_BENCH(disk_partitions, psinfo::disk_partitions(false));
FLOOR_BENCH(disk_partitions, "/etc/mtab", "/proc/filesystems");
PSINFO_BENCH(disk_partitions_all, psinfo::disk_partitions(true));
FLOOR_BENCH(disk_partitions_all, "/etc/mtab");
PSINFO_BENCH(disk_usage, psinfo::disk_usage("/"));
void BM_floor_disk_usage(benchmark::State& s) {
  struct statvfs st;
  for (auto _ : s) benchmark::DoNotOptimize(::statvfs("/", &st));
}
BENCHMARK(BM_floor_disk_usage);
PSINFO_BENCH(disk_io_counters, psinfo::disk_io_counters());
PSINFO_BENCH(disk_io_counters_perdisk, psinfo::disk_io_counters_perdisk());
FLOOR_BENCH(disk_io_counters_perdisk, "/proc/diskstats");
PSINFO_BENCH(net_io_counters, psinfo::net_io_counters());
FLOOR_BENCH(net_io_counters, "/proc/net/dev");
PSINFO_BENCH(net_io_counters_pernic, psinfo::net_io_counters_pernic());
PSINFO_BENCH(net_if_addrs, psinfo::net_if_addrs());
PSINFO_BENCH(net_if_stats, psinfo::net_if_stats());
PSINFO_BENCH(net_connections, psinfo::net_connections("inet"));
PSINFO_BENCH(net_connections_all, psinfo::net_connections("all"));
PSINFO_BENCH(sensors_temperatures, psinfo::sensors_temperatures());
PSINFO_BENCH(sensors_fans, psinfo::sensors_fans());
PSINFO_BENCH(sensors_battery, psinfo::sensors_battery());

}  // namespace

BENCHMARK_MAIN();
