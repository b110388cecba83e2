// Windows processes: cmdline, environ and cwd read from the target's PEB (process environment
// block) with ReadProcessMemory, WOW64 targets included, as psutil does; the command line by
// NtQueryInformationProcess(ProcessCommandLineInformation) where the system has it.
#include <psinfo/errors.hpp>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "platform.hpp"
#include "windows/process_common.hpp"
#include "windows/process_peb.hpp"
#include "windows/win.hpp"

// clang-format off
#include <shellapi.h>
// clang-format on

namespace psinfo::detail {
namespace {

using nt_query_information_process_fn = LONG(NTAPI*)(HANDLE, ULONG, PVOID, ULONG, PULONG);

constexpr ULONG k_process_basic_information = 0;
constexpr ULONG k_process_wow64_information = 26;
constexpr ULONG k_process_command_line_information = 60;

struct basic_information {  // PROCESS_BASIC_INFORMATION
  LONG exit_status;
  PVOID peb_base_address;
  ULONG_PTR affinity_mask;
  LONG base_priority;
  ULONG_PTR unique_process_id;
  ULONG_PTR inherited_from_unique_process_id;
};

// Offsets in the PEB and RTL_USER_PROCESS_PARAMETERS for one pointer size.
struct peb_layout {
  std::size_t ptr;               // pointer size of the target
  std::size_t params;            // PEB.ProcessParameters
  std::size_t cwd;               // CurrentDirectory.DosPath (UNICODE_STRING)
  std::size_t cmdline;           // CommandLine (UNICODE_STRING)
  std::size_t environment;       // Environment (pointer)
  std::size_t environment_size;  // EnvironmentSize (SIZE_T)
};
constexpr peb_layout k_peb64{8, 0x20, 0x38, 0x70, 0x80, 0x3F0};
constexpr peb_layout k_peb32{4, 0x10, 0x24, 0x40, 0x48, 0x290};

nt_query_information_process_fn query_process() {
  static const auto fn =
      win::ntdll_function<nt_query_information_process_fn>("NtQueryInformationProcess");
  if (!fn) throw not_supported("NtQueryInformationProcess: not in ntdll.dll");
  return fn;
}

// ReadProcessMemory failed because the target's memory is being set up (a
// process just started): psutil retries for about a second, then reports access
// denied.
struct partial_copy {};

class peb_reader {
 public:
  peb_reader(long pid, const char* what)
      : pid_(pid), h_(open_live(pid, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, what)) {
    auto query = query_process();
    LONG st = 0;
#ifdef _WIN64
    ULONG_PTR peb32 = 0;
    st = query(h_.get(), k_process_wow64_information, &peb32, sizeof peb32, nullptr);
    if (st < 0) throw_status(st, "NtQueryInformationProcess", pid);
    if (peb32 != 0) {  // a 32-bit process under WOW64: its own 32-bit PEB
      layout_ = k_peb32;
      peb_ = peb32;
      return;
    }
    layout_ = k_peb64;
#else
    // A 32-bit build cannot read a 64-bit process's PEB (psutil uses the
    // undocumented NtWow64ReadVirtualMemory64 there): reported as access
    // denied.
    BOOL self_wow = FALSE, target_wow = FALSE;
    if (IsWow64Process(GetCurrentProcess(), &self_wow) && self_wow &&
        IsWow64Process(h_.get(), &target_wow) && !target_wow)
      throw access_denied(std::string(what) + ": a 64-bit process, read from a 32-bit build");
    layout_ = k_peb32;
#endif
    basic_information bi{};
    st = query(h_.get(), k_process_basic_information, &bi, sizeof bi, nullptr);
    if (st < 0) throw_status(st, "NtQueryInformationProcess", pid);
    peb_ = reinterpret_cast<ULONG_PTR>(bi.peb_base_address);
  }

