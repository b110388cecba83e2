// Shared layer: sensors. The backends return temperatures in Celsius as the OS gives them;
// psutil's post-processing (Fahrenheit, the high/critical fill-in) is done here, once.
#include <psinfo/sensors.hpp>

#include "platform.hpp"

namespace psinfo {

namespace {

// Python's truthiness of an optional float: None and 0.0 are false (NaN is true). psutil
// tests high/critical this way, so a limit of 0.0 counts as missing.
bool truthy(const std::optional<double>& x) { return x.has_value() && *x != 0.0; }

// psutil: (float(n) * 9 / 5) + 32, in that order.
double to_fahrenheit(double c) { return (c * 9 / 5) + 32; }

}  // namespace

inline namespace PSINFO_ABI {
std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures(bool fahrenheit) {
  auto chips = detail::sensors_temperatures();
  for (auto& [name, sensors] : chips) {
    for (auto& t : sensors) {
      // Conversion first, then the fill-in, as psutil does: 0 C converts to 32 F, which then
      // counts as present.
      if (fahrenheit) {
        t.current = to_fahrenheit(t.current);
        if (t.high) t.high = to_fahrenheit(*t.high);
        if (t.critical) t.critical = to_fahrenheit(*t.critical);
      }
      if (truthy(t.high) && !truthy(t.critical))
        t.critical = t.high;
      else if (truthy(t.critical) && !truthy(t.high))
        t.high = t.critical;
    }
  }
  return chips;
}

std::map<std::string, std::vector<sensors_fan_t>> sensors_fans() { return detail::sensors_fans(); }

std::optional<sensors_battery_t> sensors_battery() { return detail::sensors_battery(); }
}  // namespace PSINFO_ABI

}  // namespace psinfo
