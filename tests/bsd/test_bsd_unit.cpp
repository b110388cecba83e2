// The BSD backend's conversions (src/bsd/convert.hpp, sockets.hpp), run on Linux. No BSD
// machine is reachable, so the inputs are built from the man pages and headers that define
// them (sysctl(3), cpufreq(4), coretemp(4), acpi_battery(4), devstat(3), utmp(5), the S* and
// TCPS_* numbers of sys/proc.h and netinet/tcp_fsm.h), and the expected values are worked out
// here by hand from psutil's formulas (psutil/arch/{bsd,freebsd,openbsd}, _psbsd.py).
#include <psinfo/errors.hpp>

#include <catch2/catch.hpp>
#include <cstring>
#include <limits>

#include "bsd/convert.hpp"
#include "bsd/sockets.hpp"

using namespace psinfo;
using namespace psinfo::detail::bsd;

namespace {
constexpr std::uint64_t k_max = std::numeric_limits<std::uint64_t>::max();
}

TEST_CASE("cpu_times_from_ticks: psutil's fields, seconds at the statistics clock's rate") {
  // kern.cp_time on FreeBSD: CP_USER, CP_NICE, CP_SYS, CP_INTR, CP_IDLE ticks at stathz (127 on
  // amd64: kern.clockrate {hz = 1000, tick = 1000, profhz = 8128, stathz = 127}).
  const cpu_ticks t{1270, 254, 635, 127, 12700};
  const cpu_times_t c = cpu_times_from_ticks(t, 127);
  CHECK(c.user == 10.0);
  CHECK(c.nice == 2.0);
  CHECK(c.system == 5.0);
  CHECK(c.irq == 1.0);
  CHECK(c.idle == 100.0);
  // What the BSDs do not count is absent, not zero.
  CHECK_FALSE(c.iowait);
  CHECK_FALSE(c.softirq);
  CHECK_FALSE(c.steal);
  CHECK_FALSE(c.guest);
  CHECK_FALSE(c.guest_nice);
  CHECK_FALSE(c.interrupt);
  CHECK_FALSE(c.dpc);
  CHECK_THROWS_AS(cpu_times_from_ticks(t, 0), invalid_argument);
  CHECK_THROWS_AS(cpu_times_from_ticks(t, -100), invalid_argument);
}

TEST_CASE("cpu_ticks: an absent CPU's all-zero row, and sums") {
  CHECK_FALSE(cpu_ticks{}.any());
  CHECK(cpu_ticks{0, 0, 0, 0, 1}.any());
  CHECK(cpu_ticks{1, 0, 0, 0, 0}.any());
  const cpu_ticks s = cpu_ticks{1, 2, 3, 4, 5} + cpu_ticks{10, 20, 30, 40, 50};
  CHECK(s.user == 11);
  CHECK(s.nice == 22);
  CHECK(s.sys == 33);
  CHECK(s.intr == 44);
  CHECK(s.idle == 55);
}

TEST_CASE("freq_levels_min_max: cpufreq(4)'s MHz/mW list, the fastest first") {
  auto [mn, mx] = freq_levels_min_max("2401/35000 2400/35000 2000/27000 1600/19000 800/8000");
  REQUIRE(mn);
  REQUIRE(mx);
  CHECK(*mn == 800);
  CHECK(*mx == 2401);
  auto one = freq_levels_min_max("1800/-1");
  CHECK(one.first == 1800);
  CHECK(one.second == 1800);
  auto spaced = freq_levels_min_max("  3000/1 1000/1  ");
  CHECK(spaced.first == 1000);
  CHECK(spaced.second == 3000);
  auto empty = freq_levels_min_max("");
  CHECK_FALSE(empty.first);
  CHECK_FALSE(empty.second);
  auto junk = freq_levels_min_max("x/1 y/2");
  CHECK_FALSE(junk.first);
  CHECK_FALSE(junk.second);
}

