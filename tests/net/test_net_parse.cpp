// Network: the parsers on recorded (shared/fixtures/procfs) and hand-made (tests/fixtures/net-*)
// files, the shared layer (kinds, names, nowrap, totals) on fixture trees.
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

#include "../unit/fixture_root.hpp"
#include "linux/net_parse.hpp"
#include "linux/procfs.hpp"
#include "platform.hpp"

using namespace psinfo;
using namespace psinfo::detail;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}
std::string shared_net(const char* f) {
  return slurp(test::shared_fixture("procfs/proc/net/") + f);
}
std::string own_net(const char* tree, const char* f) {
  return slurp(test::own_fixture(std::string(tree) + "/proc/net/") + f);
}

std::string ep(const std::optional<address_t>& a) {
  return a ? a->ip + ":" + std::to_string(a->port) : "()";
}
std::string row(const connection_t& c) {
  std::string s = std::to_string(c.fd) + " " + to_string(c.family) + " " + to_string(c.type) + " ";
  s += c.family == address_family::unix_ ? "'" + c.path + "'" : ep(c.laddr) + " " + ep(c.raddr);
  return s + " " + c.status + " " + (c.pid ? std::to_string(*c.pid) : "None");
}

}  // namespace

TEST_CASE("parse_net_dev: recorded procfs tree", "[net][parse]") {
  auto m = parse_net_dev(shared_net("dev"));
  REQUIRE(m.size() == 4);
  const auto& eth0 = m.at("eth0");
  CHECK(eth0.bytes_recv == 874354587);
  CHECK(eth0.packets_recv == 1036395);
  CHECK(eth0.bytes_sent == 563352563);
  CHECK(eth0.packets_sent == 732147);
  CHECK(m.at("lo").bytes_recv == 1664039048);
  CHECK(m.count("vethf345468") == 1);
  CHECK(m.at("docker0").packets_recv == 38);
}

TEST_CASE("parse_net_dev: name before the last colon, every counter column", "[net][parse]") {
  auto m = parse_net_dev(own_net("net-owners", "dev"));
  REQUIRE(m.size() == 3);
  const auto& lo = m.at("lo");
  CHECK(lo.bytes_recv == 1000);
  CHECK(lo.packets_recv == 10);
  CHECK(lo.errin == 1);
  CHECK(lo.dropin == 2);
  CHECK(lo.bytes_sent == 2000);
  CHECK(lo.packets_sent == 20);
  CHECK(lo.errout == 3);
  CHECK(lo.dropout == 4);
  CHECK(m.at("weird:name").dropout == 12);
  CHECK(m.at("eth0").bytes_recv == 18446744073709550000ull);
  CHECK_THROWS_AS(parse_net_dev("h1\nh2\n  eth0: 1 2 3\n"), error);
  CHECK_THROWS_AS(parse_net_dev("h1\nh2\nno colon here 1 2 3 4 5 6 7 8 9 10 11 12\n"), error);
  CHECK(parse_net_dev("h1\nh2\n").empty());
}

TEST_CASE("for_each_net_dev_name: file order", "[net][parse]") {
  std::vector<std::string> names;
  for_each_net_dev_name(shared_net("dev"), [&](std::string_view n) { names.emplace_back(n); });
  CHECK(names == std::vector<std::string>{"vethf345468", "lo", "docker0", "eth0"});
}

