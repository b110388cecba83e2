// A platform psinfo does not support: sockets (see unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

std::vector<connection_t> net_connections(const connection_kinds&) {
  unsupported("net_connections");
}
std::vector<connection_t> proc_net_connections(const proc_ref&, const connection_kinds&) {
  unsupported("net_connections");
}

}  // namespace psinfo::detail
