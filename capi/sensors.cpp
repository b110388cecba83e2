// The C API of include/psinfo/sensors.hpp.
#include <psinfo/psinfo.h>

#include "common.hpp"

using namespace psinfo::capi;

static_assert(sizeof(psinfo_sensors_battery_t) == 32, "ABI: psinfo_sensors_battery_t");
static_assert(offsetof(psinfo_sensors_battery_t, power_plugged) == 24, "ABI: sensors_battery");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_sensors_temperature_t) == 48,
              "ABI: psinfo_sensors_temperature_t");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_sensors_fan_t) == 32,
              "ABI: psinfo_sensors_fan_t");

extern "C" {

int psinfo_sensors_temperatures(psinfo_sensors_temperature_t** out, size_t* count, size_t elem_size,
                                int fahrenheit) {
  return out_list(__func__, out, count, elem_size,
                  [&] { return psinfo::sensors_temperatures(fahrenheit != 0); });
}
PSINFO_CAPI_FREE(sensors_temperatures, psinfo_sensors_temperature_t)

int psinfo_sensors_fans(psinfo_sensors_fan_t** out, size_t* count, size_t elem_size) {
  return out_list(__func__, out, count, elem_size, [] { return psinfo::sensors_fans(); });
}
PSINFO_CAPI_FREE(sensors_fans, psinfo_sensors_fan_t)

int psinfo_sensors_battery(psinfo_sensors_battery_t* out) {
  return out_struct(
      __func__, out, [] { return psinfo::sensors_battery(); }, "no battery is installed");
}

}  // extern "C"
