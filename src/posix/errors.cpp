// POSIX helpers: errors and descriptors (see posix.hpp).
#include <psinfo/errors.hpp>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "posix/posix.hpp"

namespace psinfo::detail::posix {

void throw_errno(int err, const std::string& what) {
  std::string msg = what + ": " + strerror(err);
  if (err == EACCES || err == EPERM) throw access_denied(msg, err);
  throw error(msg, err);
}

void throw_gone(long pid) {
  throw no_such_process(pid, "process no longer exists (pid=" + std::to_string(pid) + ")");
}

void throw_zombie(long pid, std::optional<long> ppid) {
  throw zombie_process(pid, ppid,
                       "process still exists but it's a zombie (pid=" + std::to_string(pid) + ")");
}

std::string pid_msg(const std::string& what, long pid, int err) {
  return what + " (pid=" + std::to_string(pid) + "): " + strerror(err);
}

unique_fd::~unique_fd() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace psinfo::detail::posix
