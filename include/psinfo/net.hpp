// psinfo — network: I/O counters, interface addresses and state, sockets.
#pragma once

#include <psinfo/export.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace psinfo {
inline namespace PSINFO_ABI {

// psutil.net_io_counters(): counters since the interface appeared.
struct net_io_counters_t {
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_recv = 0;
  std::uint64_t packets_sent = 0;
  std::uint64_t packets_recv = 0;
  std::uint64_t errin = 0;
  std::uint64_t errout = 0;
  std::uint64_t dropin = 0;
  std::uint64_t dropout = 0;
};

// Address families as psutil names them. af_link is psutil.AF_LINK (AF_PACKET, 17, on Linux).
enum class address_family : int { unspec = 0, inet = 2, inet6 = 10, link = 17, unix_ = 1 };
// "AF_INET", "AF_INET6", "AF_LINK", "AF_UNIX", "AF_UNSPEC".
PSINFO_API const char* to_string(address_family f) noexcept;

// Socket types as psutil names them: "SOCK_STREAM", "SOCK_DGRAM", "SOCK_SEQPACKET".
enum class socket_type : int { stream = 1, dgram = 2, raw = 3, seqpacket = 5 };
PSINFO_API const char* to_string(socket_type t) noexcept;

// psutil.net_if_addrs(): one address of an interface.
struct net_if_addr_t {
  address_family family = address_family::unspec;
  std::optional<std::string> address;  // IPv4/IPv6 text (link-local keeps "%ifname"), or MAC
  std::optional<std::string> netmask;
  std::optional<std::string> broadcast;
  std::optional<std::string> ptp;  // the peer of a point-to-point link
};

// psutil.NicDuplex.
enum class nic_duplex : int { unknown = 0, half = 1, full = 2 };
// "NIC_DUPLEX_UNKNOWN", "NIC_DUPLEX_HALF", "NIC_DUPLEX_FULL".
PSINFO_API const char* to_string(nic_duplex d) noexcept;

// psutil.net_if_stats(). speed in Mbit/s, 0 when unknown; flags comma-separated, psutil's order.
struct net_if_stats_t {
  bool isup = false;  // psutil: IFF_RUNNING
  nic_duplex duplex = nic_duplex::unknown;
  int speed = 0;
  int mtu = 0;
  std::string flags;
};

// An IP endpoint of a socket.
struct address_t {
  std::string ip;
  int port = 0;
};

// psutil.net_connections(): one socket. For AF_UNIX sockets, path holds the bound path ("" if
// none, abstract ones start with '@') and laddr/raddr are absent; for inet sockets an unbound
// or unconnected end is absent (psutil's empty tuple).
struct connection_t {
  int fd = -1;  // -1 when the owning process is not known
  address_family family = address_family::unspec;
  socket_type type = socket_type::stream;
  std::optional<address_t> laddr;
  std::optional<address_t> raddr;
  std::string path;         // AF_UNIX only
  std::string status;       // psutil's names: "ESTABLISHED", "LISTEN", ..., "NONE"
  std::optional<long> pid;  // absent when the owning process is not known
};

PSINFO_API std::optional<net_io_counters_t> net_io_counters(bool nowrap = true);
PSINFO_API std::map<std::string, net_io_counters_t> net_io_counters_pernic(bool nowrap = true);

// Interfaces in the order the OS lists them (psutil keeps that order; this map is by name).
PSINFO_API std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs();
PSINFO_API std::map<std::string, net_if_stats_t> net_if_stats();

// kind: "inet" (default), "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6",
// "unix", "all". Anything else: invalid_argument.
PSINFO_API std::vector<connection_t> net_connections(std::string_view kind = "inet");

}  // namespace PSINFO_ABI
}  // namespace psinfo
