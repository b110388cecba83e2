// Windows sensors: the battery (GetSystemPowerStatus), as psutil. Windows offers no
// temperatures or fans to user programs without WMI/vendor drivers; psutil has none either.
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "windows/win.hpp"

namespace psinfo::detail {

std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures() {
  throw not_supported("sensors_temperatures: not available on Windows");
}

std::map<std::string, std::vector<sensors_fan_t>> sensors_fans() {
  throw not_supported("sensors_fans: not available on Windows");
}

// Absent when Windows reports no system battery (flag 128) or an unknown status (255).
std::optional<sensors_battery_t> sensors_battery() {
  SYSTEM_POWER_STATUS st;
  if (!GetSystemPowerStatus(&st)) win::throw_error(GetLastError(), "GetSystemPowerStatus");
  if (st.BatteryFlag == 255 || (st.BatteryFlag & 128) || st.BatteryLifePercent == 255)
    return std::nullopt;
  sensors_battery_t b;
  b.percent = st.BatteryLifePercent;
  if (st.ACLineStatus == 0 || st.ACLineStatus == 1) b.power_plugged = st.ACLineStatus == 1;
  bool charging = (st.BatteryFlag & 8) != 0;
  if (b.power_plugged.value_or(false) || charging)
    b.secsleft = power_time_unlimited;
  else if (st.BatteryLifeTime == static_cast<DWORD>(-1))
    b.secsleft = power_time_unknown;
  else
    b.secsleft = static_cast<long>(st.BatteryLifeTime);
  return b;
}

}  // namespace psinfo::detail
