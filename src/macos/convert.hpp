// macOS: the pure conversions from what the kernel hands back (Mach ticks and page counts,
// sysctl structs, KERN_PROCARGS2 buffers, IOKit dictionaries, routing messages) to psinfo's
// results, by psutil's formulas. No system header here: the inputs are plain values, and
// layouts are byte offsets, so tests/macos runs these on any machine; the backend files
// static_assert each offset and constant against Apple's headers where it includes them.
#pragma once

#include <psinfo/cpu.hpp>
#include <psinfo/disk.hpp>
#include <psinfo/memory.hpp>
#include <psinfo/net.hpp>
#include <psinfo/process.hpp>
#include <psinfo/sensors.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace psinfo::detail::macos {

// ---- CPU ------------------------------------------------------------------------------------

// One CPU's (or the host's) cpu_ticks[CPU_STATE_MAX] of host_processor_info /
// host_statistics(HOST_CPU_LOAD_INFO), indexed by CPU_STATE_USER (0), SYSTEM (1), IDLE (2),
// NICE (3).
constexpr int cpu_state_user = 0, cpu_state_system = 1, cpu_state_idle = 2, cpu_state_nice = 3;
// psutil: each count / CLK_TCK (100 on macOS): user, system, idle, nice.
cpu_times_t cpu_times_from_ticks(const std::uint32_t ticks[4]);
constexpr double clk_tck = 100;

// psutil's cpu_stats(): host_statistics(HOST_VM_INFO) read through struct vmmeter's layout, so
// its first five 32-bit words (vm_statistics' free, active, inactive, wire and zero-fill
// counts) come out as v_swtch, v_trap, v_syscall, v_intr and v_soft. Reproduced as psutil
// reports them: ctx_switches = word 0, interrupts = word 3, soft_interrupts = word 4,
// syscalls = word 2.
cpu_stats_t cpu_stats_from_vm_words(const std::uint32_t words[5]);

// psutil's cpu_freq() on Apple silicon: the DVFS tables of the "pmgr" registry entry. Each
// property named "voltage-states<digits>-sram" holding data is a table of 8-byte entries (a
// little-endian 32-bit frequency, then a voltage): Hz above 1e8, else kHz; values outside
// 500-20000 MHz dropped; a table counts as a CPU cluster when its highest frequency is at
// least 2000 MHz. current = max = the highest, min = the lowest, in MHz; absent when no table
// qualifies.
struct freq_table {
  std::string key;
  std::string data;  // the property's bytes
};
std::optional<cpu_freq_t> cpu_freq_from_pmgr(const std::vector<freq_table>& props);
// On Intel: hw.cpufrequency (Hz), hw.cpufrequency_min / _max (Hz, 0 when unknown) -> MHz.
cpu_freq_t cpu_freq_from_hz(std::uint64_t cur, std::uint64_t min, std::uint64_t max);

// ---- memory ---------------------------------------------------------------------------------

// The counts of vm_statistics64 (host_statistics64(HOST_VM_INFO64)) psutil reads, in pages.
struct vm_pages {
  std::uint64_t free = 0, active = 0, inactive = 0, wire = 0, speculative = 0;
  std::uint64_t pageins = 0, pageouts = 0;
};
// psutil: total = hw.memsize; available = inactive + free; used = active + wired;
// free = free - speculative (vm_stat's "Pages free"); percent of total - available.
virtual_memory_t virtual_memory_from(std::uint64_t memsize, const vm_pages& vm,
                                     std::uint64_t pagesize);
// sysctl vm.swapusage (struct xsw_usage, bytes) and the page-in/out counts: sin/sout in bytes.
struct xsw {
  std::uint64_t total = 0, avail = 0, used = 0;
};
swap_memory_t swap_memory_from(const xsw& x, const vm_pages& vm, std::uint64_t pagesize);

// ---- disks ----------------------------------------------------------------------------------

// One whole disk's IOBlockStorageDriver "Statistics" dictionary, as a lookup by key
// ("Operations (Read)", "Bytes (Write)", "Total Time (Read)" ... in ns); absent: no such key.
using number_lookup = std::function<std::optional<std::int64_t>(const char* key)>;
disk_io_counters_t disk_counters_from(const number_lookup& stats);

// psutil's opts from statfs' f_flags (MNT_* of sys/mount.h), in psutil's order.
std::string mount_opts_from(std::uint64_t flags);

// ---- network --------------------------------------------------------------------------------

// The interfaces' counters of sysctl {CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST2, 0}: each
// RTM_IFINFO2 message (an if_msghdr2 with its if_data64, then the sockaddr_dl naming it).
// Other messages are skipped; a message too short for what it claims is skipped; a broken
// length ends the walk (psutil does the same).
std::map<std::string, net_io_counters_t> net_io_from_iflist2(const unsigned char* buf,
                                                             std::size_t len);
