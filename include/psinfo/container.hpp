// psinfo — containers: the cgroups a process lives in (limits and usage of each controller),
// the CPU count and the memory a program should size itself by, and pressure stall
// information (PSI). psinfo's own (psutil reports the host): docs/container.md.
//
// Every value that is unlimited or not available is absent, never a huge number standing for
// "max" nor a zero. Units are psutil's: bytes, seconds (double), percent 0-100; PSI totals are
// the kernel's microseconds.
#pragma once

#include <psinfo/export.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace psinfo {
inline namespace PSINFO_ABI {

// Which cgroup hierarchies the system has mounted (seen from /proc/self/mountinfo): none; v1
// controllers only; the unified (v2) hierarchy only (v1 hierarchies without a controller,
// such as name=systemd, do not count); hybrid: v1 controllers and the unified hierarchy.
enum class cgroup_version : int { none = 0, v1 = 1, v2 = 2, hybrid = 3 };
// "none", "v1", "v2", "hybrid".
PSINFO_API const char* to_string(cgroup_version v) noexcept;

// Pressure stall information of one resource, one line of a *.pressure file: the share of
// wall time in which some (or all: full) runnable tasks were stalled on it, as percentages
// averaged over 10, 60 and 300 seconds, and the total stall time in microseconds.
struct psi_line_t {
  double avg10 = 0;
  double avg60 = 0;
  double avg300 = 0;
  std::uint64_t total = 0;  // microseconds
};
// Each line is absent where the kernel does not give it (irq has no `some`; cpu's `full`
// came in Linux 5.13).
struct psi_t {
  std::optional<psi_line_t> some;
  std::optional<psi_line_t> full;
};
// pressure(): each resource absent where the kernel has no PSI for it (no CONFIG_PSI,
// psi=0, irq without CONFIG_IRQ_TIME_ACCOUNTING).
struct pressure_t {
  std::optional<psi_t> cpu;
  std::optional<psi_t> memory;
  std::optional<psi_t> io;
  std::optional<psi_t> irq;
};

// The cpu, cpuacct and cpuset controllers. v1 files are read where the controller is mounted
// as v1, v2 files where it is on the unified hierarchy.
struct cgroup_cpu_t {
  // This cgroup's bandwidth limit: quota seconds of CPU time per period seconds (v2 cpu.max,
  // v1 cpu.cfs_quota_us / cpu.cfs_period_us). quota absent: no limit ("max", -1).
  std::optional<double> quota;
  std::optional<double> period;
  // The CPUs the bandwidth limits allow: the smallest quota / period over this cgroup and
  // every ancestor it can see (0.5: half a CPU). Absent: no limit anywhere.
  std::optional<double> limit;
  // The number of threads a CPU-bound pool should have: min(CPUs in the process's affinity
  // mask, ceil(limit)), as OpenJDK and Go 1.25 compute it (docs/container.md: their
  // differences).
  std::optional<int> effective_cpus;
  std::optional<std::uint64_t> weight;  // v2 cpu.weight, 1 to 10000 (100: the default)
  std::optional<std::uint64_t> shares;  // v1 cpu.shares (1024: the default)
  // cpuset: the CPUs and memory nodes the cgroup may use (the effective lists).
  std::optional<std::vector<int>> cpus;
  std::optional<std::vector<int>> mems;
  // CPU time used by the cgroup and its descendants, seconds (v2 cpu.stat usage_usec,
  // user_usec, system_usec; v1 cpuacct.usage, cpuacct.stat).
  std::optional<double> usage;
  std::optional<double> user;
  std::optional<double> system;
  // Bandwidth enforcement (cpu.stat): periods elapsed, periods throttled, time throttled.
  std::optional<std::uint64_t> nr_periods;
  std::optional<std::uint64_t> nr_throttled;
  std::optional<double> throttled_time;  // seconds
};

// The memory controller, bytes.
struct cgroup_memory_t {
  // This cgroup's limits (absent: "max" / unlimited). v2: memory.max, memory.high,
  // memory.low, memory.min, memory.swap.max. v1: max = memory.limit_in_bytes, low =
  // memory.soft_limit_in_bytes (as OpenJDK reports it), swap_max = memory.memsw.limit_in_bytes
  // - memory.limit_in_bytes (v1 limits memory and swap together).
  std::optional<std::uint64_t> max;
  std::optional<std::uint64_t> high;
  std::optional<std::uint64_t> low;
  std::optional<std::uint64_t> min;
  std::optional<std::uint64_t> swap_max;
  // The smallest max over this cgroup and every ancestor it can see (v1 also
  // memory.stat's hierarchical_memory_limit).
  std::optional<std::uint64_t> effective_max;
  // Use: v2 memory.current, memory.peak, memory.swap.current; v1 memory.usage_in_bytes,
  // memory.max_usage_in_bytes, memory.memsw.usage_in_bytes - memory.usage_in_bytes.
  std::optional<std::uint64_t> current;
  std::optional<std::uint64_t> peak;
  std::optional<std::uint64_t> swap_current;
  // From memory.stat (v1: the total_ keys, which count descendants as v2 does; v1 has no
  // kernel figure): anon (v1 total_rss), file (v1 total_cache), kernel, shmem, active_file,
  // inactive_file.
  std::optional<std::uint64_t> anon;
  std::optional<std::uint64_t> file;
  std::optional<std::uint64_t> kernel;
  std::optional<std::uint64_t> shmem;
  std::optional<std::uint64_t> active_file;
  std::optional<std::uint64_t> inactive_file;
  // cAdvisor's and the kubelet's working set: current - inactive_file.
  std::optional<std::uint64_t> working_set;
  // What the cgroup can still use before a limit of its own or of an ancestor bites: the
  // smallest (max - working_set) over the levels that have a limit. Absent: no limit.
  std::optional<std::uint64_t> available;
  // Events: times the OOM killer was invoked in the cgroup (v2 memory.events oom) and
  // processes it killed (oom_kill; v1 memory.oom_control's oom_kill, Linux 4.13+).
  std::optional<std::uint64_t> oom;
  std::optional<std::uint64_t> oom_kill;
  // memory.stat as the kernel wrote it, every key (bytes; counts for the event keys).
  std::map<std::string, std::uint64_t> stat;
};

// The pids controller: pids.max (absent: "max") and pids.current.
struct cgroup_pids_t {
  std::optional<std::uint64_t> max;
  std::optional<std::uint64_t> current;
};

// One block device of the io (v2) or blkio (v1) controller.
struct cgroup_io_t {
  // Throttling limits (absent: none). v2 io.max; v1 blkio.throttle.read_bps_device,
  // write_bps_device, read_iops_device, write_iops_device.
  std::optional<std::uint64_t> rbps;
  std::optional<std::uint64_t> wbps;
  std::optional<std::uint64_t> riops;
  std::optional<std::uint64_t> wiops;
  // Bytes and operations done by the cgroup and its descendants. v2 io.stat; v1
  // blkio.throttle.io_service_bytes_recursive / io_serviced_recursive (Read, Write, Discard).
  std::optional<std::uint64_t> rbytes;
  std::optional<std::uint64_t> wbytes;
  std::optional<std::uint64_t> rios;
  std::optional<std::uint64_t> wios;
  std::optional<std::uint64_t> dbytes;
  std::optional<std::uint64_t> dios;
};

// cgroup(pid) / process::cgroup().
struct cgroup_t {
  cgroup_version version = cgroup_version::none;
  // The process's path in each hierarchy, as /proc/PID/cgroup gives it (relative to the
  // reader's cgroup namespace: "/" inside a container with its own namespace): keyed by the
  // v1 hierarchy's controllers ("cpu,cpuacct", "memory", "name=systemd"), the unified
  // hierarchy by "unified".
  std::map<std::string, std::string> paths;
  cgroup_cpu_t cpu;
  cgroup_memory_t memory;
  cgroup_pids_t pids;
  std::map<std::string, cgroup_io_t> io;  // keyed by device, "MAJOR:MINOR"
  // The cgroup's own PSI (the *.pressure files of its unified directory; without one, files
  // of those names in its v1 cpu, memory and blkio directories where present).
  pressure_t pressure;
};

// The cgroups of the calling process / of process pid (no_such_process if there is none).
// A system without cgroups mounted gives version none and every value absent; a cgroup file
// that cannot be parsed is an error naming it. not_supported on systems without cgroups
// (Windows, macOS, the BSDs).
PSINFO_API cgroup_t cgroup();
PSINFO_API cgroup_t cgroup(long pid);

// System-wide PSI from /proc/pressure/*. not_supported where the OS has no PSI (all but Linux).
PSINFO_API pressure_t pressure();

// The CPU count a thread pool of the calling process should use: min(CPUs in its affinity
// mask, ceil(its cgroup's CPU limit)). Where the OS has no affinity mask, cpu_count(); where
// it has no cgroups, no limit applies. Absent when no CPU count can be determined.
PSINFO_API std::optional<int> cpu_count_effective();

// The memory the calling process may use, bytes: the host's (virtual_memory()) capped by its
// cgroup's limits. total = min(host total, effective_max); available = min(host available,
// memory.available of the cgroup); used = total - available; percent = used / total * 100,
// rounded to 0.1. limit: effective_max, absent when no limit applies (then total, available,
// used and percent are virtual_memory()'s).
struct virtual_memory_effective_t {
  std::uint64_t total = 0;
  std::uint64_t available = 0;
  std::uint64_t used = 0;
  double percent = 0;
  std::optional<std::uint64_t> limit;
};
PSINFO_API virtual_memory_effective_t virtual_memory_effective();

}  // namespace PSINFO_ABI
}  // namespace psinfo
