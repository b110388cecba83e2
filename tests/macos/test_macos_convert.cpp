// The macOS backend's pure conversions (src/macos/convert.cpp), run on any machine. Inputs are
// values recorded on real Macs (vm_stat, ioreg, sysctl output quoted beside each case) or laid
// out as Apple's headers and man pages document them; the expected results are worked out by
// hand from psutil's formulas, not by calling the code under test.
#include <catch2/catch.hpp>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "macos/convert.hpp"
#include "posix/route_msg.hpp"

using namespace psinfo;
using namespace psinfo::detail::macos;

namespace {

// A byte buffer built field by field, in the machine's byte order (as the kernel writes it).
struct bytes {
  std::string b;
  template <class T>
  bytes& put(T v) {
    b.append(reinterpret_cast<const char*>(&v), sizeof v);
    return *this;
  }
  bytes& str(const std::string& s) {
    b += s;
    b += '\0';
    return *this;
  }
  bytes& zeros(std::size_t n) {
    b.append(n, '\0');
    return *this;
  }
};

procargs parse(const std::string& s) { return parse_procargs(s.data(), s.size()); }

}  // namespace

TEST_CASE("cpu ticks become seconds at CLK_TCK 100", "[macos][cpu]") {
  // host_statistics(HOST_CPU_LOAD_INFO): cpu_ticks[USER, SYSTEM, IDLE, NICE].
  const std::uint32_t ticks[4] = {1534217, 901233, 20123456, 77};
  cpu_times_t t = cpu_times_from_ticks(ticks);
  CHECK(t.user == Approx(15342.17));
  CHECK(t.system == Approx(9012.33));
  CHECK(t.idle == Approx(201234.56));
  REQUIRE(t.nice);
  CHECK(*t.nice == Approx(0.77));
  // macOS has no iowait, irq ... : absent, never 0.
  CHECK_FALSE(t.iowait);
  CHECK_FALSE(t.irq);
  CHECK_FALSE(t.steal);
  // The largest tick count still converts (a 32-bit counter: about 497 days at 100 Hz).
  const std::uint32_t big[4] = {UINT32_MAX, 0, 0, 0};
  CHECK(cpu_times_from_ticks(big).user == Approx(42949672.95));
}

TEST_CASE("cpu_stats reads vm_statistics through vmmeter's layout, as psutil", "[macos][cpu]") {
  // free, active, inactive, wire, zero_fill (vm_statistics' first five words).
  const std::uint32_t words[5] = {11, 22, 33, 44, 55};
  cpu_stats_t s = cpu_stats_from_vm_words(words);
  CHECK(s.ctx_switches == 11);      // v_swtch
  CHECK(s.syscalls == 33u);         // v_syscall
  CHECK(s.interrupts == 44);        // v_intr
  CHECK(s.soft_interrupts == 55u);  // v_soft
}

TEST_CASE("virtual_memory from a real vm_stat (Mac OS X 10.6.8, 2 GB, 4 KiB pages)",
          "[macos][memory]") {
  // vm_stat printed: Pages free: 90518. active: 205479. inactive: 32417. speculative: 134461.
  // wired down: 61009. Pageins: 388108. Pageouts: 0. vm_stat's "Pages free" is free_count less
  // speculative_count, so the kernel's free_count was 90518 + 134461.
  vm_pages vm;
  vm.free = 90518 + 134461;
  vm.active = 205479;
  vm.inactive = 32417;
  vm.speculative = 134461;
  vm.wire = 61009;
  vm.pageins = 388108;
  const std::uint64_t memsize = 2147483648ull;  // hw.memsize, 2 GiB
  virtual_memory_t m = virtual_memory_from(memsize, vm, 4096);
  CHECK(m.total == 2147483648ull);
  CHECK(m.available == (32417ull + 224979ull) * 4096);  // inactive + free_count
  CHECK(m.used == (205479ull + 61009ull) * 4096);       // active + wired
  CHECK(m.free == 90518ull * 4096);                     // = vm_stat's "Pages free"
  CHECK(m.active == 205479ull * 4096);
  CHECK(m.inactive == 32417ull * 4096);
  CHECK(m.wired == 61009ull * 4096);
  // (2147483648 - 1054294016) / 2147483648 = 50.905...%
  CHECK(m.percent == 50.9);
  // Linux-only fields stay absent on macOS.
  CHECK_FALSE(m.buffers);
  CHECK_FALSE(m.cached);
  CHECK_FALSE(m.shared);
  CHECK_FALSE(m.slab);
}

