// Pure parsers of cgroup, mountinfo and PSI text (cgroup_parse.hpp).
#include "linux/cgroup_parse.hpp"

namespace psinfo::detail {

namespace {

// mountinfo escapes space, tab, newline and backslash in paths as \ooo (octal).
std::string unescape_mount_path(std::string_view s) {
  if (s.find('\\') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  const auto oct = [](char d) { return d >= '0' && d <= '7'; };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && s.size() - i > 3 && oct(s[i + 1]) && oct(s[i + 2]) && oct(s[i + 3])) {
      out +=
          static_cast<char>(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0'));
      i += 3;
      continue;
    }
    out += s[i];
  }
  return out;
}

// A PSI average ("12.34", the kernel's %lu.%02lu): digits, '.', digits, as the nearest double
// (an integer of at most 15 digits divided by a power of ten is correctly rounded, as
// strtod's); anything else through to_double.
std::optional<double> psi_average(std::string_view s) {
  static constexpr double pow10[] = {1,   10,  100,  1000, 1e4,  1e5,  1e6,  1e7,
                                     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const std::size_t dot = s.find('.');
  if (dot != std::string_view::npos && dot > 0 && s.size() - dot > 1 && s.size() <= 16) {
    std::uint64_t v = 0;
    bool ok = true;
    for (std::size_t i = 0; i < s.size() && ok; ++i) {
      if (i == dot) continue;
      ok = s[i] >= '0' && s[i] <= '9';
      v = v * 10 + static_cast<unsigned>(s[i] - '0');
    }
    if (ok) return static_cast<double>(v) / pow10[s.size() - dot - 1];
  }
  return to_double(s);
}

bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

bool is_device(std::string_view s) noexcept {
  const std::size_t colon = s.find(':');
  return colon != std::string_view::npos && all_digits(s.substr(0, colon)) &&
         all_digits(s.substr(colon + 1));
}

bool list_has(std::string_view list, std::string_view item) noexcept {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    if (list.substr(0, comma) == item) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

bool cgroup_mount::has_option(std::string_view o) const noexcept { return list_has(options, o); }

bool parse_mountinfo_cgroups(std::string_view text, std::vector<cgroup_mount>& out) {
  out.clear();
  out.reserve(16);
  std::string_view line;
  while (next_line(text, line)) {
    if (strip_whitespace(line).empty()) continue;
    // ID PARENT MAJ:MIN ROOT MOUNT_POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER_OPTIONS
    // Most lines are other file systems: their type, after the first " - " (paths have their
    // blanks escaped), tells before the line is split.
    const std::size_t sep = line.rfind(" - ");  // the last: blanks in fields are escaped
    if (sep != std::string_view::npos && line.compare(sep + 3, 6, "cgroup") != 0) continue;
    std::string_view f[5], tok;
    for (auto& x : f)
      if (!next_token(line, x)) return false;
    bool dash = false;
    while (next_token(line, tok))
      if (tok == "-") {
        dash = true;
        break;
      }
    std::string_view fstype, source, super;
    if (!dash || !next_token(line, fstype)) return false;
    const bool v2 = fstype == "cgroup2";
    if (!v2 && fstype != "cgroup") continue;
    if (!next_token(line, source)) return false;
    next_token(line, super);  // may be missing on odd kernels: no options then
    cgroup_mount m;
    m.v2 = v2;
    m.root = unescape_mount_path(f[3]);
    m.mount_point = unescape_mount_path(f[4]);
    if (!v2) m.options = std::string(super);
    out.push_back(std::move(m));
  }
  return true;
}

bool parse_proc_cgroup(std::string_view text, std::vector<cgroup_entry>& out) {
  out.clear();
  std::string_view line;
  while (next_line(text, line)) {
    if (line.empty()) continue;
    const std::size_t a = line.find(':');
    if (a == std::string_view::npos || !all_digits(line.substr(0, a))) return false;
    const std::size_t b = line.find(':', a + 1);
    if (b == std::string_view::npos) return false;
    cgroup_entry e;
    e.controllers = std::string(line.substr(a + 1, b - a - 1));
    e.path = std::string(line.substr(b + 1));
    if (e.path.empty() || e.path[0] != '/') return false;
    out.push_back(std::move(e));
  }
  return true;
}

bool parse_cgroup_u64(std::string_view text, std::uint64_t& out) {
  const auto v = to_u64(strip_whitespace(text));
  if (!v) return false;
  out = *v;
  return true;
}

bool parse_cgroup_limit(std::string_view text, std::optional<std::uint64_t>& out) {
  text = strip_whitespace(text);
  if (text == "max" || text == "-1") {
    out.reset();
    return true;
  }
  out = to_u64(text);
  return out.has_value();
}

bool parse_cpu_max(std::string_view text, std::optional<std::uint64_t>& quota,
                   std::uint64_t& period) {
  std::string_view q, p, extra;
  if (!next_token(text, q) || !next_token(text, p) || next_token(text, extra)) return false;
  const auto per = to_u64(p);
  if (!per || q == "-1" || !parse_cgroup_limit(q, quota)) return false;
  period = *per;
  return true;
}

bool parse_cgroup_list(std::string_view text, std::vector<int>& out) {
  text = strip_whitespace(text);
  if (text.empty()) {
    out.clear();
    return true;
  }
  out = parse_cpu_list(text);
  return !out.empty();
}

bool parse_psi(std::string_view text, psi_t& out) {
  out = psi_t{};
  std::string_view line, word, kv;
  while (next_line(text, line)) {
    if (!next_token(line, word)) continue;
    std::optional<psi_line_t>* slot = word == "some"   ? &out.some
                                      : word == "full" ? &out.full
                                                       : nullptr;
    if (!slot) continue;
    psi_line_t v;
    unsigned seen = 0;
    while (next_token(line, kv)) {
      const std::size_t eq = kv.find('=');
      if (eq == std::string_view::npos) return false;
      const std::string_view key = kv.substr(0, eq), val = kv.substr(eq + 1);
      double* avg = key == "avg10"    ? &v.avg10
                    : key == "avg60"  ? &v.avg60
                    : key == "avg300" ? &v.avg300
                                      : nullptr;
      if (avg) {
        const auto d = psi_average(val);
        if (!d || !(*d >= 0)) return false;
        *avg = *d;
        seen |= key == "avg10" ? 1u : key == "avg60" ? 2u : 4u;
      } else if (key == "total") {
        const auto t = to_u64(val);
        if (!t) return false;
        v.total = *t;
        seen |= 8u;
      }
    }
    if (seen != 15u) return false;
    *slot = v;
  }
  return true;
}

}  // namespace psinfo::detail
