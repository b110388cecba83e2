// Linux process memory, files and sockets: the pure parsers of /proc/<pid>/smaps,
// smaps_rollup and fdinfo/<fd> (string_view in, values out; no file access), and the
// per-PID readers behind process::memory_full_info / memory_maps / open_files /
// net_connections, callable without a process object (tests, the snapshot).
#pragma once

#include <psinfo/net.hpp>
#include <psinfo/process.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace psinfo::detail {

// uss / pss / swap in bytes.
struct smaps_totals {
  std::uint64_t uss = 0;
  std::uint64_t pss = 0;
  std::uint64_t swap = 0;
};

// smaps_rollup as psutil reads it: uss = sum of the lines starting with "Private_", pss = the
// "Pss:" line, swap = the "Swap:" line (kB * 1024). A non-numeric value there: error.
smaps_totals parse_smaps_rollup(std::string_view text);

// The whole smaps summed as psutil's fallback does (its regexes): every "Private*:" line, every
// "Pss:" line, every "Swap:" line (not SwapPss, Pss_Anon ...). Lines whose value is not a
// number are not counted.
smaps_totals parse_smaps_totals(std::string_view text);

// exists(path): psutil's path_exists_strict (stat() succeeds; EACCES/EPERM throw
// access_denied), asked only for a mapping path ending in " (deleted)".
using path_exists_fn = bool (*)(const std::string& path);
bool stat_exists(const std::string& path);

// smaps -> psutil's memory_maps: a block starts at a line whose first token has no trailing ':'
// (addr perms offset dev inode [path]); "Key: n kB" lines give n * 1024 (the last of a repeated
// key wins, VmFlags is skipped). path: the rest of the header trimmed, "[anon]" if empty,
// " (deleted)" dropped when that literal path does not exist. grouped: one entry per path,
// summed, in first-seen order, addr and perms absent; else one entry per mapping.
// Appends to out. Throws error on a header of fewer than 5 fields or a key line whose value is
// not a number.
void parse_smaps(std::string_view text, bool grouped, std::vector<memory_map_t>& out,
                 path_exists_fn exists = stat_exists);

// fdinfo/<fd>: the second token of line 1 (pos, decimal) and of line 2 (flags, octal), as
// psutil reads it. Throws error when malformed.
struct fdinfo_t {
  std::uint64_t pos = 0;
  int flags = 0;
};
fdinfo_t parse_fdinfo(std::string_view text);

// psutil's file_flags_to_mode: "r", "w", "a", "r+", "a+"; absent for O_ACCMODE == 3 (no mode
// psutil knows).
std::optional<std::string> file_mode(int flags);

struct proc_oneshot;

// The readers (procfs root honoured; errors mapped as psutil 8 maps them). With a oneshot
// cache, smaps is read once into it and reused.
smaps_totals smaps_totals_of(long pid, proc_oneshot* os = nullptr);  // smaps_rollup, else smaps
std::vector<memory_map_t> memory_maps_of(long pid, bool grouped, proc_oneshot* os = nullptr);

}  // namespace psinfo::detail
