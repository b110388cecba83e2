// psinfo — CPU: times, percentages, counts, statistics, frequency, load average.
#pragma once

#include <psinfo/export.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace psinfo {
inline namespace PSINFO_ABI {

// Seconds spent by the CPU(s) in each mode (psutil.cpu_times()). Also the result type of
// cpu_times_percent(), where every field is a percentage 0-100.
// user/system/idle exist everywhere; the others only where the platform has them
// (Linux: nice..guest_nice; Windows: interrupt, dpc). On Linux, guest and guest_nice are
// already included in user and nice, as the kernel counts them.
struct cpu_times_t {
  double user = 0;
  double system = 0;
  double idle = 0;
  std::optional<double> nice;
  std::optional<double> iowait;
  std::optional<double> irq;
  std::optional<double> softirq;
  std::optional<double> steal;
  std::optional<double> guest;
  std::optional<double> guest_nice;
  std::optional<double> interrupt;  // Windows
  std::optional<double> dpc;        // Windows
};

// psutil.cpu_stats(). Counters since boot.
struct cpu_stats_t {
  std::uint64_t ctx_switches = 0;
  std::uint64_t interrupts = 0;
  std::optional<std::uint64_t> soft_interrupts;  // absent where the kernel does not count them
  std::optional<std::uint64_t> syscalls;         // Linux has no such counter: absent
};

// psutil.cpu_freq(), in MHz. min/max are absent where only the current frequency is known
// (e.g. Linux without cpufreq, where /proc/cpuinfo is the source).
struct cpu_freq_t {
  double current = 0;
  std::optional<double> min;
  std::optional<double> max;
};

// psutil.cpu_times(percpu=False) / cpu_times(percpu=True).
PSINFO_API cpu_times_t cpu_times();
PSINFO_API std::vector<cpu_times_t> cpu_times_percpu();

// psutil.cpu_percent(interval). interval > 0 blocks for that many seconds and compares two
// samples; interval == 0 (psutil's None) compares with this thread's previous call (the first
// call of a thread compares two back-to-back samples, ~0.0). Negative or NaN interval:
// invalid_argument. State is per calling thread, like psutil 8; a psinfo::sampler of your own
// (psinfo/sampler.hpp) keeps a window nobody else moves.
PSINFO_API double cpu_percent(double interval = 0.0);
PSINFO_API std::vector<double> cpu_percent_percpu(double interval = 0.0);

// psutil.cpu_times_percent(interval): per-mode percentages, same sampling as cpu_percent.
PSINFO_API cpu_times_t cpu_times_percent(double interval = 0.0);
PSINFO_API std::vector<cpu_times_t> cpu_times_percent_percpu(double interval = 0.0);

// psutil.cpu_count(logical). Absent when it cannot be determined.
PSINFO_API std::optional<int> cpu_count(bool logical = true);

PSINFO_API cpu_stats_t cpu_stats();

// psutil.cpu_freq(percpu=False): absent when no frequency is known at all.
PSINFO_API std::optional<cpu_freq_t> cpu_freq();
PSINFO_API std::vector<cpu_freq_t> cpu_freq_percpu();

// psutil.getloadavg(): 1, 5 and 15 minute load averages.
PSINFO_API std::array<double, 3> getloadavg();

}  // namespace PSINFO_ABI
}  // namespace psinfo
