// Linux backend: network interfaces. Counters from /proc/net/dev, addresses from getifaddrs(3),
// interface state by ioctl on one socket.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <ifaddrs.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "linux/net_parse.hpp"
#include "linux/procfs.hpp"
#include "paths.hpp"
#include "platform.hpp"

namespace psinfo::detail {

namespace {

// ---- net_if_addrs ---------------------------------------------------------------------------

// psutil_convert_ipaddr(): the text of an address of `family` on interface ifname, or nullopt.
std::optional<std::string> convert_addr(const sockaddr* sa, int family, const char* ifname) {
  if (!sa) return std::nullopt;
  if (family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    return format_ip(address_family::inet, reinterpret_cast<const unsigned char*>(&in->sin_addr));
  }
  if (family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    std::string s = format_ip(address_family::inet6, in6->sin6_addr.s6_addr);
    if (in6->sin6_scope_id == 0) return s;
    // A scoped address: "%scope" as getnameinfo(NI_NUMERICHOST) appends it (what psutil
    // shows): the interface's name for a link-local address, else the number. getifaddrs sets
    // the scope of a link-local address to the index of its interface, whose name is at hand
    // (getnameinfo would ask the kernel with if_indextoname: a socket and an ioctl).
    s += '%';
    if ((IN6_IS_ADDR_LINKLOCAL(&in6->sin6_addr) || IN6_IS_ADDR_MC_LINKLOCAL(&in6->sin6_addr)) &&
        ifname && *ifname)
      s += ifname;
    else
      s += std::to_string(in6->sin6_scope_id);
    return s;
  }
  if (family == AF_PACKET) {
    auto* ll = reinterpret_cast<const sockaddr_ll*>(sa);
    std::size_t n = std::min<std::size_t>(ll->sll_halen, sizeof ll->sll_addr);
    if (n == 0) return std::nullopt;
    static const char hex[] = "0123456789abcdef";
    std::string s;
    s.reserve(n * 3);
    for (std::size_t i = 0; i < n; ++i) {
      if (i) s += ':';
      s += hex[ll->sll_addr[i] >> 4];
      s += hex[ll->sll_addr[i] & 15];
    }
    return s;
  }
  return std::nullopt;
}

}  // namespace

std::map<std::string, net_io_counters_t> net_io_counters() {
  return parse_net_dev(read_file(proc_path("net/dev"), scratch()));
}

std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs() {
  ifaddrs* head = nullptr;
  if (::getifaddrs(&head) != 0) throw_errno(errno, "getifaddrs", "");
  std::unique_ptr<ifaddrs, void (*)(ifaddrs*)> guard(head, ::freeifaddrs);
  std::map<std::string, std::vector<net_if_addr_t>> out;
  for (ifaddrs* ifa = head; ifa; ifa = ifa->ifa_next) {
    if (!ifa->ifa_name) continue;
    net_if_addr_t r;
    const int fam = ifa->ifa_addr ? ifa->ifa_addr->sa_family : AF_UNSPEC;
    r.address = convert_addr(ifa->ifa_addr, fam, ifa->ifa_name);
    if (r.address) {  // psutil 8: an entry without an address is (AF_UNSPEC, None, ...)
      r.family = fam == AF_INET    ? address_family::inet
                 : fam == AF_INET6 ? address_family::inet6
                                   : address_family::link;
      r.netmask = convert_addr(ifa->ifa_netmask, fam, ifa->ifa_name);
      if (ifa->ifa_flags & IFF_BROADCAST)
        r.broadcast = convert_addr(ifa->ifa_broadaddr, fam, ifa->ifa_name);
      else if (ifa->ifa_flags & IFF_POINTOPOINT)
        r.ptp = convert_addr(ifa->ifa_dstaddr, fam, ifa->ifa_name);
      // psutil 8: a /32 IPv4 address has no broadcast.
      if (r.family == address_family::inet && r.netmask == "255.255.255.255") r.broadcast.reset();
      if (r.family == address_family::link) {  // psutil pads a short MAC to 6 groups
        std::size_t colons =
            static_cast<std::size_t>(std::count(r.address->begin(), r.address->end(), ':'));
        for (; colons < 5; ++colons) *r.address += ":00";
      }
    }
    out[ifa->ifa_name].push_back(std::move(r));
  }
  // psutil sorts by family number (stably) before grouping by name.
  for (auto& [name, v] : out)
    std::stable_sort(v.begin(), v.end(), [](const net_if_addr_t& a, const net_if_addr_t& b) {
      return static_cast<int>(a.family) < static_cast<int>(b.family);
    });
  return out;
}

std::map<std::string, net_if_stats_t> net_if_stats() {
  static const char* const flag_names[] = {"up",          "broadcast",  "debug",     "loopback",
                                           "pointopoint", "notrailers", "running",   "noarp",
                                           "promisc",     "allmulti",   "master",    "slave",
                                           "multicast",   "portsel",    "automedia", "dynamic"};
  std::map<std::string, net_if_stats_t> out;
  std::string_view dev = read_file(proc_path("net/dev"), scratch());
  unique_fd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (sock.get() < 0) throw_errno(errno, "socket", "AF_INET");
  for_each_net_dev_name(dev, [&](std::string_view name) {
    ifreq ifr;
    std::memset(&ifr, 0, sizeof ifr);
    std::memcpy(ifr.ifr_name, name.data(), std::min(name.size(), sizeof ifr.ifr_name - 1));
    auto fail = [&](const char* what) {
      if (errno == ENODEV) return true;  // gone since /proc/net/dev was read: omitted
      throw_errno(errno, what, std::string(name));
    };
    if (::ioctl(sock.get(), SIOCGIFMTU, &ifr) != 0 && fail("SIOCGIFMTU")) return;
    net_if_stats_t st;
    st.mtu = ifr.ifr_mtu;
    if (::ioctl(sock.get(), SIOCGIFFLAGS, &ifr) != 0 && fail("SIOCGIFFLAGS")) return;
    const unsigned flags = static_cast<unsigned short>(ifr.ifr_flags);
    for (unsigned bit = 0; bit < 16; ++bit) {
      if (!(flags & (1u << bit))) continue;
      if (!st.flags.empty()) st.flags += ',';
      st.flags += flag_names[bit];
    }
    st.isup = (flags & IFF_RUNNING) != 0;
    ethtool_cmd ecmd;
    std::memset(&ecmd, 0, sizeof ecmd);
    ecmd.cmd = ETHTOOL_GSET;
    ifr.ifr_data = reinterpret_cast<char*>(&ecmd);
    if (::ioctl(sock.get(), SIOCETHTOOL, &ifr) == 0) {
      std::uint32_t speed = (static_cast<std::uint32_t>(ecmd.speed_hi) << 16) | ecmd.speed;
      st.speed = speed == 0xffffffffu || speed > INT_MAX ? 0 : static_cast<int>(speed);
      st.duplex = ecmd.duplex == DUPLEX_FULL   ? nic_duplex::full
                  : ecmd.duplex == DUPLEX_HALF ? nic_duplex::half
                                               : nic_duplex::unknown;
    } else if (errno != EOPNOTSUPP && errno != EINVAL && errno != EBUSY) {
      if (fail("SIOCETHTOOL")) return;
    }
    out.insert_or_assign(std::string(name), std::move(st));
  });
  return out;
}

}  // namespace psinfo::detail
