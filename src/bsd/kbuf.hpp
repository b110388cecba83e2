// Parsers of the binary tables the BSD kernels hand out through sysctl(3): bytes in, plain
// records out, every field read with memcpy at an offset given by a layout and every length
// checked against the buffer, so they are fuzzed and tested on any OS (fuzz/, tests/bsd/).
//
// A layout holds the offsets and sizes of the fields a parser reads. On FreeBSD each is made from
// the system's own headers with offsetof/sizeof (freebsd_abi.hpp: *_layout_of_headers()), so the
// parser reads what the compiler would; the layouts of FreeBSD 14 on amd64, recorded here
// (k_freebsd14_amd64_*), are what the tests build their kernel buffers with, and the FreeBSD build
// checks on amd64 that they equal the headers' (static_assert in freebsd_abi.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <psinfo/process.hpp>

#include "bsd/convert.hpp"

namespace psinfo::detail::bsd {

// Two layouts are the same (the BSD builds compare the headers' with the recorded ones).
template <class Layout>
constexpr bool same_layout(const Layout& a, const Layout& b) {
  const auto x = a.tie(), y = b.tie();
  for (std::size_t i = 0; i < x.size(); ++i)
    if (x[i] != y[i]) return false;
  return true;
}

// ---- FreeBSD's socket lists: net.inet.{tcp,udp}.pcblist -----------------------------------
// A struct xinpgen, one record per socket (struct xtcpcb for TCP, struct xinpcb for UDP), a
// closing struct xinpgen. Every struct starts with its length (a 64-bit ksize_t).

struct pcb_layout {
  std::size_t xig_size;     // sizeof(struct xinpgen)
  std::size_t xig_gen;      // offsetof(struct xinpgen, xig_gen): inp_gen_t, 64 bits
  std::size_t record_size;  // sizeof(struct xtcpcb) / sizeof(struct xinpcb)
  // Offsets in the record (TCP: of xt_inp's members, from the xtcpcb's start):
  std::size_t so;      // xi_socket.xso_so: the socket's kernel address (kvaddr_t)
  std::size_t so_pcb;  // xi_socket.so_pcb: the pcb's kernel address (kvaddr_t)
  std::size_t vflag;   // inp_vflag (uint8_t): INP_IPV4 0x1, INP_IPV6 0x2
  std::size_t lport;   // inp_inc.inc_ie.ie_lport (uint16_t, network order)
  std::size_t fport;   // ie_fport
  std::size_t laddr;   // ie_dependladdr: in6_addr, or the IPv4 address in its last 4 bytes
  std::size_t faddr;   // ie_dependfaddr
  std::optional<std::size_t> state;  // TCP: t_state (int32_t); UDP: none
  // Every field, for same_layout().
  constexpr std::array<std::size_t, 11> tie() const {
    return {xig_size, xig_gen, record_size,           so, so_pcb, vflag, lport, fport,
            laddr,    faddr,   state ? *state + 1 : 0};
  }
};

// One inet socket of a pcblist.
struct inet_pcb {
  std::uint64_t so = 0, pcb = 0;
  int family = 0;  // 4 or 6 (from inp_vflag); 0: neither, skipped by the callers
  std::array<unsigned char, 16> laddr{}, faddr{};  // IPv4: the first 4 bytes
  int lport = 0, fport = 0;                        // host order
  std::optional<int> state;                        // TCPS_*; absent for UDP
};

struct pcb_list {
  std::vector<inet_pcb> pcbs;
  // The generation counts of the opening and closing xinpgen agree: the kernel's list did not
  // change while it was copied out (the caller reads it again otherwise, as netstat does).
  bool consistent = false;
};
// psinfo::error when the buffer is not such a list (a length that does not match the layout:
// kernel and library disagree on the structs).
pcb_list parse_pcblist(std::string_view buf, const pcb_layout& l);

// ---- FreeBSD's UNIX socket lists: net.local.{stream,dgram}.pcblist --------------------------
// A struct xunpgen, one struct xunpcb per socket, a closing xunpgen.

struct unpcb_layout {
  std::size_t xug_size;     // sizeof(struct xunpgen)
  std::size_t xug_gen;      // offsetof(struct xunpgen, xug_gen): unp_gen_t, 64 bits
  std::size_t record_size;  // sizeof(struct xunpcb)
  std::size_t so;           // xu_socket.xso_so
  std::size_t addr;         // xu_addr: struct sockaddr_un (sun_len, sun_family, sun_path)
  std::size_t addr_size;    // sizeof(struct sockaddr_un)
  // Every field, for same_layout().
  constexpr std::array<std::size_t, 6> tie() const {
    return {xug_size, xug_gen, record_size, so, addr, addr_size};
  }
};

struct unix_pcb {
  std::uint64_t so = 0;
  std::string path;  // the bound path, "" when unbound
};
struct unpcb_list {
  std::vector<unix_pcb> pcbs;
  bool consistent = false;
};
unpcb_list parse_unpcblist(std::string_view buf, const unpcb_layout& l);

// The path of a struct sockaddr_un given as raw bytes (sun_len, sun_family, sun_path): sun_len
// bounds it (psutil's "%.*s"), and so does the first NUL.
std::string sun_path_of(std::string_view sockaddr_un);

// ---- FreeBSD's open files of every process: kern.file (struct xfile[]) ---------------------

struct xfile_layout {
  std::size_t record_size;  // sizeof(struct xfile); xf_size (ksize_t) is its first field
  std::size_t pid;          // xf_pid (pid_t)
  std::size_t fd;           // xf_fd (int)
  std::size_t data;         // xf_data (kvaddr_t): the socket's address for a socket
  // Every field, for same_layout().
  constexpr std::array<std::size_t, 4> tie() const { return {record_size, pid, fd, data}; }
};
struct xfile_entry {
  long pid = 0;
  int fd = -1;
  std::uint64_t data = 0;
};
std::vector<xfile_entry> parse_xfiles(std::string_view buf, const xfile_layout& l);

// ---- FreeBSD's descriptors of one process: kern.proc.filedesc.<pid> ------------------------
// struct kinfo_file records packed one after the other, each kf_structsize bytes long (the
// path truncated after its NUL, the record rounded up to 8 bytes).

struct kinfo_file_layout {
  std::size_t structsize;   // kf_structsize (int, offset 0 in practice)
  std::size_t type;         // kf_type (int): KF_TYPE_*
  std::size_t fd;           // kf_fd (int): the descriptor, or KF_FD_TYPE_* (cwd -1 ...)
  std::size_t offset;       // kf_offset (int64_t)
  std::size_t vnode_type;   // kf_vnode_type (int): KF_VTYPE_*
  std::size_t sock_domain;  // kf_sock_domain0 (int)
  std::size_t sock_type;    // kf_sock_type0 (int)
  std::size_t sa_local;     // kf_sa_local (struct sockaddr_storage)
  std::size_t sa_peer;      // kf_sa_peer
  std::size_t sa_size;      // sizeof(struct sockaddr_storage)
  std::size_t sock_pcb;     // kf_sock_pcb (uint64_t)
  std::size_t path;         // kf_path (char[PATH_MAX])
  std::size_t full_size;    // sizeof(struct kinfo_file)
  // Every field, for same_layout().
  constexpr std::array<std::size_t, 13> tie() const {
    return {structsize, type,    fd,      offset,   vnode_type, sock_domain, sock_type,
            sa_local,   sa_peer, sa_size, sock_pcb, path,       full_size};
  }
};
struct kfile {
  int type = 0, fd = 0;
  std::int64_t offset = 0;
  int vnode_type = 0;
  int sock_domain = 0, sock_type = 0;
  std::string sa_local, sa_peer;  // the raw sockaddr bytes
  std::uint64_t sock_pcb = 0;
  std::string path;
};
// psinfo::error on a record whose kf_structsize is too small for the fields or runs past the
// buffer.
std::vector<kfile> parse_kinfo_files(std::string_view buf, const kinfo_file_layout& l);

// What FreeBSD's descriptor records mean (sys/user.h's numbers; freebsd_process.cpp checks
// them against the header).
namespace kf {
constexpr int type_vnode = 1;   // KF_TYPE_VNODE
constexpr int type_socket = 2;  // KF_TYPE_SOCKET
constexpr int vtype_vreg = 1;   // KF_VTYPE_VREG
constexpr int fd_cwd = -1;      // KF_FD_TYPE_CWD; the other pseudo-descriptors are < 0 too
}  // namespace kf
// psutil's open_files(): the regular files open on a descriptor (not the text, cwd or root
// vnodes), with their path and offset.
std::vector<open_file_t> open_files_from(const std::vector<kfile>& files);
// The descriptors (fd >= 0; psutil also counts the cwd, root and text entries).
int count_fds(const std::vector<kfile>& files);
// The current directory's path, "" when the kernel has none (psutil's rule for kernel
// processes).
std::string cwd_from(const std::vector<kfile>& files);

// ---- FreeBSD's memory map of one process: kern.proc.vmmap.<pid> ----------------------------
// struct kinfo_vmentry records packed like kinfo_file's.

struct kinfo_vmentry_layout {
  std::size_t structsize;  // kve_structsize (int)
  std::size_t type;        // kve_type (int): KVME_TYPE_*
  std::size_t start, end;  // kve_start, kve_end (uint64_t)
  std::size_t resident;    // kve_resident (int, pages)
  std::size_t private_resident;
  std::size_t protection;  // kve_protection (int): KVME_PROT_READ 1, WRITE 2, EXEC 4
  std::size_t path;        // kve_path (char[PATH_MAX])
  // Every field, for same_layout().
  constexpr std::array<std::size_t, 8> tie() const {
    return {structsize, type, start, end, resident, private_resident, protection, path};
  }
};
struct vmentry {
  int type = 0;
  std::uint64_t start = 0, end = 0;
  std::uint64_t resident = 0, private_resident = 0;  // pages
  int protection = 0;
  std::string path;
};
std::vector<vmentry> parse_kinfo_vmentries(std::string_view buf, const kinfo_vmentry_layout& l);
// psutil's FreeBSD memory_maps(): addr "0x<start>-0x<end>", perms "rwx" / "-", the path or
// "[<type>]" for an anonymous map (KVME_TYPE_*: [none] [default] [vnode] [swap] [device]
// [phys] [dead] [sg] [unknown], else [?]), rss from the resident pages; size is the map's
// length. grouped: one row per path with rss and size summed (addr and perms absent).
std::vector<memory_map_t> memory_maps_from(const std::vector<vmentry>& maps, bool grouped,
                                           std::uint64_t page_size);

// ---- FreeBSD's disk statistics: kern.devstat.all ------------------------------------------
// A generation number (a long), then one struct devstat per device.

struct devstat_layout {
  std::size_t generation_size;  // sizeof(long)
  std::size_t record_size;      // sizeof(struct devstat)
  std::size_t name;             // device_name (char[DEVSTAT_NAME_LEN])
  std::size_t name_size;        // DEVSTAT_NAME_LEN
  std::size_t unit;             // unit_number (int)
  std::size_t bytes;            // bytes[DEVSTAT_N_TRANS_FLAGS] (uint64_t)
  std::size_t operations;       // operations[...] (uint64_t)
  std::size_t duration;         // duration[...] (struct bintime)
  std::size_t busy_time;        // busy_time (struct bintime)
  std::size_t bintime_size;     // sizeof(struct bintime)
  std::size_t bintime_frac;     // offsetof(struct bintime, frac); sec (time_t) is at 0
  std::size_t time_t_size;      // sizeof(time_t): 8, or 4 on i386
  std::size_t read_index;       // DEVSTAT_READ
  std::size_t write_index;      // DEVSTAT_WRITE
  // Every field, for same_layout().
  constexpr std::array<std::size_t, 14> tie() const {
    return {generation_size, record_size, name,       name_size,  unit,
            bytes,           operations,  duration,   busy_time,  bintime_size,
            bintime_frac,    time_t_size, read_index, write_index};
  }
};
// psinfo::error when the buffer is not a generation and whole records.
std::vector<devstat_entry> parse_devstat_all(std::string_view buf, const devstat_layout& l);

// ---- OpenBSD's login records: /var/run/utmp (struct utmp[]) --------------------------------

struct utmp_layout {
  std::size_t record_size;  // sizeof(struct utmp)
  std::size_t line, line_size;
  std::size_t name, name_size;
  std::size_t host, host_size;
  std::size_t time;  // ut_time (time_t, 64 bits)
  // Every field, for same_layout().
  constexpr std::array<std::size_t, 8> tie() const {
    return {record_size, line, line_size, name, name_size, host, host_size, time};
  }
};
struct utmp_entry {
  std::string line, name, host;
  std::int64_t time = 0;
};
// Every whole record with a user name (empty slots skipped); a partial last record is ignored.
std::vector<utmp_entry> parse_utmp(std::string_view buf, const utmp_layout& l);

// ---- the layouts of FreeBSD 14.2 and OpenBSD 7.6 on amd64 -----------------------------------
// Recorded from their headers (the commits named in ../shared/sysroots/README.md). The tests build
// their kernel buffers with them; freebsd_abi.hpp / openbsd_abi.hpp check in the BSD builds on
// amd64 that the headers still say so.

inline constexpr pcb_layout k_freebsd14_amd64_tcp{64,  16,  744, 24,  32, 400,
                                                  262, 260, 280, 264, 568};
inline constexpr pcb_layout k_freebsd14_amd64_udp{64,  16,  400, 16,  24,          392,
                                                  254, 252, 272, 256, std::nullopt};
inline constexpr unpcb_layout k_freebsd14_amd64_unpcb{32, 16, 904, 672, 152, 106};
inline constexpr xfile_layout k_freebsd14_amd64_xfile{128, 8, 16, 56};
inline constexpr kinfo_file_layout k_freebsd14_amd64_kinfo_file{0,  4,   8,   24,  32,  36,  40,
                                                                48, 176, 128, 304, 368, 1392};
inline constexpr kinfo_vmentry_layout k_freebsd14_amd64_kinfo_vmentry{0, 4, 8, 16, 48, 52, 56, 136};
inline constexpr devstat_layout k_freebsd14_amd64_devstat{8,   288, 44, 16, 60, 64, 96,
                                                          128, 192, 16, 8,  8,  1,  2};
inline constexpr utmp_layout k_openbsd7_amd64_utmp{304, 0, 8, 8, 32, 40, 256, 296};

}  // namespace psinfo::detail::bsd
