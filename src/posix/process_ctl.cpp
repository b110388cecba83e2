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
  if (err == EPERM || err == EACCES) throw access_denied(pid_msg(call, pid, err));
  throw error(pid_msg(call, pid, err));
}

double monotonic() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

[[noreturn]] void throw_timeout(long pid, double timeout) {
  throw timeout_expired("timeout after " + std::to_string(timeout) +
                        " seconds (pid=" + std::to_string(pid) + ")");
}

// The PID still names the process that started at `start` (0: any), EPERM included.
bool still_there(long pid, double start) {
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
  if (start == 0) return true;
  try {
    const double now = proc_start_time(pid);
    return now == 0 || now == start;
  } catch (const zombie_process&) {
    return true;  // ended, not yet reaped by its parent: still holds the PID
  } catch (const no_such_process&) {
    return false;
  } catch (const access_denied&) {
    return true;
  }
}

std::optional<int> exit_code(long pid, int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  throw error("waitpid (pid=" + std::to_string(pid) + "): unknown exit status " +
              std::to_string(status));
}

// psutil's wait_pid_posix(): waitpid, blocking without a timeout, else WNOHANG polls with sleeps
// doubling from 0.1 ms to 40 ms; a non-child (ECHILD) is polled until it is gone.
std::optional<int> wait_polling(long pid, double start, std::optional<double> timeout,
                                double deadline) {
  double interval = 0.0001;
  auto nap = [&] {
    if (timeout && monotonic() >= deadline) throw_timeout(pid, *timeout);
    std::this_thread::sleep_for(std::chrono::duration<double>(interval));
    interval = std::min(interval * 2, 0.04);
  };
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(static_cast<pid_t>(pid), &status, timeout ? WNOHANG : 0);
    if (r > 0) return exit_code(pid, status);
    if (r == 0 || errno == EINTR) {
      nap();
      continue;
    }
    if (errno != ECHILD) sys_error(pid, errno, "waitpid");
    while (still_there(pid, start)) nap();
    return std::nullopt;
  }
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
  if (!still_there(pid, start)) {
    int status = 0;
    if (::waitpid(static_cast<pid_t>(pid), &status, WNOHANG) > 0) return exit_code(pid, status);
    return std::nullopt;
  }
  // psutil: sleep in kqueue until the process ends, then collect a child's status (a non-child
  // may linger as a zombie until its parent reaps it: polled within what is left).
  if (!timeout || *timeout > 0) sleep_until_exit(pid, timeout, deadline);
  return wait_polling(pid, start, timeout, deadline);
}

}  // namespace psinfo::detail::posix
