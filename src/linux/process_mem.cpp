// Linux processes: memory_full_info and memory_maps from smaps / smaps_rollup, and the pure
// parsers of smaps and fdinfo (psutil 8's _pslinux rules, see PSUTIL-LINUX.md section 7).
#include <psinfo/errors.hpp>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <unordered_map>

#include "linux/parse.hpp"
#include "linux/process_common.hpp"
#include "linux/process_mem_parse.hpp"
#include "linux/process_parse.hpp"
#include "linux/procfs.hpp"
#include "platform.hpp"

namespace psinfo {
namespace detail {
namespace {

bool starts_with(std::string_view s, std::string_view p) noexcept {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}
bool ends_with(std::string_view s, std::string_view p) noexcept {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// A whole token of decimal digits (Python's int() of a kernel number).
bool parse_uint(std::string_view tok, std::uint64_t& v) noexcept {
  if (tok.empty()) return false;
  auto r = std::from_chars(tok.data(), tok.data() + tok.size(), v);
  return r.ec == std::errc() && r.ptr == tok.data() + tok.size();
}

// The leading digits of a token (a regex's \d+ after the key); false if it starts otherwise.
bool parse_leading_uint(std::string_view tok, std::uint64_t& v) noexcept {
  auto r = std::from_chars(tok.data(), tok.data() + tok.size(), v);
  return r.ec == std::errc() && r.ptr != tok.data();
}

// The value of a "Key: n kB" line (its second token), as psutil's int(line.split()[1]).
std::uint64_t line_value(std::string_view line) {
  std::string_view rest = line, key, val;
  std::uint64_t v = 0;
  if (!next_token(rest, key) || !next_token(rest, val) || !parse_uint(val, v))
    throw error("smaps: don't know how to interpret line " + quoted(line));
  return v;
}

// The keys memory_maps keeps, indexes into a block's values.
enum smaps_field : int {
  f_rss,
  f_size,
  f_pss,
  f_shared_clean,
  f_shared_dirty,
  f_private_clean,
  f_private_dirty,
  f_referenced,
  f_anonymous,
  f_swap,
  f_count,
  f_other = -1,
  f_vmflags = -2,
};

// key includes its ':'. Dispatch on the length first: this runs for every line of smaps.
int smaps_key(std::string_view k) noexcept {
  switch (k.size()) {
    case 4:
      if (k == "Rss:") return f_rss;
      if (k == "Pss:") return f_pss;
      break;
    case 5:
      if (k == "Size:") return f_size;
      if (k == "Swap:") return f_swap;
      break;
    case 8:
      if (k == "VmFlags:") return f_vmflags;
      break;
    case 10:
      if (k == "Anonymous:") return f_anonymous;
      break;
    case 11:
      if (k == "Referenced:") return f_referenced;
      break;
    case 13:
      if (k == "Shared_Clean:") return f_shared_clean;
      if (k == "Shared_Dirty:") return f_shared_dirty;
      break;
    case 14:
      if (k == "Private_Clean:") return f_private_clean;
      if (k == "Private_Dirty:") return f_private_dirty;
      break;
  }
  return f_other;
}

#ifdef PSINFO_KB_LINES
// The keys the kernel prints in smaps (show_smap); those memory_maps drops map to f_other.
constexpr kb_key kSmapsKeyList[] = {
    {"Size:", f_size},
    {"KernelPageSize:", f_other},
    {"MMUPageSize:", f_other},
    {"Rss:", f_rss},
    {"Pss:", f_pss},
    {"Pss_Dirty:", f_other},
    {"Pss_Anon:", f_other},
    {"Pss_File:", f_other},
    {"Pss_Shmem:", f_other},
    {"Shared_Clean:", f_shared_clean},
    {"Shared_Dirty:", f_shared_dirty},
    {"Private_Clean:", f_private_clean},
    {"Private_Dirty:", f_private_dirty},
    {"Referenced:", f_referenced},
    {"Anonymous:", f_anonymous},
    {"KSM:", f_other},
    {"LazyFree:", f_other},
    {"AnonHugePages:", f_other},
    {"ShmemPmdMapped:", f_other},
    {"FilePmdMapped:", f_other},
    {"Shared_Hugetlb:", f_other},
    {"Private_Hugetlb:", f_other},
    {"Swap:", f_swap},
    {"SwapPss:", f_other},
    {"Locked:", f_other},
};
constexpr kb_keys<std::size(kSmapsKeyList), 6> kSmapsKeys(kSmapsKeyList);
static_assert(kSmapsKeys.collision_free(), "smaps key hash: pick another multiplier");

// From p, the run of kb lines with known keys (which the byte-wise path below would read the
// same way): their values go to vals; returns the first line not taken.
const char* kernel_key_lines(const char* p, const char* const end,
                             std::uint64_t (&vals)[f_count]) noexcept {
  int f;
  std::uint64_t v;
  while (static_cast<std::size_t>(end - p) >= kb_line_size && kSmapsKeys.match(p, f, v)) {
    if (f >= 0) vals[f] = v * 1024;
    p += kb_line_size;
  }
  return p;
}
#endif

// The first byte from p that is neither ' ' nor '\t' (end if none). The kernel pads smaps
// values to a column: runs of 10-20 spaces, skipped a word at a time.
const char* skip_blanks(const char* p, const char* end) noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr std::uint64_t spaces = 0x2020202020202020ull;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (w != spaces) {
      p += __builtin_ctzll(w ^ spaces) / 8;  // the first byte that is not a space
      break;
    }
    p += 8;
  }
#endif
  while (p != end && (*p == ' ' || *p == '\t')) ++p;
  return p;
}

// The first byte from p that is ':' or <= ' ' (end if none): the end of a smaps key, found
// a word at a time (keys are 3-15 bytes).
const char* find_colon_or_blank(const char* p, const char* end) noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t c = w ^ (ones * ':');
    // High bit of a byte set where it is ':' (zero in c) or below 0x21; exact up to the first
    // match, which is all that is used.
    const std::uint64_t m = (((c - ones) & ~c) | ((w - ones * 0x21) & ~w)) & highs;
    if (m) return p + __builtin_ctzll(m) / 8;
    p += 8;
  }
#endif
  while (p != end && *p != ':' && static_cast<unsigned char>(*p) > ' ') ++p;
  return p;
}

