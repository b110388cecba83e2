// Linux backend (stub until implemented): see src/unsupported for the pattern.
#include <psinfo/errors.hpp>

#include "platform.hpp"

namespace psinfo::detail {
namespace {
[[noreturn]] void todo(const char* what) { throw not_supported(std::string(what) + ": not implemented yet"); }
}  // namespace
std::map<std::string, net_io_counters_t> net_io_counters() { todo("net_io_counters"); }
std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs() { todo("net_if_addrs"); }
std::map<std::string, net_if_stats_t> net_if_stats() { todo("net_if_stats"); }
std::vector<connection_t> net_connections(const connection_kinds&, std::optional<long>) { todo("net_connections"); }
}  // namespace psinfo::detail
