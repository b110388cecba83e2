// The Windows process controls (nice, ionice, affinity, suspend/resume, terminate/kill, wait,
// send_signal), memory_full_info / memory_maps / open_files and net_connections, under Wine or
// on Windows. Each is checked against the Windows API called directly on the handle the test
// got from CreateProcess, or against what the test itself bound, mapped or opened.
#include <catch2/catch.hpp>
#include <psinfo/psinfo.hpp>

// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>
#include <psapi.h>
// clang-format on

#include <signal.h>

#include <algorithm>
#include <cwctype>
#include <string>
#include <vector>

namespace {

// The test program is its own child: started with PSINFO_WINCTL_CHILD set, it sleeps or exits
// with code 7 before Catch's main runs.
const wchar_t* const k_child_var = L"PSINFO_WINCTL_CHILD";
struct child_mode {
  child_mode() {
    wchar_t mode[16] = {0};
    if (GetEnvironmentVariableW(k_child_var, mode, 16) == 0) return;
    if (std::wstring(mode) == L"exit7") ExitProcess(7);
    Sleep(60000);  // bounded: never outlives a broken test for long
    ExitProcess(0);
  }
} const run_as_child;

std::wstring self_path() {
  std::wstring buf(32768, L'\0');
  DWORD n = GetModuleFileNameW(nullptr, buf.data(), static_cast<DWORD>(buf.size()));
  buf.resize(n);
  return buf;
}

std::string utf8(const std::wstring& w) {
  if (w.empty()) return {};
  int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0, nullptr,
                              nullptr);
  std::string s(static_cast<std::size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), s.data(), n, nullptr,
                      nullptr);
  return s;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool under_wine() {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

// A child process started by the test; ended and its handles closed on scope exit.
struct child {
  PROCESS_INFORMATION pi{};
  explicit child(const wchar_t* mode) {
    std::wstring cmd = L"\"" + self_path() + L"\"";
    STARTUPINFOW si{};
    si.cb = sizeof si;
    SetEnvironmentVariableW(k_child_var, mode);
    BOOL ok =
        CreateProcessW(nullptr, cmd.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &si, &pi);
    SetEnvironmentVariableW(k_child_var, nullptr);
    REQUIRE(ok);
  }
  ~child() {
    if (WaitForSingleObject(pi.hProcess, 0) == WAIT_TIMEOUT) {
      TerminateProcess(pi.hProcess, 1);
      WaitForSingleObject(pi.hProcess, 5000);
    }
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
  }
  child(const child&) = delete;
  child& operator=(const child&) = delete;
  long pid() const { return static_cast<long>(pi.dwProcessId); }
  DWORD exit_code() const {
    REQUIRE(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0);
    DWORD code = 0;
    REQUIRE(GetExitCodeProcess(pi.hProcess, &code));
    return code;
  }
};

}  // namespace

TEST_CASE("windows nice: priority classes round-trip, as GetPriorityClass says") {
  child c(L"sleep");
  psinfo::process p(c.pid());
  CHECK(p.nice() == static_cast<int>(GetPriorityClass(c.pi.hProcess)));
  for (DWORD cls : {BELOW_NORMAL_PRIORITY_CLASS, IDLE_PRIORITY_CLASS, ABOVE_NORMAL_PRIORITY_CLASS,
                    NORMAL_PRIORITY_CLASS}) {
    INFO("class " << cls);
    p.nice(static_cast<int>(cls));
    CHECK(GetPriorityClass(c.pi.hProcess) == cls);
    CHECK(p.nice() == static_cast<int>(cls));
  }
  CHECK_THROWS_AS(p.nice(12345), psinfo::invalid_argument);
  CHECK_THROWS_AS(p.nice(-1), psinfo::invalid_argument);
  CHECK(GetPriorityClass(c.pi.hProcess) == NORMAL_PRIORITY_CLASS);
}

