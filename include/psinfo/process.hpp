// psinfo — processes: psutil's Process, pids(), pid_exists(), process_iter(), wait_procs().
#pragma once

#include <psinfo/container.hpp>
#include <psinfo/export.h>
#include <psinfo/net.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The Windows CRT's <stdlib.h> defines `environ` as a macro, which would rename
// process::environ() and attr::environ; the variable stays reachable as _environ.
#if defined(_WIN32) && defined(environ)
#undef environ
#endif

namespace psinfo {
inline namespace PSINFO_ABI {

// psutil's status strings: "running", "sleeping", "disk-sleep", "stopped", "tracing-stop",
// "zombie", "dead", "wake-kill", "waking", "idle", "parked", "locked", "waiting",
// "suspended"; "?" when unknown.

// Process.cpu_times(), seconds. iowait: Linux only (delay accounting's blkio ticks).
struct process_cpu_times_t {
  double user = 0;
  double system = 0;
  double children_user = 0;
  double children_system = 0;
  std::optional<double> iowait;
};

// Process.memory_info(), bytes. psutil 8's Linux fields: rss, vms, shared, text, data.
// Other platforms fill what they have (Windows: the *_wset / pagefile fields).
struct memory_info_t {
  std::uint64_t rss = 0;
  std::uint64_t vms = 0;
  std::optional<std::uint64_t> shared;
  std::optional<std::uint64_t> text;
  std::optional<std::uint64_t> data;
  // Windows
  std::optional<std::uint64_t> num_page_faults, peak_wset, wset, peak_paged_pool, paged_pool,
      peak_nonpaged_pool, nonpaged_pool, pagefile, peak_pagefile, private_;
};

// Process.memory_full_info(): memory_info plus the costly figures from smaps.
struct memory_full_info_t {
  memory_info_t info;
  std::uint64_t uss = 0;
  std::optional<std::uint64_t> pss;   // Linux
  std::optional<std::uint64_t> swap;  // Linux
};

// Process.memory_info_ex() (psutil 8): memory_info's fields and more, bytes. A field this OS
// (or this process) does not give is absent, never 0: on Linux a kernel thread's status has no
// Vm*/Rss* lines, so all of them are absent there (psutil gives 0s).
struct memory_info_ex_t {
  memory_info_t info;
  // Linux (/proc/<pid>/status: VmHWM, VmPeak, RssAnon, RssFile, RssShmem, VmSwap,
  // HugetlbPages); peak_rss also macOS, Windows and the BSDs, peak_vms also Windows;
  // rss_anon and rss_file also macOS.
  std::optional<std::uint64_t> peak_rss, peak_vms, rss_anon, rss_file, rss_shmem, swap, hugetlb;
  // Windows: VirtualSize and PeakVirtualSize (the address space reserved); the pools are
  // memory_info's (info.paged_pool ...).
  std::optional<std::uint64_t> virtual_, peak_virtual;
  // macOS (task_info(TASK_VM_INFO), proc_pid_rusage's ri_wired_size)
  std::optional<std::uint64_t> wired, compressed, phys_footprint;
  // The BSDs (psutil's pmem_ex there is pmem: rss, vms, text, data, stack, peak_rss); peak_rss
  // is ru_maxrss.
  std::optional<std::uint64_t> stack;
};

// Process.memory_footprint() (psutil 8): memory_full_info's costly part. Linux: uss, pss and
// swap from smaps_rollup (or smaps); macOS, Windows: uss.
struct memory_footprint_t {
  std::uint64_t uss = 0;
  std::optional<std::uint64_t> pss;   // Linux
  std::optional<std::uint64_t> swap;  // Linux
};

// Process.memory_maps(): one mapping (grouped=false) or one path summed (grouped=true, where
// addr and perms are absent). Bytes.
struct memory_map_t {
  std::string path;  // "[anon]" for anonymous mappings, "[heap]", "[stack]" ... as the kernel says
  std::optional<std::string> addr;
  std::optional<std::string> perms;
  std::uint64_t rss = 0;
  std::uint64_t size = 0;
  std::uint64_t pss = 0;
  std::uint64_t shared_clean = 0;
  std::uint64_t shared_dirty = 0;
  std::uint64_t private_clean = 0;
  std::uint64_t private_dirty = 0;
  std::uint64_t referenced = 0;
  std::uint64_t anonymous = 0;
  std::uint64_t swap = 0;
};

// Process.uids() / gids().
struct uids_t {
  long real = 0, effective = 0, saved = 0;
};
using gids_t = uids_t;

// Process.io_counters(). read_chars/write_chars: Linux only; other_count/other_bytes: Windows
// only (I/O that is neither a read nor a write, e.g. DeviceIoControl).
struct io_counters_t {
  std::uint64_t read_count = 0;
  std::uint64_t write_count = 0;
  std::uint64_t read_bytes = 0;
  std::uint64_t write_bytes = 0;
  std::optional<std::uint64_t> read_chars;
  std::optional<std::uint64_t> write_chars;
  std::optional<std::uint64_t> other_count;
  std::optional<std::uint64_t> other_bytes;
};

struct ctx_switches_t {
  std::uint64_t voluntary = 0;
  std::uint64_t involuntary = 0;
};

// Process.threads(): one thread, CPU seconds.
struct thread_t {
  long id = 0;
  double user_time = 0;
  double system_time = 0;
};

// Process.open_files(): one regular file open by the process.
struct open_file_t {
  std::string path;
  int fd = -1;
  std::optional<std::uint64_t> position;  // Linux
  std::optional<std::string> mode;        // Linux: "r", "w", "a", "r+", "a+"
  std::optional<int> flags;               // Linux: the open(2) flags
};

// Process.page_faults() (psutil 8).
struct page_faults_t {
  std::uint64_t minor = 0;
  std::uint64_t major = 0;
};

// Process.rlimit(): -1 is RLIM_INFINITY (psutil.RLIM_INFINITY).
struct rlimit_t {
  std::int64_t soft = -1;
  std::int64_t hard = -1;
};
constexpr std::int64_t rlim_infinity = -1;

// Process.ionice(). Linux: psutil.IOPRIO_CLASS_NONE(0) / RT(1) / BE(2) / IDLE(3), with a value.
// Windows: psutil.IOPRIO_VERYLOW(0) / LOW(1) / NORMAL(2) / HIGH(3), the value is always 0
// (psutil's Windows ionice() is the class alone).
enum class ioprio_class : int {
  none = 0,
  rt = 1,
  be = 2,
  idle = 3,  // Linux
  verylow = 0,
  low = 1,
  normal = 2,
  high = 3,  // Windows
};
// The name for this OS: "IOPRIO_CLASS_NONE" ... "IOPRIO_CLASS_IDLE" on Linux,
// "IOPRIO_VERYLOW" ... "IOPRIO_HIGH" on Windows.
PSINFO_API const char* to_string(ioprio_class c) noexcept;
struct ionice_t {
  ioprio_class ioclass = ioprio_class::none;
  int value = 0;
};

// A process, identified like psutil's by its PID and its start time. As in psutil 8, the methods
// that act or that psutil pre-checks (ppid, children, as_dict, every setter, signals) throw
// no_such_process when the PID now belongs to another process; plain getters read whatever
// process has the PID now: check is_running() when that matters.
// Copies share nothing but the identity; an object is not meant to be used from two threads at
// once (like psutil's Process).
class PSINFO_API process {
 public:
  // The process with this PID now. pid < 0: invalid_argument; not found: no_such_process.
  // A zombie can be created (it still has a PID).
  explicit process(long pid);
  static process self();  // the calling process

  process(const process&);
  process& operator=(const process&);
  process(process&&) noexcept;
  process& operator=(process&&) noexcept;
  ~process();

  long pid() const noexcept { return pid_; }
  // Same PID and same start time (a zero start time, unknown, matches any).
  bool operator==(const process& other) const noexcept;
  bool operator!=(const process& other) const noexcept { return !(*this == other); }

  // True if the PID still exists and is still this process (not a reused PID).
  bool is_running() const;

  long ppid() const;
  std::string name() const;
  std::string exe() const;  // "" when it cannot be determined (as psutil)
  std::vector<std::string> cmdline() const;
  std::map<std::string, std::string> environ() const;
  double create_time() const;  // seconds since the epoch
  std::string status() const;  // psutil's strings, see above
  std::string cwd() const;
  std::string username() const;  // the real uid's name, or the uid as text
  uids_t uids() const;
  gids_t gids() const;
  std::optional<std::string> terminal() const;  // absent without a controlling tty

  int nice() const;
  void nice(int value);
  ionice_t ionice() const;
  // value: absent means 0 (as psutil's None). Out of range / value with NONE or IDLE:
  // invalid_argument.
  void ionice(ioprio_class ioclass, std::optional<int> value = std::nullopt);
  // resource: RLIMIT_* of <sys/resource.h>.
  rlimit_t rlimit(int resource) const;
  void rlimit(int resource, rlimit_t limits);

  io_counters_t io_counters() const;
  ctx_switches_t num_ctx_switches() const;
  int num_fds() const;      // POSIX
  int num_handles() const;  // Windows (psutil's num_handles); not_supported elsewhere
  int num_threads() const;
  std::vector<thread_t> threads() const;

  process_cpu_times_t cpu_times() const;
  // Like psutil: interval > 0 blocks; interval 0 compares with this object's previous call
  // (the first call returns 0.0). Can exceed 100 on several CPUs.
  double cpu_percent(double interval = 0.0);
  std::optional<int> cpu_num() const;
  std::vector<int> cpu_affinity() const;
  void cpu_affinity(const std::vector<int>& cpus);  // empty: every eligible CPU

  memory_info_t memory_info() const;
  memory_full_info_t memory_full_info() const;  // psutil 8 deprecates it: memory_footprint
  memory_info_ex_t memory_info_ex() const;      // psutil 8
  memory_footprint_t memory_footprint() const;  // psutil 8; not_supported on the BSDs
  // memtype: a field of memory_info, memory_full_info, memory_info_ex or memory_footprint
  // ("rss", "vms", "uss", "pss", "peak_rss" ...), read by the method psutil 8 reads it with
  // (uss, pss, swap: memory_footprint). Unknown, or a field this OS (or this process: a Linux
  // kernel thread has no peak_rss ...) does not give: invalid_argument. Not rounded.
  double memory_percent(std::string_view memtype = "rss") const;
  std::vector<memory_map_t> memory_maps(bool grouped = true) const;
  page_faults_t page_faults() const;
  std::vector<open_file_t> open_files() const;
  std::vector<connection_t> net_connections(std::string_view kind = "inet") const;
  // psinfo's own (psinfo/container.hpp): the process's cgroups, as psinfo::cgroup(pid).
  cgroup_t cgroup() const;

  std::optional<process> parent() const;
  std::vector<process> parents() const;  // parent first, up to PID 1 (or 0)
  std::vector<process> children(bool recursive = false) const;

  // POSIX: kill(2) with sig. Windows (as psutil): SIGTERM, and SIGKILL where the CRT lacks it,
  // end the process with TerminateProcess; CTRL_C_EVENT / CTRL_BREAK_EVENT go to its console
  // group; anything else is invalid_argument.
  void send_signal(int sig);
  void suspend();    // POSIX: SIGSTOP; Windows: every thread suspended (NtSuspendProcess)
  void resume();     // POSIX: SIGCONT; Windows: NtResumeProcess
  void terminate();  // POSIX: SIGTERM; Windows: TerminateProcess
  void kill();       // POSIX: SIGKILL; Windows: TerminateProcess
  // Waits for the process to end. Returns its exit code (negative signal number if killed by a
  // signal) when it is a child of the caller, absent otherwise. timeout absent: wait forever;
  // 0: do not block. Ran out: timeout_expired. Negative timeout: invalid_argument.
  std::optional<int> wait(std::optional<double> timeout = std::nullopt);

  // psutil's oneshot(): while the returned guard lives, the /proc files behind many methods
  // are read once and their parsed content reused. Nesting is a no-op.
  class PSINFO_API oneshot_guard {
   public:
    explicit oneshot_guard(const process& p);
    ~oneshot_guard();
    oneshot_guard(const oneshot_guard&) = delete;
    oneshot_guard& operator=(const oneshot_guard&) = delete;

   private:
    const process* p_;
    bool owner_;
  };
  oneshot_guard oneshot() const { return oneshot_guard(*this); }

  struct state;  // implementation detail (caches, previous cpu sample)

 private:
  long pid_ = 0;
  double start_ = 0;  // start time since boot, seconds (0 = unknown)
  std::unique_ptr<state> state_;
  friend class oneshot_guard;
};

// The attributes process_iter / as_dict can fetch (psutil's attribute names).
enum class attr : std::uint64_t {
  pid = 1ull << 0,
  ppid = 1ull << 1,
  name = 1ull << 2,
  exe = 1ull << 3,
  cmdline = 1ull << 4,
  environ = 1ull << 5,
  create_time = 1ull << 6,
  status = 1ull << 7,
  cwd = 1ull << 8,
  username = 1ull << 9,
  uids = 1ull << 10,
  gids = 1ull << 11,
  terminal = 1ull << 12,
  nice = 1ull << 13,
  ionice = 1ull << 14,
  io_counters = 1ull << 15,
  num_ctx_switches = 1ull << 16,
  num_fds = 1ull << 17,
  num_threads = 1ull << 18,
  threads = 1ull << 19,
  cpu_times = 1ull << 20,
  cpu_percent = 1ull << 21,
  cpu_num = 1ull << 22,
  cpu_affinity = 1ull << 23,
  memory_info = 1ull << 24,
  memory_full_info = 1ull << 25,
  memory_percent = 1ull << 26,
  memory_maps = 1ull << 27,
  page_faults = 1ull << 28,
  open_files = 1ull << 29,
  net_connections = 1ull << 30,
  num_handles = 1ull << 31,
  cgroup = 1ull << 32,  // psinfo's own (Linux): process::cgroup()
};
constexpr attr operator|(attr a, attr b) noexcept {
  return static_cast<attr>(static_cast<std::uint64_t>(a) | static_cast<std::uint64_t>(b));
}
constexpr bool has(attr set, attr a) noexcept {
  return (static_cast<std::uint64_t>(set) & static_cast<std::uint64_t>(a)) != 0;
}
constexpr attr all_attrs = static_cast<attr>((1ull << 33) - 1);
// The attributes this OS has (psutil's as_dict() keys here): Linux all but num_handles;
// Windows has num_handles but not uids, gids, terminal, num_fds, cpu_num. as_dict(p) and the
// CLI use it when no attributes are named. psinfo's own cgroup is never in it (as_dict()
// stays psutil's): name it to have it.
PSINFO_API attr supported_attrs() noexcept;
// psutil's name of an attribute ("cpu_times"); parse one back (invalid_argument if unknown).
PSINFO_API const char* to_string(attr a) noexcept;
PSINFO_API attr attr_from_string(std::string_view name);

// psutil's Process.as_dict() / process_iter(attrs).info: what was asked for, each absent when
// not asked for, when access was denied, or when the process is a zombie that no longer has it
// (psutil's ad_value = None).
struct process_info_t {
  long pid = 0;
  std::optional<long> ppid;
  std::optional<std::string> name, exe;
  std::optional<std::vector<std::string>> cmdline;
  std::optional<std::map<std::string, std::string>> environ;
  std::optional<double> create_time;
  std::optional<std::string> status, cwd, username;
  std::optional<uids_t> uids;
  std::optional<gids_t> gids;
  std::optional<std::string> terminal;  // also absent when the process has no tty
  std::optional<int> nice;
  std::optional<ionice_t> ionice;
  std::optional<io_counters_t> io_counters;
  std::optional<ctx_switches_t> num_ctx_switches;
  std::optional<int> num_fds, num_threads, num_handles;
  std::optional<std::vector<thread_t>> threads;
  std::optional<process_cpu_times_t> cpu_times;
  std::optional<double> cpu_percent;
  std::optional<int> cpu_num;
  std::optional<std::vector<int>> cpu_affinity;
  std::optional<memory_info_t> memory_info;
  std::optional<memory_full_info_t> memory_full_info;
  std::optional<double> memory_percent;
  std::optional<std::vector<memory_map_t>> memory_maps;
  std::optional<page_faults_t> page_faults;
  std::optional<std::vector<open_file_t>> open_files;
  std::optional<std::vector<connection_t>> net_connections;
  std::optional<cgroup_t> cgroup;
};

// The attributes of one process, read under oneshot. A process that vanished midway:
// no_such_process (as psutil's as_dict).
PSINFO_API process_info_t as_dict(process& p, attr attrs = all_attrs);

// psutil.pids(): sorted.
PSINFO_API std::vector<long> pids();
// psutil.pid_exists(): false for negative PIDs and for thread IDs.
PSINFO_API bool pid_exists(long pid);

// psutil.process_iter(): every process, sorted by PID, skipping those that vanish while listed.
PSINFO_API std::vector<process> process_iter();
// psutil.process_iter(attrs): the bulk snapshot. Reads only the files the attributes need, and
// skips processes that vanish during the scan. cpu_percent compares with the previous
// snapshot of the same process in this program (0.0 the first time), as psutil's cache does.
PSINFO_API std::vector<process_info_t> process_iter(attr attrs);

// psutil.wait_procs(): waits until all are gone or timeout (absent: forever) runs out;
// callback is called once per process that ends. gone holds each ended process's return code
// (as process::wait gives it).
struct wait_procs_result {
  std::vector<std::pair<process, std::optional<int>>> gone;
  std::vector<process> alive;
};
PSINFO_API wait_procs_result
wait_procs(std::vector<process> procs, std::optional<double> timeout = std::nullopt,
           const std::function<void(const process&, std::optional<int>)>& callback = {});

}  // namespace PSINFO_ABI
}  // namespace psinfo
