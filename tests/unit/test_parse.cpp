// The pure parsers, on hand-written text whose expected values are read off the text.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utmp.h>
#include <utmpx.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <psinfo/errors.hpp>

#include "linux/parse.hpp"
#include "util.hpp"

using namespace psinfo::detail;
using Catch::Matchers::Contains;

TEST_CASE("is_space is the C locale's isspace for every byte") {
  for (int b = 0; b < 256; ++b) {
    INFO("byte " << b);
    CHECK(psinfo::detail::is_space(static_cast<char>(b)) == (std::isspace(b) != 0));
  }
  std::string_view text("a\x01b c");  // a control byte is part of the token
  std::string_view tok;
  REQUIRE(psinfo::detail::next_token(text, tok));
  CHECK(tok == "a\x01b");
}

TEST_CASE("parse_cpu_list reads ranges and singles") {
  CHECK(parse_cpu_list("0-3,8\n") == std::vector<int>{0, 1, 2, 3, 8});
  CHECK(parse_cpu_list("5") == std::vector<int>{5});
  CHECK(parse_cpu_list("0,2-3") == std::vector<int>{0, 2, 3});
  CHECK(parse_cpu_list("3-1").empty());
  CHECK(parse_cpu_list("x").empty());
  CHECK(parse_cpu_list("").empty());
}

TEST_CASE("a /proc/stat cpu line with all ten columns") {
  auto t = parse_stat_cpu_line("cpu  301854 612 111922 8979004 3552 2 3944 0 44 36", 100);
  REQUIRE(t);
  CHECK(t->user == 3018.54);
  CHECK(*t->nice == 6.12);
  CHECK(t->system == 1119.22);
  CHECK(t->idle == 89790.04);
  CHECK(*t->iowait == 35.52);
  CHECK(*t->irq == 0.02);
  CHECK(*t->softirq == 39.44);
  CHECK(*t->steal == 0.0);
  CHECK(*t->guest == 0.44);
  CHECK(*t->guest_nice == 0.36);
  CHECK_FALSE(t->interrupt);
  CHECK_FALSE(t->dpc);
}

TEST_CASE("a /proc/stat cpu line from an old kernel lacks steal and guest") {
  auto t = parse_stat_cpu_line("cpu0 200 0 100 700 50 1 2", 100);
  REQUIRE(t);
  CHECK(t->user == 2.0);
  CHECK(*t->softirq == 0.02);
  CHECK_FALSE(t->steal);
  CHECK_FALSE(t->guest);
  CHECK_FALSE(t->guest_nice);
}

TEST_CASE("columns after guest_nice are ignored") {
  auto t = parse_stat_cpu_line("cpu 100 20 30 400 5 6 7 8 9 10 11 12", 100);
  REQUIRE(t);
  CHECK(*t->guest_nice == 0.10);
  CHECK(t->user == 1.0);
}

TEST_CASE("malformed cpu lines are rejected") {
  CHECK_FALSE(parse_stat_cpu_line("cpu 1 2 3", 100));
  CHECK_FALSE(parse_stat_cpu_line("cpu 1 2 x 4", 100));
  CHECK_FALSE(parse_stat_cpu_line("intr 1 2 3 4", 100));
  CHECK_THROWS_AS(parse_stat_cpu_total("intr 5\nctxt 6\n", 100), psinfo::error);
  CHECK_THROWS_WITH(parse_stat_cpu_total("", 100), Contains("cpu"));
  CHECK_THROWS_AS(parse_stat_cpu_percpu("cpu 1 2 3 4\ncpu0 1 2\n", 100), psinfo::error);
  // The message shows the bad line, quoted.
  CHECK_THROWS_WITH(parse_stat_cpu_total("cpu  1 2 x 4\n", 100), Contains("'cpu  1 2 x 4'"));
}

TEST_CASE("a bad token in an error message: quoted, cut, no raw binary") {
  CHECK(quoted("abc") == "'abc'");
  CHECK(quoted(std::string_view("\x01\x1b[31m\xff", 7)) == "'\\x01\\x1b[31m\\xff'");
  CHECK(quoted(std::string(100, 'a')) == "'" + std::string(40, 'a') + "'...");
  CHECK_THROWS_WITH(parse_loadavg("\x01\x02\xff garbage\n"),
                    Contains("'\\x01\\x02\\xff'") && !Contains("\x01"));
  CHECK_THROWS_WITH(parse_loadavg("1.0 2.0\n"), Contains("fewer than 3"));
}

