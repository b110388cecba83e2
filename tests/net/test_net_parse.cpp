// Network: the parsers on recorded (shared/fixtures/procfs, cases tagged [shared]) and
// hand-made files.
#include <catch2/catch.hpp>

#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <psinfo/net.hpp>

#include <arpa/inet.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "fixtures.hpp"
#include "linux/net_parse.hpp"
#include "linux/procfs.hpp"
#include "platform.hpp"

using namespace psinfo;
using namespace psinfo::detail;

namespace {

std::string shared_net(const char* f) {
  return test::slurp(test::shared_fixture("procfs/proc/net/") + f);
}
std::string own_net(const char* tree, const char* f) {
  return test::slurp(test::own_fixture(std::string(tree) + "/proc/net/") + f);
}

// The counters of one interface against the 16 numbers of its /proc/net/dev line, copied here
// from the fixture: receive bytes packets errs drop fifo frame compressed multicast, then
// transmit bytes packets errs drop fifo colls carrier compressed.
void check_dev_line(const net_io_counters_t& c, const std::string& numbers) {
  INFO(numbers);
  const std::vector<std::uint64_t> v = test::numbers_of(numbers, 16);
  CHECK(c.bytes_recv == v[0]);
  CHECK(c.packets_recv == v[1]);
  CHECK(c.errin == v[2]);
  CHECK(c.dropin == v[3]);
  CHECK(c.bytes_sent == v[8]);
  CHECK(c.packets_sent == v[9]);
  CHECK(c.errout == v[10]);
  CHECK(c.dropout == v[11]);
}

}  // namespace

TEST_CASE("parse_net_dev: recorded procfs tree", "[shared][net][parse]") {
  auto m = parse_net_dev(shared_net("dev"));
  REQUIRE(m.size() == 4);
  check_dev_line(m.at("eth0"), "874354587 1036395 0 0 0 0 0 0 563352563 732147 0 0 0 0 0 0");
  CHECK(m.at("lo").bytes_recv == 1664039048);
  CHECK(m.count("vethf345468") == 1);
  CHECK(m.at("docker0").packets_recv == 38);
}

TEST_CASE("parse_net_dev: name before the last colon, every counter column", "[net][parse]") {
  auto m = parse_net_dev(own_net("net-owners", "dev"));
  REQUIRE(m.size() == 3);
  check_dev_line(m.at("lo"), "1000 10 1 2 0 0 0 0 2000 20 3 4 0 0 0 0");
  check_dev_line(m.at("weird:name"), "5 6 7 8 0 0 0 0 9 10 11 12 0 0 0 0");
  CHECK(m.at("eth0").bytes_recv == 18446744073709550000ull);
  CHECK_THROWS_AS(parse_net_dev("h1\nh2\n  eth0: 1 2 3\n"), error);
  CHECK_THROWS_AS(parse_net_dev("h1\nh2\nno colon here 1 2 3 4 5 6 7 8 9 10 11 12\n"), error);
  CHECK(parse_net_dev("h1\nh2\n").empty());
}

TEST_CASE("for_each_net_dev_name: file order", "[shared][net][parse]") {
  std::vector<std::string> names;
  for_each_net_dev_name(shared_net("dev"), [&](std::string_view n) { names.emplace_back(n); });
  CHECK(names == std::vector<std::string>{"vethf345468", "lo", "docker0", "eth0"});
}

TEST_CASE("parse_proc_net_inet: recorded tcp, tcp6, udp, udp6", "[shared][net][parse]") {
  std::vector<inet_socket> v;
  parse_proc_net_inet(shared_net("tcp"), address_family::inet, socket_type::stream, v);
  REQUIRE(v.size() == 3);
  CHECK(format_ip(address_family::inet, v[0].laddr.data()) == "10.0.0.5");
  CHECK(v[0].lport == 22);
  CHECK(v[0].rport == 0);
  CHECK(v[0].state == 10);
  CHECK(v[0].inode == 2740);
  v.clear();
  parse_proc_net_inet(shared_net("tcp6"), address_family::inet6, socket_type::stream, v);
  REQUIRE(v.size() == 2);
  CHECK(format_ip(address_family::inet6, v[0].laddr.data()) == "::");
  CHECK(v[0].lport == 0x14EB);
  CHECK(v[0].state == 7);
  CHECK(format_ip(address_family::inet6, v[1].laddr.data()) == "fe80::56e1:adff:fe7c:6609");
  CHECK(v[1].inode == 11337031);
  v.clear();
  parse_proc_net_inet(shared_net("udp6"), address_family::inet6, socket_type::dgram, v);
  CHECK(v.size() == 2);
  // A row of fewer than 10 fields: psutil raises RuntimeError.
  CHECK_THROWS_AS(
      parse_proc_net_inet(shared_net("udp_broken"), address_family::inet, socket_type::dgram, v),
      error);
}

