// FreeBSD sockets, as psutil and sockstat(1) read them: the inet and UNIX pcblists
// (net.inet.{tcp,udp}.pcblist, net.local.{stream,dgram}.pcblist) joined with kern.file's
// descriptors for the owner; one process's from its descriptors (kern.proc.filedesc), the TCP
// state from the TCP pcblist. The tables are parsed by kbuf.hpp with the headers' layouts.
#include <psinfo/errors.hpp>

#include <sys/socket.h>
#include <sys/types.h>

#include <string_view>

#include "bsd/bsd.hpp"
#include "bsd/freebsd.hpp"
#include "bsd/freebsd_abi.hpp"
#include "bsd/sockets.hpp"

namespace psinfo::detail::bsd {

static_assert(SOCK_STREAM == 1 && SOCK_DGRAM == 2 && SOCK_RAW == 3 && SOCK_SEQPACKET == 5,
              "FreeBSD's SOCK_* numbers");

namespace {

std::string_view view(const std::vector<char>& v) { return {v.data(), v.size()}; }

unpcb_list read_unpcblist(const char* name) {
  unpcb_list list;
  for (int attempt = 0; attempt < 5; ++attempt) {
    list = parse_unpcblist(view(freebsd::bytes_by_name(name)), freebsd::k_unpcb);
    if (list.consistent) break;
  }
  return list;
}

}  // namespace

pcb_list freebsd::read_pcblist(const char* name, const pcb_layout& layout) {
  pcb_list list;
  for (int attempt = 0; attempt < 5; ++attempt) {
    list = parse_pcblist(view(bytes_by_name(name)), layout);
    if (list.consistent) break;
  }
  return list;
}

std::vector<connection_t> connections(const connection_kinds& kinds) {
  const socket_owners owners =
      owners_of(parse_xfiles(view(freebsd::bytes_by_name("kern.file")), freebsd::k_xfile));
  std::vector<connection_t> out;
  if (kinds.tcp4 || kinds.tcp6)
    add_inet_rows(freebsd::read_pcblist("net.inet.tcp.pcblist", freebsd::k_tcp),
                  socket_type::stream, owners, kinds, out);
  if (kinds.udp4 || kinds.udp6)
    add_inet_rows(freebsd::read_pcblist("net.inet.udp.pcblist", freebsd::k_udp), socket_type::dgram,
                  owners, kinds, out);
  if (kinds.unix_) {
    add_unix_rows(read_unpcblist("net.local.stream.pcblist"), socket_type::stream, owners, out);
    add_unix_rows(read_unpcblist("net.local.dgram.pcblist"), socket_type::dgram, owners, out);
  }
  return out;
}

std::vector<connection_t> process_connections(long pid, const connection_kinds& kinds) {
  const std::vector<kfile> files = freebsd::filedesc(pid);
  std::unordered_map<std::uint64_t, int> tcp;
  if (kinds.tcp4 || kinds.tcp6)
    tcp = tcp_states_by_pcb(freebsd::read_pcblist("net.inet.tcp.pcblist", freebsd::k_tcp));
  std::vector<connection_t> out;
  for (const kfile& f : files) {
    if (f.type != kf::type_socket) continue;
    const kfile_socket kind{posix::family_of(f.sock_domain), socket_type_of(f.sock_type)};
    if (std::optional<connection_t> c = connection_from_kfile(f, kind, tcp, kinds))
      out.push_back(std::move(*c));
  }
  return out;
}

}  // namespace psinfo::detail::bsd
