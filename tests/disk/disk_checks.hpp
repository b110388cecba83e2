// What the disk tests share: a check of the counters of one disk against the kernel's numbers.
#pragma once

#include <catch2/catch.hpp>
#include <psinfo/disk.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace test {

// An optional counter as CHECK shows it: its number, or "absent".
inline std::string shown(const std::optional<std::uint64_t>& counter) {
  return counter ? std::to_string(*counter) : "absent";
}

// Every counter of `d` against the kernel's numbers for the disk, written out by the test (from
// the line it parses or the fixture file it reads): the fields after the name in diskstats, or
// those of sys/block/<dev>/stat: reads, reads merged, sectors read, ms reading, writes, writes
// merged, sectors written, ms writing, I/Os in flight, ms doing I/O. A sector is 512 bytes.
inline void check_stat_line(const psinfo::disk_io_counters_t& d, const std::string& numbers) {
  INFO(numbers);
  const std::vector<std::uint64_t> v = numbers_of(numbers, 10);
  CHECK(d.read_count == v[0]);
  CHECK(shown(d.read_merged_count) == std::to_string(v[1]));
  CHECK(d.read_bytes == v[2] * 512);
  CHECK(shown(d.read_time) == std::to_string(v[3]));
  CHECK(d.write_count == v[4]);
  CHECK(shown(d.write_merged_count) == std::to_string(v[5]));
  CHECK(d.write_bytes == v[6] * 512);
  CHECK(shown(d.write_time) == std::to_string(v[7]));
  CHECK(shown(d.busy_time) == std::to_string(v[9]));
}

}  // namespace test