TEST_CASE("virtual_memory_from: FreeBSD's counters, psutil's formulas") {
  freebsd_vm v;
  v.physmem = 8ull << 30;  // hw.physmem, bytes
  v.page_size = 4096;
  v.active = 100000;
  v.inactive = 200000;
  v.wired = 300000;
  v.free = 400000;
  v.cache = 5000;
  v.bufspace = 123456789;
  v.vmshr = 7000;
  v.rmshr = 3000;
  const virtual_memory_t m = virtual_memory_from(v);
  CHECK(m.total == 8589934592ull);
  CHECK(m.available == (200000ull + 5000 + 400000) * 4096);  // inactive + cached + free
  CHECK(m.used == (100000ull + 300000 + 5000) * 4096);       // active + wired + cached
  CHECK(m.free == 400000ull * 4096);
  CHECK(m.active == 100000ull * 4096);
  CHECK(m.inactive == 200000ull * 4096);
  CHECK(m.wired == 300000ull * 4096);
  CHECK(m.cached == 5000ull * 4096);
  CHECK(m.buffers == 123456789ull);
  CHECK(m.shared == 10000ull * 4096);
  // (total - available) / total = (8589934592 - 2478080000) / 8589934592 = 71.15...%
  CHECK(m.percent == 71.2);
  CHECK_FALSE(m.slab);

  // No v_cache_count: cached is absent, and counts for nothing.
  v.cache.reset();
  const virtual_memory_t n = virtual_memory_from(v);
  CHECK_FALSE(n.cached);
  CHECK(n.available == (200000ull + 400000) * 4096);
  CHECK(n.used == (100000ull + 300000) * 4096);
}

TEST_CASE("virtual_memory_from: OpenBSD's uvmexp, buffer cache and vmtotal") {
  openbsd_vm v;
  v.physmem = 4294967296ull;  // hw.physmem64
  v.page_size = 4096;
  v.active = 50000;
  v.inactive = 60000;
  v.wired = 70000;
  v.free = 80000;
  v.bufpages = 90000;
  v.rmshr = 1000;
  const virtual_memory_t m = virtual_memory_from(v);
  CHECK(m.total == 4294967296ull);
  CHECK(m.buffers == 90000ull * 4096);
  CHECK(m.cached == 90000ull * 4096);  // psutil: the buffer cache is both
  CHECK(m.available == (60000ull + 90000 + 80000) * 4096);
  CHECK(m.used == (50000ull + 70000 + 90000) * 4096);
  CHECK(m.shared == 1000ull * 4096);
  // (4294967296 - 942080000) / 4294967296 = 78.06...%
  CHECK(m.percent == 78.1);
}

TEST_CASE("virtual_memory_from: page counts that overflow saturate") {
  freebsd_vm v;
  v.physmem = 1;
  v.page_size = 4096;
  v.active = k_max / 2;
  const virtual_memory_t m = virtual_memory_from(v);
  CHECK(m.active == k_max);
  CHECK(m.used == k_max);
}

TEST_CASE("swap_memory_from and swap_totals") {
  // FreeBSD: kvm_getswapinfo's total and used pages; v_swappgsin / v_swappgsout pages.
  const swap_memory_t s = swap_memory_from(262144, 65536, 4096, 10, 20, 4096);
  CHECK(s.total == 1073741824ull);
  CHECK(s.used == 268435456ull);
  CHECK(s.free == 805306368ull);
  CHECK(s.percent == 25.0);
  CHECK(s.sin == 40960u);
  CHECK(s.sout == 81920u);
  // No swap at all.
  const swap_memory_t none = swap_memory_from(0, 0, 4096, 0, 0, 4096);
  CHECK(none.total == 0);
  CHECK(none.percent == 0.0);
  // used read after a device shrank: never more than total.
  CHECK(swap_memory_from(10, 12, 512, 0, 0, 4096).free == 0);

  // OpenBSD: swapctl's devices in 512-byte blocks, the enabled ones only.
  const std::vector<swap_device> devs = {
      {4194304, 1000, true}, {2097152, 5, false}, {1048576, 2000000, true}};
  const auto [total, used] = swap_totals(devs);
  CHECK(total == 4194304ull + 1048576);
  CHECK(used == 1000ull + 1048576);  // in_use beyond the device's size is cut
  const swap_memory_t o = swap_memory_from(total, used, 512, 3, 4, 4096);
  CHECK(o.total == (4194304ull + 1048576) * 512);
  CHECK(o.sin == 3u * 4096);
}

