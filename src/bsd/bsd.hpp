// The BSD backend's inner contract. The contract files (cpu.cpp, memory.cpp ... process.cpp)
// hold what FreeBSD and OpenBSD do alike; each BSD's own files (freebsd_<area>.cpp,
// openbsd_<area>.cpp, chosen by cmake/sources.cmake) define the functions below, reading that
// kernel's structures; convert.hpp, kbuf.hpp and sockets.hpp turn their numbers into psutil's
// results. A new BSD (NetBSD) adds its <bsd>_<area>.cpp files and a flavor. What the POSIX
// systems share with macOS is in src/posix/.
#pragma once

#include <psinfo/cpu.hpp>
#include <psinfo/disk.hpp>
#include <psinfo/host.hpp>
#include <psinfo/memory.hpp>
#include <psinfo/net.hpp>
#include <psinfo/process.hpp>
#include <psinfo/sensors.hpp>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bsd/convert.hpp"
#include "platform.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail::bsd {

#if defined(__FreeBSD__)
inline constexpr flavor k_flavor = flavor::freebsd;
#elif defined(__OpenBSD__)
inline constexpr flavor k_flavor = flavor::openbsd;
#else
#error "src/bsd: FreeBSD or OpenBSD only (NetBSD is not supported yet)"
#endif

// ==== shared by both BSDs (bsd.cpp) ==========================================================

std::uint64_t page_size();
// kern.clockrate's stathz: the rate of the tick counters of kern.cp_time(s) / kern.cptime2.
int stat_hz();
// hw.ncpu.
int ncpu();
// kern.boottime in microseconds since the epoch.
std::int64_t boot_time_us();

// The process's kinfo_proc, or no_such_process.
kproc read_kproc(long pid);
// The same for a method's process, read once while a oneshot lasts (psutil's oneshot caches
// its kinfo_proc the same way).
kproc kinfo(const proc_ref& p);
// psutil's wrap_exceptions for a call that failed with err on a process: ESRCH (and the EINVAL
// / EFAULT the BSDs give for a process that is exiting) -> zombie_process when the process is
// a zombie, no_such_process when it is gone; EPERM / EACCES -> access_denied; else
// psinfo::error naming what.
[[noreturn]] void process_error(long pid, int err, const std::string& what);
// no_such_process when the process is gone, zombie_process when it is a zombie; returns
// otherwise (a call failed for a reason that is not the process's end).
void raise_if_gone_or_zombie(long pid);
// A per-process sysctl table (arguments, descriptors, memory map ...): its bytes, or
// process_error's exception.
std::vector<char> process_table(long pid, std::initializer_list<int> mib, const char* what);

// ==== each BSD's own (freebsd_<area>.cpp / openbsd_<area>.cpp) ================================

// ---- cpu --------------------------------------------------------------------------------------
cpu_ticks cp_time();                // all CPUs together
std::vector<cpu_ticks> cp_times();  // one per CPU that is there
std::optional<int> physical_cores();
cpu_stats_t cpu_stats_now();
std::vector<cpu_freq_t> cpu_freqs();

// ---- memory -----------------------------------------------------------------------------------
virtual_memory_t virtual_memory_now();
swap_memory_t swap_memory_now();
heap_info_t heap_info_now();  // FreeBSD: jemalloc's statistics; OpenBSD: not_supported
void heap_trim_now();

// ---- host -------------------------------------------------------------------------------------
std::vector<user_t> users_now();

// ---- disk -------------------------------------------------------------------------------------
std::map<std::string, disk_io_counters_t> disk_counters();
// psutil's mount options of this BSD, in psutil's order (MNT_RDONLY is "ro"/"rw" first).
const std::vector<posix::mount_flag>& mount_flags();

// ---- sensors ----------------------------------------------------------------------------------
std::map<std::string, std::vector<sensors_temperature_t>> temperatures();
std::optional<sensors_battery_t> battery();

// ---- net_connections --------------------------------------------------------------------------
std::vector<connection_t> connections(const connection_kinds& kinds);
// A process's sockets; the process is known to exist when called.
std::vector<connection_t> process_connections(long pid, const connection_kinds& kinds);

// ---- process ----------------------------------------------------------------------------------
// The process's kinfo_proc; absent when there is no such process.
std::optional<kproc> find_kproc(long pid);
// Every process's (vanished ones are not there).
std::vector<kproc> all_kprocs();
std::vector<std::string> cmdline(const kproc& k);
std::map<std::string, std::string> environ(const kproc& k);
std::string exe(const kproc& k);
std::string cwd(const kproc& k);
int num_fds(const kproc& k);
std::vector<thread_t> threads(const kproc& k);
std::vector<open_file_t> open_files(const kproc& k);
std::vector<memory_map_t> memory_maps(const kproc& k, bool grouped);
rlimit_t get_rlimit(long pid, int resource);
void set_rlimit(long pid, int resource, rlimit_t limits);
std::vector<int> get_affinity(long pid);
void set_affinity(long pid, const std::vector<int>& cpus);

}  // namespace psinfo::detail::bsd
