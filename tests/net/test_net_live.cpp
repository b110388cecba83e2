// Network, live: real sockets opened here must appear in net_connections with the status,
// addresses, fd and pid (getpid()) the kernel gave them, and vanish when closed.
#include <catch2/catch.hpp>

#include <psinfo/errors.hpp>
#include <psinfo/net.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "platform.hpp"

using namespace psinfo;

namespace {

struct fd_guard {
  int fd = -1;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

struct endpoint {
  std::string ip;
  int port = 0;
};

endpoint local_of(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0);
  char buf[INET6_ADDRSTRLEN];
  if (ss.ss_family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    return {buf, ntohs(in->sin_port)};
  }
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&ss);
  inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
  return {buf, ntohs(in6->sin6_port)};
}

// The loopback address of `family` (AF_INET or AF_INET6), port 0 (the kernel picks one); its
// length.
socklen_t loopback(int family, sockaddr_storage* ss) {
  *ss = {};
  ss->ss_family = static_cast<sa_family_t>(family);
  if (family == AF_INET) {
    reinterpret_cast<sockaddr_in*>(ss)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sizeof(sockaddr_in);
  }
  reinterpret_cast<sockaddr_in6*>(ss)->sin6_addr = in6addr_loopback;
  return sizeof(sockaddr_in6);
}

// A listener, a client connected to it and the accepted end, on the loopback of `family`.
struct tcp_trio {
  fd_guard srv, cli, acc;
  explicit tcp_trio(int family) {
    srv.fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(srv.fd >= 0);
    sockaddr_storage ss;
    const socklen_t len = loopback(family, &ss);
    REQUIRE(::bind(srv.fd, reinterpret_cast<sockaddr*>(&ss), len) == 0);
    REQUIRE(::listen(srv.fd, 4) == 0);
    socklen_t l2 = sizeof ss;
    REQUIRE(::getsockname(srv.fd, reinterpret_cast<sockaddr*>(&ss), &l2) == 0);
    cli.fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(::connect(cli.fd, reinterpret_cast<sockaddr*>(&ss), l2) == 0);
    acc.fd = ::accept4(srv.fd, nullptr, nullptr, SOCK_CLOEXEC);
    REQUIRE(acc.fd >= 0);
  }
};

const connection_t* find_fd(const std::vector<connection_t>& v, int fd) {
  const connection_t* hit = nullptr;
  for (const auto& c : v)
    if (c.pid && *c.pid == ::getpid() && c.fd == fd) {
      REQUIRE(hit == nullptr);  // one row per (pid, fd)
      hit = &c;
    }
  return hit;
}

void check_inet(const std::vector<connection_t>& v, int fd, address_family fam, socket_type type,
                const char* status, std::optional<int> peer_fd) {
  INFO("fd " << fd);
  const connection_t* c = find_fd(v, fd);
  REQUIRE(c);
  CHECK(c->family == fam);
  CHECK(c->type == type);
  CHECK(c->status == status);
  endpoint l = local_of(fd);
  REQUIRE(c->laddr);
  CHECK(c->laddr->ip == l.ip);
  CHECK(c->laddr->port == l.port);
  if (peer_fd) {
    endpoint r = local_of(*peer_fd);
    REQUIRE(c->raddr);
    CHECK(c->raddr->ip == r.ip);
    CHECK(c->raddr->port == r.port);
  } else {
    CHECK_FALSE(c->raddr);
  }
}

}  // namespace