TEST_CASE("bintime_ms: seconds and a binary fraction in whole milliseconds") {
  CHECK(bintime_ms(0, 0) == 0);
  CHECK(bintime_ms(2, 0) == 2000);
  CHECK(bintime_ms(1, 1ull << 63) == 1500);  // half a second
  CHECK(bintime_ms(1, 1ull << 62) == 1250);
  CHECK(bintime_ms(0, k_max) == 999);  // just under a second
  CHECK(bintime_ms(-5, 0) == 0);
  CHECK(bintime_ms(std::numeric_limits<std::int64_t>::max(), 0) == k_max);
}

TEST_CASE("io_counters_from: devstat (FreeBSD) and diskstats (OpenBSD)") {
  devstat_entry d;
  d.name = "ada0";
  d.read_ops = 1;
  d.write_ops = 2;
  d.read_bytes = 512;
  d.write_bytes = 1024;
  d.read_sec = 3;
  d.read_frac = 1ull << 63;
  d.write_sec = 4;
  d.busy_sec = 10;
  d.busy_frac = 1ull << 62;
  const disk_io_counters_t c = io_counters_from(d);
  CHECK(c.read_count == 1);
  CHECK(c.write_count == 2);
  CHECK(c.read_bytes == 512);
  CHECK(c.write_bytes == 1024);
  CHECK(c.read_time == 3500u);
  CHECK(c.write_time == 4000u);
  CHECK(c.busy_time == 10250u);
  CHECK_FALSE(c.read_merged_count);

  diskstats_entry s;
  s.name = "sd0";
  s.rxfer = 10;
  s.wxfer = 20;
  s.rbytes = 4096;
  s.wbytes = 8192;
  s.busy_sec = 7;
  s.busy_usec = 250000;
  const disk_io_counters_t o = io_counters_from(s);
  CHECK(o.read_count == 10);
  CHECK(o.write_bytes == 8192);
  CHECK(o.busy_time == 7250u);
  CHECK_FALSE(o.read_time);  // OpenBSD keeps no read/write times
  CHECK_FALSE(o.write_time);
}

TEST_CASE("fixed_string and device_name: fixed-size char fields") {
  const char full[4] = {'a', 'd', 'a', 'x'};
  CHECK(fixed_string(full, 4) == "adax");  // no NUL: all of it
  CHECK(fixed_string("da\0xx", 5) == "da");
  CHECK(device_name("ada\0\0\0", 6, 0) == "ada0");
  CHECK(device_name("nvd", 3, 12) == "nvd12");
}

TEST_CASE("status_name and is_zombie: the S* codes of each BSD") {
  // sys/proc.h: SIDL 1, SRUN 2, SSLEEP 3, SSTOP 4, SZOMB 5; FreeBSD SWAIT 6, SLOCK 7; OpenBSD
  // SDEAD 6, SONPROC 7.
  const char* freebsd[] = {"?",       "idle",   "running", "sleeping",
                           "stopped", "zombie", "waiting", "locked"};
  const char* openbsd[] = {"?",       "idle",   "waking", "sleeping",
                           "stopped", "zombie", "zombie", "running"};
  for (int s = 0; s < 8; ++s) {
    CHECK(std::string(status_name(flavor::freebsd, s)) == freebsd[s]);
    CHECK(std::string(status_name(flavor::openbsd, s)) == openbsd[s]);
  }
  CHECK(std::string(status_name(flavor::freebsd, 8)) == "?");
  CHECK(std::string(status_name(flavor::openbsd, -1)) == "?");
  CHECK(is_zombie(flavor::freebsd, 5));
  CHECK_FALSE(is_zombie(flavor::freebsd, 6));  // SWAIT
  CHECK(is_zombie(flavor::openbsd, 5));
  CHECK(is_zombie(flavor::openbsd, 6));  // SDEAD
  CHECK_FALSE(is_zombie(flavor::openbsd, 7));
}

