// Pure parsers of Linux kernel text: string_view in, struct out. No file access here, so
// each is tested on recorded and hand-made inputs.
#pragma once

#include <psinfo/cpu.hpp>
#include <psinfo/host.hpp>
#include <psinfo/memory.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace psinfo::detail {

// ASCII whitespace as Python's bytes.split() sees it: space, \t \n \v \f \r.
inline bool is_space(char c) noexcept {
  // Unsigned arithmetic: bytes below '\t' wrap to large values (in int they would pass).
  return c == ' ' || static_cast<unsigned>(static_cast<unsigned char>(c)) - 9u <= 4u;
}

// Splits off the next line of text (without its '\n'); false at the end.
inline bool next_line(std::string_view& text, std::string_view& line) {
  if (text.empty()) return false;
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos) {
    line = text;
    text = {};
  } else {
    line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
  }
  return true;
}

// The first byte in [p, end) that is not a space, or end: 8 bytes at a time on little-endian
// machines, for the kernel's padding runs (/proc/meminfo, /proc/net/dev).
inline const char* skip_space_run(const char* p, const char* const end) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  while (end - p >= 8) {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    const std::uint64_t y = x ^ 0x2020202020202020ull;
    if (y) return p + __builtin_ctzll(y) / 8;
    p += 8;
  }
#endif
  while (p != end && *p == ' ') ++p;
  return p;
}

// The first whitespace byte (is_space) in [p, end), or end: 8 bytes at a time on
// little-endian machines (stat's 20-digit tokens, smaps headers' 4-25 byte fields).
inline const char* find_space(const char* p, const char* const end) noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    // High bit set in the bytes below 0x21, exact up to the first one (all that is used).
    const std::uint64_t m = (w - ones * 0x21) & ~w & highs;
    if (!m) {
      p += 8;
      continue;
    }
    p += __builtin_ctzll(m) / 8;
    if (is_space(*p)) return p;
    ++p;  // a control byte that is not whitespace: part of the token
  }
#endif
  while (p != end && !is_space(*p)) ++p;
  return p;
}

// The bytes equal to c among the 8 of w: their top bits set, exactly up to the first one
// (borrows only move upwards; bytes >= 0x80 are masked by ~x), 0 when there is none. On a
// little-endian machine, with w read from memory, __builtin_ctzll(mask) / 8 is the first.
constexpr std::uint64_t byte_match_mask(std::uint64_t w, unsigned char c) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull, tops = 0x8080808080808080ull;
  const std::uint64_t x = w ^ (ones * c);
  return (x - ones) & ~x & tops;
}

// The first byte in [p, end) that is not whitespace (is_space), or end: runs of spaces (the
// kernel's padding) a word at a time.
inline const char* skip_whitespace(const char* p, const char* const end) noexcept {
  for (;;) {
    p = skip_space_run(p, end);
    if (p == end || !is_space(*p)) return p;
    ++p;
  }
}

