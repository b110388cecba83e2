// psinfo CLI — readable output.
#include "text.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <vector>

#include "json.hpp"
#include "platform.hpp"

namespace psinfo_cli {

std::string bytes2human(std::uint64_t n) {
  static const char symbols[] = "KMGTPE";
  for (int i = 5; i >= 0; --i) {
    const std::uint64_t prefix = std::uint64_t{1} << ((i + 1) * 10);
    if (n >= prefix) {
      // Into a buffer on the stack: ps and top make thousands of these.
      char buf[32];
      const auto r = fmt::format_to_n(buf, sizeof buf, FMT_COMPILE("{:.1f}{}"),
                                      static_cast<double>(n) / prefix, symbols[i]);
      return std::string(buf, r.out);
    }
  }
  char buf[32];
  const auto r = fmt::format_to_n(buf, sizeof buf, FMT_COMPILE("{}B"), n);
  return std::string(buf, r.out);
}

std::string ceil_human(std::uint64_t bytes, unsigned base) {
  static const char symbols[] = "KMGTPE";
  if (bytes < base) return fmt::format("{}", bytes);
  // The largest power of `base` that is not above `bytes`.
  int e = 0;
  std::uint64_t d = 1;
  while (bytes / d >= base && e < 6) d *= base, ++e;
  std::uint64_t q = bytes / d;
  const std::uint64_t r = bytes % d;
  auto suffix = [base](int exp) { return base == 1000 && exp == 1 ? 'k' : symbols[exp - 1]; };
  if (q < 10) {
    // Tenths, rounded up: 10.0 is written "10".
    const std::uint64_t tenths = q * 10 + (r * 10 + d - 1) / d;
    if (tenths < 100) return fmt::format("{}.{}{}", tenths / 10, tenths % 10, suffix(e));
    return fmt::format("10{}", suffix(e));
  }
  q += r != 0;
  if (q == base && e < 6) return fmt::format("1.0{}", suffix(e + 1));
  return fmt::format("{}{}", q, suffix(e));
}

std::string free_human(std::uint64_t bytes, bool si) {
  static const char symbols[] = "KMGTP";
  std::string s = fmt::format("{}B", bytes);
  if (s.size() <= 4) return s;
  const double base = si ? 1000 : 1024;
  const size_t fits = si ? 4 : 5;
  const char* i_suffix = si ? "" : "i";
  double d = 1;
  for (char sym : std::string_view(symbols)) {
    d *= base;
    // procps computes in float and prints with one decimal, else the integer part.
    const float v = static_cast<float>(static_cast<double>(bytes) / d);
    s = fmt::format("{:.1f}{}{}", static_cast<double>(v), sym, i_suffix);
    if (s.size() <= fits) return s;
    s = fmt::format("{}{}{}", static_cast<long long>(static_cast<double>(bytes) / d), sym,
                    i_suffix);
    if (s.size() <= fits) return s;
  }
  return s;
}

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

size_t display_width(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

namespace {

// The length of the UTF-8 sequence at s[i], or 0 when it is not a valid one.
size_t utf8_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

}  // namespace

std::string shell_quote(std::string_view s) {
  bool bare = !s.empty(), plain = true;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = utf8_length(s, i);
    if (n == 0 || c < 0x20 || c == 0x7f) {
      plain = bare = false;
      break;
    }
    if (n == 1 && !(std::isalnum(c) || std::string_view("_@%+=:,./-").find(static_cast<char>(c)) !=
                                           std::string_view::npos))
      bare = false;
    i += n;
  }
  if (bare) return std::string(s);
  std::string out;
  if (plain) {
    out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  }
  out = "$'";
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = utf8_length(s, i);
    if (n > 1) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    ++i;
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\'':
        out += "\\'";
        break;
      default:
        if (c < 0x20 || c >= 0x7f)
          out += fmt::format("\\x{:02x}", c);
        else
          out += static_cast<char>(c);
    }
  }
  return out + "'";
}

std::string inline_text(const node& n) {
  auto scalar = [](const node& x) {
    if (x.k == node::kind::string) return shell_quote(x.s);
    if (x.k == node::kind::array || x.k == node::kind::object) return to_json(x);
    const std::string t = to_text(x);
    return t.substr(0, t.size() - 1);
  };
  std::string out;
  if (n.k == node::kind::object) {
    for (const auto& [k, v] : n.fields) {
      const std::string word = k + "=" + (v.k == node::kind::string ? v.s : scalar(v));
      out += (out.empty() ? "" : " ") + (v.k == node::kind::string ? shell_quote(word) : word);
    }
    return out.empty() ? "{}" : out;
  }
  const bool strings = !n.items.empty() && n.items.front().k == node::kind::string;
  for (const node& item : n.items) {
    if (item.k == node::kind::array || item.k == node::kind::object) return to_json(n);
    out += (out.empty() ? "" : strings ? " " : ", ") + scalar(item);
  }
  return out.empty() ? "[]" : out;
}