TEST_CASE("memory_info_from, cpu_times_from, cpu_num_from: a kinfo_proc's numbers") {
  kproc k;
  k.rss = 1000;
  k.text = 10;
  k.data = 20;
  k.stack = 30;
  k.vsize = 123456789;
  const memory_info_t m = memory_info_from(k, 4096);
  CHECK(m.rss == 4096000);
  CHECK(m.vms == 123456789);  // FreeBSD's ki_size, bytes
  CHECK(m.text == 40960u);
  CHECK(m.data == 81920u);
  CHECK_FALSE(m.shared);
  // memory_info_ex: psutil's BSD pmem (rss vms text data stack peak_rss); ru_maxrss is KiB.
  k.maxrss_kib = 2500;
  const memory_info_ex_t mx = memory_info_ex_from(k, 4096);
  CHECK(mx.info.rss == 4096000);
  CHECK(mx.info.text == 40960u);
  CHECK(mx.stack == 30u * 4096);
  CHECK(mx.peak_rss == 2500u * 1024);
  CHECK_FALSE(mx.peak_vms);
  CHECK_FALSE(mx.rss_anon);
  k.vsize.reset();
  CHECK(memory_info_from(k, 4096).vms == 60u * 4096);  // OpenBSD: text + data + stack, as ps(1)
  k.rss = k_max / 16;
  CHECK(memory_info_from(k, 4096).rss == k_max);

  k.utime_us = 1500000;
  k.stime_us = 250000;
  k.cutime_us = 3000001;
  k.cstime_us = 42;
  const process_cpu_times_t t = cpu_times_from(k);
  CHECK(t.user == 1.5);
  CHECK(t.system == 0.25);
  CHECK(t.children_user == 3.000001);
  CHECK(t.children_system == 0.000042);
  CHECK_FALSE(t.iowait);

  k.stat = 2;  // SRUN: on a CPU
  k.oncpu = 3;
  k.lastcpu = 1;
  CHECK(cpu_num_from(flavor::freebsd, k) == 3);
  k.oncpu = -1;  // NOCPU
  CHECK(cpu_num_from(flavor::freebsd, k) == 1);
  k.stat = 3;  // sleeping: where it last ran
  k.oncpu = 2;
  CHECK(cpu_num_from(flavor::freebsd, k) == 1);
  k.lastcpu = -1;
  CHECK_FALSE(cpu_num_from(flavor::freebsd, k));
  k.lastcpu = 0;
  CHECK_FALSE(cpu_num_from(flavor::openbsd, k));
}

TEST_CASE("sensors: decikelvin, coretemp entries, the ACPI battery") {
  CHECK(decikelvin_to_celsius(2731) == 0.0);
  CHECK(decikelvin_to_celsius(3232) == Approx(50.1));
  CHECK(decikelvin_to_celsius(2631) == Approx(-10.0));
  const sensors_temperature_t t = core_temperature(3, 3232, 3731);
  CHECK(t.label == "Core 3");
  CHECK(t.current == Approx(50.1));
  CHECK(t.high == Approx(100.0));
  CHECK(t.critical == Approx(100.0));
  CHECK_FALSE(core_temperature(0, 3000, std::nullopt).high);
  CHECK_FALSE(core_temperature(0, 3000, 0).high);  // tjmax unknown: -273.1 C
  CHECK_FALSE(core_temperature(0, 3000, 2731).critical);

  const sensors_battery_t ac = battery_from(100, -1, 1);
  CHECK(ac.percent == 100);
  CHECK(ac.power_plugged == true);
  CHECK(ac.secsleft == power_time_unlimited);
  const sensors_battery_t unknown = battery_from(57, -1, 0);
  CHECK(unknown.power_plugged == false);
  CHECK(unknown.secsleft == power_time_unknown);
  const sensors_battery_t draining = battery_from(57, 90, 0);
  CHECK(draining.secsleft == 5400);
}

TEST_CASE("user_from_utmp: psutil's rows from utmp records") {
  auto u = user_from_utmp("ttyp0", "alice", "10.0.0.9", 1700000000);
  REQUIRE(u);
  CHECK(u->name == "alice");
  CHECK(u->terminal == "ttyp0");
  CHECK(u->host == "10.0.0.9");
  CHECK(u->started == 1700000000.0);
  CHECK_FALSE(u->pid);  // utmp(5) records no pid
  CHECK(user_from_utmp("ttyC0", "root", "", 1)->host == "localhost");
  CHECK(user_from_utmp("ttyp1", "bob", ":0", 1)->host == "localhost");
  CHECK_FALSE(user_from_utmp("", "bob", "x", 1)->terminal);
  CHECK_FALSE(user_from_utmp("~", "shutdown", "", 1));
  CHECK_FALSE(user_from_utmp("ttyp0", "", "", 1));
}