// s without the whitespace (is_space) at both ends: Python's bytes.strip().
inline std::string_view strip_whitespace(std::string_view s) noexcept {
  const char* const end = s.data() + s.size();
  s.remove_prefix(static_cast<std::size_t>(skip_whitespace(s.data(), end) - s.data()));
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Splits off the next whitespace-separated token; false when none is left.
// Inline: it is the inner loop of every /proc parser.
inline bool next_token(std::string_view& text, std::string_view& tok) {
  const char* const end = text.data() + text.size();
  const char* const p = skip_whitespace(text.data(), end);
  if (p == end) {
    text = {};
    return false;
  }
  const char* const q = find_space(p, end);
  tok = std::string_view(p, static_cast<size_t>(q - p));
  text = std::string_view(q, static_cast<size_t>(end - q));
  return true;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PSINFO_KB_LINES 1
// The kernel's "kB lines" (show_val_kb in /proc/meminfo, the keys of /proc/PID/smaps): the key
// and its ':' padded with spaces to 16 columns, the value right-aligned in 8, " kB\n": 28 bytes
// a line. kb_keys is a compile-time hash table of the padded keys a parser knows, each with an
// id; match() reads such a line with a few word operations. A line it does not take (another
// layout, a 9-digit value, an unknown key) is left to the parser's byte-wise reading, which
// must read every line match() takes the same way.
struct kb_key {
  const char* key;  // as printed, ':' included, at most 16 bytes
  int id;
};
constexpr std::size_t kb_line_size = 28;

template <std::size_t N, unsigned Bits, std::uint64_t Mult = 0x3d67d304e2679ccdull>
class kb_keys {
 public:
  constexpr explicit kb_keys(const kb_key (&keys)[N]) {
    bool used[1u << Bits] = {};
    // Empty slots hold the first key: its words hash to its own slot, so they never match.
    for (unsigned s = 0; s < (1u << Bits); ++s) {
      w0_[s] = word(keys[0].key, 0);
      w1_[s] = word(keys[0].key, 8);
      id_[s] = static_cast<signed char>(keys[0].id);
    }
    for (const kb_key& k : keys) {
      const std::uint64_t a = word(k.key, 0), b = word(k.key, 8);
      const unsigned s = slot(a, b);
      if (used[s]) ok_ = false;
      used[s] = true;
      w0_[s] = a;
      w1_[s] = b;
      id_[s] = static_cast<signed char>(k.id);
    }
  }
  // False when two keys share a slot (a static_assert then asks for another Mult or Bits).
  constexpr bool collision_free() const noexcept { return ok_; }

  // The kb line at p (kb_line_size bytes readable): true with its key's id and its value (kB)
  // when the key is known, the value field is blanks then 1 to 8 digits, and a blank follows
  // the key's ':' (a 16-byte key with an 8-digit value reads as one token).
  bool match(const char* p, int& id, std::uint64_t& value) const noexcept {
    constexpr std::uint64_t spaces = 0x2020202020202020ull, zeros = 0x3030303030303030ull;
    constexpr std::uint64_t highs = 0x8080808080808080ull, above9 = 0x7676767676767676ull;
    std::uint32_t tail;
    std::memcpy(&tail, p + 24, 4);
    if (tail != 0x0a426b20u) return false;  // " kB\n"
    std::uint64_t a, b, w;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + 8, 8);
    const unsigned s = slot(a, b);
    if (w0_[s] != a || w1_[s] != b) return false;
    std::memcpy(&w, p + 16, 8);
    const std::uint64_t nonspace = w ^ spaces;
    if (nonspace == 0) return false;                           // no digit
    if ((nonspace & 0xff) != 0 && p[15] != ' ') return false;  // no blank after the key
    // Digits become their values, the leading spaces 0: the bits below nonspace's lowest set
    // bit cover those bytes and only zero bits of the first other byte.
    const std::uint64_t x0 = (w ^ zeros) & ~(~nonspace & (nonspace - 1));
    if (((x0 + above9) | x0) & highs) return false;  // a byte above 9 (no carry: <= 0x7f)
    // 8 digits, most significant first in memory: pairs, quads, then the whole.
    std::uint64_t x = (x0 * 10 + (x0 >> 8)) & 0x00ff00ff00ff00ffull;
    x = (x * 100 + (x >> 16)) & 0x0000ffff0000ffffull;
    value = (x * 10000 + (x >> 32)) & 0xffffffffull;
    id = id_[s];
    return true;
  }

 private:
  static constexpr unsigned slot(std::uint64_t a, std::uint64_t b) noexcept {
    return static_cast<unsigned>(((a ^ b) * Mult) >> (64 - Bits));
  }
  // Bytes [from, from + 8) of key padded to 16 with spaces, little-endian.
  static constexpr std::uint64_t word(const char* key, std::size_t from) noexcept {
    std::size_t n = 0;
    while (key[n]) ++n;
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      const std::size_t j = from + i;
      w |= static_cast<std::uint64_t>(j < n ? static_cast<unsigned char>(key[j]) : ' ') << (8 * i);
    }
    return w;
  }
  std::uint64_t w0_[1u << Bits] = {};
  std::uint64_t w1_[1u << Bits] = {};
  signed char id_[1u << Bits] = {};  // ids fit: fields of a struct, or -1
  bool ok_ = true;
};
#endif

// The run of decimal digits at p, p moved past it: returns its length and its value in x when
// it has 1 to 19 digits (no overflow possible); 0 when p is no digit; 20 for a run of 20 or
// more (p then past at least 20 of them, x unspecified: the caller checks such a run itself).
// On little-endian machines 8 bytes at a time while 8 are left before end: a mask of the bytes
// that are no digit gives the run's length in the word, then the digits are summed in pairs,
// fours and eights with three multiplications (the first digit is the lowest byte).
inline std::size_t digit_run(const char*& p, const char* const end, std::uint64_t& x) {
  auto digit = [](char c) { return static_cast<unsigned>(static_cast<unsigned char>(c)) - 48u; };
  if (p == end || digit(*p) > 9) return 0;
  if (end - p == 1 || digit(p[1]) > 9) {  // one digit (idle counters): no word needed
    x = digit(*p++);
    return 1;
  }
  std::size_t len = 0;
  x = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  static constexpr std::uint64_t pow10[9] = {1,      10,      100,      1000,     10000,
                                             100000, 1000000, 10000000, 100000000};
  while (end - p >= 8) {
    std::uint64_t c;
    std::memcpy(&c, p, 8);
    c ^= 0x3030303030303030ull;  // a digit's byte is now its value
    // Top bit of a byte set when it is > 9 (no carry crosses bytes: 0x7f + 0x76 < 0x100).
    const std::uint64_t other =
        (((c & 0x7f7f7f7f7f7f7f7full) + 0x7676767676767676ull) | c) & 0x8080808080808080ull;
    const unsigned k = other ? static_cast<unsigned>(__builtin_ctzll(other)) / 8 : 8;
    if (k == 0) return len;
    c <<= 64 - 8 * k;  // the k digits to the top, zeros (leading zeros) below
    c = c * 10 + (c >> 8);
    c = (((c & 0x000000ff000000ffull) * (100 + (1000000ull << 32))) +
         (((c >> 16) & 0x000000ff000000ffull) * (1 + (10000ull << 32)))) >>
        32;
    x = x * pow10[k] + c;
    len += k;
    p += k;
    if (len >= 20) return 20;
    if (k < 8) return len;
  }
#endif
  for (unsigned d; p != end && (d = digit(*p)) <= 9; ++p) {
    if (++len >= 20) return 20;
    x = x * 10 + d;
  }
  return len;
}

