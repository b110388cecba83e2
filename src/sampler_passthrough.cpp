// psinfo::sampler where no file can be kept open (Windows: the calls behind these functions
// open no file; the unsupported backend: they throw not_supported): each method is the free
// function's, and the sampler adds only its own cpu_percent and nowrap state (src/sampler.cpp).
// Built by the OS directories that have no sampler of their own (cmake/sources.cmake).
#include "platform.hpp"

namespace psinfo::detail {

struct sampler_backend {};

void sampler_backend_deleter::operator()(sampler_backend* b) const noexcept { delete b; }
sampler_backend_ptr new_sampler_backend() { return sampler_backend_ptr(new sampler_backend); }
void close(sampler_backend&) noexcept {}

cpu_times_t cpu_times(sampler_backend&) { return cpu_times(); }
std::vector<cpu_times_t> cpu_times_percpu(sampler_backend&) { return cpu_times_percpu(); }
cpu_stats_t cpu_stats(sampler_backend&) { return cpu_stats(); }
std::array<double, 3> getloadavg(sampler_backend&) { return getloadavg(); }
virtual_memory_t virtual_memory(sampler_backend&) { return virtual_memory(); }
swap_memory_t swap_memory(sampler_backend&) { return swap_memory(); }
void disk_io_counters(sampler_backend&, bool perdisk,
                      std::map<std::string, disk_io_counters_t>& out) {
  out = disk_io_counters(perdisk);
}
void net_io_counters(sampler_backend&, std::map<std::string, net_io_counters_t>& out) {
  out = net_io_counters();
}

}  // namespace psinfo::detail
