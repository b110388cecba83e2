// Reading /proc and /sys: every path goes through proc_path()/sys_path(), which honour
// PSINFO_PROCFS_PATH / PSINFO_SYSFS_PATH and set_procfs_path()/set_sysfs_path().
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace psinfo::detail {

std::string proc_path(std::string_view rel);  // "<procfs root>/<rel>"
std::string sys_path(std::string_view rel);   // "<sysfs root>/<rel>"

// Reads the whole file into buf (reused between calls; its capacity is kept) and returns a
// view of it. Throws: access_denied on EACCES/EPERM, error otherwise, naming path and errno.
std::string_view read_file(const std::string& path, std::string& buf);

// Like read_file, but returns false (with errno in *err) instead of throwing.
bool try_read_file(const std::string& path, std::string& buf, int* err = nullptr);

// A per-thread buffer for files parsed immediately (most of /proc).
std::string& scratch();

// Names in a directory (without "." and ".."); empty if it cannot be opened.
std::vector<std::string> list_dir(const std::string& path);

bool path_exists(const std::string& path);

// Throws the exception that errno `err` calls for, with "what: path: strerror".
[[noreturn]] void throw_errno(int err, const std::string& what, const std::string& path);

}  // namespace psinfo::detail
