// POSIX helpers: interface addresses and the interface ioctls (see posix.hpp).
#include <psinfo/errors.hpp>

#include <errno.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/types.h>
#include <unistd.h>
// sys/types.h and sys/socket.h first: the BSDs' net/ headers need them.
#include <net/if.h>
#include <net/if_dl.h>
#include <netinet/in.h>
#if __has_include(<net/if_media.h>)
#include <net/if_media.h>  // struct ifmediareq (macOS declares it in net/if.h)
#endif

#include <algorithm>
#include <memory>

#include "posix/posix.hpp"

namespace psinfo::detail::posix {

namespace {

// psutil_convert_ipaddr(): IPv4 / IPv6 through getnameinfo(NI_NUMERICHOST) (which appends
// "%ifname" to a scoped address), AF_LINK as the hex bytes of the link-level address; absent
// for anything else, an empty link address, or an address getnameinfo refuses.
std::optional<std::string> addr_text(const struct sockaddr* sa, int family) {
  if (!sa) return std::nullopt;
  if (family == AF_INET || family == AF_INET6) {
    char buf[NI_MAXHOST];
    const socklen_t len =
        family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
    if (::getnameinfo(sa, len, buf, sizeof buf, nullptr, 0, NI_NUMERICHOST) != 0)
      return std::nullopt;
    return std::string(buf);
  }
  if (sa->sa_family == AF_LINK) {
    const auto* dl = reinterpret_cast<const struct sockaddr_dl*>(sa);
    const auto* bytes = reinterpret_cast<const unsigned char*>(LLADDR(dl));
    if (dl->sdl_alen == 0) return std::nullopt;
    static const char hex[] = "0123456789abcdef";
    std::string s;
    for (unsigned i = 0; i < dl->sdl_alen; ++i) {
      if (i) s += ':';
      s += hex[bytes[i] >> 4];
      s += hex[bytes[i] & 15];
    }
    return s;
  }
  return std::nullopt;
}

void copy_name(char (&dst)[IFNAMSIZ], const std::string& name) {
  memset(dst, 0, sizeof dst);
  memcpy(dst, name.data(), std::min(name.size(), sizeof dst - 1));
}

}  // namespace

std::optional<address_family> family_of(int af) noexcept {
  switch (af) {
    case AF_INET:
      return address_family::inet;
    case AF_INET6:
      return address_family::inet6;
    case AF_UNIX:
      return address_family::unix_;
    case AF_LINK:
      return address_family::link;
    default:
      return std::nullopt;
  }
}

std::map<std::string, std::vector<net_if_addr_t>> if_addrs() {
  struct ifaddrs* head = nullptr;
  if (::getifaddrs(&head) != 0) throw_errno(errno, "getifaddrs");
  std::unique_ptr<struct ifaddrs, void (*)(struct ifaddrs*)> guard(head, ::freeifaddrs);
  struct row {
    int raw_family;
    std::string name;
    net_if_addr_t addr;
  };
  std::vector<row> rows;
  for (const struct ifaddrs* ifa = head; ifa; ifa = ifa->ifa_next) {
    if (!ifa->ifa_name) continue;
    row r{AF_UNSPEC, ifa->ifa_name, {}};
    const int fam = ifa->ifa_addr ? ifa->ifa_addr->sa_family : AF_UNSPEC;
    std::optional<std::string> address = addr_text(ifa->ifa_addr, fam);
    if (address) {  // else psutil's (AF_UNSPEC, None, None, None, None): a virtual NIC
      r.raw_family = fam;
      net_if_addr_t& a = r.addr;
      a.family = family_of(fam).value_or(address_family::unspec);
      a.address = std::move(address);
      a.netmask = addr_text(ifa->ifa_netmask, fam);
      if (ifa->ifa_flags & IFF_BROADCAST)
        a.broadcast = addr_text(ifa->ifa_broadaddr, fam);
      else if (ifa->ifa_flags & IFF_POINTOPOINT)
        a.ptp = addr_text(ifa->ifa_dstaddr, fam);
      // psutil: a single-host IPv4 network has no broadcast address.
      if (a.family == address_family::inet && a.netmask == "255.255.255.255") a.broadcast.reset();
      if (a.family == address_family::link)  // psutil pads a short MAC to 6 groups
        for (auto n = std::count(a.address->begin(), a.address->end(), ':'); n < 5; ++n)
          *a.address += ":00";
    }
    rows.push_back(std::move(r));
  }
  // psutil sorts by the OS's family number (stably), then groups by name.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const row& a, const row& b) { return a.raw_family < b.raw_family; });
  std::map<std::string, std::vector<net_if_addr_t>> out;
  for (row& r : rows) out[r.name].push_back(std::move(r.addr));
  return out;
}

if_socket::if_socket() : fd_(::socket(AF_INET, SOCK_DGRAM, 0)) {
  if (fd_ < 0) throw_errno(errno, "socket(AF_INET, SOCK_DGRAM)");
}

if_socket::~if_socket() { ::close(fd_); }

bool if_socket::flags(const std::string& name, int& out) const {
  struct ifreq ifr;
  copy_name(ifr.ifr_name, name);
  if (::ioctl(fd_, SIOCGIFFLAGS, &ifr) != 0) return false;
  out = ifr.ifr_flags & 0xffff;
  return true;
}

bool if_socket::mtu(const std::string& name, int& out) const {
  struct ifreq ifr;
  copy_name(ifr.ifr_name, name);
  if (::ioctl(fd_, SIOCGIFMTU, &ifr) != 0) return false;
  out = ifr.ifr_mtu;
  return true;
}

std::optional<std::uint64_t> if_socket::media_active(const std::string& name) const {
  struct ifmediareq req;
  memset(&req, 0, sizeof req);
  copy_name(req.ifm_name, name);
  if (::ioctl(fd_, SIOCGIFMEDIA, &req) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(req.ifm_active);
}

std::string if_flag_names(int flags) {
  struct flag {
    int bit;
    const char* name;
  };
  // psutil's order; each where the system has it.
  static const flag table[] = {
      {IFF_UP, "up"},
      {IFF_BROADCAST, "broadcast"},
      {IFF_DEBUG, "debug"},
      {IFF_LOOPBACK, "loopback"},
      {IFF_POINTOPOINT, "pointopoint"},
#ifdef IFF_NOTRAILERS
      {IFF_NOTRAILERS, "notrailers"},
#endif
      {IFF_RUNNING, "running"},
      {IFF_NOARP, "noarp"},
      {IFF_PROMISC, "promisc"},
      {IFF_ALLMULTI, "allmulti"},
      {IFF_MULTICAST, "multicast"},
#ifdef IFF_OACTIVE
      {IFF_OACTIVE, "oactive"},
#endif
#ifdef IFF_SIMPLEX
      {IFF_SIMPLEX, "simplex"},
#endif
#ifdef IFF_LINK0
      {IFF_LINK0, "link0"},
#endif
#ifdef IFF_LINK1
      {IFF_LINK1, "link1"},
#endif
#ifdef IFF_LINK2
      {IFF_LINK2, "link2"},
#endif
  };
  std::string out;
  for (const flag& f : table) {
    if (!(flags & f.bit)) continue;
    if (!out.empty()) out += ',';
    out += f.name;
  }
  return out;
}

bool if_running(int flags) { return (flags & IFF_RUNNING) != 0; }

}  // namespace psinfo::detail::posix
