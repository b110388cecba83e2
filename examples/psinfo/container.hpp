// psinfo CLI — containers: `psinfo cgroup` and `psinfo pressure` as nodes, and the one line
// that `psinfo top` and `psinfo free` add when the process runs under a cgroup limit.
#pragma once

#include <optional>
#include <psinfo/container.hpp>
#include <string>

#include "node.hpp"

namespace psinfo_cli {

// {"version", "paths", "cpu", "memory", "pids", "io", "pressure"}: psinfo::cgroup_t's fields
// by their names; version null when no cgroupfs is mounted.
node cgroup_node(const psinfo::cgroup_t& c);
// {"cpu", "memory", "io", "irq"}, each {"some", "full"} of {"avg10", "avg60", "avg300",
// "total"}, null where the kernel has none.
node pressure_node(const psinfo::pressure_t& p);

// The readable form of those: `key: value` lines, a nested object as its key then its own
// lines indented, a list of numbers on one line, an empty object as "(none)".
std::string nested_text(const node& n);

// "Cgroup: CPU limit 0.50 (1 effective), memory 12.3M used of 100.0M (12.3%), 87.7M
// available" when the calling process runs under a CPU or memory limit; absent otherwise
// (and where the OS has no cgroups).
std::optional<std::string> container_line();

}  // namespace psinfo_cli
