// psinfo CLI — `psinfo ifconfig`, after psutil's scripts/ifconfig.py: per interface its state
// (net_if_stats), incoming and outgoing counters (net_io_counters(pernic=True)) and addresses
// (net_if_addrs).
#include <fmt/format.h>

#include <psinfo/net.hpp>
#include <set>
#include <string>

#include "commands.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

// "IPv4", "IPv6", "MAC", else the family's name.
const char* family_label(psinfo::address_family f) {
  using F = psinfo::address_family;
  return f == F::inet ? "IPv4" : f == F::inet6 ? "IPv6" : f == F::link ? "MAC" : to_string(f);
}

const char* duplex_label(psinfo::nic_duplex d) {
  using D = psinfo::nic_duplex;
  return d == D::full ? "full" : d == D::half ? "half" : "?";
}

}  // namespace

int run_ifconfig() {
  const auto addrs = psinfo::net_if_addrs();
  const auto stats = psinfo::net_if_stats();
  const auto io = psinfo::net_io_counters_pernic(true);
  std::set<std::string> names;
  for (const auto& [name, _] : addrs) names.insert(name);
  for (const auto& [name, _] : stats) names.insert(name);
  bool first = true;
  for (const std::string& nic : names) {
    if (!first) fmt::print("\n");
    first = false;
    fmt::print("{}:\n", nic);
    if (auto s = stats.find(nic); s != stats.end()) {
      const psinfo::net_if_stats_t& st = s->second;
      fmt::print("    stats          : speed={}MB, duplex={}, mtu={}, up={}\n", st.speed,
                 duplex_label(st.duplex), st.mtu, st.isup ? "yes" : "no");
      if (!st.flags.empty()) fmt::print("    flags          : {}\n", st.flags);
    }
    if (auto c = io.find(nic); c != io.end()) {
      const psinfo::net_io_counters_t& n = c->second;
      fmt::print("    incoming       : bytes={}, pkts={}, errs={}, drops={}\n",
                 bytes2human(n.bytes_recv), n.packets_recv, n.errin, n.dropin);
      fmt::print("    outgoing       : bytes={}, pkts={}, errs={}, drops={}\n",
                 bytes2human(n.bytes_sent), n.packets_sent, n.errout, n.dropout);
    }
    if (auto a = addrs.find(nic); a != addrs.end()) {
      for (const psinfo::net_if_addr_t& addr : a->second) {
        fmt::print("    {:<4} address   : {}\n", family_label(addr.family),
                   addr.address.value_or("-"));
        if (addr.broadcast) fmt::print("         broadcast : {}\n", *addr.broadcast);
        if (addr.netmask) fmt::print("         netmask   : {}\n", *addr.netmask);
        if (addr.ptp) fmt::print("         p2p       : {}\n", *addr.ptp);
      }
    }
  }
  return 0;
}

}  // namespace psinfo_cli
