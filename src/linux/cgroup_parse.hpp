// Pure parsers of the cgroup files (cgroup v1 and v2, Documentation/admin-guide/cgroup-v2.rst
// and Documentation/admin-guide/cgroup-v1/), of /proc/PID/cgroup, of the cgroup lines of
// /proc/self/mountinfo and of the PSI files: text in, values out, no file access. Each returns
// false (or nullopt) on malformed text; the reader (src/linux/cgroup.cpp) names the file in
// its error. Tested in tests/cgroup/, fuzzed in fuzz/.
#pragma once

#include <psinfo/container.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linux/parse.hpp"

namespace psinfo::detail {

// One cgroup (v1) or cgroup2 mount of /proc/self/mountinfo.
struct cgroup_mount {
  bool v2 = false;
  std::string root;         // the mount's root in its hierarchy (field 4), unescaped
  std::string mount_point;  // field 5, unescaped
  // v1: the super options as written ("rw,cpu,cpuacct"), which name its controllers and its
  // name ("name=systemd") among others ("xattr", "release_agent=..."). Empty for v2.
  std::string options;
  bool has_option(std::string_view o) const noexcept;
};
// The cgroup and cgroup2 mounts of a mountinfo text, in file order (lines of other file
// systems are skipped). False when a line is too short to be a mountinfo line.
bool parse_mountinfo_cgroups(std::string_view text, std::vector<cgroup_mount>& out);

// One line of /proc/PID/cgroup: "ID:CONTROLLERS:PATH".
struct cgroup_entry {
  std::string controllers;  // "cpu,cpuacct", "name=systemd"; "" for the unified hierarchy
  std::string path;         // "/system.slice/x.service"; may hold ':'
};
// False when a line lacks its two ':' or its ID is no number.
bool parse_proc_cgroup(std::string_view text, std::vector<cgroup_entry>& out);

// A single number ("1024\n").
bool parse_cgroup_u64(std::string_view text, std::uint64_t& out);
// A limit: "max" (v2) and "-1" (v1) are no limit (absent), else a number.
bool parse_cgroup_limit(std::string_view text, std::optional<std::uint64_t>& out);
// v2 cpu.max: "$MAX $PERIOD", MAX "max" or a number of microseconds.
bool parse_cpu_max(std::string_view text, std::optional<std::uint64_t>& quota,
                   std::uint64_t& period);
// A CPU or memory node list ("0-3,8"); "" is an empty list.
bool parse_cgroup_list(std::string_view text, std::vector<int>& out);
// A PSI file: "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" and the same for "full".
// Lines with another first word are skipped (the format may grow).
bool parse_psi(std::string_view text, psi_t& out);

// A comma-separated list ("rw,cpu,cpuacct") holds item.
bool list_has(std::string_view list, std::string_view item) noexcept;

// "MAJOR:MINOR" with both numbers.
bool is_device(std::string_view s) noexcept;

// The rest of a line when it is one number and nothing else.
inline std::optional<std::uint64_t> only_number(std::string_view rest) {
  std::string_view tok, extra;
  if (!next_token(rest, tok) || next_token(rest, extra)) return std::nullopt;
  return to_u64(tok);
}

// Flat keyed files (cpu.stat, memory.stat, memory.events, cpuacct.stat): "key value" lines,
// f(key, value) for each. False at a line that is not a key and a number.
template <class F>
bool for_each_keyed(std::string_view text, F&& f) {
  std::string_view line, key;
  while (next_line(text, line)) {
    if (!next_token(line, key)) continue;  // blank line
    const std::optional<std::uint64_t> v = only_number(line);
    if (!v) return false;
    f(key, *v);
  }
  return true;
}

// Nested keyed files (v2 io.stat, io.max): "MAJ:MIN key=value key=value ..." lines,
// f(device, key, value text) for each pair; f returns false for a value it cannot read (the
// keys it does not know it leaves alone: io.stat may carry "cost.vrate=135.00"). False at a
// malformed line or when f is.
template <class F>
bool for_each_nested_keyed(std::string_view text, F&& f) {
  std::string_view line, dev, kv;
  while (next_line(text, line)) {
    if (!next_token(line, dev)) continue;
    if (!is_device(dev)) return false;
    while (next_token(line, kv)) {
      const std::size_t eq = kv.find('=');
      if (eq == std::string_view::npos || eq == 0) return false;
      if (!f(dev, kv.substr(0, eq), kv.substr(eq + 1))) return false;
    }
  }
  return true;
}

// v1 blkio.throttle.*_device files: "MAJ:MIN value" lines, f(device, value).
template <class F>
bool for_each_device_value(std::string_view text, F&& f) {
  std::string_view line, dev;
  while (next_line(text, line)) {
    if (!next_token(line, dev)) continue;
    std::optional<std::uint64_t> v;
    if (!is_device(dev) || !(v = only_number(line))) return false;
    f(dev, *v);
  }
  return true;
}

// v1 blkio io_service_bytes / io_serviced: "MAJ:MIN Op value" lines (Op: Read, Write, Sync,
// Async, Discard, Total), f(device, op, value); the closing "Total value" line is skipped.
template <class F>
bool for_each_device_op(std::string_view text, F&& f) {
  std::string_view line, dev, op;
  while (next_line(text, line)) {
    if (!next_token(line, dev)) continue;
    if (dev == "Total") {
      if (!only_number(line)) return false;
      continue;
    }
    std::optional<std::uint64_t> v;
    if (!is_device(dev) || !next_token(line, op) || !(v = only_number(line))) return false;
    f(dev, op, *v);
  }
  return true;
}

}  // namespace psinfo::detail