TEST_CASE("windows ionice: the I/O priority class round-trips, no value") {
  child c(L"sleep");
  psinfo::process p(c.pid());
  // The arguments are checked before any call.
  CHECK_THROWS_AS(p.ionice(psinfo::ioprio_class::low, 3), psinfo::invalid_argument);
  CHECK_THROWS_AS(p.ionice(static_cast<psinfo::ioprio_class>(7)), psinfo::invalid_argument);
  psinfo::ionice_t first;
  try {
    first = p.ionice();
  } catch (const psinfo::not_supported& e) {
    // Wine 8 has no ProcessIoPriority class (STATUS_INVALID_INFO_CLASS); Windows has.
    CHECK(under_wine());
    WARN("ionice: " << e.what());
    return;
  }
  CHECK(first.value == 0);
  CHECK(static_cast<int>(first.ioclass) >= 0);
  CHECK(static_cast<int>(first.ioclass) <= 3);
  CHECK(std::string(psinfo::to_string(psinfo::ioprio_class::normal)) == "IOPRIO_NORMAL");
  CHECK(std::string(psinfo::to_string(psinfo::ioprio_class::verylow)) == "IOPRIO_VERYLOW");
  for (auto cls :
       {psinfo::ioprio_class::low, psinfo::ioprio_class::verylow, psinfo::ioprio_class::normal}) {
    INFO(psinfo::to_string(cls));
    p.ionice(cls);
    CHECK(p.ionice().ioclass == cls);
    CHECK(p.ionice().value == 0);
  }
  p.ionice(psinfo::ioprio_class::low, 0);  // 0 is psutil's "no value"
  CHECK(p.ionice().ioclass == psinfo::ioprio_class::low);
}

TEST_CASE("windows cpu_affinity: matches GetProcessAffinityMask and round-trips") {
  child c(L"sleep");
  psinfo::process p(c.pid());
  auto mask_of = [&] {
    DWORD_PTR mask = 0, system = 0;
    REQUIRE(GetProcessAffinityMask(c.pi.hProcess, &mask, &system));
    return mask;
  };
  auto cpus_of = [](DWORD_PTR mask) {
    std::vector<int> out;
    for (int i = 0; i < 64; ++i)
      if (mask & (DWORD_PTR{1} << i)) out.push_back(i);
    return out;
  };
  const DWORD_PTR all = mask_of();
  CHECK(p.cpu_affinity() == cpus_of(all));
  p.cpu_affinity({0});
  CHECK(mask_of() == 1);
  CHECK(p.cpu_affinity() == std::vector<int>{0});
  p.cpu_affinity({});  // every CPU
  CHECK(p.cpu_affinity() == cpus_of(mask_of()));
  CHECK(p.cpu_affinity().size() == std::min<std::size_t>(psinfo::cpu_times_percpu().size(), 64));
  CHECK_THROWS_AS(p.cpu_affinity({9999}), psinfo::invalid_argument);
  CHECK_THROWS_AS(p.cpu_affinity({-1}), psinfo::invalid_argument);
}

TEST_CASE("windows suspend/resume: the child's thread suspend count says so") {
  child c(L"sleep");
  psinfo::process p(c.pid());
  // SuspendThread returns the count before it: 0 for a running thread.
  auto previous_count = [&] {
    DWORD n = SuspendThread(c.pi.hThread);
    REQUIRE(n != static_cast<DWORD>(-1));
    ResumeThread(c.pi.hThread);
    return n;
  };
  CHECK(previous_count() == 0);
  p.suspend();
  CHECK(previous_count() >= 1);
  p.resume();
  CHECK(previous_count() == 0);
}

