// Sensors on fixture trees: the recorded ones of ../shared/fixtures (sys/ rebuilt with its
// symlinks by make_trees.py, the ctest fixture `sensors_trees`; cases tagged [shared]) and the
// hand-made ones in tests/fixtures/sensors-*. Expected values are read off the fixture files by
// hand; the arithmetic is in the comments.
#include <catch2/catch.hpp>

#include <psinfo/errors.hpp>
#include <psinfo/sensors.hpp>

#include <sys/stat.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fixtures.hpp"
#include "linux/sensors_parse.hpp"

namespace {

using Catch::Detail::Approx;
using psinfo::sensors_temperature_t;

// A shared tree with its sys/ rebuilt (only for cases tagged [shared]).
std::string rebuilt(const std::string& tree) {
  test::shared_fixture(tree);
  std::string dir = std::string(PSINFO_SENSORS_TREES) + "/" + tree;
  struct stat st;
  if (::stat((dir + "/sys/class/hwmon").c_str(), &st) != 0 &&
      ::stat((dir + "/sys/class/thermal").c_str(), &st) != 0)
    FAIL("missing " << dir
                    << ": run `ctest -R sensors` (fixture sensors_fixture_trees) or "
                       "tests/sensors/make_trees.py");
  return dir;
}

void check(const sensors_temperature_t& t, const std::string& label, double current,
           std::optional<double> high, std::optional<double> critical) {
  INFO("sensor '" << t.label << "' " << t.current);
  CHECK(t.label == label);
  CHECK(t.current == Approx(current).epsilon(1e-12));
  REQUIRE(t.high.has_value() == high.has_value());
  if (high) CHECK(*t.high == Approx(*high).epsilon(1e-12));
  REQUIRE(t.critical.has_value() == critical.has_value());
  if (critical) CHECK(*t.critical == Approx(*critical).epsilon(1e-12));
}

constexpr std::nullopt_t none = std::nullopt;

// sensors_fans(): one chip, `chip`, with these fans (label, rpm) in this order.
void check_fans(const std::string& chip, const std::vector<std::pair<std::string, int>>& want) {
  auto fans = psinfo::sensors_fans();
  REQUIRE(fans.size() == 1);
  const auto& got = fans[chip];
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO(chip << " fan " << i);
    CHECK(got[i].label == want[i].first);
    CHECK(got[i].current == want[i].second);
  }
}

}  // namespace

TEST_CASE("sensors: node-exporter hwmon tree", "[shared][sensors][fixture]") {
  test::fixture_root root(rebuilt("node-exporter"));
  auto t = psinfo::sensors_temperatures();
  // hwmon0 and hwmon1 are both `coretemp` (-> one key, hwmon0's five then hwmon1's);
  // hwmon4 has temps but no `name` (skipped); hwmon2 (applesmc) has no temp*; hwmon5's
  // files are bogus1_*; hwmon8/9/10 are mt7996 with temp1_input only.
  REQUIRE(t.size() == 4);
  REQUIRE(t.count("coretemp") == 1);
  const auto& core = t["coretemp"];
  REQUIRE(core.size() == 10);
  // temp1..5_input 55000 54000 52000 53000 50000, _max 84000, _crit 100000 (/1000).
  const char* labels[] = {"Physical id 0", "Core 0", "Core 1", "Core 2", "Core 3"};
  const double cur[] = {55, 54, 52, 53, 50};
  for (int i = 0; i < 10; ++i) check(core[i], labels[i % 5], cur[i % 5], 84.0, 100.0);
  REQUIRE(t["mt7996_phy0_0"].size() == 1);  // hwmon8: 55000
  check(t["mt7996_phy0_0"][0], "", 55.0, none, none);
  check(t["mt7996_phy0_1"].at(0), "", 56.0, none, none);  // hwmon9: 56000
  check(t["mt7996_phy0_2"].at(0), "", 57.0, none, none);  // hwmon10: 57000

  auto f = psinfo::sensors_temperatures(true);
  // 55 C * 9 / 5 + 32 = 131 F; 84 -> 183.2; 100 -> 212; 57 -> 134.6.
  check(f["coretemp"].at(0), "Physical id 0", 131.0, 183.2, 212.0);
  check(f["mt7996_phy0_2"].at(0), "", 134.6, none, none);

  // Fans: only hwmon3 (nct6779) has fan*_ files at the top level (fan2_input 1098), so
  // hwmon2/device/fan1,2 (applesmc) are not looked at.
  check_fans("nct6779", {{"", 1098}});

  // BAT0: energy_now 36580000, energy_full 45070000, power_now 5002000; AC/online 0.
  auto b = psinfo::sensors_battery();
  REQUIRE(b);
  CHECK(b->percent == Approx(81.16263589971156).epsilon(1e-14));  // 100*36580000/45070000
  CHECK(b->secsleft == 26327);  // int(36580000 / 5002000 * 3600) = int(26327.07)
  REQUIRE(b->power_plugged.has_value());
  CHECK_FALSE(*b->power_plugged);
}

