// The memory functions on recorded trees (../shared/fixtures, cases tagged [shared]) and
// hand-made ones (tests/fixtures). Expected values are read off the fixture files by hand (the
// arithmetic is in the comments) or are what psutil 5.9.4 returns with PROCFS_PATH pointed at
// the same tree.
#include <catch2/catch.hpp>

#include <psinfo/psinfo.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>

#include <sys/stat.h>

#include "fixtures.hpp"

using test::fixture_root;
using test::own_fixture;
using test::shared_fixture;

namespace {
double tck() { return static_cast<double>(sysconf(_SC_CLK_TCK)); }
}  // namespace

TEST_CASE("node-exporter tree: virtual_memory without MemAvailable uses the estimate", "[shared]") {
  REQUIRE(getpagesize() == 4096);  // the figures below assume 4 KiB pages, as psutil's run did
  fixture_root root(shared_fixture("node-exporter"));
  auto vm = psinfo::virtual_memory();
  // psutil 5.9.4 with PROCFS_PATH=node-exporter/proc: total=3831959552 available=416122880
  // percent=89.1 free=230883328 active=2287017984 inactive=1053417472 buffers=22568960
  // cached=999075840 shared=608092160 slab=101306368 (its `used` is the old formula).
  CHECK(vm.total == 3831959552u);
  CHECK(vm.available == 416122880u);
  CHECK(vm.percent == 89.1);
  CHECK(vm.used == 3831959552u - 416122880u);
  CHECK(vm.free == 230883328u);
  CHECK(*vm.active == 2287017984u);
  CHECK(*vm.inactive == 1053417472u);
  CHECK(*vm.buffers == 22568960u);
  CHECK(*vm.cached == 999075840u);
  CHECK(*vm.shared == 608092160u);
  CHECK(*vm.slab == 101306368u);
}

TEST_CASE("node-exporter tree: swap_memory with vmstat", "[shared]") {
  fixture_root root(shared_fixture("node-exporter"));
  auto s = psinfo::swap_memory();
  // psutil: total=4294963200 used=1063874560 free=3231088640 percent=24.8 sin=6045696
  // sout=143544320
  CHECK(s.total == 4294963200u);
  CHECK(s.used == 1063874560u);
  CHECK(s.free == 3231088640u);
  CHECK(s.percent == 24.8);
  CHECK(*s.sin == 1476u * 4096);
  CHECK(*s.sout == 35045u * 4096);
}

TEST_CASE("procfs tree: no vmstat means sin/sout are absent, no swap means 0%", "[shared]") {
  fixture_root root(shared_fixture("procfs"));
  auto s = psinfo::swap_memory();
  CHECK(s.total == 0);
  CHECK(s.percent == 0.0);
  CHECK_FALSE(s.sin);
  CHECK_FALSE(s.sout);
  auto vm = psinfo::virtual_memory();
  // psutil: total=16042172416 available=15140458496 percent=5.6 cached=14075662336
  CHECK(vm.total == 16042172416u);
  CHECK(vm.available == 15140458496u);
  CHECK(vm.percent == 5.6);
  CHECK(*vm.cached == 14075662336u);
}

TEST_CASE("old kernel: short cpu lines, Inact_*, MemShared, no MemAvailable/zoneinfo/vmstat") {
  fixture_root root(own_fixture("old-kernel"));
  auto t = psinfo::cpu_times();
  CHECK(t.user == 200 / tck());
  CHECK(*t.softirq == 2 / tck());
  CHECK_FALSE(t.steal);
  CHECK_FALSE(t.guest);
  CHECK_FALSE(t.guest_nice);
  auto vm = psinfo::virtual_memory();
  CHECK(vm.total == 1024000000u);
  CHECK(vm.available == (200000u + 300000u) * 1024);  // free + Cached
  CHECK(vm.used == 512000000u);
  CHECK(vm.percent == 50.0);
  CHECK(*vm.shared == 1000u * 1024);
  CHECK(*vm.inactive == 60000u * 1024);  // Inact_dirty + Inact_clean + Inact_laundry
  CHECK(*vm.cached == 300000u * 1024);
  CHECK_FALSE(vm.slab);
  auto s = psinfo::swap_memory();
  CHECK(s.total == 512000000u);
  CHECK(s.used == 102400000u);
  CHECK(s.percent == 20.0);
  CHECK_FALSE(s.sin);
  CHECK_FALSE(s.sout);
  // No `online`, no cpuinfo: the count of cpuN lines in /proc/stat.
  CHECK(psinfo::cpu_count() == 1);
  CHECK_FALSE(psinfo::cpu_count(false));  // nothing to count physical cores from: absent
  CHECK_FALSE(psinfo::cpu_stats().soft_interrupts);
}

TEST_CASE("MemAvailable of 0 is re-estimated from zoneinfo (psutil 8)") {
  REQUIRE(getpagesize() == 4096);
  fixture_root root(own_fixture("memavailable-zero"));
  // low = (12 + 6250) pages * 4096 = 25649152; free = 512000000
  // page cache 512000000 - min(256000000, low) = 486350848
  // SReclaimable 61440000 - min(30720000, low) = 35790848
  // available = 512000000 - 25649152 + 486350848 + 35790848 = 1008492544
  CHECK(psinfo::virtual_memory().available == 1008492544u);
}

TEST_CASE("a missing /proc names the file in the error") {
  test::procfs_guard root("/nonexistent-psinfo-root");
  CHECK_THROWS_WITH(psinfo::virtual_memory(),
                    Catch::Matchers::Contains("/nonexistent-psinfo-root/meminfo"));
  CHECK_THROWS_AS(psinfo::cpu_times(), psinfo::error);
  CHECK_THROWS_AS(psinfo::boot_time(), psinfo::error);
  psinfo::set_procfs_path("");
  CHECK(psinfo::procfs_path() == "/proc");
}
