#include "linux/disk_parse.hpp"

#include <cstdint>
#include <psinfo/errors.hpp>

#include "linux/parse.hpp"

namespace psinfo::detail {

namespace {
constexpr std::uint64_t sector_size = 512;  // the unit of diskstats, for every device

std::uint64_t number(std::string_view tok, std::string_view what, std::string_view line) {
  auto v = to_u64(tok);
  if (!v) throw error(std::string(what) + ": not a number in line '" + std::string(line) + "'");
  return *v;
}

// The 10 values common to the 14/>=18-field lines and sysfs stat files, in kernel order:
// reads, reads merged, read sectors, read ms, writes, writes merged, write sectors, write ms,
// in flight, busy ms.
disk_io_counters_t from_ten(const std::string_view* v, std::string_view what,
                            std::string_view line) {
  disk_io_counters_t c;
  c.read_count = number(v[0], what, line);
  c.read_merged_count = number(v[1], what, line);
  c.read_bytes = number(v[2], what, line) * sector_size;
  c.read_time = number(v[3], what, line);
  c.write_count = number(v[4], what, line);
  c.write_merged_count = number(v[5], what, line);
  c.write_bytes = number(v[6], what, line) * sector_size;
  c.write_time = number(v[7], what, line);
  c.busy_time = number(v[9], what, line);
  return c;
}
}  // namespace

bool parse_diskstats_line(std::string_view line, std::string_view& name, disk_io_counters_t& out) {
  constexpr std::size_t keep = 15;
  std::string_view tok[keep];
  std::size_t n = 0;
  // The kernel separates the fields with spaces (tabs accepted too); inlined, as this loop is
  // most of the call's user time.
  const char* p = line.data();
  const char* const end = p + line.size();
  for (;;) {
    while (p != end && (*p == ' ' || *p == '\t' || *p == '\r')) ++p;
    if (p == end) break;
    const char* b = p;
    while (p != end && *p != ' ' && *p != '\t' && *p != '\r') ++p;
    if (n < keep) tok[n] = std::string_view(b, static_cast<std::size_t>(p - b));
    ++n;
  }
  if (n == 0) return false;
  constexpr std::string_view what = "diskstats";
  if (n == 14 || n >= 18) {
    name = tok[2];
    out = from_ten(tok + 3, what, line);
  } else if (n == 15) {
    // psutil's reading of the 2.4 layout: reads from token 2, name token 3, then from token 4
    // reads merged, read sectors, read ms, writes, writes merged, write sectors, write ms,
    // (skipped), busy ms.
    name = tok[3];
    out = disk_io_counters_t{};
    out.read_count = number(tok[2], what, line);
    out.read_merged_count = number(tok[4], what, line);
    out.read_bytes = number(tok[5], what, line) * sector_size;
    out.read_time = number(tok[6], what, line);
    out.write_count = number(tok[7], what, line);
    out.write_merged_count = number(tok[8], what, line);
    out.write_bytes = number(tok[9], what, line) * sector_size;
    out.write_time = number(tok[10], what, line);
    out.busy_time = number(tok[12], what, line);
  } else if (n == 7) {
    name = tok[2];
    out = disk_io_counters_t{};
    out.read_count = number(tok[3], what, line);
    out.read_bytes = number(tok[4], what, line) * sector_size;
    out.write_count = number(tok[5], what, line);
    out.write_bytes = number(tok[6], what, line) * sector_size;
  } else {
    throw error("diskstats: unknown line format (" + std::to_string(n) + " fields): '" +
                std::string(line) + "'");
  }
  return true;
}

disk_io_counters_t parse_sysfs_block_stat(std::string_view text) {
  std::string_view tok[10];
  std::string_view rest = text;
  for (auto& t : tok)
    if (!next_token(rest, t))
      throw error("block stat: fewer than 10 fields in '" + std::string(text) + "'");
  return from_ten(tok, "block stat", text);
}

std::vector<std::string> parse_physical_filesystems(std::string_view text) {
  std::vector<std::string> out;
  std::string_view line;
  while (next_line(text, line)) {
    std::string_view rest = line, first, second;
    if (!next_token(rest, first)) continue;
    if (first != "nodev") {
      out.emplace_back(first);
    } else if (next_token(rest, second) && second == "zfs") {
      out.emplace_back("zfs");
    }
  }
  return out;
}

std::string decode_mount_field(std::string_view f) {
  if (f.find('\\') == std::string_view::npos) return std::string(f);
  std::string out;
  out.reserve(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '\\') {
      std::string_view esc = f.substr(i + 1, 3);
      char c = 0;
      if (esc == "040")
        c = ' ';
      else if (esc == "011")
        c = '\t';
      else if (esc == "012")
        c = '\n';
      else if (esc == "134")
        c = '\\';
      if (c) {
        out += c;
        i += 3;
        continue;
      }
      if (i + 1 < f.size() && f[i + 1] == '\\') {
        out += '\\';
        ++i;
        continue;
      }
    }
    out += f[i];
  }
  return out;
}

bool split_mount_line(std::string_view line, std::string_view (&fields)[4]) {
  std::string_view rest = line;
  if (!next_token(rest, fields[0]) || fields[0].front() == '#') return false;
  for (int i = 1; i < 4; ++i)
    if (!next_token(rest, fields[i])) fields[i] = {};
  return true;
}

std::vector<partition_t> parse_mount_table(std::string_view text) {
  std::vector<partition_t> out;
  std::string_view line, f[4];
  while (next_line(text, line)) {
    if (!split_mount_line(line, f)) continue;
    out.push_back({decode_mount_field(f[0]), decode_mount_field(f[1]), decode_mount_field(f[2]),
                   decode_mount_field(f[3])});
  }
  return out;
}

std::optional<std::string> find_partition_name(std::string_view text, unsigned major,
                                               unsigned minor) {
  std::string_view line;
  for (int skip = 0; skip < 2; ++skip)
    if (!next_line(text, line)) return std::nullopt;
  while (next_line(text, line)) {
    std::string_view rest = line, ma, mi, blocks, name;
    if (!next_token(rest, ma) || !next_token(rest, mi) || !next_token(rest, blocks) ||
        !next_token(rest, name))
      continue;
    if (to_u64(ma) == std::uint64_t{major} && to_u64(mi) == std::uint64_t{minor})
      return std::string(name);
  }
  return std::nullopt;
}

std::optional<std::string> parse_uevent_devname(std::string_view text) {
  constexpr std::string_view key = "DEVNAME=";
  std::string_view line;
  while (next_line(text, line)) {
    if (line.substr(0, key.size()) != key) continue;
    std::string_view rest = line.substr(key.size()), v;
    if (next_token(rest, v)) return std::string(v);
  }
  return std::nullopt;
}

}  // namespace psinfo::detail
