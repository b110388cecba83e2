// For the test drivers that print psinfo's results as JSON for a Python comparison
// (tests/disk/disk_json.cpp, tests/sensors/sensors_dump.cpp).
#pragma once

#include <cstdio>
#include <string>

namespace test {

// s as a JSON string: quotes and backslashes escaped, control bytes as \u00XX, other bytes as
// they are (UTF-8 passes through).
inline void print_json_string(const std::string& s) {
  std::putchar('"');
  for (unsigned char c : s) {
    if (c == '"' || c == '\\')
      std::printf("\\%c", c);
    else if (c < 0x20)
      std::printf("\\u%04x", c);
    else
      std::putchar(c);
  }
  std::putchar('"');
}

}  // namespace test