TEST_CASE("parse_proc_net_inet: IPv4-mapped and loopback IPv6", "[net][parse]") {
  std::vector<inet_socket> v;
  parse_proc_net_inet(own_net("net-owners", "tcp6"), address_family::inet6, socket_type::stream, v);
  REQUIRE(v.size() == 4);
  CHECK(format_ip(address_family::inet6, v[1].laddr.data()) == "::ffff:127.0.0.1");
  CHECK(format_ip(address_family::inet6, v[2].raddr.data()) == "::1");
  CHECK(format_ip(address_family::inet6, v[3].raddr.data()) == "2001:db8::1");
  CHECK(v[3].rport == 443);
}

TEST_CASE("format_ip: the same text as inet_ntop for every shape of address", "[net][parse]") {
  // Groups drawn from few values, so that zero runs of every length and place, ties between
  // runs, ::a.b.c.d and ::ffff:a.b.c.d all occur; plus fully random addresses.
  const unsigned group[] = {0, 0, 0, 0, 1, 0xffff, 0xa, 0x10, 0x100, 0xfe80, 0x1234, 0xabc};
  std::uint64_t seed = 99;
  auto next = [&] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<unsigned>(seed >> 33);
  };
  for (int iter = 0; iter < 100000; ++iter) {
    unsigned char a[16];
    for (int g = 0; g < 8; ++g) {
      unsigned w = iter % 4 == 0 ? next() & 0xffff : group[next() % std::size(group)];
      a[2 * g] = static_cast<unsigned char>(w >> 8);
      a[2 * g + 1] = static_cast<unsigned char>(w);
    }
    if (iter % 7 == 0) {  // IPv4 in the last 32 bits
      std::memset(a, 0, 10);
      a[10] = a[11] = iter % 14 == 0 ? 0xff : 0;
    }
    char want[INET6_ADDRSTRLEN];
    REQUIRE(inet_ntop(AF_INET6, a, want, sizeof want));
    INFO(want);
    CHECK(format_ip(address_family::inet6, a) == want);
    REQUIRE(inet_ntop(AF_INET, a, want, sizeof want));
    CHECK(format_ip(address_family::inet, a) == want);
  }
}

TEST_CASE("parse_proc_net_unix: paths, abstract names, broken rows", "[shared][net][parse]") {
  std::vector<unix_socket> v;
  parse_proc_net_unix(shared_net("unix"), v);
  REQUIRE(v.size() == 5);
  CHECK(v[0].path == "/var/run/postgresql/.s.PGSQL.5432");
  CHECK(v[0].inode == 3442596u);
  CHECK(v[1].type == socket_type::seqpacket);
  CHECK(v[2].type == socket_type::dgram);
  CHECK(v[4].path.empty());
  v.clear();
  parse_proc_net_unix(own_net("net-owners", "unix"), v);
  REQUIRE(v.size() == 6);
  CHECK(v[1].path == "@abstract");
  CHECK(v[3].path.empty());  // a space in the path: psutil gives ""
  v.clear();
  // Without the inode column: the path is taken for the inode (owned by no one) and the last
  // row, 6 fields with spaces, makes psutil raise RuntimeError.
  CHECK_THROWS_AS(parse_proc_net_unix(shared_net("unix_without_inode"), v), error);
}

TEST_CASE("unix_path_from_sun_path: as the kernel prints it in /proc/net/unix", "[net][parse]") {
  using namespace std::string_literals;
  CHECK(unix_path_from_sun_path("/run/x.sock\0"s) == "/run/x.sock");
  CHECK(unix_path_from_sun_path("\0abstract"s) == "@abstract");
  CHECK(unix_path_from_sun_path("\0a\0b"s) == "@a@b");
  CHECK(unix_path_from_sun_path("/tmp/a b\0"s).empty());
  CHECK(unix_path_from_sun_path("").empty());
}

TEST_CASE("tcp_status_name: psutil's names", "[net][parse]") {
  CHECK(std::string(tcp_status_name(1)) == "ESTABLISHED");
  CHECK(std::string(tcp_status_name(10)) == "LISTEN");
  CHECK(std::string(tcp_status_name(11)) == "CLOSING");
  CHECK(tcp_status_name(0) == nullptr);
  CHECK(tcp_status_name(12) == nullptr);
}

TEST_CASE("to_string of the network enums", "[net]") {
  CHECK(std::string(to_string(address_family::inet)) == "AF_INET");
  CHECK(std::string(to_string(address_family::inet6)) == "AF_INET6");
  CHECK(std::string(to_string(address_family::link)) == "AF_LINK");
  CHECK(std::string(to_string(address_family::unix_)) == "AF_UNIX");
  CHECK(std::string(to_string(address_family::unspec)) == "AF_UNSPEC");
  CHECK(std::string(to_string(socket_type::stream)) == "SOCK_STREAM");
  CHECK(std::string(to_string(socket_type::dgram)) == "SOCK_DGRAM");
  CHECK(std::string(to_string(socket_type::seqpacket)) == "SOCK_SEQPACKET");
  CHECK(std::string(to_string(nic_duplex::full)) == "NIC_DUPLEX_FULL");
  CHECK(std::string(to_string(nic_duplex::half)) == "NIC_DUPLEX_HALF");
  CHECK(std::string(to_string(nic_duplex::unknown)) == "NIC_DUPLEX_UNKNOWN");
}

