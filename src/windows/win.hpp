// What the Windows files share: the Windows headers in one order, UTF-16 <-> UTF-8, errors,
// and the few ntdll declarations we need. mingw-w64's winternl.h and the Windows SDK's differ
// (member names, which classes exist), so winternl.h is not used: the structures below are
// declared here, with the layout Windows documents.
#pragma once

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601  // Windows 7: GetIfEntry2, GetActiveProcessorCount
#endif

// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
// clang-format on

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace psinfo::detail::win {

std::string to_utf8(const wchar_t* s, std::size_t n);
inline std::string to_utf8(const std::wstring& s) { return to_utf8(s.data(), s.size()); }
std::string to_utf8(const wchar_t* s);  // NUL-terminated; nullptr gives ""
std::wstring to_wide(const std::string& s);

// Throws the psinfo exception for a Win32 error code: access_denied for
// ERROR_ACCESS_DENIED, else psinfo::error. what names the call, subject what it was about.
// psinfo::error (access_denied for ERROR_ACCESS_DENIED) naming what failed and the system's
// message, with os_errno() the errno that code stands for (errno_of).
int errno_of(DWORD code);
[[noreturn]] void throw_error(DWORD code, const char* what, const std::string& subject = {});

// A FILETIME-like count of 100 ns units, as seconds.
inline double ticks_to_seconds(std::uint64_t ticks) { return static_cast<double>(ticks) / 1e7; }
inline std::uint64_t to_u64(const FILETIME& ft) {
  return (static_cast<std::uint64_t>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
}

// An ntdll export (nullptr when missing), and the same as a function pointer of our own
// signature: ntdll has no import library in mingw for many of the Nt* calls.
FARPROC ntdll_symbol(const char* name);
template <class Fn>
Fn ntdll_function(const char* name) {
  FARPROC p = ntdll_symbol(name);
  Fn f = nullptr;
  static_assert(sizeof f == sizeof p);
  std::memcpy(&f, &p, sizeof f);  // FARPROC -> our signature, without a cast warning
  return f;
}

// ntdll's NtQuerySystemInformation, looked up at run time (it has no import library in the
// SDK, and its header differs between the SDK and mingw).
enum system_information_class : ULONG {
  system_performance_information = 2,
  system_process_information = 5,
  system_processor_performance_information = 8,
};

// SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION: one per logical CPU, times in 100 ns units.
// KernelTime includes IdleTime.
struct processor_performance {
  LARGE_INTEGER idle_time;
  LARGE_INTEGER kernel_time;
  LARGE_INTEGER user_time;
  LARGE_INTEGER dpc_time;
  LARGE_INTEGER interrupt_time;
  ULONG interrupt_count;
};

// NtQuerySystemInformation into a buffer that grows until it fits, trimmed to what was
// filled. With a processor group, NtQuerySystemInformationEx for that group (per-CPU classes
// otherwise only see the calling thread's group of at most 64 CPUs). Throws on failure.
std::vector<unsigned char> query_system_information(system_information_class cls,
                                                    std::size_t initial_size,
                                                    std::optional<USHORT> group = std::nullopt);

// Number of logical CPUs over all processor groups (0 if unknown).
unsigned logical_cpu_count();

}  // namespace psinfo::detail::win
