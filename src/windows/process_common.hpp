// What the Windows process files share: an owned HANDLE, OpenProcess with psutil's error
// mapping, and the errors of a process call.
#pragma once

#include "windows/win.hpp"

#include <utility>

namespace psinfo::detail::win {

// An owned kernel handle (closed once; INVALID_HANDLE_VALUE and nullptr mean none).
class unique_handle {
 public:
  unique_handle() = default;
  explicit unique_handle(HANDLE h) noexcept : h_(h) {}
  unique_handle(unique_handle&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  unique_handle& operator=(unique_handle&& o) noexcept {
    if (this != &o) reset(std::exchange(o.h_, nullptr));
    return *this;
  }
  unique_handle(const unique_handle&) = delete;
  unique_handle& operator=(const unique_handle&) = delete;
  ~unique_handle() { reset(); }

  HANDLE get() const noexcept { return h_; }
  explicit operator bool() const noexcept { return h_ != nullptr && h_ != INVALID_HANDLE_VALUE; }
  void reset(HANDLE h = nullptr) noexcept {
    if (*this) CloseHandle(h_);
    h_ = h;
  }

 private:
  HANDLE h_ = nullptr;
};

// OpenProcess(access) on pid. No such PID (ERROR_INVALID_PARAMETER): no_such_process;
// ERROR_ACCESS_DENIED: access_denied; what names the caller's method in the message.
unique_handle open_process(long pid, DWORD access, const char* what);

// OpenProcess as psutil: PID 0 cannot be opened (access_denied, not "gone"), and a process that
// has ended while handles keep its PID (a non-STILL_ACTIVE exit code) is gone. access is added to
// PROCESS_QUERY_LIMITED_INFORMATION.
unique_handle open_live(long pid, DWORD access, const char* what);

// The last error of a call on pid, with ERROR_PRIVILEGE_NOT_HELD as access_denied too (psutil).
[[noreturn]] void throw_last(const char* what, long pid);

// An NTSTATUS failure of a call on pid: STATUS_NOT_IMPLEMENTED / STATUS_INVALID_INFO_CLASS (this
// kernel, or Wine, lacks the class) as not_supported, the rest through the Win32 code it stands
// for (access_denied, no_such_process, error).
[[noreturn]] void throw_status(LONG status, const char* what, long pid);

// no_such_process for pid, naming the method.
[[noreturn]] void throw_gone(long pid, const char* what);

// The System Idle Process (0) and System (4): no PEB, no image file of their own.
inline bool is_system(long pid) { return pid == 0 || pid == 4; }

// psutil's convert_dos_path(): "\\Device\\HarddiskVolume1\\x\\y" -> "C:\\x\\y" through
// QueryDosDeviceW on each drive letter; a path on no lettered drive is returned unchanged.
std::wstring convert_dos_path(const std::wstring& native);

}  // namespace psinfo::detail::win

namespace psinfo::detail {
// What the process files (process*.cpp) use unqualified.
using win::is_system;
using win::open_live;
using win::open_process;
using win::throw_gone;
using win::throw_last;
using win::throw_status;
using win::unique_handle;
}  // namespace psinfo::detail
