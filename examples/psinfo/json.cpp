// psinfo CLI — JSON writer.
#include "json.hpp"

#include <fmt/format.h>

#include <cmath>

namespace psinfo_cli {

size_t utf8_sequence(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  return len;
}

namespace {

void write(const node& n, std::string& out) {
  switch (n.k) {
    case node::kind::null:
      out += "null";
      break;
    case node::kind::boolean:
      out += n.b ? "true" : "false";
      break;
    case node::kind::integer:
      out += fmt::format("{}", n.i);
      break;
    case node::kind::uinteger:
      out += fmt::format("{}", n.ui);
      break;
    case node::kind::number:
      out += format_double(n.d);
      break;
    case node::kind::string:
      out += json_quote(n.s);
      break;
    case node::kind::array: {
      out += '[';
      bool first = true;
      for (const node& item : n.items) {
        if (!first) out += ", ";
        first = false;
        write(item, out);
      }
      out += ']';
      break;
    }
    case node::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : n.fields) {
        if (!first) out += ", ";
        first = false;
        out += json_quote(key);
        out += ": ";
        write(value, out);
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string format_double(double v) {
  if (!std::isfinite(v)) return "null";
  std::string s = fmt::format("{}", v);
  // fmt writes 1.0 as "1"; Python (and a JSON reader's type) wants a float.
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        ++i;
        continue;
      case '\\':
        out += "\\\\";
        ++i;
        continue;
      case '\b':
        out += "\\b";
        ++i;
        continue;
      case '\f':
        out += "\\f";
        ++i;
        continue;
      case '\n':
        out += "\\n";
        ++i;
        continue;
      case '\r':
        out += "\\r";
        ++i;
        continue;
      case '\t':
        out += "\\t";
        ++i;
        continue;
      default:
        break;
    }
    if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
      ++i;
      continue;
    }
    size_t len = utf8_sequence(s, i);
    if (len == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  out += '"';
  return out;
}

std::string to_json(const node& n) {
  std::string out;
  write(n, out);
  return out;
}

}  // namespace psinfo_cli