std::string aligned(const std::vector<std::vector<std::string>>& rows,
                    const std::vector<bool>& left, size_t gap,
                    const std::vector<size_t>& min_width) {
  // ps and top lay out thousands of rows: each cell's width is measured once, and the lines
  // are written straight into the result.
  std::vector<size_t> width(min_width), cell_width;
  size_t bytes = 0;
  for (const auto& r : rows) {
    for (size_t c = 0; c < r.size(); ++c) {
      if (c >= width.size()) width.push_back(0);
      cell_width.push_back(display_width(r[c]));
      width[c] = std::max(width[c], cell_width.back());
      bytes += r[c].size();
    }
  }
  size_t line_width = 0;
  for (size_t w : width) line_width += w + gap;
  std::string out;
  out.reserve(bytes + rows.size() * (line_width + 1));
  size_t k = 0;
  for (const auto& r : rows) {
    const size_t start = out.size();
    for (size_t c = 0; c < r.size(); ++c, ++k) {
      if (c) out.append(gap, ' ');
      const size_t pad = width[c] - cell_width[k];
      if (c < left.size() && left[c]) {
        out += r[c];
        if (c + 1 < r.size()) out.append(pad, ' ');
      } else {
        out.append(pad, ' ');
        out += r[c];
      }
    }
    while (out.size() > start && out.back() == ' ') out.pop_back();
    out += '\n';
  }
  return out;
}

std::string local_time(double epoch) {
  if (!std::isfinite(epoch)) return "?";
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  if (!to_local_tm(t, tm)) return "?";
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  auto s = static_cast<std::uint64_t>(seconds);
  std::uint64_t days = s / 86400, hours = s % 86400 / 3600, mins = s % 3600 / 60;
  std::string hm = fmt::format("{}:{:02}", hours, mins);
  if (days == 0) return hm;
  return fmt::format("{} day{}, {}", days, days == 1 ? "" : "s", hm);
}

std::string wrap(std::string_view text, size_t width) {
  std::string out;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view para = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    size_t col = 0;
    while (!para.empty()) {
      const size_t start = para.find_first_not_of(' ');
      if (start == std::string_view::npos) break;
      para.remove_prefix(start);
      const size_t end = std::min(para.find(' '), para.size());
      if (col && col + 1 + end > width) {
        out += '\n';
        col = 0;
      }
      if (col) {
        out += ' ';
        ++col;
      }
      out.append(para.substr(0, end));
      col += end;
      para.remove_prefix(end);
    }
    out += '\n';
  }
  return out;
}

std::string ip_port(const std::string& ip, std::int64_t port) {
  if (ip.find(':') != std::string::npos) return fmt::format("[{}]:{}", ip, port);
  return fmt::format("{}:{}", ip, port);
}

