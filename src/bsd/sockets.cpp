// BSD sockets as psutil's net_connections rows (see sockets.hpp).
#include "bsd/sockets.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace psinfo::detail::bsd {

const char* tcp_status_name(int state) noexcept {
  static const char* const names[] = {"CLOSE",       "LISTEN",     "SYN_SENT",  "SYN_RECV",
                                      "ESTABLISHED", "CLOSE_WAIT", "FIN_WAIT1", "CLOSING",
                                      "LAST_ACK",    "FIN_WAIT2",  "TIME_WAIT"};
  if (state < 0 || state >= static_cast<int>(sizeof names / sizeof names[0])) return "NONE";
  return names[state];
}

std::optional<socket_type> socket_type_of(int type) noexcept {
  switch (type) {
    case 1:
      return socket_type::stream;
    case 2:
      return socket_type::dgram;
    case 3:
      return socket_type::raw;
    case 5:
      return socket_type::seqpacket;
    default:
      return std::nullopt;
  }
}

bool wanted(const connection_kinds& k, address_family family, socket_type type) noexcept {
  const bool stream = type == socket_type::stream, dgram = type == socket_type::dgram;
  switch (family) {
    case address_family::inet:
      return (stream && k.tcp4) || (dgram && k.udp4);
    case address_family::inet6:
      return (stream && k.tcp6) || (dgram && k.udp6);
    case address_family::unix_:
      return (stream || dgram) && k.unix_;
    default:
      return false;
  }
}

std::string ip_text(address_family family, const std::array<unsigned char, 16>& addr) {
  char buf[INET6_ADDRSTRLEN] = "";
  if (!inet_ntop(family == address_family::inet6 ? AF_INET6 : AF_INET, addr.data(), buf,
                 sizeof buf))
    return {};
  return buf;
}

connection_t connection_from(const socket_rec& s) {
  connection_t c;
  c.fd = s.fd;
  c.family = s.family;
  c.type = s.type;
  c.pid = s.pid;
  if (s.family == address_family::unix_) {
    c.path = s.path;
    c.status = "NONE";
    return c;
  }
  c.laddr = address_t{ip_text(s.family, s.laddr), s.lport};
  if (s.rport != 0) c.raddr = address_t{ip_text(s.family, s.raddr), s.rport};
  c.status = s.tcp_state ? tcp_status_name(*s.tcp_state) : "NONE";
  return c;
}

bool sockaddr_endpoint(std::string_view sa, bool v6, std::array<unsigned char, 16>& addr,
                       int& port) {
  // sin_len, sin_family, sin_port; then sin_addr (4) or sin6_flowinfo (4) + sin6_addr (16).
  const std::size_t addr_off = v6 ? 8 : 4, addr_len = v6 ? 16 : 4;
  if (sa.size() < addr_off + addr_len) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(sa.data());
  port = (p[2] << 8) | p[3];
  addr.fill(0);
  std::memcpy(addr.data(), p + addr_off, addr_len);
  return true;
}

socket_owners owners_of(const std::vector<xfile_entry>& files) {
  socket_owners owners;
  owners.reserve(files.size());
  for (const xfile_entry& f : files) owners.emplace(f.data, f);  // the first one stays
  return owners;
}

void add_inet_rows(const pcb_list& list, socket_type type, const socket_owners& owners,
                   const connection_kinds& kinds, std::vector<connection_t>& out) {
  for (const inet_pcb& p : list.pcbs) {
    if (p.family != 4 && p.family != 6) continue;
    const address_family family = p.family == 4 ? address_family::inet : address_family::inet6;
    if (!wanted(kinds, family, type)) continue;
    auto owner = owners.find(p.so);
    if (owner == owners.end()) continue;
    socket_rec s;
    s.family = family;
    s.type = type;
    s.laddr = p.laddr;
    s.raddr = p.faddr;
    s.lport = p.lport;
    s.rport = p.fport;
    if (type == socket_type::stream) s.tcp_state = p.state;
    s.fd = owner->second.fd;
    s.pid = owner->second.pid;
    out.push_back(connection_from(s));
  }
}

void add_unix_rows(const unpcb_list& list, socket_type type, const socket_owners& owners,
                   std::vector<connection_t>& out) {
  for (const unix_pcb& p : list.pcbs) {
    auto owner = owners.find(p.so);
    if (owner == owners.end()) continue;
    socket_rec s;
    s.family = address_family::unix_;
    s.type = type;
    s.path = p.path;
    s.fd = owner->second.fd;
    s.pid = owner->second.pid;
    out.push_back(connection_from(s));
  }
}

std::unordered_map<std::uint64_t, int> tcp_states_by_pcb(const pcb_list& tcp) {
  std::unordered_map<std::uint64_t, int> states;
  states.reserve(tcp.pcbs.size());
  for (const inet_pcb& p : tcp.pcbs)
    if (p.state) states.emplace(p.pcb, *p.state);
  return states;
}

std::optional<connection_t> connection_from_kfile(const kfile& f, const kfile_socket& kind,
                                                  const std::unordered_map<std::uint64_t, int>& tcp,
                                                  const connection_kinds& kinds) {
  if (!kind.family || !kind.type || !wanted(kinds, *kind.family, *kind.type)) return std::nullopt;
  socket_rec s;
  s.family = *kind.family;
  s.type = *kind.type;
  s.fd = f.fd;
  if (s.family == address_family::unix_) {
    s.path = sun_path_of(f.sa_local);
    return connection_from(s);
  }
  const bool v6 = s.family == address_family::inet6;
  if (!sockaddr_endpoint(f.sa_local, v6, s.laddr, s.lport) ||
      !sockaddr_endpoint(f.sa_peer, v6, s.raddr, s.rport))
    return std::nullopt;
  if (s.type == socket_type::stream) {
    // psutil: NONE when the pcb is not in the TCP list (it went away meanwhile).
    auto it = tcp.find(f.sock_pcb);
    s.tcp_state = it != tcp.end() ? it->second : -1;
  }
  return connection_from(s);
}

}  // namespace psinfo::detail::bsd
