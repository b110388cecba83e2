// psinfo — the exceptions every function may throw.
#pragma once

#include <psinfo/export.h>

#include <optional>
#include <stdexcept>
#include <string>

namespace psinfo {
inline namespace PSINFO_ABI {

// Base of everything psinfo throws. what() names what failed (file, syscall, errno);
// os_errno() is the operating system's errno behind it (ENOENT, EACCES, ...), 0 when the error
// did not come from a failed system call (Python's OSError.errno; C: psinfo_last_errno()).
class PSINFO_API error : public std::runtime_error {
 public:
  explicit error(const std::string& what, int os_errno = 0)
      : std::runtime_error(what), os_errno_(os_errno) {}
  int os_errno() const noexcept { return os_errno_; }

 private:
  int os_errno_;
};

// A process that no longer exists (psutil.NoSuchProcess); also a Windows service that does not
// exist (pid 0, as psutil raises NoSuchProcess for it), with the errno of the system's error.
class PSINFO_API no_such_process : public error {
 public:
  explicit no_such_process(long pid, const std::string& what, int os_errno = 0)
      : error(what, os_errno), pid_(pid) {}
  long pid() const noexcept { return pid_; }

 private:
  long pid_;
};

// A process that exists only as a zombie (psutil.ZombieProcess); a kind of no_such_process.
class PSINFO_API zombie_process : public no_such_process {
 public:
  zombie_process(long pid, std::optional<long> ppid, const std::string& what)
      : no_such_process(pid, what), ppid_(ppid) {}
  std::optional<long> ppid() const noexcept { return ppid_; }

 private:
  std::optional<long> ppid_;
};

// EACCES / EPERM (psutil.AccessDenied).
class PSINFO_API access_denied : public error {
 public:
  using error::error;
};

// A wait that ran out of time (psutil.TimeoutExpired).
class PSINFO_API timeout_expired : public error {
 public:
  using error::error;
};

// The platform (or this build, or this kernel) cannot give this value at all.
class PSINFO_API not_supported : public error {
 public:
  using error::error;
};

// An argument outside what the function accepts (psutil's ValueError).
class PSINFO_API invalid_argument : public error {
 public:
  using error::error;
};

}  // namespace PSINFO_ABI
}  // namespace psinfo
