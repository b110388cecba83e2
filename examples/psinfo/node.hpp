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

  // A node of kind k whose member m holds v.
  template <class M>
  static node of(kind k, M node::*m, M v, unit un = unit::none) {
    node n;
    n.k = k;
    n.*m = std::move(v);
    n.u = un;
    return n;
  }

  static node null() { return node{}; }
  static node boolean(bool v) { return of(kind::boolean, &node::b, v); }
  static node integer(std::int64_t v, unit un = unit::none) {
    return of(kind::integer, &node::i, v, un);
  }
  static node uinteger(std::uint64_t v, unit un = unit::none) {
    return of(kind::uinteger, &node::ui, v, un);
  }
  static node number(double v, unit un = unit::none) { return of(kind::number, &node::d, v, un); }
  static node string(std::string v) { return of(kind::string, &node::s, std::move(v)); }
  static node array() { return of(kind::array, &node::items, {}); }
  static node object() { return of(kind::object, &node::fields, {}); }

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
