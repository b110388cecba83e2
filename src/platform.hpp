// The internal contract: raw functions every OS directory (src/linux, src/unsupported, ...)
// defines. The shared layer (src/*.cpp) builds the public API on top of them: percentages,
// averages, nowrap. Nothing here is exported.
#pragma once

#include <psinfo/cpu.hpp>
#include <psinfo/disk.hpp>
#include <psinfo/host.hpp>
#include <psinfo/memory.hpp>
#include <psinfo/net.hpp>
#include <psinfo/process.hpp>
#include <psinfo/sensors.hpp>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace psinfo::detail {

cpu_times_t cpu_times();
std::vector<cpu_times_t> cpu_times_percpu();
std::optional<int> cpu_count_logical();
std::optional<int> cpu_count_physical();
cpu_stats_t cpu_stats();
// One entry per CPU (or per frequency domain where that is all the OS gives), in CPU order.
std::vector<cpu_freq_t> cpu_freq_percpu();
std::array<double, 3> getloadavg();

virtual_memory_t virtual_memory();
swap_memory_t swap_memory();

double boot_time();
std::vector<user_t> users();

std::vector<partition_t> disk_partitions(bool all);
disk_usage_t disk_usage(const std::string& path);
// Raw counters per device, before nowrap. perdisk=false keeps only what psutil sums (whole
// disks on Linux); perdisk=true every device.
std::map<std::string, disk_io_counters_t> disk_io_counters(bool perdisk);

// Raw counters per interface, before nowrap.
std::map<std::string, net_io_counters_t> net_io_counters();
std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs();
std::map<std::string, net_if_stats_t> net_if_stats();
// Which sockets net_connections wants (the shared layer turns psutil's kind into this).
struct connection_kinds {
  bool tcp4 = false, tcp6 = false, udp4 = false, udp6 = false, unix_ = false;
};
// psutil's kind ("inet", "tcp4" ...) as tables; unknown: invalid_argument. Defined once, in
// the shared layer (src/net.cpp).
connection_kinds connection_kinds_from(std::string_view kind);
// pid: only that process's sockets (Process.net_connections), else every socket.
std::vector<connection_t> net_connections(const connection_kinds& kinds, std::optional<long> pid);

std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures();  // Celsius
std::map<std::string, std::vector<sensors_fan_t>> sensors_fans();
std::optional<sensors_battery_t> sensors_battery();

// Processes. The data methods of psinfo::process (ppid() ... wait()) are defined by each OS
// directory directly, one definition per OS (see src/unsupported); the OS-independent ones
// (identity, oneshot_guard, cpu_percent, memory_percent, parent/children, as_dict,
// wait_procs) live in src/process.cpp and use these:

// The process's start time in seconds since boot (its identity with the PID); throws
// no_such_process if the PID does not exist. Works on zombies.
double proc_start_time(long pid);
std::vector<long> pids();  // sorted
long self_pid();           // the calling process
// Defined once in the shared layer (src/process.cpp): no_such_process if the PID now belongs
// to another process than the one started at `start` (psutil 8's _raise_if_pid_reused).
void raise_if_pid_reused(long pid, double start);
bool pid_exists(long pid);
// pid -> ppid of every process (vanished ones skipped), for children().
std::map<long, long> ppid_map();
// process::wait's OS part: waits (timeout already checked: absent or >= 0) and returns the
// exit code as process::wait gives it; the shared layer validates and caches.
std::optional<int> wait_for(long pid, double start, std::optional<double> timeout);
// process_iter(attrs): may read only what the attributes need. Processes that vanish are skipped.
std::vector<process_info_t> process_snapshot(attr attrs);

}  // namespace psinfo::detail
