#include "linux/process_parse.hpp"

#include <psinfo/errors.hpp>

#include <string.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <tuple>
#include <vector>

#include "linux/parse.hpp"

namespace psinfo::detail {

namespace {

template <class T>
bool as_u(std::string_view tok, T& out) {
  auto v = to_u64(tok);
  if (!v) return false;
  out = static_cast<T>(*v);
  return true;
}
template <class T>
bool as_i(std::string_view tok, T& out) {
  auto v = to_i64(tok);
  if (!v) return false;
  out = static_cast<T>(*v);
  return true;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "Uid:\t0\t0\t0\t0" -> the first three numbers.
std::optional<uids_t> parse_ids(std::string_view rest) {
  uids_t ids;
  std::string_view tok;
  long* dst[3] = {&ids.real, &ids.effective, &ids.saved};
  for (long* d : dst)
    if (!next_token(rest, tok) || !as_i(tok, *d)) return std::nullopt;
  return ids;
}

std::optional<std::uint64_t> first_u64(std::string_view rest) {
  std::string_view tok;
  if (!next_token(rest, tok)) return std::nullopt;
  return to_u64(tok);
}

std::uint64_t sat_mul(std::uint64_t a, std::uint64_t b) {
  if (b != 0 && a > std::numeric_limits<std::uint64_t>::max() / b)
    return std::numeric_limits<std::uint64_t>::max();
  return a * b;
}

// to_u64 / to_i64 of the token [p, e), inline: parse_proc_stat runs them for every process.
// Same answers: digits only for u64; i64 takes one leading '+', then from_chars' optional '-'.
bool tok_u64(const char* p, const char* e, std::uint64_t& out) noexcept {
  if (p == e) return false;
  std::uint64_t v = 0;
  for (; p != e; ++p) {
    unsigned d = static_cast<unsigned char>(*p) - static_cast<unsigned>('0');
    if (d > 9 || __builtin_mul_overflow(v, 10u, &v) || __builtin_add_overflow(v, d, &v))
      return false;
  }
  out = v;
  return true;
}
bool tok_i64(const char* p, const char* e, std::int64_t& out) noexcept {
  if (p != e && *p == '+') ++p;
  bool neg = p != e && *p == '-';
  if (neg) ++p;
  std::uint64_t mag = 0;
  if (!tok_u64(p, e, mag)) return false;
  constexpr std::uint64_t max = static_cast<std::uint64_t>(INT64_MAX);
  if (mag > max + (neg ? 1 : 0)) return false;
  out = neg ? static_cast<std::int64_t>(0 - mag) : static_cast<std::int64_t>(mag);
  return true;
}

}  // namespace

bool parse_proc_stat(std::string_view text, proc_stat& out) {
  std::size_t open = text.find('(');
  // memrchr: SIMD in glibc, where string_view::rfind walks back byte by byte (the fields
  // after the name are ~250 bytes).
  const void* rp = text.empty() ? nullptr : ::memrchr(text.data(), ')', text.size());
  if (open == std::string_view::npos || !rp) return false;
  std::size_t close = static_cast<std::size_t>(static_cast<const char*>(rp) - text.data());
  if (close < open) return false;
  out.name.assign(text.data() + open + 1, close - open - 1);
  out.processor.reset();
  out.blkio_ticks.reset();
  // One pass over the ~40 fields after ')': each token is delimited in place and only the
  // ones kept are converted (next_token + to_u64 per field cost ~3.5 k instructions a line).
  const char* p = text.data() + close + 1;
  const char* const end = text.data() + text.size();
  int i = 0;
  for (; i <= 39; ++i) {
    while (p != end && is_space(*p)) ++p;
    if (p == end) break;
    const char* t = p;
    p = find_space(p, end);
    bool ok = true;
    std::int64_t sv = 0;
    switch (i) {
      case 0:
        out.state = *t;
        break;
      case 1:
        ok = tok_i64(t, p, sv);
        out.ppid = static_cast<long>(sv);
        break;
      case 4:
        ok = tok_i64(t, p, out.tty_nr);
        break;
      case 7:
        ok = tok_u64(t, p, out.minflt);
        break;
      case 9:
        ok = tok_u64(t, p, out.majflt);
        break;
      case 11:
        ok = tok_u64(t, p, out.utime);
        break;
      case 12:
        ok = tok_u64(t, p, out.stime);
        break;
      case 13:
        ok = tok_i64(t, p, out.cutime);
        break;
      case 14:
        ok = tok_i64(t, p, out.cstime);
        break;
      case 16:
        ok = tok_i64(t, p, sv);
        out.nice = static_cast<int>(sv);
        break;
      case 17:
        ok = tok_i64(t, p, sv);
        out.num_threads = static_cast<long>(sv);
        break;
      case 19:
        ok = tok_u64(t, p, out.starttime);
        break;
      case 36: {
        // An int in the kernel; a recorded tree has INT64_MAX here: absent, not truncated.
        if (tok_i64(t, p, sv) && sv >= 0 && sv <= INT32_MAX) out.processor = static_cast<int>(sv);
        break;
      }
      case 39: {
        std::uint64_t v = 0;
        if (tok_u64(t, p, v)) out.blkio_ticks = v;
        break;
      }
      default:
        break;
    }
    if (!ok) return false;
    if (p != end) ++p;  // the whitespace find_space stopped at
  }
  return i > 19;
}

std::optional<proc_stat> parse_proc_stat(std::string_view text) {
  proc_stat st;
  if (!parse_proc_stat(text, st)) return std::nullopt;
  return st;
}

char parse_proc_stat_state(std::string_view text) {
  std::size_t close = text.rfind(')');
  if (close == std::string_view::npos || close + 2 >= text.size()) return 0;
  return text[close + 2];
}

const char* proc_status_string(char state) noexcept {
  switch (state) {
    case 'R':
      return "running";
    case 'S':
      return "sleeping";
    case 'D':
      return "disk-sleep";
    case 'T':
      return "stopped";
    case 't':
      return "tracing-stop";
    case 'Z':
      return "zombie";
    case 'X':
    case 'x':
      return "dead";
    case 'K':
      return "wake-kill";
    case 'W':
      return "waking";
    case 'I':
      return "idle";
    case 'P':
      return "parked";
    default:
      return "?";
  }
}

proc_status_fields parse_proc_status(std::string_view text, unsigned want) {
  proc_status_fields st;
  std::optional<std::uint64_t> vol, invol;
  std::string_view line;
  // The kernel writes Tgid, Uid, Gid, Threads, then the ctxt_switches lines last: stop once
  // everything asked for was seen.
  auto done = [&] {
    return (!(want & status_tgid) || st.tgid) && (!(want & status_ids) || (st.uids && st.gids)) &&
           (!(want & status_threads) || st.threads) && (!(want & status_ctx) || (vol && invol)) &&
           (!(want & status_mem) || st.hugetlb);  // HugetlbPages: the last of them
  };
  // "Key:\t  123 kB" -> bytes; absent when the number does not parse.
  auto kb = [](std::string_view rest) -> std::optional<std::uint64_t> {
    std::optional<std::uint64_t> v = first_u64(rest);
    if (v) v = sat_mul(*v, 1024);
    return v;
  };
  while (!done() && next_line(text, line)) {
    if (line.empty()) continue;
    // Dispatch on the first byte: most of the ~55 lines are rejected by one compare.
    switch (line[0]) {
      case 'T':
        if (starts_with(line, "Tgid:")) {
          std::string_view tok, rest = line.substr(5);
          long v = 0;
          if (next_token(rest, tok) && as_i(tok, v)) st.tgid = v;
        } else if (starts_with(line, "Threads:")) {
          std::string_view tok, rest = line.substr(8);
          long v = 0;
          if (next_token(rest, tok) && as_i(tok, v)) st.threads = v;
        }
        break;
      case 'U':
        if (starts_with(line, "Uid:")) st.uids = parse_ids(line.substr(4));
        break;
      case 'G':
        if (starts_with(line, "Gid:")) st.gids = parse_ids(line.substr(4));
        break;
      case 'v':
        if (starts_with(line, "voluntary_ctxt_switches:")) vol = first_u64(line.substr(24));
        break;
      case 'n':
        if (starts_with(line, "nonvoluntary_ctxt_switches:")) invol = first_u64(line.substr(27));
        break;
      case 'V':
        if (!(want & status_mem)) break;
        if (starts_with(line, "VmPeak:"))
          st.vm_peak = kb(line.substr(7));
        else if (starts_with(line, "VmHWM:"))
          st.vm_hwm = kb(line.substr(6));
        else if (starts_with(line, "VmSwap:"))
          st.vm_swap = kb(line.substr(7));
        break;
      case 'R':
        if (!(want & status_mem)) break;
        if (starts_with(line, "RssAnon:"))
          st.rss_anon = kb(line.substr(8));
        else if (starts_with(line, "RssFile:"))
          st.rss_file = kb(line.substr(8));
        else if (starts_with(line, "RssShmem:"))
          st.rss_shmem = kb(line.substr(9));
        break;
      case 'H':
        if ((want & status_mem) && starts_with(line, "HugetlbPages:"))
          st.hugetlb = kb(line.substr(13));
        break;
      default:
        break;
    }
  }
  if (vol && invol) st.ctx_switches = ctx_switches_t{*vol, *invol};
  return st;
}

std::optional<long> parse_proc_status_tgid(std::string_view text) {
  std::string_view line;
  while (next_line(text, line)) {
    if (!starts_with(line, "Tgid:")) continue;
    std::string_view tok, rest = line.substr(5);
    long v = 0;
    if (next_token(rest, tok) && as_i(tok, v)) return v;
    return std::nullopt;
  }
  return std::nullopt;
}

std::vector<int> parse_proc_status_cpus_allowed(std::string_view text) {
  std::string_view line;
  constexpr std::string_view key = "Cpus_allowed_list:";
  while (next_line(text, line))
    if (starts_with(line, key)) return parse_cpu_list(strip_whitespace(line.substr(key.size())));
  return {};
}

std::optional<proc_statm> parse_proc_statm(std::string_view text) {
  proc_statm m;
  std::uint64_t* dst[7] = {&m.size, &m.resident, &m.shared, &m.text, &m.lib, &m.data, &m.dirty};
  std::string_view tok;
  for (std::uint64_t* d : dst)
    if (!next_token(text, tok) || !as_u(tok, *d)) return std::nullopt;
  return m;
}

memory_info_t statm_to_memory_info(const proc_statm& m, std::uint64_t page_size) {
  memory_info_t mi;
  mi.rss = sat_mul(m.resident, page_size);
  mi.vms = sat_mul(m.size, page_size);
  mi.shared = sat_mul(m.shared, page_size);
  mi.text = sat_mul(m.text, page_size);
  mi.data = sat_mul(m.data, page_size);
  return mi;
}

io_counters_t parse_proc_io(std::string_view text) {
  if (text.empty()) throw error("io: empty file");
  std::optional<std::uint64_t> syscr, syscw, read_bytes, write_bytes, rchar, wchar;
  std::string_view line;
  while (next_line(text, line)) {
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = line.substr(0, colon);
    std::optional<std::uint64_t>* dst = nullptr;
    if (key == "syscr")
      dst = &syscr;
    else if (key == "syscw")
      dst = &syscw;
    else if (key == "read_bytes")
      dst = &read_bytes;
    else if (key == "write_bytes")
      dst = &write_bytes;
    else if (key == "rchar")
      dst = &rchar;
    else if (key == "wchar")
      dst = &wchar;
    if (dst) *dst = first_u64(line.substr(colon + 1));
  }
  auto need = [](const std::optional<std::uint64_t>& v, const char* key) {
    if (!v) throw error(std::string("io: no valid '") + key + "' line");
    return *v;
  };
  io_counters_t io;
  io.read_count = need(syscr, "syscr");
  io.write_count = need(syscw, "syscw");
  io.read_bytes = need(read_bytes, "read_bytes");
  io.write_bytes = need(write_bytes, "write_bytes");
  io.read_chars = need(rchar, "rchar");
  io.write_chars = need(wchar, "wchar");
  return io;
}

std::vector<std::string> parse_proc_cmdline(std::string_view data) {
  std::vector<std::string> out;
  if (data.empty()) return out;
  const char sep = data.back() == '\0' ? '\0' : ' ';
  if (data.back() == sep) data.remove_suffix(1);
  auto split = [&out](std::string_view s, char c) {
    out.clear();
    for (;;) {
      std::size_t p = s.find(c);
      out.emplace_back(s.substr(0, p));
      if (p == std::string_view::npos) break;
      s.remove_prefix(p + 1);
    }
  };
  split(data, sep);
  // Programs that rewrite their argv into one NUL-terminated string with spaces
  // (psutil issue 1179).
  if (sep == '\0' && out.size() == 1 && data.find(' ') != std::string_view::npos) split(data, ' ');
  return out;
}

std::map<std::string, std::string> parse_proc_environ(std::string_view data) {
  // Split the "k=v" entries, sort them by key, then build the map from the greatest key down,
  // each node hinted at begin(): std::map then compares the new key with its first key only
  // (one compare a node, no tree search; a hint at end() costs two), and each string is made
  // once, in its node.
  struct entry {
    const char* key;
    std::size_t klen, vlen;  // the value follows the key's '='
  };
  struct order {
    std::uint64_t head;  // the key's first 8 bytes, big-endian, zero-padded: orders as memcmp
    std::size_t at;      // the entry's index: file order among equal keys
  };
  // On the stack for a usual environment: a heap block this size costs more than the parse
  // (malloc consolidates its fast bins for it).
  constexpr std::size_t local_cap = 128;
  entry local[local_cap];
  order local_order[local_cap];
  std::vector<entry> heap;
  std::vector<order> heap_order;
  entry* entries = local;
  order* orders = local_order;
  std::size_t n = 0, cap = local_cap;
  const char* p = data.data();
  const char* const end = p + data.size();
  while (p != end) {
    const char* nul = static_cast<const char*>(std::memchr(p, '\0', static_cast<size_t>(end - p)));
    if (!nul || nul == p) break;  // unterminated tail or empty entry
    const std::size_t len = static_cast<std::size_t>(nul - p);
    const char* next = nul + 1;
    std::size_t klen = 0;  // 0: no key (no '=', or '=' first): the entry is skipped
    std::uint64_t head = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (end - p >= 8) {
      // The first 8 bytes in one load: the head, and the '=' of a key shorter than 8 bytes.
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if (const std::uint64_t m = byte_match_mask(w, '=')) {
        klen = static_cast<std::size_t>(__builtin_ctzll(m)) / 8;
        if (klen >= len) klen = 0;  // that '=' is past the NUL
      } else if (len > 8) {
        const void* eq = std::memchr(p + 8, '=', len - 8);
        if (eq) klen = static_cast<std::size_t>(static_cast<const char*>(eq) - p);
      }
      head = __builtin_bswap64(w);
      if (klen != 0 && klen < 8) head &= ~std::uint64_t{0} << (64 - 8 * klen);
    } else
#endif
    {
      const void* eq = std::memchr(p, '=', len);
      if (eq) klen = static_cast<std::size_t>(static_cast<const char*>(eq) - p);
      for (std::size_t i = 0; i < 8; ++i)
        head = (head << 8) | (i < klen ? static_cast<unsigned char>(p[i]) : 0u);
    }
    if (klen != 0) {
      if (n == cap) {
        cap *= 2;
        if (heap.empty()) {
          heap.assign(entries, entries + n);
          heap_order.assign(orders, orders + n);
        }
        heap.resize(cap);
        heap_order.resize(cap);
        entries = heap.data();
        orders = heap_order.data();
      }
      entries[n] = {p, klen, len - klen - 1};
      orders[n] = {head, n};
      ++n;
    }
    p = next;
  }
  // Keys hold no NUL, so equal heads mean either the same key (both up to 8 bytes) or keys of
  // more than 8 bytes that share their first 8. Equal keys stay in file order.
  auto tail = [entries](const order& o) {
    const entry& e = entries[o.at];
    return std::string_view(e.key, e.klen).substr(std::min<std::size_t>(e.klen, 8));
  };
  std::sort(orders, orders + n, [&tail](const order& a, const order& b) {
    if (a.head != b.head) return a.head < b.head;
    const int c = tail(a).compare(tail(b));
    return c != 0 ? c < 0 : a.at < b.at;
  });
  std::map<std::string, std::string> env;
  auto hint = env.end();
  for (std::size_t i = n; i-- > 0;) {
    // The last of equal keys in the file is met first and kept: psutil's dict.
    if (i + 1 < n && orders[i + 1].head == orders[i].head && tail(orders[i + 1]) == tail(orders[i]))
      continue;
    const entry& e = entries[orders[i].at];
    hint = env.emplace_hint(hint, std::piecewise_construct, std::forward_as_tuple(e.key, e.klen),
                            std::forward_as_tuple(e.key + e.klen + 1, e.vlen));
  }
  return env;
}

}  // namespace psinfo::detail
