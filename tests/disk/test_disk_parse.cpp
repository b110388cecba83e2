// The disk parsers (src/linux/disk_parse.hpp) on hand-written lines. Expected values are read
// off the lines by hand, with psutil's token positions (PSUTIL-LINUX.md section 3).
#include <catch2/catch.hpp>
#include <psinfo/errors.hpp>

#include <charconv>
#include <cstdio>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "disk_checks.hpp"
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
  test::check_stat_line(
      c, "25354637 34367663 1003346126 18492372 28444756 11134226 505697032 63877960 0 9653880");
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
  // Tokens 2 and 4 to 12 (busy time: token 12, 0).
  test::check_stat_line(c, "1234567 100 2 300 40 500 6 700 80 0");
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
  test::check_stat_line(
      c, "9652963 396792 759304206 412943 8422549 6731723 286915323 13947418 0 5658367");
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

namespace {
// An independent reading of a diskstats line, straight from the layouts documented in
// disk_parse.hpp: split on space, tab and CR, convert the needed tokens with from_chars.
struct ref_line {
  bool blank = false, bad = false;
  std::string name;
  psinfo::disk_io_counters_t c;
};

ref_line ref_diskstats(std::string_view line) {
  std::vector<std::string_view> tok;
  std::size_t i = 0;
  auto sep = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; };
  while (i < line.size()) {
    while (i < line.size() && sep(line[i])) ++i;
    std::size_t b = i;
    while (i < line.size() && !sep(line[i])) ++i;
    if (i > b) tok.push_back(line.substr(b, i - b));
  }
  ref_line r;
  const std::size_t n = tok.size();
  if (n == 0) {
    r.blank = true;
    return r;
  }
  auto num = [&](std::size_t k) -> std::uint64_t {
    std::uint64_t v = 0;
    auto res = std::from_chars(tok[k].data(), tok[k].data() + tok[k].size(), v);
    if (res.ec != std::errc() || res.ptr != tok[k].data() + tok[k].size()) r.bad = true;
    return v;
  };
  if (n == 14 || n == 15 || n >= 18) {
    // 15 fields: psutil reads the name from token 3 and the read count from token 2.
    r.name = tok[n == 15 ? 3 : 2];
    r.c.read_count = num(n == 15 ? 2 : 3);
    r.c.read_merged_count = num(4);
    r.c.read_bytes = num(5) * 512;
    r.c.read_time = num(6);
    r.c.write_count = num(7);
    r.c.write_merged_count = num(8);
    r.c.write_bytes = num(9) * 512;
    r.c.write_time = num(10);
    r.c.busy_time = num(12);
  } else if (n == 7) {
    r.name = tok[2];
    r.c.read_count = num(3);
    r.c.read_bytes = num(4) * 512;
    r.c.write_count = num(5);
    r.c.write_bytes = num(6) * 512;
  } else {
    r.bad = true;
  }
  return r;
}

bool same(const psinfo::disk_io_counters_t& a, const psinfo::disk_io_counters_t& b) {
  return a.read_count == b.read_count && a.write_count == b.write_count &&
         a.read_bytes == b.read_bytes && a.write_bytes == b.write_bytes &&
         a.read_time == b.read_time && a.write_time == b.write_time &&
         a.read_merged_count == b.read_merged_count &&
         a.write_merged_count == b.write_merged_count && a.busy_time == b.busy_time;
}
}  // namespace

TEST_CASE("diskstats: every layout, separator and odd token as the reference reading has it") {
  std::mt19937 rng(20240611);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const char* const tokens[] = {"0",
                                "7",
                                "254",
                                "4294967295",
                                "9999999999999999999",
                                "12345678",
                                "1234567890123456",
                                "98765432109876543",
                                "18446744073709551615",  // 20 digits: the slow path converts it
                                "18446744073709551616",
                                "00000000000000000000012",
                                "sda",
                                "nvme0n1p1",
                                "12a",
                                "-1",
                                "+3",
                                "\x01",
                                "1\x01",
                                "0x10",
                                "\xff"};
  const char* const seps[] = {" ", " ", " ", "  ", "\t", "\r", " \t ", "\v"};
  const std::size_t counts[] = {0, 1, 6, 7, 8, 13, 14, 15, 16, 17, 18, 19, 20, 24};
  int checked = 0, converted = 0;
  for (int iter = 0; iter < 60000; ++iter) {
    std::string line;
    const std::size_t n = counts[pick(std::size(counts))];
    const bool plain = pick(2) == 0;  // mostly small numbers, as the kernel writes them
    const bool idle = pick(3) == 0;   // mostly zeros, as an unused device's line (runs of " 0")
    if (pick(2) == 0) {
      // As the kernel prints it ("%4d %7d %s %lu ..."), now and then one character changed.
      char head[64];
      std::snprintf(head, sizeof head, "%4u %7u %s", static_cast<unsigned>(pick(300)),
                    static_cast<unsigned>(pick(100)), n == 15 ? "3 sda" : "nvme0n1");
      line = head;
      for (std::size_t k = n == 15 ? 4 : 3; k < n; ++k) {
        line += ' ';
        line += idle && pick(8) != 0     ? std::string("0")
                : plain || pick(10) != 0 ? std::to_string(rng() % 1000000)
                                         : std::string(tokens[pick(std::size(tokens))]);
      }
      if (n < 3) line = line.substr(0, n * 5);
      if (pick(5) == 0 && !line.empty()) {
        const char swaps[] = {' ', '\t', '\r', 'x', '\0', '9', '\x01', '0'};
        line[pick(line.size())] = swaps[pick(sizeof swaps)];
      }
    } else {
      if (pick(4) == 0) line += seps[pick(std::size(seps))];
      for (std::size_t k = 0; k < n; ++k) {
        if (k) line += seps[pick(std::size(seps))];
        if (k == 2 || (n == 15 && k == 3))
          line += "sd" + std::to_string(pick(30));
        else if (plain && pick(20) != 0)
          line += std::to_string(rng() % 100000);
        else
          line += tokens[pick(std::size(tokens))];
      }
    }
    if (pick(4) == 0) line += seps[pick(std::size(seps))];
    if (pick(50) == 0) line += std::string(600, ' ');  // longer than the single pass takes
    if (pick(200) == 0) line.insert(line.size() / 2, 1, '\0');
    INFO("line: '" << line << "'");
    const ref_line r = ref_diskstats(line);
    std::string_view name;
    psinfo::disk_io_counters_t c;
    if (r.bad) {
      CHECK_THROWS_AS(parse_diskstats_line(line, name, c), psinfo::error);
    } else {
      REQUIRE(parse_diskstats_line(line, name, c) == !r.blank);
      if (!r.blank) {
        CHECK(name == r.name);
        CHECK(same(c, r.c));
        ++converted;
      }
    }
    ++checked;
  }
  CHECK(checked == 60000);
  CHECK(converted > 10000);  // the generator reaches the success paths
}