TEST_CASE("per-CPU lines are read in file order, offline CPUs have none") {
  const char* stat =
      "cpu  10 0 10 80 0 0 0 0 0 0\n"
      "cpu0 5 0 5 40 0 0 0 0 0 0\n"
      "cpu3 5 0 5 40 0 0 0 0 0 0\n"
      "intr 1\n";
  auto v = parse_stat_cpu_percpu(stat, 10);
  REQUIRE(v.size() == 2);
  CHECK(v[0].user == 0.5);
  CHECK(count_stat_cpus(stat) == 2);
}

TEST_CASE("stat counters") {
  auto c = parse_stat_counters(
      "cpu  1 2 3 4\nintr 8885917 17 0\nctxt 38014093\nbtime 1418183276\nsoftirq 5057579 1\n");
  CHECK(*c.intr == 8885917);
  CHECK(*c.ctxt == 38014093);
  CHECK(*c.btime == 1418183276);
  CHECK(*c.softirq == 5057579);
  auto none = parse_stat_counters("cpu 1 2 3 4\n");
  CHECK_FALSE(none.ctxt);
  CHECK_FALSE(none.softirq);
}

TEST_CASE("meminfo keys are exact, values are KiB") {
  auto m = parse_meminfo(
      "MemTotal:        3742148 kB\nActive(file):     213412 kB\nActive:          2233416 kB\n"
      "HugePages_Total:       0\nShadowCallStack:10373888 kB\nbroken line\nMemFree: x kB\n");
  CHECK(*m.mem_total == 3742148ull * 1024);
  CHECK(*m.active_file == 213412ull * 1024);
  CHECK(*m.active == 2233416ull * 1024);
  CHECK_FALSE(m.mem_free);  // unparsable value
  CHECK_FALSE(m.mem_available);
}

namespace {
// The plain reading parse_meminfo must give: lines split at '\n', the key before the first
// ':', the first whitespace-separated token after it, which must be all digits and fit in 64
// bits (later lines win).
std::map<std::string, std::uint64_t> ref_meminfo(const std::string& text) {
  std::map<std::string, std::uint64_t> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    const std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::size_t b = colon + 1;
    while (b < line.size() && std::isspace(static_cast<unsigned char>(line[b]))) ++b;
    std::size_t e = b;
    while (e < line.size() && !std::isspace(static_cast<unsigned char>(line[e]))) ++e;
    if (e == b) continue;
    bool digits = true;
    unsigned __int128 v = 0;
    for (std::size_t i = b; i < e && digits; ++i) {
      digits = line[i] >= '0' && line[i] <= '9';
      v = v * 10 + static_cast<unsigned>(line[i] - '0');
      if (v > ~std::uint64_t{0}) digits = false;
    }
    if (digits) out[line.substr(0, colon)] = static_cast<std::uint64_t>(v) * 1024;
  }
  return out;
}
}  // namespace

