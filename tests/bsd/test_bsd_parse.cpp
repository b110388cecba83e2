// The parsers of the BSD kernels' sysctl tables (src/bsd/kbuf.hpp) and the rows made from them
// (sockets.hpp), run on Linux. The kernel buffers are built here with the layouts of FreeBSD
// 14.2 / OpenBSD 7.6 on amd64 recorded in kbuf.hpp (the BSD builds check at compile time that
// the systems' headers say the same, src/bsd/freebsd_abi.hpp), filled the way the kernel fills
// them (sys/netinet/in_pcb.c, sys/kern/kern_descrip.c, kern_proc.c, subr_devstat.c).
#include <psinfo/errors.hpp>

#include <catch2/catch.hpp>
#include <cstring>

#include "bsd/kbuf.hpp"
#include "bsd/sockets.hpp"
#include "bsd_buffers.hpp"

using namespace psinfo;
using namespace psinfo::detail::bsd;

namespace {
using namespace psinfo_test::bsd;
std::string_view sv(const kbuf& k) { return k.b; }
}  // namespace

TEST_CASE("parse_pcblist: FreeBSD's net.inet.tcp.pcblist") {
  const kbuf b = tcp_list();
  const pcb_list list = parse_pcblist(sv(b), k_freebsd14_amd64_tcp);
  CHECK(list.consistent);
  REQUIRE(list.pcbs.size() == 2);
  const inet_pcb& a = list.pcbs[0];
  CHECK(a.so == 0x1000);
  CHECK(a.pcb == 0x2000);
  CHECK(a.family == 4);
  CHECK(a.laddr[0] == 127);
  CHECK(a.laddr[3] == 1);
  CHECK(a.lport == 22);
  CHECK(a.fport == 0);
  CHECK(a.state == 1);
  const inet_pcb& c = list.pcbs[1];
  CHECK(c.family == 6);
  CHECK(c.laddr[15] == 1);
  CHECK(c.lport == 443);
  CHECK(c.fport == 51000);
  CHECK(c.state == 4);

  // The list changed while it was copied out: the generations differ.
  CHECK_FALSE(parse_pcblist(sv(tcp_list(8)), k_freebsd14_amd64_tcp).consistent);

  // An empty list: just the two headers.
  kbuf empty = xinpgen(k_freebsd14_amd64_tcp, 1, 0);
  empty += xinpgen(k_freebsd14_amd64_tcp, 1, 0);
  CHECK(parse_pcblist(sv(empty), k_freebsd14_amd64_tcp).pcbs.empty());
}

TEST_CASE("parse_pcblist: a list the layout does not describe is an error") {
  kbuf b = tcp_list();
  // The UDP layout's records are shorter: the kernel and psinfo disagree on the struct.
  CHECK_THROWS_AS(parse_pcblist(sv(b), k_freebsd14_amd64_udp), error);
  kbuf cut = b;
  cut.b.resize(cut.b.size() - 100);
  CHECK_THROWS_AS(parse_pcblist(sv(cut), k_freebsd14_amd64_tcp), error);
  CHECK_THROWS_AS(parse_pcblist("", k_freebsd14_amd64_tcp), error);
  kbuf bad_head = b;
  bad_head.put<std::uint64_t>(0, 63);
  CHECK_THROWS_AS(parse_pcblist(sv(bad_head), k_freebsd14_amd64_tcp), error);
}

