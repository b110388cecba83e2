// A platform psinfo does not support: containers (see unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

cgroup_t proc_cgroup(const proc_ref&) { unsupported("cgroup"); }
std::optional<double> cgroup_cpu_limit_self() { unsupported("cpu_count_effective"); }
std::optional<cgroup_memory_limit> cgroup_memory_limit_self() {
  unsupported("virtual_memory_effective");
}
pressure_t pressure() { unsupported("pressure"); }

}  // namespace psinfo::detail
