// Netlink sock_diag (NETLINK_SOCK_DIAG): the socket tables as `ss` reads them, without the
// kernel formatting /proc/net/tcp text for every slot of its hash tables.
#pragma once

#include <vector>

#include "linux/net_parse.hpp"

namespace psinfo::detail {

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
  template <class Req, class Fn>
  bool dump(unsigned short type, const Req& req, Fn&& on_message);

  int fd_ = -1;
  unsigned seq_ = 0;
};

}  // namespace psinfo::detail
