// Sockets as the BSD kernels describe them, turned into psutil's net_connections rows: pure
// functions (no sysctl here), tested on any OS (tests/bsd/). The kernel tables are read and
// parsed by freebsd_net_connections.cpp / openbsd_net_connections.cpp (and kbuf.hpp).
#pragma once

#include <psinfo/net.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bsd/kbuf.hpp"
#include "platform.hpp"

namespace psinfo::detail::bsd {

// One socket, in psinfo's terms. Addresses in network byte order (IPv4: the first 4 bytes),
// ports in host order.
struct socket_rec {
  address_family family = address_family::inet;
  socket_type type = socket_type::stream;
  std::array<unsigned char, 16> laddr{}, raddr{};
  int lport = 0, rport = 0;
  std::optional<int> tcp_state;  // TCPS_*: TCP sockets only
  std::string path;              // AF_UNIX: the bound path
  int fd = -1;
  std::optional<long> pid;
};

// psutil's name of a BSD TCP state (netinet/tcp_fsm.h: TCPS_CLOSED 0 ... TCPS_TIME_WAIT 10, the
// same numbers on every BSD and on macOS): "CLOSE", "LISTEN", "SYN_SENT", "SYN_RECV",
// "ESTABLISHED", "CLOSE_WAIT", "FIN_WAIT1", "CLOSING", "LAST_ACK", "FIN_WAIT2", "TIME_WAIT";
// "NONE" for anything else.
const char* tcp_status_name(int state) noexcept;

// A SOCK_* number as psinfo's type (SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_RAW 3, SOCK_SEQPACKET 5 on
// every BSD; the BSD files check them); absent for any other.
std::optional<socket_type> socket_type_of(int type) noexcept;

// Whether psutil's kind table asks for this socket (psutil's conn_tmap: TCP is a stream, UDP a
// datagram, UNIX sockets of either type; raw and seqpacket sockets never).
bool wanted(const connection_kinds& kinds, address_family family, socket_type type) noexcept;

// psutil's row (conn_to_ntuple): an inet socket always has laddr, and raddr when its remote port
// is not 0; status from the TCP state, "NONE" otherwise; a UNIX socket has its path.
connection_t connection_from(const socket_rec& s);

// An address as text: inet_ntop of the first 4 bytes (inet) or all 16 (inet6).
std::string ip_text(address_family family, const std::array<unsigned char, 16>& addr);

// The address and port of a struct sockaddr_in / sockaddr_in6 given as raw bytes (the BSD
// layout: sin_len, sin_family, port in network order, then the IPv4 address, or the flow label
// and the IPv6 address). False when the bytes are too short.
bool sockaddr_endpoint(std::string_view sa, bool v6, std::array<unsigned char, 16>& addr,
                       int& port);

// ---- FreeBSD: the system-wide list (psutil's net_connections) -------------------------------

// kern.file's descriptors by the address of the socket they hold, the first one of each (a
// socket shared after fork() is one row, as psutil's lookup gives it).
using socket_owners = std::unordered_map<std::uint64_t, xfile_entry>;
socket_owners owners_of(const std::vector<xfile_entry>& files);

// The rows of one pcblist: each inet socket a descriptor holds (others are left out, as psutil
// does), if kinds asks for its family and type.
void add_inet_rows(const pcb_list& list, socket_type type, const socket_owners& owners,
                   const connection_kinds& kinds, std::vector<connection_t>& out);
void add_unix_rows(const unpcb_list& list, socket_type type, const socket_owners& owners,
                   std::vector<connection_t>& out);

// ---- FreeBSD: one process's sockets (psutil's Process.net_connections) ----------------------

// The TCP state of each pcb of a TCP pcblist, by the pcb's address (kf_sock_pcb of a descriptor
// names the same pcb).
std::unordered_map<std::uint64_t, int> tcp_states_by_pcb(const pcb_list& tcp);

// Socket descriptors of kern.proc.filedesc as rows: domain and type already turned into
// psinfo's (the caller maps the BSD's AF_* numbers); family absent: not a socket psutil lists.
struct kfile_socket {
  std::optional<address_family> family;
  std::optional<socket_type> type;
};
std::optional<connection_t> connection_from_kfile(const kfile& f, const kfile_socket& kind,
                                                  const std::unordered_map<std::uint64_t, int>& tcp,
                                                  const connection_kinds& kinds);

}  // namespace psinfo::detail::bsd
