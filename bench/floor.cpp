#include "floor.hpp"

#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/sockios.h>
#include <linux/unix_diag.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace floor_ {
namespace {
char buf[1 << 20];
char lbuf[4096];

struct linux_dirent64 {
  ino64_t d_ino;
  off64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

// open(O_DIRECTORY) + getdents64 until empty + close: no fstat, no malloc (unlike opendir).
template <class Fn>
std::size_t entries(int at, const char* path, Fn&& fn) {
  int fd = ::openat(at, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return 0;
  alignas(8) char d[32768];
  std::size_t n = 0;
  for (;;) {
    long got = ::syscall(SYS_getdents64, fd, d, sizeof d);
    if (got <= 0) break;
    for (long off = 0; off < got;) {
      auto* e = reinterpret_cast<linux_dirent64*>(d + off);
      off += e->d_reclen;
      ++n;
      fn(fd, e->d_name);
    }
  }
  ::close(fd);
  return n;
}

std::size_t slurp_at(int at, const char* path) {
  int fd = ::openat(at, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  std::size_t total = 0;
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) total += static_cast<std::size_t>(n);
  ::close(fd);
  return total;
}

// dst = a + "/" + b (no printf: the floor must not pay for formatting).
const char* join(char* dst, std::size_t cap, const char* a, const char* b) {
  std::size_t la = std::strlen(a), lb = std::strlen(b);
  if (la + lb + 2 > cap) return "";
  std::memcpy(dst, a, la);
  dst[la] = '/';
  std::memcpy(dst + la + 1, b, lb + 1);
  return dst;
}

bool is_pid(const char* s) {
  if (*s < '0' || *s > '9') return false;
  for (; *s; ++s)
    if (*s < '0' || *s > '9') return false;
  return true;
}

// One dump request on a sock_diag socket, read to NLMSG_DONE; returns the message count.
template <class Req>
std::size_t dump(int fd, const Req& req, unsigned short type = SOCK_DIAG_BY_FAMILY) {
  struct {
    nlmsghdr nh;
    Req r;
  } msg{};
  msg.nh.nlmsg_len = sizeof msg;
  msg.nh.nlmsg_type = type;
  msg.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  msg.r = req;
  if (::send(fd, &msg, sizeof msg, 0) < 0) return 0;
  std::size_t n = 0;
  for (;;) {
    ssize_t got = ::recv(fd, buf, sizeof buf, 0);
    if (got <= 0) return n;
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, static_cast<unsigned>(got));
         h = NLMSG_NEXT(h, got)) {
      if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) return n;
      ++n;
    }
  }
}
}  // namespace

std::size_t slurp(const char* path) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  std::size_t total = 0;
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) total += static_cast<std::size_t>(n);
  ::close(fd);
  return total;
}

const char* slurped() { return buf; }

std::size_t pread_all(int fd) {
  std::size_t total = 0;
  ssize_t n;
  while ((n = ::pread(fd, buf, sizeof buf, static_cast<off_t>(total))) > 0)
    total += static_cast<std::size_t>(n);
  return total;
}

std::size_t list(const char* path) {
  return entries(AT_FDCWD, path, [](int, const char*) {});
}

long link(const char* path) { return static_cast<long>(::readlink(path, lbuf, sizeof lbuf)); }

std::size_t inet_diag(bool tcp, bool udp, bool unix_too) {
  int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return 0;
  std::size_t n = 0;
  if (tcp) {
    // The legacy TCPDIAG_GETSOCK request walks the TCP hash tables once for both families.
    inet_diag_req r{};
    r.idiag_family = AF_INET;
    r.idiag_states = ~0u;
    n += dump(fd, r, TCPDIAG_GETSOCK);
  }
  for (int family : {AF_INET, AF_INET6}) {
    if (!udp) break;
    inet_diag_req_v2 r{};
    r.sdiag_family = static_cast<__u8>(family);
    r.sdiag_protocol = IPPROTO_UDP;
    r.idiag_states = ~0u;
    n += dump(fd, r);
  }
  if (unix_too) {
    unix_diag_req r{};
    r.sdiag_family = AF_UNIX;
    r.udiag_states = ~0u;
    r.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER;
    n += dump(fd, r);
  }
  ::close(fd);
  return n;
}

