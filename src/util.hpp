// Small helpers shared by every OS directory and the shared layer.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace psinfo::detail {

// Python's round(x, 1) the slow, sure way: printf's %.1f is correctly rounded from the exact
// binary value (ties to even), as Python's is.
inline double round1_exact(double x) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return std::strtod(buf, nullptr);
}

// Python's round(x, 1). x * 10 is off from the exact product by at most half an ulp, so
// rounding it to an integer gives the right answer unless it lies within a hair of .5, where
// the exact decimal expansion decides: those (and huge or non-finite values) take the sure way.
// The integer r then gives r / 10, the double nearest to the decimal, as strtod would.
inline double round1(double x) {
  double y = x * 10.0;
  if (!(std::fabs(y) < 1e12)) return round1_exact(x);
  double f = y - std::floor(y);
  if (std::fabs(f - 0.5) < 1e-6) return round1_exact(x);
  return std::round(y) / 10.0;  // not a tie here: any rounding direction agrees
}

// psutil's usage_percent(used, total, round_=1).
inline double percent1(double used, double total) {
  return total == 0 ? 0.0 : round1(used / total * 100.0);
}

// a == b, inline for the short names of devices (memcmp is a call): the per-device loops of
// nowrap and the sampler compare one name per device.
inline bool same_name(const std::string& a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// psutil's POSIX name(): a kernel name of 15+ bytes may be cut short, so it is replaced by
// basename(cmdline[0]) when that starts with it.
inline std::string long_process_name(std::string_view comm,
                                     const std::vector<std::string>& cmdline) {
  if (comm.size() < 15 || cmdline.empty()) return std::string(comm);
  std::string_view first = cmdline[0];
  std::size_t slash = first.rfind('/');
  std::string_view base = slash == std::string_view::npos ? first : first.substr(slash + 1);
  if (base.substr(0, comm.size()) == comm) return std::string(base);
  return std::string(comm);
}

}  // namespace psinfo::detail
