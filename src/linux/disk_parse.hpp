// Pure parsers of the kernel's disk files: string_view in, struct out (no file access), so
// each is tested on recorded and hand-made inputs.
#pragma once

#include <optional>
#include <psinfo/disk.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace psinfo::detail {

// One line of /proc/diskstats in any of the formats psutil reads (by token count):
//   14 or >= 18 (2.6.25+, 4.18+, 5.5+): major minor name + 11 values;
//   15 (2.4's /proc/partitions layout): psutil takes name = token 3, reads = token 2, the other
//      values from token 4 on (kept as psutil has it);
//   7 (2.6.0-2.6.24 partitions): name reads rsectors writes wsectors; the fields such a line does
//      not have (times, merged counts, busy_time) are absent.
// Sectors become bytes at 512 per sector, whatever the device's sector size (as the kernel
// counts them). Returns false for a blank line; throws psinfo::error for any other token count
// or a value that is not a number (psutil raises ValueError).
bool parse_diskstats_line(std::string_view line, std::string_view& name, disk_io_counters_t& out);

// A /sys/block/<dev>[/<part>]/stat file: the first 10 numbers (reads, merged, sectors, ms,
// writes, merged, sectors, ms, in flight, busy ms). Throws psinfo::error if malformed.
disk_io_counters_t parse_sysfs_block_stat(std::string_view text);

// /proc/filesystems: the types on lines that do not start with "nodev", plus "zfs" when the
// file lists `nodev\tzfs` (psutil's rule for physical filesystems).
std::vector<std::string> parse_physical_filesystems(std::string_view text);

// A mount table (/proc/self/mounts, /etc/mtab) read as glibc's getmntent does: blank lines and
// lines starting with '#' skipped, fields split on spaces and tabs, the escapes \040 \011 \012
// \134 and \\ decoded. Fields as they are ("none" is not mapped here).
std::vector<partition_t> parse_mount_table(std::string_view text);
// One line of it split into device, mountpoint, fstype and options, not decoded yet (missing
// fields empty). False for a blank or comment line.
bool split_mount_line(std::string_view line, std::string_view (&fields)[4]);
// The next line of a mount table, split as by split_mount_line, text advanced past it
// (one pass, no separate line split); bit i of escaped set when fields[i] holds a backslash.
// False at the end of text; fields[0] empty for a blank or comment line.
bool next_mount_line(std::string_view& text, std::string_view (&fields)[4], unsigned& escaped);
// An entry from those fields: decoded where escaped says so, copied otherwise.
void mount_entry(const std::string_view (&fields)[4], unsigned escaped, partition_t& out);
// getmntent's decoding of one field (into out, reusing its buffer).
std::string decode_mount_field(std::string_view field);
void decode_mount_field(std::string_view field, std::string& out);
// Lines of text (a last line without '\n' counted): a capacity to reserve.
std::size_t count_lines(std::string_view text);

// /proc/partitions (two header lines, then "major minor #blocks name"): the name of the
// device major:minor, if listed.
std::optional<std::string> find_partition_name(std::string_view text, unsigned major,
                                               unsigned minor);
// A uevent file: the value of DEVNAME=, if non-empty.
std::optional<std::string> parse_uevent_devname(std::string_view text);

}  // namespace psinfo::detail