void add_fields(memory_map_t& m, const std::uint64_t (&v)[f_count]) noexcept {
  m.rss += v[f_rss];
  m.size += v[f_size];
  m.pss += v[f_pss];
  m.shared_clean += v[f_shared_clean];
  m.shared_dirty += v[f_shared_dirty];
  m.private_clean += v[f_private_clean];
  m.private_dirty += v[f_private_dirty];
  m.referenced += v[f_referenced];
  m.anonymous += v[f_anonymous];
  m.swap += v[f_swap];
}

// Calls fn(line) for each line of text (without '\n'); memchr, no allocation.
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* stop = nl ? nl : end;
    fn(std::string_view(p, static_cast<size_t>(stop - p)));
    p = stop + 1;
  }
}

// smaps of a big process is megabytes: its own buffer, kept between calls (per thread).
file_buffer& smaps_buffer() {
  thread_local file_buffer buf;
  return buf;
}

// psutil reads smaps_rollup only if /proc/self/smaps_rollup existed at import.
bool has_smaps_rollup() {
  static const bool has = ::access("/proc/self/smaps_rollup", F_OK) == 0;
  return has;
}

bool all_space(std::string_view s) noexcept {
  for (char c : s)
    if (!is_space(c)) return false;
  return true;
}

}  // namespace

bool stat_exists(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return true;
  if (errno == EACCES || errno == EPERM) throw_errno(errno, "cannot stat", path);
  return false;
}

smaps_totals parse_smaps_rollup(std::string_view text) {
  smaps_totals t;
  for_each_line(text, [&](std::string_view line) {
    if (starts_with(line, "Private_"))
      t.uss += line_value(line) * 1024;
    else if (starts_with(line, "Pss:"))
      t.pss = line_value(line) * 1024;
    else if (starts_with(line, "Swap:"))
      t.swap = line_value(line) * 1024;
  });
  return t;
}

smaps_totals parse_smaps_totals(std::string_view text) {
  smaps_totals t;
  for_each_line(text, [&](std::string_view line) {
    if (line.empty()) return;
    const char c = line.front();
    if (c != 'P' && c != 'S') return;  // most lines, and every header (hex address)
    std::string_view rest = line, key, val;
    if (!next_token(rest, key) || key.back() != ':') return;
    std::uint64_t* sum = nullptr;
    if (starts_with(key, "Private"))
      sum = &t.uss;
    else if (key == "Pss:")
      sum = &t.pss;
    else if (key == "Swap:")
      sum = &t.swap;
    std::uint64_t v = 0;
    if (sum && next_token(rest, val) && parse_leading_uint(val, v)) *sum += v * 1024;
  });
  return t;
}

