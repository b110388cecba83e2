// The C API of include/psinfo/container.hpp: cgroups, PSI, the effective CPU count and memory.
#include <psinfo/psinfo.h>

#include <cstdint>
#include <optional>
#include <psinfo/container.hpp>

#include "common.hpp"
#include "process_handle.hpp"

using namespace psinfo::capi;

static_assert(PSINFO_CGROUP_NONE == static_cast<int>(psinfo::cgroup_version::none) &&
                  PSINFO_CGROUP_V1 == static_cast<int>(psinfo::cgroup_version::v1) &&
                  PSINFO_CGROUP_V2 == static_cast<int>(psinfo::cgroup_version::v2) &&
                  PSINFO_CGROUP_HYBRID == static_cast<int>(psinfo::cgroup_version::hybrid),
              "PSINFO_CGROUP_* are psinfo::cgroup_version's values");

namespace {

// psinfo_pressure_t's members, flat (its table, PSINFO_CAPI_PRESSURE, converts from this).
struct flat_pressure {
#define PSINFO_PSI_LINE_(p)                            \
  double p##_avg10 = 0, p##_avg60 = 0, p##_avg300 = 0; \
  std::optional<std::uint64_t> p##_total;
  PSINFO_PSI_LINE_(cpu_some)
  PSINFO_PSI_LINE_(cpu_full)
  PSINFO_PSI_LINE_(memory_some)
  PSINFO_PSI_LINE_(memory_full)
  PSINFO_PSI_LINE_(io_some)
  PSINFO_PSI_LINE_(io_full)
  PSINFO_PSI_LINE_(irq_some)
  PSINFO_PSI_LINE_(irq_full)
#undef PSINFO_PSI_LINE_
};

flat_pressure flat(const psinfo::pressure_t& p) {
  flat_pressure f;
  auto line = [](const std::optional<psinfo::psi_t>& r,
                 std::optional<psinfo::psi_line_t> psinfo::psi_t::*which, double& a10, double& a60,
                 double& a300, std::optional<std::uint64_t>& total) {
    if (!r || !((*r).*which)) return;
    const psinfo::psi_line_t& l = *((*r).*which);
    a10 = l.avg10;
    a60 = l.avg60;
    a300 = l.avg300;
    total = l.total;
  };
#define PSINFO_PSI_FLAT_(res, which)                                                   \
  line(p.res, &psinfo::psi_t::which, f.res##_##which##_avg10, f.res##_##which##_avg60, \
       f.res##_##which##_avg300, f.res##_##which##_total);
  PSINFO_PSI_FLAT_(cpu, some)
  PSINFO_PSI_FLAT_(cpu, full)
  PSINFO_PSI_FLAT_(memory, some)
  PSINFO_PSI_FLAT_(memory, full)
  PSINFO_PSI_FLAT_(io, some)
  PSINFO_PSI_FLAT_(io, full)
  PSINFO_PSI_FLAT_(irq, some)
  PSINFO_PSI_FLAT_(irq, full)
#undef PSINFO_PSI_FLAT_
  return f;
}

}  // namespace

extern "C" {

const char* psinfo_cgroup_version_name(int version) {
  if (version < PSINFO_CGROUP_NONE || version > PSINFO_CGROUP_HYBRID) return "?";
  return psinfo::to_string(static_cast<psinfo::cgroup_version>(version));
}

int psinfo_pressure(psinfo_pressure_t* out) {
  return out_struct(__func__, out, [] { return flat(psinfo::pressure()); });
}

int psinfo_process_cgroup(psinfo_cgroup_t* out, const psinfo_process_t* h) {
  return out_struct(__func__, out, [&] { return proc_of(h).cgroup(); });
}

int psinfo_process_cgroup_pressure(psinfo_pressure_t* out, const psinfo_process_t* h) {
  return out_struct(__func__, out, [&] { return flat(proc_of(h).cgroup().pressure); });
}

int psinfo_process_cgroup_paths(psinfo_cgroup_path_t** out, size_t* count, size_t elem_size,
                                const psinfo_process_t* h) {
  return out_list(__func__, out, count, elem_size, [&] { return proc_of(h).cgroup().paths; });
}
PSINFO_CAPI_FREE(process_cgroup_paths, psinfo_cgroup_path_t)

int psinfo_process_cgroup_io(psinfo_cgroup_io_t** out, size_t* count, size_t elem_size,
                             const psinfo_process_t* h) {
  return out_list(__func__, out, count, elem_size, [&] { return proc_of(h).cgroup().io; });
}
PSINFO_CAPI_FREE(process_cgroup_io, psinfo_cgroup_io_t)

int psinfo_process_cgroup_memory_stat(psinfo_cgroup_stat_t** out, size_t* count, size_t elem_size,
                                      const psinfo_process_t* h) {
  return out_list(__func__, out, count, elem_size, [&] { return proc_of(h).cgroup().memory.stat; });
}
PSINFO_CAPI_FREE(process_cgroup_memory_stat, psinfo_cgroup_stat_t)

int psinfo_process_cgroup_cpuset(int32_t** out, size_t* count, const psinfo_process_t* h,
                                 int mems) {
  return guard(__func__, [&](const char* fn) {
    check_plain_list(out, count);
    const psinfo::cgroup_cpu_t cpu = proc_of(h).cgroup().cpu;
    const std::optional<std::vector<int>>& v = mems ? cpu.mems : cpu.cpus;
    if (!v) return fail(PSINFO_ENOVALUE, fn, "the cgroup has no cpuset controller");
    return store_plain_list(out, count, *v);
  });
}
PSINFO_CAPI_FREE(process_cgroup_cpuset, int32_t)

int psinfo_cpu_count_effective(int32_t* out) {
  return out_value(
      __func__, out, [] { return psinfo::cpu_count_effective(); },
      "the CPU count cannot be determined");
}

int psinfo_virtual_memory_effective(psinfo_virtual_memory_effective_t* out) {
  return out_struct(__func__, out, [] { return psinfo::virtual_memory_effective(); });
}

}  // extern "C"
