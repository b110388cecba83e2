// What every Linux process file reader shares: the path of a /proc/<pid> file and psutil 8's
// mapping of a failed access to the process exceptions.
#pragma once

#include <psinfo/process.hpp>

#include <string>
#include <string_view>

#include "linux/procfs.hpp"

namespace psinfo::detail {

struct proc_oneshot;

// The backend's oneshot cache of a process object while a oneshot_guard of it lives (made on
// first use), else null.
proc_oneshot* oneshot_of(process::state* st);

// "<procfs root>/<pid>/<rel>" ("<procfs root>/<pid>" when rel is empty).
std::string pid_path(long pid, std::string_view rel);

// True when <proc>/<pid>/stat says 'Z' (the state after the last ')').
bool is_zombie(long pid);

// psutil 8's rules for an errno met while reading <proc>/<pid>/...: EACCES/EPERM ->
// access_denied; ESRCH -> zombie_process if the process is a zombie, else no_such_process;
// ENOENT -> zombie_process if a zombie, no_such_process if <proc>/<pid>/stat is gone, else
// psinfo::error; anything else -> psinfo::error. `what` names the file or call.
[[noreturn]] void throw_proc_error(long pid, int err, const std::string& what);

// Reads <proc>/<pid>/<rel> into buf, mapping failures with throw_proc_error.
std::string_view read_pid_file(long pid, std::string_view rel, file_buffer& buf);

}  // namespace psinfo::detail