  std::wstring unicode_string(std::size_t param_offset) {
    const std::uint64_t us = params() + param_offset;
    std::uint16_t len = 0;
    read(us, &len, sizeof len);
    const std::uint64_t buffer = pointer(us + layout_.ptr);
    std::wstring s(len / sizeof(wchar_t), L'\0');
    if (!s.empty()) read(buffer, &s[0], s.size() * sizeof(wchar_t));
    return s;
  }

  // The environment block, up to its terminating empty string.
  std::wstring environment() {
    const std::uint64_t p = params();
    const std::uint64_t env = pointer(p + layout_.environment);
    std::uint64_t size = pointer(p + layout_.environment_size);
    if (env == 0) return {};
    if (size == 0) {  // not recorded: what remains of the memory region
      MEMORY_BASIC_INFORMATION mbi;
      if (VirtualQueryEx(h_.get(), reinterpret_cast<LPCVOID>(env), &mbi, sizeof mbi) == 0)
        throw_last("VirtualQueryEx", pid_);
      size = reinterpret_cast<ULONG_PTR>(mbi.BaseAddress) + mbi.RegionSize - env;
    }
    size = std::min<std::uint64_t>(size, 64u << 20) & ~std::uint64_t{1};
    std::wstring block(static_cast<std::size_t>(size / sizeof(wchar_t)), L'\0');
    if (!block.empty()) read(env, &block[0], block.size() * sizeof(wchar_t));
    std::size_t end = block.find(std::wstring(L"\0\0", 2));
    if (end != std::wstring::npos) block.resize(end + 1);
    return block;
  }

  const peb_layout& layout() const { return layout_; }

 private:
  std::uint64_t params() {
    if (!params_) params_ = pointer(peb_ + layout_.params);
    return *params_;
  }
  std::uint64_t pointer(std::uint64_t addr) {
    std::uint64_t v = 0;  // little-endian: a 4-byte pointer fills the low half
    read(addr, &v, layout_.ptr);
    return v;
  }
  void read(std::uint64_t addr, void* out, std::size_t n) {
    SIZE_T got = 0;
    if (ReadProcessMemory(h_.get(), reinterpret_cast<LPCVOID>(static_cast<ULONG_PTR>(addr)), out, n,
                          &got) &&
        got == n)
      return;
    DWORD code = GetLastError();
    if (code == ERROR_PARTIAL_COPY || code == ERROR_NOACCESS) throw partial_copy{};
    throw_last("ReadProcessMemory", pid_);
  }

