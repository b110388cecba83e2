// Live: the real /sys. On the CI machine /sys/class/hwmon is missing and class/thermal and
// class/power_supply are empty, so all three must come back empty/absent without throwing.
// The expectation is computed here independently, by walking /sys with std::filesystem:
// a result is non-empty iff the directories hold something psutil would report.
#include <catch2/catch.hpp>

#include <psinfo/sensors.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

bool read_all(const fs::path& p, std::string& out) {
  std::error_code ec;
  if (fs::is_directory(p, ec)) return false;
  std::ifstream in(p);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return !in.bad();
}

bool is_number(const std::string& s) {
  std::istringstream in(s);
  double d;
  return static_cast<bool>(in >> d);
}

std::vector<fs::path> entries(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename().string().rfind(prefix, 0) == 0) out.push_back(it->path());
  return out;
}

size_t count_entries(const fs::path& dir) { return entries(dir, "").size(); }

// Files `<kind>N_input` of the hwmon dirs (and of their device/ when `device`).
std::vector<fs::path> inputs(const std::string& kind, bool device) {
  std::vector<fs::path> out;
  for (const auto& h : entries("/sys/class/hwmon", "hwmon")) {
    fs::path dir = device ? h / "device" : h;
    for (const auto& f : entries(dir, kind)) {
      std::string n = f.filename().string();
      if (n.size() > 6 && n.compare(n.size() - 6, 6, "_input") == 0) out.push_back(f);
    }
  }
  return out;
}

bool any_named_number(const std::vector<fs::path>& files) {
  std::string v, name;
  for (const auto& f : files)
    if (read_all(f, v) && is_number(v) && read_all(f.parent_path() / "name", name)) return true;
  return false;
}

}  // namespace

TEST_CASE("sensors live: empty iff /sys has nothing to report", "[sensors][live]") {
  INFO("/sys/class/hwmon entries: "
       << count_entries("/sys/class/hwmon") << ", thermal: " << count_entries("/sys/class/thermal")
       << ", power_supply: " << count_entries("/sys/class/power_supply"));

  std::map<std::string, std::vector<psinfo::sensors_temperature_t>> temps;
  REQUIRE_NOTHROW(temps = psinfo::sensors_temperatures());
  REQUIRE_NOTHROW(psinfo::sensors_temperatures(true));
  auto temp_files = inputs("temp", false);
  auto dev_temp_files = inputs("temp", true);
  bool expect_temps = any_named_number(temp_files) || any_named_number(dev_temp_files);
  if (temp_files.empty() && dev_temp_files.empty() &&
      entries("/sys/devices/platform", "coretemp.").empty()) {
    std::string v;
    for (const auto& z : entries("/sys/class/thermal", "thermal_zone"))
      if (read_all(z / "temp", v) && is_number(v) && read_all(z / "type", v)) expect_temps = true;
  }
  CHECK(temps.empty() == !expect_temps);

  std::map<std::string, std::vector<psinfo::sensors_fan_t>> fans;
  REQUIRE_NOTHROW(fans = psinfo::sensors_fans());
  auto fan_files = inputs("fan", false);
  if (fan_files.empty()) fan_files = inputs("fan", true);
  CHECK(fans.empty() == !any_named_number(fan_files));

  std::optional<psinfo::sensors_battery_t> bat;
  REQUIRE_NOTHROW(bat = psinfo::sensors_battery());
  bool expect_battery = false;
  for (const auto& e : entries("/sys/class/power_supply", "")) {
    std::string n = e.filename().string(), lower = n, v;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (n.rfind("BAT", 0) != 0 && lower.find("battery") == std::string::npos) continue;
    // psutil reports a battery with energy|charge now+full, or with a capacity.
    bool now = read_all(e / "energy_now", v) || read_all(e / "charge_now", v);
    bool full = read_all(e / "energy_full", v) || read_all(e / "charge_full", v);
    if ((now && full) || read_all(e / "capacity", v)) expect_battery = true;
  }
  CHECK(bat.has_value() == expect_battery);
}
