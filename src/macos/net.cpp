// macOS network interfaces: counters from the routing socket's NET_RT_IFLIST2 (64-bit
// if_data64), addresses from getifaddrs, state from the interface ioctls, as psutil.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>
// sys/types.h and sys/socket.h first: sys/sysctl.h and net/ headers need them.
#include <net/if.h>
#include <net/route.h>
#include <sys/sysctl.h>

#include "macos/convert.hpp"
#include "platform.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail {

namespace {
namespace l = macos::iflist2;
static_assert(l::rtm_ifinfo2 == RTM_IFINFO2, "RTM_IFINFO2 of <net/route.h>");
static_assert(l::msghdr2_size == sizeof(struct if_msghdr2) &&
                  l::data_offset == offsetof(struct if_msghdr2, ifm_data),
              "struct if_msghdr2 of <net/if.h>");
static_assert(l::ipackets == offsetof(struct if_data64, ifi_ipackets) &&
                  l::ierrors == offsetof(struct if_data64, ifi_ierrors) &&
                  l::opackets == offsetof(struct if_data64, ifi_opackets) &&
                  l::oerrors == offsetof(struct if_data64, ifi_oerrors) &&
                  l::ibytes == offsetof(struct if_data64, ifi_ibytes) &&
                  l::obytes == offsetof(struct if_data64, ifi_obytes) &&
                  l::iqdrops == offsetof(struct if_data64, ifi_iqdrops),
              "struct if_data64 of <net/if_var.h>");
}  // namespace

std::map<std::string, net_io_counters_t> net_io_counters() {
  int mib[6] = {CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST2, 0};
  std::vector<char> buf = posix::sysctl_bytes(mib, 6, "net.route.0.0.iflist2");
  return macos::net_io_from_iflist2(reinterpret_cast<const unsigned char*>(buf.data()), buf.size());
}

std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs() { return posix::if_addrs(); }

// psutil: the interfaces of net_io_counters(); one that is gone meanwhile (ENXIO / ENODEV) is
// left out; duplex and speed 0 / unknown where the interface has no media.
std::map<std::string, net_if_stats_t> net_if_stats() {
  std::map<std::string, net_if_stats_t> out;
  posix::if_socket sock;
  for (const auto& [name, counters] : net_io_counters()) {
    (void)counters;
    net_if_stats_t st;
    int flags = 0;
    if (!sock.mtu(name, st.mtu) || !sock.flags(name, flags)) {
      if (errno == ENXIO || errno == ENODEV) continue;
      posix::throw_errno(errno, "ioctl(SIOCGIFMTU / SIOCGIFFLAGS) " + name);
    }
    st.flags = posix::if_flag_names(flags);
    st.isup = posix::if_running(flags);
    if (std::optional<std::uint64_t> active = sock.media_active(name)) {
      st.speed = macos::media_speed(*active);
      st.duplex = macos::media_duplex(*active);
    }
    out.emplace(name, std::move(st));
  }
  return out;
}

}  // namespace psinfo::detail
