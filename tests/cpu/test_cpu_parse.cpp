// The CPU parsers (/proc/stat, /proc/cpuinfo, /proc/loadavg, CPU lists), on hand-written text
// whose expected values are read off the text.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <psinfo/errors.hpp>

#include "linux/parse.hpp"

using namespace psinfo::detail;
using Catch::Matchers::Contains;

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
