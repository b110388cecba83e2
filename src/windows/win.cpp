// Windows helpers: text conversion, errors, NtQuerySystemInformation.
#include "windows/win.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cwchar>
#include <psinfo/errors.hpp>

namespace psinfo::detail::win {

std::string to_utf8(const wchar_t* s, std::size_t n) {
  if (n == 0) return {};
  int len = WideCharToMultiByte(CP_UTF8, 0, s, static_cast<int>(n), nullptr, 0, nullptr, nullptr);
  if (len <= 0) return {};
  std::string out(static_cast<std::size_t>(len), '\0');
  WideCharToMultiByte(CP_UTF8, 0, s, static_cast<int>(n), out.data(), len, nullptr, nullptr);
  return out;
}

std::string to_utf8(const wchar_t* s) { return s ? to_utf8(s, std::wcslen(s)) : std::string(); }

std::wstring to_wide(const std::string& s) {
  if (s.empty()) return {};
  int len = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  if (len <= 0) return {};
  std::wstring out(static_cast<std::size_t>(len), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), out.data(), len);
  return out;
}

FARPROC ntdll_symbol(const char* name) {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll ? GetProcAddress(ntdll, name) : nullptr;
}

// The errno a Win32 error code stands for, as Python maps OSError.winerror to OSError.errno
// (CPython's PC/errmap.h: the codes that name a missing file, a refusal, ...; EINVAL otherwise).
int errno_of(DWORD code) {
  switch (code) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
    case ERROR_NO_MORE_FILES:
    case ERROR_BAD_NETPATH:
    case ERROR_BAD_NET_NAME:
    case ERROR_BAD_PATHNAME:
    case ERROR_FILENAME_EXCED_RANGE:
      return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_PRIVILEGE_NOT_HELD:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
    case ERROR_WRITE_PROTECT:
    case ERROR_CURRENT_DIRECTORY:
      return EACCES;
    case ERROR_INVALID_HANDLE:
      return EBADF;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
      return ENOMEM;
    case ERROR_TOO_MANY_OPEN_FILES:
      return EMFILE;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
      return EEXIST;
    case ERROR_DISK_FULL:
      return ENOSPC;
    case ERROR_DIRECTORY:
      return ENOTDIR;
    case ERROR_DIR_NOT_EMPTY:
      return ENOTEMPTY;
    case ERROR_BROKEN_PIPE:
      return EPIPE;
    default:
      return EINVAL;
  }
}

void throw_error(DWORD code, const char* what, const std::string& subject) {
  std::string msg = what;
  if (!subject.empty()) msg += " (" + subject + ")";
  wchar_t* text = nullptr;
  DWORD n = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, code, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  std::string reason;
  if (n > 0 && text) {
    reason = to_utf8(text, n);
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == '\r' ||
                               reason.back() == ' ' || reason.back() == '.'))
      reason.pop_back();
  }
  if (text) LocalFree(text);
  msg += ": error " + std::to_string(code);
  if (!reason.empty()) msg += " (" + reason + ")";
  if (code == ERROR_ACCESS_DENIED) throw access_denied(msg, EACCES);
  throw error(msg, errno_of(code));
}

namespace {

using nt_query_fn = LONG(WINAPI*)(ULONG, PVOID, ULONG, PULONG);
using nt_query_ex_fn = LONG(WINAPI*)(ULONG, PVOID, ULONG, PVOID, ULONG, PULONG);

constexpr LONG status_info_length_mismatch = static_cast<LONG>(0xC0000004L);
constexpr LONG status_buffer_too_small = static_cast<LONG>(0xC0000023L);

}  // namespace

std::vector<unsigned char> query_system_information(system_information_class cls,
                                                    std::size_t initial_size,
                                                    std::optional<USHORT> group) {
  static const nt_query_fn query = ntdll_function<nt_query_fn>("NtQuerySystemInformation");
  static const nt_query_ex_fn query_ex =
      ntdll_function<nt_query_ex_fn>("NtQuerySystemInformationEx");
  const char* name = group ? "NtQuerySystemInformationEx" : "NtQuerySystemInformation";
  if (group ? !query_ex : !query) throw not_supported(std::string(name) + ": not in ntdll.dll");
  USHORT group_number = group.value_or(0);
  std::vector<unsigned char> buf(initial_size);
  for (int attempt = 0; attempt < 8; ++attempt) {
    ULONG needed = 0;
    LONG status = group ? query_ex(cls, &group_number, sizeof group_number, buf.data(),
                                   static_cast<ULONG>(buf.size()), &needed)
                        : query(cls, buf.data(), static_cast<ULONG>(buf.size()), &needed);
    if (status >= 0) {
      if (needed > 0 && needed < buf.size()) buf.resize(needed);  // what was filled
      return buf;
    }
    if (status != status_info_length_mismatch && status != status_buffer_too_small) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "0x%08lX", static_cast<unsigned long>(status));
      throw error(std::string(name) + "(" + std::to_string(cls) + "): NTSTATUS " + hex);
    }
    buf.resize(needed > buf.size() ? needed : buf.size() * 2);
  }
  throw error(std::string(name) + "(" + std::to_string(cls) + "): buffer keeps growing");
}

unsigned logical_cpu_count() {
  DWORD n = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
  if (n == 0) {
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    n = si.dwNumberOfProcessors;
  }
  return n;
}

}  // namespace psinfo::detail::win
