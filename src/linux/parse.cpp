#include "linux/parse.hpp"

#include <psinfo/errors.hpp>

#include <string.h>
#include <utmpx.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <charconv>
#include <cstring>
#include <iterator>
#include <map>

#include "util.hpp"

namespace psinfo::detail {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// s == lowercase `lower` ignoring ASCII case, without building a lowercase copy.
bool iequals(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// "key: value..." -> key (text before the first ':') and the text after it.
bool split_key(std::string_view line, std::string_view& key, std::string_view& rest) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  key = line.substr(0, colon);
  rest = line.substr(colon + 1);
  return true;
}
}  // namespace

std::optional<std::uint64_t> to_u64(std::string_view s) {
  std::uint64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<std::int64_t> to_i64(std::string_view s) {
  std::int64_t v = 0;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<double> to_double(std::string_view s) {
  double v = 0;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// ---- /proc/stat -------------------------------------------------------------------------

std::optional<cpu_times_t> parse_stat_cpu_line(std::string_view line, double tck) {
  std::string_view tok;
  if (!next_token(line, tok) || !starts_with(tok, "cpu")) return std::nullopt;
  double v[10];
  int n = 0;
  // Columns past guest_nice (a future kernel's) are ignored.
  while (n < 10 && next_token(line, tok)) {
    auto x = to_u64(tok);
    if (!x) return std::nullopt;
    v[n++] = static_cast<double>(*x) / tck;
  }
  if (n < 4) return std::nullopt;
  cpu_times_t t;
  t.user = v[0];
  t.nice = v[1];
  t.system = v[2];
  t.idle = v[3];
  std::optional<double> cpu_times_t::*rest[] = {&cpu_times_t::iowait,  &cpu_times_t::irq,
                                                &cpu_times_t::softirq, &cpu_times_t::steal,
                                                &cpu_times_t::guest,   &cpu_times_t::guest_nice};
  for (int i = 4; i < n; ++i) t.*rest[i - 4] = v[i];
  return t;
}

std::string quoted(std::string_view text) {
  constexpr std::size_t max = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out + (text.size() > max ? "'..." : "'");
}

cpu_times_t parse_stat_cpu_total(std::string_view stat, double tck) {
  std::string_view line;
  while (next_line(stat, line)) {
    if (starts_with(line, "cpu ")) {
      if (auto t = parse_stat_cpu_line(line, tck)) return *t;
      throw error("malformed aggregate 'cpu' line: " + quoted(line));
    }
  }
  throw error("no aggregate 'cpu' line");
}

namespace {
bool is_percpu_line(std::string_view line) {
  return line.size() > 3 && starts_with(line, "cpu") && line[3] >= '0' && line[3] <= '9';
}
}  // namespace

std::vector<cpu_times_t> parse_stat_cpu_percpu(std::string_view stat, double tck) {
  std::vector<cpu_times_t> out;
  std::string_view line;
  while (next_line(stat, line)) {
    if (!starts_with(line, "cpu")) {
      if (!out.empty()) break;  // the cpu lines come first and together
      continue;
    }
    if (!is_percpu_line(line)) continue;
    auto t = parse_stat_cpu_line(line, tck);
    if (!t) throw error("malformed line: " + quoted(line));
    out.push_back(*t);
  }
  return out;
}

int count_stat_cpus(std::string_view stat) {
  int n = 0;
  std::string_view line;
  while (next_line(stat, line))
    if (is_percpu_line(line)) ++n;
  return n;
}

stat_counters parse_stat_counters(std::string_view stat) {
  stat_counters c;
  std::string_view line, key, val;
  while (next_line(stat, line)) {
    if (starts_with(line, "cpu") || !next_token(line, key)) continue;
    std::optional<std::uint64_t>* slot = nullptr;
    if (key == "ctxt")
      slot = &c.ctxt;
    else if (key == "intr")
      slot = &c.intr;
    else if (key == "softirq")
      slot = &c.softirq;
    else if (key == "btime")
      slot = &c.btime;
    if (slot && next_token(line, val)) *slot = to_u64(val);
  }
  return c;
}

// ---- /proc/meminfo ----------------------------------------------------------------------

namespace {
using meminfo_field = std::optional<std::uint64_t> meminfo::*;

// True if the text at p (end - p bytes left) starts with the literal key (its ':' included).
template <std::size_t N>
inline bool starts(const char* p, const char* end, const char (&key)[N]) {
  return static_cast<std::size_t>(end - p) >= N - 1 && std::memcmp(p, key, N - 1) == 0;
}

// The field of the line starting at p, and p moved past its "Key:"; nullptr when psutil does
// not read the key. The key is the text before the first ':' of the line, so a line starting
// with "Key:" (no key holds ':') has exactly that key. A switch on the first byte, then on
// one that tells the candidates apart: most of the ~55 lines of a modern meminfo are rejected
// without a comparison, none needs a search for the ':'.
inline meminfo_field meminfo_key(const char*& p, const char* end) {
  auto is = [&p, end](const auto& key, meminfo_field f) -> meminfo_field {
    if (!starts(p, end, key)) return nullptr;
    p += sizeof key - 1;
    return f;
  };
  // "Slab:" is the shortest key, and with 5 bytes left has no value: 6 bytes make every
  // test below (p[5] included) safe.
  if (end - p < 6) return nullptr;
  switch (p[0]) {
    case 'M':
      switch (p[3]) {
        case 'T':
          return is("MemTotal:", &meminfo::mem_total);
        case 'F':
          return is("MemFree:", &meminfo::mem_free);
        case 'A':
          return is("MemAvailable:", &meminfo::mem_available);
        case 'S':
          return is("MemShared:", &meminfo::mem_shared);
        default:
          return nullptr;
      }
    case 'B':
      return is("Buffers:", &meminfo::buffers);
    case 'C':
      return is("Cached:", &meminfo::cached);
    case 'A':
      if (auto f = is("Active:", &meminfo::active)) return f;
      return is("Active(file):", &meminfo::active_file);
    case 'I':
      if (p[5] == 'i') {
        if (auto f = is("Inactive:", &meminfo::inactive)) return f;
        return is("Inactive(file):", &meminfo::inactive_file);
      }
      if (auto f = is("Inact_dirty:", &meminfo::inact_dirty)) return f;
      if (auto f = is("Inact_clean:", &meminfo::inact_clean)) return f;
      return is("Inact_laundry:", &meminfo::inact_laundry);
    case 'S':
      switch (p[1]) {
        case 'w':
          if (auto f = is("SwapCached:", &meminfo::swap_cached)) return f;
          if (auto f = is("SwapTotal:", &meminfo::swap_total)) return f;
          return is("SwapFree:", &meminfo::swap_free);
        case 'h':
          return is("Shmem:", &meminfo::shmem);
        case 'l':
          return is("Slab:", &meminfo::slab);
        case 'R':
          return is("SReclaimable:", &meminfo::sreclaimable);
        default:
          return nullptr;
      }
    default:
      return nullptr;
  }
}
}  // namespace

#ifdef PSINFO_KB_LINES
// The fields psutil reads, by id; the other keys of a modern kernel (show_val_kb lines) map
// to -1, so that their lines are skipped without a search for their end.
constexpr meminfo_field kMeminfoFields[] = {
    &meminfo::mem_total,     &meminfo::mem_free,     &meminfo::mem_available,
    &meminfo::buffers,       &meminfo::cached,       &meminfo::swap_cached,
    &meminfo::active,        &meminfo::inactive,     &meminfo::active_file,
    &meminfo::inactive_file, &meminfo::inact_dirty,  &meminfo::inact_clean,
    &meminfo::inact_laundry, &meminfo::shmem,        &meminfo::mem_shared,
    &meminfo::slab,          &meminfo::sreclaimable, &meminfo::swap_total,
    &meminfo::swap_free};
constexpr kb_key kMeminfoKeyList[] = {
    {"MemTotal:", 0},        {"MemFree:", 1},          {"MemAvailable:", 2},
    {"Buffers:", 3},         {"Cached:", 4},           {"SwapCached:", 5},
    {"Active:", 6},          {"Inactive:", 7},         {"Active(file):", 8},
    {"Inactive(file):", 9},  {"Inact_dirty:", 10},     {"Inact_clean:", 11},
    {"Inact_laundry:", 12},  {"Shmem:", 13},           {"MemShared:", 14},
    {"Slab:", 15},           {"SReclaimable:", 16},    {"SwapTotal:", 17},
    {"SwapFree:", 18},       {"Active(anon):", -1},    {"Inactive(anon):", -1},
    {"Unevictable:", -1},    {"Mlocked:", -1},         {"HighTotal:", -1},
    {"HighFree:", -1},       {"LowTotal:", -1},        {"LowFree:", -1},
    {"MmapCopy:", -1},       {"Zswap:", -1},           {"Zswapped:", -1},
    {"Dirty:", -1},          {"Writeback:", -1},       {"AnonPages:", -1},
    {"Mapped:", -1},         {"KReclaimable:", -1},    {"SUnreclaim:", -1},
    {"KernelStack:", -1},    {"ShadowCallStack:", -1}, {"PageTables:", -1},
    {"SecPageTables:", -1},  {"NFS_Unstable:", -1},    {"Bounce:", -1},
    {"WritebackTmp:", -1},   {"CommitLimit:", -1},     {"Committed_AS:", -1},
    {"VmallocTotal:", -1},   {"VmallocUsed:", -1},     {"VmallocChunk:", -1},
    {"Percpu:", -1},         {"AnonHugePages:", -1},   {"ShmemHugePages:", -1},
    {"ShmemPmdMapped:", -1}, {"FileHugePages:", -1},   {"FilePmdMapped:", -1},
    {"CmaTotal:", -1},       {"CmaFree:", -1},         {"Unaccepted:", -1},
    {"Balloon:", -1},        {"GPUActive:", -1},       {"GPUReclaim:", -1},
    {"Hugepagesize:", -1},   {"Hugetlb:", -1},         {"DirectMap4k:", -1},
    {"DirectMap2M:", -1},    {"DirectMap4M:", -1},     {"DirectMap1G:", -1}};
// 67 keys: 256 slots, and a multiplier found by search that puts each in its own slot.
constexpr kb_keys<std::size(kMeminfoKeyList), 8, 0xc1b4ad0dfeb8adfull> kMeminfoKeys(
    kMeminfoKeyList);
static_assert(kMeminfoKeys.collision_free(), "meminfo key hash: pick another multiplier");
#endif

meminfo parse_meminfo(std::string_view text) {
  // One pass over the text with inline loops (no line or token split): the key recognised
  // at the start of the line, and the value read only for the ~19 keys psutil wants. Same
  // reading as "split the line at the first ':', first blank-separated token, whole token a
  // u64".
  meminfo m;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p != end) {
#ifdef PSINFO_KB_LINES
    // Nearly every line: a known key in the kernel's fixed-width form (which the reading below
    // takes the same way).
    int id;
    std::uint64_t kb;
    if (static_cast<std::size_t>(end - p) >= kb_line_size && kMeminfoKeys.match(p, id, kb)) {
      if (id >= 0) m.*kMeminfoFields[id] = kb * 1024;
      p += kb_line_size;
      continue;
    }
#endif
    if (const meminfo_field field = meminfo_key(p, end)) {
      p = skip_space_run(p, end);  // the kernel pads with spaces; other blanks below
      while (p != end && *p != '\n' && is_space(*p)) ++p;
      const char* const b = p;
      std::uint64_t v;
      const std::size_t digits = digit_run(p, end, v);
      if (digits >= 20)
        while (p != end && static_cast<unsigned char>(*p) - unsigned{'0'} <= 9) ++p;
      // The token must be digits only (to_u64 on a long one, for its overflow check).
      if (digits != 0 && (p == end || is_space(*p))) {
        if (digits < 20) {
          m.*field = v * 1024;
        } else if (auto x = to_u64(std::string_view(b, static_cast<std::size_t>(p - b)))) {
          m.*field = *x * 1024;
        }
      }
      if (starts(p, end, " kB\n")) {  // the kernel's line end: no search
        p += 4;
        continue;
      }
    }
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
  }
  return m;
}

std::uint64_t parse_zoneinfo_low(std::string_view text) {
  std::uint64_t low = 0;
  std::string_view line, tok;
  while (next_line(text, line)) {
    line = strip_whitespace(line);
    if (!starts_with(line, "low")) continue;
    next_token(line, tok);
    if (next_token(line, tok))
      if (auto v = to_u64(tok)) low += *v;
  }
  return low;
}

bool needs_available_estimate(const meminfo& mi) {
  return !mi.mem_available || *mi.mem_available == 0;
}

virtual_memory_t compute_virtual_memory(const meminfo& mi,
                                        std::optional<std::uint64_t> zone_low_bytes) {
  if (!mi.mem_total || !mi.mem_free)
    throw error(!mi.mem_total ? "no MemTotal line with a number of kB"
                              : "no MemFree line with a number of kB");
  virtual_memory_t vm;
  vm.total = *mi.mem_total;
  vm.free = *mi.mem_free;
  vm.buffers = mi.buffers;
  if (mi.cached) vm.cached = *mi.cached + mi.sreclaimable.value_or(0);
  vm.shared = mi.shmem ? mi.shmem : mi.mem_shared;
  vm.active = mi.active;
  if (mi.inactive)
    vm.inactive = mi.inactive;
  else if (mi.inact_dirty && mi.inact_clean && mi.inact_laundry)
    vm.inactive = *mi.inact_dirty + *mi.inact_clean + *mi.inact_laundry;
  vm.slab = mi.slab;

  std::int64_t avail;
  if (!needs_available_estimate(mi)) {
    avail = static_cast<std::int64_t>(*mi.mem_available);
  } else if (!mi.active_file || !mi.inactive_file || !mi.sreclaimable || !zone_low_bytes) {
    // The kernel's estimate (3.14+) is missing: psutil's fallback.
    avail = static_cast<std::int64_t>(vm.free + mi.cached.value_or(0));
  } else {
    // The kernel's own MemAvailable formula (si_mem_available), as psutil re-derives it.
    // Every quantity is an integer or a half below 2^53, so doubles are exact here.
    double low = static_cast<double>(*zone_low_bytes);
    double a = static_cast<double>(vm.free) - low;
    double pagecache = static_cast<double>(*mi.active_file + *mi.inactive_file);
    pagecache -= std::min(pagecache / 2, low);
    a += pagecache;
    double srecl = static_cast<double>(*mi.sreclaimable);
    a += srecl - std::min(srecl / 2.0, low);
    // Clamped before the conversion (out of range is undefined): a huge watermark makes it
    // very negative, which the test below turns into 0 as psutil's integers would.
    avail = a < 0 ? 0 : a >= 9.2e18 ? INT64_MAX : static_cast<std::int64_t>(a);
  }
  if (avail < 0)
    avail = 0;
  else if (static_cast<std::uint64_t>(avail) > vm.total)
    avail = static_cast<std::int64_t>(vm.free);
  vm.available = static_cast<std::uint64_t>(avail);
  vm.used = vm.total > vm.available ? vm.total - vm.available : 0;
  vm.percent = percent1(static_cast<double>(vm.used), static_cast<double>(vm.total));
  return vm;
}

namespace {
// The value of the line "key value" of a key/value file such as /proc/vmstat, found by
// searching rather than tokenising every line (vmstat has ~170 of them).
std::optional<std::uint64_t> line_value(std::string_view text, std::string_view key) {
  for (size_t pos = text.find(key); pos != std::string_view::npos; pos = text.find(key, pos + 1)) {
    size_t end = pos + key.size();
    if ((pos != 0 && text[pos - 1] != '\n') || end >= text.size() || !is_space(text[end])) continue;
    std::string_view rest = text.substr(end), tok;
    if (next_token(rest, tok)) return to_u64(tok);
    return std::nullopt;
  }
  return std::nullopt;
}
}  // namespace

vmstat_swap parse_vmstat_swap(std::string_view text) {
  vmstat_swap s;
  s.pswpin = line_value(text, "pswpin");
  s.pswpout = line_value(text, "pswpout");
  return s;
}

// ---- /proc/cpuinfo ----------------------------------------------------------------------

std::vector<double> parse_cpuinfo_mhz(std::string_view text) {
  std::vector<double> out;
  std::string_view line, key, rest;
  while (next_line(text, line)) {
    if (!split_key(line, key, rest)) continue;
    // Most of the ~25 keys of a processor's section differ from the three in their length.
    std::string_view k = strip_whitespace(key);
    if (!iequals(k, "cpu mhz") && !iequals(k, "clock") && !iequals(k, "cpu mhz dynamic")) continue;
    std::string_view v = strip_whitespace(rest);
    if (v.size() >= 3 && iequals(v.substr(v.size() - 3), "mhz"))
      v = strip_whitespace(v.substr(0, v.size() - 3));
    if (auto d = to_double(v)) out.push_back(*d);
  }
  return out;
}

int count_cpuinfo_processors(std::string_view text) {
  int n = 0;
  std::string_view line;
  while (next_line(text, line))
    if (starts_with(line, "processor")) ++n;
  return n;
}

int count_cpuinfo_cores(std::string_view text) {
  // A section ends at a blank line; a last section without one is not counted (as psutil).
  std::map<std::int64_t, std::int64_t> cores_by_package;
  std::int64_t phys = 0, cores = 0;
  bool have_phys = false, have_cores = false;
  std::string_view line, key, rest;
  while (next_line(text, line)) {
    std::string_view l = strip_whitespace(line);
    if (l.empty()) {
      if (have_phys && have_cores) cores_by_package[phys] = cores;
      have_phys = have_cores = false;
      continue;
    }
    bool is_phys = iequals(l.substr(0, 11), "physical id");
    bool is_cores = iequals(l.substr(0, 9), "cpu cores");
    if (!is_phys && !is_cores) continue;
    if (!split_key(l, key, rest)) continue;
    auto v = to_i64(strip_whitespace(rest));
    if (!v || *v < 0) continue;  // a count or an id is never negative: junk
    if (is_phys) {
      phys = *v;
      have_phys = true;
    } else {
      cores = *v;
      have_cores = true;
    }
  }
  std::int64_t sum = 0;
  for (const auto& kv : cores_by_package) sum = std::min<std::int64_t>(sum + kv.second, INT32_MAX);
  return static_cast<int>(sum);
}

std::vector<int> parse_cpu_list(std::string_view text) {
  // A bitmap, not a set: hostile input with many large ranges stays linear.
  constexpr std::int64_t max_cpu = 1 << 20;
  std::vector<bool> seen;
  text = strip_whitespace(text);
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = strip_whitespace(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (item.empty()) continue;
    size_t dash = item.find('-');
    auto a = to_i64(item.substr(0, dash));
    auto b = dash == std::string_view::npos ? a : to_i64(item.substr(dash + 1));
    if (!a || !b || *a < 0 || *b < *a || *b > max_cpu) return {};
    if (seen.size() <= static_cast<size_t>(*b)) seen.resize(static_cast<size_t>(*b) + 1);
    std::fill(seen.begin() + *a, seen.begin() + *b + 1, true);
  }
  std::vector<int> cpus;
  for (size_t i = 0; i < seen.size(); ++i)
    if (seen[i]) cpus.push_back(static_cast<int>(i));
  return cpus;
}

namespace {
template <size_t N>
std::string utmp_field(const char (&s)[N]) {
  return std::string(s, ::strnlen(s, N));
}
}  // namespace

std::vector<user_t> parse_utmp(std::string_view data) {
  std::vector<user_t> out;
  struct utmpx u;
  for (std::size_t off = 0; data.size() - off >= sizeof u; off += sizeof u) {
    std::memcpy(&u, data.data() + off, sizeof u);  // the buffer need not be aligned
    if (u.ut_type != USER_PROCESS) continue;
    user_t e;
    e.name = utmp_field(u.ut_user);
    std::string line = utmp_field(u.ut_line);
    if (!line.empty()) e.terminal = std::move(line);
    e.host = utmp_field(u.ut_host);
    if (e.host.empty() || e.host == ":0" || e.host == ":0.0") e.host = "localhost";
    e.started = static_cast<double>(u.ut_tv.tv_sec);
    e.pid = static_cast<long>(u.ut_pid);
    out.push_back(std::move(e));
  }
  return out;
}

std::array<double, 3> parse_loadavg(std::string_view text) {
  std::array<double, 3> out{};
  std::string_view tok;
  for (double& v : out) {
    std::optional<double> d;
    if (!next_token(text, tok)) throw error("fewer than 3 load averages");
    if (!(d = to_double(tok))) throw error("not a load average: " + quoted(tok));
    v = *d;
  }
  return out;
}

}  // namespace psinfo::detail
