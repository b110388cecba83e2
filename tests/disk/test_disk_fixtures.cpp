// Disk functions on recorded trees (shared/fixtures) and hand-made ones (tests/fixtures/disk-*).
// Expected values are read off the fixture files by hand (arithmetic in the comments); the
// differential test (test_disk_diff.py) also compares these trees with psutil 5.9.4.
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <catch2/catch.hpp>
#include <psinfo/disk.hpp>
#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>

#include "disk_checks.hpp"
#include "fixtures.hpp"

using test::fixture_root;
using test::own_fixture;
using test::shared_fixture;

TEST_CASE("node-exporter tree: perdisk reads every line, 14/18/20-field formats", "[shared]") {
  fixture_root root(shared_fixture("node-exporter"));
  auto p = psinfo::disk_io_counters_perdisk(false);
  CHECK(p.size() == 51);  // wc -l proc/diskstats
  // proc/diskstats: 8 0 sda, then
  test::check_stat_line(
      p.at("sda"),
      "25354637 34367663 1003346126 18492372 28444756 11134226 505697032 63877960 0 "
      "9653880");
  // 18 fields: 8 16 sdb 326552 841 9657779 84 41822 2895 1972905 5007 0 60730 ...
  CHECK(p.at("sdb").read_count == 326552u);
  CHECK(p.at("sdb").write_bytes == 1972905ull * 512);
  // 20 fields: 8 32 sdc 126552 141 1657779 14 11822 1895 172905 1007 0 10730 ...
  CHECK(*p.at("sdc").busy_time == 10730u);
  CHECK(p.at("nvme0n1p2").read_count == 45914u);
}

TEST_CASE("node-exporter tree: the total sums the lines that have sys/block/<name>", "[shared]") {
  fixture_root root(shared_fixture("node-exporter"));
  // diskstats names with a sys/block entry: sda and dm-5 only.
  auto t = psinfo::disk_io_counters(false);
  REQUIRE(t);
  CHECK(t->read_count == 25354637u + 3729u);
  CHECK(t->write_count == 28444756u + 98918u);
  CHECK(t->read_bytes == (1003346126ull + 84279) * 512);
  CHECK(t->write_bytes == (505697032ull + 1151688) * 512);
  CHECK(*t->read_time == 18492372u + 924u);
  CHECK(*t->write_time == 63877960u + 104684u);
  CHECK(*t->read_merged_count == 34367663u + 0u);
  CHECK(*t->write_merged_count == 11134226u + 0u);
  CHECK(*t->busy_time == 9653880u + 58848u);
}

TEST_CASE("old formats: 7-field partitions and psutil's reading of a 15-field line") {
  fixture_root root(own_fixture("disk-old-formats"));
  auto p = psinfo::disk_io_counters_perdisk(false);
  REQUIRE(p.size() == 4);
  CHECK(p.at("hda1").read_count == 35486u);
  CHECK(p.at("hda1").write_bytes == 38030ull * 512);
  CHECK_FALSE(p.at("hda1").busy_time);
  CHECK(p.at("sdz").read_count == 1234567u);
  CHECK(*p.at("sdz").read_merged_count == 100u);
  // Total: hda + sdz (the partitions have no sys/block entry).
  auto t = psinfo::disk_io_counters(false);
  REQUIRE(t);
  CHECK(t->read_count == 446216u + 1234567u);
  CHECK(t->read_bytes == (9550688ull + 2) * 512);
  CHECK(*t->busy_time == 3376340u + 0u);
}

TEST_CASE("no diskstats: the sys/block fallback (procfs tree's sys)", "[shared]") {
  test::procfs_guard proc(own_fixture("disk-mounts/proc"));  // has no diskstats
  test::sysfs_guard sys(shared_fixture("procfs/sys"));
  auto p = psinfo::disk_io_counters_perdisk(false);
  // sys/block/{sda,dm-0,dm-1,dm-2}/stat; the md*/ and sd[b-e]/ trees have no stat file.
  REQUIRE(p.size() == 4);
  // sys/block/sda/stat
  test::check_stat_line(
      p.at("sda"), "9652963 396792 759304206 412943 8422549 6731723 286915323 13947418 0 5658367");
  auto t = psinfo::disk_io_counters(false);
  REQUIRE(t);
  CHECK(t->read_count == 9652963u + 6447303u + 1234567u + 2345678u);
  CHECK(*t->busy_time == 5658367u + 796160u + 50000u + 60000u);
}

TEST_CASE("no diskstats and no sys/block: not_supported") {
  fixture_root root(own_fixture("disk-mounts"));
  CHECK_THROWS_AS(psinfo::disk_io_counters_perdisk(false), psinfo::not_supported);
}

TEST_CASE("no whole disk: the total is absent, perdisk empty") {
  test::procfs_guard proc(own_fixture("disk-old-formats/proc"));
  test::sysfs_guard sys(own_fixture("disk-mounts/sys"));  // no sys/block
  CHECK_FALSE(psinfo::disk_io_counters());
  CHECK(psinfo::disk_io_counters_perdisk().size() == 4);
}

namespace {
// What psutil's RootFsDeviceFinder gives for /dev/root in the disk-mounts tree, whose
// proc/partitions lists only 254:0 = vda (and there is no sys/dev or sys/class there).
std::string expected_root_device() {
  struct stat st;
  REQUIRE(stat("/", &st) == 0);
  bool vda = major(st.st_dev) == 254 && minor(st.st_dev) == 0 && stat("/dev/vda", &st) == 0;
  return vda ? "/dev/vda" : "/dev/root";
}
}  // namespace

