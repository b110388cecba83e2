// What every Linux process file reader shares: the path of a /proc/<pid> file and psutil 8's
// mapping of a failed access to the process exceptions.
#pragma once

#include <psinfo/process.hpp>

#include <string>
#include <string_view>

#include "linux/procfs.hpp"

namespace psinfo::detail {

// "<procfs root>/<pid>/<rel>" ("<procfs root>/<pid>" when rel is empty).
std::string pid_path(long pid, std::string_view rel);

// True when <proc>/<pid>/stat says 'Z' (the state after the last ')').
bool is_zombie(long pid);

// psutil 8's rules for an errno met while reading <proc>/<pid>/...: EACCES/EPERM ->
// access_denied; ESRCH -> zombie_process if the process is a zombie, else no_such_process;
// ENOENT -> zombie_process if a zombie, no_such_process if <proc>/<pid>/stat is gone, else
// psinfo::error; anything else -> psinfo::error. `what` names the file or call.
[[noreturn]] void throw_proc_error(long pid, int err, const std::string& what);

// psutil's _assert_alive: stat <proc>/<pid>; gone -> no_such_process.
void assert_alive(long pid);

// Reads <proc>/<pid>/<rel> into buf, mapping failures with throw_proc_error.
std::string_view read_pid_file(long pid, std::string_view rel, file_buffer& buf);

}  // namespace psinfo::detail