TEST_CASE("sensors: procfs tree falls back to thermal zones", "[shared][sensors][fixture]") {
  test::fixture_root root(rebuilt("procfs"));
  auto t = psinfo::sensors_temperatures();
  // No class/hwmon: thermal_zone0 bcm2835_thermal temp 49925, thermal_zone1 acpitz -44000;
  // neither has trip points.
  REQUIRE(t.size() == 2);
  check(t["bcm2835_thermal"].at(0), "", 49.925, none, none);
  check(t["acpitz"].at(0), "", -44.0, none, none);
  auto f = psinfo::sensors_temperatures(true);
  check(f["bcm2835_thermal"].at(0), "", 121.865, none, none);  // 49.925*9/5+32
  check(f["acpitz"].at(0), "", -47.2, none, none);             // -44*9/5+32

  CHECK(psinfo::sensors_fans().empty());

  // BAT0: energy_now 49450000, energy_full 50060000, power_now 4830000; AC/online 0.
  auto b = psinfo::sensors_battery();
  REQUIRE(b);
  CHECK(b->percent == Approx(98.78146224530563).epsilon(1e-14));  // 100*49450000/50060000
  CHECK(b->secsleft == 36857);  // int(49450000 / 4830000 * 3600) = int(36857.14)
  CHECK(b->power_plugged == std::optional<bool>(false));
}

TEST_CASE("sensors: hand-made hwmon edge cases", "[sensors][fixture]") {
  test::fixture_root root(test::own_fixture("sensors-hwmon"));
  auto t = psinfo::sensors_temperatures();
  // hwmon3 has no name: skipped. thermal_zone0 is not read: hwmon found sensors.
  REQUIRE(t.size() == 2);
  const auto& m = t["multi"];
  // String order of the bases: hwmon10/temp1 < hwmon2/temp1 < temp10 < temp2 < ... temp7.
  // temp3_input "N/A" and temp4_input (a directory) are skipped.
  REQUIRE(m.size() == 7);
  check(m[0], "", 40.0, none, none);      // hwmon10 temp1_input 40000
  check(m[1], "Tdie", 30.0, 80.0, 80.0);  // label " Tdie " stripped; max 80000, no crit
  check(m[2], "", 32.5, none, none);      // temp10_input 32500
  check(m[3], "", 31.0, 95.0, 95.0);      // crit 95000 only -> high = crit
  check(m[4], "", 33.0, 90.0, 90.0);      // max 0 counts as missing -> high = crit 90
  check(m[5], "", 34.0, none, none);      // max "bogus" -> None
  check(m[6], "", -5.0, 0.0, none);       // max 0 and no crit: 0.0 stays, crit stays None
  // device/temp1 of hwmon4, keyed by device/name.
  check(t["devchip"].at(0), "", 45.0, 100.0, 100.0);

  // Fahrenheit converts before the fill-in, so 0 C (32 F) now counts as present.
  auto f = psinfo::sensors_temperatures(true);
  const auto& mf = f["multi"];
  REQUIRE(mf.size() == 7);
  check(mf[1], "Tdie", 86.0, 176.0, 176.0);  // 30 -> 86, 80 -> 176
  check(mf[3], "", 87.8, 203.0, 203.0);      // 31 -> 87.8, 95 -> 203
  check(mf[4], "", 91.4, 32.0, 194.0);       // max 0 -> 32 (truthy), crit 90 -> 194
  check(mf[6], "", 23.0, 32.0, 32.0);        // -5 -> 23; max 0 -> 32 -> crit = 32
  check(f["devchip"].at(0), "", 113.0, 212.0, 212.0);

  // Fans: hwmon2 fan1 (CPU Fan, 1200) < fan10 (800); fan2_input is a directory (skipped);
  // hwmon4/device/fan1 is ignored because top-level fan files exist.
  check_fans("multi", {{"CPU Fan", 1200}, {"", 800}});

  // No class/power_supply at all: no battery (psutil raises FileNotFoundError here).
  CHECK_FALSE(psinfo::sensors_battery());
}