TEST_CASE("windows terminate / kill / send_signal(SIGTERM): exit code 15, wait gives it") {
  SECTION("terminate") {
    child c(L"sleep");
    psinfo::process p(c.pid());
    p.terminate();
    CHECK(c.exit_code() == 15);
    CHECK(p.wait() == 15);
    CHECK(p.wait(0.0) == 15);  // cached
  }
  SECTION("kill") {
    child c(L"sleep");
    psinfo::process p(c.pid());
    p.kill();
    CHECK(p.wait(10.0) == 15);
    CHECK(c.exit_code() == 15);
  }
  SECTION("send_signal") {
    child c(L"sleep");
    psinfo::process p(c.pid());
    CHECK_THROWS_AS(p.send_signal(999), psinfo::invalid_argument);
    CHECK(WaitForSingleObject(c.pi.hProcess, 0) == WAIT_TIMEOUT);  // untouched
    p.send_signal(SIGTERM);
    CHECK(c.exit_code() == 15);
    CHECK(p.wait() == 15);
  }
}

TEST_CASE("windows wait: timeout on a live child, the exit code of one that ends") {
  {
    child c(L"sleep");
    psinfo::process p(c.pid());
    CHECK_THROWS_AS(p.wait(0.1), psinfo::timeout_expired);
    CHECK_THROWS_AS(p.wait(0.0), psinfo::timeout_expired);
    CHECK_THROWS_AS(p.wait(-1.0), psinfo::invalid_argument);
    CHECK(WaitForSingleObject(c.pi.hProcess, 0) == WAIT_TIMEOUT);
  }
  {
    child c(L"exit7");
    psinfo::process p(c.pid());
    CHECK(p.wait(30.0) == 7);
    CHECK(c.exit_code() == 7);
  }
  {
    child c(L"exit7");
    psinfo::process p(c.pid());
    auto r = psinfo::wait_procs({p}, 30.0);
    REQUIRE(r.gone.size() == 1);
    CHECK(r.gone[0].second == 7);
    CHECK(r.alive.empty());
  }
}

TEST_CASE("windows rlimit: not supported") {
  psinfo::process p = psinfo::process::self();
  CHECK_THROWS_AS(p.rlimit(0), psinfo::not_supported);
  CHECK_THROWS_AS(p.rlimit(0, {1, 1}), psinfo::not_supported);
}

TEST_CASE("windows memory_full_info: uss within rss") {
  psinfo::process p = psinfo::process::self();
  std::vector<char> touched(8 << 20, 1);  // 8 MiB of private pages, resident
  psinfo::memory_full_info_t m = p.memory_full_info();
  CHECK(m.uss > 0);
  CHECK(m.uss <= m.info.rss);
  CHECK(m.uss >= touched.size() / 2);
  CHECK_FALSE(m.pss.has_value());
  CHECK_FALSE(m.swap.has_value());
}

TEST_CASE("windows memory_info_ex and memory_footprint (psutil 8)") {
  psinfo::process p = psinfo::process::self();
  std::vector<char> touched(8 << 20, 1);  // 8 MiB of private pages, resident
  PROCESS_MEMORY_COUNTERS_EX pmc{};
  pmc.cb = sizeof pmc;
  REQUIRE(GetProcessMemoryInfo(GetCurrentProcess(),
                               reinterpret_cast<PROCESS_MEMORY_COUNTERS*>(&pmc), sizeof pmc));
  psinfo::memory_info_ex_t m = p.memory_info_ex();
  // psutil 8's names for the peaks: PeakWorkingSetSize, PeakPagefileUsage (they only grow).
  REQUIRE(m.peak_rss);
  REQUIRE(m.peak_vms);
  CHECK(*m.peak_rss >= pmc.PeakWorkingSetSize);
  CHECK(*m.peak_rss == m.info.peak_wset);
  CHECK(*m.peak_vms >= pmc.PeakPagefileUsage);
  CHECK(*m.peak_vms == m.info.peak_pagefile);
  // The process table's VirtualSize / PeakVirtualSize: the address space reserved.
  REQUIRE(m.virtual_);
  REQUIRE(m.peak_virtual);
  CHECK(*m.peak_virtual >= *m.virtual_);
  CHECK(*m.virtual_ >= touched.size());
  CHECK(m.info.paged_pool);  // psutil 8's pmem_ex pools are memory_info's
  CHECK_FALSE(m.rss_anon);   // Linux / macOS
  CHECK_FALSE(m.wired);      // macOS
  psinfo::memory_footprint_t f = p.memory_footprint();
  CHECK(f.uss >= touched.size() / 2);
  CHECK(f.uss <= m.info.rss + (8u << 20));
  CHECK_FALSE(f.pss);
  CHECK_FALSE(f.swap);
  CHECK_THROWS_AS(p.memory_percent("rss_anon"), psinfo::invalid_argument);
  CHECK(p.memory_percent("peak_virtual") > 0);
}

