// The CLI's JSON writer: string escaping and number formatting. Expected texts are what
// Python's json.dumps / repr() write for the same values.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "json.hpp"
#include "node.hpp"

using psinfo_cli::format_double;
using psinfo_cli::json_quote;
using psinfo_cli::node;
using psinfo_cli::to_json;

TEST_CASE("json_quote escapes quotes, backslash and control characters") {
  CHECK(json_quote("") == "\"\"");
  CHECK(json_quote("plain text") == "\"plain text\"");
  CHECK(json_quote("a\"b\\c/d") == "\"a\\\"b\\\\c/d\"");
  CHECK(json_quote("\b\f\n\r\t") == "\"\\b\\f\\n\\r\\t\"");
  CHECK(json_quote(std::string("x\0y", 3)) == "\"x\\u0000y\"");
  CHECK(json_quote("\x01\x1f\x7f") == "\"\\u0001\\u001f\x7f\"");
}

TEST_CASE("json_quote passes valid UTF-8 through") {
  CHECK(json_quote("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") ==
        "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
  CHECK(json_quote("\xef\xbf\xbf\xf4\x8f\xbf\xbf") == "\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\"");
}

TEST_CASE("json_quote replaces each byte of invalid UTF-8 with \\ufffd") {
  CHECK(json_quote("a\x80z") == "\"a\\ufffdz\"");                    // lone continuation byte
  CHECK(json_quote("\xc0\xaf") == "\"\\ufffd\\ufffd\"");             // overlong '/'
  CHECK(json_quote("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");  // UTF-16 surrogate
  CHECK(json_quote("\xf4\x90\x80\x80") == "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // > U+10FFFF
  CHECK(json_quote("\xe2\x82") == "\"\\ufffd\\ufffd\"");    // cut short at the end
  CHECK(json_quote("\xe2\x82x") == "\"\\ufffd\\ufffdx\"");  // cut short by ASCII
  CHECK(json_quote("\xff\xfe") == "\"\\ufffd\\ufffd\"");
}

TEST_CASE("format_double writes what Python's repr() writes") {
  CHECK(format_double(1.0) == "1.0");
  CHECK(format_double(0.0) == "0.0");
  CHECK(format_double(-0.0) == "-0.0");
  CHECK(format_double(1e-05) == "1e-05");
  CHECK(format_double(0.0001) == "0.0001");
  CHECK(format_double(1e15) == "1000000000000000.0");
  CHECK(format_double(1e16) == "1e+16");
  CHECK(format_double(1418183276.0) == "1418183276.0");
  CHECK(format_double(0.1 + 0.2) == "0.30000000000000004");
  CHECK(format_double(3018.54) == "3018.54");
  CHECK(format_double(5e-324) == "5e-324");
  CHECK(format_double(1.7976931348623157e308) == "1.7976931348623157e+308");
  CHECK(format_double(12345678901234567.0) == "1.2345678901234568e+16");
}

TEST_CASE("non-finite doubles, which JSON lacks, are null") {
  CHECK(format_double(std::nan("")) == "null");
  CHECK(format_double(std::numeric_limits<double>::infinity()) == "null");
  CHECK(format_double(-std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("to_json writes json.dumps's layout") {
  node obj = node::object();
  node list = node::array();
  list.push(node::integer(-1)).push(node::number(2.5)).push(node::null()).push(node::string("x"));
  obj.add("a", std::move(list))
      .add("b", node::object())
      .add("c", node::uinteger(18446744073709551615u))
      .add("d", node::array());
  CHECK(to_json(obj) ==
        "{\"a\": [-1, 2.5, null, \"x\"], \"b\": {}, \"c\": 18446744073709551615, "
        "\"d\": []}");
  CHECK(to_json(node::number(100.0)) == "100.0");
  CHECK(to_json(node::null()) == "null");
}

TEST_CASE("booleans are JSON's true and false (net_if_stats.isup, power_plugged)") {
  node obj = node::object();
  obj.add("isup", node::boolean(true)).add("power_plugged", node::boolean(false));
  obj.add("unknown", node::maybe(std::optional<bool>(), node::boolean));
  CHECK(to_json(obj) == "{\"isup\": true, \"power_plugged\": false, \"unknown\": null}");
}
