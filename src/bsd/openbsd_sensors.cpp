// OpenBSD sensors: psutil reads none there (the hw.sensors tree is not one of its sources).
#include <psinfo/errors.hpp>

#include "bsd/bsd.hpp"

namespace psinfo::detail::bsd {

std::map<std::string, std::vector<sensors_temperature_t>> temperatures() {
  throw not_supported("sensors_temperatures: not available on OpenBSD (psutil has none there)");
}

std::optional<sensors_battery_t> battery() {
  throw not_supported("sensors_battery: not available on OpenBSD (psutil has none there)");
}

}  // namespace psinfo::detail::bsd
