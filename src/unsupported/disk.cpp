// A platform psinfo does not support: disks (see unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

std::vector<partition_t> disk_partitions(bool) { unsupported("disk_partitions"); }
disk_usage_t disk_usage(const std::string&) { unsupported("disk_usage"); }
std::map<std::string, disk_io_counters_t> disk_io_counters(bool) {
  unsupported("disk_io_counters");
}

}  // namespace psinfo::detail
