// Windows services (psinfo/winservice.hpp) against the registry, read here with the Reg* API:
// the Service Control Manager (services.exe, through OpenSCManager/QueryServiceConfig) keeps
// each service's configuration under HKLM\SYSTEM\CurrentControlSet\Services\<name>, and psutil's
// fields are its values (DisplayName, ImagePath, ObjectName, Start, Description). The status is
// compared with what `sc query <name>` prints. Wine ships real services (RpcSs, PlugPlay,
// MountMgr, Spooler, winmgmt ...), so the lists are not empty. Wine's services.exe also makes
// a service of each driver host it starts, "Winedevice<N>" (winedevice.exe), which it keeps out
// of the registry: those are checked against `sc query` alone.
#include <cerrno>
#include <catch2/catch.hpp>
#include <psinfo/psinfo.hpp>

// clang-format off
#include <windows.h>
// clang-format on

#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace {

const wchar_t* const services_key = L"SYSTEM\\CurrentControlSet\\Services";

std::string utf8(const std::wstring& w) {
  if (w.empty()) return {};
  int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0, nullptr,
                              nullptr);
  std::string s(static_cast<size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), s.data(), n, nullptr,
                      nullptr);
  return s;
}

std::wstring wide(const std::string& s) {
  int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring w(static_cast<size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), w.data(), n);
  return w;
}

// One service's key of the registry: its string and DWORD values.
struct reg_service {
  std::map<std::string, std::string> strings;
  std::map<std::string, DWORD> numbers;
};

std::optional<reg_service> read_service(HKEY services, const std::wstring& name) {
  HKEY k;
  if (RegOpenKeyExW(services, name.c_str(), 0, KEY_READ, &k) != ERROR_SUCCESS) return {};
  reg_service r;
  for (DWORD i = 0;; ++i) {
    wchar_t value[256];
    DWORD vlen = 256, type = 0, size = 0;
    if (RegEnumValueW(k, i, value, &vlen, nullptr, &type, nullptr, &size) != ERROR_SUCCESS) break;
    std::vector<BYTE> data(size + sizeof(wchar_t));
    vlen = 256;
    if (RegEnumValueW(k, i, value, &vlen, nullptr, &type, data.data(), &size) != ERROR_SUCCESS)
      continue;
    if (type == REG_SZ || type == REG_EXPAND_SZ) {
      std::wstring w(reinterpret_cast<const wchar_t*>(data.data()), size / sizeof(wchar_t));
      while (!w.empty() && w.back() == L'\0') w.pop_back();
      r.strings[utf8(value)] = utf8(w);
    } else if (type == REG_DWORD && size == sizeof(DWORD)) {
      DWORD d;
      memcpy(&d, data.data(), sizeof d);
      r.numbers[utf8(value)] = d;
    }
  }
  RegCloseKey(k);
  return r;
}

// Every service key of the registry, by name.
std::map<std::string, reg_service> registry_services() {
  HKEY services;
  REQUIRE(RegOpenKeyExW(HKEY_LOCAL_MACHINE, services_key, 0, KEY_READ, &services) == ERROR_SUCCESS);
  std::map<std::string, reg_service> out;
  for (DWORD i = 0;; ++i) {
    wchar_t name[256];
    DWORD len = 256;
    if (RegEnumKeyExW(services, i, name, &len, nullptr, nullptr, nullptr, nullptr) != ERROR_SUCCESS)
      break;
    if (auto r = read_service(services, name)) out[utf8(name)] = std::move(*r);
  }
  RegCloseKey(services);
  return out;
}

// Wine's driver-host services (services.exe's "Winedevice%u"), absent from the registry.
bool wine_device_host(const std::string& name) {
  return name.size() > 10 && name.compare(0, 10, "Winedevice") == 0 &&
         name.find_first_not_of("0123456789", 10) == std::string::npos;
}

bool is_win32(const reg_service& r) {
  auto t = r.numbers.find("Type");
  return t != r.numbers.end() && (t->second & SERVICE_WIN32) != 0;
}

// The Start value as psutil names it (its services.c: the three a Win32 service may have).
std::string start_name(DWORD start) {
  switch (start) {
    case 2:
      return "automatic";
    case 3:
      return "manual";
    case 4:
      return "disabled";
    default:
      return "unknown";
  }
}

// The STATE line of `sc query NAME`: "RUNNING", "STOPPED" ... lower-cased; "" if none.
std::string sc_state(const std::string& name) {
  std::string cmd = "sc query \"" + name + "\" 2>NUL";
  FILE* p = _popen(cmd.c_str(), "r");
  if (!p) return {};
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) {
    std::string line(buf);
    auto at = line.find("STATE");
    if (at == std::string::npos) continue;
    // "        STATE              : 4  RUNNING"
    std::string rest = line.substr(line.find(':', at) + 1);
    size_t i = rest.find_first_not_of(" \t0123456789");
    size_t j = rest.find_first_of(" \t\r\n", i);
    if (i != std::string::npos) out = rest.substr(i, j == std::string::npos ? j : j - i);
  }
  _pclose(p);
  for (char& c : out) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

