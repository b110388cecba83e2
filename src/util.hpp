// Small helpers shared by every OS directory and the shared layer.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace psinfo::detail {

// Python's round(x, 1): correctly rounded from the exact double, ties to even.
// printf's %.1f is correctly rounded from the exact binary value, as Python's is.
inline double round1(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return std::strtod(buf, nullptr);
}

// psutil's usage_percent(used, total, round_=1).
inline double percent1(double used, double total) {
  return total == 0 ? 0.0 : round1(used / total * 100.0);
}

}  // namespace psinfo::detail
