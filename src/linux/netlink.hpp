// Netlink sock_diag (NETLINK_SOCK_DIAG): the socket tables as `ss` reads them, without the
// kernel formatting /proc/net/tcp text for every slot of its hash tables.
#pragma once

#include <cstddef>
#include <vector>

#include "linux/net_parse.hpp"

namespace psinfo::detail {

// Where a sock_diag reply buffer left the dump.
enum class nl_walk { more, done, error };

// The pure part of a dump: one recv()'d buffer of the reply to request `seq`, walked message by
// message (messages of other sequence numbers are skipped), each turned into a socket. buf must
// be aligned for nlmsghdr. Malformed or truncated messages are skipped, never read past len.
// Fuzzed (fuzz/targets.cpp "sock_diag").
nl_walk walk_inet_diag(const char* buf, std::size_t len, unsigned seq, socket_type type, bool want4,
                       bool want6, std::vector<inet_socket>& out);
nl_walk walk_unix_diag(const char* buf, std::size_t len, unsigned seq,
                       std::vector<unix_socket>& out);

class sock_diag {
 public:
  sock_diag();  // never throws: ok() is false when netlink sock_diag cannot be opened
  ~sock_diag();
  sock_diag(const sock_diag&) = delete;
  sock_diag& operator=(const sock_diag&) = delete;

  bool ok() const noexcept { return fd_ >= 0; }

  // Appends every TCP or UDP socket of `family` (inet or inet6) in the states /proc/net lists.
  // False (out unchanged) when the kernel cannot dump this table (no inet_diag/udp_diag module,
  // a seccomp'd netlink, ...): the caller then reads /proc/net instead.
  bool dump_inet(address_family family, socket_type type, std::vector<inet_socket>& out);
  // Appends every TCP socket of both families, in one walk of the kernel's tables.
  bool dump_tcp_both(std::vector<inet_socket>& out);
  // Appends every AF_UNIX socket, with the path psutil reads from /proc/net/unix.
  bool dump_unix(std::vector<unix_socket>& out);

 private:
  // Sends the request, then hands each reply buffer to walk(buf, len, seq) until it says done.
  template <class Req, class Walk>
  bool dump(unsigned short type, const Req& req, Walk&& walk);

  int fd_ = -1;
  unsigned seq_ = 0;
};

}  // namespace psinfo::detail
