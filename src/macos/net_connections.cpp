// macOS sockets, as psutil: each process's socket descriptors (PROC_PIDLISTFDS) described by
// proc_pidfdinfo(PROC_PIDFDSOCKETINFO). The system-wide list asks every process; as psutil
// says, macOS lets only root read other users' processes: anyone else gets access_denied.
#include <psinfo/errors.hpp>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "macos/convert.hpp"
#include "macos/process_common.hpp"
#include "platform.hpp"

namespace psinfo::detail {

namespace {

address_t endpoint(int family, const struct in_sockinfo& in, bool local) {
  char text[INET6_ADDRSTRLEN] = "";
  const void* addr =
      family == AF_INET
          ? static_cast<const void*>(local ? &in.insi_laddr.ina_46.i46a_addr4
                                           : &in.insi_faddr.ina_46.i46a_addr4)
          : static_cast<const void*>(local ? &in.insi_laddr.ina_6 : &in.insi_faddr.ina_6);
  if (!::inet_ntop(family, addr, text, sizeof text))
    throw error(std::string("inet_ntop: ") + std::strerror(errno));
  return {text, ntohs(static_cast<std::uint16_t>(local ? in.insi_lport : in.insi_fport))};
}

bool wanted(const connection_kinds& k, int family, int type) {
  const bool stream = type == SOCK_STREAM, dgram = type == SOCK_DGRAM;
  if (family == AF_INET) return (stream && k.tcp4) || (dgram && k.udp4);
  if (family == AF_INET6) return (stream && k.tcp6) || (dgram && k.udp6);
  if (family == AF_UNIX) return (stream || dgram) && k.unix_;
  return false;
}

std::vector<connection_t> sockets_of(long pid, const connection_kinds& kinds) {
  std::vector<connection_t> out;
  if (pid == 0) return out;  // psutil #2116
  for (const struct proc_fdinfo& fd : macos::list_fds(pid)) {
    if (fd.proc_fdtype != PROX_FDTYPE_SOCKET) continue;
    struct socket_fdinfo si;
    errno = 0;
    const int n =
        ::proc_pidfdinfo(static_cast<int>(pid), fd.proc_fd, PROC_PIDFDSOCKETINFO, &si, sizeof si);
    if (n < static_cast<int>(sizeof si)) {
      if (errno == EBADF || errno == EOPNOTSUPP) continue;  // closed meanwhile; psutil #1512
      macos::raise_for_pid(pid, errno, "proc_pidfdinfo(PROC_PIDFDSOCKETINFO)");
    }
    const int family = si.psi.soi_family, type = si.psi.soi_type;
    if (!wanted(kinds, family, type)) continue;
    connection_t c;
    c.fd = fd.proc_fd;
    c.type = static_cast<socket_type>(type);
    c.pid = pid;
    if (family == AF_UNIX) {
      const auto& path = si.psi.soi_proto.pri_un.unsi_addr.ua_sun.sun_path;
      c.family = address_family::unix_;
      c.path.assign(path, strnlen(path, sizeof path));
      c.status = "NONE";
    } else {
      const struct in_sockinfo& in = si.psi.soi_proto.pri_tcp.tcpsi_ini;
      c.family = family == AF_INET ? address_family::inet : address_family::inet6;
      c.laddr = endpoint(family, in, true);
      address_t remote = endpoint(family, in, false);
      if (remote.port != 0) c.raddr = std::move(remote);
      c.status = type == SOCK_STREAM ? macos::tcp_state_name(si.psi.soi_proto.pri_tcp.tcpsi_state)
                                     : "NONE";
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

std::vector<connection_t> proc_net_connections(const proc_ref& p, const connection_kinds& kinds) {
  return sockets_of(p.pid, kinds);
}

std::vector<connection_t> net_connections(const connection_kinds& kinds) {
  std::vector<connection_t> out;
  for (long pid : pids()) {
    try {
      for (connection_t& c : sockets_of(pid, kinds)) out.push_back(std::move(c));
    } catch (const no_such_process&) {  // gone, or a zombie (which has no descriptors)
    }
  }
  return out;
}

}  // namespace psinfo::detail