TEST_CASE("windows memory_full_info / memory_maps of a child") {
  child c(L"sleep");
  psinfo::process p(c.pid());
  try {
    psinfo::memory_full_info_t m = p.memory_full_info();
    CHECK(m.uss > 0);
    CHECK(m.uss <= m.info.rss);
  } catch (const psinfo::not_supported& e) {
    CHECK(under_wine());  // Wine answers the working-set queries for the caller alone
    WARN(e.what());
  }
  const std::string exe = lower(utf8(self_path()));
  bool found = false;
  for (const auto& m : p.memory_maps(true)) found = found || lower(m.path) == exe;
  CHECK(found);
}

TEST_CASE("windows memory_maps: the exe, kernel32 and ntdll, grouped sums") {
  psinfo::process p = psinfo::process::self();
  auto module_path = [](const wchar_t* name) {
    std::wstring buf(32768, L'\0');
    DWORD n =
        GetModuleFileNameW(GetModuleHandleW(name), buf.data(), static_cast<DWORD>(buf.size()));
    buf.resize(n);
    return lower(utf8(buf));
  };
  const std::string exe = module_path(nullptr);
  const std::string k32 = module_path(L"kernel32.dll");
  const std::string ntdll = module_path(L"ntdll.dll");
  auto maps = p.memory_maps(false);
  REQUIRE_FALSE(maps.empty());
  std::uint64_t exe_rss = 0;
  bool has_k32 = false, has_ntdll = false;
  for (const auto& m : maps) {
    REQUIRE(m.addr.has_value());
    CHECK(m.addr->rfind("0x", 0) == 0);
    REQUIRE(m.perms.has_value());
    CHECK(m.perms->find_first_not_of("rwxc?") == std::string::npos);
    CHECK(m.rss > 0);
    CHECK(m.rss % 4096 == 0);
    const std::string path = lower(m.path);
    if (path == exe) exe_rss += m.rss;
    has_k32 = has_k32 || path == k32;
    has_ntdll = has_ntdll || path == ntdll;
  }
  INFO("exe " << exe << ", kernel32 " << k32 << ", ntdll " << ntdll << ", first map "
              << maps.front().path);
  CHECK(exe_rss > 0);
  CHECK(has_k32);
  CHECK(has_ntdll);

  auto grouped = p.memory_maps(true);
  std::vector<std::string> paths;
  for (const auto& g : grouped) {
    CHECK_FALSE(g.addr.has_value());
    CHECK_FALSE(g.perms.has_value());
    paths.push_back(g.path);
    if (lower(g.path) == exe) CHECK(g.rss == exe_rss);  // image sections do not move
  }
  std::sort(paths.begin(), paths.end());
  CHECK(std::adjacent_find(paths.begin(), paths.end()) == paths.end());
}