TEST_CASE("virtual_memory with 16 KiB pages (Apple silicon) and no speculative pages",
          "[macos][memory]") {
  vm_pages vm;
  vm.free = 10000;
  vm.active = 200000;
  vm.inactive = 190000;
  vm.wire = 100000;
  virtual_memory_t m = virtual_memory_from(17179869184ull, vm, 16384);  // 16 GiB
  CHECK(m.available == 200000ull * 16384);
  CHECK(m.used == 300000ull * 16384);
  CHECK(m.free == 10000ull * 16384);
  CHECK(m.percent == 80.9);  // (16 GiB - 3.05 GiB) / 16 GiB
  // A speculative count above the free count (a racy read) does not wrap free around.
  vm.speculative = vm.free + 1;
  CHECK(virtual_memory_from(17179869184ull, vm, 16384).free == 0);
}

TEST_CASE("swap_memory from vm.swapusage", "[macos][memory]") {
  // sysctl vm.swapusage: "total = 2048.00M  used = 1022.75M  free = 1025.25M  (encrypted)"
  xsw x{2048ull << 20, 1075052544ull, 1072431104ull};  // 1025.25 MiB free, 1022.75 MiB used
  vm_pages vm;
  vm.pageins = 388108;
  vm.pageouts = 12;
  swap_memory_t s = swap_memory_from(x, vm, 4096);
  CHECK(s.total == 2147483648ull);
  CHECK(s.used == 1072431104ull);
  CHECK(s.free == 1075052544ull);
  CHECK(s.percent == 49.9);
  CHECK(s.sin == 388108ull * 4096);
  CHECK(s.sout == 12ull * 4096);
  // No swap file yet: 0 %, not a division by zero.
  CHECK(swap_memory_from(xsw{}, vm, 4096).percent == 0.0);
}

TEST_CASE("disk counters from a real IOBlockStorageDriver Statistics dictionary", "[macos][disk]") {
  // ioreg -c IOBlockStorageDriver on a Mac with an APPLE SSD AP1024Z (disk0):
  // "Statistics" = {"Operations (Write)"=13964680,"Latency Time (Write)"=0,
  // "Bytes (Read)"=368261685248,"Errors (Write)"=0,"Total Time (Read)"=3698579261481,
  // "Latency Time (Read)"=0,"Retries (Read)"=0,"Errors (Read)"=0,
  // "Total Time (Write)"=1213255816800,"Bytes (Write)"=222826323968,
  // "Operations (Read)"=12975224,"Retries (Write)"=0}
  const std::map<std::string, std::int64_t> stats = {{"Operations (Write)", 13964680},
                                                     {"Latency Time (Write)", 0},
                                                     {"Bytes (Read)", 368261685248},
                                                     {"Errors (Write)", 0},
                                                     {"Total Time (Read)", 3698579261481},
                                                     {"Latency Time (Read)", 0},
                                                     {"Retries (Read)", 0},
                                                     {"Errors (Read)", 0},
                                                     {"Total Time (Write)", 1213255816800},
                                                     {"Bytes (Write)", 222826323968},
                                                     {"Operations (Read)", 12975224},
                                                     {"Retries (Write)", 0}};
  auto lookup = [&](const char* key) -> std::optional<std::int64_t> {
    auto it = stats.find(key);
    if (it == stats.end()) return std::nullopt;
    return it->second;
  };
  disk_io_counters_t d = disk_counters_from(lookup);
  CHECK(d.read_count == 12975224);
  CHECK(d.write_count == 13964680);
  CHECK(d.read_bytes == 368261685248ull);
  CHECK(d.write_bytes == 222826323968ull);
  CHECK(d.read_time == 3698579u);  // ns -> ms, truncated
  CHECK(d.write_time == 1213255u);
  CHECK_FALSE(d.busy_time);  // macOS does not count it
  CHECK_FALSE(d.read_merged_count);

  // A driver that counts nothing yet (an SD card reader): counts 0, times absent.
  disk_io_counters_t empty =
      disk_counters_from([](const char*) -> std::optional<std::int64_t> { return std::nullopt; });
  CHECK(empty.read_count == 0);
  CHECK_FALSE(empty.read_time);
}

