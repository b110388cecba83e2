// The C API of include/psinfo/sampler.hpp (psinfo_sampler_*): the same structs and lists as
// the free functions', from a sampler's results.
#include <psinfo/psinfo.h>

#include <algorithm>
#include <array>
#include <map>
#include <psinfo/sampler.hpp>
#include <string>

#include "common.hpp"

using namespace psinfo::capi;

struct psinfo_sampler_s {
  psinfo::sampler sampler;
  // Kept between calls, so that the per-device calls reuse their nodes (the fill overloads).
  std::map<std::string, psinfo::disk_io_counters_t> disks;
  std::map<std::string, psinfo::net_io_counters_t> nics;
};

namespace {

psinfo::sampler& sampler_of(psinfo_sampler_t* s) {
  not_null(s, "sampler");
  return s->sampler;
}

}  // namespace

extern "C" {

int psinfo_sampler_new(psinfo_sampler_t** out) {
  return guard(__func__, [&] {
    not_null(out, "out");
    *out = nullptr;
    *out = new psinfo_sampler_s();
    return 0;
  });
}

void psinfo_sampler_free(psinfo_sampler_t* sampler) { delete sampler; }

int psinfo_sampler_close(psinfo_sampler_t* sampler) {
  return guard(__func__, [&] {
    sampler_of(sampler).close();
    return 0;
  });
}

int psinfo_sampler_cpu_times(psinfo_cpu_times_t* out, psinfo_sampler_t* sampler) {
  return out_struct(__func__, out, [&] { return sampler_of(sampler).cpu_times(); });
}

int psinfo_sampler_cpu_times_percpu(psinfo_cpu_times_t** out, size_t* count, size_t elem_size,
                                    psinfo_sampler_t* sampler) {
  return out_list(__func__, out, count, elem_size,
                  [&] { return sampler_of(sampler).cpu_times_percpu(); });
}

int psinfo_sampler_cpu_percent(double* out, psinfo_sampler_t* sampler, double interval) {
  return out_value(__func__, out, [&] { return sampler_of(sampler).cpu_percent(interval); });
}

int psinfo_sampler_cpu_percent_percpu(double** out, size_t* count, psinfo_sampler_t* sampler,
                                      double interval) {
  return out_numbers(__func__, out, count,
                     [&] { return sampler_of(sampler).cpu_percent_percpu(interval); });
}

int psinfo_sampler_cpu_times_percent(psinfo_cpu_times_t* out, psinfo_sampler_t* sampler,
                                     double interval) {
  return out_struct(__func__, out, [&] { return sampler_of(sampler).cpu_times_percent(interval); });
}

int psinfo_sampler_cpu_times_percent_percpu(psinfo_cpu_times_t** out, size_t* count,
                                            size_t elem_size, psinfo_sampler_t* sampler,
                                            double interval) {
  return out_list(__func__, out, count, elem_size,
                  [&] { return sampler_of(sampler).cpu_times_percent_percpu(interval); });
}

int psinfo_sampler_cpu_stats(psinfo_cpu_stats_t* out, psinfo_sampler_t* sampler) {
  return out_struct(__func__, out, [&] { return sampler_of(sampler).cpu_stats(); });
}

int psinfo_sampler_getloadavg(double out[3], psinfo_sampler_t* sampler) {
  return guard(__func__, [&] {
    not_null(out, "out");
    std::array<double, 3> a = sampler_of(sampler).getloadavg();
    std::copy(a.begin(), a.end(), out);
    return 0;
  });
}

int psinfo_sampler_virtual_memory(psinfo_virtual_memory_t* out, psinfo_sampler_t* sampler) {
  return out_struct(__func__, out, [&] { return sampler_of(sampler).virtual_memory(); });
}

int psinfo_sampler_swap_memory(psinfo_swap_memory_t* out, psinfo_sampler_t* sampler) {
  return out_struct(__func__, out, [&] { return sampler_of(sampler).swap_memory(); });
}

int psinfo_sampler_disk_io_counters(psinfo_disk_io_counters_t* out, psinfo_sampler_t* sampler,
                                    int nowrap) {
  return out_struct(
      __func__, out, [&] { return sampler_of(sampler).disk_io_counters(nowrap != 0); },
      "no disk is listed");
}

// The per-device calls fill the sampler's kept map.
int psinfo_sampler_disk_io_counters_perdisk(psinfo_disk_io_counters_t** out, size_t* count,
                                            size_t elem_size, psinfo_sampler_t* sampler,
                                            int nowrap) {
  return out_list(
      __func__, out, count, elem_size, [&]() -> const auto& {
        sampler_of(sampler).disk_io_counters_perdisk(sampler->disks, nowrap != 0);
        return sampler->disks;
      });
}

int psinfo_sampler_net_io_counters(psinfo_net_io_counters_t* out, psinfo_sampler_t* sampler,
                                   int nowrap) {
  return out_struct(
      __func__, out, [&] { return sampler_of(sampler).net_io_counters(nowrap != 0); },
      "no network interface is listed");
}

int psinfo_sampler_net_io_counters_pernic(psinfo_net_io_counters_t** out, size_t* count,
                                          size_t elem_size, psinfo_sampler_t* sampler, int nowrap) {
  return out_list(
      __func__, out, count, elem_size, [&]() -> const auto& {
        sampler_of(sampler).net_io_counters_pernic(sampler->nics, nowrap != 0);
        return sampler->nics;
      });
}

int psinfo_sampler_cache_clear(psinfo_sampler_t* sampler, const char* name) {
  return guard(__func__, [&] {
    sampler_of(sampler).cache_clear(name ? name : "");
    return 0;
  });
}

}  // extern "C"
