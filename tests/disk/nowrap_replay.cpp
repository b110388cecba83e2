// Test driver for diff_nowrap.py: replays nowrap calls read from stdin through the engine of
// src/nowrap.hpp and prints each result, for the comparison with psutil's own _WrapNumbers.
//
// stdin, one command per line:
//   map NAME DEV=V1,V2,V3 ...    apply() on a std::map (devices in name order)
//   seq NAME DEV=V1,V2,V3 ...    a session fed the devices in the order given
//   clear NAME                   clear(NAME) ("-" for every name)
// stdout, one line per map/seq command: DEV=V1,V2,V3 ... in the order the devices were given
// (map: name order), each value after nowrap.
#include <cstdint>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "nowrap.hpp"

namespace {
struct ctr {
  std::uint64_t v[3] = {};
};
// apply() takes member pointers: three plain fields, as psutil's tuples (no absent value).
struct ctr3 {
  std::uint64_t a = 0, b = 0, c = 0;
};
const psinfo::detail::nowrap_field<ctr3> fields[] = {&ctr3::a, &ctr3::b, &ctr3::c};

bool parse_device(const std::string& tok, std::string& name, ctr& c) {
  const std::size_t eq = tok.rfind('=');
  if (eq == std::string::npos) return false;
  name = tok.substr(0, eq);
  std::istringstream in(tok.substr(eq + 1));
  char comma = 0;
  return static_cast<bool>(in >> c.v[0] >> comma >> c.v[1] >> comma >> c.v[2]);
}

void print(const std::string& name, const std::uint64_t* v, bool first) {
  std::cout << (first ? "" : " ") << name << '=' << v[0] << ',' << v[1] << ',' << v[2];
}
}  // namespace

int main() {
  psinfo::detail::wrap_numbers w;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string cmd, name, tok;
    in >> cmd >> name;
    if (cmd == "clear") {
      w.clear(name == "-" ? std::string() : name);
      continue;
    }
    std::vector<std::pair<std::string, ctr>> devices;
    while (in >> tok) {
      std::pair<std::string, ctr> d;
      if (!parse_device(tok, d.first, d.second)) {
        std::cerr << "bad device: " << tok << '\n';
        return 2;
      }
      devices.push_back(std::move(d));
    }
    if (cmd == "map") {
      std::map<std::string, ctr3> m;
      for (const auto& [dev, c] : devices) m[dev] = ctr3{c.v[0], c.v[1], c.v[2]};
      w.apply(name, m, fields);
      bool first = true;
      for (const auto& [dev, c] : m) {
        const std::uint64_t v[3] = {c.a, c.b, c.c};
        print(dev, v, first);
        first = false;
      }
    } else if (cmd == "seq") {
      {
        psinfo::detail::wrap_numbers::session s(w, name, 3);
        for (auto& [dev, c] : devices) s.adjust(dev, c.v, 7);
      }
      bool first = true;
      for (const auto& [dev, c] : devices) {
        print(dev, c.v, first);
        first = false;
      }
    } else {
      std::cerr << "bad command: " << cmd << '\n';
      return 2;
    }
    std::cout << '\n' << std::flush;
  }
  return 0;
}
