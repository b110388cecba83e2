// Kernel buffers of the BSDs built the way their kernels fill them (sys/netinet/in_pcb.c,
// sys/kern/kern_descrip.c, kern_proc.c, subr_devstat.c; OpenBSD's utmp(5)), with the layouts of
// FreeBSD 14.2 / OpenBSD 7.6 on amd64 recorded in src/bsd/kbuf.hpp: for the BSD tests
// (test_bsd_parse.cpp) and the seeds of the BSD fuzz targets (fuzz/bsd_seeds.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "bsd/kbuf.hpp"

namespace psinfo_test::bsd {

using namespace psinfo::detail::bsd;

// A kernel buffer being written: fields at byte offsets.
struct kbuf {
  std::string b;
  explicit kbuf(std::size_t n = 0) : b(n, '\0') {}
  void fits(std::size_t off, std::size_t n) const {
    if (off + n > b.size()) throw std::logic_error("kbuf: a field past the record's end");
  }
  template <class T>
  void put(std::size_t off, T v) {
    fits(off, sizeof v);
    std::memcpy(&b[off], &v, sizeof v);
  }
  void put_bytes(std::size_t off, const void* p, std::size_t n) {
    fits(off, n);
    std::memcpy(&b[off], p, n);
  }
  void put_str(std::size_t off, const std::string& s) { put_bytes(off, s.c_str(), s.size() + 1); }
  // A 16-bit port in network order.
  void put_port(std::size_t off, int port) {
    const unsigned char p[2] = {static_cast<unsigned char>(port >> 8),
                                static_cast<unsigned char>(port & 255)};
    put_bytes(off, p, 2);
  }
  kbuf& operator+=(const kbuf& o) {
    b += o.b;
    return *this;
  }
};

// The struct xinpgen that opens and closes a pcblist.
inline kbuf xinpgen(const pcb_layout& l, std::uint64_t gen, std::uint32_t count) {
  kbuf g(l.xig_size);
  g.put<std::uint64_t>(0, l.xig_size);
  g.put<std::uint32_t>(8, count);
  g.put<std::uint64_t>(l.xig_gen, gen);
  return g;
}

// One xtcpcb / xinpcb: v4 addresses go in the last 4 bytes of in_dependaddr.
inline kbuf inpcb(const pcb_layout& l, std::uint64_t so, std::uint64_t pcb, int vflag,
                  const std::array<unsigned char, 16>& laddr, int lport,
                  const std::array<unsigned char, 16>& faddr, int fport, int state) {
  kbuf r(l.record_size);
  r.put<std::uint64_t>(0, l.record_size);
  r.put<std::uint64_t>(l.so, so);
  r.put<std::uint64_t>(l.so_pcb, pcb);
  r.put<std::uint8_t>(l.vflag, static_cast<std::uint8_t>(vflag));
  r.put_port(l.lport, lport);
  r.put_port(l.fport, fport);
  if (vflag & 1) {
    r.put_bytes(l.laddr + 12, laddr.data(), 4);
    r.put_bytes(l.faddr + 12, faddr.data(), 4);
  } else {
    r.put_bytes(l.laddr, laddr.data(), 16);
    r.put_bytes(l.faddr, faddr.data(), 16);
  }
  if (l.state) r.put<std::int32_t>(*l.state, state);
  return r;
}

inline std::array<unsigned char, 16> v4(unsigned a, unsigned b, unsigned c, unsigned d) {
  return {static_cast<unsigned char>(a), static_cast<unsigned char>(b),
          static_cast<unsigned char>(c), static_cast<unsigned char>(d)};
}

inline std::array<unsigned char, 16> v6_last(unsigned char last) {
  std::array<unsigned char, 16> a{};
  a[15] = last;
  return a;
}

// net.inet.tcp.pcblist with a listener on 127.0.0.1:22 and an IPv6 connection [::1]:443 ->
// [::1]:51000.
inline kbuf tcp_list(std::uint64_t gen_end = 7) {
  const pcb_layout& l = k_freebsd14_amd64_tcp;
  kbuf b = xinpgen(l, 7, 2);
  b += inpcb(l, 0x1000, 0x2000, 0x1, v4(127, 0, 0, 1), 22, {}, 0, 1);
  b += inpcb(l, 0x3000, 0x4000, 0x2, v6_last(1), 443, v6_last(1), 51000, 4);
  b += xinpgen(l, gen_end, 2);
  return b;
}

inline kbuf xfile(std::int32_t pid, std::int32_t fd, std::uint64_t data) {
  const xfile_layout& l = k_freebsd14_amd64_xfile;
  kbuf x(l.record_size);
  x.put<std::uint64_t>(0, l.record_size);
  x.put<std::int32_t>(l.pid, pid);
  x.put<std::int32_t>(l.fd, fd);
  x.put<std::uint64_t>(l.data, data);
  return x;
}

// One packed record as kern_descrip.c's pack_kinfo() (kinfo_file) and kern_proc.c
// (kinfo_vmentry) cut it: the fixed part, the path and its NUL, rounded up to 8 bytes; the
// layout's structsize, type and path filled in.
template <class Layout>
kbuf packed_record(const Layout& l, int type, const std::string& path) {
  const std::size_t size = (l.path + path.size() + 1 + 7) & ~std::size_t{7};
  kbuf k(size);
  k.put<std::int32_t>(l.structsize, static_cast<std::int32_t>(size));
  k.put<std::int32_t>(l.type, type);
  k.put_str(l.path, path);
  return k;
}

// One packed kinfo_file record.
inline kbuf kinfo_file(int type, int fd, std::int64_t offset, int vtype, const std::string& path) {
  const kinfo_file_layout& l = k_freebsd14_amd64_kinfo_file;
  kbuf k = packed_record(l, type, path);
  k.put<std::int32_t>(l.fd, fd);
  k.put<std::int64_t>(l.offset, offset);
  k.put<std::int32_t>(l.vnode_type, vtype);
  return k;
}

inline kbuf socket_file(int fd, int domain, int type, const std::string& local,
                        const std::string& peer, std::uint64_t pcb) {
  const kinfo_file_layout& l = k_freebsd14_amd64_kinfo_file;
  kbuf k = kinfo_file(kf::type_socket, fd, 0, 0, "");
  k.put<std::int32_t>(l.sock_domain, domain);
  k.put<std::int32_t>(l.sock_type, type);
  k.put_bytes(l.sa_local, local.data(), local.size());
  k.put_bytes(l.sa_peer, peer.data(), peer.size());
  k.put<std::uint64_t>(l.sock_pcb, pcb);
  return k;
}

inline std::string sockaddr_in(int port, std::array<unsigned char, 16> a) {
  std::string s(16, '\0');
  s[0] = 16;
  s[1] = 2;
  s[2] = static_cast<char>(port >> 8);
  s[3] = static_cast<char>(port & 255);
  std::memcpy(&s[4], a.data(), 4);
  return s;
}

// net.local.*.pcblist: the struct xunpgen around the records, one struct xunpcb (sun_len bounds
// the path; the kernel adds no NUL).
inline kbuf xunpgen(std::uint64_t gen) {
  const unpcb_layout& l = k_freebsd14_amd64_unpcb;
  kbuf g(l.xug_size);
  g.put<std::uint64_t>(0, l.xug_size);
  g.put<std::uint64_t>(l.xug_gen, gen);
  return g;
}

inline kbuf xunpcb(std::uint64_t so, const std::string& path) {
  const unpcb_layout& l = k_freebsd14_amd64_unpcb;
  kbuf r(l.record_size);
  r.put<std::uint64_t>(0, l.record_size);
  r.put<std::uint64_t>(l.so, so);
  if (!path.empty()) {
    r.put<std::uint8_t>(l.addr, static_cast<std::uint8_t>(2 + path.size()));  // sun_len
    r.put<std::uint8_t>(l.addr + 1, 1);                                       // AF_UNIX
    r.put_bytes(l.addr + 2, path.data(), path.size());
  }
  return r;
}

// One packed kinfo_vmentry record.
inline kbuf vmentry_rec(int type, std::uint64_t start, std::uint64_t end, int resident, int prot,
                        const std::string& path) {
  const kinfo_vmentry_layout& l = k_freebsd14_amd64_kinfo_vmentry;
  kbuf k = packed_record(l, type, path);
  k.put<std::uint64_t>(l.start, start);
  k.put<std::uint64_t>(l.end, end);
  k.put<std::int32_t>(l.resident, resident);
  k.put<std::int32_t>(l.protection, prot);
  return k;
}

// kern.devstat.all: the generation, then struct devstat records. Indexes DEVSTAT_NO_DATA (0)
// and DEVSTAT_FREE (3) hold numbers the parser must not read.
inline kbuf devstat_generation(long gen) {
  kbuf b(k_freebsd14_amd64_devstat.generation_size);
  b.put<long>(0, gen);
  return b;
}

inline kbuf devstat_rec(const std::string& name, int unit, std::uint64_t rbytes,
                        std::uint64_t wbytes, std::uint64_t rops, std::uint64_t wops,
                        std::int64_t rsec, std::uint64_t rfrac, std::int64_t busy_sec) {
  const devstat_layout& l = k_freebsd14_amd64_devstat;
  kbuf d(l.record_size);
  d.put_bytes(l.name, name.data(), name.size());
  d.put<std::int32_t>(l.unit, unit);
  d.put<std::uint64_t>(l.bytes + 8 * l.read_index, rbytes);
  d.put<std::uint64_t>(l.bytes + 8 * l.write_index, wbytes);
  d.put<std::uint64_t>(l.operations + 8 * l.read_index, rops);
  d.put<std::uint64_t>(l.operations + 8 * l.write_index, wops);
  d.put<std::int64_t>(l.duration + l.bintime_size * l.read_index, rsec);
  d.put<std::uint64_t>(l.duration + l.bintime_size * l.read_index + l.bintime_frac, rfrac);
  d.put<std::int64_t>(l.busy_time, busy_sec);
  d.put<std::uint64_t>(l.bytes, 999);
  d.put<std::uint64_t>(l.operations + 24, 999);
  return d;
}

// One OpenBSD struct utmp.
inline kbuf utmp_rec(const std::string& line, const std::string& name, const std::string& host,
                     std::int64_t t) {
  const utmp_layout& l = k_openbsd7_amd64_utmp;
  kbuf r(l.record_size);
  r.put_bytes(l.line, line.data(), line.size());
  r.put_bytes(l.name, name.data(), name.size());
  r.put_bytes(l.host, host.data(), host.size());
  r.put<std::int64_t>(l.time, t);
  return r;
}

}  // namespace psinfo_test::bsd
