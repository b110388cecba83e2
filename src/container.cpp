// Shared layer: containers. The formulas of psinfo/container.hpp written once: the effective
// CPU count and the container-aware memory view (docs/container.md gives their sources).
#include <psinfo/container.hpp>
#include <psinfo/errors.hpp>
#include <psinfo/memory.hpp>
#include <psinfo/process.hpp>

#include <algorithm>
#include <cmath>

#include "platform.hpp"
#include "util.hpp"

namespace psinfo {

std::optional<int> detail::effective_cpu_count(std::optional<int> affinity,
                                               std::optional<double> limit) {
  // ceil of the quotient of two integers of microseconds: exact in double (an integer
  // quotient is exact, and any other one lies at least 1/period away from an integer).
  std::optional<int> quota_cpus;
  if (limit && std::isfinite(*limit))
    quota_cpus = static_cast<int>(std::min(std::max(std::ceil(*limit), 1.0), 1e9));
  if (affinity && quota_cpus) return std::min(*affinity, *quota_cpus);
  return affinity ? affinity : quota_cpus;
}

inline namespace PSINFO_ABI {

const char* to_string(cgroup_version v) noexcept {
  switch (v) {
    case cgroup_version::none:
      return "none";
    case cgroup_version::v1:
      return "v1";
    case cgroup_version::v2:
      return "v2";
    case cgroup_version::hybrid:
      return "hybrid";
  }
  return "?";
}

cgroup_t process::cgroup() const { return detail::proc_cgroup(state::ref(*this)); }

cgroup_t cgroup() { return process::self().cgroup(); }
cgroup_t cgroup(long pid) { return process(pid).cgroup(); }

pressure_t pressure() { return detail::pressure(); }

std::optional<int> cpu_count_effective() {
  // The mask through the contract, not a process object: no /proc/<self> lookup (which a
  // recorded procfs root would not have).
  std::optional<int> affinity;
  try {
    const std::size_t n = detail::proc_cpu_affinity({detail::self_pid(), 0, nullptr}).size();
    if (n > 0) affinity = static_cast<int>(n);
  } catch (const not_supported&) {  // macOS, OpenBSD: no affinity mask
  }
  if (!affinity) affinity = cpu_count(true);
  return detail::effective_cpu_count(affinity, detail::cgroup_cpu_limit_self());
}

virtual_memory_effective_t virtual_memory_effective() {
  const virtual_memory_t host = virtual_memory();
  virtual_memory_effective_t out;
  out.total = host.total;
  out.available = host.available;
  out.used = host.used;
  out.percent = host.percent;
  if (const auto lim = detail::cgroup_memory_limit_self()) {
    out.limit = lim->effective_max;
    out.total = std::min(out.total, lim->effective_max);
    out.available = std::min({out.available, lim->available, out.total});
    out.used = out.total - out.available;
    out.percent = detail::percent1(static_cast<double>(out.used), static_cast<double>(out.total));
  }
  return out;
}

}  // namespace PSINFO_ABI
}  // namespace psinfo