TEST_CASE("windows open_files: a file the test holds open") {
  wchar_t dir[MAX_PATH + 1];
  REQUIRE(GetTempPathW(MAX_PATH + 1, dir) > 0);
  wchar_t name[MAX_PATH + 1];
  REQUIRE(GetTempFileNameW(dir, L"psi", 0, name) != 0);
  HANDLE f = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, nullptr,
                         CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, nullptr);
  REQUIRE(f != INVALID_HANDLE_VALUE);
  wchar_t full[4096];
  DWORD n = GetFinalPathNameByHandleW(f, full, 4096, VOLUME_NAME_DOS);
  REQUIRE(n > 4);
  std::string want = lower(utf8(std::wstring(full + 4, n - 4)));  // without "\\?\"

  auto files = psinfo::process::self().open_files();
  bool found = false;
  std::string seen;
  for (const auto& of : files) {
    CHECK(of.fd == -1);
    seen += of.path + "; ";
    found = found || lower(of.path) == want;
  }
  INFO("want " << want << " in " << seen);
  CHECK(found);
  // The image is mapped, not held open: neither it nor open_files' own probe of it is listed.
  for (const auto& of : files) CHECK(lower(of.path) != lower(utf8(self_path())));
  CloseHandle(f);
  for (const auto& of : psinfo::process::self().open_files()) CHECK(lower(of.path) != want);
}

namespace {

struct wsa {
  wsa() {
    WSADATA d;
    REQUIRE(WSAStartup(MAKEWORD(2, 2), &d) == 0);
  }
  ~wsa() { WSACleanup(); }
};

struct sock {
  SOCKET s;
  explicit sock(int family, int type) : s(socket(family, type, 0)) {}
  ~sock() {
    if (s != INVALID_SOCKET) closesocket(s);
  }
  void close() {
    closesocket(s);
    s = INVALID_SOCKET;
  }
};

int bound_port(SOCKET s) {
  sockaddr_storage a{};
  int len = sizeof a;
  REQUIRE(getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  return a.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&a)->sin_port)
                                : ntohs(reinterpret_cast<sockaddr_in6*>(&a)->sin6_port);
}

// The owning PID Windows reports for a local TCP port (the independent cross-check).
DWORD tcp_owner(int port) {
  ULONG size = 0;
  GetExtendedTcpTable(nullptr, &size, FALSE, AF_INET, TCP_TABLE_OWNER_PID_ALL, 0);
  std::vector<unsigned char> buf(size + 4096);
  size = static_cast<ULONG>(buf.size());
  REQUIRE(GetExtendedTcpTable(buf.data(), &size, FALSE, AF_INET, TCP_TABLE_OWNER_PID_ALL, 0) ==
          NO_ERROR);
  auto* t = reinterpret_cast<MIB_TCPTABLE_OWNER_PID*>(buf.data());
  for (DWORD i = 0; i < t->dwNumEntries; ++i)
    if (t->table[i].dwState == MIB_TCP_STATE_LISTEN &&
        ntohs(static_cast<u_short>(t->table[i].dwLocalPort)) == port)
      return t->table[i].dwOwningPid;
  FAIL("port " << port << " not in GetExtendedTcpTable");
  return 0;
}