TEST_CASE("parse_proc_net_inet: recorded tcp, tcp6, udp, udp6", "[net][parse]") {
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

TEST_CASE("parse_proc_net_unix: paths, abstract names, broken rows", "[net][parse]") {
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

TEST_CASE("net_connections on a hand-made tree: kinds, owners, psutil's set", "[net][fixture]") {
  test::fixture_root root(test::own_fixture("net-owners"));
  auto all = net_connections("all");
  std::multiset<std::string> rows;
  for (const auto& c : all) rows.insert(row(c));
  CHECK(rows.size() == 25);
  // Exact duplicates merge (the two identical TIME_WAIT rows; the two unowned unnamed unix).
  CHECK(rows.count("-1 AF_INET SOCK_STREAM 127.0.0.1:54322 127.0.0.1:8080 TIME_WAIT None") == 1);
  CHECK(rows.count("-1 AF_UNIX SOCK_STREAM '' NONE None") == 1);
  CHECK(rows.count("3 AF_INET SOCK_STREAM 127.0.0.1:8080 () LISTEN 100") == 1);
  CHECK(rows.count("-1 AF_INET SOCK_STREAM () () CLOSE None") == 1);  // port 0: ()
  CHECK(rows.count("-1 AF_INET6 SOCK_STREAM ::ffff:127.0.0.1:8080 ::ffff:127.0.0.1:54323 "
                   "ESTABLISHED None") == 1);
  CHECK(rows.count("12 AF_INET SOCK_DGRAM 127.0.0.1:40960 127.0.0.1:53 NONE 200") == 1);
  // A unix inode held by two fds of one process: one row per fd.
  CHECK(rows.count("5 AF_UNIX SOCK_DGRAM '' NONE 200") == 1);
  CHECK(rows.count("6 AF_UNIX SOCK_DGRAM '' NONE 200") == 1);
  // An inode shared by PIDs 100 and 200: the last PID of the /proc listing keeps it (psutil).
  std::string last;
  for (const auto& name : list_dir(test::own_fixture("net-owners/proc")))
    if (name == "100" || name == "200") last = name;
  CHECK(rows.count("-1 AF_INET6 SOCK_STREAM :::8080 () LISTEN None") == 0);
  CHECK(rows.count((last == "100" ? "4" : "10") +
                   std::string(" AF_INET6 SOCK_STREAM :::8080 () LISTEN ") + last) == 1);

  auto count = [](std::string_view kind) { return net_connections(kind).size(); };
  CHECK(count("tcp4") == 12);
  CHECK(count("tcp6") == 4);
  CHECK(count("udp4") == 2);
  CHECK(count("udp6") == 1);
  CHECK(count("tcp") == 16);
  CHECK(count("udp") == 3);
  CHECK(count("inet4") == 14);
  CHECK(count("inet6") == 5);
  CHECK(count("inet") == 19);
  CHECK(count("unix") == 6);
  CHECK_THROWS_AS(net_connections("tcp7"), invalid_argument);
  CHECK_THROWS_AS(net_connections(""), invalid_argument);
  CHECK_THROWS_AS(net_connections("INET"), invalid_argument);

  // Process.net_connections: only that PID's sockets.
  connection_kinds k;
  k.tcp4 = k.tcp6 = k.udp4 = k.udp6 = k.unix_ = true;
  auto mine = detail::proc_net_connections({300, 0, nullptr}, k);
  std::multiset<std::string> r300;
  for (const auto& c : mine) r300.insert(row(c));
  CHECK(r300 == std::multiset<std::string>{
                    "3 AF_INET SOCK_STREAM 127.0.0.1:54321 127.0.0.1:8080 ESTABLISHED 300",
                    "4 AF_INET6 SOCK_DGRAM :::546 () NONE 300",
                    "5 AF_UNIX SOCK_SEQPACKET '' NONE 300"});
  CHECK_THROWS_AS(detail::proc_net_connections({999999, 0, nullptr}, k), no_such_process);
}

TEST_CASE("net_connections: missing IPv6 tables are skipped, broken ones raise", "[net][fixture]") {
  {
    test::fixture_root root(test::own_fixture("net-noipv6"));
    CHECK(net_connections("inet6").empty());
    CHECK(net_connections("inet").size() == 14);
  }
  {
    test::fixture_root root(test::own_fixture("net-udp-broken"));
    CHECK_THROWS_AS(net_connections("udp"), error);
    CHECK(net_connections("tcp").size() == 16);
  }
  {
    test::fixture_root root(test::own_fixture("net-unix-noinode"));
    CHECK_THROWS_AS(net_connections("unix"), error);
  }
}

TEST_CASE("net_io_counters on fixture trees: totals include lo, none -> absent", "[net][fixture]") {
  {
    test::fixture_root root(test::shared_fixture("procfs"));
    auto t = psinfo::net_io_counters(false);
    REQUIRE(t);
    CHECK(t->bytes_recv == 648u + 1664039048u + 2568u + 874354587u);
    CHECK(t->bytes_sent == 438u + 1664039048u + 438u + 563352563u);
    CHECK(net_io_counters_pernic(false).size() == 4);
  }
  {
    test::fixture_root root(test::shared_fixture("node-exporter"));  // no proc/net/dev
    CHECK_THROWS_AS(psinfo::net_io_counters(false), error);
  }
}

namespace {
void write_dev(const std::string& dir, std::uint64_t rx_bytes, std::uint64_t tx_packets) {
  std::ofstream f(dir + "/proc/net/dev", std::ios::trunc);
  f << "Inter-|   Receive\n face |bytes\n";
  f << "  eth0: " << rx_bytes << " 1 0 0 0 0 0 0 5 " << tx_packets << " 0 0 0 0 0 0\n";
  f << "    lo: 10 1 0 0 0 0 0 0 10 1 0 0 0 0 0 0\n";
}
}  // namespace

TEST_CASE("net_io_counters nowrap: a 32-bit counter wraps between calls", "[net][nowrap]") {
  char tmpl[] = "/tmp/psinfo-net-XXXXXX";
  REQUIRE(mkdtemp(tmpl));
  std::string dir = tmpl;
  REQUIRE(system(("mkdir -p " + dir + "/proc/net").c_str()) == 0);
  {
    test::fixture_root root(dir);
    cache_clear("net_io_counters");
    write_dev(dir, 4294967000u, 100);
    CHECK(net_io_counters_pernic().at("eth0").bytes_recv == 4294967000u);
    write_dev(dir, 500, 150);  // wrapped
    auto p = net_io_counters_pernic();
    CHECK(p.at("eth0").bytes_recv == 4294967000ull + 500u);
    CHECK(p.at("eth0").packets_sent == 150);
    CHECK(psinfo::net_io_counters()->bytes_recv == 4294967000ull + 500u + 10u);
    CHECK(psinfo::net_io_counters(false)->bytes_recv == 510u);  // nowrap=false: raw
    cache_clear("net_io_counters");
    CHECK(net_io_counters_pernic().at("eth0").bytes_recv == 500u);
    cache_clear("net_io_counters");
  }
  REQUIRE(system(("rm -rf " + dir).c_str()) == 0);
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
