// The interface list of the routing socket (sysctl {CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST or
// NET_RT_IFLIST2, 0}), walked as bytes: pure functions, no system header, so they are tested
// on any machine (tests/macos). Every message starts with rt_msghdr's prefix (u_short msglen,
// u_char version, u_char type), and an interface's name is in the struct sockaddr_dl that
// follows its if_msghdr (u_char sdl_len, sdl_family; u_short sdl_index; u_char sdl_type,
// sdl_nlen, sdl_alen, sdl_slen; then sdl_nlen name bytes): the same on macOS and the BSDs.
#pragma once

#include <psinfo/net.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

namespace psinfo::detail::posix {

struct route_msg {
  unsigned type = 0;
  const unsigned char* data = nullptr;  // the whole message, header included
  std::size_t len = 0;
};

// Calls fn(const route_msg&) for each message of buf. Stops at a truncated header, a length of
// 0 or a message that runs past the end (psutil warns and stops there too): false then.
template <class Fn>
bool for_each_route_msg(const unsigned char* buf, std::size_t len, Fn&& fn) {
  std::size_t off = 0;
  while (off < len) {
    if (len - off < 4) return false;
    std::uint16_t msglen;
    std::memcpy(&msglen, buf + off, sizeof msglen);
    if (msglen == 0 || msglen > len - off) return false;
    fn(route_msg{buf[off + 3], buf + off, msglen});
    off += msglen;
  }
  return true;
}

// The interface name of the sockaddr_dl at offset `at` of m (psutil: at most IFNAMSIZ - 1 =
// 15 bytes); absent when it does not fit in the message.
inline std::optional<std::string> dl_name(const route_msg& m, std::size_t at) {
  constexpr std::size_t name_at = 8;  // offsetof(struct sockaddr_dl, sdl_data)
  if (at > m.len || m.len - at < name_at) return std::nullopt;
  std::size_t n = m.data[at + 5];  // sdl_nlen
  if (n > 15) n = 15;
  if (n > m.len - at - name_at) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(m.data + at + name_at), n);
}

// A T copied from offset `at` of m (messages are not aligned for T); absent past the end.
template <class T>
std::optional<T> read_at(const route_msg& m, std::size_t at) {
  if (at > m.len || m.len - at < sizeof(T)) return std::nullopt;
  T v;
  std::memcpy(&v, m.data + at, sizeof v);
  return v;
}

// Whether an if_data has ifi_oqdrops (FreeBSD's _IFI_OQDROPS).
template <class T>
constexpr auto has_oqdrops(int) -> decltype(std::declval<T>().ifi_oqdrops, bool()) {
  return true;
}
template <class T>
constexpr bool has_oqdrops(long) {
  return false;
}

// psutil's net_io_counters from an interface's struct if_data (macOS: if_data64): the same
// field names everywhere; dropout only where the system counts it (FreeBSD's ifi_oqdrops),
// else 0 as psutil reports it.
template <class IfData>
net_io_counters_t if_data_counters(const IfData& d) {
  net_io_counters_t c;
  c.bytes_sent = d.ifi_obytes;
  c.bytes_recv = d.ifi_ibytes;
  c.packets_sent = d.ifi_opackets;
  c.packets_recv = d.ifi_ipackets;
  c.errin = d.ifi_ierrors;
  c.errout = d.ifi_oerrors;
  c.dropin = d.ifi_iqdrops;
  if constexpr (has_oqdrops<IfData>(0)) c.dropout = d.ifi_oqdrops;
  return c;
}

}  // namespace psinfo::detail::posix
