// The state behind cpu_percent(interval=0) and cpu_times_percent(interval=0), with the samples
// supplied by the caller: the free functions (one state per thread) take them with
// detail::cpu_times(), psinfo::sampler through its backend. Defined in src/cpu.cpp.
#pragma once

#include <psinfo/cpu.hpp>

#include <functional>
#include <optional>
#include <vector>

namespace psinfo::detail {

// One previous sample per method, as psutil keeps.
struct cpu_percent_state {
  using total_fn = std::function<cpu_times_t()>;
  using percpu_fn = std::function<std::vector<cpu_times_t>()>;

  std::optional<cpu_times_t> pct;
  std::optional<std::vector<cpu_times_t>> pct_percpu;
  std::optional<cpu_times_t> tp;
  std::optional<std::vector<cpu_times_t>> tp_percpu;

  // interval 0: compare with the previous call of the same method (the first call compares two
  // back-to-back samples); interval > 0: sample, sleep, sample. The newest sample is kept.
  // Negative or NaN: invalid_argument.
  double percent(double interval, const total_fn& sample);
  std::vector<double> percent_percpu(double interval, const percpu_fn& sample);
  cpu_times_t times_percent(double interval, const total_fn& sample);
  std::vector<cpu_times_t> times_percent_percpu(double interval, const percpu_fn& sample);
};

}  // namespace psinfo::detail