TEST_CASE("net_connections rows: pcblists joined with kern.file (FreeBSD)") {
  const pcb_list tcp = parse_pcblist(sv(tcp_list()), k_freebsd14_amd64_tcp);
  const pcb_layout& ul = k_freebsd14_amd64_udp;
  kbuf udp = xinpgen(ul, 3, 2);
  udp += inpcb(ul, 0x5000, 0x6000, 0x1, v4(0, 0, 0, 0), 514, {}, 0, 0);
  udp += inpcb(ul, 0x7000, 0x8000, 0x1, v4(10, 0, 0, 1), 53, {}, 0, 0);  // no descriptor
  udp += xinpgen(ul, 3, 2);
  const pcb_list udp_list = parse_pcblist(sv(udp), ul);
  CHECK(udp_list.pcbs[0].state == std::nullopt);

  kbuf files = xfile(100, 3, 0x1000);
  files += xfile(200, 4, 0x3000);
  files += xfile(300, 9, 0x3000);  // the same socket after fork(): the first holder is kept
  files += xfile(400, 5, 0x5000);
  const socket_owners owners = owners_of(parse_xfiles(sv(files), k_freebsd14_amd64_xfile));

  std::vector<connection_t> rows;
  const auto all = psinfo::detail::connection_kinds_from("all");
  add_inet_rows(tcp, socket_type::stream, owners, all, rows);
  add_inet_rows(udp_list, socket_type::dgram, owners, all, rows);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].family == address_family::inet);
  CHECK(rows[0].type == socket_type::stream);
  CHECK(rows[0].laddr->ip == "127.0.0.1");
  CHECK(rows[0].laddr->port == 22);
  CHECK_FALSE(rows[0].raddr);
  CHECK(rows[0].status == "LISTEN");
  CHECK(rows[0].pid == 100);
  CHECK(rows[0].fd == 3);
  CHECK(rows[1].family == address_family::inet6);
  CHECK(rows[1].laddr->ip == "::1");
  CHECK(rows[1].raddr->ip == "::1");
  CHECK(rows[1].raddr->port == 51000);
  CHECK(rows[1].status == "ESTABLISHED");
  CHECK(rows[1].pid == 200);
  CHECK(rows[1].fd == 4);
  CHECK(rows[2].type == socket_type::dgram);
  CHECK(rows[2].laddr->ip == "0.0.0.0");
  CHECK(rows[2].laddr->port == 514);
  CHECK(rows[2].status == "NONE");
  CHECK(rows[2].pid == 400);

  // kind "tcp6": the IPv6 TCP socket alone.
  std::vector<connection_t> only6;
  add_inet_rows(tcp, socket_type::stream, owners, psinfo::detail::connection_kinds_from("tcp6"),
                only6);
  REQUIRE(only6.size() == 1);
  CHECK(only6[0].raddr->port == 51000);
}

TEST_CASE("parse_xfiles: kern.file") {
  kbuf files = xfile(1, 0, 0xabc);
  files += xfile(2, 7, 0xdef);
  files.b += std::string(10, '\0');  // a partial record at the end is ignored
  const auto x = parse_xfiles(sv(files), k_freebsd14_amd64_xfile);
  REQUIRE(x.size() == 2);
  CHECK(x[1].pid == 2);
  CHECK(x[1].fd == 7);
  CHECK(x[1].data == 0xdef);
  kbuf bad = xfile(1, 0, 0);
  bad.put<std::uint64_t>(0, 120);  // xf_size from another kernel
  CHECK_THROWS_AS(parse_xfiles(sv(bad), k_freebsd14_amd64_xfile), error);
  CHECK(parse_xfiles("", k_freebsd14_amd64_xfile).empty());
}

TEST_CASE("parse_unpcblist and UNIX rows: net.local.*.pcblist (FreeBSD)") {
  const unpcb_layout& l = k_freebsd14_amd64_unpcb;
  kbuf b = xunpgen(5);
  b += xunpcb(0x10, "/var/run/log");
  b += xunpcb(0x20, "");
  b += xunpcb(0x30, "/tmp/.X11-unix/X0");
  b += xunpgen(5);
  const unpcb_list list = parse_unpcblist(sv(b), l);
  CHECK(list.consistent);
  REQUIRE(list.pcbs.size() == 3);
  CHECK(list.pcbs[0].path == "/var/run/log");
  CHECK(list.pcbs[1].path.empty());

  kbuf files = xfile(50, 3, 0x10);
  files += xfile(60, 4, 0x20);
  std::vector<connection_t> rows;
  add_unix_rows(list, socket_type::dgram,
                owners_of(parse_xfiles(sv(files), k_freebsd14_amd64_xfile)), rows);
  REQUIRE(rows.size() == 2);  // 0x30 has no descriptor
  CHECK(rows[0].family == address_family::unix_);
  CHECK(rows[0].type == socket_type::dgram);
  CHECK(rows[0].path == "/var/run/log");
  CHECK(rows[0].pid == 50);
  CHECK(rows[1].path.empty());
  CHECK_FALSE(rows[1].laddr);
}

TEST_CASE("sun_path_of: sun_len bounds the path") {
  CHECK(sun_path_of(std::string("\x0b\x01/tmp/sockXXXXXX", 18)) == "/tmp/sock");  // sun_len 11
  CHECK(sun_path_of(std::string("\x00\x01/x", 4)).empty());
  CHECK(sun_path_of(std::string("\xff\x01/abc\0zz", 8)) == "/abc");
  CHECK(sun_path_of("").empty());
}