std::size_t fd_links(const std::string& proc_pid, const char* prefix) {
  int pd = ::open(proc_pid.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (pd < 0) return 0;
  std::size_t n = 0;
  entries(pd, "fd", [&](int fd, const char* name) {
    if (name[0] == '.') return;
    long r = ::readlinkat(fd, name, lbuf, sizeof lbuf - 1);
    if (r > 0) {
      lbuf[r] = 0;
      n += !prefix || std::strncmp(lbuf, prefix, std::strlen(prefix)) == 0;
    }
  });
  ::close(pd);
  return n;
}

std::size_t regular_files(const std::string& proc_pid) {
  int pd = ::open(proc_pid.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (pd < 0) return 0;
  std::size_t n = 0;
  char rel[64];
  entries(pd, "fd", [&](int fd, const char* name) {
    if (name[0] == '.') return;
    long r = ::readlinkat(fd, name, lbuf, sizeof lbuf - 1);
    if (r <= 0 || lbuf[0] != '/') return;  // sockets, pipes, anon inodes
    lbuf[r] = 0;
    struct stat st;
    if (::stat(lbuf, &st) != 0 || !S_ISREG(st.st_mode)) return;
    // pos and flags are fdinfo's first two lines: one read, no read to EOF.
    int fi = ::openat(pd, join(rel, sizeof rel, "fdinfo", name), O_RDONLY | O_CLOEXEC);
    if (fi < 0) return;
    n += ::read(fi, buf, 4096) > 0;
    ::close(fi);
  });
  ::close(pd);
  return n;
}

std::size_t all_fd_links() {
  std::size_t n = 0;
  char rel[64];
  entries(AT_FDCWD, "/proc", [&](int proc, const char* name) {
    if (!is_pid(name)) return;
    join(rel, sizeof rel, name, "fd");
    bool denied = false;  // one EACCES means the whole fd directory is out of reach
    entries(proc, rel, [&](int fd, const char* link) {
      if (link[0] == '.' || denied) return;
      long r = ::readlinkat(fd, link, lbuf, sizeof lbuf);
      if (r > 0)
        ++n;
      else if (errno == EACCES)
        denied = true;
    });
  });
  return n;
}

std::size_t stat_chain(long pid) {
  std::size_t n = 0;
  char path[64];
  // PID 1 included: psutil's parent() makes Process(1), whose create_time it compares (a
  // parent must not be younger than its child), so /proc/1/stat is read too.
  while (pid >= 1 && n < 64) {
    char num[24];
    *std::to_chars(num, num + sizeof num - 1, pid).ptr = 0;
    join(path, sizeof path, "/proc", num);
    std::strcat(path, "/stat");
    std::size_t len = slurp(path);
    if (!len) break;
    ++n;
    buf[len < sizeof buf ? len : sizeof buf - 1] = 0;
    const char* rp = std::strrchr(buf, ')');
    if (!rp || std::strlen(rp) < 4) break;
    pid = std::strtol(rp + 4, nullptr, 10);  // ") S PPID"
  }
  return n;
}

std::size_t scan(bool more) {
  std::size_t n = 0;
  char rel[64];
  entries(AT_FDCWD, "/proc", [&](int proc, const char* name) {
    if (!is_pid(name)) return;
    n += slurp_at(proc, join(rel, sizeof rel, name, "stat")) > 0;
    if (more) {
      for (const char* f : {"status", "statm", "cmdline"})
        slurp_at(proc, join(rel, sizeof rel, name, f));
    }
  });
  return n;
}

std::size_t nic_ioctls() {
  struct if_nameindex* names = ::if_nameindex();
  if (!names) return 0;
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  std::size_t n = 0;
  for (struct if_nameindex* i = names; i->if_index; ++i, ++n) {
    ifreq r{};
    std::strncpy(r.ifr_name, i->if_name, IFNAMSIZ - 1);
    ::ioctl(fd, SIOCGIFFLAGS, &r);
    ::ioctl(fd, SIOCGIFMTU, &r);
    ethtool_cmd ec{};
    ec.cmd = ETHTOOL_GSET;
    r.ifr_data = reinterpret_cast<char*>(&ec);
    ::ioctl(fd, SIOCETHTOOL, &r);
  }
  ::close(fd);
  ::if_freenameindex(names);
  return n;
}

std::size_t core_lists() {
  std::size_t n = 0;
  char rel[96];
  entries(AT_FDCWD, "/sys/devices/system/cpu", [&](int dir, const char* name) {
    if (std::strncmp(name, "cpu", 3) != 0 || !is_pid(name + 3)) return;
    n += slurp_at(dir, join(rel, sizeof rel, name, "topology/core_cpus_list")) > 0;
  });
  return n;
}

}  // namespace floor_
