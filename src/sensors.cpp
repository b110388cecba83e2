// Shared layer: sensors (stub until implemented).
#include <psinfo/sensors.hpp>

#include "platform.hpp"

namespace psinfo {
std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures(bool) { return detail::sensors_temperatures(); }
std::map<std::string, std::vector<sensors_fan_t>> sensors_fans() { return detail::sensors_fans(); }
std::optional<sensors_battery_t> sensors_battery() { return detail::sensors_battery(); }
}  // namespace psinfo
