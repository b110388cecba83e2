// The C API of include/psinfo/cpu.hpp.
#include <psinfo/psinfo.h>

#include <algorithm>
#include <array>

#include "common.hpp"

using namespace psinfo::capi;

// The published layouts: a change here breaks every compiled caller. Structs only grow at
// the end (then update these sizes and keep the old offsets).
static_assert(sizeof(psinfo_cpu_times_t) == 104, "ABI: psinfo_cpu_times_t");
static_assert(sizeof(psinfo_cpu_stats_t) == 40, "ABI: psinfo_cpu_stats_t");
static_assert(sizeof(psinfo_cpu_freq_t) == 32, "ABI: psinfo_cpu_freq_t");
static_assert(PSINFO_CPU_TIMES_MIN_SIZE == 32, "ABI: the smallest accepted sizes never change");

extern "C" {

int psinfo_cpu_times(psinfo_cpu_times_t* out) {
  return out_struct(__func__, out, [] { return psinfo::cpu_times(); });
}

int psinfo_cpu_times_percpu(psinfo_cpu_times_t** out, size_t* count, size_t elem_size) {
  return out_list(__func__, out, count, elem_size, [] { return psinfo::cpu_times_percpu(); });
}
PSINFO_CAPI_FREE(cpu_times_percpu, psinfo_cpu_times_t)

int psinfo_cpu_percent(double* out, double interval) {
  return out_value(__func__, out, [&] { return psinfo::cpu_percent(interval); });
}

int psinfo_cpu_percent_percpu(double** out, size_t* count, double interval) {
  return out_numbers(__func__, out, count, [&] { return psinfo::cpu_percent_percpu(interval); });
}
PSINFO_CAPI_FREE(cpu_percent_percpu, double)

int psinfo_cpu_times_percent(psinfo_cpu_times_t* out, double interval) {
  return out_struct(__func__, out, [&] { return psinfo::cpu_times_percent(interval); });
}

int psinfo_cpu_times_percent_percpu(psinfo_cpu_times_t** out, size_t* count, size_t elem_size,
                                    double interval) {
  return out_list(__func__, out, count, elem_size,
                  [&] { return psinfo::cpu_times_percent_percpu(interval); });
}
PSINFO_CAPI_FREE(cpu_times_percent_percpu, psinfo_cpu_times_t)

int psinfo_cpu_count(int32_t* out, int logical) {
  return out_value(
      __func__, out, [&] { return psinfo::cpu_count(logical != 0); },
      logical ? "the number of logical CPUs cannot be determined"
              : "the number of physical cores cannot be determined");
}

int psinfo_cpu_stats(psinfo_cpu_stats_t* out) {
  return out_struct(__func__, out, [] { return psinfo::cpu_stats(); });
}

int psinfo_cpu_freq(psinfo_cpu_freq_t* out) {
  return out_struct(
      __func__, out, [] { return psinfo::cpu_freq(); }, "no CPU frequency is known");
}

int psinfo_cpu_freq_percpu(psinfo_cpu_freq_t** out, size_t* count, size_t elem_size) {
  return out_list(__func__, out, count, elem_size, [] { return psinfo::cpu_freq_percpu(); });
}
PSINFO_CAPI_FREE(cpu_freq_percpu, psinfo_cpu_freq_t)

int psinfo_getloadavg(double out[3]) {
  return guard(__func__, [&] {
    not_null(out, "out");
    std::array<double, 3> a = psinfo::getloadavg();
    std::copy(a.begin(), a.end(), out);
    return 0;
  });
}

}  // extern "C"