TEST_CASE("meminfo: every key, separator and odd value as the plain reading has it") {
  const std::pair<const char*, std::optional<std::uint64_t> meminfo::*> keys[] = {
      {"MemTotal", &meminfo::mem_total},
      {"MemFree", &meminfo::mem_free},
      {"MemAvailable", &meminfo::mem_available},
      {"Buffers", &meminfo::buffers},
      {"Cached", &meminfo::cached},
      {"SwapCached", &meminfo::swap_cached},
      {"Active", &meminfo::active},
      {"Inactive", &meminfo::inactive},
      {"Active(file)", &meminfo::active_file},
      {"Inactive(file)", &meminfo::inactive_file},
      {"Inact_dirty", &meminfo::inact_dirty},
      {"Inact_clean", &meminfo::inact_clean},
      {"Inact_laundry", &meminfo::inact_laundry},
      {"Shmem", &meminfo::shmem},
      {"MemShared", &meminfo::mem_shared},
      {"Slab", &meminfo::slab},
      {"SReclaimable", &meminfo::sreclaimable},
      {"SwapTotal", &meminfo::swap_total},
      {"SwapFree", &meminfo::swap_free}};
  const char* const others[] = {"Active(anon)",
                                "HugePages_Total",
                                "DirectMap4k",
                                "Mem",
                                "MemTotalX",
                                "memtotal",
                                "Slab ",
                                " Slab",
                                "ShmemPmdMapped",
                                "ShadowCallStack",
                                "HardwareCorrupted",
                                "Committed_AS"};
  const char* const values[] = {"0",
                                "7",
                                "3742148",
                                "18014398509481983",
                                "18014398509481984",
                                "18446744073709551615",
                                "18446744073709551616",
                                "00000000000000000000012",
                                "12a",
                                "-1",
                                "+3",
                                "x",
                                ""};
  const char* const seps[] = {" ", "        ", "\t", " \t ", "\r", "\v", "", "   \x01"};
  std::mt19937 rng(20261125);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text;
    const std::size_t lines = pick(30);
    for (std::size_t l = 0; l < lines; ++l) {
      const bool wanted = pick(3) != 0;
      const std::string key =
          wanted ? keys[pick(std::size(keys))].first : others[pick(std::size(others))];
      if (pick(3) == 0) {
        // Exactly as the kernel's show_val_kb prints it (the fixed-width fast path): the key
        // and ':' padded to 16 columns, the value right-aligned in 8 (9+ digits overflow it).
        const unsigned long long v = pick(4) == 0 ? rng() % 100000000000ull : rng() % 100000000;
        char buf[96];
        std::snprintf(buf, sizeof buf, "%-16s%8llu kB", (key + ":").c_str(), v);
        text += buf;
      } else {
        text += key;
        if (pick(30) != 0) text += ':';
        if (pick(2) == 0) {  // padded to 16 + 8 columns of the text (not of the line)
          char buf[64];
          std::snprintf(buf, sizeof buf, "%*llu kB", static_cast<int>(8 + 16 - text.size() % 16),
                        static_cast<unsigned long long>(rng() % 100000000));
          text += buf;
        } else {
          text += seps[pick(std::size(seps))];
          text += values[pick(std::size(values))];
          if (pick(2) == 0) text += std::string(seps[pick(std::size(seps))]) + "kB";
        }
      }
      if (pick(8) == 0 && !text.empty()) {
        const char swaps[] = {' ', '\t', ':', '\n', '\0', '9', 'k'};
        text[pick(text.size())] = swaps[pick(sizeof swaps)];
      }
      if (l + 1 < lines || pick(2) == 0) text += '\n';
    }
    INFO("text: '" << text << "'");
    const auto ref = ref_meminfo(text);
    const meminfo m = parse_meminfo(text);
    for (const auto& [key, field] : keys) {
      auto it = ref.find(key);
      INFO("key " << key);
      CHECK(m.*field ==
            (it == ref.end() ? std::nullopt : std::optional<std::uint64_t>(it->second)));
    }
  }
}

TEST_CASE("virtual memory with MemAvailable") {
  meminfo m = parse_meminfo(
      "MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 600 kB\nBuffers: 10 kB\n"
      "Cached: 300 kB\nSReclaimable: 50 kB\nShmem: 5 kB\nActive: 200 kB\nInactive: 250 kB\n"
      "Slab: 70 kB\n");
  auto vm = compute_virtual_memory(m, std::nullopt);
  CHECK(vm.total == 1024000);
  CHECK(vm.available == 614400);
  CHECK(vm.used == 1024000 - 614400);
  CHECK(vm.percent == 40.0);
  CHECK(vm.free == 102400);
  CHECK(*vm.cached == 350 * 1024);
  CHECK(*vm.buffers == 10240);
  CHECK(*vm.shared == 5120);
  CHECK(*vm.active == 204800);
  CHECK(*vm.inactive == 256000);
  CHECK(*vm.slab == 71680);
  CHECK_FALSE(vm.wired);
}

TEST_CASE("virtual memory: missing fields are absent, not zero") {
  meminfo m = parse_meminfo("MemTotal: 1000 kB\nMemFree: 400 kB\n");
  auto vm = compute_virtual_memory(m, std::nullopt);
  CHECK_FALSE(vm.buffers);
  CHECK_FALSE(vm.cached);
  CHECK_FALSE(vm.shared);
  CHECK_FALSE(vm.active);
  CHECK_FALSE(vm.inactive);
  CHECK_FALSE(vm.slab);
  // No MemAvailable and no page-cache figures: psutil's fallback free + Cached (0 here).
  CHECK(vm.available == 409600);
  CHECK_THROWS_AS(compute_virtual_memory(parse_meminfo("MemFree: 1 kB\n"), std::nullopt),
                  psinfo::error);
}

TEST_CASE("available is clamped to [0, total]") {
  // The estimate goes negative when the low watermark exceeds everything reclaimable.
  meminfo m = parse_meminfo(
      "MemTotal: 1000 kB\nMemFree: 10 kB\nCached: 0 kB\nActive(file): 0 kB\n"
      "Inactive(file): 0 kB\nSReclaimable: 0 kB\n");
  CHECK(compute_virtual_memory(m, 1024000u).available == 0);
  // MemAvailable above MemTotal (seen on some containers): psutil falls back to free.
  meminfo big = parse_meminfo("MemTotal: 1000 kB\nMemFree: 300 kB\nMemAvailable: 2000 kB\n");
  CHECK(compute_virtual_memory(big, std::nullopt).available == 307200);
}

