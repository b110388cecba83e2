// The fuzz targets of the BSD backend's parsers of kernel tables (src/bsd/kbuf.hpp) and of the
// conversions fed by them (convert.hpp, sockets.hpp): bytes in, with the recorded layouts of
// FreeBSD 14.2 / OpenBSD 7.6 on amd64. Listed in targets.cpp's table; their seeds (kernel buffers
// built as the kernels fill them, by fuzz/bsd_seeds.cpp) are in fuzz/regressions/bsd_*/.
#include "targets_bsd.hpp"

#include <psinfo/errors.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bsd/convert.hpp"
#include "bsd/kbuf.hpp"
#include "bsd/sockets.hpp"
#include "check.hpp"

namespace psinfo_fuzz {
namespace {

using namespace psinfo;
using namespace psinfo::detail::bsd;

const psinfo::detail::connection_kinds k_all = psinfo::detail::connection_kinds_from("all");

// A row's invariants: an inet row has a local address, a UNIX row none.
void check_row(const connection_t& c) {
  if (c.family == address_family::unix_) {
    FUZZ_CHECK(!c.laddr && !c.raddr);
  } else {
    FUZZ_CHECK(c.laddr);
    FUZZ_CHECK(c.laddr->port >= 0 && c.laddr->port <= 65535);
    FUZZ_CHECK(!c.raddr || (c.raddr->port > 0 && c.raddr->port <= 65535));
  }
}

}  // namespace

// The first byte chooses the list (TCP or UDP); the pcbs are joined with owners made from
// their own socket addresses, so every row path runs.
void fuzz_bsd_pcblist(std::string_view d) {
  const pcb_layout& l = take_byte(d) & 1 ? k_freebsd14_amd64_udp : k_freebsd14_amd64_tcp;
  guarded([&] {
    const pcb_list list = parse_pcblist(d, l);
    FUZZ_CHECK(list.pcbs.size() * l.record_size <= d.size());
    std::vector<xfile_entry> files;
    for (const inet_pcb& p : list.pcbs) {
      FUZZ_CHECK(p.family == 0 || p.family == 4 || p.family == 6);
      FUZZ_CHECK(p.lport >= 0 && p.lport <= 65535);
      FUZZ_CHECK(l.state.has_value() == p.state.has_value());
      files.push_back({1, 3, p.so});
    }
    std::vector<connection_t> rows;
    add_inet_rows(list, l.state ? socket_type::stream : socket_type::dgram, owners_of(files), k_all,
                  rows);
    FUZZ_CHECK(rows.size() <= list.pcbs.size());
    for (const connection_t& c : rows) check_row(c);
    (void)tcp_states_by_pcb(list);
  });
}

void fuzz_bsd_unpcblist(std::string_view d) {
  guarded([&] {
    const unpcb_list list = parse_unpcblist(d, k_freebsd14_amd64_unpcb);
    std::vector<xfile_entry> files;
    for (const unix_pcb& p : list.pcbs) {
      FUZZ_CHECK(p.path.size() <= k_freebsd14_amd64_unpcb.addr_size);
      FUZZ_CHECK(p.path.find('\0') == std::string::npos);
      files.push_back({1, 3, p.so});
    }
    std::vector<connection_t> rows;
    add_unix_rows(list, socket_type::stream, owners_of(files), rows);
    FUZZ_CHECK(rows.size() <= list.pcbs.size());
    for (const connection_t& c : rows) check_row(c);
  });
}

void fuzz_bsd_xfile(std::string_view d) {
  guarded([&] {
    const std::vector<xfile_entry> files = parse_xfiles(d, k_freebsd14_amd64_xfile);
    FUZZ_CHECK(files.size() == d.size() / k_freebsd14_amd64_xfile.record_size);
    FUZZ_CHECK(owners_of(files).size() <= files.size());
  });
}

// The first byte is the family every socket record is taken as (inet, inet6, unix, none).
void fuzz_bsd_kinfo_file(std::string_view d) {
  const unsigned which = take_byte(d) % 4;
  const std::optional<address_family> families[] = {address_family::inet, address_family::inet6,
                                                    address_family::unix_, std::nullopt};
  guarded([&] {
    const std::vector<kfile> files = parse_kinfo_files(d, k_freebsd14_amd64_kinfo_file);
    const std::vector<open_file_t> open = open_files_from(files);
    FUZZ_CHECK(open.size() <= files.size());
    for (const open_file_t& o : open) FUZZ_CHECK(o.fd >= 0);
    FUZZ_CHECK(count_fds(files) >= 0 && static_cast<std::size_t>(count_fds(files)) <= files.size());
    (void)cwd_from(files);
    std::unordered_map<std::uint64_t, int> tcp;
    for (const kfile& f : files) {
      FUZZ_CHECK(f.path.find('\0') == std::string::npos);
      tcp.emplace(f.sock_pcb, f.vnode_type);
      const kfile_socket kind{families[which], socket_type_of(f.sock_type)};
      if (std::optional<connection_t> c = connection_from_kfile(f, kind, tcp, k_all)) check_row(*c);
    }
  });
}

void fuzz_bsd_vmmap(std::string_view d) {
  const std::uint64_t page = 1ull << (take_byte(d) % 64);
  guarded([&] {
    const std::vector<vmentry> maps = parse_kinfo_vmentries(d, k_freebsd14_amd64_kinfo_vmentry);
    const std::vector<memory_map_t> rows = memory_maps_from(maps, false, page);
    const std::vector<memory_map_t> grouped = memory_maps_from(maps, true, page);
    FUZZ_CHECK(rows.size() == maps.size());
    FUZZ_CHECK(grouped.size() <= rows.size());
    for (const memory_map_t& m : rows) {
      FUZZ_CHECK(m.perms && m.perms->size() == 3);
      FUZZ_CHECK(m.addr && m.addr->find('-') != std::string::npos);
    }
    for (const memory_map_t& m : grouped) FUZZ_CHECK(!m.addr && !m.perms);
  });
}

void fuzz_bsd_devstat(std::string_view d) {
  guarded([&] {
    for (const devstat_entry& e : parse_devstat_all(d, k_freebsd14_amd64_devstat)) {
      const disk_io_counters_t c = io_counters_from(e);
      FUZZ_CHECK(c.read_time && c.write_time && c.busy_time);
      FUZZ_CHECK(e.name.size() <= k_freebsd14_amd64_devstat.name_size + 11);
    }
  });
}

void fuzz_bsd_utmp(std::string_view d) {
  for (const utmp_entry& e : parse_utmp(d, k_openbsd7_amd64_utmp)) {
    FUZZ_CHECK(!e.name.empty() && e.name.size() <= k_openbsd7_amd64_utmp.name_size);
    if (std::optional<user_t> u = user_from_utmp(e.line, e.name, e.host, e.time))
      FUZZ_CHECK(!u->host.empty() && !u->pid);
  }
}

// The string sysctls: NUL lists (FreeBSD's args and environment), OpenBSD's pointer lists (the
// buffer's address from the input's first 8 bytes), freq_levels, sockaddrs.
void fuzz_bsd_strings(std::string_view d) {
  std::uint64_t base = 0;
  if (d.size() >= 8) {
    std::memcpy(&base, d.data(), 8);
    d.remove_prefix(8);
  }
  const std::vector<std::string> nul = split_nul_list(d);
  std::size_t total = 0;
  for (const std::string& s : nul) total += s.size() + 1;
  FUZZ_CHECK(total <= d.size() + 1);
  const auto env = environ_from(nul);
  FUZZ_CHECK(env.size() <= nul.size());
  for (std::size_t width : {4, 8}) {
    for (const std::string& s : split_pointer_list(d, base, width)) FUZZ_CHECK(s.size() < d.size());
  }
  auto [mn, mx] = freq_levels_min_max(d);
  FUZZ_CHECK(!mn || *mn >= 0);
  FUZZ_CHECK(!mx || *mx >= 0);
  FUZZ_CHECK(sun_path_of(d).size() <= (d.size() > 2 ? d.size() - 2 : 0));
  std::array<unsigned char, 16> addr{};
  int port = -1;
  if (sockaddr_endpoint(d, d.size() % 2 == 0, addr, port)) FUZZ_CHECK(port >= 0 && port <= 65535);
}

}  // namespace psinfo_fuzz