void parse_smaps(std::string_view text, bool grouped, std::vector<memory_map_t>& out,
                 path_exists_fn exists) {
  text = strip_whitespace(text);  // psutil: data.strip_whitespace()
  if (text.empty()) return;

  std::unordered_map<std::string_view, std::size_t> groups;  // path -> index in out
  std::unordered_map<std::string_view, bool> deleted;        // " (deleted)" path -> strip it
  std::size_t last_group = static_cast<std::size_t>(-1);

  bool have_block = false;
  std::string_view addr, perms, path;
  std::uint64_t vals[f_count] = {};

  auto flush = [&]() {
    if (!have_block) return;
    std::string_view p = path;
    if (p.empty()) {
      p = "[anon]";
    } else if (ends_with(p, " (deleted)")) {
      // One stat per distinct path: shared anonymous maps ("/dev/zero (deleted)", memfds)
      // can be thousands.
      auto [it, added] = deleted.try_emplace(p, false);
      if (added) it->second = !exists(std::string(p));
      if (it->second) p.remove_suffix(10);
    }
    if (grouped) {
      if (last_group == static_cast<std::size_t>(-1) || out[last_group].path != p) {
        auto [it, added] = groups.try_emplace(p, out.size());
        if (added) {
          out.emplace_back();
          out.back().path.assign(p.data(), p.size());
        }
        last_group = it->second;
      }
      add_fields(out[last_group], vals);
    } else {
      memory_map_t& m = out.emplace_back();
      m.path.assign(p.data(), p.size());
      m.addr.emplace(addr);
      m.perms.emplace(perms);
      add_fields(m, vals);
    }
  };

  bool first = true;
  auto slow_line = [&](std::string_view line) {
    std::string_view rest = line, key;
    if (!next_token(rest, key)) throw error("smaps: don't know how to interpret an empty line");
    // psutil takes the first line as a header whatever it holds.
    if (!first && key.back() == ':') {
      int f = smaps_key(key);
      std::string_view val;
      std::uint64_t v = 0;
      if (next_token(rest, val) && parse_uint(val, v)) {
        if (f >= 0) vals[f] = v * 1024;
        return;
      }
      if (f == f_vmflags || starts_with(key, "VmFlags:")) return;
      throw error("smaps: don't know how to interpret line " + quoted(line));
    }
    first = false;
    flush();
    // addr perms offset dev inode [path]
    addr = key;
    std::string_view offset, dev, inode;
    if (!next_token(rest, perms) || !next_token(rest, offset) || !next_token(rest, dev) ||
        !next_token(rest, inode))
      throw error("smaps: don't know how to interpret header " + quoted(line));
    path = strip_whitespace(rest);
    have_block = true;
    std::memset(vals, 0, sizeof vals);
  };

  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
#ifdef PSINFO_KB_LINES
    // Nearly every line: a known key in the kernel's fixed-width form.
    if (!first) {
      const char* q = kernel_key_lines(p, end, vals);
      if (q != p) {
        p = q;
        continue;
      }
    }
#endif
    // Fast path for the kernel's "Key:   123 kB" lines (keys start with a capital letter,
    // headers with a hex digit): one pass over the bytes. Anything else takes slow_line.
    if (!first && *p >= 'A' && *p <= 'Z') {
      // Stops at any control byte or space (a superset of is_space): a key with one takes
      // slow_line, which decides.
      const char* k = find_colon_or_blank(p, end);
      if (k != end && *k == ':') {
        const char* v = skip_blanks(k + 1, end);
        const char* d = v;
        std::uint64_t val = 0;
        while (d != end && static_cast<unsigned>(*d - '0') < 10u) {
          val = val * 10 + static_cast<unsigned>(*d - '0');
          ++d;
        }
        if (v != k + 1 && d != v && d - v <= 19 && (d == end || is_space(*d))) {
          int f = smaps_key(std::string_view(p, static_cast<size_t>(k + 1 - p)));
          if (f >= 0) vals[f] = val * 1024;
          if (end - d >= 4 && std::memcmp(d, " kB\n", 4) == 0) {
            p = d + 4;
            continue;
          }
          while (d != end && *d != '\n') ++d;
          p = d + 1;
          continue;
        }
        // VmFlags (no number): skipped as slow_line would.
        if (d == v && v != k + 1 && k - p == 7 && std::memcmp(p, "VmFlags", 7) == 0) {
          const char* nl =
              static_cast<const char*>(std::memchr(v, '\n', static_cast<size_t>(end - v)));
          p = nl ? nl + 1 : end;
          continue;
        }
      }
    }
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* eol = nl ? nl : end;
    slow_line(std::string_view(p, static_cast<size_t>(eol - p)));
    p = eol + 1;
  }
  flush();
}