TEST_CASE("zoneinfo low watermarks are summed") {
  CHECK(parse_zoneinfo_low("Node 0, zone DMA\n  pages free 3\n        min 10\n        low      12\n"
                           "        high 14\nNode 0, zone Normal\n        low 6250\n") == 6262);
  CHECK(parse_zoneinfo_low("nothing here\n") == 0);
}

TEST_CASE("vmstat swap counters") {
  auto s = parse_vmstat_swap("nr_free_pages 1\npswpin 1476\npswpout 35045\n");
  CHECK(*s.pswpin == 1476);
  CHECK(*s.pswpout == 35045);
  CHECK_FALSE(parse_vmstat_swap("nr_free_pages 1\n").pswpin);
  // Only whole keys at the start of a line count.
  auto t = parse_vmstat_swap("xpswpin 9\npswpin_extra 8\npswpout 3\npswpin 7");
  CHECK(*t.pswpin == 7);
  CHECK(*t.pswpout == 3);
  CHECK_FALSE(parse_vmstat_swap("pswpin\n").pswpin);
}

TEST_CASE("cpuinfo MHz keys of x86, s390x and others") {
  auto v = parse_cpuinfo_mhz(
      "processor\t: 0\ncpu MHz\t\t: 2599.998\nprocessor : 1\nCPU MHz: 1000\n"
      "clock\t\t: 1200.000000MHz\ncpu MHz dynamic : 5200\ncpu MHz static : 5000\n"
      "cpu mhz something: 7\n");
  CHECK(v == std::vector<double>{2599.998, 1000, 1200, 5200});
}

TEST_CASE("cpuinfo keys and the MHz suffix in any case, other keys of the same length not") {
  auto v = parse_cpuinfo_mhz(
      "CpU mHz : 1.5\nCLOCK: 2 mhz\nCPU MHZ DYNAMIC :3MHZ\ncpu_mhz : 9\nclocks : 9\n"
      "cpu mhz dynamiC\t: 4 MhZ \n  clock  : 5\ncpu mhz : 6 kHz\nclock : MHz\n");
  CHECK(v == std::vector<double>{1.5, 2, 3, 4, 5});
  CHECK(count_cpuinfo_cores("PHYSICAL ID : 0\nCpu Cores : 3\n\n") == 3);
  CHECK(count_cpuinfo_cores("physical_id : 0\ncpu cores : 3\n\n") == 0);
}

TEST_CASE("cpuinfo processors and physical cores") {
  const char* two_packages =
      "processor\t: 0\nphysical id\t: 0\ncpu cores\t: 4\n\n"
      "processor\t: 1\nphysical id\t: 1\ncpu cores\t: 4\n\n"
      "processor\t: 2\nphysical id\t: 0\ncpu cores\t: 4\n\n";
  CHECK(count_cpuinfo_processors(two_packages) == 3);
  CHECK(count_cpuinfo_cores(two_packages) == 8);
  // s390x spacing ("physical id : 0") works too; a section without a closing blank line does
  // not count, as in psutil.
  CHECK(count_cpuinfo_cores("physical id : 0\ncpu cores : 2\n\nphysical id : 1\ncpu cores : 2\n") ==
        2);
  CHECK(count_cpuinfo_cores("processor : 0\n\n") == 0);
}

TEST_CASE("loadavg") {
  auto l = parse_loadavg("0.21 0.37 0.39 1/719 19737\n");
  CHECK(l[0] == 0.21);
  CHECK(l[1] == 0.37);
  CHECK(l[2] == 0.39);
  CHECK_THROWS_AS(parse_loadavg("0.21 zz"), psinfo::error);
}

TEST_CASE("number parsing rejects junk") {
  CHECK(to_u64("18446744073709551615") == 18446744073709551615ull);
  CHECK_FALSE(to_u64("18446744073709551616"));
  CHECK_FALSE(to_u64("-1"));
  CHECK_FALSE(to_u64("12a"));
  CHECK_FALSE(to_u64(""));
  CHECK(to_i64("-5") == -5);
  CHECK(to_double("2599.998") == 2599.998);
}

