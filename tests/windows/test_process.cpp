// The Windows process backend, run under Wine (or on Windows). Wine lists only
// its own processes, so the test starts its own child (windows_proc_child.exe,
// beside this exe) with a known command line, working directory and
// environment, makes it work (CPU, memory, file writes, threads) through a
// pipe, and compares psinfo with what the test set up, with the handle
// CreateProcessW returned, and with what the child reports about itself.
#include <catch2/catch.hpp>
#include <psinfo/psinfo.hpp>

// clang-format off
#include <winsock2.h>
#include <windows.h>
#include <psapi.h>
#include <shellapi.h>
// clang-format on

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

bool under_wine() {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

std::uint64_t u64(const FILETIME& ft) {
  return (static_cast<std::uint64_t>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
}

std::string utf8(const std::wstring& w) {
  if (w.empty()) return {};
  int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0, nullptr,
                              nullptr);
  std::string s(static_cast<std::size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), &s[0], n, nullptr, nullptr);
  return s;
}

std::wstring module_path() {
  std::wstring p(32768, L'\0');
  DWORD n = GetModuleFileNameW(nullptr, &p[0], static_cast<DWORD>(p.size()));
  p.resize(n);
  return p;
}

std::wstring dir_of(const std::wstring& path) { return path.substr(0, path.find_last_of(L"\\/")); }

double filetime_epoch(const FILETIME& ft) {
  std::uint64_t t = (static_cast<std::uint64_t>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
  return static_cast<double>(t - 116444736000000000ull) / 1e7;
}

double now_epoch() {
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  return filetime_epoch(ft);
}

// One argument quoted the way CommandLineToArgvW splits it back.
std::wstring quote(const std::wstring& arg) {
  if (!arg.empty() && arg.find_first_of(L" \t\"") == std::wstring::npos) return arg;
  std::wstring out = L"\"";
  std::size_t backslashes = 0;
  for (wchar_t c : arg) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    if (c == L'"')
      out.append(backslashes * 2 + 1, L'\\');
    else
      out.append(backslashes, L'\\');
    backslashes = 0;
    out += c;
  }
  out.append(backslashes * 2, L'\\');
  return out + L"\"";
}

const wchar_t* const k_env_name = L"PSINFO_TEST_VAR";
const wchar_t* const k_env_value = L"value with spaces \u00fc\u00e9";

