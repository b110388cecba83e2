// The C API of psinfo::sampler (psinfo_sampler_*): the same conversions as the free functions'
// (capi/convert.hpp), applied to a sampler's results.
#include <psinfo/psinfo.h>

#include <psinfo/sampler.hpp>

#include <map>
#include <string>

#include "convert.hpp"

using namespace psinfo::capi;

struct psinfo_sampler_s {
  psinfo::sampler sampler;
  // Kept between calls, so that the per-device calls reuse their nodes (the fill overloads).
  std::map<std::string, psinfo::disk_io_counters_t> disks;
  std::map<std::string, psinfo::net_io_counters_t> nics;
};

extern "C" {

int psinfo_sampler_new(psinfo_sampler_t** out) {
  return guard("psinfo_sampler_new", [&] {
    not_null(out, "out");
    *out = nullptr;
    *out = new psinfo_sampler_s();
    return 0;
  });
}

void psinfo_sampler_free(psinfo_sampler_t* sampler) { delete sampler; }

int psinfo_sampler_close(psinfo_sampler_t* sampler) {
  return guard("psinfo_sampler_close", [&] {
    not_null(sampler, "sampler");
    sampler->sampler.close();
    return 0;
  });
}

int psinfo_sampler_cpu_times(psinfo_cpu_times_t* out, psinfo_sampler_t* sampler) {
  return guard("psinfo_sampler_cpu_times", [&] {
    not_null(sampler, "sampler");
    return store_one(
        out, PSINFO_CPU_TIMES_MIN_SIZE, [&] { return sampler->sampler.cpu_times(); },
        cpu_times_fields);
  });
}

int psinfo_sampler_cpu_times_percpu(psinfo_cpu_times_t** out, size_t* count, size_t elem_size,
                                    psinfo_sampler_t* sampler) {
  return guard("psinfo_sampler_cpu_times_percpu", [&] {
    check_list(out, count, elem_size, PSINFO_CPU_TIMES_MIN_SIZE);
    not_null(sampler, "sampler");
    return store_list(out, count, elem_size, sampler->sampler.cpu_times_percpu(), cpu_times_fields);
  });
}

int psinfo_sampler_cpu_percent(double* out, psinfo_sampler_t* sampler, double interval) {
  return guard("psinfo_sampler_cpu_percent", [&] {
    not_null(out, "out");
    not_null(sampler, "sampler");
    *out = sampler->sampler.cpu_percent(interval);
    return 0;
  });
}

int psinfo_sampler_cpu_percent_percpu(double** out, size_t* count, psinfo_sampler_t* sampler,
                                      double interval) {
  return guard("psinfo_sampler_cpu_percent_percpu", [&] {
    check_doubles(out, count);
    not_null(sampler, "sampler");
    return store_doubles(out, count, sampler->sampler.cpu_percent_percpu(interval));
  });
}

int psinfo_sampler_cpu_times_percent(psinfo_cpu_times_t* out, psinfo_sampler_t* sampler,
                                     double interval) {
  return guard("psinfo_sampler_cpu_times_percent", [&] {
    not_null(sampler, "sampler");
    return store_one(
        out, PSINFO_CPU_TIMES_MIN_SIZE,
        [&] { return sampler->sampler.cpu_times_percent(interval); }, cpu_times_fields);
  });
}

int psinfo_sampler_cpu_times_percent_percpu(psinfo_cpu_times_t** out, size_t* count,
                                            size_t elem_size, psinfo_sampler_t* sampler,
                                            double interval) {
  return guard("psinfo_sampler_cpu_times_percent_percpu", [&] {
    check_list(out, count, elem_size, PSINFO_CPU_TIMES_MIN_SIZE);
    not_null(sampler, "sampler");
    return store_list(out, count, elem_size, sampler->sampler.cpu_times_percent_percpu(interval),
                      cpu_times_fields);
  });
}

int psinfo_sampler_cpu_stats(psinfo_cpu_stats_t* out, psinfo_sampler_t* sampler) {
  return guard("psinfo_sampler_cpu_stats", [&] {
    not_null(sampler, "sampler");
    return store_one(
        out, PSINFO_CPU_STATS_MIN_SIZE, [&] { return sampler->sampler.cpu_stats(); },
        cpu_stats_fields);
  });
}

int psinfo_sampler_getloadavg(double out[3], psinfo_sampler_t* sampler) {
  return guard("psinfo_sampler_getloadavg", [&] {
    not_null(out, "out");
    not_null(sampler, "sampler");
    std::array<double, 3> a = sampler->sampler.getloadavg();
    std::copy(a.begin(), a.end(), out);
    return 0;
  });
}

int psinfo_sampler_virtual_memory(psinfo_virtual_memory_t* out, psinfo_sampler_t* sampler) {
  return guard("psinfo_sampler_virtual_memory", [&] {
    not_null(sampler, "sampler");
    return store_one(
        out, PSINFO_VIRTUAL_MEMORY_MIN_SIZE, [&] { return sampler->sampler.virtual_memory(); },
        virtual_memory_fields);
  });
}

int psinfo_sampler_swap_memory(psinfo_swap_memory_t* out, psinfo_sampler_t* sampler) {
  return guard("psinfo_sampler_swap_memory", [&] {
    not_null(sampler, "sampler");
    return store_one(
        out, PSINFO_SWAP_MEMORY_MIN_SIZE, [&] { return sampler->sampler.swap_memory(); },
        swap_memory_fields);
  });
}

int psinfo_sampler_disk_io_counters(psinfo_disk_io_counters_t* out, psinfo_sampler_t* sampler,
                                    int nowrap) {
  return guard("psinfo_sampler_disk_io_counters", [&] {
    size_t size = caller_size(out, PSINFO_DISK_IO_COUNTERS_MIN_SIZE);
    not_null(sampler, "sampler");
    std::optional<psinfo::disk_io_counters_t> d = sampler->sampler.disk_io_counters(nowrap != 0);
    if (!d) return fail(PSINFO_ENOVALUE, "psinfo_sampler_disk_io_counters", "no disk is listed");
    store(out, size, to_c(*d), disk_io_fields);
    return 0;
  });
}

int psinfo_sampler_disk_io_counters_perdisk(psinfo_disk_io_counters_t** out, size_t* count,
                                            size_t elem_size, psinfo_sampler_t* sampler,
                                            int nowrap) {
  return guard("psinfo_sampler_disk_io_counters_perdisk", [&] {
    check_list(out, count, elem_size, PSINFO_DISK_IO_COUNTERS_MIN_SIZE);
    not_null(sampler, "sampler");
    sampler->sampler.disk_io_counters_perdisk(sampler->disks, nowrap != 0);
    return store_named(out, count, elem_size, sampler->disks, disk_io_fields);
  });
}

int psinfo_sampler_net_io_counters(psinfo_net_io_counters_t* out, psinfo_sampler_t* sampler,
                                   int nowrap) {
  return guard("psinfo_sampler_net_io_counters", [&] {
    size_t size = caller_size(out, PSINFO_NET_IO_COUNTERS_MIN_SIZE);
    not_null(sampler, "sampler");
    std::optional<psinfo::net_io_counters_t> n = sampler->sampler.net_io_counters(nowrap != 0);
    if (!n)
      return fail(PSINFO_ENOVALUE, "psinfo_sampler_net_io_counters",
                  "no network interface is listed");
    store(out, size, to_c(*n), net_io_fields);
    return 0;
  });
}

int psinfo_sampler_net_io_counters_pernic(psinfo_net_io_counters_t** out, size_t* count,
                                          size_t elem_size, psinfo_sampler_t* sampler, int nowrap) {
  return guard("psinfo_sampler_net_io_counters_pernic", [&] {
    check_list(out, count, elem_size, PSINFO_NET_IO_COUNTERS_MIN_SIZE);
    not_null(sampler, "sampler");
    sampler->sampler.net_io_counters_pernic(sampler->nics, nowrap != 0);
    return store_named(out, count, elem_size, sampler->nics, net_io_fields);
  });
}

int psinfo_sampler_cache_clear(psinfo_sampler_t* sampler, const char* name) {
  return guard("psinfo_sampler_cache_clear", [&] {
    not_null(sampler, "sampler");
    std::string_view n = name ? name : "";
    sampler->sampler.cache_clear(n);
    return 0;
  });
}

}  // extern "C"
