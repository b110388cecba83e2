// BSD sockets: every socket of the system and those of one process, from each BSD's tables
// (freebsd_net_connections.cpp: the pcblists and kern.file; openbsd_net_connections.cpp:
// kern.file), turned into psutil's rows by sockets.hpp.
#include "bsd/bsd.hpp"

namespace psinfo::detail {

std::vector<connection_t> net_connections(const connection_kinds& kinds) {
  return bsd::connections(kinds);
}

// A process that is gone is no_such_process, not an empty list (psutil's _assert_alive()).
std::vector<connection_t> proc_net_connections(const proc_ref& p, const connection_kinds& kinds) {
  const bsd::kproc k = bsd::read_kproc(p.pid);
  std::vector<connection_t> rows = bsd::process_connections(k.pid, kinds);
  bsd::read_kproc(p.pid);
  return rows;
}

}  // namespace psinfo::detail
