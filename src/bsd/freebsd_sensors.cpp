// FreeBSD sensors: dev.cpu.N.temperature and dev.cpu.N.coretemp.tjmax (coretemp(4) / amdtemp(4),
// tenths of a kelvin), the ACPI battery (hw.acpi.battery.life / .time, hw.acpi.acline).
#include <psinfo/errors.hpp>

#include <errno.h>

#include <string>

#include "bsd/bsd.hpp"
#include "bsd/freebsd.hpp"

namespace psinfo::detail::bsd {

// psutil: {"coretemp": ["Core N" for each CPU that has a sensor]}, empty without any.
std::map<std::string, std::vector<sensors_temperature_t>> temperatures() {
  std::map<std::string, std::vector<sensors_temperature_t>> out;
  for (const freebsd::cpu_value& c : freebsd::per_cpu_values("temperature")) {
    std::optional<int> tjmax = posix::sysctlbyname_value<int>((c.node + "coretemp.tjmax").c_str());
    out["coretemp"].push_back(core_temperature(c.cpu, c.value, tjmax));
  }
  return out;
}

// Absent without ACPI battery support (ENOENT: psutil's issue 1074).
std::optional<sensors_battery_t> battery() {
  std::optional<int> life = posix::sysctlbyname_value<int>("hw.acpi.battery.life");
  std::optional<int> minutes =
      life ? posix::sysctlbyname_value<int>("hw.acpi.battery.time") : std::nullopt;
  std::optional<int> acline =
      minutes ? posix::sysctlbyname_value<int>("hw.acpi.acline") : std::nullopt;
  if (!acline) {
    if (errno == ENOENT) return std::nullopt;
    posix::throw_errno(errno, "sysctl hw.acpi.battery");
  }
  return battery_from(*life, *minutes, *acline);
}

}  // namespace psinfo::detail::bsd
