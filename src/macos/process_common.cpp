// macOS processes: what the process files share (see process_common.hpp).
#include "macos/process_common.hpp"

#include <psinfo/errors.hpp>

#include <errno.h>
#include <signal.h>

#include <cstring>

#include "posix/posix.hpp"

namespace psinfo::detail::macos {

bool read_kinfo(long pid, struct kinfo_proc& kp) {
  int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, static_cast<int>(pid)};
  std::size_t got = 0;
  if (!posix::sysctl_into(mib, 4, &kp, sizeof kp, &got)) {
    if (errno == ESRCH) return false;
    posix::throw_errno(errno, "sysctl kern.proc.pid." + std::to_string(pid));
  }
  return got != 0;  // a PID that is gone answers with nothing
}

std::vector<struct kinfo_proc> all_kinfo() {
  int mib[3] = {CTL_KERN, KERN_PROC, KERN_PROC_ALL};
  std::vector<char> buf = posix::sysctl_bytes(mib, 3, "kern.proc.all");
  std::vector<struct kinfo_proc> out(buf.size() / sizeof(struct kinfo_proc));
  if (!out.empty()) std::memcpy(out.data(), buf.data(), out.size() * sizeof out[0]);
  return out;
}

double start_of(const struct kinfo_proc& kp) {
  const struct timeval& tv = kp.kp_proc.p_starttime;
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

bool is_zombie(long pid) {
  struct kinfo_proc kp;
  try {
    return read_kinfo(pid, kp) && kp.kp_proc.p_stat == SZOMB;
  } catch (const error&) {
    return false;
  }
}

void raise_for_pid(long pid, int err, const std::string& what) {
  struct kinfo_proc kp;
  bool exists = true, known = false;  // a kinfo_proc that cannot be read: not "gone"
  try {
    known = exists = read_kinfo(pid, kp);
  } catch (const error&) {
  }
  if (!exists) posix::throw_gone(pid);
  if (known && kp.kp_proc.p_stat == SZOMB && (err == ESRCH || err == 0))
    posix::throw_zombie(pid, static_cast<long>(kp.kp_eproc.e_ppid));
  if (err == ESRCH) posix::throw_gone(pid);
  if (err == EPERM || err == EACCES) throw access_denied(posix::pid_msg(what, pid, err), err);
  if (err == 0) throw error(what + " (pid=" + std::to_string(pid) + ") failed");
  throw error(posix::pid_msg(what, pid, err), err);
}

namespace {
struct oneshot {
  std::optional<struct kinfo_proc> kinfo;
  std::optional<struct proc_taskinfo> task;
};
}  // namespace

struct kinfo_proc kinfo_of(const proc_ref& p) {
  oneshot* c = oneshot_cache<oneshot>(p);
  if (c && c->kinfo) return *c->kinfo;
  struct kinfo_proc kp;
  if (!read_kinfo(p.pid, kp)) posix::throw_gone(p.pid);
  if (c) c->kinfo = kp;
  return kp;
}

struct proc_taskinfo read_taskinfo(long pid) {
  return pidinfo<struct proc_taskinfo>(pid, PROC_PIDTASKINFO, 0, "proc_pidinfo(PROC_PIDTASKINFO)");
}

struct proc_taskinfo taskinfo_of(const proc_ref& p) {
  oneshot* c = oneshot_cache<oneshot>(p);
  if (c && c->task) return *c->task;
  struct proc_taskinfo ti = read_taskinfo(p.pid);
  if (c) c->task = ti;
  return ti;
}

std::vector<struct proc_fdinfo> list_fds(long pid) {
  constexpr int max_bytes = 24 * 1024 * 1024;  // psutil's bound
  errno = 0;
  int need = ::proc_pidinfo(static_cast<int>(pid), PROC_PIDLISTFDS, 0, nullptr, 0);
  if (need <= 0) raise_for_pid(pid, errno, "proc_pidinfo(PROC_PIDLISTFDS)");
  std::vector<struct proc_fdinfo> fds;
  for (;;) {
    // Room for what the kernel counted, and 32 more: descriptors opened meanwhile.
    const std::size_t n = static_cast<std::size_t>(need) / PROC_PIDLISTFD_SIZE + 32;
    if (n * PROC_PIDLISTFD_SIZE > static_cast<std::size_t>(max_bytes))
      throw error("proc_pidinfo(PROC_PIDLISTFDS) (pid=" + std::to_string(pid) +
                  "): more than 24 MiB of descriptors");
    fds.resize(n);
    const int size = static_cast<int>(n * PROC_PIDLISTFD_SIZE);
    errno = 0;
    const int got = ::proc_pidinfo(static_cast<int>(pid), PROC_PIDLISTFDS, 0, fds.data(), size);
    if (got <= 0) raise_for_pid(pid, errno, "proc_pidinfo(PROC_PIDLISTFDS)");
    if (got + static_cast<int>(PROC_PIDLISTFD_SIZE) >= size) {  // may have been cut: grow
      need = size + static_cast<int>(PROC_PIDLISTFD_SIZE);
      continue;
    }
    fds.resize(static_cast<std::size_t>(got) / PROC_PIDLISTFD_SIZE);
    return fds;
  }
}

std::uint64_t tbfrequency() {
  static const std::uint64_t f = [] {
    std::optional<std::uint64_t> v = posix::sysctlbyname_value<std::uint64_t>("hw.tbfrequency");
    if (!v || *v == 0) throw error("sysctl hw.tbfrequency: not available");
    return *v;
  }();
  return f;
}

}  // namespace psinfo::detail::macos
