// Test-only driver for diff_disk.py: prints the disk functions as JSON, with the /proc and /sys
// roots given on the command line.
//   disk_json PROCFS SYSFS (partitions | partitions_all | perdisk | total | usage PATH)
// Optional fields that are absent print as null; errors print {"error": "<type>", "msg": ...}.
#include <cstdio>
#include <cstring>
#include <psinfo/disk.hpp>
#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <string>

#include "../json_print.hpp"

namespace {
void str(const std::string& s) { test::print_json_string(s); }
void opt(const std::optional<std::uint64_t>& v) {
  if (v)
    std::printf("%llu", static_cast<unsigned long long>(*v));
  else
    std::printf("null");
}
void counters(const psinfo::disk_io_counters_t& c) {
  std::printf("[%llu, %llu, %llu, %llu, ", static_cast<unsigned long long>(c.read_count),
              static_cast<unsigned long long>(c.write_count),
              static_cast<unsigned long long>(c.read_bytes),
              static_cast<unsigned long long>(c.write_bytes));
  opt(c.read_time);
  std::printf(", ");
  opt(c.write_time);
  std::printf(", ");
  opt(c.read_merged_count);
  std::printf(", ");
  opt(c.write_merged_count);
  std::printf(", ");
  opt(c.busy_time);
  std::printf("]");
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: disk_json PROCFS SYSFS COMMAND [PATH]\n");
    return 2;
  }
  psinfo::set_procfs_path(argv[1]);
  psinfo::set_sysfs_path(argv[2]);
  const std::string cmd = argv[3];
  try {
    if (cmd == "partitions" || cmd == "partitions_all") {
      auto v = psinfo::disk_partitions(cmd == "partitions_all");
      std::printf("[");
      for (size_t i = 0; i < v.size(); ++i) {
        std::printf(i ? ", [" : "[");
        str(v[i].device);
        std::printf(", ");
        str(v[i].mountpoint);
        std::printf(", ");
        str(v[i].fstype);
        std::printf(", ");
        str(v[i].opts);
        std::printf("]");
      }
      std::printf("]\n");
    } else if (cmd == "perdisk") {
      auto m = psinfo::disk_io_counters_perdisk(false);
      std::printf("{");
      bool first = true;
      for (const auto& [name, c] : m) {
        std::printf(first ? "" : ", ");
        first = false;
        str(name);
        std::printf(": ");
        counters(c);
      }
      std::printf("}\n");
    } else if (cmd == "total") {
      auto t = psinfo::disk_io_counters(false);
      if (t)
        counters(*t);
      else
        std::printf("null");
      std::printf("\n");
    } else if (cmd == "usage" && argc > 4) {
      auto u = psinfo::disk_usage(argv[4]);
      std::printf("[%llu, %llu, %llu, %.1f]\n", static_cast<unsigned long long>(u.total),
                  static_cast<unsigned long long>(u.used), static_cast<unsigned long long>(u.free),
                  u.percent);
    } else {
      std::fprintf(stderr, "unknown command %s\n", cmd.c_str());
      return 2;
    }
  } catch (const psinfo::access_denied& e) {
    std::printf("{\"error\": \"access_denied\", \"msg\": ");
    str(e.what());
    std::printf("}\n");
  } catch (const psinfo::not_supported& e) {
    std::printf("{\"error\": \"not_supported\", \"msg\": ");
    str(e.what());
    std::printf("}\n");
  } catch (const psinfo::error& e) {
    std::printf("{\"error\": \"error\", \"msg\": ");
    str(e.what());
    std::printf("}\n");
  }
  return 0;
}
