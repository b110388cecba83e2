// The pure sensors helpers (linux/sensors_parse.hpp): expected values read off the inputs.
#include <catch2/catch.hpp>

#include <string>

#include "linux/sensors_parse.hpp"

namespace s = psinfo::detail::sensors;

TEST_CASE("sensors parse: strip, glob and key helpers", "[sensors][parse]") {
  CHECK(s::strip(" \t Core 0 \n") == "Core 0");
  CHECK(s::strip("\x1c x \x1f") == "x");
  CHECK(s::strip("") == "");
  CHECK(s::py_float(" 55000\n") == 55000.0);
  CHECK_FALSE(s::py_float("N/A"));
  CHECK_FALSE(s::py_float(""));
  CHECK(s::py_int("-1500000\n") == -1500000);
  CHECK(s::py_int("+7") == 7);
  CHECK_FALSE(s::py_int("5.0"));
  CHECK(s::cut_at_underscore("class/hwmon/hwmon0/temp1_input") == "class/hwmon/hwmon0/temp1");
  CHECK(s::cut_at_underscore("class/hwmon/hwmon_x/temp1_input") == "class/hwmon/hwmon");
  CHECK(s::matches_prefix_underscore("temp1_input", "temp"));
  CHECK(s::matches_prefix_underscore("temp_", "temp"));
  CHECK_FALSE(s::matches_prefix_underscore("temp1", "temp"));
  CHECK_FALSE(s::matches_prefix_underscore("fan1_input", "temp"));
  CHECK(s::trip_point_key("trip_point_0_temp") == "trip_point_0");
  CHECK(s::trip_point_key("trip_point_12_hyst") == "trip_point_12");
  CHECK(s::trip_point_key("trip_point_3") == "trip_point_3");
  CHECK(s::trip_point_key("trip_pointX") == "trip_pointX");
}

TEST_CASE("sensors parse: battery arithmetic", "[sensors][parse]") {
  auto v = [](const char* text) { return s::supply_value::from(text); };
  s::battery_files f;
  f.name = "BAT0";
  SECTION("no energy and no capacity: no battery") { CHECK_FALSE(s::compute_battery(f)); }
  SECTION("capacity -1 is psutil's unreadable sentinel") {
    f.capacity = "-1\n";
    CHECK_FALSE(s::compute_battery(f));
  }
  SECTION("capacity garbage raises") {
    f.capacity = "lots";
    CHECK_THROWS_AS(s::compute_battery(f), psinfo::error);
  }
  SECTION("percent is not clamped") {
    f.now = v("110");
    f.full = v("100");
    auto b = s::compute_battery(f);
    REQUIRE(b);
    CHECK(b->percent == Approx(110.0));
    CHECK_FALSE(b->power_plugged);
    CHECK(b->secsleft == psinfo::power_time_unknown);  // no power, no tte
  }
  SECTION("garbage energy raises; garbage online means unplugged") {
    f.now = v("x");
    f.full = v("100");
    CHECK_THROWS_AS(s::compute_battery(f), psinfo::error);
    f.now = v("50");
    f.online = v("yes");
    auto b = s::compute_battery(f);
    REQUIRE(b);
    CHECK(b->power_plugged == std::optional<bool>(false));
  }
  SECTION("online 1 wins over status, secsleft unlimited even with power") {
    f.now = v("50");
    f.full = v("100");
    f.power = v("10");
    f.online = v("1\n");
    f.status = "Discharging";
    auto b = s::compute_battery(f);
    REQUIRE(b);
    CHECK(b->power_plugged == std::optional<bool>(true));
    CHECK(b->secsleft == psinfo::power_time_unlimited);
  }
  SECTION("negative time_to_empty is unknown; huge values saturate") {
    f.capacity = "50";
    f.tte = v("-3");
    CHECK(s::compute_battery(f)->secsleft == psinfo::power_time_unknown);
    f.tte = s::supply_value{};
    f.now = v("9223372036854775807");
    f.power = v("1");
    f.full = v("1");
    CHECK(s::compute_battery(f)->secsleft == std::numeric_limits<long>::max());
  }
}
