// macOS processes: what the process files share. kinfo_proc (sysctl KERN_PROC_PID: any
// process, zombies included, no privilege needed) and proc_taskinfo (proc_pidinfo
// PROC_PIDTASKINFO: the caller's processes, or any as root; not zombies), each read once under
// oneshot as psutil's _oneshot_kinfo / _oneshot_pidtaskinfo; psutil's mapping of a failed call
// to the process exceptions.
#pragma once

#include <sys/types.h>
// sys/types.h first: sys/sysctl.h needs it.
#include <libproc.h>
#include <sys/proc_info.h>
#include <sys/sysctl.h>

#include <errno.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform.hpp"

namespace psinfo::detail::macos {

// kinfo_proc of pid; false when no such process exists. Other failures throw.
bool read_kinfo(long pid, struct kinfo_proc& kp);
// kinfo_proc of every process (sysctl KERN_PROC_ALL).
std::vector<struct kinfo_proc> all_kinfo();
// p_starttime as seconds since the epoch.
double start_of(const struct kinfo_proc& kp);
bool is_zombie(long pid);

// psutil's raise_for_pid + wrap_exceptions for a call on pid that failed with err (0: the call
// said nothing): ESRCH or a PID that is gone -> no_such_process, or zombie_process for a
// zombie; EPERM / EACCES -> access_denied; anything else psinfo::error naming `what`.
[[noreturn]] void raise_for_pid(long pid, int err, const std::string& what);

// The oneshot-cached reads of a process (each throws psutil's exceptions).
struct kinfo_proc kinfo_of(const proc_ref& p);
struct proc_taskinfo taskinfo_of(const proc_ref& p);
// proc_taskinfo of a PID without a process object (the snapshot).
struct proc_taskinfo read_taskinfo(long pid);

// proc_pidinfo(pid, flavor, arg) into a whole T (a short answer is an error, as psutil).
template <class T>
T pidinfo(long pid, int flavor, std::uint64_t arg, const char* what) {
  T out;
  errno = 0;
  const int n = ::proc_pidinfo(static_cast<int>(pid), flavor, arg, &out, sizeof out);
  if (n <= 0) raise_for_pid(pid, n < 0 || errno ? errno : 0, what);
  if (static_cast<std::size_t>(n) < sizeof out)
    raise_for_pid(pid, 0, std::string(what) + " (short)");
  return out;
}

// The process's file descriptors (proc_pidinfo PROC_PIDLISTFDS), the buffer grown until one
// more would fit, as psutil.
std::vector<struct proc_fdinfo> list_fds(long pid);

// hw.tbfrequency: Mach absolute-time units per second (read once).
std::uint64_t tbfrequency();

}  // namespace psinfo::detail::macos