TEST_CASE("net_connections: real TCP and UDP sockets on 127.0.0.1 and ::1", "[net][live]") {
  for (int family : {AF_INET, AF_INET6}) {
    const address_family fam = family == AF_INET ? address_family::inet : address_family::inet6;
    const char* kind = family == AF_INET ? "inet4" : "inet6";
    INFO("family " << to_string(fam));
    tcp_trio t(family);
    fd_guard udp;
    udp.fd = ::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_storage ss;
    const socklen_t len = loopback(family, &ss);
    REQUIRE(::bind(udp.fd, reinterpret_cast<sockaddr*>(&ss), len) == 0);

    for (const char* k : {kind, "inet", "all"}) {
      INFO("kind " << k);
      auto v = net_connections(k);
      check_inet(v, t.srv.fd, fam, socket_type::stream, "LISTEN", std::nullopt);
      check_inet(v, t.cli.fd, fam, socket_type::stream, "ESTABLISHED", t.acc.fd);
      check_inet(v, t.acc.fd, fam, socket_type::stream, "ESTABLISHED", t.cli.fd);
      check_inet(v, udp.fd, fam, socket_type::dgram, "NONE", std::nullopt);
    }
    // The other family's kinds and the unix kind do not list them.
    for (const char* k : {family == AF_INET ? "inet6" : "inet4", "unix", "udp", "tcp4"}) {
      auto v = net_connections(k);
      if (std::string(k) == "udp") {
        CHECK(find_fd(v, udp.fd));
        CHECK_FALSE(find_fd(v, t.srv.fd));
      } else if (std::string(k) == "tcp4" && family == AF_INET) {
        CHECK(find_fd(v, t.srv.fd));
        CHECK_FALSE(find_fd(v, udp.fd));
      } else {
        CHECK_FALSE(find_fd(v, t.srv.fd));
        CHECK_FALSE(find_fd(v, udp.fd));
      }
    }
    // Only this process: detail::proc_net_connections, what Process.net_connections uses.
    detail::connection_kinds kk;
    kk.tcp4 = kk.tcp6 = kk.udp4 = kk.udp6 = true;
    auto own = detail::proc_net_connections({::getpid(), 0, nullptr}, kk);
    for (const auto& c : own) CHECK(c.pid == ::getpid());
    check_inet(own, t.cli.fd, fam, socket_type::stream, "ESTABLISHED", t.acc.fd);
    check_inet(own, udp.fd, fam, socket_type::dgram, "NONE", std::nullopt);

    const int srv = t.srv.fd, cli = t.cli.fd, acc = t.acc.fd, u = udp.fd;
    t.srv.close();
    t.acc.close();
    t.cli.close();
    udp.close();
    auto after = net_connections("all");
    for (int fd : {srv, cli, acc, u}) CHECK_FALSE(find_fd(after, fd));
  }
}

TEST_CASE("net_connections: a bound unix socket", "[net][live]") {
  std::string path = "/tmp/psinfo-net-test-" + std::to_string(::getpid()) + ".sock";
  ::unlink(path.c_str());
  fd_guard s, a;
  s.fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  std::strncpy(un.sun_path, path.c_str(), sizeof un.sun_path - 1);
  REQUIRE(::bind(s.fd, reinterpret_cast<sockaddr*>(&un), sizeof un) == 0);
  REQUIRE(::listen(s.fd, 1) == 0);
  a.fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un ab{};
  ab.sun_family = AF_UNIX;
  std::string abstract = "psinfo-abstract-" + std::to_string(::getpid());
  std::memcpy(ab.sun_path + 1, abstract.data(), abstract.size());
  REQUIRE(::bind(a.fd, reinterpret_cast<sockaddr*>(&ab),
                 static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + abstract.size())) ==
          0);
  for (const char* k : {"unix", "all"}) {
    INFO("kind " << k);
    auto v = net_connections(k);
    const connection_t* c = find_fd(v, s.fd);
    REQUIRE(c);
    CHECK(c->family == address_family::unix_);
    CHECK(c->type == socket_type::stream);
    CHECK(c->path == path);
    CHECK(c->status == "NONE");
    CHECK_FALSE(c->laddr);
    const connection_t* d = find_fd(v, a.fd);
    REQUIRE(d);
    CHECK(d->type == socket_type::dgram);
    CHECK(d->path == "@" + abstract);
  }
  CHECK_FALSE(find_fd(net_connections("inet"), s.fd));
  int fd = s.fd;
  s.close();
  ::unlink(path.c_str());
  CHECK_FALSE(find_fd(net_connections("unix"), fd));
}

TEST_CASE("net_connections: an unknown kind is invalid_argument", "[net][live]") {
  CHECK_THROWS_AS(net_connections("tcp5"), invalid_argument);
  CHECK_THROWS_AS(net_connections("raw"), invalid_argument);
}

TEST_CASE("net_if_stats / net_if_addrs / net_io_counters: loopback", "[net][live]") {
  auto st = net_if_stats();
  REQUIRE(st.count("lo"));
  CHECK(st.at("lo").flags.find("loopback") != std::string::npos);
  auto addrs = net_if_addrs();
  REQUIRE(addrs.count("lo"));
  bool v4 = false;
  for (const auto& a : addrs.at("lo"))
    if (a.family == address_family::inet && a.address == "127.0.0.1") v4 = a.netmask.has_value();
  CHECK(v4);
  auto io = net_io_counters_pernic(false);
  CHECK(io.count("lo"));
  CHECK(net_io_counters(false).has_value());
}