  long pid_;
  unique_handle h_;
  peb_layout layout_{};
  std::uint64_t peb_ = 0;
  std::optional<std::uint64_t> params_;
};

template <class Fn>
auto retry_partial_copy(long pid, const char* what, Fn fn) -> decltype(fn()) {
  double delay = 0.0001;
  for (int i = 0; i < 33; ++i) {
    try {
      return fn();
    } catch (const partial_copy&) {
      std::this_thread::sleep_for(std::chrono::duration<double>(delay));
      delay = std::min(delay * 2, 0.04);
    }
  }
  throw access_denied(std::string(what) + ": the process's memory could not be read (pid " +
                      std::to_string(pid) + ")");
}

// Windows' own splitting of a command line (CommandLineToArgvW, as psutil).
std::vector<std::string> split_command_line(const std::wstring& line) {
  if (line.empty()) return {};  // CommandLineToArgvW would return our own path
  int argc = 0;
  LPWSTR* argv = CommandLineToArgvW(line.c_str(), &argc);
  if (!argv) win::throw_error(GetLastError(), "CommandLineToArgvW");
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(argc));
  for (int i = 0; i < argc; ++i) out.push_back(win::to_utf8(argv[i]));
  LocalFree(argv);
  return out;
}

// Windows 8.1+: ProcessCommandLineInformation needs only
// PROCESS_QUERY_LIMITED_INFORMATION (psutil's fallback when the PEB cannot be
// read).
std::wstring command_line_by_query(long pid) {
  unique_handle h = open_live(pid, 0, "cmdline");
  auto query = query_process();
  std::vector<unsigned char> buf(4096);
  for (int attempt = 0; attempt < 4; ++attempt) {
    ULONG needed = 0;
    LONG st = query(h.get(), k_process_command_line_information, buf.data(),
                    static_cast<ULONG>(buf.size()), &needed);
    if (st >= 0) {
      // A UNICODE_STRING whose text follows it in the buffer.
      USHORT len = 0;
      PWSTR text = nullptr;
      std::memcpy(&len, buf.data(), sizeof len);
      std::memcpy(&text, buf.data() + sizeof(void*), sizeof text);
      const auto base = reinterpret_cast<std::uintptr_t>(buf.data());
      const auto at = reinterpret_cast<std::uintptr_t>(text);
      if (at < base || at + len > base + buf.size()) throw error("cmdline: malformed reply");
      std::wstring out(len / sizeof(wchar_t), L'\0');
      if (!out.empty())
        std::memcpy(&out[0], buf.data() + (at - base), out.size() * sizeof(wchar_t));
      return out;
    }
    // STATUS_INFO_LENGTH_MISMATCH / STATUS_BUFFER_TOO_SMALL /
    // STATUS_BUFFER_OVERFLOW
    const ULONG s = static_cast<ULONG>(st);
    if (s != 0xC0000004u && s != 0xC0000023u && s != 0x80000005u)
      throw_status(st, "NtQueryInformationProcess(ProcessCommandLineInformation)", pid);
    buf.resize(std::max<std::size_t>(needed, buf.size() * 2));
  }
  throw error(
      "NtQueryInformationProcess(ProcessCommandLineInformation): "
      "buffer keeps growing");
}

// psutil's parse_environ_block on Windows: "KEY=VALUE" strings, keys
// upper-cased, those without a name ("=C:=C:\\dir") skipped.
std::map<std::string, std::string> parse_environment(const std::wstring& block) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < block.size()) {
    std::size_t end = block.find(L'\0', pos);
    if (end == std::wstring::npos) end = block.size();
    if (end == pos) break;
    std::size_t eq = block.find(L'=', pos);
    if (eq != std::wstring::npos && eq > pos && eq < end) {
      std::wstring key = block.substr(pos, eq - pos);
      CharUpperBuffW(&key[0], static_cast<DWORD>(key.size()));
      out[win::to_utf8(key)] = win::to_utf8(block.data() + eq + 1, end - eq - 1);
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace

std::vector<std::string> cmdline_of(long pid) {
  if (is_system(pid)) {
    if (!pid_exists(pid)) throw_gone(pid, "cmdline");
    return {};
  }
  std::wstring line;
  try {
    line = retry_partial_copy(pid, "cmdline", [&] {
      peb_reader r(pid, "cmdline");
      return r.unicode_string(r.layout().cmdline);
    });
  } catch (const access_denied& denied) {
    try {
      line = command_line_by_query(pid);
    } catch (const no_such_process&) {
      throw;
    } catch (const error&) {
      throw denied;  // the fallback's own failure says less
    }
  }
  return split_command_line(line);
}

std::map<std::string, std::string> environ_of(long pid) {
  if (is_system(pid)) {
    if (!pid_exists(pid)) throw_gone(pid, "environ");
    return {};
  }
  return parse_environment(retry_partial_copy(pid, "environ", [&] {
    peb_reader r(pid, "environ");
    return r.environment();
  }));
}

std::string cwd_of(long pid) {
  if (is_system(pid)) {
    if (!pid_exists(pid)) throw_gone(pid, "cwd");
    throw access_denied("cwd: not readable for the System processes (pid " + std::to_string(pid) +
                        ")");
  }
  std::wstring dir = retry_partial_copy(pid, "cwd", [&] {
    peb_reader r(pid, "cwd");
    return r.unicode_string(r.layout().cwd);
  });
  // psutil normalises the path: no trailing separator but at a drive's root
  // ("C:\").
  while (dir.size() > 3 && (dir.back() == L'\\' || dir.back() == L'/')) dir.pop_back();
  return win::to_utf8(dir);
}

}  // namespace psinfo::detail