TEST_CASE("round1 is Python's round(x, 1)") {
  // Values Python gives (python3 -c 'print(round(x, 1))'): ties go to the even neighbour of
  // the exact binary value.
  CHECK(psinfo::detail::round1(0.25) == 0.2);
  CHECK(psinfo::detail::round1(0.35) == 0.3);  // 0.34999999999999997779...
  CHECK(psinfo::detail::round1(0.45) == 0.5);  // 0.45000000000000001110...
  CHECK(psinfo::detail::round1(2.675) == 2.7);
  CHECK(psinfo::detail::round1(33.33333) == 33.3);
  CHECK(psinfo::detail::round1(-0.05) == -0.1);   // -0.05000000000000000277...
  CHECK(psinfo::detail::round1(99.95) == 100.0);  // 99.9500000000000028421...
  CHECK(psinfo::detail::round1(1e300) == 1e300);
  // The fast path agrees with the sure one on many values, ties and near-ties included.
  unsigned long long seed = 12345;
  for (int i = 0; i < 200000; ++i) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    double x = static_cast<double>(seed >> 11) / static_cast<double>(1ull << 53) * 200.0 - 50.0;
    if (i % 4 == 0) x = (static_cast<double>(static_cast<long long>(x * 100)) + 5) / 100;  // x.x5
    INFO(x);
    CHECK(psinfo::detail::round1(x) == psinfo::detail::round1_exact(x));
  }
}

TEST_CASE("parse_utmp: the USER_PROCESS records glibc's getutxent reads from the same file") {
  char path[] = "/tmp/psinfo-utmp-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  struct rec {
    short type;
    const char *user, *line, *host;
    int pid, sec;
  };
  const rec recs[] = {{BOOT_TIME, "reboot", "~", "6.1", 0, 100},
                      {USER_PROCESS, "alice", "pts/0", "10.0.0.1", 1234, 1700000000},
                      {DEAD_PROCESS, "", "pts/1", "", 99, 5},
                      {USER_PROCESS, "bob", "tty1", "", 42, 1700000100},
                      {LOGIN_PROCESS, "LOGIN", "tty2", "", 43, 7},
                      {USER_PROCESS, "carol-with-a-name-of-exactly-32-c", "", ":0", 44, 8},
                      {USER_PROCESS, "dave", ":1", ":0.0", 45, 9}};
  REQUIRE(utmpxname(path) == 0);
  setutxent();
  for (const rec& r : recs) {
    struct utmpx u {};
    u.ut_type = r.type;
    u.ut_pid = r.pid;
    std::strncpy(u.ut_user, r.user, sizeof u.ut_user);  // not NUL-terminated when full
    std::strncpy(u.ut_line, r.line, sizeof u.ut_line);
    std::strncpy(u.ut_host, r.host, sizeof u.ut_host);
    std::snprintf(u.ut_id, sizeof u.ut_id, "%d", r.pid);
    u.ut_tv.tv_sec = r.sec;
    REQUIRE(pututxline(&u) != nullptr);
  }
  // Read back with glibc: the independent reading.
  std::vector<psinfo::user_t> want;
  setutxent();
  while (struct utmpx* u = getutxent()) {
    if (u->ut_type != USER_PROCESS) continue;
    psinfo::user_t e;
    e.name.assign(u->ut_user, strnlen(u->ut_user, sizeof u->ut_user));
    std::string line(u->ut_line, strnlen(u->ut_line, sizeof u->ut_line));
    if (!line.empty()) e.terminal = line;
    e.host.assign(u->ut_host, strnlen(u->ut_host, sizeof u->ut_host));
    if (e.host.empty() || e.host == ":0" || e.host == ":0.0") e.host = "localhost";
    e.started = u->ut_tv.tv_sec;
    e.pid = u->ut_pid;
    want.push_back(e);
  }
  endutxent();
  utmpxname(_PATH_UTMP);
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unlink(path);
  REQUIRE(data.size() == std::size(recs) * sizeof(struct utmpx));
  REQUIRE(want.size() == 4);
  CHECK(want[2].name == "carol-with-a-name-of-exactly-32-");  // 32 bytes, no NUL
  for (const std::string& tail : {std::string(), std::string(100, 'x')}) {
    auto got = parse_utmp(data + tail);  // a short last record is ignored, as by getutxent
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      CHECK(got[i].name == want[i].name);
      CHECK(got[i].terminal == want[i].terminal);
      CHECK(got[i].host == want[i].host);
      CHECK(got[i].started == want[i].started);
      CHECK(got[i].pid == want[i].pid);
    }
  }
  CHECK(parse_utmp("").empty());
  CHECK(parse_utmp(data.substr(0, sizeof(struct utmpx) - 1)).empty());
}
