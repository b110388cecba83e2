// The per-object state behind psinfo::process, shared by the shared layer and the OS backend.
#pragma once

#include <psinfo/errors.hpp>
#include <psinfo/process.hpp>

#include <memory>
#include <optional>
#include <string>

namespace psinfo {

struct process::state {
  // > 0 while a oneshot_guard lives: the OS backend may keep parsed files in `os`.
  int oneshot_depth = 0;
  // The OS backend's oneshot cache; its type is known only to the backend. Reset to null when
  // the outermost oneshot_guard ends.
  std::shared_ptr<void> os;
  // cpu_percent(interval=0)'s previous sample: (monotonic seconds * CPU count, user + system).
  std::optional<std::pair<double, double>> last_cpu;
  // wait()'s result once known (psutil caches it): absent = not waited yet.
  std::optional<std::optional<int>> exitcode;
  // create_time() once computed (psutil caches it for the object's life).
  std::optional<double> create_time;
  // psutil keeps exe() for the object's life once known.
  std::optional<std::string> exe;
  // Set by parents() on an ancestor it has just constructed and asks for its ppid() at once:
  // the backend may answer that one call from the stat its constructor read (one read per
  // hop). Cleared by the next ppid(), and by parents() before it returns the object.
  bool ppid_from_ctor = false;
};

namespace detail {

// For the OS snapshots (process_iter(attrs)): an attribute that may be missing for this
// process (access denied, a zombie that no longer has it, a file the kernel does not give)
// is left absent; a process that is gone propagates.
template <class F>
void soft(F&& f) {
  try {
    f();
  } catch (const zombie_process&) {
  } catch (const no_such_process&) {
    throw;
  } catch (const error&) {
  }
}

// For the OS snapshots: the attributes a snapshot serves through a process object's methods
// under oneshot (nice, ionice, cpu_affinity, memory_full_info, memory_maps, open_files,
// net_connections), and filling them. fill_by_methods constructs the object (a process gone
// meanwhile: no_such_process) and leaves each attribute it cannot get absent (soft).
constexpr attr by_methods = attr::nice | attr::ionice | attr::cpu_affinity |
                            attr::memory_full_info | attr::memory_maps | attr::open_files |
                            attr::net_connections;
inline bool needs_methods(attr attrs) {
  return (static_cast<std::uint64_t>(attrs) & static_cast<std::uint64_t>(by_methods)) != 0;
}
void fill_by_methods(long pid, attr attrs, process_info_t& info);

// process_iter(attrs)'s cpu_percent: each process's sample from the previous snapshot in this
// program (psutil keeps its Process objects between process_iter calls and asks
// cpu_percent(None)). One scan at a time holds the state while active; commit() makes this
// scan's samples the reference for the next (a scan that throws leaves the old ones).
class snapshot_cpu {
 public:
  explicit snapshot_cpu(bool active);
  ~snapshot_cpu();
  snapshot_cpu(const snapshot_cpu&) = delete;
  snapshot_cpu& operator=(const snapshot_cpu&) = delete;
  // start: the process's start time in any unit (its identity with the PID); total: user +
  // system seconds now. 0.0 the first time, as psutil.
  double percent(long pid, std::uint64_t start, double total);
  void commit();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace detail
}  // namespace psinfo