// The child: created suspended-free with pipes on stdin/stdout; killed at the
// end.
class child {
 public:
  explicit child(std::vector<std::wstring> args) : args_(std::move(args)) {
    exe_ = dir_of(module_path()) + L"\\windows_proc_child.exe";
    wchar_t tmp[MAX_PATH + 1];
    GetTempPathW(MAX_PATH, tmp);
    cwd_ =
        std::wstring(tmp) + L"psinfo proc \u00e9t\u00e9 " + std::to_wstring(GetCurrentProcessId());
    CreateDirectoryW(cwd_.c_str(), nullptr);

    SECURITY_ATTRIBUTES sa{sizeof sa, nullptr, TRUE};
    HANDLE child_in = nullptr, child_out = nullptr;
    REQUIRE(CreatePipe(&child_in, &to_child_, &sa, 0));
    REQUIRE(CreatePipe(&from_child_, &child_out, &sa, 0));
    SetHandleInformation(to_child_, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(from_child_, HANDLE_FLAG_INHERIT, 0);

    std::wstring line = quote(exe_);
    for (const auto& a : args_) line += L" " + quote(a);

    // Our environment plus one variable.
    std::wstring env;
    wchar_t* block = GetEnvironmentStringsW();
    for (const wchar_t* p = block; *p; p += wcslen(p) + 1) env.append(p, wcslen(p) + 1);
    FreeEnvironmentStringsW(block);
    env += std::wstring(k_env_name) + L"=" + k_env_value;
    env += L'\0';
    env += L'\0';

    STARTUPINFOW si{};
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = child_in;
    si.hStdOutput = child_out;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    before_ = now_epoch();
    BOOL ok = CreateProcessW(exe_.c_str(), &line[0], nullptr, nullptr, TRUE,
                             CREATE_UNICODE_ENVIRONMENT, &env[0], cwd_.c_str(), &si, &pi_);
    after_ = now_epoch();
    CloseHandle(child_in);
    CloseHandle(child_out);
    INFO("CreateProcessW error " << GetLastError());
    REQUIRE(ok);
  }
  ~child() { end(); }
  child(const child&) = delete;
  child& operator=(const child&) = delete;

  // Sends one command and returns the child's one-line answer.
  std::string ask(const std::string& cmd) {
    std::string msg = cmd + "\n";
    DWORD n = 0;
    REQUIRE(WriteFile(to_child_, msg.data(), static_cast<DWORD>(msg.size()), &n, nullptr));
    std::string answer;
    for (;;) {
      char c;
      if (!ReadFile(from_child_, &c, 1, &n, nullptr) || n == 0) break;
      if (c == '\n') break;
      answer += c;
    }
    return answer;
  }

  // Ends the child and waits for it; its handles stay open until close().
  void end() {
    if (pi_.hProcess) {
      TerminateProcess(pi_.hProcess, 3);
      WaitForSingleObject(pi_.hProcess, 10000);
    }
    close();
  }
  void close() {
    for (HANDLE* h : {&pi_.hProcess, &pi_.hThread, &to_child_, &from_child_})
      if (*h) {
        CloseHandle(*h);
        *h = nullptr;
      }
    if (!cwd_.empty()) {
      DeleteFileW((cwd_ + L"\\child-out.bin").c_str());
      RemoveDirectoryW(cwd_.c_str());
    }
  }

  long pid() const { return static_cast<long>(pi_.dwProcessId); }
  HANDLE handle() const { return pi_.hProcess; }
  HANDLE main_thread() const { return pi_.hThread; }
  const std::wstring& exe() const { return exe_; }
  const std::wstring& cwd() const { return cwd_; }
  const std::vector<std::wstring>& args() const { return args_; }
  double before() const { return before_; }
  double after() const { return after_; }

 private:
  std::vector<std::wstring> args_;
  std::wstring exe_, cwd_;
  PROCESS_INFORMATION pi_{};
  HANDLE to_child_ = nullptr, from_child_ = nullptr;
  double before_ = 0, after_ = 0;
};

std::vector<std::wstring> test_args() {
  return {L"plain",
          L"two words",
          L"h\u00e9llo w\u00f6rld",
          L"\u65e5\u672c\u8a9e",
          L"quote\"inside",
          L"trailing\\",
          L""};
}

std::vector<std::uint64_t> numbers(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::uint64_t> v;
  for (std::uint64_t x; in >> x;) v.push_back(x);
  return v;
}

bool contains(const std::vector<long>& v, long x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("windows process: a child's identity, command line, cwd and environment") {
  child c(test_args());
  REQUIRE(c.ask("times").size() > 0);  // the child is up and its PEB filled

  CHECK(contains(psinfo::pids(), c.pid()));
  CHECK(psinfo::pid_exists(c.pid()));
  psinfo::process p(c.pid());
  CHECK(p.is_running());
  CHECK(p.name() == "windows_proc_child.exe");
  CHECK(p.exe() == utf8(c.exe()));
  std::vector<std::string> want{utf8(c.exe())};
  for (const auto& a : c.args()) want.push_back(utf8(a));
  CHECK(p.cmdline() == want);
  CHECK(p.cwd() == utf8(c.cwd()));
  std::map<std::string, std::string> env = p.environ();
  CHECK(env[utf8(k_env_name)] == utf8(k_env_value));
  CHECK(env.count("PATH") == 1);  // inherited from us, upper-cased as psutil does

  // create_time: the kernel's own FILETIME, between the clock read around
  // CreateProcessW (give or take the clock's granularity).
  FILETIME cr, ex, k, u;
  REQUIRE(GetProcessTimes(c.handle(), &cr, &ex, &k, &u));
  CHECK(p.create_time() == Approx(filetime_epoch(cr)).margin(1e-6));
  CHECK(p.create_time() >= c.before() - 0.05);
  CHECK(p.create_time() <= c.after() + 0.05);

  CHECK(p.ppid() == static_cast<long>(GetCurrentProcessId()));
  CHECK(p.parent()->pid() == static_cast<long>(GetCurrentProcessId()));
  CHECK(p.status() == "running");

  wchar_t user[256];
  DWORD ulen = 256;
  REQUIRE(GetUserNameW(user, &ulen));
  std::string uname = p.username();
  INFO("username " << uname);
  REQUIRE(uname.find('\\') != std::string::npos);
  CHECK(uname.substr(uname.find('\\') + 1) == utf8(user));
  CHECK(uname == psinfo::process::self().username());

  std::vector<long> kids;
  for (const auto& ch : psinfo::process::self().children()) kids.push_back(ch.pid());
  CHECK(contains(kids, c.pid()));

  // What Windows does not have.
  CHECK_THROWS_AS(p.uids(), psinfo::not_supported);
  CHECK_THROWS_AS(p.terminal(), psinfo::not_supported);
  CHECK_THROWS_AS(p.num_fds(), psinfo::not_supported);
  CHECK_THROWS_AS(p.cpu_num(), psinfo::not_supported);
  psinfo::process_info_t d =
      psinfo::as_dict(p, psinfo::attr::name | psinfo::attr::cmdline | psinfo::attr::cwd);
  CHECK(d.name == p.name());
  CHECK(d.cmdline == want);
  CHECK(d.cwd == p.cwd());
  CHECK_THROWS_AS(psinfo::as_dict(p, psinfo::attr::uids), psinfo::not_supported);
  CHECK_FALSE(psinfo::has(psinfo::supported_attrs(), psinfo::attr::uids));
  CHECK(psinfo::has(psinfo::supported_attrs(), psinfo::attr::num_handles));
  CHECK(p.num_handles() >= 0);

  c.ask("exit 0");
}

TEST_CASE("windows process: CPU, memory, I/O and threads follow the child's work") {
  child c({L"work"});
  psinfo::process p(c.pid());

  // CPU: cpu_times() is GetProcessTimes (psutil's proc_times): our reads
  // bracket one made on the handle CreateProcessW gave. Wine answers
  // GetProcessTimes on another process with figures that lag (0.03 s after 0.3
  // s of work), while its process table is current: there the growth is checked
  // on the table (process_iter), against the child's own figures.
  auto table_cpu = [&] {
    std::optional<psinfo::process_cpu_times_t> t;
    for (auto& info : psinfo::process_iter(psinfo::attr::cpu_times))
      if (info.pid == c.pid()) t = info.cpu_times;
    REQUIRE(t);
    return t->user + t->system;
  };
  std::vector<std::uint64_t> own0 = numbers(c.ask("times"));
  REQUIRE(own0.size() == 2);
  const double table0 = table_cpu();
  psinfo::process_cpu_times_t t0 = p.cpu_times();
  REQUIRE(c.ask("busy 300") == "ok");
  std::vector<std::uint64_t> own = numbers(c.ask("times"));
  REQUIRE(own.size() == 2);
  const double own_total = static_cast<double>(own[0] + own[1]) / 1e7;
  psinfo::process_cpu_times_t t1 = p.cpu_times();
  FILETIME cr, ex, k, u;
  REQUIRE(GetProcessTimes(c.handle(), &cr, &ex, &k, &u));
  const double handle_total = static_cast<double>(u64(u) + u64(k)) / 1e7;
  psinfo::process_cpu_times_t t2 = p.cpu_times();
  CHECK(t1.user + t1.system <= handle_total + 1e-6);
  CHECK(t2.user + t2.system >= handle_total - 1e-6);
  CHECK(t1.children_user == 0);
  CHECK(t1.children_system == 0);
  if (!under_wine()) {
    CHECK(t0.user + t0.system <= own_total + 1e-6);
    CHECK(t1.user + t1.system >= own_total - 1e-6);
    CHECK(t1.user + t1.system > t0.user + t0.system);
  }
  const double table1 = table_cpu();
  INFO("table " << table0 << " -> " << table1 << " s, child says " << own_total << " s");
  CHECK(table0 >= static_cast<double>(own0[0] + own0[1]) / 1e7 - 1e-6);
  CHECK(table0 <= own_total + 1e-6);
  CHECK(table1 >= own_total - 1e-6);
  CHECK(table1 > table0);

  // Memory: 64 MiB committed and touched show in the working set, as the child
  // sees it.
  psinfo::memory_info_t m0 = p.memory_info();
  REQUIRE(c.ask("alloc 64") == "ok");
  std::vector<std::uint64_t> wset = numbers(c.ask("mem"));
  REQUIRE(wset.size() == 1);
  psinfo::memory_info_t m1 = p.memory_info();
  INFO("rss before " << m0.rss << " after " << m1.rss << " child says " << wset[0]);
  CHECK(m1.rss >= m0.rss + (48u << 20));
  CHECK(m1.wset == m1.rss);
  CHECK(m1.vms == m1.pagefile);
  CHECK(static_cast<double>(m1.rss) == Approx(static_cast<double>(wset[0])).margin(8 << 20));
  REQUIRE(m1.peak_wset);
  CHECK(*m1.peak_wset >= m1.rss);

  // I/O: at least what the child counted itself (its reply over the pipe is one
  // more write).
  psinfo::io_counters_t io0 = p.io_counters();
  REQUIRE(c.ask("write 1000000") == "ok");
  std::vector<std::uint64_t> own_io = numbers(c.ask("io"));
  REQUIRE(own_io.size() == 2);
  psinfo::io_counters_t io1 = p.io_counters();
  INFO("write_bytes before " << io0.write_bytes << " after " << io1.write_bytes << " child says "
                             << own_io[1]);
  CHECK(io1.write_count >= own_io[0]);
  CHECK(io1.write_bytes >= own_io[1]);
  CHECK(io1.write_bytes >= io0.write_bytes);
  CHECK(io1.other_count);
  CHECK(io1.other_bytes);
  if (own_io[1] >= 1000000) CHECK(io1.write_bytes >= io0.write_bytes + 1000000);

  // Threads: five more, each listed with its times.
  const int n0 = p.num_threads();
  REQUIRE(c.ask("threads 5") == "ok");
  const int n1 = p.num_threads();
  CHECK(n1 >= n0 + 5);
  std::vector<psinfo::thread_t> th = p.threads();
  CHECK(static_cast<int>(th.size()) == n1);
  for (const auto& t : th) CHECK(t.id > 0);
  CHECK(p.num_ctx_switches().involuntary == 0);

  // Sleeping threads are not suspended ones.
  CHECK(p.status() == "running");

  // The snapshot agrees with the methods.
  const psinfo::attr attrs =
      psinfo::attr::ppid | psinfo::attr::name | psinfo::attr::exe | psinfo::attr::cmdline |
      psinfo::attr::cwd | psinfo::attr::create_time | psinfo::attr::num_threads |
      psinfo::attr::cpu_times | psinfo::attr::memory_info | psinfo::attr::username |
      psinfo::attr::status | psinfo::attr::io_counters | psinfo::attr::threads |
      psinfo::attr::num_handles | psinfo::attr::page_faults;
  psinfo::process_info_t snap;
  bool found = false;
  for (auto& info : psinfo::process_iter(attrs))
    if (info.pid == c.pid()) {
      snap = info;
      found = true;
    }
  REQUIRE(found);
  CHECK(snap.ppid == p.ppid());
  CHECK(snap.name == p.name());
  CHECK(snap.exe == p.exe());
  CHECK(snap.cmdline == p.cmdline());
  CHECK(snap.cwd == p.cwd());
  CHECK(snap.username == p.username());
  CHECK(snap.status == p.status());
  REQUIRE(snap.create_time);
  CHECK(*snap.create_time == p.create_time());
  CHECK(snap.num_threads == p.num_threads());
  REQUIRE(snap.threads);
  CHECK(snap.threads->size() == p.threads().size());
  REQUIRE(snap.cpu_times);
  CHECK(snap.cpu_times->user + snap.cpu_times->system >= own_total - 1e-6);
  if (!under_wine()) {  // see above: Wine's GetProcessTimes lags its own table
    psinfo::process_cpu_times_t t3 = p.cpu_times();
    CHECK(snap.cpu_times->user + snap.cpu_times->system <= t3.user + t3.system + 1e-6);
  }
  REQUIRE(snap.memory_info);
  CHECK(static_cast<double>(snap.memory_info->rss) ==
        Approx(static_cast<double>(p.memory_info().rss)).margin(8 << 20));
  REQUIRE(snap.io_counters);
  CHECK(snap.io_counters->write_bytes >= io1.write_bytes);
  CHECK(snap.num_handles);
  CHECK(snap.page_faults);
  CHECK_FALSE(snap.uids);

  // Under oneshot the same values.
  {
    auto guard = p.oneshot();
    CHECK(p.num_threads() == n1);
    CHECK(p.ppid() == static_cast<long>(GetCurrentProcessId()));
    CHECK(p.name() == "windows_proc_child.exe");
  }
  c.ask("exit 0");
}

TEST_CASE("windows process: as_dict without attributes has Windows' keys") {
  child c({L"as_dict"});
  REQUIRE(c.ask("times").size() > 0);
  psinfo::process p(c.pid());
  psinfo::process_info_t d = psinfo::as_dict(p);
  CHECK_FALSE(d.uids);
  CHECK_FALSE(d.gids);
  CHECK_FALSE(d.terminal);
  CHECK_FALSE(d.num_fds);
  CHECK_FALSE(d.cpu_num);
  CHECK(d.name == p.name());
  CHECK(d.ppid == p.ppid());
  CHECK(d.username == p.username());
  CHECK(d.num_handles);
  CHECK(d.memory_info);
}

TEST_CASE("windows process: a child whose every thread is suspended is stopped") {
  child c({L"suspended"});
  psinfo::process p(c.pid());
  REQUIRE(c.ask("times").size() > 0);
  REQUIRE(SuspendThread(c.main_thread()) != static_cast<DWORD>(-1));
  // Only the main thread exists, unless the runtime started helpers: psutil
  // says "stopped" only when every thread is suspended.
  const std::string status = p.status();
  if (p.num_threads() == 1 && !under_wine()) {
    CHECK(status == "stopped");
  } else {  // Wine's process table does not report suspended threads (always
            // "running")
    WARN("child has " << p.num_threads() << " threads; status " << status);
  }
  ResumeThread(c.main_thread());
  CHECK(p.status() == "running");
}

TEST_CASE("windows process: a process that has ended is gone") {
  auto c = std::make_unique<child>(std::vector<std::wstring>{L"short"});
  const long pid = c->pid();
  psinfo::process p(pid);
  const double ctime = p.create_time();
  CHECK(ctime > 0);
  // Ended, but our handle keeps its PID: psutil calls it gone all the same.
  REQUIRE(TerminateProcess(c->handle(), 7));
  REQUIRE(WaitForSingleObject(c->handle(), 10000) == WAIT_OBJECT_0);
  CHECK_FALSE(p.is_running());
  CHECK_FALSE(psinfo::pid_exists(pid));
  CHECK_THROWS_AS(p.cpu_times(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.memory_info(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.cmdline(), psinfo::no_such_process);
  CHECK_THROWS_AS(psinfo::process(pid), psinfo::no_such_process);
  c->close();
  c.reset();
  CHECK_FALSE(psinfo::pid_exists(pid));
  CHECK_THROWS_AS(p.name(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.status(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.num_threads(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.exe(), psinfo::no_such_process);
  CHECK_THROWS_AS(psinfo::process(pid), psinfo::no_such_process);
  CHECK_FALSE(contains(psinfo::pids(), pid));
}

TEST_CASE("windows process: our own process") {
  psinfo::process self = psinfo::process::self();
  CHECK(self.pid() == static_cast<long>(GetCurrentProcessId()));
  const std::wstring me = module_path();
  CHECK(self.exe() == utf8(me));
  CHECK(self.name() == utf8(me.substr(me.find_last_of(L"\\/") + 1)));
  std::vector<std::string> cmd = self.cmdline();
  REQUIRE_FALSE(cmd.empty());
  int argc = 0;
  LPWSTR* argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  REQUIRE(argv);
  CHECK(static_cast<int>(cmd.size()) == argc);
  if (static_cast<int>(cmd.size()) == argc)
    for (int i = 0; i < argc; ++i) CHECK(cmd[static_cast<std::size_t>(i)] == utf8(argv[i]));
  LocalFree(argv);

  wchar_t cwd[MAX_PATH + 1];
  DWORD n = GetCurrentDirectoryW(MAX_PATH, cwd);
  std::wstring here(cwd, n);
  if (here.size() > 3 && here.back() == L'\\') here.pop_back();
  CHECK(self.cwd() == utf8(here));

  psinfo::process_cpu_times_t t = self.cpu_times();
  FILETIME cr, ex, k, u;
  REQUIRE(GetProcessTimes(GetCurrentProcess(), &cr, &ex, &k, &u));
  CHECK(self.create_time() == Approx(filetime_epoch(cr)).margin(1e-6));
  CHECK(t.user <= static_cast<double>(u64(u)) / 1e7 + 1e-6);

  PROCESS_MEMORY_COUNTERS_EX pmc{};
  pmc.cb = sizeof pmc;
  REQUIRE(GetProcessMemoryInfo(GetCurrentProcess(),
                               reinterpret_cast<PROCESS_MEMORY_COUNTERS*>(&pmc), sizeof pmc));
  psinfo::memory_info_t m = self.memory_info();
  CHECK(static_cast<double>(m.rss) ==
        Approx(static_cast<double>(pmc.WorkingSetSize)).margin(8 << 20));
  REQUIRE(m.private_);
  CHECK(static_cast<double>(*m.private_) ==
        Approx(static_cast<double>(pmc.PrivateUsage)).margin(8 << 20));
  CHECK(self.num_threads() >= 1);
  CHECK_NOTHROW(self.page_faults());
  CHECK_NOTHROW(self.io_counters());
  CHECK(psinfo::to_string(psinfo::ioprio_class::high) == std::string("IOPRIO_HIGH"));
}
