// The BSD kernels' numbers turned into psutil's results: pure functions over plain values, no
// system call and no system header, so they build and are tested on any OS (tests/bsd/). Each
// BSD's own files (freebsd_*.cpp, openbsd_*.cpp) read the kernel's structures and fill the
// plain structs below; what the numbers mean (units, which counters psutil adds up, the status
// names) is decided here, once. Where a BSD differs, the function takes the flavour.
#pragma once

#include <psinfo/cpu.hpp>
#include <psinfo/disk.hpp>
#include <psinfo/host.hpp>
#include <psinfo/memory.hpp>
#include <psinfo/process.hpp>
#include <psinfo/sensors.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace psinfo::detail::bsd {

// Which BSD the numbers come from (NetBSD: not supported yet, README.md).
enum class flavor { freebsd, openbsd };

// ---- CPU ------------------------------------------------------------------------------------

// One CPU's statistics-clock ticks in each of the states psutil reports (FreeBSD's CP_USER,
// CP_NICE, CP_SYS, CP_INTR, CP_IDLE; OpenBSD's CP_SPIN is not one of psutil's fields).
struct cpu_ticks {
  std::uint64_t user = 0, nice = 0, sys = 0, intr = 0, idle = 0;
  // A CPU that never ticked is not there (FreeBSD's kern.cp_times has a zero row for each
  // absent CPU up to mp_maxid; top(1) leaves them out the same way).
  bool any() const noexcept { return (user | nice | sys | intr | idle) != 0; }
};
cpu_ticks operator+(const cpu_ticks& a, const cpu_ticks& b) noexcept;

// psutil's scputimes(user, system, idle, nice, irq) in seconds: ticks / the statistics clock's
// rate (kern.clockrate's stathz; psutil divides by CLOCKS_PER_SEC, 128 on FreeBSD, while the
// kernel ticks at stathz, 127 there). stathz <= 0: invalid_argument.
cpu_times_t cpu_times_from_ticks(const cpu_ticks& t, int stathz);

// FreeBSD's dev.cpu.N.freq_levels ("2400/45000 2200/39000 ... 800/9000": MHz/milliwatts, the
// fastest first): psutil's (min, max) = (the last level's MHz, the first level's MHz), each
// absent when it cannot be read.
std::pair<std::optional<double>, std::optional<double>> freq_levels_min_max(std::string_view s);

// ---- memory ---------------------------------------------------------------------------------

// FreeBSD: hw.physmem (bytes), the vm.stats.vm.v_*_count page counts, vfs.bufspace (bytes), the
// vm.vmtotal shared pages, and the page size.
struct freebsd_vm {
  std::uint64_t physmem = 0, page_size = 0;
  std::uint64_t active = 0, inactive = 0, wired = 0, free = 0;  // pages
  std::optional<std::uint64_t> cache;  // v_cache_count (pages), absent where there is none
  std::uint64_t bufspace = 0;          // bytes
  std::uint64_t vmshr = 0, rmshr = 0;  // vmtotal t_vmshr + t_rmshr, pages
};
// psutil's FreeBSD virtual_memory(): available = inactive + cached + free, used = active +
// wired + cached, percent = (total - available) / total.
virtual_memory_t virtual_memory_from(const freebsd_vm& v);

// OpenBSD: hw.physmem64, uvmexp's page counts, the buffer cache's pages (vfs.generic.bcachestat
// numbufpages), vmtotal's t_rmshr, the page size.
struct openbsd_vm {
  std::uint64_t physmem = 0, page_size = 0;
  std::uint64_t active = 0, inactive = 0, wired = 0, free = 0;  // pages
  std::uint64_t bufpages = 0;                                   // pages
  std::uint64_t rmshr = 0;                                      // pages
};
// psutil's OpenBSD virtual_memory(): buffers = cached = the buffer cache, available =
// inactive + cached + free, used = active + wired + cached, shared = real shared memory.
virtual_memory_t virtual_memory_from(const openbsd_vm& v);

