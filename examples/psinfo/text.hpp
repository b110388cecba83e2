// psinfo CLI — the readable (non-JSON) form of a result, and human units.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

// An error message on one line: a newline or carriage return becomes a blank.
std::string one_line(std::string s);

// A table: `rows` (the header first) in columns as wide as their widest cell, `gap` blanks
// between columns, left-aligned where `left` says so (else right-aligned); the last column is
// not padded, and no line ends with a blank; a column is at least `min_width[c]` wide. Ends
// with a newline.
std::string aligned(const std::vector<std::vector<std::string>>& rows,
                    const std::vector<bool>& left, size_t gap = 1,
                    const std::vector<size_t>& min_width = {});
// The columns `s` takes on a terminal: one per UTF-8 character.
size_t display_width(std::string_view s);
// A word as a POSIX shell reads it back: bare when it holds only letters, digits and
// _@%+=:,./- (or other UTF-8 text); in single quotes when it has blanks or quotes; as $'...'
// with \n, \t, \xNN escapes when it has control characters or bytes that are not UTF-8.
std::string shell_quote(std::string_view s);

// A list or an object on one line: `k=v k=v` for an object (each word quoted for a shell
// where it needs it: environ), `a b` for a list of strings (a command line, each quoted where
// it needs it), `a, b` for a list of numbers, JSON for anything deeper.
std::string inline_text(const node& n);

// "127.0.0.1:22", "[::1]:22".
std::string ip_port(const std::string& ip, std::int64_t port);

// 1536 -> "1.5K", 512 -> "512B" (powers of 1024, like psutil's bytes2human).
std::string bytes2human(std::uint64_t n);
// coreutils' human form (df -h, -H): powers of `base` (1024 or 1000), rounded up, one
// decimal below 10: 4096 -> "4.0K", 26 GiB and a bit -> "27G", 512 -> "512"; base 1000 writes
// kilo as "k".
std::string ceil_human(std::uint64_t bytes, unsigned base);
// procps free's human form (free -h, --si): the shortest of "123B", "1.5Ki", "23Gi" that fits
// (4 columns, or 5 with the "i" of powers of 1024); with si, powers of 1000 without the "i".
std::string free_human(std::uint64_t bytes, bool si);

// Seconds since the epoch -> "YYYY-MM-DD HH:MM:SS" in local time.
std::string local_time(double epoch);
// A duration in seconds -> "3 days, 4:05" / "4:05".
std::string duration(double seconds);

}  // namespace psinfo_cli
