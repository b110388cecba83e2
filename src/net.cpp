// Shared layer: network (stub until implemented).
#include <psinfo/errors.hpp>
#include <psinfo/net.hpp>

#include "platform.hpp"

namespace psinfo {
std::optional<net_io_counters_t> net_io_counters(bool) { throw not_supported("net_io_counters: not implemented yet"); }
std::map<std::string, net_io_counters_t> net_io_counters_pernic(bool) { throw not_supported("net_io_counters: not implemented yet"); }
std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs() { return detail::net_if_addrs(); }
std::map<std::string, net_if_stats_t> net_if_stats() { return detail::net_if_stats(); }
std::vector<connection_t> net_connections(std::string_view) { throw not_supported("net_connections: not implemented yet"); }
const char* to_string(address_family) noexcept { return "?"; }
const char* to_string(socket_type) noexcept { return "?"; }
const char* to_string(nic_duplex) noexcept { return "?"; }
}  // namespace psinfo
