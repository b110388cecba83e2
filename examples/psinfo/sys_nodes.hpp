// psinfo CLI — the results of the library's system functions as nodes, in psutil's field names
// and order (the _asdict() of psutil's namedtuples on this platform); a field the platform's
// tuple lacks is left out, one the library leaves absent is null.
#pragma once

#include <optional>
#include <psinfo/psinfo.hpp>
#include <vector>

#include "node.hpp"

namespace psinfo_cli {

// scputimes: seconds, or percentages (cpu_times_percent) with u = unit::percent.
node cpu_times_node(const psinfo::cpu_times_t& t, unit u);
node cpu_times_list(const std::vector<psinfo::cpu_times_t>& v, unit u);
node percent_list(const std::vector<double>& v);  // cpu_percent(percpu=True)
node cpu_stats_node(const psinfo::cpu_stats_t& s);
node cpu_freq_node(const psinfo::cpu_freq_t& f);
node virtual_memory_node(const psinfo::virtual_memory_t& m);
node swap_memory_node(const psinfo::swap_memory_t& s);
node heap_info_node(const psinfo::heap_info_t& h);
node user_node(const psinfo::user_t& u);
node partition_node(const psinfo::partition_t& p);
node disk_usage_node(const psinfo::disk_usage_t& u);
node disk_io_node(const psinfo::disk_io_counters_t& d);
node net_io_node(const psinfo::net_io_counters_t& c);
node net_if_addr_node(const psinfo::net_if_addr_t& a);
node net_if_stats_node(const psinfo::net_if_stats_t& s);
// psutil's sconn as a node (an address is {"ip", "port"} or null; unix: the path and "").
node address_node(const std::optional<psinfo::address_t>& a);
node connection_node(const psinfo::connection_t& c);
node temperature_node(const psinfo::sensors_temperature_t& t);
node fan_node(const psinfo::sensors_fan_t& f);
node battery_node(const psinfo::sensors_battery_t& b);

node win_service_node(const psinfo::win_service_info_t& s);  // as_dict(), psutil's order
}  // namespace psinfo_cli
