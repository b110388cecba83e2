// psinfo CLI — option values as numbers (values.hpp).
#include "values.hpp"

#include <charconv>
#include <climits>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <string>

namespace psinfo_cli {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool parse_decimal(std::string_view text, double& out) {
  // The grammar is checked here, so that strtod sees only what it reads the same way in every
  // locale and C library: digits, one '.', an exponent.
  size_t i = text.empty() || text[0] != '-' ? 0 : 1, digits = 0;
  while (i < text.size() && digit(text[i])) ++i, ++digits;
  const size_t point = i;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && digit(text[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const size_t start = i;
    while (i < text.size() && digit(text[i])) ++i;
    if (i == start) return false;
  }
  if (i != text.size()) return false;
  // strtod reads the locale's decimal point (LC_NUMERIC): put it where the '.' was.
  std::string s(text);
  if (point < s.size() && s[point] == '.') {
    const char* dp = std::localeconv()->decimal_point;
    s.replace(point, 1, dp && *dp ? dp : ".");
  }
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return false;  // too large: inf
  out = v;
  return true;
}

bool parse_pid(std::string_view text, long& out) {
  long v = 0;
  const char* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, v);
  if (text.empty() || !digit(text[0]) || r.ec != std::errc() || r.ptr != end || v > INT_MAX)
    return false;
  out = v;
  return true;
}

}  // namespace psinfo_cli