TEST_CASE("parse_kinfo_files: kern.proc.filedesc (FreeBSD)") {
  kbuf b = kinfo_file(kf::type_vnode, -5, 0, kf::vtype_vreg, "/bin/sh");  // text
  b += kinfo_file(kf::type_vnode, kf::fd_cwd, 0, 2, "/home/alice");
  b += kinfo_file(kf::type_vnode, -2, 0, 2, "/");          // root
  b += kinfo_file(kf::type_vnode, 0, 0, 4, "/dev/pts/0");  // a character device
  b += kinfo_file(kf::type_vnode, 3, 42, kf::vtype_vreg, "/etc/passwd");
  b += kinfo_file(3, 4, 0, 0, "");  // a pipe
  b += socket_file(5, 2, 1, sockaddr_in(8080, v4(10, 0, 0, 1)), sockaddr_in(5555, v4(10, 0, 0, 2)),
                   0x4000);
  const std::vector<kfile> files = parse_kinfo_files(sv(b), k_freebsd14_amd64_kinfo_file);
  REQUIRE(files.size() == 7);
  CHECK(files[4].path == "/etc/passwd");
  CHECK(files[4].offset == 42);

  const std::vector<open_file_t> open = open_files_from(files);
  REQUIRE(open.size() == 1);  // regular files on a descriptor: not the text vnode
  CHECK(open[0].path == "/etc/passwd");
  CHECK(open[0].fd == 3);
  CHECK(open[0].position == 42u);
  CHECK_FALSE(open[0].mode);
  CHECK(count_fds(files) == 4);  // 0, 3, 4, 5
  CHECK(cwd_from(files) == "/home/alice");
  CHECK(cwd_from({}).empty());

  // The socket: its TCP state from the pcb the TCP list names.
  const kfile_socket kind{address_family::inet, socket_type::stream};
  std::unordered_map<std::uint64_t, int> tcp{{0x4000, 4}};
  const auto all = psinfo::detail::connection_kinds_from("all");
  std::optional<connection_t> c = connection_from_kfile(files[6], kind, tcp, all);
  REQUIRE(c);
  CHECK(c->fd == 5);
  CHECK(c->laddr->ip == "10.0.0.1");
  CHECK(c->laddr->port == 8080);
  CHECK(c->raddr->ip == "10.0.0.2");
  CHECK(c->raddr->port == 5555);
  CHECK(c->status == "ESTABLISHED");
  CHECK(connection_from_kfile(files[6], kind, {}, all)->status == "NONE");
  CHECK_FALSE(
      connection_from_kfile(files[6], kind, tcp, psinfo::detail::connection_kinds_from("udp")));
  CHECK_FALSE(connection_from_kfile(files[6], kfile_socket{}, tcp, all));
}

TEST_CASE("parse_kinfo_files: records the kernel cannot have made are an error") {
  kbuf b = kinfo_file(kf::type_vnode, 3, 0, kf::vtype_vreg, "/x");
  kbuf small = b;
  small.put<std::int32_t>(0, 16);  // shorter than the fixed part
  CHECK_THROWS_AS(parse_kinfo_files(sv(small), k_freebsd14_amd64_kinfo_file), error);
  kbuf past = b;
  past.put<std::int32_t>(0, static_cast<std::int32_t>(b.b.size() + 8));
  CHECK_THROWS_AS(parse_kinfo_files(sv(past), k_freebsd14_amd64_kinfo_file), error);
  kbuf cut = b;
  cut.b.resize(2);
  CHECK_THROWS_AS(parse_kinfo_files(sv(cut), k_freebsd14_amd64_kinfo_file), error);
  // A path that fills its record without a NUL ends at the record's end.
  kbuf full = b;
  const std::size_t path = k_freebsd14_amd64_kinfo_file.path;
  std::memset(&full.b[path], 'a', full.b.size() - path);
  CHECK(parse_kinfo_files(sv(full), k_freebsd14_amd64_kinfo_file)[0].path ==
        std::string(full.b.size() - path, 'a'));
}