namespace {
// /proc/net/dev as parse_net_dev must read it: two header lines; a line without ':' is skipped
// when blank, else an error; the name is what precedes the last ':', stripped; then 12 numbers,
// each after spaces or tabs, all digits, fitting 64 bits, followed by the end, a space, a tab
// or a CR (the rest of the line is not read). Empty optional: an error.
std::optional<std::map<std::string, net_io_counters_t>> ref_net_dev(const std::string& text) {
  std::map<std::string, net_io_counters_t> out;
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; };
  for (std::size_t l = 2; l < lines.size(); ++l) {
    const std::string& line = lines[l];
    const std::size_t colon = line.rfind(':');
    if (colon == std::string::npos) {
      for (char c : line)
        if (!blank(c)) return std::nullopt;
      continue;
    }
    if (colon == 0) return std::nullopt;
    std::uint64_t v[12];
    std::size_t i = colon + 1;
    for (std::uint64_t& x : v) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      unsigned __int128 acc = 0;
      const std::size_t b = i;
      for (; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) {
        acc = acc * 10 + static_cast<unsigned>(line[i] - '0');
        if (acc > ~std::uint64_t{0}) return std::nullopt;
      }
      if (i == b) return std::nullopt;
      if (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
        return std::nullopt;
      x = static_cast<std::uint64_t>(acc);
    }
    std::size_t nb = 0, ne = colon;
    while (nb < ne && blank(line[nb])) ++nb;
    while (ne > nb && blank(line[ne - 1])) --ne;
    net_io_counters_t c;
    c.bytes_recv = v[0];
    c.packets_recv = v[1];
    c.errin = v[2];
    c.dropin = v[3];
    c.bytes_sent = v[8];
    c.packets_sent = v[9];
    c.errout = v[10];
    c.dropout = v[11];
    out[line.substr(nb, ne - nb)] = c;
  }
  return out;
}
}  // namespace

TEST_CASE("parse_net_dev: padding, separators and odd values as the plain reading has it",
          "[net][parse]") {
  const char* const names[] = {"lo", "eth0", "wlp2s0", "a:b", "veth1234567890ab", "", " "};
  const char* const values[] = {"0",
                                "7",
                                "3000886",
                                "18446744073709551615",
                                "18446744073709551616",
                                "000000000000000000000012",
                                "12a",
                                "-1",
                                "x",
                                ""};
  const char* const seps[] = {" ", "       ", "\t", " \t ", "\r", "\v", ""};
  std::mt19937 rng(20261125);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  int ok = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text = "Inter-| h1\n face | h2\n";
    const std::size_t lines = pick(6);
    for (std::size_t l = 0; l < lines; ++l) {
      if (pick(20) == 0) {
        text += seps[pick(std::size(seps))];
      } else {
        char head[64];
        std::snprintf(head, sizeof head, "%6s:", names[pick(std::size(names))]);
        text += head;
        const std::size_t n = pick(10) == 0 ? pick(18) : 16;
        for (std::size_t k = 0; k < n; ++k) {
          if (pick(2) == 0) {  // as the kernel prints it: right-aligned columns
            char buf[32];
            std::snprintf(buf, sizeof buf, " %7llu",
                          static_cast<unsigned long long>(pick(4) == 0 ? 0 : rng() % 100000000));
            text += buf;
          } else {
            text += seps[pick(std::size(seps))];
            text += pick(4) == 0 ? values[pick(std::size(values))] : std::to_string(rng() % 1000);
          }
        }
      }
      if (pick(10) == 0 && !text.empty()) {
        const char swaps[] = {' ', '\t', ':', '\r', '\0', '9'};
        text[20 + pick(text.size() - 20)] = swaps[pick(sizeof swaps)];
      }
      if (l + 1 < lines || pick(2) == 0) text += '\n';
    }
    INFO("text: '" << text << "'");
    const auto ref = ref_net_dev(text);
    if (!ref) {
      CHECK_THROWS_AS(parse_net_dev(text), error);
      continue;
    }
    const auto got = parse_net_dev(text);
    REQUIRE(got.size() == ref->size());
    for (const auto& [name, r] : *ref) {
      INFO("nic '" << name << "'");
      REQUIRE(got.count(name) == 1);
      const net_io_counters_t& g = got.at(name);
      CHECK(g.bytes_recv == r.bytes_recv);
      CHECK(g.packets_recv == r.packets_recv);
      CHECK(g.errin == r.errin);
      CHECK(g.dropin == r.dropin);
      CHECK(g.bytes_sent == r.bytes_sent);
      CHECK(g.packets_sent == r.packets_sent);
      CHECK(g.errout == r.errout);
      CHECK(g.dropout == r.dropout);
    }
    ++ok;
  }
  CHECK(ok > 2000);  // the generator reaches the success path
}
