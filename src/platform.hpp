// The internal contract: raw functions every OS directory (src/linux, src/unsupported, ...)
// defines. The shared layer (src/*.cpp) builds the public API on top of them: percentages,
// averages, nowrap. Nothing here is exported.
#pragma once

#include <psinfo/cpu.hpp>
#include <psinfo/host.hpp>
#include <psinfo/memory.hpp>

#include <array>
#include <optional>
#include <vector>

namespace psinfo::detail {

cpu_times_t cpu_times();
std::vector<cpu_times_t> cpu_times_percpu();
std::optional<int> cpu_count_logical();
std::optional<int> cpu_count_physical();
cpu_stats_t cpu_stats();
// One entry per CPU (or per frequency domain where that is all the OS gives), in CPU order.
std::vector<cpu_freq_t> cpu_freq_percpu();
std::array<double, 3> getloadavg();

virtual_memory_t virtual_memory();
swap_memory_t swap_memory();

double boot_time();
std::vector<user_t> users();

}  // namespace psinfo::detail
