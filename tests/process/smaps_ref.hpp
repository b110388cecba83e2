// The reference the smaps readers are checked against: a plain istringstream parser of
// /proc/PID/smaps text, one entry per mapping (tests/process: the parse and live tests).
#pragma once

#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace test {

struct ref_map {
  std::string addr, perms, path;
  std::map<std::string, std::uint64_t> kb;  // "Rss" -> kB

  // A field in bytes, 0 when the mapping has no such line.
  std::uint64_t bytes(const char* key) const {
    auto it = kb.find(key);
    return it == kb.end() ? 0 : it->second * 1024;
  }
};

inline std::vector<ref_map> ref_smaps(const std::string& text) {
  std::vector<ref_map> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string first;
    if (!(ls >> first)) continue;
    if (first.back() != ':') {
      ref_map m;
      std::string off, dev, ino;
      ls >> m.perms >> off >> dev >> ino;
      m.addr = first;
      std::getline(ls, m.path);
      size_t a = m.path.find_first_not_of(" \t");
      size_t b = m.path.find_last_not_of(" \t");
      m.path = a == std::string::npos ? "" : m.path.substr(a, b - a + 1);
      if (m.path.empty()) m.path = "[anon]";
      out.push_back(m);
    } else if (first != "VmFlags:" && !out.empty()) {
      std::uint64_t v = 0;
      ls >> v;
      out.back().kb[first.substr(0, first.size() - 1)] = v;
    }
  }
  return out;
}

}  // namespace test