TEST_CASE("mount options in psutil's order", "[macos][disk]") {
  // The APFS system volume: read-only, local, root, volfs, journaled, multilabel.
  const std::uint64_t f = 0x1 | 0x1000 | 0x4000 | 0x8000 | 0x800000 | 0x4000000;
  CHECK(mount_opts_from(f) == "ro,local,rootfs,dovolfs,journaled,multilabel");
  // A writable data volume that hides from the Finder and ignores ownership.
  CHECK(mount_opts_from(0x1000 | 0x100000 | 0x200000 | 0x10000000) ==
        "rw,local,dontbrowse,ignore-ownership,noatime");
  CHECK(mount_opts_from(0) == "rw");
  // MNT_CMDFLAGS is a mask: any of its bits names it (psutil tests flags & MNT_CMDFLAGS).
  CHECK(mount_opts_from(0x20000) == "rw,cmdflags");
}

TEST_CASE("KERN_PROCARGS2: argc, exec path, padding, argv, environment", "[macos][procargs]") {
  bytes b;
  b.put<std::int32_t>(2).str("/bin/sleep").zeros(5).str("sleep").str("100");
  b.str("PATH=/usr/bin:/bin").str("HOME=/Users/me").str("").str("ptr_munge=").str("junk");
  procargs a = parse(b.b);
  CHECK(a.exe == "/bin/sleep");
  CHECK(a.argv == std::vector<std::string>{"sleep", "100"});
  REQUIRE(a.env.size() == 2);
  CHECK(a.env[0] == "PATH=/usr/bin:/bin");
  CHECK(a.env[1] == "HOME=/Users/me");
  auto env = environ_from(a.env);
  CHECK(env ==
        std::map<std::string, std::string>{{"HOME", "/Users/me"}, {"PATH", "/usr/bin:/bin"}});
}

TEST_CASE("KERN_PROCARGS2: truncated and hostile buffers", "[macos][procargs]") {
  SECTION("empty and shorter than argc") {
    CHECK(parse("").argv.empty());
    CHECK(parse(std::string("\x02\x00\x00", 3)).exe.empty());
  }
  SECTION("exec path without its NUL") {
    bytes b;
    b.put<std::int32_t>(1);
    b.b += "/bin/sl";
    procargs a = parse(b.b);
    CHECK(a.exe.empty());
    CHECK(a.argv.empty());
  }
  SECTION("argc larger than the arguments present: the cut one is dropped") {
    bytes b;
    b.put<std::int32_t>(5).str("/bin/ls").zeros(1).str("ls").str("-l");
    b.b += "/tm";  // cut without its NUL
    procargs a = parse(b.b);
    CHECK(a.argv == std::vector<std::string>{"ls", "-l"});
    CHECK(a.env.empty());
  }
  SECTION("negative and zero argc: no arguments, the environment still read") {
    bytes b;
    b.put<std::int32_t>(-7).str("/x").str("A=1");
    procargs a = parse(b.b);
    CHECK(a.argv.empty());
    CHECK(a.env.size() == 1);
    bytes z;
    z.put<std::int32_t>(0).str("/x").str("B=2").str("");
    CHECK(parse(z.b).env.size() == 1);
  }
  SECTION("an environment string cut short is dropped") {
    bytes b;
    b.put<std::int32_t>(1).str("/x").str("x").str("A=1");
    b.b += "B=2";
    procargs a = parse(b.b);
    REQUIRE(a.env.size() == 1);
    CHECK(a.env[0] == "A=1");
  }
  SECTION("argc of INT32_MAX over a small buffer ends at the buffer") {
    bytes b;
    b.put<std::int32_t>(INT32_MAX).str("/x").str("a").str("b");
    CHECK(parse(b.b).argv.size() == 2);
  }
  SECTION("all padding: no arguments") {
    bytes b;
    b.put<std::int32_t>(3).str("/x").zeros(64);
    procargs a = parse(b.b);
    CHECK(a.argv.empty());
    CHECK(a.env.empty());
  }
}

