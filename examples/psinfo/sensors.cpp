// psinfo CLI — `psinfo sensors`, after psutil's scripts/sensors.py: per chip its temperatures
// and fans, then the battery.
#include <fmt/format.h>

#include <cmath>
#include <psinfo/errors.hpp>
#include <psinfo/sensors.hpp>
#include <set>
#include <string>

#include "commands.hpp"
#include "json.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

std::string temperature(const std::optional<double>& t, const char* unit) {
  return t ? format_double(*t) + " " + unit : "-";
}

// 7265 -> "2:01:05".
std::string hms(long secs) {
  return fmt::format("{}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60);
}

void print_battery(const psinfo::sensors_battery_t& b) {
  fmt::print("Battery:\n");
  fmt::print("    charge:     {}%\n", format_double(std::round(b.percent * 100) / 100));
  std::string left = b.secsleft == psinfo::power_time_unlimited ? "unlimited (plugged in)"
                     : b.secsleft == psinfo::power_time_unknown ? "unknown"
                     : b.secsleft < 0                           ? "unknown"
                                                                : hms(b.secsleft);
  fmt::print("    left:       {}\n", left);
  std::string status = !b.power_plugged   ? "unknown"
                       : *b.power_plugged ? (b.percent < 100 ? "charging" : "fully charged")
                                          : "discharging";
  fmt::print("    status:     {}\n", status);
  fmt::print("    plugged in: {}\n", !b.power_plugged   ? "unknown"
                                     : *b.power_plugged ? "yes"
                                                        : "no");
}

// One kind of sensor: its readings, or none. A kind the platform has no interface for
// (Windows: temperatures and fans) is left out, as scripts/sensors.py does when psutil lacks
// the function; one that fails is reported on stderr and counted in `failed`, and the others
// are still shown.
template <class F>
auto or_none(const char* what, int& failed, F read) -> decltype(read()) {
  try {
    return read();
  } catch (const psinfo::not_supported&) {
    return {};
  } catch (const psinfo::error& e) {
    fmt::print(stderr, "psinfo: sensors: {}: {}\n", what, one_line(e.what()));
    ++failed;
    return {};
  }
}

}  // namespace

int run_sensors(bool fahrenheit) {
  int failed = 0;
  const auto temps =
      or_none("temperatures", failed, [&] { return psinfo::sensors_temperatures(fahrenheit); });
  const auto fans = or_none("fans", failed, [] { return psinfo::sensors_fans(); });
  const auto battery = or_none("battery", failed, [] { return psinfo::sensors_battery(); });
  const char* unit = fahrenheit ? "°F" : "°C";
  if (temps.empty() && fans.empty() && !battery) {
    if (failed) return 1;  // nothing could be read, and why is on stderr
    fmt::print("no temperatures, fans or battery found\n");
    return 0;
  }
  std::set<std::string> chips;
  for (const auto& [name, _] : temps) chips.insert(name);
  for (const auto& [name, _] : fans) chips.insert(name);
  for (const std::string& chip : chips) {
    fmt::print("{}\n", chip);
    if (auto t = temps.find(chip); t != temps.end()) {
      fmt::print("    Temperatures:\n");
      for (const psinfo::sensors_temperature_t& e : t->second)
        fmt::print("        {:<20} {} {} (high = {}, critical = {})\n",
                   e.label.empty() ? chip : e.label, format_double(e.current), unit,
                   temperature(e.high, unit), temperature(e.critical, unit));
    }
    if (auto f = fans.find(chip); f != fans.end()) {
      fmt::print("    Fans:\n");
      for (const psinfo::sensors_fan_t& e : f->second)
        fmt::print("        {:<20} {} RPM\n", e.label.empty() ? chip : e.label, e.current);
    }
  }
  if (battery) {
    if (!chips.empty()) fmt::print("\n");
    print_battery(*battery);
  }
  return 0;
}

}  // namespace psinfo_cli
