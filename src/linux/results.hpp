// Results built from the text of /proc files, shared by the free functions (cpu.cpp,
// memory.cpp, disk.cpp read the files with open/read/close) and psinfo::sampler (sampler.cpp
// re-reads descriptors it keeps open): one place computes each result, whoever read the text.
#pragma once

#include <psinfo/cpu.hpp>
#include <psinfo/disk.hpp>
#include <psinfo/memory.hpp>

#include <map>
#include <string>
#include <string_view>

#include "linux/parse.hpp"

namespace psinfo::detail {

// cpu_stats() from /proc/stat's text; throws error naming `path` without a ctxt or intr line.
cpu_stats_t cpu_stats_from(std::string_view stat, const std::string& path);

// virtual_memory() from /proc/meminfo's fields (reads <proc>/zoneinfo for the estimate of
// old kernels, into scratch()).
virtual_memory_t virtual_memory_from(const meminfo& mi);

// swap_memory() from /proc/meminfo's fields (sysinfo(2) when they lack SwapTotal/SwapFree) and
// /proc/vmstat's (nullptr when it cannot be read).
swap_memory_t swap_memory_from(const meminfo& mi, const vmstat_swap* vmstat);

// The devices of /proc/diskstats's text into out (emptied first): every line when perdisk,
// else whole disks only (a <sys>/block/<name> lookup per device, as psutil does).
void diskstats_counters(std::string_view text, bool perdisk,
                        std::map<std::string, disk_io_counters_t>& out);

}  // namespace psinfo::detail
