// For the drivers of the Python process tests (process_json.cpp, procmem_json.cpp): raw bytes
// (names, paths, arguments need not be UTF-8) as a JSON string whose characters are the bytes,
// byte 0xE9 -> U+00E9; the Python side gets the bytes back with str.encode("latin-1").
#pragma once

#include <string>

#include "node.hpp"

namespace test {

inline psinfo_cli::node latin1(const std::string& bytes) {
  std::string utf8;
  utf8.reserve(bytes.size());
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      utf8 += static_cast<char>(c);
    } else {
      utf8 += static_cast<char>(0xC0 | (c >> 6));
      utf8 += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return psinfo_cli::node::string(std::move(utf8));
}

}  // namespace test