TEST_CASE("split_nul_list and environ_from: kern.proc.args / kern.proc.env") {
  using V = std::vector<std::string>;
  CHECK(split_nul_list(std::string_view("sh\0-c\0echo hi\0", 14)) == V{"sh", "-c", "echo hi"});
  CHECK(split_nul_list(std::string_view("a\0\0b\0", 5)) == V{"a", "", "b"});
  CHECK(split_nul_list("unterminated") == V{"unterminated"});
  CHECK(split_nul_list("").empty());
  const auto env = environ_from(V{"HOME=/root", "PATH=/bin:/usr/bin", "junk", "A=1=2", "HOME=/x"});
  CHECK(env.size() == 3);
  CHECK(env.at("HOME") == "/x");
  CHECK(env.at("A") == "1=2");
  CHECK(env.at("PATH") == "/bin:/usr/bin");
}

namespace {
// OpenBSD's kern.proc_args answer for a buffer at `base`: the pointers, a null one, the strings.
std::string pointer_list(const std::vector<std::string>& args, std::uint64_t base, int width) {
  std::string strings;
  std::vector<std::uint64_t> offs;
  for (const std::string& a : args) {
    offs.push_back(strings.size());
    strings += a;
    strings += '\0';
  }
  const std::size_t table = (args.size() + 1) * width;
  std::string out(table, '\0');
  for (std::size_t i = 0; i < offs.size(); ++i) {
    const std::uint64_t p = base + table + offs[i];
    if (width == 8) {
      std::memcpy(&out[i * 8], &p, 8);
    } else {
      const std::uint32_t p32 = static_cast<std::uint32_t>(p);
      std::memcpy(&out[i * 4], &p32, 4);
    }
  }
  return out + strings;
}
}  // namespace

TEST_CASE("split_pointer_list: OpenBSD's argv and environment") {
  using V = std::vector<std::string>;
  const V args{"/bin/ksh", "-l", "", "x y"};
  CHECK(split_pointer_list(pointer_list(args, 0x7f7ffffd1000ull, 8), 0x7f7ffffd1000ull, 8) == args);
  CHECK(split_pointer_list(pointer_list(args, 0xcf7d1000u, 4), 0xcf7d1000u, 4) == args);
  CHECK(split_pointer_list(pointer_list({}, 4096, 8), 4096, 8).empty());
  // A pointer outside the buffer ends the list there.
  std::string b = pointer_list({"one", "two"}, 4096, 8);
  const std::uint64_t wild = 1;
  std::memcpy(&b[8], &wild, 8);
  CHECK(split_pointer_list(b, 4096, 8) == V{"one"});
  // A string cut before its NUL ends it too.
  std::string cut = pointer_list({"one", "two"}, 4096, 8);
  cut.pop_back();
  CHECK(split_pointer_list(cut, 4096, 8) == V{"one"});
  CHECK(split_pointer_list(b, 4096, 3).empty());
}

