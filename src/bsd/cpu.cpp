// BSD CPU: times from the statistics clock's per-CPU tick counters, counts, statistics and
// frequencies (each BSD's sysctls: freebsd_cpu.cpp / openbsd_cpu.cpp), the load average.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <stdlib.h>

#include "bsd/bsd.hpp"

namespace psinfo::detail {

cpu_times_t cpu_times() { return bsd::cpu_times_from_ticks(bsd::cp_time(), bsd::stat_hz()); }

std::vector<cpu_times_t> cpu_times_percpu() {
  const int hz = bsd::stat_hz();
  std::vector<cpu_times_t> out;
  for (const bsd::cpu_ticks& t : bsd::cp_times()) out.push_back(bsd::cpu_times_from_ticks(t, hz));
  return out;
}

// psutil (os.cpu_count()): absent when hw.ncpu cannot be read.
std::optional<int> cpu_count_logical() {
  try {
    return bsd::ncpu();
  } catch (const error&) {
    return std::nullopt;
  }
}

std::optional<int> cpu_count_physical() { return bsd::physical_cores(); }

cpu_stats_t cpu_stats() { return bsd::cpu_stats_now(); }

std::vector<cpu_freq_t> cpu_freq_percpu() { return bsd::cpu_freqs(); }

std::array<double, 3> getloadavg() {
  double avg[3];
  if (::getloadavg(avg, 3) != 3) throw error("getloadavg: the load average is not available");
  return {avg[0], avg[1], avg[2]};
}

}  // namespace psinfo::detail
