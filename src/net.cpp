// Shared layer: network. psutil's kinds of net_connections, nowrap and totals of the counters.
#include <psinfo/errors.hpp>
#include <psinfo/net.hpp>

#include "io_counters.hpp"
#include "nowrap.hpp"
#include "platform.hpp"

namespace psinfo {

namespace {

const detail::nowrap_field<net_io_counters_t> kNetFields[] = {
    &net_io_counters_t::bytes_sent,   &net_io_counters_t::bytes_recv,
    &net_io_counters_t::packets_sent, &net_io_counters_t::packets_recv,
    &net_io_counters_t::errin,        &net_io_counters_t::errout,
    &net_io_counters_t::dropin,       &net_io_counters_t::dropout};

std::map<std::string, net_io_counters_t> raw_counters(bool nowrap) {
  auto nics = detail::net_io_counters();
  if (nowrap) detail::net_nowrap(detail::wrap_numbers::global(), nics);
  return nics;
}

}  // namespace

void detail::net_nowrap(wrap_numbers& state, std::map<std::string, net_io_counters_t>& nics) {
  if (!nics.empty()) state.apply("net_io_counters", nics, kNetFields);
}

std::optional<net_io_counters_t> detail::net_total(
    const std::map<std::string, net_io_counters_t>& nics) {
  if (nics.empty()) return std::nullopt;
  return sum_counters(nics, kNetFields);
}

// psutil's conn_tmap: which tables each kind reads.
detail::connection_kinds detail::connection_kinds_from(std::string_view kind) {
  detail::connection_kinds k;
  if (kind == "inet") {
    k.tcp4 = k.tcp6 = k.udp4 = k.udp6 = true;
  } else if (kind == "inet4") {
    k.tcp4 = k.udp4 = true;
  } else if (kind == "inet6") {
    k.tcp6 = k.udp6 = true;
  } else if (kind == "tcp") {
    k.tcp4 = k.tcp6 = true;
  } else if (kind == "tcp4") {
    k.tcp4 = true;
  } else if (kind == "tcp6") {
    k.tcp6 = true;
  } else if (kind == "udp") {
    k.udp4 = k.udp6 = true;
  } else if (kind == "udp4") {
    k.udp4 = true;
  } else if (kind == "udp6") {
    k.udp6 = true;
  } else if (kind == "unix") {
    k.unix_ = true;
  } else if (kind == "all") {
    k.tcp4 = k.tcp6 = k.udp4 = k.udp6 = k.unix_ = true;
  } else {
    throw invalid_argument("net_connections: invalid kind '" + std::string(kind) +
                           "'; choose between inet, inet4, inet6, tcp, tcp4, tcp6, udp, udp4, "
                           "udp6, unix, all");
  }
  return k;
}

inline namespace PSINFO_ABI {
std::optional<net_io_counters_t> net_io_counters(bool nowrap) {
  return detail::net_total(raw_counters(nowrap));
}

std::map<std::string, net_io_counters_t> net_io_counters_pernic(bool nowrap) {
  return raw_counters(nowrap);
}

std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs() { return detail::net_if_addrs(); }
std::map<std::string, net_if_stats_t> net_if_stats() { return detail::net_if_stats(); }

std::vector<connection_t> net_connections(std::string_view kind) {
  return detail::net_connections(detail::connection_kinds_from(kind));
}

const char* to_string(address_family f) noexcept {
  switch (f) {
    case address_family::unspec:
      return "AF_UNSPEC";
    case address_family::inet:
      return "AF_INET";
    case address_family::inet6:
      return "AF_INET6";
    case address_family::link:
      return "AF_LINK";
    case address_family::unix_:
      return "AF_UNIX";
  }
  return "AF_UNSPEC";
}

const char* to_string(socket_type t) noexcept {
  switch (t) {
    case socket_type::stream:
      return "SOCK_STREAM";
    case socket_type::dgram:
      return "SOCK_DGRAM";
    case socket_type::raw:
      return "SOCK_RAW";
    case socket_type::seqpacket:
      return "SOCK_SEQPACKET";
  }
  return "SOCK_UNKNOWN";
}

const char* to_string(nic_duplex d) noexcept {
  switch (d) {
    case nic_duplex::unknown:
      return "NIC_DUPLEX_UNKNOWN";
    case nic_duplex::half:
      return "NIC_DUPLEX_HALF";
    case nic_duplex::full:
      return "NIC_DUPLEX_FULL";
  }
  return "NIC_DUPLEX_UNKNOWN";
}
}  // namespace PSINFO_ABI

}  // namespace psinfo
