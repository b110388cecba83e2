// OpenProcess with psutil's error mapping.
#include "windows/proc_common.hpp"

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