TEST_CASE("parse_kinfo_vmentries and memory_maps_from: kern.proc.vmmap (FreeBSD)") {
  const kinfo_vmentry_layout& l = k_freebsd14_amd64_kinfo_vmentry;
  kbuf b = vmentry_rec(2, 0x200000, 0x201000, 1, 1 | 4, "/bin/sh");    // vnode r-x
  b += vmentry_rec(2, 0x201000, 0x203000, 2, 1, "/bin/sh");            // vnode r--
  b += vmentry_rec(1, 0x800000000, 0x800400000, 16, 1 | 2, "");        // default (anonymous) rw-
  b += vmentry_rec(3, 0x7ffffffff000, 0x800000000000, -3, 1 | 2, "");  // swap, a negative count
  b += vmentry_rec(9, 0x1000, 0x2000, 0, 0, "");                       // guard: psutil's "[?]"
  const std::vector<vmentry> maps = parse_kinfo_vmentries(sv(b), l);
  REQUIRE(maps.size() == 5);
  CHECK(maps[3].resident == 0);

  const std::vector<memory_map_t> rows = memory_maps_from(maps, false, 4096);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].addr == "0x200000-0x201000");
  CHECK(rows[0].perms == "r-x");
  CHECK(rows[0].path == "/bin/sh");
  CHECK(rows[0].rss == 4096);
  CHECK(rows[0].size == 4096);
  CHECK(rows[1].perms == "r--");
  CHECK(rows[2].path == "[default]");
  CHECK(rows[2].perms == "rw-");
  CHECK(rows[2].rss == 65536);
  CHECK(rows[3].path == "[swap]");
  CHECK(rows[3].addr == "0x7ffffffff000-0x800000000000");
  CHECK(rows[4].path == "[?]");
  CHECK(rows[4].perms == "---");

  const std::vector<memory_map_t> grouped = memory_maps_from(maps, true, 4096);
  REQUIRE(grouped.size() == 4);
  CHECK(grouped[0].path == "/bin/sh");
  CHECK(grouped[0].rss == 3 * 4096);
  CHECK(grouped[0].size == 3 * 4096);
  CHECK_FALSE(grouped[0].addr);
  CHECK_FALSE(grouped[0].perms);
}

TEST_CASE("parse_devstat_all: kern.devstat.all (FreeBSD)") {
  const devstat_layout& l = k_freebsd14_amd64_devstat;
  kbuf b = devstat_generation(1234);
  b += devstat_rec("ada", 0, 1000, 2000, 10, 20, 5, 1ull << 63, 9);
  b += devstat_rec("cd", 0, 0, 0, 0, 0, 0, 0, 0);
  const std::vector<devstat_entry> d = parse_devstat_all(sv(b), l);
  REQUIRE(d.size() == 2);
  CHECK(d[0].name == "ada0");
  CHECK(d[1].name == "cd0");
  const disk_io_counters_t c = io_counters_from(d[0]);
  CHECK(c.read_bytes == 1000);
  CHECK(c.write_bytes == 2000);
  CHECK(c.read_count == 10);
  CHECK(c.write_count == 20);
  CHECK(c.read_time == 5500u);
  CHECK(c.write_time == 0u);
  CHECK(c.busy_time == 9000u);

  kbuf cut = b;
  cut.b.pop_back();
  CHECK_THROWS_AS(parse_devstat_all(sv(cut), l), error);
  CHECK(parse_devstat_all(std::string(l.generation_size, '\0'), l).empty());
  CHECK_THROWS_AS(parse_devstat_all("", l), error);
}

TEST_CASE("parse_utmp: OpenBSD's /var/run/utmp") {
  const utmp_layout& l = k_openbsd7_amd64_utmp;
  kbuf b = utmp_rec("ttyC0", "root", "", 1700000000);
  b += utmp_rec("", "", "", 0);  // an empty slot
  b += utmp_rec("ttyp0", "alice", "192.0.2.7", 1700000100);
  b +=
      utmp_rec("ttyp1", "bobbobbobbobbobbobbobbobbobbobbo", "h", 5);  // a name filling its 32 bytes
  b.b += "partial";
  const std::vector<utmp_entry> u = parse_utmp(sv(b), l);
  REQUIRE(u.size() == 3);
  CHECK(u[0].name == "root");
  CHECK(u[0].line == "ttyC0");
  CHECK(u[0].host.empty());
  CHECK(u[0].time == 1700000000);
  CHECK(u[1].host == "192.0.2.7");
  CHECK(u[2].name == "bobbobbobbobbobbobbobbobbobbobbo");
}

TEST_CASE("same_layout: the recorded layouts compare field by field") {
  CHECK(same_layout(k_freebsd14_amd64_tcp, k_freebsd14_amd64_tcp));
  CHECK_FALSE(same_layout(k_freebsd14_amd64_tcp, k_freebsd14_amd64_udp));
  pcb_layout moved = k_freebsd14_amd64_tcp;
  moved.state = 572;
  CHECK_FALSE(same_layout(moved, k_freebsd14_amd64_tcp));
  moved.state.reset();
  CHECK_FALSE(same_layout(moved, k_freebsd14_amd64_tcp));
}