TEST_CASE("win_service_iter: the Win32 services of the registry", "[windows][winservice]") {
  const auto reg = registry_services();
  const auto svcs = psinfo::win_service_iter();
  REQUIRE(!svcs.empty());
  std::set<std::string> listed;
  for (const auto& s : svcs) {
    INFO("service " << s.name());
    CHECK(listed.insert(s.name()).second);  // each once
    auto r = reg.find(s.name());
    if (r == reg.end() && wine_device_host(s.name())) {
      CHECK(s.display_name() == s.name());
      CHECK(!sc_state(s.name()).empty());  // the SCM knows it
      continue;
    }
    REQUIRE(r != reg.end());
    CHECK(is_win32(r->second));  // not a driver
    auto dn = r->second.strings.find("DisplayName");
    CHECK(s.display_name() == (dn != r->second.strings.end() ? dn->second : s.name()));
  }
  // And the other way: every Win32 service of the registry is listed.
  size_t win32 = 0;
  for (const auto& [name, r] : reg) {
    if (!is_win32(r) || !r.strings.count("ImagePath")) continue;
    ++win32;
    INFO("registry service " << name);
    CHECK(listed.count(name) == 1);
  }
  WARN(svcs.size() << " services listed; the registry has " << reg.size() << " keys, " << win32
                   << " Win32 services with an ImagePath");
}

TEST_CASE("as_dict: each service's configuration as its registry key", "[windows][winservice]") {
  const auto reg = registry_services();
  int running = 0, compared = 0;
  for (const auto& s : psinfo::win_service_iter()) {
    INFO("service " << s.name());
    const psinfo::win_service_info_t d = s.as_dict();
    if (!reg.count(s.name()) && wine_device_host(s.name())) {
      const std::string exe = "\\winedevice.exe";
      CHECK(d.binpath.size() > exe.size());
      CHECK(d.binpath.compare(d.binpath.size() - exe.size(), exe.size(), exe) == 0);
      CHECK(d.status == sc_state(s.name()));
      continue;
    }
    const reg_service& r = reg.at(s.name());
    CHECK(d.name == s.name());
    CHECK(d.display_name == s.display_name());
    auto str = [&](const char* v, const std::string& fallback) {
      auto it = r.strings.find(v);
      return it != r.strings.end() ? it->second : fallback;
    };
    CHECK(d.binpath == str("ImagePath", ""));
    CHECK(d.username == str("ObjectName", "LocalSystem"));
    CHECK(d.start_type == start_name(r.numbers.at("Start")));
    const std::string descr = str("Description", "");
    if (descr.empty() || descr[0] != '@') CHECK(d.description == descr);  // '@': a MUI resource
    // The SCM's state as sc.exe prints it; a service may move, so a second look decides.
    std::string sc = sc_state(s.name());
    std::string ours = d.status;
    if (ours != sc) {
      ours = s.status();
      sc = sc_state(s.name());
    }
    CHECK(ours == sc);
    if (ours == "running") {
      ++running;
      REQUIRE(d.pid.has_value());
      CHECK(psinfo::pid_exists(*d.pid));
    } else if (ours == "stopped") {
      CHECK(!d.pid.has_value());
    }
    ++compared;
  }
  WARN(compared << " services compared with the registry and sc query, " << running << " running");
  CHECK(compared > 0);
}

TEST_CASE("win_service_get: the same service; a missing one is no_such_process",
          "[windows][winservice]") {
  const auto svcs = psinfo::win_service_iter();
  REQUIRE(!svcs.empty());
  const psinfo::win_service got = psinfo::win_service_get(svcs.front().name());
  CHECK(got == svcs.front());
  CHECK(got.display_name() == svcs.front().display_name());
  CHECK(got.binpath() == svcs.front().binpath());

  const std::string missing = "psinfo-no-such-service";
  HKEY k;
  REQUIRE(RegOpenKeyExW(HKEY_LOCAL_MACHINE,
                        (std::wstring(services_key) + L"\\" + wide(missing)).c_str(), 0, KEY_READ,
                        &k) != ERROR_SUCCESS);
  try {
    psinfo::win_service_get(missing);
    FAIL("win_service_get of a missing service returned");
  } catch (const psinfo::no_such_process& e) {
    CHECK(std::string(e.what()).find("service '" + missing + "' does not exist") == 0);
    // ERROR_SERVICE_DOES_NOT_EXIST: CPython's errno for it (its errmap's default) is EINVAL.
    CHECK(e.os_errno() == EINVAL);
  }
  psinfo::win_service gone(missing, "x");
  CHECK_THROWS_AS(gone.status(), psinfo::no_such_process);
  CHECK_THROWS_AS(gone.description(), psinfo::no_such_process);
}
