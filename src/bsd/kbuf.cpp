// Parsers of the BSD kernels' binary sysctl tables (see kbuf.hpp).
#include "bsd/kbuf.hpp"

#include <psinfo/errors.hpp>

#include <cstdint>
#include <cstring>
#include <map>

namespace psinfo::detail::bsd {

namespace {

// The T at buf[off]; the caller has checked that it fits.
template <class T>
T at(std::string_view buf, std::size_t off) {
  T v;
  std::memcpy(&v, buf.data() + off, sizeof v);
  return v;
}

bool fits(std::string_view buf, std::size_t off, std::size_t n) {
  return off <= buf.size() && n <= buf.size() - off;
}

// A 16-bit port in network byte order.
int net_port(std::string_view buf, std::size_t off) {
  const auto* p = reinterpret_cast<const unsigned char*>(buf.data() + off);
  return (p[0] << 8) | p[1];
}

[[noreturn]] void bad_table(const char* what, const std::string& why) {
  throw error(std::string(what) + ": " + why +
              " (the kernel's structures differ from the ones psinfo was built with)");
}

// A list framed by two generation headers (struct xinpgen / xunpgen): calls record(off) for
// each record between them and returns whether the two generation counts agree.
template <class Record>
bool walk_gen_list(std::string_view buf, std::size_t head_size, std::size_t gen_off,
                   std::size_t record_size, const char* what, Record record) {
  if (head_size < 8 || gen_off + 8 > head_size || buf.size() < 2 * head_size)
    bad_table(what, std::to_string(buf.size()) + " bytes is too short for a list");
  const std::size_t tail = buf.size() - head_size;
  if (at<std::uint64_t>(buf, 0) != head_size || at<std::uint64_t>(buf, tail) != head_size)
    bad_table(what, "the list's header has an unexpected size");
  std::size_t off = head_size;
  while (off < tail) {
    if (!fits(buf, off, 8)) bad_table(what, "a record is cut short");
    const std::uint64_t len = at<std::uint64_t>(buf, off);
    if (len != record_size)
      bad_table(what, "a record of " + std::to_string(len) + " bytes, expected " +
                          std::to_string(record_size));
    if (len > tail - off) bad_table(what, "a record runs past the list's end");
    record(off);
    off += len;
  }
  return at<std::uint64_t>(buf, gen_off) == at<std::uint64_t>(buf, tail + gen_off);
}

// Packed variable-size records (kinfo_file, kinfo_vmentry): calls record(off, size) for each.
// A record must hold its fixed part and at least the NUL of its path.
template <class Record>
void walk_packed(std::string_view buf, std::size_t structsize_off, std::size_t path_off,
                 const char* what, Record record) {
  std::size_t off = 0;
  while (off < buf.size()) {
    if (!fits(buf, off, structsize_off + 4)) bad_table(what, "a record is cut short");
    const std::int32_t size = at<std::int32_t>(buf, off + structsize_off);
    if (size <= 0 || static_cast<std::size_t>(size) <= path_off)
      bad_table(what, "a record of " + std::to_string(size) + " bytes");
    if (!fits(buf, off, static_cast<std::size_t>(size)))
      bad_table(what, "a record runs past the table's end");
    record(off, static_cast<std::size_t>(size));
    off += static_cast<std::size_t>(size);
  }
}

// The NUL-terminated string at buf[off, end): up to its NUL, else up to end.
std::string c_string(std::string_view buf, std::size_t off, std::size_t end) {
  return fixed_string(buf.data() + off, end - off);
}

// A struct bintime at buf[off].
void read_bintime(std::string_view buf, std::size_t off, const devstat_layout& l, std::int64_t& sec,
                  std::uint64_t& frac) {
  sec = l.time_t_size == 4 ? at<std::int32_t>(buf, off) : at<std::int64_t>(buf, off);
  frac = at<std::uint64_t>(buf, off + l.bintime_frac);
}

}  // namespace

pcb_list parse_pcblist(std::string_view buf, const pcb_layout& l) {
  pcb_list out;
  out.consistent = walk_gen_list(
      buf, l.xig_size, l.xig_gen, l.record_size, "net.inet pcblist", [&](std::size_t off) {
        inet_pcb p;
        p.so = at<std::uint64_t>(buf, off + l.so);
        p.pcb = at<std::uint64_t>(buf, off + l.so_pcb);
        const std::uint8_t vflag = at<std::uint8_t>(buf, off + l.vflag);
        if (vflag & 0x1) {  // INP_IPV4: the address is the last 4 bytes of in_dependaddr
          p.family = 4;
          std::memcpy(p.laddr.data(), buf.data() + off + l.laddr + 12, 4);
          std::memcpy(p.faddr.data(), buf.data() + off + l.faddr + 12, 4);
        } else if (vflag & 0x2) {  // INP_IPV6
          p.family = 6;
          std::memcpy(p.laddr.data(), buf.data() + off + l.laddr, 16);
          std::memcpy(p.faddr.data(), buf.data() + off + l.faddr, 16);
        }
        p.lport = net_port(buf, off + l.lport);
        p.fport = net_port(buf, off + l.fport);
        if (l.state) p.state = at<std::int32_t>(buf, off + *l.state);
        out.pcbs.push_back(p);
      });
  return out;
}

std::string sun_path_of(std::string_view sun) {
  if (sun.size() < 2) return {};
  std::size_t len = static_cast<unsigned char>(sun[0]);
  if (len > sun.size()) len = sun.size();
  if (len <= 2) return {};
  return fixed_string(sun.data() + 2, len - 2);
}

unpcb_list parse_unpcblist(std::string_view buf, const unpcb_layout& l) {
  unpcb_list out;
  out.consistent = walk_gen_list(buf, l.xug_size, l.xug_gen, l.record_size, "net.local pcblist",
                                 [&](std::size_t off) {
                                   unix_pcb p;
                                   p.so = at<std::uint64_t>(buf, off + l.so);
                                   p.path = sun_path_of(buf.substr(off + l.addr, l.addr_size));
                                   out.pcbs.push_back(std::move(p));
                                 });
  return out;
}

std::vector<xfile_entry> parse_xfiles(std::string_view buf, const xfile_layout& l) {
  std::vector<xfile_entry> out;
  if (l.record_size < 8) bad_table("kern.file", "no record size");
  out.reserve(buf.size() / l.record_size);
  for (std::size_t off = 0; fits(buf, off, l.record_size); off += l.record_size) {
    if (at<std::uint64_t>(buf, off) != l.record_size)
      bad_table("kern.file", "a struct xfile of " + std::to_string(at<std::uint64_t>(buf, off)) +
                                 " bytes, expected " + std::to_string(l.record_size));
    xfile_entry e;
    e.pid = at<std::int32_t>(buf, off + l.pid);
    e.fd = at<std::int32_t>(buf, off + l.fd);
    e.data = at<std::uint64_t>(buf, off + l.data);
    out.push_back(e);
  }
  return out;
}

std::vector<kfile> parse_kinfo_files(std::string_view buf, const kinfo_file_layout& l) {
  std::vector<kfile> out;
  walk_packed(buf, l.structsize, l.path, "kern.proc.filedesc",
              [&](std::size_t off, std::size_t size) {
                kfile f;
                f.type = at<std::int32_t>(buf, off + l.type);
                f.fd = at<std::int32_t>(buf, off + l.fd);
                f.offset = at<std::int64_t>(buf, off + l.offset);
                f.vnode_type = at<std::int32_t>(buf, off + l.vnode_type);
                f.sock_domain = at<std::int32_t>(buf, off + l.sock_domain);
                f.sock_type = at<std::int32_t>(buf, off + l.sock_type);
                f.sa_local.assign(buf.data() + off + l.sa_local, l.sa_size);
                f.sa_peer.assign(buf.data() + off + l.sa_peer, l.sa_size);
                f.sock_pcb = at<std::uint64_t>(buf, off + l.sock_pcb);
                f.path = c_string(buf, off + l.path, off + size);
                out.push_back(std::move(f));
              });
  return out;
}

std::vector<vmentry> parse_kinfo_vmentries(std::string_view buf, const kinfo_vmentry_layout& l) {
  std::vector<vmentry> out;
  walk_packed(buf, l.structsize, l.path, "kern.proc.vmmap", [&](std::size_t off, std::size_t size) {
    vmentry v;
    v.type = at<std::int32_t>(buf, off + l.type);
    v.start = at<std::uint64_t>(buf, off + l.start);
    v.end = at<std::uint64_t>(buf, off + l.end);
    const std::int32_t res = at<std::int32_t>(buf, off + l.resident);
    const std::int32_t priv = at<std::int32_t>(buf, off + l.private_resident);
    v.resident = res > 0 ? static_cast<std::uint64_t>(res) : 0;
    v.private_resident = priv > 0 ? static_cast<std::uint64_t>(priv) : 0;
    v.protection = at<std::int32_t>(buf, off + l.protection);
    v.path = c_string(buf, off + l.path, off + size);
    out.push_back(std::move(v));
  });
  return out;
}

std::vector<open_file_t> open_files_from(const std::vector<kfile>& files) {
  std::vector<open_file_t> out;
  for (const kfile& f : files) {
    if (f.fd < 0 || f.type != kf::type_vnode || f.vnode_type != kf::vtype_vreg) continue;
    open_file_t o;
    o.path = f.path;
    o.fd = f.fd;
    if (f.offset >= 0) o.position = static_cast<std::uint64_t>(f.offset);
    out.push_back(std::move(o));
  }
  return out;
}

int count_fds(const std::vector<kfile>& files) {
  int n = 0;
  for (const kfile& f : files) n += f.fd >= 0;
  return n;
}

std::string cwd_from(const std::vector<kfile>& files) {
  for (const kfile& f : files)
    if (f.fd == kf::fd_cwd) return f.path;
  return {};
}

namespace {

// printf's "%#jx": "0x" and lowercase hex digits, "0" for zero.
std::string hex_addr(std::uint64_t v) {
  if (v == 0) return "0";
  static const char digits[] = "0123456789abcdef";
  char buf[16];
  int n = 0;
  for (; v; v >>= 4) buf[n++] = digits[v & 15];
  std::string s = "0x";
  while (n) s += buf[--n];
  return s;
}

const char* vm_type_name(int type) {
  switch (type) {
    case 0:
      return "[none]";
    case 1:
      return "[default]";
    case 2:
      return "[vnode]";
    case 3:
      return "[swap]";
    case 4:
      return "[device]";
    case 5:
      return "[phys]";
    case 6:
      return "[dead]";
    case 7:
      return "[sg]";
    case 255:
      return "[unknown]";
    default:
      return "[?]";
  }
}

std::uint64_t mul_sat(std::uint64_t a, std::uint64_t b) {
  return (a != 0 && b > UINT64_MAX / a) ? UINT64_MAX : a * b;
}

}  // namespace

std::vector<memory_map_t> memory_maps_from(const std::vector<vmentry>& maps, bool grouped,
                                           std::uint64_t page_size) {
  std::vector<memory_map_t> out;
  std::map<std::string, std::size_t> index;  // path -> row, when grouped
  for (const vmentry& v : maps) {
    std::string path = v.path.empty() ? vm_type_name(v.type) : v.path;
    const std::uint64_t rss = mul_sat(v.resident, page_size);
    const std::uint64_t size = v.end > v.start ? v.end - v.start : 0;
    if (grouped) {
      auto [it, added] = index.emplace(path, out.size());
      if (added) {
        out.emplace_back();
        out.back().path = std::move(path);
      }
      memory_map_t& m = out[it->second];
      m.rss = m.rss + rss < m.rss ? UINT64_MAX : m.rss + rss;
      m.size = m.size + size < m.size ? UINT64_MAX : m.size + size;
      continue;
    }
    memory_map_t m;
    m.path = std::move(path);
    m.addr = hex_addr(v.start) + "-" + hex_addr(v.end);
    std::string perms = "---";
    if (v.protection & 1) perms[0] = 'r';  // KVME_PROT_READ
    if (v.protection & 2) perms[1] = 'w';  // KVME_PROT_WRITE
    if (v.protection & 4) perms[2] = 'x';  // KVME_PROT_EXEC
    m.perms = std::move(perms);
    m.rss = rss;
    m.size = size;
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<devstat_entry> parse_devstat_all(std::string_view buf, const devstat_layout& l) {
  if (l.record_size == 0 || buf.size() < l.generation_size ||
      (buf.size() - l.generation_size) % l.record_size != 0)
    bad_table("kern.devstat.all",
              std::to_string(buf.size()) + " bytes is not a generation and whole struct devstat");
  std::vector<devstat_entry> out;
  for (std::size_t off = l.generation_size; off < buf.size(); off += l.record_size) {
    devstat_entry d;
    d.name =
        device_name(buf.data() + off + l.name, l.name_size, at<std::int32_t>(buf, off + l.unit));
    d.read_bytes = at<std::uint64_t>(buf, off + l.bytes + 8 * l.read_index);
    d.write_bytes = at<std::uint64_t>(buf, off + l.bytes + 8 * l.write_index);
    d.read_ops = at<std::uint64_t>(buf, off + l.operations + 8 * l.read_index);
    d.write_ops = at<std::uint64_t>(buf, off + l.operations + 8 * l.write_index);
    read_bintime(buf, off + l.duration + l.bintime_size * l.read_index, l, d.read_sec, d.read_frac);
    read_bintime(buf, off + l.duration + l.bintime_size * l.write_index, l, d.write_sec,
                 d.write_frac);
    read_bintime(buf, off + l.busy_time, l, d.busy_sec, d.busy_frac);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<utmp_entry> parse_utmp(std::string_view buf, const utmp_layout& l) {
  std::vector<utmp_entry> out;
  if (l.record_size == 0) return out;
  for (std::size_t off = 0; fits(buf, off, l.record_size); off += l.record_size) {
    utmp_entry e;
    e.name = fixed_string(buf.data() + off + l.name, l.name_size);
    if (e.name.empty()) continue;
    e.line = fixed_string(buf.data() + off + l.line, l.line_size);
    e.host = fixed_string(buf.data() + off + l.host, l.host_size);
    e.time = at<std::int64_t>(buf, off + l.time);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace psinfo::detail::bsd
