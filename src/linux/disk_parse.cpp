#include "linux/disk_parse.hpp"

#include <cstdint>
#include <cstring>
#include <psinfo/errors.hpp>

#include "linux/parse.hpp"

namespace psinfo::detail {

namespace {
constexpr std::uint64_t sector_size = 512;  // the unit of diskstats, for every device

std::uint64_t number(std::string_view tok, std::string_view what, std::string_view line) {
  auto v = to_u64(tok);
  if (!v)
    throw error(std::string(what) + ": not a number: " + quoted(tok) + " in line " + quoted(line));
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

// The tokenising reading of every layout: the path of the lines the single pass below does
// not take (see there).
bool parse_diskstats_line_slow(std::string_view line, std::string_view& name,
                               disk_io_counters_t& out) {
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
    // the other nine values of the common ten: with the reads moved next to them (into the
    // name's token, read already), tokens 3 to 12 are those ten.
    name = tok[3];
    tok[3] = tok[2];
    out = from_ten(tok + 3, what, line);
  } else if (n == 7) {
    name = tok[2];
    out = disk_io_counters_t{};
    out.read_count = number(tok[3], what, line);
    out.read_bytes = number(tok[4], what, line) * sector_size;
    out.write_count = number(tok[5], what, line);
    out.write_bytes = number(tok[6], what, line) * sector_size;
  } else {
    throw error("diskstats: unknown line format (" + std::to_string(n) +
                " fields): " + quoted(line));
  }
  return true;
}

// The next 8 bytes at p, for comparisons of a whole word (p has 8 readable bytes).
inline std::uint64_t word_at(const char* p) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}

// The first byte at or after p that is not a space (the caller's buffer ends with a NUL and
// 7 more readable bytes).
inline const char* skip_spaces(const char* p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  for (;;) {
    const std::uint64_t y = word_at(p) ^ 0x2020202020202020ull;
    if (y) return p + __builtin_ctzll(y) / 8;
    p += 8;
  }
#else
  while (*p == ' ') ++p;
  return p;
#endif
}

// " 0 0 0 0" as a word: idle devices (loop, zram, ...) print mostly zeros, four at a time here.
inline bool four_zeros(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, " 0 0 0 0", 8);
  return word_at(p) == w && (p[8] == ' ' || p[8] == '\0');
}

// The line exactly as the kernel prints it ("%4d %7d %s %lu %lu ..."): padded major and
// minor, a name, then numbers each after one space, up to the end. Returns the token count
// with v[3..12] converted (v[1], v[2]: the name's length and offset in buf), or 0 for any
// other line (tabs, CRs, runs of blanks, a token not of 1 to 19 digits, ...), which the
// tokenising reading then takes. *end is a NUL sentinel followed by 7 more readable bytes, so
// that the single pass needs no end test in its inner loops (a NUL is no digit, no space).
std::size_t kernel_diskstats_line(const char* buf, const char* const end, std::uint64_t (&v)[13]) {
  auto digit = [](char c) { return static_cast<unsigned char>(c - '0') <= 9; };
  const char* p = skip_spaces(buf);
  for (int k = 0; k < 2; ++k) {  // major, minor
    if (!digit(*p)) return 0;
    while (digit(*p)) ++p;
    if (*p != ' ') return 0;
    p = skip_spaces(p);
  }
  const char* const name = p;
  while (static_cast<unsigned char>(*p) > ' ') ++p;
  if (p == name) return 0;
  v[1] = static_cast<std::uint64_t>(p - name);
  v[2] = static_cast<std::uint64_t>(name - buf);
  std::size_t n = 3;
  while (n < 13) {
    if (n <= 9 && four_zeros(p)) {
      v[n] = v[n + 1] = v[n + 2] = v[n + 3] = 0;
      n += 4;
      p += 8;
      continue;
    }
    if (*p != ' ') {
      if (p == end) return n;
      return 0;  // also a NUL inside the line
    }
    ++p;
    std::uint64_t x;
    // end + 8: the padding after the sentinel may be read (the run stops at the sentinel).
    const std::size_t len = digit_run(p, end + 8, x);
    if (len - 1 >= 19) return 0;  // no digit, or maybe too big
    v[n++] = x;
  }
  // No layout reads a value past token 12 (nor does the tokenising reading check one): the
  // rest is only counted, each token after one space.
  while (p != end) {
    if (four_zeros(p)) {
      n += 4;
      p += 8;
      continue;
    }
    if (*p != ' ' || static_cast<unsigned char>(p[1]) <= ' ') return 0;
    p += 2;
    while (static_cast<unsigned char>(*p) > ' ') ++p;
    ++n;
  }
  return n;
}
}  // namespace

bool parse_diskstats_line(std::string_view line, std::string_view& name, disk_io_counters_t& out) {
  // The line is copied behind a NUL sentinel (and 7 more NULs, for the word reads), so that
  // the single pass needs no end test in its inner loops.
  constexpr std::size_t max_line = 512;  // a kernel line is < 200 characters
  if (line.size() < max_line) {
    char buf[max_line + 8];
    std::memcpy(buf, line.data(), line.size());
    std::memset(buf + line.size(), 0, 8);
    std::uint64_t v[13];
    const std::size_t n = kernel_diskstats_line(buf, buf + line.size(), v);
    if (n == 14 || n >= 18) {
      name = line.substr(v[2], v[1]);
      out = disk_io_counters_t{};
      out.read_count = v[3];
      out.read_merged_count = v[4];
      out.read_bytes = v[5] * sector_size;
      out.read_time = v[6];
      out.write_count = v[7];
      out.write_merged_count = v[8];
      out.write_bytes = v[9] * sector_size;
      out.write_time = v[10];
      out.busy_time = v[12];
      return true;
    }
    if (n == 7) {
      name = line.substr(v[2], v[1]);
      out = disk_io_counters_t{};
      out.read_count = v[3];
      out.read_bytes = v[4] * sector_size;
      out.write_count = v[5];
      out.write_bytes = v[6] * sector_size;
      return true;
    }
  }
  // Anything else (the 15-field layout, other blanks, junk, 20-digit values, a blank line):
  // the same answer or the same error as ever.
  return parse_diskstats_line_slow(line, name, out);
}

