// A platform psinfo does not support: network interfaces (see unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

std::map<std::string, net_io_counters_t> net_io_counters() { unsupported("net_io_counters"); }
std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs() { unsupported("net_if_addrs"); }
std::map<std::string, net_if_stats_t> net_if_stats() { unsupported("net_if_stats"); }

}  // namespace psinfo::detail
