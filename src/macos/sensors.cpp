// macOS sensors: the battery (IOKit power sources), as psutil. psutil has no temperatures or
// fans on macOS.
#include <psinfo/errors.hpp>

#include "macos/convert.hpp"
#include "macos/iokit.hpp"
#include "platform.hpp"

namespace psinfo::detail {

std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures() {
  throw not_supported("sensors_temperatures: not available on macOS");
}

std::map<std::string, std::vector<sensors_fan_t>> sensors_fans() {
  throw not_supported("sensors_fans: not available on macOS");
}

// The first power source; absent when there is none (a desktop Mac).
std::optional<sensors_battery_t> sensors_battery() {
  iokit::cf_ptr info(iokit::iops_copy_power_sources_info());
  if (!info) throw error("IOPSCopyPowerSourcesInfo() failed");
  iokit::cf_ptr list(iokit::iops_copy_power_sources_list(info.get()));
  if (!list) throw error("IOPSCopyPowerSourcesList() failed");
  if (iokit::cf_array_get_count(list.get()) == 0) return std::nullopt;
  // Owned by info: not released here.
  iokit::cf_type desc = iokit::iops_get_power_source_description(
      info.get(), iokit::cf_array_get_value(list.get(), 0));
  if (!desc) throw error("IOPSGetPowerSourceDescription() failed");
  std::optional<std::int64_t> capacity = iokit::dict_number(desc, "Current Capacity");
  if (!capacity) throw error("power source: no 'Current Capacity'");
  std::optional<std::string> state = iokit::dict_string(desc, "Power Source State");
  if (!state) throw error("power source: no 'Power Source State'");
  return macos::battery_from(*capacity, iokit::dict_number(desc, "Time to Empty"), *state);
}

}  // namespace psinfo::detail
