// BSD network: per-interface counters from the routing socket's interface list (NET_RT_IFLIST:
// each if_msghdr's if_data, as psutil reads them), addresses from getifaddrs(3), and each
// interface's flags, MTU, duplex and speed (SIOCGIFFLAGS / SIOCGIFMTU / SIOCGIFMEDIA).
#include <psinfo/errors.hpp>

#include <errno.h>
#include <sys/socket.h>
#include <sys/types.h>
// sys/types.h and sys/socket.h first: the net/ headers need them.
#include <net/if.h>
#include <net/if_media.h>
#include <net/route.h>
#include <sys/sysctl.h>

#include <cstdint>

#include "bsd/bsd.hpp"
#include "posix/route_msg.hpp"

namespace psinfo::detail {

namespace {

// Where the interface's sockaddr_dl starts: OpenBSD says it (ifm_hdrlen), FreeBSD's follows the
// header.
template <class H>
constexpr auto header_len(const H& h, int) -> decltype(h.ifm_hdrlen, std::size_t()) {
  return h.ifm_hdrlen;
}
template <class H>
constexpr std::size_t header_len(const H&, long) {
  return sizeof(H);
}

// The speed in Mbit/s of an active media word, from the system's own table of media and
// baudrates (IFM_BAUDRATE_DESCRIPTIONS: the same table ifconfig(8) and the kernel use; psutil
// has a shorter copy of it). 0 when the media is not in the table.
int media_speed(std::uint64_t active) {
  static const struct ifmedia_baudrate table[] = IFM_BAUDRATE_DESCRIPTIONS;
  using word_t = decltype(table[0].ifmb_word);
  const auto w = static_cast<word_t>(active);
  for (const struct ifmedia_baudrate& b : table) {
    if (b.ifmb_word == 0) break;
    if (IFM_TYPE(b.ifmb_word) == IFM_TYPE(w) && IFM_SUBTYPE(b.ifmb_word) == IFM_SUBTYPE(w))
      return static_cast<int>(b.ifmb_baudrate / 1000000);
  }
  return 0;
}

nic_duplex media_duplex(std::uint64_t active) {
  if (active & IFM_FDX) return nic_duplex::full;
  if (active & IFM_HDX) return nic_duplex::half;
  return nic_duplex::unknown;
}

}  // namespace

std::map<std::string, net_io_counters_t> net_io_counters() {
  const int mib[] = {CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST, 0};
  const std::vector<char> buf = posix::sysctl_bytes(mib, 6, "net.route.iflist");
  std::map<std::string, net_io_counters_t> out;
  posix::for_each_route_msg(
      reinterpret_cast<const unsigned char*>(buf.data()), buf.size(),
      [&](const posix::route_msg& m) {
        if (m.type != RTM_IFINFO) return;
        std::optional<struct if_msghdr> h = posix::read_at<struct if_msghdr>(m, 0);
        if (!h) return;
        std::optional<std::string> name = posix::dl_name(m, header_len(*h, 0));
        // psutil leaves out FreeBSD's usbus interfaces, as ifconfig does.
        if (!name || name->compare(0, 5, "usbus") == 0) return;
        out[*name] = posix::if_data_counters(h->ifm_data);
      });
  return out;
}

std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs() { return posix::if_addrs(); }

// psutil: the interfaces of net_io_counters; one that disappears meanwhile (ENXIO / ENODEV) is
// left out, other errors raise.
std::map<std::string, net_if_stats_t> net_if_stats() {
  posix::if_socket sock;
  std::map<std::string, net_if_stats_t> out;
  for (const auto& entry : net_io_counters()) {
    const std::string& name = entry.first;
    net_if_stats_t s;
    int flags = 0;
    if (!sock.flags(name, flags) || !sock.mtu(name, s.mtu)) {
      if (errno == ENXIO || errno == ENODEV) continue;
      posix::throw_errno(errno, "ioctl " + name);
    }
    s.isup = posix::if_running(flags);
    s.flags = posix::if_flag_names(flags);
    if (std::optional<std::uint64_t> active = sock.media_active(name)) {
      s.duplex = media_duplex(*active);
      s.speed = media_speed(*active);
    }
    out.emplace(name, std::move(s));
  }
  return out;
}

}  // namespace psinfo::detail