TEST_CASE("environ: psutil's parse_environ_block rules", "[macos][procargs]") {
  std::vector<std::string_view> env = {"A=1", "=hidden", "NOEQUALS", "B==2", "A=3", "C="};
  auto m = environ_from(env);
  CHECK(m == std::map<std::string, std::string>{{"A", "3"}, {"B", "=2"}, {"C", ""}});
}

TEST_CASE("status from p_stat and the flags psutil looks at", "[macos][process]") {
  CHECK(status_from(kinfo::srun, 0, 0) == "running");
  CHECK(status_from(kinfo::ssleep, 0, 0) == "sleeping");
  CHECK(status_from(kinfo::sidl, 0, 0) == "idle");
  CHECK(status_from(kinfo::sstop, kinfo::p_system, kinfo::eproc_sleader) == "stopped");
  CHECK(status_from(kinfo::szomb, kinfo::p_wexit, 0) == "zombie");
  // kernel_task (P_SYSTEM), a process exiting, a parent waiting on vfork: idle.
  CHECK(status_from(kinfo::srun, kinfo::p_system, 0) == "idle");
  CHECK(status_from(kinfo::srun, kinfo::p_wexit, 0) == "idle");
  CHECK(status_from(kinfo::srun, kinfo::p_ppwait, kinfo::eproc_sleader) == "idle");
  // launchd and login shells: session leaders, reported as sleeping.
  CHECK(status_from(kinfo::srun, 0, kinfo::eproc_sleader) == "sleeping");
  CHECK(status_from(0, 0, 0) == "?");
  CHECK(status_from(9, 0, 0) == "?");
}

TEST_CASE("name: a cut comm name lengthened from the command line", "[macos][process]") {
  // p_comm keeps 16 bytes (MAXCOMLEN).
  CHECK(long_name("com.apple.WebKit", {"/System/Library/Frameworks/WebKit.framework/XPCServices/"
                                       "com.apple.WebKit.WebContent"}) ==
        "com.apple.WebKit.WebContent");
  CHECK(long_name("short", {"/bin/other"}) == "short");
  CHECK(long_name("fifteen-chars-x", {"/bin/unrelated-name"}) == "fifteen-chars-x");
  CHECK(long_name("fifteen-chars-x", {}) == "fifteen-chars-x");
}

TEST_CASE("page faults: minor = all faults - pageins", "[macos][process]") {
  page_faults_t f = page_faults_from(10000, 250);
  CHECK(f.minor == 9750);
  CHECK(f.major == 250);
  CHECK(page_faults_from(5, 9).minor == 0);  // never wraps
}

TEST_CASE("uss from VM regions, psutil's libtop rules", "[macos][process]") {
  const shared_range x86{0x00007FF800000000ULL, 0x00000007FE000000ULL};
  std::vector<region> r = {
      {0x100000000, share_mode::private_, 1, 10, 2},           // 12
      {0x100100000, share_mode::cow, 1, 5, 7},                 // 5 + 7 (one reference)
      {0x100200000, share_mode::cow, 3, 5, 7},                 // 5
      {0x100300000, share_mode::shared, 1, 100, 100},          // 0
      {0x100400000, share_mode::large_page, 1, 4, 0},          // 4
      {0x00007FF800001000ULL, share_mode::cow, 1, 9, 9},       // in the shared region: 0
      {0x00007FF800002000ULL, share_mode::private_, 1, 3, 0},  // private there still counts: 3
      {0x100500000, share_mode::empty, 1, 50, 50},             // 0
  };
  CHECK(uss_pages(r, x86) == 12 + 12 + 5 + 4 + 3);
  // arm64: psutil knows no shared range, so the COW region there counts too.
  CHECK(uss_pages(r, shared_range{}) == 12 + 12 + 5 + 4 + 18 + 3);
}

