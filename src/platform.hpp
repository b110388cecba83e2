// The internal contract: everything an OS directory (src/linux, src/windows, src/unsupported,
// ...) provides, and the only thing the shared layer (src/*.cpp) calls. Each section names the
// file of the OS directory that defines it; src/unsupported/ defines every function (each throws
// not_supported) and is the template a new port copies, file by file. The shared layer adds
// everything that is the same on every OS, once: percentages, averages, nowrap and totals, the
// process identity and its pid-reuse check, argument checks, the caches psutil keeps on a
// Process object, the oneshot guard. Nothing here is exported. See docs/architecture.md.
//
// A backend that forgets a function fails to link: the shared layer calls every function
// declared here, and libpsinfo.so is linked with -z defs (tests/contract checks both).
#pragma once

#include <psinfo/container.hpp>
#include <psinfo/cpu.hpp>
#include <psinfo/disk.hpp>
#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <psinfo/memory.hpp>
#include <psinfo/net.hpp>
#include <psinfo/process.hpp>
#include <psinfo/sensors.hpp>
#include <psinfo/winservice.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace psinfo {
namespace detail {
// The process a method acts on (see "Processes" below).
struct proc_ref {
  long pid;
  double start;
  process::state* st;
};
}  // namespace detail

// The per-object state behind psinfo::process. The shared layer owns every member but `os`.
struct process::state {
  // > 0 while a oneshot_guard lives: the OS backend may keep parsed data in `os`.
  int oneshot_depth = 0;
  // The OS backend's oneshot cache (see detail::oneshot_cache); reset to null when the
  // outermost oneshot_guard ends.
  std::shared_ptr<void> os;
  // cpu_percent(interval=0)'s previous sample: (monotonic seconds * CPU count, user + system).
  std::optional<std::pair<double, double>> last_cpu;
  // wait()'s result once known (psutil caches it): absent = not waited yet.
  std::optional<std::optional<int>> exitcode;
  // create_time() and exe() once known (psutil keeps both for the object's life).
  std::optional<double> create_time;
  std::optional<std::string> exe;
  // Set by parents() on an ancestor it has just constructed and asks for its ppid() at once:
  // the backend may answer that one call from what proc_start_time() read (one read per hop).
  // Cleared by the next proc_ppid(), and by parents() before it returns the object.
  bool ppid_from_ctor = false;

  // The backend's view of p (a nested class may read p's private members).
  static detail::proc_ref ref(const process& p) { return {p.pid_, p.start_, p.state_.get()}; }
};

