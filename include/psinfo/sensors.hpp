// psinfo — hardware sensors: temperatures, fans, battery.
#pragma once

#include <psinfo/export.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace psinfo {
inline namespace PSINFO_ABI {

// psutil.sensors_temperatures(): one sensor of a chip. Celsius (or Fahrenheit on request).
struct sensors_temperature_t {
  std::string label;  // "" when the chip gives none
  double current = 0;
  std::optional<double> high;
  std::optional<double> critical;
};

// psutil.sensors_fans(): one fan, in RPM.
struct sensors_fan_t {
  std::string label;
  int current = 0;
};

// psutil.POWER_TIME_UNKNOWN / POWER_TIME_UNLIMITED.
constexpr long power_time_unknown = -1;
constexpr long power_time_unlimited = -2;

// psutil.sensors_battery().
struct sensors_battery_t {
  double percent = 0;
  long secsleft = power_time_unknown;  // seconds, or power_time_unknown / power_time_unlimited
  std::optional<bool> power_plugged;   // absent when it cannot be determined
};

// Keyed by chip name (hwmon `name`, or thermal zone `type`), sensors in the OS's order.
PSINFO_API std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures(
    bool fahrenheit = false);
PSINFO_API std::map<std::string, std::vector<sensors_fan_t>> sensors_fans();
// Absent when there is no battery.
PSINFO_API std::optional<sensors_battery_t> sensors_battery();

}  // namespace PSINFO_ABI
}  // namespace psinfo
