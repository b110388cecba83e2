// What the disk tests share: a check of the counters of one disk against the kernel's numbers.
#pragma once

#include <catch2/catch.hpp>
#include <psinfo/disk.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace test {

// Every counter of `d` against the kernel's numbers for the disk, written out by the test (from
// the line it parses or the fixture file it reads): the fields after the name in diskstats, or
// those of sys/block/<dev>/stat: reads, reads merged, sectors read, ms reading, writes, writes
// merged, sectors written, ms writing, I/Os in flight, ms doing I/O. A sector is 512 bytes.
inline void check_stat_line(const psinfo::disk_io_counters_t& d, const std::string& numbers) {
  INFO(numbers);
  const std::vector<std::uint64_t> v = numbers_of(numbers, 10);
  CHECK(d.read_count == v[0]);
  CHECK(d.read_merged_count == v[1]);
  CHECK(d.read_bytes == v[2] * 512);
  CHECK(d.read_time == v[3]);
  CHECK(d.write_count == v[4]);
  CHECK(d.write_merged_count == v[5]);
  CHECK(d.write_bytes == v[6] * 512);
  CHECK(d.write_time == v[7]);
  CHECK(d.busy_time == v[9]);
}

}  // namespace test