TEST_CASE("Mach time units to seconds with hw.tbfrequency", "[macos][process]") {
  CHECK(mach_units_to_seconds(24000000, 24000000) == 1.0);      // Apple silicon: 24 MHz
  CHECK(mach_units_to_seconds(1500000000, 1000000000) == 1.5);  // Intel: 1 GHz (ns)
  CHECK(mach_units_to_seconds(5, 0) == 0.0);
}

TEST_CASE("cpu_freq: Intel hw.cpufrequency in Hz", "[macos][cpu]") {
  cpu_freq_t f = cpu_freq_from_hz(2600000000ull, 2600000000ull, 2600000000ull);
  CHECK(f.current == 2600);
  CHECK(f.min == 2600.0);
  CHECK(f.max == 2600.0);
  CHECK(cpu_freq_from_hz(2899999999ull, 0, 0).current == 2899);  // truncated, as psutil
  CHECK(cpu_freq_from_hz(1, 0, 0).min == 0.0);
}

TEST_CASE("cpu_freq: Apple silicon pmgr voltage-states tables", "[macos][cpu]") {
  auto table = [](std::initializer_list<std::uint32_t> freqs) {
    bytes b;
    for (std::uint32_t f : freqs) b.put<std::uint32_t>(f).put<std::uint32_t>(800);  // + voltage
    return b.b;
  };
  // M1: E-cluster to 2064 MHz, P-cluster to 3204 MHz (Hz), GPU to 1278 MHz.
  std::vector<freq_table> m1 = {
      {"voltage-states1-sram", table({600000000, 972000000, 1332000000, 1704000000, 2064000000})},
      {"voltage-states5-sram", table({600000000, 828000000, 2988000000, 3204000000, 0})},
      {"voltage-states9-sram", table({396000000, 720000000, 1278000000})},  // GPU: not a CPU
      {"voltage-states5", table({3500000000u})},                            // no -sram
      {"voltage-statesX-sram", table({3500000000u})},                       // not digits
      {"voltage-states-sram", table({3500000000u})},                        // no digits
  };
  auto f = cpu_freq_from_pmgr(m1);
  REQUIRE(f);
  CHECK(f->current == 3204);
  CHECK(f->max == 3204.0);
  CHECK(f->min == 600.0);
  // M4: kHz; values outside 500-20000 MHz dropped (the table's terminator, junk).
  std::vector<freq_table> m4 = {{"voltage-states13-sram", table({1260000, 4512000, 0, 99999})}};
  f = cpu_freq_from_pmgr(m4);
  REQUIRE(f);
  CHECK(f->max == 4512.0);
  CHECK(f->min == 1260.0);
  // A virtual machine's pmgr without tables, or a table with an odd tail: nothing / no crash.
  CHECK_FALSE(cpu_freq_from_pmgr({}));
  CHECK_FALSE(cpu_freq_from_pmgr({{"voltage-states1-sram", std::string("\x01\x02", 2)}}));
}

