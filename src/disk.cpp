// Shared layer: disks (stub until implemented).
#include <psinfo/disk.hpp>
#include <psinfo/errors.hpp>

#include "platform.hpp"

namespace psinfo {
std::vector<partition_t> disk_partitions(bool all) { return detail::disk_partitions(all); }
disk_usage_t disk_usage(const std::string& path) { return detail::disk_usage(path); }
std::optional<disk_io_counters_t> disk_io_counters(bool) { throw not_supported("disk_io_counters: not implemented yet"); }
std::map<std::string, disk_io_counters_t> disk_io_counters_perdisk(bool) { throw not_supported("disk_io_counters: not implemented yet"); }
}  // namespace psinfo
