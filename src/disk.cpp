// Shared layer: disks. The OS gives raw per-device counters; nowrap and the total are here.
#include <psinfo/disk.hpp>
#include <psinfo/errors.hpp>

#include "io_counters.hpp"
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
  if (nowrap) detail::disk_nowrap(detail::wrap_numbers::global(), raw);
  return raw;
}
}  // namespace

void detail::disk_nowrap(wrap_numbers& state, std::map<std::string, disk_io_counters_t>& devices) {
  // psutil returns before the nowrap layer when there is no device: the state is kept.
  if (!devices.empty()) state.apply(nowrap_name, devices, disk_fields);
}

std::optional<disk_io_counters_t> detail::disk_total(
    const std::map<std::string, disk_io_counters_t>& devices) {
  if (devices.empty()) return std::nullopt;
  return sum_counters(devices, disk_fields);
}

inline namespace PSINFO_ABI {
std::vector<partition_t> disk_partitions(bool all) { return detail::disk_partitions(all); }

disk_usage_t disk_usage(const std::string& path) { return detail::disk_usage(path); }

std::optional<disk_io_counters_t> disk_io_counters(bool nowrap) {
  return detail::disk_total(counters(false, nowrap));
}

std::map<std::string, disk_io_counters_t> disk_io_counters_perdisk(bool nowrap) {
  return counters(true, nowrap);
}
}  // namespace PSINFO_ABI

}  // namespace psinfo