// The layout the parser reads (checked against <net/if.h> in src/macos/net.cpp).
namespace iflist2 {
constexpr unsigned rtm_ifinfo2 = 0x12;     // RTM_IFINFO2
constexpr std::size_t msghdr2_size = 160;  // sizeof(struct if_msghdr2)
constexpr std::size_t data_offset = 32;    // offsetof(struct if_msghdr2, ifm_data)
constexpr std::size_t ipackets = 24;       // offsetof(struct if_data64, ifi_ipackets) ...
constexpr std::size_t ierrors = 32;
constexpr std::size_t opackets = 40;
constexpr std::size_t oerrors = 48;
constexpr std::size_t ibytes = 64;
constexpr std::size_t obytes = 72;
constexpr std::size_t iqdrops = 96;
}  // namespace iflist2

// net_if_stats' speed in Mbit/s from SIOCGIFMEDIA's ifm_active (psutil's table: Ethernet,
// token ring, 802.11 subtypes it knows; 0 for anything else) and the duplex bits.
int media_speed(std::uint64_t active);
nic_duplex media_duplex(std::uint64_t active);

// psutil's TCP state names by tcpsi_state (TCPS_CLOSED 0 ... TCPS_TIME_WAIT 10 of
// <netinet/tcp_fsm.h>); "NONE" for anything else.
const char* tcp_state_name(int state);

// ---- processes ------------------------------------------------------------------------------

// psutil's status() from kinfo_proc: p_stat, then p_flag and the eproc's e_flag guess what the
// kernel's p_stat does not say (macOS reports most processes as SRUN): zombie / stopped as
// p_stat says; P_SYSTEM, P_WEXIT or P_PPWAIT -> "idle"; a session leader -> "sleeping"; else
// p_stat's own name (SIDL "idle", SRUN "running", SSLEEP "sleeping"); "?" for anything else.
std::string status_from(int p_stat, int p_flag, int e_flag);
namespace kinfo {
constexpr int sidl = 1, srun = 2, ssleep = 3, sstop = 4, szomb = 5;  // p_stat
constexpr int p_ppwait = 0x10, p_system = 0x200, p_wexit = 0x2000;   // p_flag
constexpr int eproc_sleader = 0x2;                                   // e_flag
}  // namespace kinfo

// A KERN_PROCARGS2 buffer: an int argc, the executable path, NUL padding, argc NUL-terminated
// arguments, then the environment's NUL-terminated strings up to an empty one. Truncated or
// hostile buffers never read past `len`: an argument without its NUL is dropped (psutil does
// the same), a negative argc gives no arguments.
struct procargs {
  std::string exe;
  std::vector<std::string> argv;
  std::vector<std::string_view> env;  // views into the buffer
};
procargs parse_procargs(const char* buf, std::size_t len);
// psutil's parse_environ_block(): "key=value" strings, a string without '=' after its first
// byte skipped, a later key winning.
std::map<std::string, std::string> environ_from(const std::vector<std::string_view>& env);

// psutil's name(): kinfo's p_comm is cut at 16 bytes; when 15 or more, basename(cmdline[0])
// replaces it if it starts with it.
std::string long_name(const std::string& comm, const std::vector<std::string>& cmdline);

// Process.page_faults() from proc_taskinfo: pti_faults counts every fault, pti_pageins the
// ones that read from disk (getrusage's ru_majflt), so minor = faults - pageins.
page_faults_t page_faults_from(std::int64_t faults, std::int64_t pageins);

// uss from PROC_PIDREGIONINFO's regions, as psutil (after libtop): private pages of SM_PRIVATE
// (and SM_LARGE_PAGE) regions count whole; SM_COW regions count their private pages, and their
// shared ones too when the region has a single reference; SM_SHARED and the rest count
// nothing; a non-private region inside the shared region (dyld's cache) counts nothing.
struct region {
  std::uint64_t address = 0;
  std::uint32_t share_mode = 0;
  std::uint32_t ref_count = 0;
  std::uint64_t private_pages_resident = 0, shared_pages_resident = 0;
};
namespace share_mode {
constexpr std::uint32_t cow = 1, private_ = 2, empty = 3, shared = 4, truesha = 5,
                        private_aliased = 6, shared_aliased = 7, large_page = 8;
}
// The shared region of this process's CPU type: [base, base + size), size 0 when psutil
// knows none (on arm64 psutil tests CPU_TYPE_ARM, which an arm64 process is not).
struct shared_range {
  std::uint64_t base = 0, size = 0;
};
std::uint64_t uss_pages(const std::vector<region>& regions, shared_range shared);

// Process.threads()' times: pth_user_time / pth_system_time are nanoseconds.
// Process.cpu_times(): pti_total_user / pti_total_system are Mach absolute-time units:
// seconds = units / hw.tbfrequency (psutil: not mach_timebase_info, which Rosetta 2 fakes).
double mach_units_to_seconds(std::uint64_t units, std::uint64_t tbfrequency);

// ---- sensors --------------------------------------------------------------------------------

// The first power source's description (IOPSGetPowerSourceDescription): capacity in percent,
// time to empty in minutes (-1 while macOS is still estimating; absent when not reported), the
// power source state ("AC Power", "Battery Power" ...). psutil: plugged when the state is
// "AC Power"; then secsleft is POWER_TIME_UNLIMITED, else minutes * 60, or POWER_TIME_UNKNOWN
// for -1 / absent.
sensors_battery_t battery_from(std::int64_t capacity, std::optional<std::int64_t> minutes_left,
                               const std::string& state);

}  // namespace psinfo::detail::macos
