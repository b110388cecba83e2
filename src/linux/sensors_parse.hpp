// Pure helpers of the Linux sensors backend (src/linux/sensors.cpp): sysfs text in, values
// out, no file access. Header-only; tested in tests/sensors/.
#pragma once

#include <psinfo/errors.hpp>
#include <psinfo/sensors.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "linux/parse.hpp"

namespace psinfo::detail::sensors {

// Python's str.strip() for the ASCII range: space, \t \n \v \f \r and \x1c-\x1f.
inline bool is_py_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}
inline std::string_view strip(std::string_view s) {
  while (!s.empty() && is_py_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_py_space(s.back())) s.remove_suffix(1);
  return s;
}

// Python's float(text) / int(text) on a sysfs value (surrounding whitespace allowed);
// nullopt where Python raises ValueError. (Python's `_` digit separators are not accepted.)
inline std::optional<double> py_float(std::string_view text) { return to_double(strip(text)); }
inline std::optional<std::int64_t> py_int(std::string_view text) { return to_i64(strip(text)); }

// psutil's hwmon key: the glob match (relative to the sysfs root) cut at its first '_'
// ("class/hwmon/hwmon0/temp1_input" -> "class/hwmon/hwmon0/temp1").
inline std::string_view cut_at_underscore(std::string_view rel) {
  return rel.substr(0, rel.find('_'));
}

// glob `<prefix>*_*`: the name starts with prefix and has a '_' somewhere after it.
inline bool matches_prefix_underscore(std::string_view name, std::string_view prefix) {
  return name.substr(0, prefix.size()) == prefix && name.find('_', prefix.size()) != name.npos;
}

// A thermal zone's trip point key: the first three '_'-separated parts of a file name
// ("trip_point_0_temp" -> "trip_point_0"), as psutil joins them.
inline std::string_view trip_point_key(std::string_view name) {
  std::size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    pos = name.find('_', pos);
    if (pos == name.npos) return name;
    if (i < 2) ++pos;
  }
  return name.substr(0, pos);
}

// A power_supply value as psutil's multi_bcat reads it: the first readable file of a list,
// as an int if it parses, else its stripped bytes (which psutil then fails to do arithmetic
// with: TypeError, ValueError).
struct supply_value {
  enum kind_t { absent, integer, text } kind = absent;
  std::int64_t value = 0;
  std::string raw;  // the stripped text when kind == text
  static supply_value from(std::string_view content) {
    supply_value v;
    if (auto i = py_int(content)) {
      v.kind = integer;
      v.value = *i;
    } else {
      v.kind = text;
      v.raw = std::string(strip(content));
    }
    return v;
  }
  bool present() const { return kind != absent; }
};

// What sensors_battery() reads from the chosen battery and the AC adapter.
struct battery_files {
  std::string name;                     // the battery's directory name, for messages
  supply_value now, power, full, tte;   // energy_now|charge_now, power_now|current_now,
                                        // energy_full|charge_full, time_to_empty_now
  std::optional<std::string> capacity;  // content of `capacity`, if readable
  supply_value online;                  // AC0/online | AC/online
  std::optional<std::string> status;    // content of the battery's `status`, if readable
};

[[noreturn]] inline void battery_value_error(const battery_files& f, const char* what,
                                             const supply_value& v) {
  throw error("sensors_battery: " + f.name + ": " + what + " is not an integer: '" + v.raw + "'");
}

// Python's int(x) of a float, saturated where Python would grow a big int.
inline long to_long(double x) {
  constexpr double lim = 9.2e18;  // below 2^63
  if (x >= lim) return std::numeric_limits<long>::max();
  if (x <= -lim) return std::numeric_limits<long>::min();
  return static_cast<long>(x);  // truncates toward zero, as int() does
}

// psutil 8's sensors_battery() arithmetic. nullopt = no battery information (psutil's None).
// Throws psinfo::error where psutil raises (a value it must compute with is not a number).
inline std::optional<sensors_battery_t> compute_battery(const battery_files& f) {
  sensors_battery_t b;
  if (f.full.present() && f.now.present()) {
    if (f.now.kind == supply_value::text) battery_value_error(f, "energy_now", f.now);
    if (f.full.kind == supply_value::text) battery_value_error(f, "energy_full", f.full);
    b.percent = f.full.value == 0
                    ? 0.0
                    : 100.0 * static_cast<double>(f.now.value) / static_cast<double>(f.full.value);
  } else {
    if (!f.capacity) return std::nullopt;
    auto cap = py_float(*f.capacity);
    if (!cap)
      throw error("sensors_battery: " + f.name + ": capacity is not a number: '" +
                  std::string(strip(*f.capacity)) + "'");
    if (*cap == -1) return std::nullopt;  // psutil's "unreadable" sentinel
    b.percent = *cap;
  }

  if (f.online.present()) {
    b.power_plugged = f.online.kind == supply_value::integer && f.online.value == 1;
  } else if (f.status) {
    std::string s(strip(*f.status));
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (s == "discharging")
      b.power_plugged = false;
    else if (s == "charging" || s == "full")
      b.power_plugged = true;
  }

  if (b.power_plugged.value_or(false)) {
    b.secsleft = power_time_unlimited;
  } else if (f.now.present() && f.power.present()) {
    if (f.now.kind == supply_value::text) battery_value_error(f, "energy_now", f.now);
    if (f.power.kind == supply_value::text) battery_value_error(f, "power_now", f.power);
    // psutil 8 divides by |power| (5.9.4 did not, and went negative where the driver reports
    // a discharge current as negative).
    double power = std::fabs(static_cast<double>(f.power.value));
    b.secsleft =
        power == 0 ? power_time_unknown : to_long(static_cast<double>(f.now.value) / power * 3600);
  } else if (f.tte.present()) {
    if (f.tte.kind == supply_value::text) battery_value_error(f, "time_to_empty_now", f.tte);
    long secs = to_long(static_cast<double>(f.tte.value) * 60);
    b.secsleft = secs < 0 ? power_time_unknown : secs;
  } else {
    b.secsleft = power_time_unknown;
  }
  return b;
}

}  // namespace psinfo::detail::sensors
