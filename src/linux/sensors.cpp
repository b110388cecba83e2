// Linux backend: sensors from /sys (hwmon, thermal zones, power_supply), as psutil 8 reads
// them (PSUTIL-LINUX.md section 5). Every path goes through sys_path(); psutil's globs are
// list_dir() walks over the same directories.
#include <psinfo/errors.hpp>

#include <errno.h>

#include <algorithm>
#include <climits>
#include <map>
#include <set>

#include "linux/procfs.hpp"
#include "linux/sensors_parse.hpp"
#include "platform.hpp"

namespace psinfo::detail {

namespace {

using namespace sensors;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Reads <sysfs>/<rel> into the per-thread buffer: the view is valid until the next read.
bool read_rel(const std::string& rel, std::string_view& out, int* err = nullptr) {
  file_buffer& buf = scratch();
  if (!try_read_file(sys_path(rel), buf, err)) return false;
  out = buf.view();
  return true;
}

// psutil's bcat(path, fallback=None) then float(x) / 1000 with ValueError -> None.
std::optional<double> read_millis(const std::string& rel) {
  std::string_view v;
  if (!read_rel(rel, v)) return std::nullopt;
  auto x = py_float(v);
  if (!x) return std::nullopt;
  return *x / 1000.0;
}

// cat(path, fallback='').strip()
std::string read_stripped(const std::string& rel) {
  std::string_view v;
  if (!read_rel(rel, v)) return {};
  return std::string(strip(v));
}

// os.path.dirname of a relative path.
std::string dirname(const std::string& rel) {
  auto slash = rel.rfind('/');
  return slash == std::string::npos ? std::string() : rel.substr(0, slash);
}

// glob `<dir>/<prefix>*_*` (dir relative to the sysfs root), each match cut at its first '_'.
void glob_bases(const std::string& dir, std::string_view prefix, std::vector<std::string>& out) {
  for (const auto& name : list_dir(sys_path(dir)))
    if (matches_prefix_underscore(name, prefix))
      out.emplace_back(cut_at_underscore(dir + "/" + name));
}

// psutil's hwmon glob for one kind of input: `class/hwmon/hwmon*/<prefix>*_*`, plus (always,
// or only when that found nothing) `class/hwmon/hwmon*/device/<prefix>*_*`; bases
// deduplicated and in psutil's string order (hwmon10 < hwmon2, temp10 < temp2).
std::vector<std::string> hwmon_bases(std::string_view prefix, bool device_only_if_empty) {
  std::vector<std::string> bases;
  std::vector<std::string> hwmons;
  for (auto& h : list_dir(sys_path("class/hwmon")))
    if (starts_with(h, "hwmon")) hwmons.push_back("class/hwmon/" + h);
  for (const auto& h : hwmons) glob_bases(h, prefix, bases);
  if (!device_only_if_empty || bases.empty())
    for (const auto& h : hwmons) glob_bases(h + "/device", prefix, bases);
  std::sort(bases.begin(), bases.end());
  bases.erase(std::unique(bases.begin(), bases.end()), bases.end());
  return bases;
}

// The stripped `name` of an hwmon directory, read once per directory; nullopt if unreadable
// (with errno in *err).
class chip_names {
 public:
  const std::optional<std::string>& get(const std::string& dir, int* err) {
    auto it = cache_.find(dir);
    if (it == cache_.end()) {
      entry e;
      std::string_view v;
      if (read_rel(dir + "/name", v, &e.err)) e.name = std::string(strip(v));
      it = cache_.emplace(dir, std::move(e)).first;
    }
    if (err) *err = it->second.err;
    return it->second.name;
  }