const psinfo::connection_t* find(const std::vector<psinfo::connection_t>& rows,
                                 psinfo::socket_type type, int lport, int rport = -1) {
  for (const auto& c : rows) {
    if (c.type != type || !c.laddr || c.laddr->port != lport) continue;
    if (rport >= 0 && (!c.raddr || c.raddr->port != rport)) continue;
    if (rport < 0 && c.raddr) continue;
    return &c;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("windows net_connections: our TCP listener, connected pair and UDP socket") {
  wsa w;
  sock listener(AF_INET, SOCK_STREAM), client(AF_INET, SOCK_STREAM), udp(AF_INET, SOCK_DGRAM);
  sockaddr_in lo{};
  lo.sin_family = AF_INET;
  lo.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(listener.s, reinterpret_cast<sockaddr*>(&lo), sizeof lo) == 0);
  REQUIRE(listen(listener.s, 4) == 0);
  const int lport = bound_port(listener.s);
  lo.sin_port = htons(static_cast<u_short>(lport));
  REQUIRE(connect(client.s, reinterpret_cast<sockaddr*>(&lo), sizeof lo) == 0);
  sock accepted(AF_INET, SOCK_STREAM);
  accepted.close();
  accepted.s = accept(listener.s, nullptr, nullptr);
  REQUIRE(accepted.s != INVALID_SOCKET);
  const int cport = bound_port(client.s);
  lo.sin_port = 0;
  REQUIRE(bind(udp.s, reinterpret_cast<sockaddr*>(&lo), sizeof lo) == 0);
  const int uport = bound_port(udp.s);

  const DWORD owner = tcp_owner(lport);
  CHECK((owner == GetCurrentProcessId() || (under_wine() && owner == 0)));

  auto rows = psinfo::net_connections("inet4");
  const auto* l = find(rows, psinfo::socket_type::stream, lport);
  REQUIRE(l);
  CHECK(l->status == "LISTEN");
  CHECK(l->laddr->ip == "127.0.0.1");
  CHECK(l->family == psinfo::address_family::inet);
  CHECK(l->fd == -1);
  CHECK(l->pid == static_cast<long>(owner));
  const auto* out = find(rows, psinfo::socket_type::stream, cport, lport);
  REQUIRE(out);
  CHECK(out->status == "ESTABLISHED");
  CHECK(out->raddr->ip == "127.0.0.1");
  const auto* in = find(rows, psinfo::socket_type::stream, lport, cport);
  REQUIRE(in);
  CHECK(in->status == "ESTABLISHED");
  const auto* u = find(rows, psinfo::socket_type::dgram, uport);
  REQUIRE(u);
  CHECK(u->status == "NONE");
  CHECK(u->laddr->ip == "127.0.0.1");
  CHECK_FALSE(u->raddr.has_value());
  CHECK(u->family == psinfo::address_family::inet);

  // Kinds: tcp only has no UDP rows, udp no TCP rows; unix gives nothing on Windows.
  CHECK(find(psinfo::net_connections("tcp4"), psinfo::socket_type::dgram, uport) == nullptr);
  CHECK(find(psinfo::net_connections("udp"), psinfo::socket_type::stream, lport) == nullptr);
  CHECK(find(psinfo::net_connections("tcp6"), psinfo::socket_type::stream, lport) == nullptr);
  CHECK(psinfo::net_connections("unix").empty());
  CHECK_THROWS_AS(psinfo::net_connections("bogus"), psinfo::invalid_argument);

  // The process's own: filtered by the owning PID Windows reports (Wine reports 0), no pid.
  auto mine = psinfo::process::self().net_connections("inet");
  for (const auto& c : mine) CHECK_FALSE(c.pid.has_value());
  const bool listed = find(mine, psinfo::socket_type::stream, lport) != nullptr;
  CHECK(listed == (owner == GetCurrentProcessId()));

  listener.close();
  udp.close();
  auto after = psinfo::net_connections("inet4");
  CHECK(find(after, psinfo::socket_type::stream, lport) == nullptr);
  CHECK(find(after, psinfo::socket_type::dgram, uport) == nullptr);
}

TEST_CASE("windows net_connections: IPv6 loopback when there is one") {
  wsa w;
  sock listener(AF_INET6, SOCK_STREAM);
  sockaddr_in6 lo{};
  lo.sin6_family = AF_INET6;
  lo.sin6_addr = in6addr_loopback;
  if (listener.s == INVALID_SOCKET ||
      bind(listener.s, reinterpret_cast<sockaddr*>(&lo), sizeof lo) != 0 ||
      listen(listener.s, 1) != 0) {
    WARN("no IPv6 loopback here: skipped");
    return;
  }
  const int port = bound_port(listener.s);
  auto rows = psinfo::net_connections("tcp6");
  const auto* l = find(rows, psinfo::socket_type::stream, port);
  REQUIRE(l);
  CHECK(l->family == psinfo::address_family::inet6);
  CHECK(l->laddr->ip == "::1");
  CHECK(l->status == "LISTEN");
  CHECK(find(psinfo::net_connections("tcp4"), psinfo::socket_type::stream, port) == nullptr);
}
