// Windows network: GetAdaptersAddresses for the interfaces and their addresses, GetIfEntry2 for
// their counters and state, as psutil. Interfaces are named by their friendly name.
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "windows/win.hpp"
// clang-format off
#include <iphlpapi.h>
#include <netioapi.h>
// clang-format on

#include <cstdio>
#include <cstring>

namespace psinfo::detail {

namespace {

// GetAdaptersAddresses' list, in a buffer that grows until it fits.
class adapter_list {
 public:
  explicit adapter_list(ULONG flags) {
    ULONG size = 16 * 1024;
    for (int attempt = 0; attempt < 5; ++attempt) {
      buf_.resize(size);
      ULONG rc = GetAdaptersAddresses(AF_UNSPEC, flags, nullptr, first(), &size);
      if (rc == ERROR_SUCCESS) return;
      if (rc == ERROR_NO_DATA) {
        buf_.clear();
        return;
      }
      if (rc != ERROR_BUFFER_OVERFLOW) win::throw_error(rc, "GetAdaptersAddresses");
    }
    throw error("GetAdaptersAddresses: the list keeps growing");
  }
  IP_ADAPTER_ADDRESSES* first() {
    return buf_.empty() ? nullptr : reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buf_.data());
  }

 private:
  std::vector<unsigned char> buf_;
};

constexpr ULONG list_flags =
    GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER;

bool if_row(const IP_ADAPTER_ADDRESSES* a, MIB_IF_ROW2& row) {
  std::memset(&row, 0, sizeof row);
  row.InterfaceIndex = a->IfIndex != 0 ? a->IfIndex : a->Ipv6IfIndex;
  return GetIfEntry2(&row) == NO_ERROR;
}

std::string ip_text(const SOCKADDR* sa) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (sa->sa_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    if (!inet_ntop(AF_INET, &in->sin_addr, text, sizeof text)) return {};
  } else {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    if (!inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text)) return {};
  }
  return text;
}

std::string ipv4_mask(unsigned prefix) {
  std::uint32_t mask =
      prefix == 0 ? 0 : (prefix >= 32 ? 0xFFFFFFFFu : ~((1u << (32 - prefix)) - 1));
  return std::to_string(mask >> 24) + "." + std::to_string((mask >> 16) & 0xFF) + "." +
         std::to_string((mask >> 8) & 0xFF) + "." + std::to_string(mask & 0xFF);
}

// convert(row) of each adapter whose MIB_IF_ROW2 can be read, by the adapter's name.
template <class T, class F>
std::map<std::string, T> by_if_row(F convert) {
  adapter_list list(list_flags | GAA_FLAG_SKIP_UNICAST);
  std::map<std::string, T> out;
  for (IP_ADAPTER_ADDRESSES* a = list.first(); a; a = a->Next) {
    MIB_IF_ROW2 row;
    if (if_row(a, row)) out[win::to_utf8(a->FriendlyName)] = convert(row);
  }
  return out;
}

}  // namespace

// psutil: packets are unicast + non-unicast, errors and drops from the same row.
std::map<std::string, net_io_counters_t> net_io_counters() {
  return by_if_row<net_io_counters_t>([](const MIB_IF_ROW2& row) {
    net_io_counters_t c;
    c.bytes_sent = row.OutOctets;
    c.bytes_recv = row.InOctets;
    c.packets_sent = row.OutUcastPkts + row.OutNUcastPkts;
    c.packets_recv = row.InUcastPkts + row.InNUcastPkts;
    c.errin = row.InErrors;
    c.errout = row.OutErrors;
    c.dropin = row.InDiscards;
    c.dropout = row.OutDiscards;
    return c;
  });
}

// The MAC first (AF_LINK, "AA-BB-CC-DD-EE-FF" as Windows and psutil write it), then the
// unicast addresses. IPv4 netmasks come from the prefix length; Windows gives no broadcast
// or point-to-point peer here, and psutil reports no IPv6 netmask on Windows.
std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs() {
  adapter_list list(list_flags | GAA_FLAG_INCLUDE_PREFIX);
  std::map<std::string, std::vector<net_if_addr_t>> out;
  for (IP_ADAPTER_ADDRESSES* a = list.first(); a; a = a->Next) {
    std::vector<net_if_addr_t>& addrs = out[win::to_utf8(a->FriendlyName)];
    if (a->PhysicalAddressLength > 0) {
      std::string mac;
      for (ULONG i = 0; i < a->PhysicalAddressLength && i < MAX_ADAPTER_ADDRESS_LENGTH; ++i) {
        char hex[4];
        std::snprintf(hex, sizeof hex, i ? "-%02X" : "%02X", a->PhysicalAddress[i]);
        mac += hex;
      }
      net_if_addr_t l;
      l.family = address_family::link;
      l.address = mac;
      addrs.push_back(l);
    }
    for (IP_ADAPTER_UNICAST_ADDRESS* u = a->FirstUnicastAddress; u; u = u->Next) {
      const SOCKADDR* sa = u->Address.lpSockaddr;
      if (!sa || (sa->sa_family != AF_INET && sa->sa_family != AF_INET6)) continue;
      net_if_addr_t n;
      n.family = sa->sa_family == AF_INET ? address_family::inet : address_family::inet6;
      n.address = ip_text(sa);
      if (sa->sa_family == AF_INET) n.netmask = ipv4_mask(u->OnLinkPrefixLength);
      addrs.push_back(n);
    }
  }
  return out;
}

// isup: operationally up; speed: the transmit link speed in Mbit/s. Windows does not report
// duplex (psutil assumes full; here it is unknown) nor interface flags (empty, as psutil).
std::map<std::string, net_if_stats_t> net_if_stats() {
  return by_if_row<net_if_stats_t>([](const MIB_IF_ROW2& row) {
    net_if_stats_t s;
    s.isup = row.OperStatus == IfOperStatusUp;
    s.duplex = nic_duplex::unknown;
    std::uint64_t bps = row.TransmitLinkSpeed;
    s.speed = bps == ~0ULL ? 0 : static_cast<int>(bps / 1000000);
    s.mtu = static_cast<int>(row.Mtu);
    return s;
  });
}

}  // namespace psinfo::detail
