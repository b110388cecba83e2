#include "linux/netlink.hpp"

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <memory>

namespace psinfo::detail {

namespace {

// The states /proc/net/tcp and /proc/net/udp list: 1 (ESTABLISHED) .. 11 (CLOSING) and 12
// (TCP_NEW_SYN_RECV, request sockets, which the kernel reports as SYN_RECV). Not 13
// (TCP_BOUND_INACTIVE, bound but not listening: newer kernels dump them on request, /proc does
// not list them, and neither does psutil).
constexpr std::uint32_t kInetStates = 0x1ffeu;

// Dump replies: the kernel fills up to 32 KiB per datagram when the reader's buffer allows.
constexpr std::size_t kRecvSize = 64 * 1024;

char* recv_buffer() {
  thread_local std::unique_ptr<char[]> buf(new char[kRecvSize]);
  return buf.get();
}

}  // namespace

sock_diag::sock_diag() { fd_ = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG); }

sock_diag::~sock_diag() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {
// One inet_diag_msg -> inet_socket; false if it is short or not of a wanted family.
bool to_inet_socket(const nlmsghdr* h, socket_type type, bool want4, bool want6, inet_socket& s) {
  if (h->nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg))) return false;
  auto* m = static_cast<const inet_diag_msg*>(NLMSG_DATA(h));
  std::size_t alen;
  if (m->idiag_family == AF_INET && want4) {
    s.family = address_family::inet;
    alen = 4;
  } else if (m->idiag_family == AF_INET6 && want6) {
    s.family = address_family::inet6;
    alen = 16;
  } else {
    return false;
  }
  s.type = type;
  s.state = m->idiag_state == 12 ? 3 : m->idiag_state;  // TCP_NEW_SYN_RECV -> SYN_RECV
  s.lport = ntohs(m->id.idiag_sport);
  s.rport = ntohs(m->id.idiag_dport);
  std::memcpy(s.laddr.data(), m->id.idiag_src, alen);
  std::memcpy(s.raddr.data(), m->id.idiag_dst, alen);
  s.inode = m->idiag_inode;
  return true;
}

// The message loop shared by both walks.
template <class Fn>
nl_walk walk(const char* buf, std::size_t len, unsigned seq, Fn&& on_message) {
  for (auto* h = reinterpret_cast<const nlmsghdr*>(buf); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
    if (h->nlmsg_seq != seq) continue;  // a stale reply of an abandoned dump
    if (h->nlmsg_type == NLMSG_DONE) return nl_walk::done;
    if (h->nlmsg_type == NLMSG_ERROR) return nl_walk::error;
    on_message(h);
  }
  return nl_walk::more;
}
}  // namespace

nl_walk walk_inet_diag(const char* buf, std::size_t len, unsigned seq, socket_type type, bool want4,
                       bool want6, std::vector<inet_socket>& out) {
  return walk(buf, len, seq, [&](const nlmsghdr* h) {
    inet_socket s;
    if (to_inet_socket(h, type, want4, want6, s)) out.push_back(s);
  });
}

nl_walk walk_unix_diag(const char* buf, std::size_t len, unsigned seq,
                       std::vector<unix_socket>& out) {
  return walk(buf, len, seq, [&](const nlmsghdr* h) {
    if (h->nlmsg_len < NLMSG_LENGTH(sizeof(unix_diag_msg))) return;
    auto* m = static_cast<const unix_diag_msg*>(NLMSG_DATA(h));
    unix_socket s;
    s.type = static_cast<socket_type>(m->udiag_type);
    s.inode = m->udiag_ino;
    int alen = static_cast<int>(h->nlmsg_len - NLMSG_LENGTH(sizeof(unix_diag_msg)));
    for (auto* a = reinterpret_cast<const rtattr*>(m + 1); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
      if (a->rta_type == UNIX_DIAG_NAME) {
        s.path = unix_path_from_sun_path(
            std::string_view(static_cast<const char*>(RTA_DATA(a)), RTA_PAYLOAD(a)));
      }
    }
    out.push_back(std::move(s));
  });
}

template <class Req, class Walk>
bool sock_diag::dump(unsigned short type, const Req& req, Walk&& walk_buffer) {
  if (fd_ < 0) return false;
  struct {
    nlmsghdr nlh;
    Req body;
  } msg;
  std::memset(&msg, 0, sizeof msg);
  msg.nlh.nlmsg_len = sizeof msg;
  msg.nlh.nlmsg_type = type;
  msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  msg.nlh.nlmsg_seq = ++seq_;
  msg.body = req;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  for (;;) {
    ssize_t n =
        ::sendto(fd_, &msg, sizeof msg, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel);
    if (n >= 0) break;
    if (errno != EINTR) return false;
  }
  char* buf = recv_buffer();
  for (;;) {
    ssize_t n = ::recv(fd_, buf, kRecvSize, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) return false;
    switch (walk_buffer(buf, static_cast<std::size_t>(n), seq_)) {
      case nl_walk::done:
        return true;
      case nl_walk::error:
        return false;
      case nl_walk::more:
        break;
    }
  }
}

bool sock_diag::dump_inet(address_family family, socket_type type, std::vector<inet_socket>& out) {
  inet_diag_req_v2 req{};
  req.sdiag_family = family == address_family::inet ? AF_INET : AF_INET6;
  req.sdiag_protocol = type == socket_type::stream ? IPPROTO_TCP : IPPROTO_UDP;
  req.idiag_states = kInetStates;
  const std::size_t mark = out.size();
  const bool v4 = family == address_family::inet;
  bool ok = dump(SOCK_DIAG_BY_FAMILY, req, [&](const char* b, std::size_t n, unsigned seq) {
    return walk_inet_diag(b, n, seq, type, v4, !v4, out);
  });
  if (!ok) out.resize(mark);
  return ok;
}

bool sock_diag::dump_tcp_both(std::vector<inet_socket>& out) {
  // The original inet_diag request (TCPDIAG_GETSOCK) dumps with family AF_UNSPEC: IPv4 and IPv6
  // sockets in one walk of the kernel's TCP hash tables, where two SOCK_DIAG_BY_FAMILY requests
  // walk them twice (the established table alone has 2^18 buckets on this machine).
  inet_diag_req req{};
  req.idiag_states = kInetStates;
  const std::size_t mark = out.size();
  bool ok = dump(TCPDIAG_GETSOCK, req, [&](const char* b, std::size_t n, unsigned seq) {
    return walk_inet_diag(b, n, seq, socket_type::stream, true, true, out);
  });
  if (!ok) out.resize(mark);
  return ok;
}

bool sock_diag::dump_unix(std::vector<unix_socket>& out) {
  unix_diag_req req{};
  req.sdiag_family = AF_UNIX;
  req.udiag_states = ~0u;
  // UDIAG_SHOW_NAME only: psutil shows no peer for AF_UNIX (raddr is always ""), so the peer
  // attribute would be read for nothing.
  req.udiag_show = UDIAG_SHOW_NAME;
  const std::size_t mark = out.size();
  bool ok = dump(SOCK_DIAG_BY_FAMILY, req, [&](const char* b, std::size_t n, unsigned seq) {
    return walk_unix_diag(b, n, seq, out);
  });
  if (!ok) out.resize(mark);
  return ok;
}

}  // namespace psinfo::detail
