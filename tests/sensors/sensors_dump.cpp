// Test-only driver for tests/sensors/diff_psutil.py: prints psinfo's sensors for one tree as
// JSON in the shape of psutil's results (namedtuples as lists), floats with 17 digits so that
// the comparison is exact. An exception becomes {"error": "..."}.
//   usage: sensors_dump TREE   (TREE holds sys/)
#include <psinfo/host.hpp>
#include <psinfo/sensors.hpp>

#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <optional>
#include <string>

#include "../json_print.hpp"

namespace {

void str(const std::string& s) { test::print_json_string(s); }

void num(double x) {
  if (std::isnan(x))
    std::printf("NaN");
  else if (std::isinf(x))
    std::printf(x > 0 ? "Infinity" : "-Infinity");
  else {
    // Always a JSON float (57.0, not 57), so that the test sees psutil 8's float type.
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    std::string s(buf);
    if (s.find_first_of(".e") == std::string::npos) s += ".0";
    std::printf("%s", s.c_str());
  }
}

void opt(const std::optional<double>& x) {
  if (x)
    num(*x);
  else
    std::printf("null");
}

void guarded(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    std::printf("{\"error\": ");
    str(e.what());
    std::printf("}");
  }
}

void temps(bool fahrenheit) {
  guarded([&] {
    auto t = psinfo::sensors_temperatures(fahrenheit);
    std::printf("{");
    const char* sep = "";
    for (const auto& [name, list] : t) {
      std::printf("%s", sep);
      sep = ", ";
      str(name);
      std::printf(": [");
      const char* s2 = "";
      for (const auto& x : list) {
        std::printf("%s[", s2);
        s2 = ", ";
        str(x.label);
        std::printf(", ");
        num(x.current);
        std::printf(", ");
        opt(x.high);
        std::printf(", ");
        opt(x.critical);
        std::printf("]");
      }
      std::printf("]");
    }
    std::printf("}");
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: sensors_dump TREE\n");
    return 2;
  }
  psinfo::set_sysfs_path(std::string(argv[1]) + "/sys");
  std::printf("{\"t\": ");
  temps(false);
  std::printf(", \"tf\": ");
  temps(true);
  std::printf(", \"f\": ");
  guarded([] {
    auto f = psinfo::sensors_fans();
    std::printf("{");
    const char* sep = "";
    for (const auto& [name, list] : f) {
      std::printf("%s", sep);
      sep = ", ";
      str(name);
      std::printf(": [");
      const char* s2 = "";
      for (const auto& x : list) {
        std::printf("%s[", s2);
        s2 = ", ";
        str(x.label);
        std::printf(", %d]", x.current);
      }
      std::printf("]");
    }
    std::printf("}");
  });
  std::printf(", \"b\": ");
  guarded([] {
    auto b = psinfo::sensors_battery();
    if (!b) {
      std::printf("null");
      return;
    }
    std::printf("[");
    num(b->percent);
    std::printf(", %ld, %s]", b->secsleft,
                !b->power_plugged   ? "null"
                : *b->power_plugged ? "true"
                                    : "false");
  });
  std::printf("}\n");
  return 0;
}
