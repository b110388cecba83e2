// psinfo — disks: partitions, usage, I/O counters.
#pragma once

#include <psinfo/export.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace psinfo {
inline namespace PSINFO_ABI {

// psutil.disk_partitions(): one mounted filesystem (psutil 8's four fields).
struct partition_t {
  std::string device;  // "" for pseudo filesystems ("none" in the mount table)
  std::string mountpoint;
  std::string fstype;
  std::string opts;  // the mount options, as the mount table has them
};

// psutil.disk_usage(path), in bytes. free is what an unprivileged user may still use
// (f_bavail); percent = used / (used + free) * 100, rounded to 0.1.
struct disk_usage_t {
  std::uint64_t total = 0;
  std::uint64_t used = 0;
  std::uint64_t free = 0;
  double percent = 0;
};

// psutil.disk_io_counters(): counters since boot. Times are milliseconds. Fields the platform
// does not count are absent.
struct disk_io_counters_t {
  std::uint64_t read_count = 0;
  std::uint64_t write_count = 0;
  std::uint64_t read_bytes = 0;
  std::uint64_t write_bytes = 0;
  std::optional<std::uint64_t> read_time;
  std::optional<std::uint64_t> write_time;
  std::optional<std::uint64_t> read_merged_count;   // Linux
  std::optional<std::uint64_t> write_merged_count;  // Linux
  std::optional<std::uint64_t> busy_time;           // Linux, BSD
};

// all=false: physical devices only (psutil's rule: a device and a filesystem type the kernel
// lists as not `nodev`).
PSINFO_API std::vector<partition_t> disk_partitions(bool all = false);

// A path that does not exist, or cannot be reached: psinfo::error naming it (access_denied
// for EACCES).
PSINFO_API disk_usage_t disk_usage(const std::string& path);

// Whole disks summed (partitions excluded, as psutil does). Absent when there is no disk.
// nowrap=true: counters that wrap or reset keep growing (psutil's _WrapNumbers).
PSINFO_API std::optional<disk_io_counters_t> disk_io_counters(bool nowrap = true);
// Every device of the kernel's list, partitions included, keyed by name.
PSINFO_API std::map<std::string, disk_io_counters_t> disk_io_counters_perdisk(bool nowrap = true);

}  // namespace PSINFO_ABI
}  // namespace psinfo
