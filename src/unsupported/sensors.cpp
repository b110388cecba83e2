// A platform psinfo does not support: sensors (see unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures() {
  unsupported("sensors_temperatures");
}
std::map<std::string, std::vector<sensors_fan_t>> sensors_fans() { unsupported("sensors_fans"); }
std::optional<sensors_battery_t> sensors_battery() { unsupported("sensors_battery"); }

}  // namespace psinfo::detail
