// OpenBSD sockets, as psutil reads them: kern.file's entries (of every process, or of one), whose
// struct kinfo_file carries each socket's family, type, addresses, TCP state and UNIX path.
#include <psinfo/errors.hpp>

#include <sys/file.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <cstring>

#include "bsd/bsd.hpp"
#include "bsd/openbsd.hpp"
#include "bsd/sockets.hpp"

namespace psinfo::detail::bsd {

static_assert(SOCK_STREAM == 1 && SOCK_DGRAM == 2 && SOCK_RAW == 3 && SOCK_SEQPACKET == 5,
              "OpenBSD's SOCK_* numbers");

namespace {

// A 16-bit port kept in network order in a 32-bit field (psutil's ntohs()).
int port_of(std::uint32_t field) {
  const std::uint16_t net = static_cast<std::uint16_t>(field);
  unsigned char b[2];
  std::memcpy(b, &net, 2);
  return (b[0] << 8) | b[1];
}

std::vector<connection_t> rows(long pid, const connection_kinds& kinds) {
  std::vector<connection_t> out;
  for (const struct kinfo_file& f : openbsd::kinfo_files(pid)) {
    if (f.f_type != DTYPE_SOCKET) continue;
    socket_rec s;
    std::optional<address_family> family = posix::family_of(f.so_family);
    if (!family) continue;
    s.family = *family;
    std::optional<socket_type> type = socket_type_of(static_cast<int>(f.so_type));
    if (!type || !wanted(kinds, s.family, *type)) continue;
    s.type = *type;
    s.fd = f.fd_fd;
    s.pid = static_cast<long>(f.p_pid);
    if (s.family == address_family::unix_) {
      s.path = fixed_string(f.unp_path, sizeof f.unp_path);
    } else {
      std::memcpy(s.laddr.data(), f.inp_laddru, sizeof s.laddr);
      std::memcpy(s.raddr.data(), f.inp_faddru, sizeof s.raddr);
      s.lport = port_of(f.inp_lport);
      s.rport = port_of(f.inp_fport);
      if (s.type == socket_type::stream) s.tcp_state = static_cast<int>(f.t_state);
    }
    out.push_back(connection_from(s));
  }
  return out;
}

}  // namespace

std::vector<connection_t> connections(const connection_kinds& kinds) { return rows(-1, kinds); }

std::vector<connection_t> process_connections(long pid, const connection_kinds& kinds) {
  return rows(pid, kinds);
}

}  // namespace psinfo::detail::bsd