TEST_CASE("sensors: hand-made thermal zones, device fans, charge_* battery", "[sensors][fixture]") {
  test::fixture_root root(test::own_fixture("sensors-thermal"));
  auto t = psinfo::sensors_temperatures();
  // class/hwmon has no temp*_ files: thermal zones, sorted zone0 < zone1 < zone10 < zone2 <
  // zone3; zone2's temp is "garbage" (skipped).
  REQUIRE(t.size() == 3);
  check(t["x86_pkg_temp"].at(0), "", 45.0, 100.0, 100.0);  // one critical trip point 100000
  REQUIRE(t["acpitz"].size() == 2);
  // zone1: trip points passive 90000 (ignored), high 80000, critical 105000.
  check(t["acpitz"][0], "", 27.8, 80.0, 105.0);
  check(t["acpitz"][1], "", 30.0, none, none);  // zone10, no trip points
  check(t["hot"].at(0), "", 50.0, 70.0, 70.0);  // trip type " high\n" stripped; 70000
  auto f = psinfo::sensors_temperatures(true);
  check(f["acpitz"].at(0), "", 82.04, 176.0, 221.0);  // 27.8*9/5+32, 80 -> 176, 105 -> 221

  // No top-level fan*_ files: hwmon0/device/fan1, keyed by hwmon0/device/name.
  check_fans("applesmc", {{"Left side", 2000}});

  // BAT0 (smallest of BAT0, BAT1, hidpp_battery_0): charge_now 3000000 / charge_full
  // 4000000 = 75 %; current_now -1500000; no AC, status Discharging -> unplugged;
  // secsleft = int(3000000 / |-1500000| * 3600) = 7200 (psutil 5.9.4: -7200).
  auto b = psinfo::sensors_battery();
  REQUIRE(b);
  CHECK(b->percent == 75.0);
  CHECK(b->secsleft == 7200);
  CHECK(b->power_plugged == std::optional<bool>(false));
}

TEST_CASE("sensors: coretemp platform files suppress the thermal fallback", "[sensors][fixture]") {
  test::fixture_root root(test::own_fixture("sensors-coretemp"));
  // class/hwmon/hwmon0 has only a name; devices/platform/coretemp.0/hwmon/hwmon1/temp1_input
  // exists but is not linked from class/hwmon. psutil appends it to its list (yielding
  // nothing), so thermal_zone0 (acpitz 40000) is never read: the result is empty.
  CHECK(psinfo::sensors_temperatures().empty());
  CHECK(psinfo::sensors_fans().empty());
  // BAT1 < hidpp_battery_0; capacity 57 only, status Charging, no AC: plugged -> unlimited.
  auto b = psinfo::sensors_battery();
  REQUIRE(b);
  CHECK(b->percent == 57.0);
  CHECK(b->secsleft == psinfo::power_time_unlimited);
  CHECK(b->power_plugged == std::optional<bool>(true));
}

TEST_CASE("sensors: battery edge cases", "[sensors][fixture]") {
  SECTION("status Full, no AC, power_now 0") {
    test::fixture_root root(test::own_fixture("sensors-battery-full"));
    auto b = psinfo::sensors_battery();
    REQUIRE(b);
    CHECK(b->percent == 100.0);  // 50000000 / 50000000
    CHECK(b->power_plugged == std::optional<bool>(true));
    CHECK(b->secsleft == psinfo::power_time_unlimited);  // plugged: no division at all
  }
  SECTION("energy_full 0 and power_now 0") {
    test::fixture_root root(test::own_fixture("sensors-battery-zero"));
    auto b = psinfo::sensors_battery();
    REQUIRE(b);
    CHECK(b->percent == 0.0);                          // ZeroDivisionError -> 0.0
    CHECK_FALSE(b->power_plugged.has_value());         // "not charging": undetermined
    CHECK(b->secsleft == psinfo::power_time_unknown);  // 1000 / 0 -> unknown
  }
  SECTION("capacity and time_to_empty_now; AC0 wins over AC") {
    test::fixture_root root(test::own_fixture("sensors-battery-tte"));
    auto b = psinfo::sensors_battery();
    REQUIRE(b);  // "macsmc-Battery" contains "battery" in any case
    CHECK(b->percent == 42.0);
    CHECK(b->power_plugged == std::optional<bool>(false));  // AC0/online 0 (AC/online 1)
    CHECK(b->secsleft == 5400);                             // 90 min * 60
  }
}

TEST_CASE("sensors: a fan without a chip name raises, as in psutil", "[sensors][fixture]") {
  test::fixture_root root(test::own_fixture("sensors-fan-noname"));
  CHECK_THROWS_AS(psinfo::sensors_fans(), psinfo::error);
  CHECK(psinfo::sensors_temperatures().empty());
  CHECK_FALSE(psinfo::sensors_battery());
}
