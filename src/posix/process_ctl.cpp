// POSIX helpers: nice, signals and wait (see posix.hpp).
#include <psinfo/errors.hpp>

#include <errno.h>
#include <signal.h>
#include <sys/event.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "platform.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail::posix {

namespace {

[[noreturn]] void sys_error(long pid, int err, const char* call) {
  if (err == ESRCH) throw_gone(pid);
  if (err == EINVAL) throw invalid_argument(pid_msg(call, pid, err));
  if (err == EPERM || err == EACCES) throw access_denied(pid_msg(call, pid, err), err);
  throw error(pid_msg(call, pid, err), err);
}

// kqueue(EVFILT_PROC, NOTE_EXIT): sleeps until the process ends. true when it has ended; false
// when kqueue cannot watch it (gone already, not ours to watch, no descriptor left).
bool sleep_until_exit(long pid, std::optional<double> timeout, double deadline) {
  unique_fd kq(::kqueue());
  if (kq.get() < 0) return false;
  struct kevent change;
  EV_SET(&change, static_cast<uintptr_t>(pid), EVFILT_PROC, EV_ADD | EV_ONESHOT, NOTE_EXIT, 0,
         nullptr);
  bool registered = false;
  for (;;) {
    struct timespec ts {};
    if (timeout) {
      const double left = std::max(0.0, deadline - monotonic());
      ts.tv_sec = static_cast<time_t>(left);
      ts.tv_nsec = static_cast<long>((left - static_cast<double>(ts.tv_sec)) * 1e9);
    }
    struct kevent got;
    const int n = ::kevent(kq.get(), registered ? nullptr : &change, registered ? 0 : 1, &got, 1,
                           timeout ? &ts : nullptr);
    if (n > 0) {
      // A registration refused (ESRCH, EPERM) comes back as an EV_ERROR event.
      return !(got.flags & EV_ERROR);
    }
    if (n == 0) throw_timeout(pid, *timeout);
    if (errno != EINTR) return false;
    registered = true;  // a signal interrupts the wait, after the change list was applied
  }
}

}  // namespace

int get_nice(long pid) {
  errno = 0;
  const int v = ::getpriority(PRIO_PROCESS, static_cast<id_t>(pid));
  if (v == -1 && errno != 0) sys_error(pid, errno, "getpriority");
  return v;
}

void set_nice(long pid, int value) {
  if (::setpriority(PRIO_PROCESS, static_cast<id_t>(pid), value) != 0)
    sys_error(pid, errno, "setpriority");
}

void send_signal(long pid, int sig) {
  if (pid == 0)
    throw invalid_argument(
        "preventing sending signal to process with PID 0 as it would affect every process in "
        "the process group of the calling process (os.getpid()) instead of PID 0");
  if (::kill(static_cast<pid_t>(pid), sig) != 0) sys_error(pid, errno, "kill");
}

std::optional<int> wait_pid(long pid, double start, std::optional<double> timeout) {
  if (pid == 0) throw invalid_argument("can't wait for PID 0");
  const double deadline = timeout ? monotonic() + *timeout : 0;
  // Ours is gone if the PID now names another process (an unreaped child of ours would still
  // hold it).
  if (!still_there(pid, start)) return std::nullopt;
  // psutil: sleep in kqueue until the process ends, then collect a child's status (a non-child
  // may linger as a zombie until its parent reaps it: polled within what is left).
  if (!timeout || *timeout > 0) sleep_until_exit(pid, timeout, deadline);
  return wait_polling(pid, start, timeout, deadline);
}

}  // namespace psinfo::detail::posix
