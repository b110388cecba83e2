// Linux backend: sockets (psutil.net_connections and Process.net_connections) through netlink
// sock_diag (/proc/net/* text when netlink cannot serve a table, or when the procfs root is a
// recorded tree), owners from /proc/*/fd.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <unordered_set>

#include "linux/net_parse.hpp"
#include "linux/netlink.hpp"
#include "linux/process_common.hpp"
#include "linux/procfs.hpp"
#include "paths.hpp"
#include "platform.hpp"

namespace psinfo::detail {

namespace {

bool all_digits(const char* s) {
  if (!*s) return false;
  for (; *s; ++s)
    if (*s < '0' || *s > '9') return false;
  return true;
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

// pid: only that process's sockets (Process.net_connections), else every socket.
std::vector<connection_t> connections(const connection_kinds& kinds, std::optional<long> pid) {
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

}  // namespace

std::vector<connection_t> net_connections(const connection_kinds& kinds) {
  return connections(kinds, std::nullopt);
}

std::vector<connection_t> proc_net_connections(const proc_ref& p, const connection_kinds& kinds) {
  std::vector<connection_t> rows = connections(kinds, p.pid);
  assert_alive(p.pid);
  return rows;
}

}  // namespace psinfo::detail
