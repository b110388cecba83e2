// psinfo CLI — a small value tree: every function's result is turned into one node, which is
// then written either as JSON (json.cpp) or as readable text (text.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace psinfo_cli {

// How a number is meant, for the readable form only (JSON prints the plain number).
// no_result marks the null of a method that returns nothing (psutil's None from an action):
// its readable form is no output at all.
enum class unit { none, bytes, timestamp, percent, seconds, mhz, no_result };

struct node {
  enum class kind { null, boolean, integer, uinteger, number, string, array, object };

  kind k = kind::null;
  unit u = unit::none;
  bool b = false;
  std::int64_t i = 0;
  std::uint64_t ui = 0;
  double d = 0;
  std::string s;
  std::vector<node> items;                           // array
  std::vector<std::pair<std::string, node>> fields;  // object, in insertion order

  static node null() { return node{}; }
  static node boolean(bool v) {
    node n;
    n.k = kind::boolean;
    n.b = v;
    return n;
  }
  static node integer(std::int64_t v, unit un = unit::none) {
    node n;
    n.k = kind::integer;
    n.i = v;
    n.u = un;
    return n;
  }
  static node uinteger(std::uint64_t v, unit un = unit::none) {
    node n;
    n.k = kind::uinteger;
    n.ui = v;
    n.u = un;
    return n;
  }
  static node number(double v, unit un = unit::none) {
    node n;
    n.k = kind::number;
    n.d = v;
    n.u = un;
    return n;
  }
  static node string(std::string v) {
    node n;
    n.k = kind::string;
    n.s = std::move(v);
    return n;
  }
  static node array() {
    node n;
    n.k = kind::array;
    return n;
  }
  static node object() {
    node n;
    n.k = kind::object;
    return n;
  }

  // An absent optional becomes null.
  template <class T, class F>
  static node maybe(const std::optional<T>& v, F make) {
    return v ? make(*v) : null();
  }

  node& add(std::string key, node value) {
    fields.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  node& push(node value) {
    items.push_back(std::move(value));
    return *this;
  }
};

// A list: make(x) for each x of v.
template <class T, class F>
node list_of(const std::vector<T>& v, F make) {
  node out = node::array();
  for (const auto& x : v) out.push(make(x));
  return out;
}

// An object keyed like the map (per device, per NIC, per chip): make(value) for each entry.
template <class Map, class F>
node keyed(const Map& m, F make) {
  node out = node::object();
  for (const auto& [key, value] : m) out.add(key, make(value));
  return out;
}

}  // namespace psinfo_cli