// swap_memory() from the totals of the swap devices: total and used in pages (FreeBSD
// kvm_getswapinfo) or 512-byte blocks (OpenBSD swapctl), whichever unit `unit` says; sin and
// sout are the pages swapped in and out since boot, turned into bytes.
swap_memory_t swap_memory_from(std::uint64_t total, std::uint64_t used, std::uint64_t unit,
                               std::uint64_t pages_in, std::uint64_t pages_out,
                               std::uint64_t page_size);

// One swap device of OpenBSD's swapctl(SWAP_STATS): its size and use in DEV_BSIZE blocks and
// whether it is enabled (SWF_ENABLE).
struct swap_device {
  std::uint64_t blocks = 0, in_use = 0;
  bool enabled = false;
};
// The enabled devices' (total, used), psutil's sum.
std::pair<std::uint64_t, std::uint64_t> swap_totals(const std::vector<swap_device>& devices);

// ---- disks ----------------------------------------------------------------------------------

// A struct bintime (seconds + a 64-bit binary fraction) in whole milliseconds, as psutil.
std::uint64_t bintime_ms(std::int64_t sec, std::uint64_t frac) noexcept;

// One FreeBSD devstat entry, the fields psutil reads (indexes DEVSTAT_READ / DEVSTAT_WRITE).
struct devstat_entry {
  std::string name;  // device_name + unit_number: "ada0"
  std::uint64_t read_ops = 0, write_ops = 0, read_bytes = 0, write_bytes = 0;
  std::int64_t read_sec = 0, write_sec = 0, busy_sec = 0;
  std::uint64_t read_frac = 0, write_frac = 0, busy_frac = 0;
};
// psutil's FreeBSD disk_io_counters entry: counts, bytes, read/write/busy time in ms.
disk_io_counters_t io_counters_from(const devstat_entry& d);

// One OpenBSD hw.diskstats entry: counts and bytes (psutil's fields), and ds_time, the time the
// disk was busy (psutil leaves it out; it is busy_time's meaning exactly). No read/write times.
struct diskstats_entry {
  std::string name;
  std::uint64_t rxfer = 0, wxfer = 0, rbytes = 0, wbytes = 0;
  std::int64_t busy_sec = 0, busy_usec = 0;
};
disk_io_counters_t io_counters_from(const diskstats_entry& d);

// "<name><unit>" from a fixed-size, maybe unterminated, name field.
std::string device_name(const char* name, std::size_t size, long unit);
// The bytes of a fixed-size char field up to its first NUL (all of it when there is none).
std::string fixed_string(const char* s, std::size_t size);

// ---- processes ------------------------------------------------------------------------------

// One process of the kernel's process table (FreeBSD's struct kinfo_proc, OpenBSD's), in plain
// numbers. Times are microseconds; sizes are pages unless said otherwise.
struct kproc {
  long pid = 0, ppid = 0;
  std::string name;  // ki_comm / p_comm
  int stat = 0;      // the S* state code
  long ruid = 0, euid = 0, suid = 0, rgid = 0, egid = 0, sgid = 0;
  std::optional<std::uint64_t> tdev;  // the controlling tty's device; absent without one
  std::int64_t start_us = 0;          // start time, microseconds since the epoch (0: unknown)
  std::int64_t utime_us = 0, stime_us = 0;
  // Children's user and system time; OpenBSD has only their sum (psutil then reports it for
  // both, as here).
  std::int64_t cutime_us = 0, cstime_us = 0;
  std::uint64_t rss = 0, text = 0, data = 0, stack = 0;  // pages
  std::optional<std::uint64_t> vsize;                    // bytes (FreeBSD's ki_size)
  std::uint64_t maxrss_kib = 0;                          // ru_maxrss
  std::uint64_t nvcsw = 0, nivcsw = 0, inblock = 0, oublock = 0, minflt = 0, majflt = 0;
  int nice = 0;                    // already without NZERO: -20..20
  int oncpu = -1, lastcpu = -1;    // FreeBSD: the CPU it runs on / ran on last (-1: none)
  std::optional<int> num_threads;  // FreeBSD's ki_numthreads
  bool system = false;             // a kernel process (P_SYSTEM)
};

