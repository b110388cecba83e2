// psinfo CLI — `psinfo df`, after psutil's scripts/disk_usage.py: one row per mounted physical
// filesystem, sizes in human units (powers of 1024), Use% truncated to an integer as there.
#include <fmt/format.h>

#include <psinfo/disk.hpp>
#include <psinfo/errors.hpp>
#include <string>

#include "commands.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

void row(const std::string& device, const std::string& total, const std::string& used,
         const std::string& free, const std::string& use, const std::string& type,
         const std::string& mount) {
  fmt::print("{:<17} {:>8} {:>8} {:>8} {:>4} {:>9}  {}\n", device, total, used, free, use, type,
             mount);
}

}  // namespace

int run_df() {
  const std::vector<psinfo::partition_t> parts = psinfo::disk_partitions(false);
  row("Device", "Total", "Used", "Free", "Use%", "Type", "Mount");
  for (const psinfo::partition_t& p : parts) {
    psinfo::disk_usage_t u;
    try {
      u = psinfo::disk_usage(p.mountpoint);
    } catch (const psinfo::error&) {
      // A mount we may not look into (or that vanished): listed, without numbers.
      row(p.device, "-", "-", "-", "-", p.fstype, p.mountpoint);
      continue;
    }
    row(p.device, bytes2human(u.total), bytes2human(u.used), bytes2human(u.free),
        fmt::format("{}%", static_cast<int>(u.percent)), p.fstype, p.mountpoint);
  }
  return 0;
}

}  // namespace psinfo_cli