TEST_CASE("disk-mounts tree: all=true lists every entry, decoded, none -> \"\"") {
  fixture_root root(own_fixture("disk-mounts"));
  auto v = psinfo::disk_partitions(true);
  REQUIRE(v.size() == 9);
  CHECK(v[0].device == expected_root_device());
  CHECK(v[0].mountpoint == "/");
  CHECK(v[0].fstype == "ext4");
  CHECK(v[0].opts == "rw,relatime");
  CHECK(v[1].device == "proc");
  CHECK(v[2].device == "");
  CHECK(v[2].mountpoint == "/run/none");
  CHECK(v[3].mountpoint == "/media/My Disk");
  CHECK(v[3].opts == "rw,uid=1000");
  CHECK(v[4].mountpoint == "/mnt/tab\tand\\back");
  CHECK(v[5].device == "tank/home");
  CHECK(v[7].device == "//server/share");
  CHECK(v[8].device == "");
  CHECK(v[8].fstype == "ext4");
}

TEST_CASE("disk-mounts tree: all=false keeps a device and a physical type (+ zfs)") {
  fixture_root root(own_fixture("disk-mounts"));
  auto v = psinfo::disk_partitions(false);
  std::vector<std::string> mps;
  for (const auto& p : v) mps.push_back(p.mountpoint);
  CHECK(mps == std::vector<std::string>{"/", "/media/My Disk", "/mnt/tab\tand\\back", "/home/tank",
                                        "/mnt/fuse"});
}

TEST_CASE("no mount table: an error naming the file", "[shared]") {
  fixture_root root(shared_fixture("node-exporter"));  // proc/self is not a directory there
  try {
    psinfo::disk_partitions(true);
    FAIL("no exception");
  } catch (const psinfo::error& e) {
    CHECK(std::string(e.what()).find("self/mounts") != std::string::npos);
  }
}

namespace {
std::string wrap_tree(const std::string& step) {
  return test::own_fixture("disk-wrap/" + step + "/proc");
}
// The trees' sys/, and the procfs root as it was, for one scope; forgets the nowrap state after.
struct wrap_roots {
  test::procfs_guard proc{psinfo::procfs_path()};
  test::sysfs_guard sys{test::own_fixture("disk-wrap/sys")};
  ~wrap_roots() { psinfo::cache_clear(); }
};
}  // namespace

// disk-wrap/{1,2,3,4}/proc/diskstats (see the files): sda's reads go 4294967000 -> 100 -> 300
// -> 50 and its read sectors 2000 -> 1000 -> 1500 -> 1600; vdb vanishes in 2 and comes back in
// 3 with lower values; sda1 is a partition (no sys/block/sda1).
TEST_CASE("disk_io_counters nowrap through fixture trees that change between calls") {
  wrap_roots roots;
  psinfo::cache_clear("disk_io_counters");

  psinfo::set_procfs_path(wrap_tree("1"));
  auto p = psinfo::disk_io_counters_perdisk();
  REQUIRE(p.size() == 3);
  CHECK(p["sda"].read_count == 4294967000u);
  CHECK(p["sda"].read_bytes == 2000u * 512);
  CHECK(p["vdb"].read_count == 10);

  psinfo::set_procfs_path(wrap_tree("2"));
  // nowrap=false bypasses the state entirely: raw values, and the state is left alone.
  auto raw = psinfo::disk_io_counters_perdisk(false);
  CHECK(raw["sda"].read_count == 100);
  p = psinfo::disk_io_counters_perdisk();
  REQUIRE(p.size() == 2);
  CHECK(p["sda"].read_count == 4294967000u + 100);
  CHECK(p["sda"].read_bytes == (2000u + 1000) * 512);
  CHECK(p["sda"].write_count == 4100);  // grew: no offset
  CHECK(p["sda1"].read_count == 150);

  psinfo::set_procfs_path(wrap_tree("3"));
  auto t = psinfo::disk_io_counters();  // the same state, summed over sda + vdb
  REQUIRE(t);
  // sda: 300 + 4294967000; vdb is back (5): passes through.
  CHECK(t->read_count == 300ull + 4294967000u + 5);
  CHECK(t->read_bytes == (1500u + 2000) * 512 + 4u * 512);
  // The total call dropped sda1 from the state (only whole disks were listed).

  psinfo::set_procfs_path(wrap_tree("4"));
  p = psinfo::disk_io_counters_perdisk();
  CHECK(p["sda"].read_count == 50ull + 4294967000u + 300);  // second wrap adds 300
  CHECK(p["sda"].read_bytes == (1600u + 2000) * 512);
  CHECK(p["vdb"].read_count == 6);
  CHECK(p["sda1"].read_count == 10);  // back after the total call: raw, no offset

  // cache_clear: the next call is a first call.
  psinfo::cache_clear("disk_io_counters");
  psinfo::set_procfs_path(wrap_tree("2"));
  p = psinfo::disk_io_counters_perdisk();
  CHECK(p["sda"].read_count == 100);
  psinfo::set_procfs_path(wrap_tree("1"));
  psinfo::cache_clear("net_io_counters");  // another name: disk's state is kept
  p = psinfo::disk_io_counters_perdisk();
  CHECK(p["sda"].read_count == 4294967000u);
  CHECK(p["sda1"].read_count == 100u + 150);  // 150 -> 100 in tree 1: wrapped
}