disk_io_counters_t parse_sysfs_block_stat(std::string_view text) {
  std::string_view tok[10];
  std::string_view rest = text;
  for (auto& t : tok)
    if (!next_token(rest, t)) throw error("block stat: fewer than 10 fields in " + quoted(text));
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

void decode_mount_field(std::string_view f, std::string& out) {
  std::size_t i = f.find('\\');
  if (i == std::string_view::npos) {
    out.assign(f.data(), f.size());
    return;
  }
  out.clear();
  out.reserve(f.size());
  out.append(f.data(), i);
  for (; i < f.size(); ++i) {
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
}

std::string decode_mount_field(std::string_view f) {
  std::string out;
  decode_mount_field(f, out);
  return out;
}

namespace {
// The end of the token starting at p: the first is_space character, or end; `escaped` set if
// the token holds a backslash. Mount lines are mostly long tokens (options, cgroup paths): on
// little-endian machines 8 bytes are tested at once for a byte below '!' (every is_space
// character is) or a backslash, then that byte is looked at.
inline const char* token_end(const char* p, const char* const end, bool& escaped) {
  for (;;) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (end - p >= 8) {
      std::uint64_t x;
      std::memcpy(&x, p, 8);
      // A byte b < 0x21 (or, in y, a zero byte: a backslash in x) sets its top bit here and
      // no byte before it does (borrows only move upwards; bytes >= 0x80 are masked by ~x).
      constexpr std::uint64_t ones = 0x0101010101010101ull, tops = 0x8080808080808080ull;
      const std::uint64_t y = x ^ (ones * '\\');
      const std::uint64_t m = (((x - ones * 0x21) & ~x) | ((y - ones) & ~y)) & tops;
      if (m) {
        p += __builtin_ctzll(m) / 8;
        break;
      }
      p += 8;
    }
#endif
    while (p != end && static_cast<unsigned char>(*p) > ' ' && *p != '\\') ++p;
    if (p == end || is_space(*p)) return p;
    if (*p == '\\') escaped = true;
    ++p;  // a backslash, or a control character that is not a separator: part of the token
  }
}

// next_token, with token_end.
bool next_mount_token(std::string_view& text, std::string_view& tok) {
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p != end && is_space(*p)) ++p;
  if (p == end) {
    text = {};
    return false;
  }
  bool escaped = false;
  const char* q = token_end(p, end, escaped);
  tok = std::string_view(p, static_cast<std::size_t>(q - p));
  text = std::string_view(q, static_cast<std::size_t>(end - q));
  return true;
}
}  // namespace

bool split_mount_line(std::string_view line, std::string_view (&fields)[4]) {
  std::string_view rest = line;
  if (!next_mount_token(rest, fields[0]) || fields[0].front() == '#') return false;
  for (int i = 1; i < 4; ++i)
    if (!next_mount_token(rest, fields[i])) fields[i] = {};
  return true;
}

bool next_mount_line(std::string_view& text, std::string_view (&fields)[4], unsigned& escaped) {
  const char* p = text.data();
  const char* const end = p + text.size();
  if (p == end) return false;
  escaped = 0;
  for (int i = 0; i < 4; ++i) {
    // Blanks first compared with ' ' (every blank is at most ' ').
    while (p != end && static_cast<unsigned char>(*p) <= ' ' && *p != '\n' && is_space(*p)) ++p;
    if (p == end || *p == '\n') {
      for (; i < 4; ++i) fields[i] = {};
      break;
    }
    bool esc = false;
    const char* q = token_end(p, end, esc);  // stops at '\n' too (is_space)
    fields[i] = std::string_view(p, static_cast<std::size_t>(q - p));
    if (esc) escaped |= 1u << i;
    p = q;
  }
  const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
  p = nl ? static_cast<const char*>(nl) + 1 : end;
  text = std::string_view(p, static_cast<std::size_t>(end - p));
  if (!fields[0].empty() && fields[0].front() == '#') fields[0] = {};
  return true;
}

void mount_entry(const std::string_view (&fields)[4], unsigned escaped, partition_t& out) {
  std::string* const dst[4] = {&out.device, &out.mountpoint, &out.fstype, &out.opts};
  for (int i = 0; i < 4; ++i) {
    if (escaped & (1u << i))
      decode_mount_field(fields[i], *dst[i]);
    else  // constructed, then moved in: cheaper than assign() into an empty string
      *dst[i] = std::string(fields[i].data(), fields[i].size());
  }
}

std::size_t count_lines(std::string_view text) {
  std::size_t n = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p != end) {
    ++n;
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
  }
  return n;
}

std::vector<partition_t> parse_mount_table(std::string_view text) {
  std::vector<partition_t> out;
  out.reserve(count_lines(text));
  std::string_view f[4];
  unsigned escaped;
  while (next_mount_line(text, f, escaped))
    if (!f[0].empty()) mount_entry(f, escaped, out.emplace_back());
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
