// Windows host: boot time (GetTickCount64) and sessions (WTS), as psutil.
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "windows/win.hpp"
// clang-format off
#include <wtsapi32.h>
// clang-format on

namespace psinfo::detail {

namespace {

constexpr std::uint64_t filetime_unix_epoch = 116444736000000000ULL;  // 1601 -> 1970, 100 ns

double now_unix() {
  FILETIME ft;
  GetSystemTimePreciseAsFileTime(&ft);
  return win::ticks_to_seconds(win::to_u64(ft) - filetime_unix_epoch);
}

// WTSQuerySessionInformationW's buffer, freed on scope exit.
struct wts_buffer {
  wchar_t* p = nullptr;
  DWORD bytes = 0;
  ~wts_buffer() {
    if (p) WTSFreeMemory(p);
  }
  bool query(DWORD session, WTS_INFO_CLASS cls) {
    return WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, session, cls, &p, &bytes) &&
           p != nullptr;
  }
};

}  // namespace

// Now minus the milliseconds since boot.
double boot_time() {
  ULONGLONG up_ms = GetTickCount64();
  return now_unix() - static_cast<double>(up_ms) / 1000.0;
}

// One entry per session with a user name. host: the client's IPv4 address for a remote
// session, else "localhost"; Windows records no terminal or process for a session.
std::vector<user_t> users() {
  WTS_SESSION_INFOW* sessions = nullptr;
  DWORD count = 0;
  if (!WTSEnumerateSessionsW(WTS_CURRENT_SERVER_HANDLE, 0, 1, &sessions, &count))
    win::throw_error(GetLastError(), "WTSEnumerateSessionsW");
  std::vector<user_t> out;
  for (DWORD i = 0; i < count; ++i) {
    DWORD id = sessions[i].SessionId;
    wts_buffer name;
    if (!name.query(id, WTSUserName) || name.p[0] == L'\0') continue;
    user_t u;
    u.name = win::to_utf8(name.p);
    u.host = "localhost";
    wts_buffer addr;
    if (addr.query(id, WTSClientAddress) && addr.bytes >= sizeof(WTS_CLIENT_ADDRESS)) {
      auto* a = reinterpret_cast<WTS_CLIENT_ADDRESS*>(addr.p);
      if (a->AddressFamily == AF_INET) {
        u.host = std::to_string(a->Address[2]) + "." + std::to_string(a->Address[3]) + "." +
                 std::to_string(a->Address[4]) + "." + std::to_string(a->Address[5]);
      }
    }
    wts_buffer info;
    if (info.query(id, WTSSessionInfo) && info.bytes >= sizeof(WTSINFOW)) {
      auto* wi = reinterpret_cast<WTSINFOW*>(info.p);
      auto logon = static_cast<std::uint64_t>(wi->LogonTime.QuadPart);
      if (logon > filetime_unix_epoch)
        u.started = win::ticks_to_seconds(logon - filetime_unix_epoch);
    }
    out.push_back(std::move(u));
  }
  WTSFreeMemory(sessions);
  return out;
}

}  // namespace psinfo::detail