 private:
  struct entry {
    std::optional<std::string> name;
    int err = 0;
  };
  std::map<std::string, entry> cache_;
};

// psutil also globs /sys/devices/platform/coretemp.*/hwmon/hwmon*/temp*_* and appends those
// full file names to its list of bases. Reading "<name>_input" from them never succeeds, so
// they add no sensor, but they make the list non-empty, which skips the thermal-zone
// fallback. Only that consequence is reproduced: whether any such file exists.
bool coretemp_platform_has_temps() {
  const std::string platform = "devices/platform";
  for (const auto& c : list_dir(sys_path(platform))) {
    if (!starts_with(c, "coretemp.")) continue;
    const std::string hw = platform + "/" + c + "/hwmon";
    for (const auto& h : list_dir(sys_path(hw))) {
      if (!starts_with(h, "hwmon")) continue;
      for (const auto& f : list_dir(sys_path(hw + "/" + h)))
        if (matches_prefix_underscore(f, "temp")) return true;
    }
  }
  return false;
}

void thermal_zones(std::map<std::string, std::vector<sensors_temperature_t>>& out) {
  const std::string thermal = "class/thermal";
  std::vector<std::string> zones;
  for (auto& z : list_dir(sys_path(thermal)))
    if (starts_with(z, "thermal_zone")) zones.push_back(thermal + "/" + z);
  std::sort(zones.begin(), zones.end());
  for (const auto& zone : zones) {
    std::string_view v;
    if (!read_rel(zone + "/temp", v)) continue;
    auto current = py_float(v);
    if (!current) continue;
    if (!read_rel(zone + "/type", v)) continue;
    std::string type(strip(v));

    sensors_temperature_t t;
    t.current = *current / 1000.0;
    // psutil visits the set of trip points in arbitrary (hash) order and the last visited of
    // each type wins; here the order is the sorted one. (psutil also divides an already
    // converted value by 1000 again on each later iteration of that loop: a bug not
    // reproduced, so zones with several trip points differ from psutil.)
    std::set<std::string> trips;
    for (const auto& f : list_dir(sys_path(zone)))
      if (starts_with(f, "trip_point")) trips.emplace(trip_point_key(f));
    for (const auto& trip : trips) {
      std::string kind = read_stripped(zone + "/" + trip + "_type");
      if (kind == "critical")
        t.critical = read_millis(zone + "/" + trip + "_temp");
      else if (kind == "high")
        t.high = read_millis(zone + "/" + trip + "_temp");
    }
    out[type].push_back(std::move(t));
  }
}

// psutil's multi_bcat: the first readable file of `rels`.
supply_value first_readable(std::initializer_list<std::string> rels) {
  for (const auto& rel : rels) {
    std::string_view v;
    if (read_rel(rel, v)) return supply_value::from(v);
  }
  return {};
}

}  // namespace

std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures() {
  std::map<std::string, std::vector<sensors_temperature_t>> out;
  auto bases = hwmon_bases("temp", false);
  chip_names names;
  for (const auto& base : bases) {
    std::string_view v;
    if (!read_rel(base + "_input", v)) continue;
    auto current = py_float(v);
    if (!current) continue;
    const auto& name = names.get(dirname(base), nullptr);
    if (!name) continue;

    sensors_temperature_t t;
    t.current = *current / 1000.0;
    t.high = read_millis(base + "_max");
    t.critical = read_millis(base + "_crit");
    t.label = read_stripped(base + "_label");
    out[*name].push_back(std::move(t));
  }
  if (bases.empty() && !coretemp_platform_has_temps()) thermal_zones(out);
  return out;
}

std::map<std::string, std::vector<sensors_fan_t>> sensors_fans() {
  std::map<std::string, std::vector<sensors_fan_t>> out;
  chip_names names;
  for (const auto& base : hwmon_bases("fan", true)) {
    std::string_view v;
    if (!read_rel(base + "_input", v)) continue;  // psutil skips only an OSError here
    auto rpm = py_int(v);
    if (!rpm || *rpm < INT_MIN || *rpm > INT_MAX)
      throw error("sensors_fans: " + sys_path(base + "_input") + ": not an integer: '" +
                  std::string(strip(v)) + "'");
    const std::string dir = dirname(base);
    int err = 0;
    const auto& name = names.get(dir, &err);
    if (!name) throw_errno(err, "sensors_fans: cannot read", sys_path(dir + "/name"));

    sensors_fan_t f;
    f.current = static_cast<int>(*rpm);
    f.label = read_stripped(base + "_label");
    out[*name].push_back(std::move(f));
  }
  return out;
}

std::optional<sensors_battery_t> sensors_battery() {
  const std::string supply = "class/power_supply";
  std::optional<std::string> bat;
  for (auto& n : list_dir(sys_path(supply))) {
    std::string lower = n;
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!starts_with(n, "BAT") && lower.find("battery") == std::string::npos) continue;
    if (!bat || n < *bat) bat = n;
  }
  if (!bat) return std::nullopt;

  const std::string root = supply + "/" + *bat;
  battery_files f;
  f.name = sys_path(root);
  f.now = first_readable({root + "/energy_now", root + "/charge_now"});
  f.power = first_readable({root + "/power_now", root + "/current_now"});
  f.full = first_readable({root + "/energy_full", root + "/charge_full"});
  f.tte = first_readable({root + "/time_to_empty_now"});
  std::string_view v;
  // capacity and status are read only where psutil reads them.
  if (!(f.now.present() && f.full.present()) && read_rel(root + "/capacity", v))
    f.capacity = std::string(v);
  f.online = first_readable({supply + "/AC0/online", supply + "/AC/online"});
  if (!f.online.present() && read_rel(root + "/status", v)) f.status = std::string(v);
  return compute_battery(f);
}

}  // namespace psinfo::detail
