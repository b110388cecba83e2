// psinfo CLI — the readable (non-JSON) form of a result, and human units.
#pragma once

#include <cstdint>
#include <string>

#include "node.hpp"

namespace psinfo_cli {

// How to label the rows of a list result.
enum class rows { plain, per_cpu };

// object -> aligned `field: value` lines; list of objects -> a table (one row per entry);
// list of numbers -> `cpuN: value` lines (per_cpu) or the numbers on one line; a single value
// on its own line. Absent values print as "-". Ends with a newline.
std::string to_text(const node& n, rows r = rows::plain);

// 1536 -> "1.5K", 512 -> "512B" (powers of 1024, like psutil's bytes2human).
std::string bytes2human(std::uint64_t n);
// Seconds since the epoch -> "YYYY-MM-DD HH:MM:SS" in local time.
std::string local_time(double epoch);
// A duration in seconds -> "3 days, 4:05" / "4:05".
std::string duration(double seconds);

}  // namespace psinfo_cli