namespace detail {

// ==== cpu.cpp ================================================================================
cpu_times_t cpu_times();
std::vector<cpu_times_t> cpu_times_percpu();
std::optional<int> cpu_count_logical();
std::optional<int> cpu_count_physical();
cpu_stats_t cpu_stats();
// One entry per CPU (or per frequency domain where that is all the OS gives), in CPU order.
std::vector<cpu_freq_t> cpu_freq_percpu();
std::array<double, 3> getloadavg();

// ==== memory.cpp =============================================================================
virtual_memory_t virtual_memory();
swap_memory_t swap_memory();
heap_info_t heap_info();  // the calling process's C allocator
void heap_trim();

// ==== host.cpp ===============================================================================
double boot_time();
std::vector<user_t> users();

// ==== disk.cpp ===============================================================================
std::vector<partition_t> disk_partitions(bool all);
disk_usage_t disk_usage(const std::string& path);
// Raw counters per device, before nowrap. perdisk=false keeps only what psutil sums (whole
// disks on Linux); perdisk=true every device.
std::map<std::string, disk_io_counters_t> disk_io_counters(bool perdisk);

// ==== net.cpp ================================================================================
// Raw counters per interface, before nowrap.
std::map<std::string, net_io_counters_t> net_io_counters();
std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs();
std::map<std::string, net_if_stats_t> net_if_stats();

// ==== net_connections.cpp ====================================================================
// Which sockets net_connections wants: psutil's kind ("inet", "tcp4" ...) as a table, made
// once by the shared layer (connection_kinds_from below).
struct connection_kinds {
  bool tcp4 = false, tcp6 = false, udp4 = false, udp6 = false, unix_ = false;
};
// psutil.net_connections(kind): every socket of the system, with its owner where known.
std::vector<connection_t> net_connections(const connection_kinds& kinds);

// ==== sensors.cpp ============================================================================
std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures();  // Celsius
std::map<std::string, std::vector<sensors_fan_t>> sensors_fans();
std::optional<sensors_battery_t> sensors_battery();

// ==== cgroup.cpp: containers (psinfo/container.hpp) =========================================
// An OS without cgroups: proc_cgroup and pressure throw not_supported, the two *_self
// functions return absent (no limit applies).
//
// Process.cgroup(): every value absent that the cgroup does not give or does not limit; no
// cgroupfs mounted gives version none, not an error. effective_cpus is filled through
// effective_cpu_count() below (the affinity the backend reads for p).
cgroup_t proc_cgroup(const proc_ref& p);
// The calling process's cgroup CPU limit (cgroup_cpu_t::limit), without the other files.
std::optional<double> cgroup_cpu_limit_self();
// The calling process's cgroup memory limit (effective_max) and what it may still use
// (available), both present or absent together.
struct cgroup_memory_limit {
  std::uint64_t effective_max = 0;
  std::uint64_t available = 0;
};
std::optional<cgroup_memory_limit> cgroup_memory_limit_self();
// psinfo::pressure(): system-wide PSI.
pressure_t pressure();

// ==== winservice.cpp: Windows services (psinfo/winservice.hpp) ==============================
// Every OS but Windows throws not_supported (psutil has no such names there). A name the
// Service Control Manager does not know: no_such_process (pid 0, "service 'X' does not exist",
// with the errno of the system's error); a refusal: access_denied.
// Every Win32 service (not the drivers): (name, display name), in the SCM's order.
std::vector<std::pair<std::string, std::string>> win_service_enumerate();
// Fills out's display_name, binpath, username and start_type.
void win_service_query_config(const std::string& name, win_service_info_t& out);
// Fills out's status and pid.
void win_service_query_status(const std::string& name, win_service_info_t& out);
std::string win_service_query_description(const std::string& name);

// ==== sampler.cpp: psinfo::sampler's per-OS half =============================================
// Each function returns what its namesake above returns, before any post-processing
// (percentages, nowrap, totals: src/sampler.cpp does those once). Linux keeps the /proc files
// open and re-reads them with pread; an OS without such a sampler lists the shared
// src/sampler_passthrough.cpp in cmake/sources.cmake instead of a sampler.cpp of its own.
struct sampler_backend;  // defined by the OS
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
// Into out, replacing its content (its nodes may be reused).
void disk_io_counters(sampler_backend& b, bool perdisk,
                      std::map<std::string, disk_io_counters_t>& out);
void net_io_counters(sampler_backend& b, std::map<std::string, net_io_counters_t>& out);

// ==== Processes ==============================================================================
//
// A proc_ref names the process a method acts on: start is its start time as proc_start_time()
// gave it when the object was made (0 = unknown: a zombie, or access denied).
// Backends report errors with psutil's exceptions: no_such_process (gone), zombie_process,
// access_denied, not_supported (psutil has no such method on this OS), invalid_argument.
//
// What the shared layer (src/process.cpp) does before calling, so no backend does it again:
// - the pid-reuse check (psutil's _raise_if_pid_reused) before every setter, every signal and
//   suspend/resume/terminate/kill, and on ppid() (from what proc_ppid returns);
// - caching create_time() and exe() on the object, the oneshot guard, cpu_percent's state,
//   memory_percent, parent()/parents()/children(), as_dict, wait()'s timeout check and cache;
// - turning net_connections' kind into connection_kinds, and dropping the rows' pid.

// The backend's oneshot cache of type T (made on first use) while a oneshot_guard of the object
// lives, else null.
template <class T>
T* oneshot_cache(const proc_ref& p) {
  process::state* st = p.st;
  if (!st || st->oneshot_depth <= 0) return nullptr;
  if (!st->os) st->os = std::make_shared<T>();
  return static_cast<T*>(st->os.get());
}

// ---- process.cpp: the process table and the data methods ---------------------------------
// The start time in the unit and origin of the OS (its identity with the PID; only compared
// with itself); no_such_process if the PID does not exist. Works on zombies.
double proc_start_time(long pid);
std::vector<long> pids();  // sorted
long self_pid();           // the calling process
bool pid_exists(long pid);
// pid -> ppid of every process (vanished ones skipped), for children().
std::map<long, long> ppid_map();
// process_iter(attrs): reads only what the attributes need; processes that vanish are skipped.
std::vector<process_info_t> process_snapshot(attr attrs);
// The attributes this OS has (psutil's as_dict() keys): psinfo::supported_attrs().
attr os_supported_attrs() noexcept;

struct ppid_t {
  long ppid = 0;
  double start = 0;  // the start time seen by the same read (0 = not known): reuse check
};
ppid_t proc_ppid(const proc_ref& p);
std::string proc_name(const proc_ref& p);
std::string proc_exe(const proc_ref& p);
std::vector<std::string> proc_cmdline(const proc_ref& p);
std::map<std::string, std::string> proc_environ(const proc_ref& p);
double proc_create_time(const proc_ref& p);  // seconds since the epoch
std::string proc_status(const proc_ref& p);
std::string proc_cwd(const proc_ref& p);
std::string proc_username(const proc_ref& p);
uids_t proc_uids(const proc_ref& p);
gids_t proc_gids(const proc_ref& p);
std::optional<std::string> proc_terminal(const proc_ref& p);
io_counters_t proc_io_counters(const proc_ref& p);
ctx_switches_t proc_num_ctx_switches(const proc_ref& p);
int proc_num_fds(const proc_ref& p);
int proc_num_handles(const proc_ref& p);
int proc_num_threads(const proc_ref& p);
std::vector<thread_t> proc_threads(const proc_ref& p);
process_cpu_times_t proc_cpu_times(const proc_ref& p);
std::optional<int> proc_cpu_num(const proc_ref& p);
memory_info_t proc_memory_info(const proc_ref& p);
// psutil 8: memory_info's fields and the OS's extra ones (absent where not given).
memory_info_ex_t proc_memory_info_ex(const proc_ref& p);
page_faults_t proc_page_faults(const proc_ref& p);

// ---- process_ctl.cpp: priorities, limits, affinity, signals, wait -------------------------
// The setters check their arguments (the rules differ per OS); the shared layer has already
// checked that the PID is still this process.
int proc_nice(const proc_ref& p);
void proc_set_nice(const proc_ref& p, int value);
ionice_t proc_ionice(const proc_ref& p);
void proc_set_ionice(const proc_ref& p, ioprio_class ioclass, std::optional<int> value);
rlimit_t proc_rlimit(const proc_ref& p, int resource);
void proc_set_rlimit(const proc_ref& p, int resource, rlimit_t limits);
std::vector<int> proc_cpu_affinity(const proc_ref& p);
void proc_set_cpu_affinity(const proc_ref& p, const std::vector<int>& cpus);  // empty: all
void proc_send_signal(const proc_ref& p, int sig);
void proc_suspend(const proc_ref& p);
void proc_resume(const proc_ref& p);
void proc_terminate(const proc_ref& p);
void proc_kill(const proc_ref& p);
// Waits (timeout absent or >= 0, checked) and returns the exit code as process::wait gives it.
std::optional<int> proc_wait(const proc_ref& p, std::optional<double> timeout);
// psinfo::to_string(ioprio_class): the name of an I/O priority class on this OS.
const char* ioprio_class_name(ioprio_class c) noexcept;

// ---- process_mem.cpp -----------------------------------------------------------------------
memory_full_info_t proc_memory_full_info(const proc_ref& p);
// psutil 8's memory_footprint: the costly uss (pss, swap) that memory_full_info also gives
// (one code path for both).
memory_footprint_t proc_memory_footprint(const proc_ref& p);
std::vector<memory_map_t> proc_memory_maps(const proc_ref& p, bool grouped);

// ---- process_files.cpp ---------------------------------------------------------------------
std::vector<open_file_t> proc_open_files(const proc_ref& p);

// ---- net_connections.cpp -------------------------------------------------------------------
// Process.net_connections(kind): the process's sockets (a process that is gone:
// no_such_process, not an empty list). The shared layer drops each row's pid.
std::vector<connection_t> proc_net_connections(const proc_ref& p, const connection_kinds& kinds);

// ==== Shared helpers the backends use (defined once, in the shared layer) =====================

// cgroup_cpu_t::effective_cpus from the CPUs of an affinity mask and the cgroup CPU limit:
// min(affinity, ceil(limit)), at least 1 (src/container.cpp).
std::optional<int> effective_cpu_count(std::optional<int> affinity, std::optional<double> limit);

// psutil's kind ("inet", "tcp4" ...) as a table; unknown: invalid_argument (src/net.cpp).
connection_kinds connection_kinds_from(std::string_view kind);

// (src/process.cpp from here on.)
// psutil 8's _raise_if_pid_reused(): no_such_process only when the PID now belongs to another
// process than the one started at `start`. A process that is simply gone is left to the
// caller's own syscall.
void raise_if_pid_reused(long pid, double start);

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
