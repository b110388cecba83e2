// The disk parsers (src/linux/disk_parse.hpp) on hand-written lines. Expected values are read
// off the lines by hand, with psutil's token positions (PSUTIL-LINUX.md section 3).
#include <catch2/catch.hpp>
#include <psinfo/errors.hpp>

#include "linux/disk_parse.hpp"

using namespace psinfo::detail;

TEST_CASE("diskstats: 14-field line (2.6.25+)") {
  std::string_view name;
  psinfo::disk_io_counters_t c;
  REQUIRE(parse_diskstats_line(
      "   8       0 sda 25354637 34367663 1003346126 18492372 28444756 11134226 505697032 "
      "63877960 0 9653880 82621804",
      name, c));
  CHECK(name == "sda");
  CHECK(c.read_count == 25354637);
  CHECK(*c.read_merged_count == 34367663);
  CHECK(c.read_bytes == 1003346126ull * 512);
  CHECK(*c.read_time == 18492372);
  CHECK(c.write_count == 28444756);
  CHECK(*c.write_merged_count == 11134226);
  CHECK(c.write_bytes == 505697032ull * 512);
  CHECK(*c.write_time == 63877960);
  CHECK(*c.busy_time == 9653880);
}

TEST_CASE("diskstats: 18- and 20-field lines read the same first 11 values") {
  std::string_view name;
  psinfo::disk_io_counters_t c;
  REQUIRE(
      parse_diskstats_line("8 16 sdb 326552 841 9657779 84 41822 2895 1972905 5007 0 60730 "
                           "67070 68851 0 1925173784 11130",
                           name, c));
  CHECK(name == "sdb");
  CHECK(c.read_count == 326552);
  CHECK(c.write_bytes == 1972905ull * 512);
  CHECK(*c.busy_time == 60730);
  REQUIRE(
      parse_diskstats_line("8 32 sdc 126552 141 1657779 14 11822 1895 172905 1007 0 10730 "
                           "17070 18851 0 125173784 11130 1555 1944",
                           name, c));
  CHECK(name == "sdc");
  CHECK(*c.write_time == 1007);
  CHECK(*c.write_merged_count == 1895);
}

TEST_CASE("diskstats: 15-field line, psutil's positions (reads = token 2, name = token 3)") {
  std::string_view name;
  psinfo::disk_io_counters_t c;
  REQUIRE(parse_diskstats_line("8 0 1234567 sdz 100 2 300 40 500 6 700 80 0 90 100", name, c));
  CHECK(name == "sdz");
  CHECK(c.read_count == 1234567);
  CHECK(*c.read_merged_count == 100);
  CHECK(c.read_bytes == 2 * 512);
  CHECK(*c.read_time == 300);
  CHECK(c.write_count == 40);
  CHECK(*c.write_merged_count == 500);
  CHECK(c.write_bytes == 6 * 512);
  CHECK(*c.write_time == 700);
  CHECK(*c.busy_time == 0);  // token 12
}

TEST_CASE("diskstats: 7-field partition line; the fields it lacks are absent") {
  std::string_view name;
  psinfo::disk_io_counters_t c;
  REQUIRE(parse_diskstats_line("   3    1 hda1 35486 38030 38031 38032", name, c));
  CHECK(name == "hda1");
  CHECK(c.read_count == 35486);
  CHECK(c.read_bytes == 38030ull * 512);
  CHECK(c.write_count == 38031);
  CHECK(c.write_bytes == 38032ull * 512);
  CHECK_FALSE(c.read_time);
  CHECK_FALSE(c.write_time);
  CHECK_FALSE(c.read_merged_count);
  CHECK_FALSE(c.write_merged_count);
  CHECK_FALSE(c.busy_time);
}

