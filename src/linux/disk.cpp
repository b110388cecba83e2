// Linux backend (stub until implemented): see src/unsupported for the pattern.
#include <psinfo/errors.hpp>

#include "platform.hpp"

namespace psinfo::detail {
namespace {
[[noreturn]] void todo(const char* what) { throw not_supported(std::string(what) + ": not implemented yet"); }
}  // namespace
std::vector<partition_t> disk_partitions(bool) { todo("disk_partitions"); }
disk_usage_t disk_usage(const std::string&) { todo("disk_usage"); }
std::map<std::string, disk_io_counters_t> disk_io_counters(bool) { todo("disk_io_counters"); }
}  // namespace psinfo::detail
