#include "linux/net_parse.hpp"

#include <psinfo/errors.hpp>

#include <arpa/inet.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string.h>

namespace psinfo::detail {

namespace {

// Dotted decimal of 4 bytes.
void append_ipv4(std::string& s, const unsigned char* addr) {
  for (int i = 0; i < 4; ++i) {
    if (i) s += '.';
    unsigned v = addr[i];
    if (v >= 100) s += static_cast<char>('0' + v / 100);
    if (v >= 10) s += static_cast<char>('0' + v / 10 % 10);
    s += static_cast<char>('0' + v % 10);
  }
}

std::string_view strip_blanks(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

[[noreturn]] void bad_row(const char* file, std::string_view line) {
  throw error(std::string("malformed ") + file + " line: " + quoted(line));
}

// Up to max tokens of line; returns how many there are in total (counting past max).
std::size_t split_tokens(std::string_view line, std::string_view* toks, std::size_t max) {
  std::size_t n = 0;
  std::string_view tok;
  while (next_token(line, tok)) {
    if (n < max) toks[n] = tok;
    ++n;
  }
  return n;
}

bool hex_u32(std::string_view s, std::uint32_t& v) {
  if (s.size() != 8) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// "HEXADDR:HEXPORT" as /proc/net/tcp prints it: each 32-bit word of the address is the raw
// (network-order) word printed as a host integer, so copying the parsed integer back into
// memory gives the network-order bytes on any endianness.
bool parse_endpoint(std::string_view s, address_family family, unsigned char* addr,
                    std::uint16_t& port) {
  auto colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view hex = s.substr(0, colon), p = s.substr(colon + 1);
  std::size_t words = family == address_family::inet ? 1 : 4;
  if (hex.size() != words * 8) return false;
  for (std::size_t i = 0; i < words; ++i) {
    std::uint32_t w;
    if (!hex_u32(hex.substr(i * 8, 8), w)) return false;
    std::memcpy(addr + i * 4, &w, 4);
  }
  unsigned v = 0;
  auto r = std::from_chars(p.data(), p.data() + p.size(), v, 16);
  if (r.ec != std::errc() || r.ptr != p.data() + p.size() || p.empty() || v > 0xffff) return false;
  port = static_cast<std::uint16_t>(v);
  return true;
}

}  // namespace

namespace {
// Fast path of /proc/net/dev: n blank-separated decimal numbers from p; false if malformed.
// Runs of up to 19 digits cannot overflow; only a longer one is checked.
bool scan_u64s(const char* p, const char* end, std::uint64_t* v, int n) {
  for (int i = 0; i < n; ++i) {
    p = skip_space_run(p, end);
    if (end - p >= 2 && p[1] == ' ' && static_cast<unsigned char>(*p) - unsigned{'0'} <= 9) {
      v[i] = static_cast<unsigned char>(*p++) - unsigned{'0'};  // one digit (idle counters)
      continue;
    }
    if (p != end && *p == '\t')
      while (p != end && (*p == ' ' || *p == '\t')) ++p;
    const char* const start = p;
    std::uint64_t x;
    const std::size_t len = digit_run(p, end, x);
    if (len == 0) return false;
    if (len >= 20) {  // the rest of the run, then the value with overflow checks
      while (p != end && static_cast<unsigned char>(*p) - unsigned{'0'} <= 9) ++p;
      x = 0;
      for (const char* q = start; q != p; ++q)
        if (__builtin_mul_overflow(x, 10u, &x) ||
            __builtin_add_overflow(x, static_cast<std::uint64_t>(*q - '0'), &x))
          return false;
    }
    if (p != end && *p != ' ' && *p != '\t' && *p != '\r') return false;
    v[i] = x;
  }
  return true;
}
}  // namespace

bool parse_net_dev_line(std::string_view line, std::string_view& name, net_io_counters_t& c) {
  // The name ends at the last ':' (names may hold ':'); the counters have none.
  const void* colon_p = memrchr(line.data(), ':', line.size());
  if (!colon_p) {
    if (strip_blanks(line).empty()) return false;
    bad_row("/proc/net/dev", line);
  }
  std::size_t colon = static_cast<std::size_t>(static_cast<const char*>(colon_p) - line.data());
  std::uint64_t v[12];
  if (colon == 0 || !scan_u64s(line.data() + colon + 1, line.data() + line.size(), v, 12))
    bad_row("/proc/net/dev", line);
  c.bytes_recv = v[0];
  c.packets_recv = v[1];
  c.errin = v[2];
  c.dropin = v[3];
  c.bytes_sent = v[8];
  c.packets_sent = v[9];
  c.errout = v[10];
  c.dropout = v[11];
  name = strip_blanks(line.substr(0, colon));
  return true;
}

std::map<std::string, net_io_counters_t> parse_net_dev(std::string_view text) {
  std::map<std::string, net_io_counters_t> out;
  for_each_net_dev(text, [&out](std::string_view name, const net_io_counters_t& c) {
    out.insert_or_assign(out.end(), std::string(name), c);  // one comparison when in order
  });
  return out;
}

void parse_proc_net_inet(std::string_view text, address_family family, socket_type type,
                         std::vector<inet_socket>& out) {
  const char* file = family == address_family::inet
                         ? (type == socket_type::stream ? "/proc/net/tcp" : "/proc/net/udp")
                         : (type == socket_type::stream ? "/proc/net/tcp6" : "/proc/net/udp6");
  std::string_view line;
  next_line(text, line);  // header
  while (next_line(text, line)) {
    std::string_view t[10];
    std::size_t n = split_tokens(line, t, 10);
    if (n == 0 && strip_blanks(line).empty()) continue;
    if (n < 10) bad_row(file, line);
    inet_socket s;
    s.family = family;
    s.type = type;
    if (!parse_endpoint(t[1], family, s.laddr.data(), s.lport) ||
        !parse_endpoint(t[2], family, s.raddr.data(), s.rport))
      bad_row(file, line);
    unsigned st = 0;
    auto r = std::from_chars(t[3].data(), t[3].data() + t[3].size(), st, 16);
    if (r.ec != std::errc() || r.ptr != t[3].data() + t[3].size()) bad_row(file, line);
    s.state = static_cast<int>(st);
    auto ino = to_u64(t[9]);
    if (!ino) bad_row(file, line);
    s.inode = *ino;
    out.push_back(s);
  }
}

void parse_proc_net_unix(std::string_view text, std::vector<unix_socket>& out) {
  std::string_view line;
  next_line(text, line);  // header
  while (next_line(text, line)) {
    std::string_view t[8];
    std::size_t n = split_tokens(line, t, 8);
    if (n < 7) {
      if (line.find(' ') == std::string_view::npos) continue;
      bad_row("/proc/net/unix", line);
    }
    unix_socket s;
    auto type = to_u64(t[4]);  // psutil: int(), decimal
    if (!type) bad_row("/proc/net/unix", line);
    s.type = static_cast<socket_type>(static_cast<int>(*type));
    s.inode = to_u64(t[6]);
    if (n == 8) s.path = std::string(t[7]);
    out.push_back(std::move(s));
  }
}

std::string unix_path_from_sun_path(std::string_view name) {
  if (name.empty()) return {};
  std::string p;
  if (name.front() != '\0') {
    // A pathname: the kernel's text stops before the terminating NUL it stores.
    name.remove_suffix(1);
  }
  p.reserve(name.size());
  for (char c : name) {
    // Python's str.split() separators: these make the kernel's line more than 8 tokens.
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
        (c >= '\x1c' && c <= '\x1f'))
      return {};
    p += c == '\0' ? '@' : c;
  }
  return p;
}

const char* tcp_status_name(int state) noexcept {
  static const char* const names[] = {nullptr,      "ESTABLISHED", "SYN_SENT",  "SYN_RECV",
                                      "FIN_WAIT1",  "FIN_WAIT2",   "TIME_WAIT", "CLOSE",
                                      "CLOSE_WAIT", "LAST_ACK",    "LISTEN",    "CLOSING"};
  if (state <= 0 || state > 11) return nullptr;
  return names[state];
}

std::string format_ip(address_family family, const unsigned char* addr) {
  std::string s;
  if (family == address_family::inet) {
    s.reserve(15);
    append_ipv4(s, addr);
    return s;
  }
  // inet_ntop's IPv6 text (RFC 2373 style, as glibc writes it), without its sprintf per
  // group: the first longest run of >= 2 zero groups becomes "::"; ::a.b.c.d (zeros up to
  // the last 32 bits) and ::ffff:a.b.c.d end in dotted IPv4.
  unsigned words[8];
  for (int i = 0; i < 8; ++i) words[i] = unsigned{addr[2 * i]} << 8 | addr[2 * i + 1];
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (words[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && words[j] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  if (best_len < 2) best = -1;
  static const char hex[] = "0123456789abcdef";
  s.reserve(INET6_ADDRSTRLEN);
  for (int i = 0; i < 8; ++i) {
    if (best != -1 && i >= best && i < best + best_len) {
      if (i == best) s += ':';
      continue;
    }
    if (i != 0) s += ':';
    if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff))) {
      append_ipv4(s, addr + 12);
      return s;
    }
    unsigned w = words[i];
    for (int shift = 12; shift > 0; shift -= 4)  // no leading zeros
      if (w >> shift) s += hex[(w >> shift) & 15];
    s += hex[w & 15];
  }
  if (best != -1 && best + best_len == 8) s += ':';
  return s;
}

}  // namespace psinfo::detail
