// Shared layer: disks. The OS gives raw per-device counters; nowrap and the total are here.
#include <psinfo/disk.hpp>
#include <psinfo/errors.hpp>

#include "nowrap.hpp"
#include "platform.hpp"

namespace psinfo {

namespace {
// psutil's state name for both shapes (perdisk or not), as psutil shares it.
constexpr std::string_view nowrap_name = "disk_io_counters";

const detail::nowrap_field<disk_io_counters_t> disk_fields[] = {
    &disk_io_counters_t::read_count,        &disk_io_counters_t::write_count,
    &disk_io_counters_t::read_bytes,        &disk_io_counters_t::write_bytes,
    &disk_io_counters_t::read_time,         &disk_io_counters_t::write_time,
    &disk_io_counters_t::read_merged_count, &disk_io_counters_t::write_merged_count,
    &disk_io_counters_t::busy_time,
};

std::map<std::string, disk_io_counters_t> counters(bool perdisk, bool nowrap) {
  auto raw = detail::disk_io_counters(perdisk);
  // psutil returns before the nowrap layer when there is no device: the state is kept.
  if (nowrap && !raw.empty()) detail::nowrap_apply(nowrap_name, raw, disk_fields);
  return raw;
}
}  // namespace

std::vector<partition_t> disk_partitions(bool all) { return detail::disk_partitions(all); }

disk_usage_t disk_usage(const std::string& path) { return detail::disk_usage(path); }

std::optional<disk_io_counters_t> disk_io_counters(bool nowrap) {
  auto devices = counters(false, nowrap);
  if (devices.empty()) return std::nullopt;
  return detail::sum_counters(devices, disk_fields);
}

std::map<std::string, disk_io_counters_t> disk_io_counters_perdisk(bool nowrap) {
  return counters(true, nowrap);
}

}  // namespace psinfo
