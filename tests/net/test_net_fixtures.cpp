// Network: the shared layer (kinds, owners, names, nowrap, totals) on recorded trees
// (shared/fixtures, cases tagged [shared]) and hand-made ones (tests/fixtures/net-*).
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

std::string ep(const std::optional<address_t>& a) {
  return a ? a->ip + ":" + std::to_string(a->port) : "()";
}
std::string row(const connection_t& c) {
  std::string s = std::to_string(c.fd) + " " + to_string(c.family) + " " + to_string(c.type) + " ";
  s += c.family == address_family::unix_ ? "'" + c.path + "'" : ep(c.laddr) + " " + ep(c.raddr);
  return s + " " + c.status + " " + (c.pid ? std::to_string(*c.pid) : "None");
}

}  // namespace

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

TEST_CASE("net_io_counters on fixture trees: totals include lo, none -> absent",
          "[shared][net][fixture]") {
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
