// The process methods whose meaning is POSIX- or Linux-specific (Windows defines its own).
#include <psinfo/errors.hpp>
#include <psinfo/process.hpp>

#include <csignal>

namespace psinfo {

void process::suspend() { send_signal(SIGSTOP); }
void process::resume() { send_signal(SIGCONT); }
void process::terminate() { send_signal(SIGTERM); }
void process::kill() { send_signal(SIGKILL); }

int process::num_handles() const { throw not_supported("num_handles: Windows only"); }

attr supported_attrs() noexcept {
  return static_cast<attr>(static_cast<std::uint64_t>(all_attrs) &
                           ~static_cast<std::uint64_t>(attr::num_handles));
}

const char* to_string(ioprio_class c) noexcept {
  switch (static_cast<int>(c)) {
    case 0:
      return "IOPRIO_CLASS_NONE";
    case 1:
      return "IOPRIO_CLASS_RT";
    case 2:
      return "IOPRIO_CLASS_BE";
    case 3:
      return "IOPRIO_CLASS_IDLE";
  }
  return "?";
}

}  // namespace psinfo
