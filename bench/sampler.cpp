#include "sampler.hpp"

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <string>

#include <psinfo/psinfo.hpp>

#include "floor.hpp"

namespace bench_sampler {

void register_rows(add_fn add) {
  static psinfo::sampler s;
  static int fds[5] = {-1, -1, -1, -1, -1};
  static const char* const paths[5] = {"/proc/stat", "/proc/meminfo", "/proc/diskstats",
                                       "/proc/net/dev", "/proc/vmstat"};
  static auto pread_file = [](int i) {
    if (fds[i] < 0) fds[i] = ::open(paths[i], O_RDONLY | O_CLOEXEC);
    benchmark::DoNotOptimize(floor_::pread_all(fds[i]));
  };
  // Every file kept open from the start: this process holds the same descriptors in every
  // repetition, whatever order the interleaved runs take (the rows that list descriptors list
  // the held process, bench/holder.hpp, not this one).
  for (int i = 0; i < 5; ++i) pread_file(i);
  s.swap_memory();
  s.cpu_times();
  s.disk_io_counters_perdisk();
  s.net_io_counters();
  // psutil's defaults (nowrap=True), as the psinfo/ rows of the free functions.
  add("sampler", "cpu_times", [] { benchmark::DoNotOptimize(s.cpu_times()); });
  add("sampler", "cpu_times_percpu", [] { benchmark::DoNotOptimize(s.cpu_times_percpu()); });
  add("sampler", "cpu_percent", [] { benchmark::DoNotOptimize(s.cpu_percent()); });
  add("sampler", "cpu_stats", [] { benchmark::DoNotOptimize(s.cpu_stats()); });
  add("sampler", "virtual_memory", [] { benchmark::DoNotOptimize(s.virtual_memory()); });
  add("sampler", "swap_memory", [] { benchmark::DoNotOptimize(s.swap_memory()); });
  add("sampler", "disk_io_counters_perdisk",
      [] { benchmark::DoNotOptimize(s.disk_io_counters_perdisk()); });
  add("sampler", "net_io_counters_pernic",
      [] { benchmark::DoNotOptimize(s.net_io_counters_pernic()); });
  add("sampler", "net_io_counters", [] { benchmark::DoNotOptimize(s.net_io_counters()); });
  add("sampler", "monitor_tick", [] {
    benchmark::DoNotOptimize(s.cpu_times_percpu());
    benchmark::DoNotOptimize(s.virtual_memory());
    benchmark::DoNotOptimize(s.disk_io_counters_perdisk());
    benchmark::DoNotOptimize(s.net_io_counters_pernic());
  });
  // A monitor that keeps its per-device maps from tick to tick (the fill overloads).
  static std::map<std::string, psinfo::disk_io_counters_t> kept_disks;
  static std::map<std::string, psinfo::net_io_counters_t> kept_nics;
  add("kept", "disk_io_counters_perdisk", [] {
    s.disk_io_counters_perdisk(kept_disks);
    benchmark::DoNotOptimize(kept_disks);
  });
  add("kept", "net_io_counters_pernic", [] {
    s.net_io_counters_pernic(kept_nics);
    benchmark::DoNotOptimize(kept_nics);
  });
  add("kept", "monitor_tick", [] {
    benchmark::DoNotOptimize(s.cpu_times_percpu());
    benchmark::DoNotOptimize(s.virtual_memory());
    s.disk_io_counters_perdisk(kept_disks);
    s.net_io_counters_pernic(kept_nics);
    benchmark::DoNotOptimize(kept_disks);
    benchmark::DoNotOptimize(kept_nics);
  });
  add("psinfo", "monitor_tick", [] {
    benchmark::DoNotOptimize(psinfo::cpu_times_percpu());
    benchmark::DoNotOptimize(psinfo::virtual_memory());
    benchmark::DoNotOptimize(psinfo::disk_io_counters_perdisk());
    benchmark::DoNotOptimize(psinfo::net_io_counters_pernic());
  });
  add("floor", "monitor_tick", [] {
    for (int i = 0; i < 4; ++i) benchmark::DoNotOptimize(floor_::slurp(paths[i]));
  });
  struct row {
    const char* name;
    int file;
  };
  const row rows[] = {{"cpu_times", 0},
                      {"cpu_times_percpu", 0},
                      {"cpu_percent", 0},
                      {"cpu_stats", 0},
                      {"virtual_memory", 1},
                      {"disk_io_counters_perdisk", 2},
                      {"net_io_counters_pernic", 3},
                      {"net_io_counters", 3}};
  for (const row& r : rows) {
    int i = r.file;
    add("pread", r.name, [i] { pread_file(i); });
  }
  add("pread", "swap_memory", [] {
    pread_file(1);
    pread_file(4);
  });
  add("pread", "monitor_tick", [] {
    for (int i = 0; i < 4; ++i) pread_file(i);
  });
}

int check() {
  int bad = 0;
  auto expect = [&bad](bool ok, const char* what) {
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    bad += !ok;
  };
  psinfo::sampler s;
  auto d1 = s.disk_io_counters_perdisk(false);
  auto d2 = psinfo::disk_io_counters_perdisk(false);
  bool keys = d1.size() == d2.size();
  for (const auto& kv : d2) keys = keys && d1.count(kv.first);
  expect(keys, "sampler perdisk has the disks of psinfo::disk_io_counters_perdisk");
  auto n1 = s.net_io_counters_pernic(false);
  auto n2 = psinfo::net_io_counters_pernic(false);
  expect(n1.size() == n2.size(), "sampler pernic has psinfo's NICs");
  expect(s.virtual_memory().total == psinfo::virtual_memory().total,
         "sampler virtual_memory total == psinfo's");
  auto c1 = s.cpu_times();
  ::usleep(50000);
  auto c2 = s.cpu_times();
  expect(c2.user + c2.system + c2.idle > c1.user + c1.system + c1.idle,
         "pread at offset 0 returns fresh /proc/stat (cpu times moved)");
  auto c3 = psinfo::cpu_times();
  expect(c3.idle >= c2.idle, "psinfo::cpu_times after the sampler is not older");
  std::printf("%s\n", bad ? "sampler check FAILED" : "sampler check passed");
  return bad ? 1 : 0;
}

}  // namespace bench_sampler
