// The post-processing of disk and network counters (psutil's nowrap, then the totals), written
// once in src/disk.cpp and src/net.cpp for the free functions, which pass the process-wide
// nowrap state, and for psinfo::sampler, which passes its own.
#pragma once

#include <psinfo/disk.hpp>
#include <psinfo/net.hpp>

#include <map>
#include <optional>
#include <string>

#include "nowrap.hpp"

namespace psinfo::detail {

// nowrap under psutil's state name; no device at all leaves the state as it is (as psutil).
void disk_nowrap(wrap_numbers& state, std::map<std::string, disk_io_counters_t>& devices);
void net_nowrap(wrap_numbers& state, std::map<std::string, net_io_counters_t>& nics);

// The sum of every device; absent when there is none (psutil's None).
std::optional<disk_io_counters_t> disk_total(const std::map<std::string, disk_io_counters_t>& d);
std::optional<net_io_counters_t> net_total(const std::map<std::string, net_io_counters_t>& nics);

}  // namespace psinfo::detail
