// Shared layer of psinfo::sampler: the post-processing of the free functions (cpu percentages,
// nowrap, totals), applied to what the OS's sampler_backend reads, with the sampler's own state.
#include <psinfo/errors.hpp>
#include <psinfo/sampler.hpp>

#include "cpu_percent.hpp"
#include "io_counters.hpp"
#include "nowrap.hpp"
#include "platform.hpp"

namespace psinfo {

struct sampler::impl {
  detail::sampler_backend_ptr backend = detail::new_sampler_backend();
  detail::cpu_percent_state cpu;
  detail::wrap_numbers nowrap;  // this sampler's, never wrap_numbers::global()

  cpu_times_t total() { return detail::cpu_times(*backend); }
  std::vector<cpu_times_t> percpu() { return detail::cpu_times_percpu(*backend); }
};

sampler::sampler() : impl_(new impl) {}
sampler::~sampler() = default;
sampler::sampler(sampler&&) noexcept = default;
sampler& sampler::operator=(sampler&&) noexcept = default;

// A moved-from sampler starts again as a new one.
sampler::impl& sampler::get() {
  if (!impl_) impl_ = std::make_unique<impl>();
  return *impl_;
}

cpu_times_t sampler::cpu_times() { return get().total(); }
std::vector<cpu_times_t> sampler::cpu_times_percpu() { return get().percpu(); }

double sampler::cpu_percent(double interval) {
  impl& i = get();
  return i.cpu.percent(interval, [&i] { return i.total(); });
}
std::vector<double> sampler::cpu_percent_percpu(double interval) {
  impl& i = get();
  return i.cpu.percent_percpu(interval, [&i] { return i.percpu(); });
}
cpu_times_t sampler::cpu_times_percent(double interval) {
  impl& i = get();
  return i.cpu.times_percent(interval, [&i] { return i.total(); });
}
std::vector<cpu_times_t> sampler::cpu_times_percent_percpu(double interval) {
  impl& i = get();
  return i.cpu.times_percent_percpu(interval, [&i] { return i.percpu(); });
}

cpu_stats_t sampler::cpu_stats() { return detail::cpu_stats(*get().backend); }
std::array<double, 3> sampler::getloadavg() { return detail::getloadavg(*get().backend); }
virtual_memory_t sampler::virtual_memory() { return detail::virtual_memory(*get().backend); }
swap_memory_t sampler::swap_memory() { return detail::swap_memory(*get().backend); }

std::optional<disk_io_counters_t> sampler::disk_io_counters(bool nowrap) {
  impl& i = get();
  std::map<std::string, disk_io_counters_t> disks;
  detail::disk_io_counters(*i.backend, false, disks);
  if (nowrap) detail::disk_nowrap(i.nowrap, disks);
  return detail::disk_total(disks);
}

void sampler::disk_io_counters_perdisk(std::map<std::string, disk_io_counters_t>& out,
                                       bool nowrap) {
  impl& i = get();
  detail::disk_io_counters(*i.backend, true, out);
  if (nowrap) detail::disk_nowrap(i.nowrap, out);
}

std::map<std::string, disk_io_counters_t> sampler::disk_io_counters_perdisk(bool nowrap) {
  std::map<std::string, disk_io_counters_t> disks;
  disk_io_counters_perdisk(disks, nowrap);
  return disks;
}

std::optional<net_io_counters_t> sampler::net_io_counters(bool nowrap) {
  impl& i = get();
  std::map<std::string, net_io_counters_t> nics;
  detail::net_io_counters(*i.backend, nics);
  if (nowrap) detail::net_nowrap(i.nowrap, nics);
  return detail::net_total(nics);
}

void sampler::net_io_counters_pernic(std::map<std::string, net_io_counters_t>& out, bool nowrap) {
  impl& i = get();
  detail::net_io_counters(*i.backend, out);
  if (nowrap) detail::net_nowrap(i.nowrap, out);
}

std::map<std::string, net_io_counters_t> sampler::net_io_counters_pernic(bool nowrap) {
  std::map<std::string, net_io_counters_t> nics;
  net_io_counters_pernic(nics, nowrap);
  return nics;
}

void sampler::cache_clear(std::string_view name) { get().nowrap.clear(name); }

void sampler::close() noexcept {
  if (impl_) detail::close(*impl_->backend);
}

}  // namespace psinfo
