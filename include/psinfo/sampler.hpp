// psinfo — a sampler for monitors: the system-wide counters a monitor reads every tick, with
// the files behind them kept open.
#pragma once

#include <psinfo/cpu.hpp>
#include <psinfo/disk.hpp>
#include <psinfo/export.h>
#include <psinfo/memory.hpp>
#include <psinfo/net.hpp>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace psinfo {
inline namespace PSINFO_ABI {

// Each method gives what the free function of the same name gives (same types, same values),
// but on Linux the /proc files it re-reads (stat, meminfo, vmstat, diskstats, net/dev) stay
// open after their first use and are re-read from offset 0 with pread: the kernel regenerates
// the text on every read, so the values are fresh, and the path lookup and open/close of each
// read are saved. Elsewhere the methods call the free functions.
//
// State is the sampler's own: cpu_percent / cpu_times_percent compare with this sampler's
// previous call, and nowrap (disk_io_counters, net_io_counters) keeps its
// own offsets, independent of the free functions' process-wide state and of other samplers.
//
// One sampler per monitoring thread: it is not thread-safe (no lock is taken). Movable, not
// copyable. A change of set_procfs_path() is noticed on the next call: the files are reopened
// under the new root. Each open file costs one descriptor (O_CLOEXEC) until close() or the
// destructor.
class PSINFO_API sampler {
 public:
  sampler();  // opens nothing yet: each file on first use
  ~sampler();
  sampler(sampler&&) noexcept;
  sampler& operator=(sampler&&) noexcept;
  sampler(const sampler&) = delete;
  sampler& operator=(const sampler&) = delete;

  cpu_times_t cpu_times();
  std::vector<cpu_times_t> cpu_times_percpu();
  // psutil.cpu_percent(interval) / cpu_times_percent(interval) with this sampler's state:
  // interval 0 compares with the previous call of the same method (the first call compares
  // two back-to-back samples, ~0.0); interval > 0 samples, sleeps and samples. Negative or
  // NaN: invalid_argument.
  double cpu_percent(double interval = 0.0);
  std::vector<double> cpu_percent_percpu(double interval = 0.0);
  cpu_times_t cpu_times_percent(double interval = 0.0);
  std::vector<cpu_times_t> cpu_times_percent_percpu(double interval = 0.0);
  cpu_stats_t cpu_stats();
  std::array<double, 3> getloadavg();

  virtual_memory_t virtual_memory();
  swap_memory_t swap_memory();

  std::optional<disk_io_counters_t> disk_io_counters(bool nowrap = true);
  std::map<std::string, disk_io_counters_t> disk_io_counters_perdisk(bool nowrap = true);
  std::optional<net_io_counters_t> net_io_counters(bool nowrap = true);
  std::map<std::string, net_io_counters_t> net_io_counters_pernic(bool nowrap = true);

  // The same per-device values, written into a map the monitor keeps from tick to tick: its
  // content is replaced, but while the device list is unchanged its nodes are reused (values
  // overwritten in place), so a tick allocates and frees nothing for them.
  void disk_io_counters_perdisk(std::map<std::string, disk_io_counters_t>& out, bool nowrap = true);
  void net_io_counters_pernic(std::map<std::string, net_io_counters_t>& out, bool nowrap = true);

  // psutil's cache_clear() for this sampler's nowrap state: "disk_io_counters",
  // "net_io_counters", or "" for both.
  void cache_clear(std::string_view name = {});

  // Closes the kept files now (the destructor does it too); the next call reopens them. The
  // sampler's state (previous cpu samples, nowrap offsets) is kept.
  void close() noexcept;

 private:
  struct impl;
  impl& get();
  std::unique_ptr<impl> impl_;
};

}  // namespace PSINFO_ABI
}  // namespace psinfo