TEST_CASE("tcp_status_name, socket_type_of, wanted: psutil's tables") {
  // netinet/tcp_fsm.h: TCPS_CLOSED 0 ... TCPS_TIME_WAIT 10.
  const char* names[] = {"CLOSE",       "LISTEN",     "SYN_SENT",  "SYN_RECV",
                         "ESTABLISHED", "CLOSE_WAIT", "FIN_WAIT1", "CLOSING",
                         "LAST_ACK",    "FIN_WAIT2",  "TIME_WAIT"};
  for (int s = 0; s <= 10; ++s) CHECK(std::string(tcp_status_name(s)) == names[s]);
  CHECK(std::string(tcp_status_name(11)) == "NONE");
  CHECK(std::string(tcp_status_name(-1)) == "NONE");

  CHECK(socket_type_of(1) == socket_type::stream);
  CHECK(socket_type_of(2) == socket_type::dgram);
  CHECK(socket_type_of(3) == socket_type::raw);
  CHECK(socket_type_of(5) == socket_type::seqpacket);
  CHECK_FALSE(socket_type_of(4));

  const auto inet = psinfo::detail::connection_kinds_from("inet");
  CHECK(wanted(inet, address_family::inet, socket_type::stream));
  CHECK(wanted(inet, address_family::inet6, socket_type::dgram));
  CHECK_FALSE(wanted(inet, address_family::unix_, socket_type::stream));
  CHECK_FALSE(wanted(inet, address_family::inet, socket_type::raw));
  const auto tcp6 = psinfo::detail::connection_kinds_from("tcp6");
  CHECK(wanted(tcp6, address_family::inet6, socket_type::stream));
  CHECK_FALSE(wanted(tcp6, address_family::inet, socket_type::stream));
  CHECK_FALSE(wanted(tcp6, address_family::inet6, socket_type::dgram));
  const auto unix_ = psinfo::detail::connection_kinds_from("unix");
  CHECK(wanted(unix_, address_family::unix_, socket_type::dgram));
  CHECK_FALSE(wanted(unix_, address_family::unix_, socket_type::seqpacket));
}

TEST_CASE("connection_from: psutil's rows") {
  socket_rec s;
  s.family = address_family::inet;
  s.type = socket_type::stream;
  s.laddr = {127, 0, 0, 1};
  s.lport = 22;
  s.tcp_state = 1;
  s.fd = 3;
  s.pid = 700;
  connection_t c = connection_from(s);
  REQUIRE(c.laddr);
  CHECK(c.laddr->ip == "127.0.0.1");
  CHECK(c.laddr->port == 22);
  CHECK_FALSE(c.raddr);  // remote port 0: psutil's empty tuple
  CHECK(c.status == "LISTEN");
  CHECK(c.fd == 3);
  CHECK(c.pid == 700);

  s.family = address_family::inet6;
  s.laddr = {};
  s.laddr[15] = 1;
  s.raddr = {0x20, 0x01, 0x0d, 0xb8};
  s.raddr[15] = 5;
  s.rport = 443;
  s.tcp_state = 4;
  c = connection_from(s);
  CHECK(c.laddr->ip == "::1");
  REQUIRE(c.raddr);
  CHECK(c.raddr->ip == "2001:db8::5");
  CHECK(c.raddr->port == 443);
  CHECK(c.status == "ESTABLISHED");

  s.type = socket_type::dgram;
  s.tcp_state.reset();
  CHECK(connection_from(s).status == "NONE");

  socket_rec u;
  u.family = address_family::unix_;
  u.type = socket_type::dgram;
  u.path = "/var/run/log";
  c = connection_from(u);
  CHECK(c.path == "/var/run/log");
  CHECK_FALSE(c.laddr);
  CHECK_FALSE(c.raddr);
  CHECK(c.status == "NONE");
  CHECK(c.fd == -1);
  CHECK_FALSE(c.pid);
}

TEST_CASE("sockaddr_endpoint: struct sockaddr_in / sockaddr_in6 bytes") {
  // sin_len 16, AF_INET 2, port 8080 (0x1f90), 10.1.2.3.
  const unsigned char sin[16] = {16, 2, 0x1f, 0x90, 10, 1, 2, 3};
  std::array<unsigned char, 16> addr{};
  int port = 0;
  REQUIRE(sockaddr_endpoint(std::string_view(reinterpret_cast<const char*>(sin), 16), false, addr,
                            port));
  CHECK(port == 8080);
  CHECK(ip_text(address_family::inet, addr) == "10.1.2.3");
  // sin6_len 28, AF_INET6 (28 on FreeBSD), port 53, flow label, fe80::1.
  unsigned char sin6[28] = {28, 28, 0, 53, 0, 0, 0, 0, 0xfe, 0x80};
  sin6[23] = 1;
  REQUIRE(sockaddr_endpoint(std::string_view(reinterpret_cast<const char*>(sin6), 28), true, addr,
                            port));
  CHECK(port == 53);
  CHECK(ip_text(address_family::inet6, addr) == "fe80::1");
  CHECK_FALSE(sockaddr_endpoint(std::string_view(reinterpret_cast<const char*>(sin), 7), false,
                                addr, port));
}
