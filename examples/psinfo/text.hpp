// psinfo CLI — the readable (non-JSON) form of a result, and human units.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "node.hpp"

namespace psinfo_cli {

// How to label the rows of a list result.
enum class rows { plain, per_cpu };

// object -> aligned `field: value` lines; list of objects -> a table (one row per entry);
// object of objects (per device) -> a table whose first column, headed `key_label`, is the key;
// object of lists of objects (per NIC, per chip) -> `key:` then that list's table, indented;
// list of numbers -> `cpuN: value` lines (per_cpu) or the numbers on one line; a single value
// on its own line. Absent values print as "-", an address {ip, port} as ip:port ([ip]:port
// for IPv6), an empty list or object as "(none)". Ends with a newline.
std::string to_text(const node& n, rows r = rows::plain, std::string_view key_label = "name");

// Each line of `text` re-flowed to at most `width` columns (words are not split), so that help
// prose is written once and fits an 80-column terminal. Ends with a newline.
std::string wrap(std::string_view text, size_t width = 79);

// A process name or command line made safe for one line of a table: control characters
// (a newline in a name, an escape sequence) become '?', as ps(1) shows them.
std::string printable(std::string_view s);

// "127.0.0.1:22", "[::1]:22".
std::string ip_port(const std::string& ip, std::int64_t port);

// 1536 -> "1.5K", 512 -> "512B" (powers of 1024, like psutil's bytes2human).
std::string bytes2human(std::uint64_t n);
// Seconds since the epoch -> "YYYY-MM-DD HH:MM:SS" in local time.
std::string local_time(double epoch);
// A duration in seconds -> "3 days, 4:05" / "4:05".
std::string duration(double seconds);

}  // namespace psinfo_cli
