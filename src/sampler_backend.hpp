// The per-OS half of psinfo::sampler (include/psinfo/sampler.hpp): every OS directory defines
// sampler_backend and these functions (src/linux/sampler.cpp keeps the /proc files it re-reads
// open; src/windows and src/unsupported forward to the functions of src/platform.hpp). Each
// returns the same raw result as its namesake of src/platform.hpp, before any post-processing
// (percentages, nowrap, totals), which the shared src/sampler.cpp does once for every OS.
#pragma once

#include <psinfo/cpu.hpp>
#include <psinfo/disk.hpp>
#include <psinfo/memory.hpp>
#include <psinfo/net.hpp>

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace psinfo::detail {

struct sampler_backend;  // defined by each OS directory
struct sampler_backend_deleter {
  void operator()(sampler_backend* b) const noexcept;
};
using sampler_backend_ptr = std::unique_ptr<sampler_backend, sampler_backend_deleter>;

sampler_backend_ptr new_sampler_backend();  // opens nothing yet
void close(sampler_backend& b) noexcept;    // drops what it keeps open

cpu_times_t cpu_times(sampler_backend& b);
std::vector<cpu_times_t> cpu_times_percpu(sampler_backend& b);
cpu_stats_t cpu_stats(sampler_backend& b);
std::array<double, 3> getloadavg(sampler_backend& b);
virtual_memory_t virtual_memory(sampler_backend& b);
swap_memory_t swap_memory(sampler_backend& b);
// Raw counters per device into out (replacing its content), as detail::disk_io_counters(perdisk).
void disk_io_counters(sampler_backend& b, bool perdisk,
                      std::map<std::string, disk_io_counters_t>& out);
// Raw counters per interface into out (replacing its content), as detail::net_io_counters().
void net_io_counters(sampler_backend& b, std::map<std::string, net_io_counters_t>& out);

}  // namespace psinfo::detail