// The S* state codes, the same numbers on FreeBSD and OpenBSD (sys/proc.h; the per-BSD files
// check them against the headers): 1 SIDL, 2 SRUN, 3 SSLEEP, 4 SSTOP, 5 SZOMB, then FreeBSD's
// 6 SWAIT, 7 SLOCK and OpenBSD's 6 SDEAD, 7 SONPROC.
// psutil's status() name ("?" for an unknown code): FreeBSD SRUN is "running"; OpenBSD SRUN
// (runnable, on a run queue) is "waking" and SONPROC "running", SDEAD a zombie.
const char* status_name(flavor f, int stat) noexcept;
bool is_zombie(flavor f, int stat) noexcept;

// memory_info(): rss, vms, text, data in bytes. vms is FreeBSD's ki_size, else (OpenBSD, as
// ps(1) and psutil) text + data + stack pages. Products that overflow saturate.
memory_info_t memory_info_from(const kproc& k, std::uint64_t page_size);
// memory_info_ex() (psutil's pmem_ex = pmem on the BSDs): memory_info's fields, stack and
// peak_rss (ru_maxrss, KiB) in bytes.
memory_info_ex_t memory_info_ex_from(const kproc& k, std::uint64_t page_size);
// cpu_times(): user, system, children_user, children_system seconds.
process_cpu_times_t cpu_times_from(const kproc& k);
// cpu_num(): FreeBSD's rule (top(1)'s): the CPU a running process is on, else the last one it
// ran on; absent when the kernel says none (-1) or on OpenBSD, which does not keep it.
std::optional<int> cpu_num_from(flavor f, const kproc& k);
// Seconds from microseconds.
inline double us_to_seconds(std::int64_t us) noexcept { return static_cast<double>(us) / 1e6; }

// ---- sensors (FreeBSD) ----------------------------------------------------------------------

// A sysctl temperature in tenths of a kelvin (dev.cpu.N.temperature, "IK" format) in Celsius.
// The kernel's 0.1 degree is kept (psutil drops it: C integer division).
double decikelvin_to_celsius(int dk) noexcept;
// psutil's "coretemp" entry for CPU n: label "Core n"; high and critical are tjmax
// (dev.cpu.N.coretemp.tjmax), absent when unknown (<= 0 C, or not given).
sensors_temperature_t core_temperature(int cpu, int temp_dk, std::optional<int> tjmax_dk);
// psutil's FreeBSD sensors_battery() from hw.acpi.battery.life (%), hw.acpi.battery.time
// (minutes, -1 unknown) and hw.acpi.acline (1 on AC power).
sensors_battery_t battery_from(int life, int minutes_left, int acline);

// ---- users (OpenBSD's utmp) -----------------------------------------------------------------

// psutil's users() row from a utmp record (line, name, host, time); absent for a reboot or
// shutdown record (line "~"). The host of a local or X (":0") session is "localhost", as the
// utmpx systems say it (psutil's OpenBSD code leaves it empty). OpenBSD records no pid.
std::optional<user_t> user_from_utmp(const std::string& line, const std::string& name,
                                     const std::string& host, std::int64_t time);

// ---- lists of strings -----------------------------------------------------------------------

// A sysctl's NUL-separated strings (FreeBSD kern.proc.args / kern.proc.env): every string,
// empty ones inside the list kept; a last string without its NUL is kept too.
std::vector<std::string> split_nul_list(std::string_view buf);
// environ() from "KEY=VALUE" strings: psutil's dict (strings without '=' skipped, the last of
// a repeated key wins).
std::map<std::string, std::string> environ_from(const std::vector<std::string>& entries);

// OpenBSD's kern.proc_args (KERN_PROC_ARGV / KERN_PROC_ENV): an array of pointers, ended by a
// null one, into strings that follow in the same buffer; the kernel wrote the pointers as the
// addresses the buffer has in the caller (`base`). Pointers are read in the host's byte order
// and `pointer_size` bytes wide (4 or 8). A pointer outside the buffer, or a string that runs
// past its end, ends the list there (the kernel truncates long argument lists).
std::vector<std::string> split_pointer_list(std::string_view buf, std::uint64_t base,
                                            std::size_t pointer_size);

}  // namespace psinfo::detail::bsd
