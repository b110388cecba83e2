// Linux backend: network. Counters from /proc/net/dev, addresses from getifaddrs(3), interface
// state by ioctl on one socket, sockets through netlink sock_diag (/proc/net/* text when netlink
// cannot serve a table, or when the procfs root is a recorded tree), owners from /proc/*/fd.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstring>
#include <unordered_set>

#include "linux/net_parse.hpp"
#include "linux/netlink.hpp"
#include "linux/procfs.hpp"
#include "paths.hpp"
#include "platform.hpp"

namespace psinfo::detail {

namespace {

class unique_fd {
 public:
  explicit unique_fd(int fd = -1) noexcept : fd_(fd) {}
  ~unique_fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

bool all_digits(const char* s) {
  if (!*s) return false;
  for (; *s; ++s)
    if (*s < '0' || *s > '9') return false;
  return true;
}

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

// ---- socket owners (/proc/<pid>/fd) -------------------------------------------------------

struct fd_owner {
  std::uint64_t inode;
  long pid;
  int fd;
};

constexpr std::size_t kDentsSize = 32 * 1024;

char* dents_buffer() {
  thread_local std::unique_ptr<char[]> buf(new char[kDentsSize]);
  return buf.get();
}

// Appends (inode, pid, fd) for every socket among the fds of one process. Returns 0, or the
// errno of opening its fd directory.
int scan_pid_fds(int procfd, const char* pid_name, long pid, std::vector<fd_owner>& out) {
  char path[48];
  std::size_t len = std::strlen(pid_name);
  if (len + 4 >= sizeof path) return ENOENT;
  std::memcpy(path, pid_name, len);
  std::memcpy(path + len, "/fd", 4);
  unique_fd dir(::openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return errno;
  // A nested directory read: this buffer must not be the one of the /proc listing.
  thread_local std::unique_ptr<char[]> buf(new char[kDentsSize]);
  const std::size_t mark = out.size();
  bool denied = false;
  bool ok = for_each_dirent(dir.get(), buf.get(), kDentsSize, [&](const char* name) {
    if (denied || !all_digits(name)) return;
    char link[64];
    ssize_t n = ::readlinkat(dir.get(), name, link, sizeof link);
    if (n < 0 && (errno == EACCES || errno == EPERM)) {
      denied = true;  // psutil drops the whole PID on PermissionError; so do we, and stop early
      return;
    }
    // Vanished fds (ENOENT), non-links (EINVAL, e.g. a recorded tree): skipped, as psutil does.
    if (n < 9 || n >= static_cast<ssize_t>(sizeof link)) return;
    if (std::memcmp(link, "socket:[", 8) != 0 || link[n - 1] != ']') return;
    std::uint64_t inode = 0;
    auto r = std::from_chars(link + 8, link + n - 1, inode);
    if (r.ec != std::errc() || r.ptr != link + n - 1) return;
    int fd = 0;
    std::from_chars(name, name + std::strlen(name), fd);
    out.push_back({inode, pid, fd});
  });
  if (!ok || denied) {
    int e = denied ? EACCES : errno;
    out.resize(mark);
    return e;
  }
  return 0;
}

// Who owns each socket inode, with psutil's rule for a shared inode: the last PID (in /proc
// listing order) that has it keeps it, with all of its fds for it.
class inode_owners {
 public:
  void finish() {
    std::stable_sort(v_.begin(), v_.end(),
                     [](const fd_owner& a, const fd_owner& b) { return a.inode < b.inode; });
  }
  std::vector<fd_owner>& raw() { return v_; }
  bool empty() const { return v_.empty(); }

  // The (pid, fd) pairs psutil keeps for inode: [first, last).
  std::pair<const fd_owner*, const fd_owner*> find(std::uint64_t inode) const {
    auto lo = std::lower_bound(v_.begin(), v_.end(), inode,
                               [](const fd_owner& a, std::uint64_t i) { return a.inode < i; });
    auto hi = lo;
    while (hi != v_.end() && hi->inode == inode) ++hi;
    if (lo == hi) return {nullptr, nullptr};
    // Entries are in scan order within an inode; the last PID's are a suffix.
    auto first = hi - 1;
    while (first != lo && (first - 1)->pid == (hi - 1)->pid) --first;
    return {&*first, &*first + (hi - first)};
  }

 private:
  std::vector<fd_owner> v_;
};

inode_owners scan_all_owners() {
  inode_owners owners;
  const auto root = procfs_root();
  unique_fd proc(::open(root->c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (proc.get() < 0) throw_errno(errno, "cannot open", *root);
  auto& out = owners.raw();
  for_each_dirent(proc.get(), dents_buffer(), kDentsSize, [&](const char* name) {
    if (!all_digits(name)) return;
    long pid = std::strtol(name, nullptr, 10);
    scan_pid_fds(proc.get(), name, pid, out);  // vanished or denied PIDs: skipped
  });
  owners.finish();
  return owners;
}

inode_owners scan_one_owner(long pid) {
  inode_owners owners;
  const auto root = procfs_root();
  unique_fd proc(::open(root->c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (proc.get() < 0) throw_errno(errno, "cannot open", *root);
  char name[24];
  *std::to_chars(name, name + sizeof name - 1, pid).ptr = '\0';
  int err = scan_pid_fds(proc.get(), name, pid, owners.raw());
  if (err) {
    std::string path = *root + "/" + name + "/fd";
    if (err == ENOENT || err == ESRCH)
      throw no_such_process(pid, "process " + std::to_string(pid) + " is gone: " + path);
    throw_errno(err, "cannot list", path);
  }
  owners.finish();
  return owners;
}

// ---- rows ---------------------------------------------------------------------------------

std::optional<address_t> endpoint(address_family f, const unsigned char* addr, std::uint16_t port) {
  if (port == 0) return std::nullopt;  // psutil: an empty tuple
  return address_t{format_ip(f, addr), port};
}

struct row_hash {
  const std::vector<connection_t>* rows;
  std::size_t operator()(std::size_t i) const noexcept {
    const connection_t& c = (*rows)[i];
    std::size_t h = std::hash<std::string>()(c.path);
    auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2); };
    mix(static_cast<std::size_t>(c.fd));
    mix(static_cast<std::size_t>(c.pid.value_or(-2)));
    if (c.laddr)
      mix(std::hash<std::string>()(c.laddr->ip) ^ static_cast<std::size_t>(c.laddr->port));
    if (c.raddr)
      mix(std::hash<std::string>()(c.raddr->ip) ^ static_cast<std::size_t>(c.raddr->port));
    return h;
  }
};
bool same_endpoint(const std::optional<address_t>& a, const std::optional<address_t>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->ip == b->ip && a->port == b->port);
}
struct row_eq {
  const std::vector<connection_t>* rows;
  bool operator()(std::size_t i, std::size_t j) const noexcept {
    const connection_t& a = (*rows)[i];
    const connection_t& b = (*rows)[j];
    return a.fd == b.fd && a.family == b.family && a.type == b.type && a.pid == b.pid &&
           a.status == b.status && a.path == b.path && same_endpoint(a.laddr, b.laddr) &&
           same_endpoint(a.raddr, b.raddr);
  }
};

// psutil collects rows in a set: identical rows (e.g. unowned unnamed unix sockets) merge.
// First occurrences are kept, in order.
void dedupe(std::vector<connection_t>& rows) {
  std::unordered_set<std::size_t, row_hash, row_eq> seen(rows.size() * 2 + 1, row_hash{&rows},
                                                         row_eq{&rows});
  std::size_t w = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!seen.insert(i).second) continue;
    if (w != i) {
      // The set holds indexes: moving row i to w would change what index w means, so re-key.
      seen.erase(i);
      rows[w] = std::move(rows[i]);
      seen.insert(w);
    }
    ++w;
  }
  rows.resize(w);
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

std::vector<connection_t> net_connections(const connection_kinds& kinds, std::optional<long> pid) {
  // Process.net_connections: only that process's sockets; none -> [] without reading tables.
  inode_owners owners;
  if (pid) {
    owners = scan_one_owner(*pid);
    if (owners.empty()) return {};
  }

  // The socket tables: sock_diag on the live /proc; the text files for a recorded tree, or for
  // a table sock_diag cannot dump.
  std::vector<inet_socket> inet;
  std::vector<unix_socket> unx;
  const bool live = *procfs_root() == "/proc";
  std::optional<sock_diag> nl;
  if (live) nl.emplace();
  auto inet_table = [&](address_family f, socket_type t, const char* file) {
    if (nl && nl->ok() && nl->dump_inet(f, t, inet)) return;
    file_buffer& buf = scratch();
    int err = 0;
    std::string path = proc_path(file);
    if (!try_read_file(path, buf, &err)) {
      if (err == ENOENT && f == address_family::inet6) return;  // no IPv6: psutil skips it
      throw_errno(err, "cannot read", path);
    }
    parse_proc_net_inet(buf.view(), f, t, inet);
  };
  if (kinds.tcp4 && kinds.tcp6 && nl && nl->ok() && nl->dump_tcp_both(inet)) {
    // both TCP tables in one walk
  } else {
    if (kinds.tcp4) inet_table(address_family::inet, socket_type::stream, "net/tcp");
    if (kinds.tcp6) inet_table(address_family::inet6, socket_type::stream, "net/tcp6");
  }
  if (kinds.udp4) inet_table(address_family::inet, socket_type::dgram, "net/udp");
  if (kinds.udp6) inet_table(address_family::inet6, socket_type::dgram, "net/udp6");
  if (kinds.unix_ && !(nl && nl->ok() && nl->dump_unix(unx)))
    parse_proc_net_unix(read_file(proc_path("net/unix"), scratch()), unx);

  if (!pid && (!inet.empty() || !unx.empty())) owners = scan_all_owners();

  std::vector<connection_t> rows;
  rows.reserve(inet.size() + unx.size());
  for (const inet_socket& s : inet) {
    auto [first, last] = owners.find(s.inode);
    if (pid && !first) continue;
    connection_t c;
    if (first) {
      c.fd = first->fd;
      c.pid = first->pid;
    }
    c.family = s.family;
    c.type = s.type;
    c.laddr = endpoint(s.family, s.laddr.data(), s.lport);
    c.raddr = endpoint(s.family, s.raddr.data(), s.rport);
    if (s.type == socket_type::stream) {
      const char* st = tcp_status_name(s.state);
      if (!st) throw error("net_connections: unknown TCP state " + std::to_string(s.state));
      c.status = st;
    } else {
      c.status = "NONE";
    }
    rows.push_back(std::move(c));
  }
  for (const unix_socket& s : unx) {
    auto [first, last] =
        s.inode ? owners.find(*s.inode) : std::pair<const fd_owner*, const fd_owner*>{};
    auto add = [&](const fd_owner* o) {
      connection_t c;
      if (o) {
        c.fd = o->fd;
        c.pid = o->pid;
      }
      c.family = address_family::unix_;
      c.type = s.type;
      c.path = s.path;
      c.status = "NONE";
      rows.push_back(std::move(c));
    };
    if (!first) {
      if (!pid) add(nullptr);
      continue;
    }
    for (const fd_owner* o = first; o != last; ++o) add(o);
  }
  dedupe(rows);
  return rows;
}

}  // namespace psinfo::detail