TEST_CASE("NET_RT_IFLIST2: RTM_IFINFO2 messages to counters", "[macos][net]") {
  // One message: if_msghdr2 (msglen, version, type, ... ifm_data at 32) then sockaddr_dl.
  auto ifinfo2 = [](const std::string& name, std::uint64_t base, unsigned type = 0x12) {
    bytes m;
    const std::size_t len = iflist2::msghdr2_size + 8 + name.size() + 6;
    m.put<std::uint16_t>(static_cast<std::uint16_t>(len)).put<std::uint8_t>(7);
    m.put<std::uint8_t>(static_cast<std::uint8_t>(type)).zeros(iflist2::msghdr2_size - 4);
    auto set = [&](std::size_t field, std::uint64_t v) {
      std::memcpy(&m.b[iflist2::data_offset + field], &v, sizeof v);
    };
    set(iflist2::ipackets, base + 1);
    set(iflist2::ierrors, base + 2);
    set(iflist2::opackets, base + 3);
    set(iflist2::oerrors, base + 4);
    set(iflist2::ibytes, base + 5);
    set(iflist2::obytes, base + 6);
    set(iflist2::iqdrops, base + 7);
    // sockaddr_dl: len, family AF_LINK (18), index, type, nlen, alen 6, slen, name, MAC.
    m.put<std::uint8_t>(static_cast<std::uint8_t>(8 + name.size() + 6)).put<std::uint8_t>(18);
    m.put<std::uint16_t>(4).put<std::uint8_t>(6).put<std::uint8_t>(
        static_cast<std::uint8_t>(name.size()));
    m.put<std::uint8_t>(6).put<std::uint8_t>(0);
    m.b += name;
    m.b += std::string("\xa4\x83\xe7\x01\x02\x03", 6);
    return m.b;
  };
  std::string buf = ifinfo2("lo0", 1000, 0x0e);  // an RTM_IFINFO: skipped
  buf += ifinfo2("en0", 100);
  buf += ifinfo2("utun3", 200, 0x13);  // RTM_NEWMADDR2: skipped
  buf += ifinfo2("bridge100", 300);
  auto out = net_io_from_iflist2(reinterpret_cast<const unsigned char*>(buf.data()), buf.size());
  REQUIRE(out.size() == 2);
  const net_io_counters_t& en0 = out.at("en0");
  CHECK(en0.packets_recv == 101);
  CHECK(en0.errin == 102);
  CHECK(en0.packets_sent == 103);
  CHECK(en0.errout == 104);
  CHECK(en0.bytes_recv == 105);
  CHECK(en0.bytes_sent == 106);
  CHECK(en0.dropin == 107);
  CHECK(en0.dropout == 0);  // macOS does not count it: psutil's 0
  CHECK(out.at("bridge100").bytes_sent == 306);

  SECTION("a message cut short, a zero length, a length past the end") {
    std::string cut = ifinfo2("en1", 0);
    std::string shortmsg = cut.substr(0, 100);
    shortmsg[0] = 100;  // msglen 100 < sizeof(if_msghdr2): skipped
    shortmsg[1] = 0;
    std::string b2 = shortmsg + ifinfo2("en2", 0);
    auto o = net_io_from_iflist2(reinterpret_cast<const unsigned char*>(b2.data()), b2.size());
    CHECK(o.size() == 1);
    CHECK(o.count("en2") == 1);
    std::string zero = ifinfo2("en3", 0);
    zero[0] = zero[1] = 0;
    std::string b3 = ifinfo2("en4", 0) + zero + ifinfo2("en5", 0);
    o = net_io_from_iflist2(reinterpret_cast<const unsigned char*>(b3.data()), b3.size());
    CHECK(o.size() == 1);  // the walk stops at the zero length
    std::string b4 = ifinfo2("en6", 0);
    b4.resize(b4.size() - 1);  // the message claims one byte more than there is
    CHECK(
        net_io_from_iflist2(reinterpret_cast<const unsigned char*>(b4.data()), b4.size()).empty());
  }
  SECTION("a name longer than IFNAMSIZ - 1 is cut at 15 bytes, as psutil") {
    std::string b5 = ifinfo2("averyveryverylongname", 0);
    auto o = net_io_from_iflist2(reinterpret_cast<const unsigned char*>(b5.data()), b5.size());
    CHECK(o.count("averyveryverylo") == 1);
  }
}