fdinfo_t parse_fdinfo(std::string_view text) {
  std::string_view line1, line2, tok, v1, v2;
  fdinfo_t r;
  std::uint64_t pos = 0;
  if (!next_line(text, line1) || !next_line(text, line2) || !next_token(line1, tok) ||
      !next_token(line1, v1) || !parse_uint(v1, pos) || !next_token(line2, tok) ||
      !next_token(line2, v2))
    throw error("fdinfo: unexpected format");
  unsigned long flags = 0;
  auto res = std::from_chars(v2.data(), v2.data() + v2.size(), flags, 8);
  if (res.ec != std::errc() || res.ptr != v2.data() + v2.size())
    throw error("fdinfo: flags are not octal: '" + std::string(v2) + "'");
  r.pos = pos;
  r.flags = static_cast<int>(flags);
  return r;
}

std::optional<std::string> file_mode(int flags) {
  std::string mode;
  switch (flags & O_ACCMODE) {
    case O_RDONLY:
      mode = "r";
      break;
    case O_WRONLY:
      mode = "w";
      break;
    case O_RDWR:
      mode = "w+";
      break;
    default:
      return std::nullopt;
  }
  if (flags & O_APPEND) {
    auto w = mode.find('w');
    if (w != std::string::npos) mode[w] = 'a';
  }
  if (mode == "w+") mode = "r+";
  return mode;
}

namespace {
// <pid>/smaps: from the oneshot cache when there is one (read into it on first use).
std::string_view smaps_text(long pid, proc_oneshot* os) {
  if (!os) return read_pid_file(pid, "smaps", smaps_buffer());
  if (!os->smaps) os->smaps.emplace(read_pid_file(pid, "smaps", smaps_buffer()));
  return *os->smaps;
}
}  // namespace

smaps_totals smaps_totals_of(long pid, proc_oneshot* os) {
  if (has_smaps_rollup()) {
    // psutil 8: ESRCH / ENOENT from smaps_rollup (it gives them for some live processes, and
    // for zombies) -> fall back to smaps.
    int err = 0;
    std::string path = pid_path(pid, "smaps_rollup");
    file_buffer& buf = scratch();
    if (try_read_file(path, buf, &err)) return parse_smaps_rollup(buf.view());
    if (err != ESRCH && err != ENOENT) throw_proc_error(pid, err, path);
  }
  std::string_view text = smaps_text(pid, os);
  if (all_space(text) && is_zombie(pid)) throw_proc_error(pid, ESRCH, pid_path(pid, "smaps"));
  return parse_smaps_totals(text);
}

std::vector<memory_map_t> memory_maps_of(long pid, bool grouped, proc_oneshot* os) {
  std::string_view text = smaps_text(pid, os);
  std::vector<memory_map_t> out;
  if (all_space(text)) {
    // psutil 8: a zombie's smaps is empty -> ZombieProcess; a kernel thread's -> [].
    if (is_zombie(pid)) throw_proc_error(pid, ESRCH, pid_path(pid, "smaps"));
    return out;
  }
  if (!grouped) out.reserve(text.size() / 600 + 1);  // a block is 0.6-1 kB of text
  parse_smaps(text, grouped, out);
  return out;
}

memory_full_info_t proc_memory_full_info(const proc_ref& p) {
  smaps_totals t = smaps_totals_of(p.pid, oneshot_cache<proc_oneshot>(p));
  memory_full_info_t r;
  r.info = proc_memory_info(p);
  r.uss = t.uss;
  r.pss = t.pss;
  r.swap = t.swap;
  return r;
}

memory_footprint_t proc_memory_footprint(const proc_ref& p) {
  smaps_totals t = smaps_totals_of(p.pid, oneshot_cache<proc_oneshot>(p));
  return memory_footprint_t{t.uss, t.pss, t.swap};
}

std::vector<memory_map_t> proc_memory_maps(const proc_ref& p, bool grouped) {
  return memory_maps_of(p.pid, grouped, oneshot_cache<proc_oneshot>(p));
}

}  // namespace detail
}  // namespace psinfo
