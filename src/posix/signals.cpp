// The contract's signals and wait for the backends whose kill(2) and waitpid(2) are all they need
// (macOS, the BSDs): the same six functions, written once. Linux signals through a pidfd and
// defines its own.
#include <signal.h>

#include "platform.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail {

void proc_send_signal(const proc_ref& p, int sig) { posix::send_signal(p.pid, sig); }
void proc_suspend(const proc_ref& p) { posix::send_signal(p.pid, SIGSTOP); }
void proc_resume(const proc_ref& p) { posix::send_signal(p.pid, SIGCONT); }
void proc_terminate(const proc_ref& p) { posix::send_signal(p.pid, SIGTERM); }
void proc_kill(const proc_ref& p) { posix::send_signal(p.pid, SIGKILL); }

std::optional<int> proc_wait(const proc_ref& p, std::optional<double> timeout) {
  return posix::wait_pid(p.pid, p.start, timeout);
}

}  // namespace psinfo::detail
