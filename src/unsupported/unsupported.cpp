// The backend of a platform psinfo does not support yet: every call throws not_supported,
// so the library still builds and links everywhere (like Rust sysinfo's unknown/ backend).
#include <psinfo/errors.hpp>

#include "platform.hpp"

namespace psinfo::detail {

namespace {
[[noreturn]] void unsupported(const char* what) {
  throw not_supported(std::string(what) + ": not supported on this platform");
}
}  // namespace

cpu_times_t cpu_times() { unsupported("cpu_times"); }
std::vector<cpu_times_t> cpu_times_percpu() { unsupported("cpu_times"); }
std::optional<int> cpu_count_logical() { unsupported("cpu_count"); }
std::optional<int> cpu_count_physical() { unsupported("cpu_count"); }
cpu_stats_t cpu_stats() { unsupported("cpu_stats"); }
std::vector<cpu_freq_t> cpu_freq_percpu() { unsupported("cpu_freq"); }
std::array<double, 3> getloadavg() { unsupported("getloadavg"); }
virtual_memory_t virtual_memory() { unsupported("virtual_memory"); }
swap_memory_t swap_memory() { unsupported("swap_memory"); }
double boot_time() { unsupported("boot_time"); }
std::vector<user_t> users() { unsupported("users"); }
std::vector<partition_t> disk_partitions(bool) { unsupported("disk_partitions"); }
disk_usage_t disk_usage(const std::string&) { unsupported("disk_usage"); }
std::map<std::string, disk_io_counters_t> disk_io_counters(bool) { unsupported("disk_io_counters"); }
std::map<std::string, net_io_counters_t> net_io_counters() { unsupported("net_io_counters"); }
std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs() { unsupported("net_if_addrs"); }
std::map<std::string, net_if_stats_t> net_if_stats() { unsupported("net_if_stats"); }
std::vector<connection_t> net_connections(const connection_kinds&, std::optional<long>) {
  unsupported("net_connections");
}
std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures() {
  unsupported("sensors_temperatures");
}
std::map<std::string, std::vector<sensors_fan_t>> sensors_fans() { unsupported("sensors_fans"); }
std::optional<sensors_battery_t> sensors_battery() { unsupported("sensors_battery"); }

}  // namespace psinfo::detail
