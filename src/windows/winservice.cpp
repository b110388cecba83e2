// Windows services through the Service Control Manager: EnumServicesStatusExW (the Win32
// services), then per service OpenServiceW + QueryServiceConfigW / QueryServiceStatusEx /
// QueryServiceConfig2W(SERVICE_CONFIG_DESCRIPTION), as psutil does. Link: advapi32.
#include "windows/win.hpp"
// clang-format off
#include <winsvc.h>
// clang-format on

#include <psinfo/errors.hpp>

#include <memory>

#include "platform.hpp"

namespace psinfo::detail {

namespace {

struct sc_close {
  void operator()(SC_HANDLE h) const noexcept { CloseServiceHandle(h); }
};
using sc_handle = std::unique_ptr<std::remove_pointer_t<SC_HANDLE>, sc_close>;

// The error of a failed SCM call about service `name`: psutil's NoSuchProcess for a name the
// SCM does not know, access_denied for a refusal, else psinfo::error.
[[noreturn]] void fail(DWORD code, const char* call, const std::string& name) {
  if (code == ERROR_SERVICE_DOES_NOT_EXIST || code == ERROR_INVALID_NAME)
    throw no_such_process(
        0,
        "service '" + name + "' does not exist (" + call + ": error " + std::to_string(code) + ")",
        win::errno_of(code));
  if (code == ERROR_ACCESS_DENIED)
    throw access_denied(
        "service '" + name + "' is not querable (not enough privileges; " + call + ")", EACCES);
  win::throw_error(code, call, name.empty() ? std::string() : "service '" + name + "'");
}

sc_handle open_manager(const std::string& name) {
  SC_HANDLE sc = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_ENUMERATE_SERVICE);
  if (!sc) fail(GetLastError(), "OpenSCManagerW", name);
  return sc_handle(sc);
}

sc_handle open_service(const std::string& name, DWORD access) {
  sc_handle sc = open_manager(name);
  SC_HANDLE h = OpenServiceW(sc.get(), win::to_wide(name).c_str(), access);
  if (!h) fail(GetLastError(), "OpenServiceW", name);
  return sc_handle(h);
}

// A buffer filled by query(buf, size, &needed), grown until it fits. An error other than
// ERROR_INSUFFICIENT_BUFFER / ERROR_MORE_DATA is returned in *err (0: filled).
template <class Query>
std::vector<unsigned char> query_grown(Query query, DWORD* err) {
  std::vector<unsigned char> buf(sizeof(void*) * 64);
  for (;;) {
    DWORD needed = 0;
    if (query(buf.data(), static_cast<DWORD>(buf.size()), &needed)) {
      *err = 0;
      return buf;
    }
    *err = GetLastError();
    if ((*err != ERROR_INSUFFICIENT_BUFFER && *err != ERROR_MORE_DATA) || needed <= buf.size())
      return buf;
    buf.resize(needed);
  }
}

const char* start_type_name(DWORD t) {
  switch (t) {
    case SERVICE_AUTO_START:
      return "automatic";
    case SERVICE_DEMAND_START:
      return "manual";
    case SERVICE_DISABLED:
      return "disabled";
    default:  // psutil: the drivers' boot and system starts too
      return "unknown";
  }
}

const char* state_name(DWORD s) {
  switch (s) {
    case SERVICE_RUNNING:
      return "running";
    case SERVICE_PAUSED:
      return "paused";
    case SERVICE_START_PENDING:
      return "start_pending";
    case SERVICE_PAUSE_PENDING:
      return "pause_pending";
    case SERVICE_CONTINUE_PENDING:
      return "continue_pending";
    case SERVICE_STOP_PENDING:
      return "stop_pending";
    case SERVICE_STOPPED:
      return "stopped";
    default:
      return "unknown";
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> win_service_enumerate() {
  sc_handle sc = open_manager({});
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<unsigned char> buf(64 * 1024);
  DWORD resume = 0;
  for (;;) {
    // Each call returns what fits from `resume` on: ERROR_MORE_DATA with some entries means
    // "call again for the rest", with none "a bigger buffer" (needed bytes).
    DWORD needed = 0, count = 0;
    const BOOL ok = EnumServicesStatusExW(
        sc.get(), SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, buf.data(),
        static_cast<DWORD>(buf.size()), &needed, &count, &resume, nullptr);
    const DWORD err = ok ? 0 : GetLastError();
    if (!ok && (err != ERROR_MORE_DATA || (count == 0 && needed <= buf.size())))
      fail(err, "EnumServicesStatusExW", {});
    const auto* e = reinterpret_cast<const ENUM_SERVICE_STATUS_PROCESSW*>(buf.data());
    for (DWORD i = 0; i < count; ++i)
      out.emplace_back(win::to_utf8(e[i].lpServiceName), win::to_utf8(e[i].lpDisplayName));
    if (ok) return out;
    if (count == 0) buf.resize(needed);
  }
}

void win_service_query_config(const std::string& name, win_service_info_t& out) {
  sc_handle h = open_service(name, SERVICE_QUERY_CONFIG);
  DWORD err = 0;
  auto buf = query_grown(
      [&](unsigned char* b, DWORD size, DWORD* needed) {
        return QueryServiceConfigW(h.get(), reinterpret_cast<QUERY_SERVICE_CONFIGW*>(b), size,
                                   needed);
      },
      &err);
  if (err) fail(err, "QueryServiceConfigW", name);
  const auto* c = reinterpret_cast<const QUERY_SERVICE_CONFIGW*>(buf.data());
  out.display_name = win::to_utf8(c->lpDisplayName);
  out.binpath = win::to_utf8(c->lpBinaryPathName);
  out.username = win::to_utf8(c->lpServiceStartName);
  out.start_type = start_type_name(c->dwStartType);
}

void win_service_query_status(const std::string& name, win_service_info_t& out) {
  sc_handle h = open_service(name, SERVICE_QUERY_STATUS);
  SERVICE_STATUS_PROCESS st{};
  DWORD needed = 0;
  if (!QueryServiceStatusEx(h.get(), SC_STATUS_PROCESS_INFO, reinterpret_cast<BYTE*>(&st),
                            sizeof st, &needed))
    fail(GetLastError(), "QueryServiceStatusEx", name);
  out.status = state_name(st.dwCurrentState);
  out.pid.reset();
  if (st.dwProcessId != 0) out.pid = static_cast<long>(st.dwProcessId);
}

std::string win_service_query_description(const std::string& name) {
  sc_handle h = open_service(name, SERVICE_QUERY_CONFIG);
  DWORD err = 0;
  auto buf = query_grown(
      [&](unsigned char* b, DWORD size, DWORD* needed) {
        return QueryServiceConfig2W(h.get(), SERVICE_CONFIG_DESCRIPTION, b, size, needed);
      },
      &err);
  // psutil: no description (or its resource missing) is "".
  if (err == ERROR_NOT_FOUND || err == ERROR_FILE_NOT_FOUND || err == ERROR_MUI_FILE_NOT_FOUND)
    return {};
  if (err) fail(err, "QueryServiceConfig2W", name);
  const auto* d = reinterpret_cast<const SERVICE_DESCRIPTIONW*>(buf.data());
  return d->lpDescription ? win::to_utf8(d->lpDescription) : std::string();
}

}  // namespace psinfo::detail
