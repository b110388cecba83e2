// Floors: the kernel reads a function needs and nothing else (files opened, read and closed;
// netlink dumps; statvfs; getifaddrs; ioctls). No parsing beyond what is needed to know which
// file to read next. Used by bench_system.cpp only.
#pragma once

#include <cstddef>
#include <string>

namespace floor_ {

// open + read to EOF + close into a reused 1 MiB buffer; returns the bytes read (0 if missing).
std::size_t slurp(const char* path);
inline std::size_t slurp(const std::string& path) { return slurp(path.c_str()); }
// The bytes the last slurp read (its first 1 MiB).
const char* slurped();
// pread from offset 0 to EOF on an fd kept open.
std::size_t pread_all(int fd);
// readdir of a directory: number of entries (0 if missing).
std::size_t list(const char* path);
// readlink into a reused buffer.
long link(const char* path);

// sock_diag dumps through one NETLINK_SOCK_DIAG socket: TCP and UDP for IPv4 and IPv6, and
// optionally UNIX sockets. Returns the number of sockets the kernel reported.
std::size_t inet_diag(bool tcp, bool udp, bool unix_too);
// For every PID: readdir /proc/PID/fd and readlink each (the socket inode -> PID map).
std::size_t all_fd_links();
// readdir /proc/PID/fd and readlink each. Returns the number of links, or of those starting
// with prefix when given.
std::size_t fd_links(const std::string& proc_pid, const char* prefix = nullptr);
// Process.open_files: readdir /proc/PID/fd, readlink each, stat the absolute targets and read
// /proc/PID/fdinfo/N of the regular files (psutil's rule; one read: pos and flags are its first
// two lines). Returns the number of those.
std::size_t regular_files(const std::string& proc_pid);
// Follow ppid via /proc/PID/stat up to PID 1.
std::size_t stat_chain(long pid);
// readdir /proc, then read each PID's stat (children); with more, also status, statm, cmdline.
std::size_t scan(bool more);
// if_nameindex + a socket + SIOCGIFFLAGS, SIOCGIFMTU, SIOCETHTOOL per NIC.
std::size_t nic_ioctls();
// cpuN/topology/core_cpus_list for each CPU directory of /sys/devices/system/cpu.
std::size_t core_lists();

}  // namespace floor_