TEST_CASE("split_mount_line: long tokens and control characters split as by whitespace") {
  // Fields are split on space \t \n \v \f \r; other bytes, control characters >= 0x0e and
  // bytes >= 0x80 included, belong to a token. (is_space also takes 0x00-0x08 for blanks:
  // left out here.)
  std::mt19937 rng(7);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const char alphabet[] = "abcXYZ019/,=_-#\\\x1f\x7f\x80\xa0\xff!\"";
  const char seps[] = " \t\v\f\r";
  auto is_sep = [](char ch) { return ch == ' ' || (ch >= '\t' && ch <= '\r'); };
  for (int iter = 0; iter < 20000; ++iter) {
    std::string line;
    const std::size_t ntok = pick(7);
    for (std::size_t k = 0; k < ntok; ++k) {
      std::size_t nsep = (k == 0 ? pick(3) : 1 + pick(3));
      for (std::size_t s = 0; s < nsep; ++s) line += seps[pick(sizeof seps - 1)];
      std::size_t len = 1 + pick(pick(4) == 0 ? 70 : 12);  // across the 8-byte steps
      for (std::size_t j = 0; j < len; ++j) line += alphabet[pick(sizeof alphabet - 1)];
    }
    if (pick(3) == 0) line += seps[pick(sizeof seps - 1)];
    std::vector<std::string_view> want;
    for (std::size_t i = 0; i < line.size();) {
      while (i < line.size() && is_sep(line[i])) ++i;
      std::size_t b = i;
      while (i < line.size() && !is_sep(line[i])) ++i;
      if (i > b) want.push_back(std::string_view(line).substr(b, i - b));
    }
    INFO("line: '" << line << "'");
    std::string_view f[4], g[4];
    const bool ok = split_mount_line(line, f);
    // The one-pass reading of a table: the same fields, a flag where a backslash is.
    std::string table = line + "\n" + line + "\n";
    std::string_view text = table;
    unsigned escaped = 0;
    for (int copy = 0; copy < 2; ++copy) {
      REQUIRE(next_mount_line(text, g, escaped));
      CHECK(g[0].empty() == !ok);
      for (std::size_t k = 0; k < 4 && ok; ++k) {
        CHECK(g[k] == f[k]);
        CHECK(((escaped >> k) & 1) == (f[k].find('\\') != std::string_view::npos));
      }
    }
    CHECK_FALSE(next_mount_line(text, g, escaped));
    if (want.empty() || want[0][0] == '#') {
      CHECK_FALSE(ok);
      continue;
    }
    REQUIRE(ok);
    for (std::size_t k = 0; k < 4; ++k) CHECK(f[k] == (k < want.size() ? want[k] : ""));
  }
}

TEST_CASE("parse_mount_table: the decoded fields into each entry, as many entries as lines") {
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += "/dev/sd" + std::to_string(i) + " /mnt/with\\040space" + std::to_string(i) +
            " ext4 rw,relatime,errors=remount-ro,data=ordered,x=" + std::to_string(i) + " 0 0\n";
  auto t = parse_mount_table(text);
  REQUIRE(t.size() == 40);
  CHECK(t[39].device == "/dev/sd39");
  CHECK(t[39].mountpoint == "/mnt/with space39");
  CHECK(t[39].opts == "rw,relatime,errors=remount-ro,data=ordered,x=39");
  CHECK(count_lines("a\nb\n") == 2);
  CHECK(count_lines("a\nb") == 2);
  CHECK(count_lines("") == 0);
  std::string out = "previous content";
  decode_mount_field("x\\134y", out);
  CHECK(out == "x\\y");
  decode_mount_field("plain", out);
  CHECK(out == "plain");
}
