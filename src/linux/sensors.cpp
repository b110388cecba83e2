// Linux backend (stub until implemented): see src/unsupported for the pattern.
#include <psinfo/errors.hpp>

#include "platform.hpp"

namespace psinfo::detail {
namespace {
[[noreturn]] void todo(const char* what) { throw not_supported(std::string(what) + ": not implemented yet"); }
}  // namespace
std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures() { todo("sensors_temperatures"); }
std::map<std::string, std::vector<sensors_fan_t>> sensors_fans() { todo("sensors_fans"); }
std::optional<sensors_battery_t> sensors_battery() { todo("sensors_battery"); }
}  // namespace psinfo::detail
