// The BSDs: containers. There are no cgroups nor PSI here: cgroup() and pressure() are
// not_supported, and no cgroup limit applies to cpu_count_effective() and
// virtual_memory_effective() (the shared layer then gives the affinity and the host memory).
#include <psinfo/errors.hpp>

#include "platform.hpp"

namespace psinfo::detail {

cgroup_t proc_cgroup(const proc_ref&) { throw not_supported("cgroup: the BSDs have no cgroups"); }
std::optional<double> cgroup_cpu_limit_self() { return std::nullopt; }
std::optional<cgroup_memory_limit> cgroup_memory_limit_self() { return std::nullopt; }
pressure_t pressure() {
  throw not_supported("pressure: the BSDs have no pressure stall information");
}

}  // namespace psinfo::detail
