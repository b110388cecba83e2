// Prototype for issue 6 item 3: a sampler for monitors. It keeps the files a monitor re-reads
// every second open and re-reads them with pread(fd, buf, n, 0): procfs regenerates a seq_file
// when it is read from offset 0, so the values are fresh and only the open/close (path lookup,
// struct file allocation, seq_file setup and teardown) are saved.
//
// Proposed public API (include/psinfo/sampler.hpp, Linux; elsewhere the same calls would just
// forward to the free functions):
//
//   class PSINFO_API sampler {
//    public:
//     sampler();                       // opens nothing yet; each file on first use
//     cpu_times_t cpu_times();         // = psinfo::cpu_times()
//     std::vector<cpu_times_t> cpu_times_percpu();
//     virtual_memory_t virtual_memory();
//     std::optional<disk_io_counters_t> disk_io_counters(bool nowrap = true);
//     std::map<std::string, disk_io_counters_t> disk_io_counters_perdisk(bool nowrap = true);
//     std::optional<net_io_counters_t> net_io_counters(bool nowrap = true);
//     std::map<std::string, net_io_counters_t> net_io_counters_pernic(bool nowrap = true);
//     void close();                    // drop the fds (also in the destructor); not thread-safe
//   };
//
// The prototype below returns the same types with psinfo's own parsers; it skips nowrap and the
// disk filtering (which a library version would share with the free functions).
#pragma once

#include <psinfo/psinfo.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace proto {

class sampler {
 public:
  sampler() = default;
  ~sampler();
  sampler(const sampler&) = delete;
  sampler& operator=(const sampler&) = delete;

  psinfo::cpu_times_t cpu_times();
  std::vector<psinfo::cpu_times_t> cpu_times_percpu();
  psinfo::virtual_memory_t virtual_memory();
  std::map<std::string, psinfo::disk_io_counters_t> disk_io_counters_perdisk();
  std::map<std::string, psinfo::net_io_counters_t> net_io_counters_pernic();
  // Variant measured for the proposal: the per-disk table updated in place (no node or string
  // allocated once the disks are known) and returned by reference, valid until the next call.
  using disk_table = std::map<std::string, psinfo::disk_io_counters_t, std::less<>>;
  const disk_table& disk_io_counters_perdisk_ref();
  void close();

  // For bench_system --check: the fast diskstats parser against psinfo's on one line.
  static bool same_as_psinfo(std::string_view diskstats_line);

 private:
  enum which { stat_, meminfo_, diskstats_, netdev_, count_ };
  std::string_view read(which w);  // pread from 0 to EOF into buf_[w]
  int fd_[count_] = {-1, -1, -1, -1};
  std::string buf_[count_];
  disk_table disks_;
};

}  // namespace proto
