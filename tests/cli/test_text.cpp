// The CLI's readable forms: per-device tables, grouped lists, addresses, help wrapping.
// Expected texts are written out here by hand.
#include <catch2/catch.hpp>
#include <string>

#include "node.hpp"
#include "text.hpp"

using psinfo_cli::ip_port;
using psinfo_cli::node;
using psinfo_cli::to_text;
using psinfo_cli::wrap;

namespace {
node address(const char* ip, int port) {
  return node::object().add("ip", node::string(ip)).add("port", node::integer(port));
}
}  // namespace

TEST_CASE("ip_port brackets IPv6 addresses") {
  CHECK(ip_port("127.0.0.1", 22) == "127.0.0.1:22");
  CHECK(ip_port("::1", 8080) == "[::1]:8080");
  CHECK(ip_port("fe80::1%eth0", 0) == "[fe80::1%eth0]:0");
}

TEST_CASE("an object of objects is a table keyed by name") {
  node per = node::object();
  per.add("eth0",
          node::object().add("bytes_sent", node::uinteger(10)).add("isup", node::boolean(true)));
  per.add(
      "lo",
      node::object().add("bytes_sent", node::uinteger(12345)).add("isup", node::boolean(false)));
  CHECK(to_text(per, psinfo_cli::rows::plain, "nic") ==
        "nic   bytes_sent   isup\n"
        "eth0          10   true\n"
        "lo         12345  false\n");
}

TEST_CASE("an object of lists is one indented table per key") {
  node addrs = node::object();
  node eth = node::array();
  eth.push(node::object().add("family", node::string("AF_INET")).add("ptp", node::null()));
  addrs.add("eth0", std::move(eth)).add("dummy", node::array());
  CHECK(to_text(addrs) ==
        "eth0:\n"
        "  family   ptp\n"
        "  AF_INET    -\n"
        "dummy:\n"
        "  (none)\n");
}

TEST_CASE("addresses print as ip:port, absent ones as -") {
  node conns = node::array();
  conns.push(node::object()
                 .add("laddr", address("127.0.0.1", 80))
                 .add("raddr", node::null())
                 .add("pid", node::integer(7)));
  conns.push(node::object()
                 .add("laddr", address("::1", 443))
                 .add("raddr", address("::1", 50000))
                 .add("pid", node::null()));
  CHECK(to_text(conns) ==
        "laddr         raddr        pid\n"
        "127.0.0.1:80  -              7\n"
        "[::1]:443     [::1]:50000    -\n");
}

TEST_CASE("empty results say so") {
  CHECK(to_text(node::object()) == "(none)\n");
  CHECK(to_text(node::array()) == "(none)\n");
  CHECK(to_text(node::null()) == "-\n");
}

TEST_CASE("wrap re-flows each line to the width, keeping explicit line breaks") {
  CHECK(wrap("") == "");
  CHECK(wrap("one two three", 9) == "one two\nthree\n");
  CHECK(wrap("one two three", 13) == "one two three\n");
  CHECK(wrap("first\nsecond line", 6) == "first\nsecond\nline\n");
  CHECK(wrap("averyveryverylongword x", 5) == "averyveryverylongword\nx\n");
  CHECK(wrap("a  b", 10) == "a b\n");
}
