// OpenProcess and the errors of process calls, with psutil's mapping.
#include "windows/process_common.hpp"

#include <psinfo/errors.hpp>

#include <string>

namespace psinfo::detail::win {

unique_handle open_process(long pid, DWORD access, const char* what) {
  auto gone = [&] {
    return no_such_process(
        pid, std::string(what) + ": process no longer exists (pid=" + std::to_string(pid) + ")");
  };
  if (pid < 0 || static_cast<unsigned long long>(pid) > MAXDWORD)
    throw gone();  // long is 32-bit here
  HANDLE h = OpenProcess(access, FALSE, static_cast<DWORD>(pid));
  if (h != nullptr) return unique_handle(h);
  const DWORD code = GetLastError();
  if (code == ERROR_INVALID_PARAMETER) throw gone();
  throw_error(code, what, "pid " + std::to_string(pid));
}

unique_handle open_live(long pid, DWORD access, const char* what) {
  if (pid == 0)
    throw access_denied(std::string(what) + ": the System Idle Process cannot be opened (pid=0)");
  unique_handle h = open_process(pid, access | PROCESS_QUERY_LIMITED_INFORMATION, what);
  DWORD code = 0;
  if (GetExitCodeProcess(h.get(), &code) && code != STILL_ACTIVE) throw_gone(pid, what);
  return h;
}

void throw_last(const char* what, long pid) {
  DWORD code = GetLastError();
  if (code == ERROR_PRIVILEGE_NOT_HELD) code = ERROR_ACCESS_DENIED;
  throw_error(code, what, "pid " + std::to_string(pid));
}

void throw_status(LONG status, const char* what, long pid) {
  if (status == static_cast<LONG>(0xC0000002L) || status == static_cast<LONG>(0xC0000003L))
    throw not_supported(std::string(what) + ": not supported by this system");
  using rtl_fn = ULONG(NTAPI*)(LONG);
  auto to_win32 = ntdll_function<rtl_fn>("RtlNtStatusToDosError");
  DWORD code = to_win32 ? to_win32(status) : ERROR_GEN_FAILURE;
  throw_error(code, what, "pid " + std::to_string(pid));
}

void throw_gone(long pid, const char* what) {
  throw no_such_process(
      pid, std::string(what) + ": process no longer exists (pid=" + std::to_string(pid) + ")");
}

std::wstring convert_dos_path(const std::wstring& native) {
  // \??\C:\x (the DOS devices' own directory, which Wine gives) names C:\x directly.
  if (native.rfind(L"\\??\\UNC\\", 0) == 0) return L"\\" + native.substr(7);
  if (native.rfind(L"\\??\\", 0) == 0) return native.substr(4);
  // The device is the first three components: "", "Device", "HarddiskVolume1".
  std::size_t cut = 0;
  for (int slashes = 0; cut < native.size(); ++cut)
    if (native[cut] == L'\\' && ++slashes == 3) break;
  const std::wstring device = native.substr(0, cut);
  wchar_t drive[] = L"A:";
  wchar_t target[MAX_PATH];
  for (wchar_t letter = L'A'; letter <= L'Z'; ++letter) {
    drive[0] = letter;
    if (QueryDosDeviceW(drive, target, MAX_PATH) == 0) continue;
    if (_wcsicmp(target, device.c_str()) == 0) return drive + native.substr(cut);
  }
  return native;
}

}  // namespace psinfo::detail::win