std::optional<std::uint64_t> to_u64(std::string_view s);
std::optional<std::int64_t> to_i64(std::string_view s);
std::optional<double> to_double(std::string_view s);

// /proc/stat ------------------------------------------------------------------------------
// A `cpu` line's times in seconds (ticks / tck). Fields the line does not have are absent.
// Returns nullopt if fewer than the 4 fields every kernel has (user nice system idle).
std::optional<cpu_times_t> parse_stat_cpu_line(std::string_view line, double tck);
// Text from a file as an error message shows it: in single quotes, cut after 40 characters
// ("..."), every byte outside printable ASCII as \xNN (no raw binary reaches a terminal).
std::string quoted(std::string_view text);

// The aggregate `cpu ` line. Throws error if absent or malformed.
cpu_times_t parse_stat_cpu_total(std::string_view stat, double tck);
// The `cpuN` lines in file order (offline CPUs have no line).
std::vector<cpu_times_t> parse_stat_cpu_percpu(std::string_view stat, double tck);
// Number of `cpuN` lines.
int count_stat_cpus(std::string_view stat);

struct stat_counters {
  std::optional<std::uint64_t> ctxt;
  std::optional<std::uint64_t> intr;     // first number of `intr`
  std::optional<std::uint64_t> softirq;  // first number of `softirq`
  std::optional<std::uint64_t> btime;
};
stat_counters parse_stat_counters(std::string_view stat);

// /proc/meminfo ---------------------------------------------------------------------------
// The keys psutil reads, in bytes (value * 1024). Absent if the key is not in the file.
struct meminfo {
  std::optional<std::uint64_t> mem_total, mem_free, mem_available, buffers, cached, swap_cached,
      active, inactive, active_file, inactive_file, inact_dirty, inact_clean, inact_laundry, shmem,
      mem_shared, slab, sreclaimable, swap_total, swap_free;
};
meminfo parse_meminfo(std::string_view text);

// Sum of the `low` watermarks (pages) of /proc/zoneinfo; 0 if there is none.
std::uint64_t parse_zoneinfo_low(std::string_view text);

// virtual_memory() from meminfo (and the zoneinfo low watermark in bytes, for the estimate
// when MemAvailable is missing or 0). Throws error if MemTotal or MemFree is missing.
virtual_memory_t compute_virtual_memory(const meminfo& mi,
                                        std::optional<std::uint64_t> zone_low_bytes);
// True when compute_virtual_memory needs the zoneinfo estimate.
bool needs_available_estimate(const meminfo& mi);

// /proc/vmstat: pswpin/pswpout (pages; psutil multiplies by 4096, whatever the page size).
struct vmstat_swap {
  std::optional<std::uint64_t> pswpin, pswpout;
};
vmstat_swap parse_vmstat_swap(std::string_view text);

// /proc/cpuinfo ---------------------------------------------------------------------------
// MHz values in file order: keys `cpu MHz`, `clock`, `cpu MHz dynamic` (psutil 8).
std::vector<double> parse_cpuinfo_mhz(std::string_view text);
// Lines starting with `processor` (lowercase).
int count_cpuinfo_processors(std::string_view text);
// Physical cores: sum of `cpu cores` over distinct `physical id`s; 0 if unknown.
int count_cpuinfo_cores(std::string_view text);

// A CPU list such as "0-3,8,10-11" -> its CPUs, ascending. Empty on malformed text.
std::vector<int> parse_cpu_list(std::string_view text);

// The content of a utmp file (glibc's struct utmpx records, as getutxent reads them: a short
// last record ignored): the USER_PROCESS entries as users() returns them.
std::vector<user_t> parse_utmp(std::string_view data);

// /proc/loadavg: the first three numbers. Throws error if malformed.
std::array<double, 3> parse_loadavg(std::string_view text);

}  // namespace psinfo::detail
