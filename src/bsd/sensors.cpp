// BSD sensors: what each BSD's psutil has (freebsd_sensors.cpp: CPU temperatures and the ACPI
// battery; openbsd_sensors.cpp: nothing). No BSD psutil reads fans.
#include <psinfo/errors.hpp>

#include "bsd/bsd.hpp"

namespace psinfo::detail {

std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures() {
  return bsd::temperatures();
}

std::map<std::string, std::vector<sensors_fan_t>> sensors_fans() {
  throw not_supported("sensors_fans: not available on the BSDs (psutil has none there)");
}

std::optional<sensors_battery_t> sensors_battery() { return bsd::battery(); }

}  // namespace psinfo::detail
