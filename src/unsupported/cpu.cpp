// A platform psinfo does not support: CPU (see unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

cpu_times_t cpu_times() { unsupported("cpu_times"); }
std::vector<cpu_times_t> cpu_times_percpu() { unsupported("cpu_times_percpu"); }
std::optional<int> cpu_count_logical() { unsupported("cpu_count_logical"); }
std::optional<int> cpu_count_physical() { unsupported("cpu_count_physical"); }
cpu_stats_t cpu_stats() { unsupported("cpu_stats"); }
std::vector<cpu_freq_t> cpu_freq_percpu() { unsupported("cpu_freq_percpu"); }
std::array<double, 3> getloadavg() { unsupported("getloadavg"); }

}  // namespace psinfo::detail
