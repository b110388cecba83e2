// What the Windows process files share: an owned HANDLE and OpenProcess with psutil's error
// mapping.
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

// psutil's convert_dos_path(): "\\Device\\HarddiskVolume1\\x\\y" -> "C:\\x\\y" through
// QueryDosDeviceW on each drive letter; a path on no lettered drive is returned unchanged.
std::wstring convert_dos_path(const std::wstring& native);

}  // namespace psinfo::detail::win
