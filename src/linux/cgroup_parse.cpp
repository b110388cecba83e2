// Pure parsers of cgroup, mountinfo and PSI text (cgroup_parse.hpp).
#include "linux/cgroup_parse.hpp"

namespace psinfo::detail {

namespace {

// mountinfo escapes space, tab, newline and backslash in paths as \ooo (octal).
std::string unescape_mount_path(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto oct = [](char d) { return d >= '0' && d <= '7'; };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && s.size() - i > 3 && oct(s[i + 1]) && oct(s[i + 2]) && oct(s[i + 3])) {
      out += static_cast<char>(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) |
                               (s[i + 3] - '0'));
      i += 3;
      continue;
    }
    out += s[i];
  }
  return out;
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

bool parse_mountinfo_cgroups(std::string_view text, std::vector<cgroup_mount>& out) {
  out.clear();
  std::string_view line;
  while (next_line(text, line)) {
    if (strip_whitespace(line).empty()) continue;
    // ID PARENT MAJ:MIN ROOT MOUNT_POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER_OPTIONS
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
    if (!v2) {
      while (!super.empty()) {
        const std::size_t comma = super.find(',');
        std::string_view opt = super.substr(0, comma);
        super = comma == std::string_view::npos ? std::string_view{} : super.substr(comma + 1);
        if (!opt.empty() && opt != "rw" && opt != "ro") m.options.emplace_back(opt);
      }
    }
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
    std::optional<psi_line_t>* slot =
        word == "some" ? &out.some : word == "full" ? &out.full : nullptr;
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
        const auto d = to_double(val);
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

std::optional<int> parse_status_cpus_allowed(std::string_view status) {
  std::string_view line;
  constexpr std::string_view key = "Cpus_allowed_list:";
  while (next_line(status, line)) {
    if (line.substr(0, key.size()) != key) continue;
    const std::vector<int> cpus = parse_cpu_list(line.substr(key.size()));
    if (cpus.empty()) return std::nullopt;
    return static_cast<int>(cpus.size());
  }
  return std::nullopt;
}

}  // namespace psinfo::detail
