// POSIX helpers: waiting for a process by polling waitpid(2) / kill(pid, 0) (see posix.hpp).
// Plain POSIX: also built on Linux, whose wait() falls back to it.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "platform.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail::posix {

double monotonic() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void throw_timeout(long pid, double timeout) {
  throw timeout_expired("timeout after " + std::to_string(timeout) +
                        " seconds (pid=" + std::to_string(pid) + ")");
}

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

namespace {

std::optional<int> exit_code(long pid, int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  throw error("waitpid (pid=" + std::to_string(pid) + "): unknown exit status " +
              std::to_string(status));
}

}  // namespace

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
    if (errno != ECHILD) {
      if (errno == ESRCH) throw_gone(pid);
      throw error(pid_msg("waitpid", pid, errno));
    }
    while (still_there(pid, start)) nap();
    return std::nullopt;
  }
}

}  // namespace psinfo::detail::posix
