// psinfo CLI — readable output.
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
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
    if (n >= prefix) return fmt::format("{:.1f}{}", static_cast<double>(n) / prefix, symbols[i]);
  }
  return fmt::format("{}B", n);
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
      std::string v = format_double(n.d);
      if (n.u == unit::timestamp)
        return with_unit ? fmt::format("{} ({})", v, local_time(n.d)) : local_time(n.d);
      if (n.u == unit::percent) return v + "%";
      if (n.u == unit::mhz) return v + " MHz";
      return v;
    }
    case node::kind::string:
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
      row.push_back(scalar(f.second, false));
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
  for (size_t i = 0; i < n.items.size(); ++i) {
    if (i) out += ' ';
    out += scalar(n.items[i], true);
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
