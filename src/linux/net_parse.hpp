// Pure parsers of the Linux network text files (/proc/net/dev, /proc/net/{tcp,tcp6,udp,udp6,unix})
// and the conversion of raw sockets into psutil's rows. No file or socket access here.
#pragma once

#include <psinfo/net.hpp>

#include "linux/parse.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace psinfo::detail {

// /proc/net/dev: the first two lines are headers; the name is what precedes the last ':' of a
// line, stripped. Throws error on a line with too few or non-numeric fields.
std::map<std::string, net_io_counters_t> parse_net_dev(std::string_view text);
// The same reading, one interface at a time: fn(name, counters) in file order.
template <class Fn>
void for_each_net_dev(std::string_view text, Fn&& fn);

// Calls fn(name) for every interface of /proc/net/dev, in file order, without parsing the
// counters (net_if_stats wants only the names).
template <class Fn>
void for_each_net_dev_name(std::string_view text, Fn&& fn);

// One TCP or UDP socket, as the kernel gives it (sock_diag or /proc/net/tcp*): addresses in
// network byte order (IPv4 in the first 4 bytes), ports in host order.
struct inet_socket {
  address_family family = address_family::inet;
  socket_type type = socket_type::stream;
  int state = 0;  // the kernel's TCP state number (1 ESTABLISHED ... 11 CLOSING)
  std::uint16_t lport = 0, rport = 0;
  std::array<unsigned char, 16> laddr{}, raddr{};
  std::uint64_t inode = 0;
};

// One AF_UNIX socket. inode is absent when the text in its column is not a number (then no
// process can own it); path is what psutil shows ("" unless exactly one path token).
struct unix_socket {
  socket_type type = socket_type::stream;
  std::optional<std::uint64_t> inode;
  std::string path;
};

// /proc/net/tcp, tcp6, udp, udp6 (header line skipped). Appends to out. Throws error on a row
// of fewer than 10 fields (psutil's RuntimeError) or a malformed address.
void parse_proc_net_inet(std::string_view text, address_family family, socket_type type,
                         std::vector<inet_socket>& out);

// /proc/net/unix (header line skipped). Appends to out. A row of fewer than 7 fields is
// skipped if it has no space, else throws error (psutil's RuntimeError).
void parse_proc_net_unix(std::string_view text, std::vector<unix_socket>& out);

// The path psutil reads from /proc/net/unix for a socket bound to `name` (the raw sun_path
// bytes sock_diag gives): '@' for each NUL (a leading one marks an abstract name), a trailing
// NUL of a pathname dropped, and "" when the kernel's text would not be exactly one token.
std::string unix_path_from_sun_path(std::string_view name);

// psutil's status name of a TCP state number ("ESTABLISHED" ... "CLOSING"); nullptr if unknown.
const char* tcp_status_name(int state) noexcept;

// The text of an address: dotted IPv4, or IPv6 as inet_ntop writes it.
std::string format_ip(address_family family, const unsigned char* addr);

// -- implementation of the templates -----------------------------------------------------------
// One /proc/net/dev line after the headers into name and c; false for a blank line; throws
// error on a malformed one.
bool parse_net_dev_line(std::string_view line, std::string_view& name, net_io_counters_t& c);

template <class Fn>
void for_each_net_dev(std::string_view text, Fn&& fn) {
  std::string_view line, name;
  for (int skip = 0; skip < 2 && next_line(text, line); ++skip) {
  }
  net_io_counters_t c;
  while (next_line(text, line))
    if (parse_net_dev_line(line, name, c)) fn(name, c);
}

template <class Fn>
void for_each_net_dev_name(std::string_view text, Fn&& fn) {
  std::string_view line;
  for (int skip = 0; skip < 2 && next_line(text, line); ++skip) {
  }
  while (next_line(text, line)) {
    auto colon = line.rfind(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    fn(name);
  }
}

}  // namespace psinfo::detail