TEST_CASE("SIOCGIFMEDIA words to speed and duplex", "[macos][net]") {
  const std::uint64_t ether = 0x20, wifi = 0x80, token = 0x40, fdx = 0x00100000, hdx = 0x00200000;
  CHECK(media_speed(ether | 16 | fdx) == 1000);  // IFM_1000_T, full duplex
  CHECK(media_duplex(ether | 16 | fdx) == nic_duplex::full);
  CHECK(media_speed(ether | 6 | hdx) == 100);  // IFM_100_TX
  CHECK(media_duplex(ether | 6 | hdx) == nic_duplex::half);
  CHECK(media_speed(ether | 3) == 10);  // IFM_10_T
  CHECK(media_duplex(ether | 3) == nic_duplex::unknown);
  CHECK(media_speed(ether | 21 | fdx) == 10000);  // IFM_10G_T
  CHECK(media_speed(ether | 0x10001) == 10000);   // IFM_10G_TWINAX = IFM_X(33)
  CHECK(media_speed(ether | 0x10000) == 2500);    // IFM_2500_SX = IFM_X(32)
  CHECK(media_speed(ether | 17) == 1);            // IFM_HPNA_1
  CHECK(media_speed(ether | 22) == 0);            // IFM_2500_T: not in psutil's table
  CHECK(media_speed(ether | 0) == 0);             // IFM_AUTO
  CHECK(media_speed(wifi | 7) == 11);             // IFM_IEEE80211_DS11
  CHECK(media_speed(wifi | 8) == 1);              // IFM_IEEE80211_DS1
  CHECK(media_speed(token | 6) == 16);            // IFM_TOK_UTP16
  CHECK(media_speed(0x60 | 3) == 0);              // FDDI
}

TEST_CASE("TCP states of <netinet/tcp_fsm.h> by psutil's names", "[macos][net]") {
  CHECK(std::string(tcp_state_name(0)) == "CLOSE");
  CHECK(std::string(tcp_state_name(1)) == "LISTEN");
  CHECK(std::string(tcp_state_name(3)) == "SYN_RECV");
  CHECK(std::string(tcp_state_name(4)) == "ESTABLISHED");
  CHECK(std::string(tcp_state_name(6)) == "FIN_WAIT1");
  CHECK(std::string(tcp_state_name(9)) == "FIN_WAIT2");
  CHECK(std::string(tcp_state_name(10)) == "TIME_WAIT");
  CHECK(std::string(tcp_state_name(11)) == "NONE");
  CHECK(std::string(tcp_state_name(-1)) == "NONE");
}

TEST_CASE("battery from the power source description", "[macos][sensors]") {
  sensors_battery_t b = battery_from(85, 250, "Battery Power");
  CHECK(b.percent == 85);
  CHECK(b.secsleft == 250 * 60);
  CHECK(b.power_plugged == false);
  b = battery_from(100, 0, "AC Power");
  CHECK(b.power_plugged == true);
  CHECK(b.secsleft == power_time_unlimited);
  CHECK(battery_from(40, -1, "Battery Power").secsleft == power_time_unknown);  // estimating
  CHECK(battery_from(40, std::nullopt, "Battery Power").secsleft == power_time_unknown);
}

TEST_CASE("posix: if_data counters, dropout only where the struct counts it", "[macos][posix]") {
  struct with_oqdrops {  // FreeBSD's struct if_data has ifi_oqdrops
    std::uint64_t ifi_ipackets = 1, ifi_ierrors = 2, ifi_opackets = 3, ifi_oerrors = 4,
                  ifi_ibytes = 5, ifi_obytes = 6, ifi_iqdrops = 7, ifi_oqdrops = 8;
  };
  struct without {  // macOS' if_data64, OpenBSD's if_data
    std::uint32_t ifi_ipackets = 1, ifi_ierrors = 2, ifi_opackets = 3, ifi_oerrors = 4,
                  ifi_ibytes = 5, ifi_obytes = 6, ifi_iqdrops = 7;
  };
  net_io_counters_t a = psinfo::detail::posix::if_data_counters(with_oqdrops{});
  net_io_counters_t b = psinfo::detail::posix::if_data_counters(without{});
  CHECK(a.dropout == 8);
  CHECK(b.dropout == 0);
  CHECK(a.bytes_sent == 6);
  CHECK(b.bytes_recv == 5);
  CHECK(b.dropin == 7);
}
