// FreeBSD's own helpers, shared by the freebsd_*.cpp files: sysctls read by name, whatever their
// size (kern.cp_times, the pcblists, kern.devstat.all grow with the machine).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bsd/kbuf.hpp"

namespace psinfo::detail::bsd::freebsd {

// The whole value of a sysctl of variable size (posix::sysctl_bytes on its MIB); throws
// psinfo::error naming it (access_denied on EPERM / EACCES).
std::vector<char> bytes_by_name(const char* name);
// A counter of 4 or 8 bytes (vm.stats.* are 64 bits since FreeBSD 12 and are cut to 32 when
// asked with 4 bytes); absent (errno set) when the name is unknown.
std::optional<std::uint64_t> counter(const char* name);
// The same, psinfo::error when it cannot be read.
std::uint64_t counter_or_throw(const char* name);
// A string sysctl (dev.cpu.0.freq_levels ...), absent when it cannot be read.
std::optional<std::string> string_by_name(const char* name);

// dev.cpu.N.<leaf>, an int, of each CPU N that has it (ENOENT: skipped), with its node
// "dev.cpu.N." for the CPU's other values; psinfo::error when one cannot be read otherwise.
struct cpu_value {
  int cpu;
  std::string node;
  int value;
};
std::vector<cpu_value> per_cpu_values(const char* leaf);

// A process's descriptors (kern.proc.filedesc.<pid>), or psutil's exceptions
// (freebsd_process.cpp).
std::vector<kfile> filedesc(long pid);

// A pcblist (net.inet.tcp.pcblist ...), read again while its generation changes during the copy
// (as netstat(1) does, 5 times at most) (freebsd_net_connections.cpp).
pcb_list read_pcblist(const char* name, const pcb_layout& layout);

}  // namespace psinfo::detail::bsd::freebsd