TEST_CASE("diskstats: blank lines are skipped, other lengths and non-numbers are errors") {
  std::string_view name;
  psinfo::disk_io_counters_t c;
  CHECK_FALSE(parse_diskstats_line("", name, c));
  CHECK_FALSE(parse_diskstats_line("   \t ", name, c));
  CHECK_THROWS_AS(parse_diskstats_line("8 0 sda 1 2 3 4 5 6 7", name, c), psinfo::error);
  CHECK_THROWS_AS(parse_diskstats_line("8 0 sda 1 2 3 4 5 6 7 8 9 10 11 12", name, c),
                  psinfo::error);  // 16 fields
  CHECK_THROWS_AS(parse_diskstats_line("8 0 sda 1 2 x 4 5 6 7 8 9 10 11", name, c), psinfo::error);
}

TEST_CASE("sysfs block stat: the first 10 numbers") {
  auto c = parse_sysfs_block_stat(
      "9652963   396792 759304206   412943  8422549  6731723 286915323 13947418        0  "
      "5658367 19174573 1 2 3 12\n");
  CHECK(c.read_count == 9652963);
  CHECK(*c.read_merged_count == 396792);
  CHECK(c.read_bytes == 759304206ull * 512);
  CHECK(*c.read_time == 412943);
  CHECK(c.write_count == 8422549);
  CHECK(*c.write_merged_count == 6731723);
  CHECK(c.write_bytes == 286915323ull * 512);
  CHECK(*c.write_time == 13947418);
  CHECK(*c.busy_time == 5658367);
  CHECK_THROWS_AS(parse_sysfs_block_stat("1 2 3"), psinfo::error);
}

TEST_CASE("filesystems: not nodev, plus zfs") {
  auto v = parse_physical_filesystems("nodev\tsysfs\n\text4\nnodev\tzfs\n\tvfat\nnodev\tcifs\n");
  CHECK(v == std::vector<std::string>{"ext4", "zfs", "vfat"});
  CHECK(parse_physical_filesystems("nodev\ttmpfs\n\txfs\n") == std::vector<std::string>{"xfs"});
}

TEST_CASE("mount table: getmntent's decoding and skipping") {
  CHECK(decode_mount_field("/media/My\\040Disk") == "/media/My Disk");
  CHECK(decode_mount_field("a\\011b\\012c\\134d\\\\e") == "a\tb\nc\\d\\e");
  CHECK(decode_mount_field("keep\\043this\\") == "keep\\043this\\");  // not one of getmntent's
  auto t = parse_mount_table(
      "# comment\n\n  \n/dev/sda1 /mnt/a\\040b ext4 rw,noatime 0 0\n"
      "none\t/run/x tmpfs rw 0 0\nonlydev\n");
  REQUIRE(t.size() == 3);
  CHECK(t[0].device == "/dev/sda1");
  CHECK(t[0].mountpoint == "/mnt/a b");
  CHECK(t[0].fstype == "ext4");
  CHECK(t[0].opts == "rw,noatime");
  CHECK(t[1].device == "none");  // mapped to "" by disk_partitions, not here
  CHECK(t[1].mountpoint == "/run/x");
  CHECK(t[2].device == "onlydev");
  CHECK(t[2].mountpoint.empty());
}

TEST_CASE("partitions and uevent: the root device's name") {
  const char* parts =
      "major minor  #blocks  name\n\n 254        0   52428800 vda\n"
      " 254        1   1024 vda1\n   8 16 100 sdb\n";
  CHECK(find_partition_name(parts, 254, 1) == std::optional<std::string>("vda1"));
  CHECK(find_partition_name(parts, 8, 16) == std::optional<std::string>("sdb"));
  CHECK_FALSE(find_partition_name(parts, 8, 0));
  // The first two lines are headers even when they look like entries.
  CHECK_FALSE(find_partition_name("8 0 1 sda\n8 1 1 sda1\n", 8, 0));
  CHECK(parse_uevent_devname("MAJOR=254\nMINOR=0\nDEVNAME=vda\nDEVTYPE=disk\n") ==
        std::optional<std::string>("vda"));
  CHECK_FALSE(parse_uevent_devname("MAJOR=254\nDEVNAME=\n"));
}