namespace {

// {"ip": ..., "port": ...}: a socket address.
bool is_address(const node& n) {
  return n.k == node::kind::object && n.fields.size() == 2 && n.fields[0].first == "ip" &&
         n.fields[1].first == "port" && n.fields[0].second.k == node::kind::string &&
         n.fields[1].second.k == node::kind::integer;
}

// A scalar as text. `with_unit` adds the human form of bytes and timestamps in parentheses.
std::string scalar(const node& n, bool with_unit) {
  switch (n.k) {
    case node::kind::null:
      return "-";
    case node::kind::boolean:
      return n.b ? "true" : "false";
    case node::kind::integer:
      return fmt::format("{}", n.i);
    case node::kind::uinteger:
      if (with_unit && n.u == unit::bytes && n.ui >= 1024)
        return fmt::format("{} ({})", n.ui, bytes2human(n.ui));
      return fmt::format("{}", n.ui);
    case node::kind::number: {
      // Rounded for reading (JSON has every digit): percentages and MHz to 0.1, anything
      // else (seconds, a load, degrees) to 0.01.
      if (!std::isfinite(n.d)) return format_double(n.d);
      if (n.u == unit::timestamp)
        return with_unit ? fmt::format("{:.2f} ({})", n.d, local_time(n.d)) : local_time(n.d);
      if (n.u == unit::percent) return fmt::format("{:.1f}%", n.d);
      if (n.u == unit::mhz) return fmt::format("{:.1f} MHz", n.d);
      return fmt::format("{:.2f}", n.d);
    }
    case node::kind::string:
      // A control character would break the line (or drive the terminal): quoted.
      for (char c : n.s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return shell_quote(n.s);
      return n.s;
    case node::kind::object:
      if (is_address(n)) return ip_port(n.fields[0].second.s, n.fields[1].second.i);
      return "?";
    default:
      return "?";
  }
}

bool is_scalar(const node& n) { return n.k != node::kind::array && n.k != node::kind::object; }

std::string object_lines(const node& n) {
  size_t width = 0;
  for (const auto& f : n.fields) width = std::max(width, f.first.size());
  std::string out;
  for (const auto& [key, value] : n.fields)
    out += fmt::format("{:<{}} {}\n", key + ":", width + 1, scalar(value, true));
  return out;
}

// Right-aligned columns (left-aligned for strings and addresses), one header row. `label`:
// the first column's header and one cell per row, or none when `labels` is empty.
std::string table(const std::vector<const node*>& items, const std::string& label,
                  const std::vector<std::string>& labels, const std::string& indent) {
  const node& first = *items.front();
  std::vector<std::string> header;
  if (!labels.empty()) header.push_back(label);
  for (const auto& f : first.fields) header.push_back(f.first);
  std::vector<std::vector<std::string>> cells;
  std::vector<bool> left(header.size(), false);
  if (!labels.empty()) left[0] = true;
  for (size_t i = 0; i < items.size(); ++i) {
    std::vector<std::string> row;
    if (!labels.empty()) row.push_back(labels[i]);
    size_t c = row.size();
    for (const auto& f : items[i]->fields) {
      const bool nested = !is_scalar(f.second) && !is_address(f.second);
      row.push_back(nested ? inline_text(f.second) : scalar(f.second, false));
      if (c < left.size() && (f.second.k == node::kind::string ||
                              f.second.k == node::kind::object || f.second.u == unit::timestamp))
        left[c] = true;
      ++c;
    }
    cells.push_back(std::move(row));
  }
  std::vector<size_t> width(header.size());
  for (size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : cells)
      if (c < row.size()) width[c] = std::max(width[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& row) {
    std::string s = indent;
    for (size_t c = 0; c < row.size() && c < width.size(); ++c) {
      if (c) s += "  ";
      s += left[c] ? fmt::format("{:<{}}", row[c], width[c])
                   : fmt::format("{:>{}}", row[c], width[c]);
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s + "\n";
  };
  std::string out = line(header);
  for (const auto& row : cells) out += line(row);
  return out;
}

std::string list_text(const node& n, rows r, const std::string& indent) {
  if (n.items.empty()) return indent + "(none)\n";
  std::vector<const node*> items;
  for (const node& item : n.items) items.push_back(&item);
  std::vector<std::string> labels;
  if (r == rows::per_cpu)
    for (size_t i = 0; i < n.items.size(); ++i) labels.push_back(fmt::format("{}", i));
  return table(items, "cpu", labels, indent);
}

bool all_fields(const node& n, node::kind k) {
  for (const auto& f : n.fields)
    if (f.second.k != k) return false;
  return true;
}

}  // namespace

std::string to_text(const node& n, rows r, std::string_view key_label) {
  if (n.k == node::kind::object) {
    if (n.fields.empty()) return "(none)\n";
    // Per device: one row each, the key first.
    if (all_fields(n, node::kind::object) && !is_address(n.fields.front().second)) {
      std::vector<const node*> items;
      std::vector<std::string> labels;
      for (const auto& [key, value] : n.fields) {
        items.push_back(&value);
        labels.push_back(key);
      }
      return table(items, std::string(key_label), labels, "");
    }
    // Per NIC or chip, a list each.
    if (all_fields(n, node::kind::array)) {
      std::string out;
      for (const auto& [key, value] : n.fields) {
        out += key + ":\n";
        if (!value.items.empty() && value.items.front().k != node::kind::object) {
          out += "  " + to_text(value, rows::plain);
          continue;
        }
        out += list_text(value, rows::plain, "  ");
      }
      return out;
    }
    return object_lines(n);
  }
  if (n.k != node::kind::array) return scalar(n, true) + "\n";
  if (n.items.empty()) return "(none)\n";
  if (n.items.front().k == node::kind::object) return list_text(n, r, "");
  std::string out;
  if (r == rows::per_cpu) {
    for (size_t i = 0; i < n.items.size(); ++i)
      out += fmt::format("cpu{}: {}\n", i, is_scalar(n.items[i]) ? scalar(n.items[i], true) : "?");
    return out;
  }
  // A list of strings (a command line) reads back in a shell: each quoted as it needs.
  for (size_t i = 0; i < n.items.size(); ++i) {
    if (i) out += ' ';
    const node& item = n.items[i];
    out += item.k == node::kind::string ? shell_quote(item.s) : scalar(item, true);
  }
  return out + "\n";
}

std::string printable(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

}  // namespace psinfo_cli
