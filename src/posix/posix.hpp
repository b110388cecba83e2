// Helpers shared by the backends of the BSD family (src/macos, src/bsd): what macOS, FreeBSD
// and OpenBSD do the same way, through the same POSIX / 4.4BSD calls (sysctl, kill, waitpid and
// kqueue, getpriority, statvfs, getfsstat, getifaddrs with AF_LINK, the interface ioctls,
// utmpx, /dev). Not a backend: each contract function of an OS directory calls these (a
// one-liner where nothing differs). Built only where cmake/sources.cmake lists src/posix.
#pragma once

#include <psinfo/disk.hpp>
#include <psinfo/host.hpp>
#include <psinfo/net.hpp>

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

struct statfs;

namespace psinfo::detail::posix {

// ---- errors (errors.cpp) --------------------------------------------------------------------

// "<what>: <strerror(err)>"; EACCES/EPERM -> access_denied, anything else psinfo::error.
[[noreturn]] void throw_errno(int err, const std::string& what);
// psutil's NoSuchProcess / ZombieProcess messages.
[[noreturn]] void throw_gone(long pid);
[[noreturn]] void throw_zombie(long pid, std::optional<long> ppid);
// " (pid=N): <strerror(err)>" appended to what.
std::string pid_msg(const std::string& what, long pid, int err);

// A file descriptor closed at scope exit.
class unique_fd {
 public:
  explicit unique_fd(int fd = -1) noexcept : fd_(fd) {}
  ~unique_fd();
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

// ---- sysctl (sysctl.cpp) --------------------------------------------------------------------

// sysctl(2) into a fixed-size object: false with errno set when the call fails or the kernel's
// object is larger than `size` (ENOMEM). *got: the bytes the kernel wrote.
bool sysctl_into(const int* mib, unsigned n, void* out, std::size_t size,
                 std::size_t* got = nullptr);
// The same, throwing psinfo::error naming `what` (access_denied on EPERM/EACCES).
void sysctl_or_throw(const int* mib, unsigned n, void* out, std::size_t size, const char* what);
// A table of variable size (process list, routing messages ...): asked for its size, read
// into a buffer 1/8 larger, asked again while it keeps growing (ENOMEM). Empty when the kernel
// has nothing. Throws like sysctl_or_throw.
std::vector<char> sysctl_bytes(const int* mib, unsigned n, const char* what);
// The same, false with errno set instead of throwing (a process's table: the caller maps ESRCH,
// EPERM ... to psutil's exceptions); EBUSY when the table keeps growing.
bool sysctl_bytes_into(const int* mib, unsigned n, std::vector<char>& out);

template <class T>
T sysctl_value(std::initializer_list<int> mib, const char* what) {
  T v{};
  sysctl_or_throw(mib.begin(), static_cast<unsigned>(mib.size()), &v, sizeof v, what);
  return v;
}

#if !defined(__OpenBSD__)  // OpenBSD has no sysctlbyname
// sysctlbyname(3) into a fixed-size object; false (errno set) when the name is unknown here.
bool sysctlbyname_into(const char* name, void* out, std::size_t size);
template <class T>
std::optional<T> sysctlbyname_value(const char* name) {
  T v{};
  if (!sysctlbyname_into(name, &v, sizeof v)) return std::nullopt;
  return v;
}
#endif

// ---- host (host.cpp) ------------------------------------------------------------------------

// kern.boottime: seconds since the epoch (psutil keeps the whole seconds).
double boot_time();

#if !defined(__OpenBSD__)  // OpenBSD has utmp(5), not utmpx
// psutil's users() from getutxent(): USER_PROCESS entries; host "localhost" for local and X
// (":0") sessions. skip_tilde: macOS' reboot/shutdown entries ("~" as the tty) are left out.
std::vector<user_t> users_utmpx(bool skip_tilde);
#endif

// pwd.getpwuid(uid).pw_name, else the uid as text (psutil's username()).
std::string user_name(long uid);

// psutil's get_terminal(): the /dev path of a tty device number (st_rdev of /dev/tty* and
// /dev/pts/*), read once and read again on a miss; absent when none matches.
std::optional<std::string> terminal_of(std::uint64_t rdev);

// ---- processes (process_ctl.cpp) ------------------------------------------------------------
// Each throws psutil's exceptions: ESRCH -> no_such_process, EPERM/EACCES -> access_denied,
// EINVAL -> invalid_argument (the caller's value).

// getpriority / setpriority(PRIO_PROCESS).
int get_nice(long pid);
void set_nice(long pid, int value);
// kill(2). PID 0 is refused (it would signal the caller's process group), as psutil does.
void send_signal(long pid, int sig);
// psutil's wait_pid(): a child's exit code (negative signal number when killed), absent for a
// process that is not our child (waited for until it is gone, or no longer the process that
// started at `start`: detail::proc_start_time). Sleeps in kqueue(EVFILT_PROC, NOTE_EXIT) until
// the process ends, then wait_polling. timeout absent: no limit; ran out: timeout_expired.
std::optional<int> wait_pid(long pid, double start, std::optional<double> timeout);

// ---- waiting by polling (wait.cpp: plain POSIX, also built for Linux) ------------------------

// psutil's wait_pid_posix(): waitpid, blocking without a timeout, else WNOHANG polls with sleeps
// doubling from 0.1 ms to 40 ms; a non-child (ECHILD) is polled with still_there until it is
// gone. deadline: monotonic() + *timeout.
std::optional<int> wait_polling(long pid, double start, std::optional<double> timeout,
                                double deadline);
// kill(pid, 0) finds the PID (EPERM too) and it still names the process that started at
// `start` (0: any; a zombie still holds its PID).
bool still_there(long pid, double start);
// Seconds of a monotonic clock.
double monotonic();
// timeout_expired naming the PID and the timeout.
[[noreturn]] void throw_timeout(long pid, double timeout);

// ---- disks (disk.cpp) -----------------------------------------------------------------------

// psutil's _psposix.disk_usage(): statvfs(path); used_override replaces total - f_bfree * frsize
// (macOS: the volume's ATTR_VOL_SPACEUSED, when the caller has it).
disk_usage_t disk_usage(const std::string& path,
                        std::optional<std::uint64_t> used_override = std::nullopt);

// getfsstat(MNT_NOWAIT): every mounted filesystem.
std::vector<struct statfs> mounted();

// One mount flag and its name in psutil's opts ("sync", "noexec" ...).
struct mount_flag {
  std::uint64_t bit;
  const char* name;
};
// psutil's opts: "ro" or "rw", then ",<name>" for each flag set, in the table's order. (Inline
// and pure: tests/macos runs it on any machine.)
inline std::string mount_opts(std::uint64_t flags, bool rdonly, const mount_flag* begin,
                              const mount_flag* end) {
  std::string opts = rdonly ? "ro" : "rw";
  for (const mount_flag* f = begin; f != end; ++f) {
    if (flags & f->bit) {
      opts += ',';
      opts += f->name;
    }
  }
  return opts;
}

// psutil's disk_partitions(all=False) on macOS and NetBSD: a device that is an absolute path
// that exists.
bool is_device_path(const std::string& device);

// ---- network (net.cpp) ----------------------------------------------------------------------

// psinfo's family of an AF_* number (AF_INET, AF_INET6, AF_UNIX, AF_LINK); absent for any other.
std::optional<address_family> family_of(int af) noexcept;

// psutil.net_if_addrs() from getifaddrs(3): IPv4, IPv6 (link-local with "%ifname") and AF_LINK
// (the sockaddr_dl's MAC, padded to 6 groups), psutil's order (by the OS's family number), no
// broadcast for a single-host (/32) IPv4 network; an entry without an address is AF_UNSPEC.
std::map<std::string, std::vector<net_if_addr_t>> if_addrs();

// The interface ioctls on one AF_INET datagram socket (SIOCGIFFLAGS, SIOCGIFMTU,
// SIOCGIFMEDIA).
class if_socket {
 public:
  if_socket();  // throws psinfo::error when no socket can be had
  ~if_socket();
  if_socket(const if_socket&) = delete;
  if_socket& operator=(const if_socket&) = delete;
  // false (errno set) when the ioctl fails: ENXIO / ENODEV for an interface that is gone.
  bool flags(const std::string& name, int& out) const;
  bool mtu(const std::string& name, int& out) const;
  // The active media word (ifm_active, 64 bits on OpenBSD); absent when the interface has no
  // media (loopback) or the ioctl fails, as psutil treats both. Decoding it (speed, duplex) is
  // the OS directory's: the subtype numbers differ between the BSDs.
  std::optional<std::uint64_t> media_active(const std::string& name) const;

 private:
  int fd_;
};

// psutil's flag names for SIOCGIFFLAGS' bits ("up,broadcast,running,..."), in psutil's order.
std::string if_flag_names(int flags);
// isup as psutil says it: IFF_RUNNING.
bool if_running(int flags);

}  // namespace psinfo::detail::posix
