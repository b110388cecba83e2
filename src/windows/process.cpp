// Windows processes, the core: the module functions behind pids(), pid_exists()
// and process_iter(attrs), and the data methods of psinfo::process. As psutil:
// one NtQuerySystemInformation(SystemProcessInformation) table gives ppid,
// name, threads, handles, times, memory and I/O of every process without
// opening any; the per-process calls (GetProcessTimes, GetProcessMemoryInfo
// ...) are tried first and the table is the fallback when OpenProcess is
// denied. cmdline, environ and cwd are read from the target's PEB.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <mutex>
#include <psinfo/errors.hpp>
#include <thread>
#include <unordered_map>
#include <utility>

#include "platform.hpp"
#include "util.hpp"
#include "windows/proc_common.hpp"
#include "windows/win.hpp"

// clang-format off
#include <psapi.h>
#include <shellapi.h>
// clang-format on

namespace psinfo {
namespace detail {
namespace {

using win::unique_handle;

// --- SystemProcessInformation -----------------------------------------------------------------
// Our own declarations of the documented layout (mingw's winternl.h hides most fields).

struct spi_thread {
  LARGE_INTEGER kernel_time, user_time, create_time;
  ULONG wait_time;
  PVOID start_address;
  HANDLE unique_process, unique_thread;  // CLIENT_ID
  LONG priority, base_priority;
  ULONG context_switches;
  ULONG thread_state;
  ULONG wait_reason;
};

struct spi_process {
  ULONG next_entry_offset;
  ULONG number_of_threads;
  LARGE_INTEGER working_set_private_size;
  ULONG hard_fault_count;
  ULONG number_of_threads_high_watermark;
  ULONGLONG cycle_time;
  LARGE_INTEGER create_time, user_time, kernel_time;
  USHORT image_name_length, image_name_maximum_length;  // UNICODE_STRING
  PWSTR image_name_buffer;
  LONG base_priority;
  HANDLE unique_process_id;
  HANDLE inherited_from_unique_process_id;
  ULONG handle_count;
  ULONG session_id;
  ULONG_PTR unique_process_key;
  SIZE_T peak_virtual_size, virtual_size;
  ULONG page_fault_count;
  SIZE_T peak_working_set_size, working_set_size;
  SIZE_T quota_peak_paged_pool_usage, quota_paged_pool_usage;
  SIZE_T quota_peak_non_paged_pool_usage, quota_non_paged_pool_usage;
  SIZE_T pagefile_usage, peak_pagefile_usage, private_page_count;
  LARGE_INTEGER read_operation_count, write_operation_count, other_operation_count;
  LARGE_INTEGER read_transfer_count, write_transfer_count, other_transfer_count;
  // SYSTEM_THREAD_INFORMATION[number_of_threads] follows.
};
#ifdef _WIN64
static_assert(sizeof(spi_thread) == 0x50, "SYSTEM_THREAD_INFORMATION layout");
static_assert(sizeof(spi_process) == 0x100, "SYSTEM_PROCESS_INFORMATION layout");
#endif

// KTHREAD_STATE Waiting and KWAIT_REASON Suspended: psutil's test for a
// suspended thread.
constexpr ULONG k_thread_waiting = 5;
constexpr ULONG k_wait_suspended = 5;

// FILETIME 1601-01-01 -> Unix epoch, in 100 ns units.
constexpr std::uint64_t k_epoch_ticks = 116444736000000000ull;

std::uint64_t u64(const LARGE_INTEGER& v) { return static_cast<std::uint64_t>(v.QuadPart); }

// One process of the table, decoded.
struct proc_entry {
  long pid = 0;
  long ppid = 0;
  std::string name;
  std::uint64_t create_ticks = 0;  // FILETIME units; 0 for the System Idle Process
  std::uint64_t user_ticks = 0, kernel_ticks = 0;
  int num_threads = 0;
  int num_handles = 0;
  std::uint64_t ctx_switches = 0;
  bool suspended = false;
  std::vector<thread_t> threads;
  memory_info_t mem;
  io_counters_t io;
  page_faults_t faults;
};

std::vector<unsigned char> process_table() {
  return win::query_system_information(win::system_process_information, 512 * 1024);
}

// Calls fn(const spi_process&, offset) for each entry of the table,
// bounds-checked.
template <class Fn>
void walk_table(const std::vector<unsigned char>& buf, Fn fn) {
  std::size_t off = 0;
  while (off + sizeof(spi_process) <= buf.size()) {
    spi_process p;
    std::memcpy(&p, buf.data() + off, sizeof p);
    if (!fn(p, off)) return;
    if (p.next_entry_offset == 0) return;
    off += p.next_entry_offset;
  }
}

long handle_to_pid(HANDLE h) { return static_cast<long>(reinterpret_cast<ULONG_PTR>(h)); }

memory_info_t memory_of(const spi_process& p) {
  memory_info_t m;
  m.rss = p.working_set_size;
  m.vms = p.pagefile_usage;
  m.num_page_faults = p.page_fault_count;
  m.peak_wset = p.peak_working_set_size;
  m.wset = p.working_set_size;
  m.peak_paged_pool = p.quota_peak_paged_pool_usage;
  m.paged_pool = p.quota_paged_pool_usage;
  m.peak_nonpaged_pool = p.quota_peak_non_paged_pool_usage;
  m.nonpaged_pool = p.quota_non_paged_pool_usage;
  m.pagefile = p.pagefile_usage;
  m.peak_pagefile = p.peak_pagefile_usage;
  m.private_ = p.private_page_count;  // bytes, despite the name
  return m;
}

// The entry at off. with_threads: also the per-thread list (threads()).
proc_entry decode(const std::vector<unsigned char>& buf, const spi_process& p, std::size_t off,
                  bool with_threads) {
  proc_entry e;
  e.pid = handle_to_pid(p.unique_process_id);
  e.ppid = handle_to_pid(p.inherited_from_unique_process_id);
  // The name's buffer lies inside the table; anything else is ignored.
  const auto base = reinterpret_cast<std::uintptr_t>(buf.data());
  const auto name = reinterpret_cast<std::uintptr_t>(p.image_name_buffer);
  if (name >= base && name + p.image_name_length <= base + buf.size() &&
      p.image_name_length >= sizeof(wchar_t)) {
    std::wstring w(p.image_name_length / sizeof(wchar_t), L'\0');
    std::memcpy(&w[0], buf.data() + (name - base), w.size() * sizeof(wchar_t));
    e.name = win::to_utf8(w);
  }
  e.create_ticks = u64(p.create_time);
  e.user_ticks = u64(p.user_time);
  e.kernel_ticks = u64(p.kernel_time);
  e.num_threads = static_cast<int>(p.number_of_threads);
  e.num_handles = static_cast<int>(p.handle_count);
  e.mem = memory_of(p);
  e.io.read_count = u64(p.read_operation_count);
  e.io.write_count = u64(p.write_operation_count);
  e.io.read_bytes = u64(p.read_transfer_count);
  e.io.write_bytes = u64(p.write_transfer_count);
  e.io.other_count = u64(p.other_operation_count);
  e.io.other_bytes = u64(p.other_transfer_count);
  // PageFaultCount counts every fault, HardFaultCount those that read the disk.
  e.faults.major = p.hard_fault_count;
  e.faults.minor =
      p.page_fault_count >= p.hard_fault_count ? p.page_fault_count - p.hard_fault_count : 0;
  bool all_suspended = p.number_of_threads > 0;
  std::size_t toff = off + sizeof(spi_process);
  for (ULONG i = 0; i < p.number_of_threads && toff + sizeof(spi_thread) <= buf.size();
       ++i, toff += sizeof(spi_thread)) {
    spi_thread t;
    std::memcpy(&t, buf.data() + toff, sizeof t);
    e.ctx_switches += t.context_switches;
    if (t.thread_state != k_thread_waiting || t.wait_reason != k_wait_suspended)
      all_suspended = false;
    if (with_threads)
      e.threads.push_back(thread_t{handle_to_pid(t.unique_thread),
                                   win::ticks_to_seconds(u64(t.user_time)),
                                   win::ticks_to_seconds(u64(t.kernel_time))});
  }
  e.suspended = all_suspended;
  return e;
}

std::optional<proc_entry> find_entry(long pid) {
  std::vector<unsigned char> buf = process_table();
  std::optional<proc_entry> out;
  walk_table(buf, [&](const spi_process& p, std::size_t off) {
    if (handle_to_pid(p.unique_process_id) != pid) return true;
    out = decode(buf, p, off, true);
    return false;
  });
  return out;
}

[[noreturn]] void throw_gone(long pid, const char* what) {
  throw no_such_process(
      pid, std::string(what) + ": process no longer exists (pid=" + std::to_string(pid) + ")");
}

// --- the oneshot cache: the process's table entry --------------------------------------------

struct win_oneshot {
  std::optional<proc_entry> entry;
};

win_oneshot* oneshot_of(process::state* st) {
  if (!st || st->oneshot_depth <= 0) return nullptr;
  if (!st->os) st->os = std::make_shared<win_oneshot>();
  return static_cast<win_oneshot*>(st->os.get());
}

proc_entry get_entry(long pid, process::state* st, const char* what) {
  win_oneshot* c = oneshot_of(st);
  if (c && c->entry) return *c->entry;
  std::optional<proc_entry> e = find_entry(pid);
  if (!e) throw_gone(pid, what);
  if (c) c->entry = *e;
  return std::move(*e);
}

// --- opening a process -----------------------------------------------------------------------

constexpr DWORD k_query = PROCESS_QUERY_LIMITED_INFORMATION;

// OpenProcess as psutil: PID 0 cannot be opened (access_denied, not "gone"),
// and a process that has ended while handles keep its PID (a non-STILL_ACTIVE
// exit code) is gone.
unique_handle open_live(long pid, DWORD access, const char* what) {
  if (pid == 0)
    throw access_denied(std::string(what) + ": the System Idle Process cannot be opened (pid=0)");
  unique_handle h = win::open_process(pid, access | k_query, what);
  DWORD code = 0;
  if (GetExitCodeProcess(h.get(), &code) && code != STILL_ACTIVE) throw_gone(pid, what);
  return h;
}

// The call's last error, with ERROR_PRIVILEGE_NOT_HELD as access_denied too
// (psutil).
[[noreturn]] void throw_last(const char* what, long pid) {
  DWORD code = GetLastError();
  if (code == ERROR_PRIVILEGE_NOT_HELD) code = ERROR_ACCESS_DENIED;
  win::throw_error(code, what, "pid " + std::to_string(pid));
}

// psutil's fallback: the direct call, else (access denied) the table's figure.
template <class Direct, class Fallback>
auto or_table(Direct direct, Fallback fallback) -> decltype(direct()) {
  try {
    return direct();
  } catch (const access_denied&) {
    return fallback();
  }
}

double ticks_to_epoch(std::uint64_t ticks) { return win::ticks_to_seconds(ticks - k_epoch_ticks); }

// The create time as epoch seconds; 0 when the process has none (the System
// Idle Process).
double start_of(long pid) {
  return or_table(
      [&] {
        unique_handle h = open_live(pid, 0, "create_time");
        FILETIME c, e, k, u;
        if (!GetProcessTimes(h.get(), &c, &e, &k, &u)) throw_last("GetProcessTimes", pid);
        return ticks_to_epoch(win::to_u64(c));
      },
      [&] {
        std::optional<proc_entry> e = find_entry(pid);
        if (!e) throw_gone(pid, "create_time");
        return e->create_ticks > k_epoch_ticks ? ticks_to_epoch(e->create_ticks) : 0.0;
      });
}

bool is_system(long pid) { return pid == 0 || pid == 4; }

// --- the PEB: cmdline, environ, cwd ----------------------------------------------------------

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

[[noreturn]] void throw_status(const char* what, LONG status, long pid) {
  // STATUS_ACCESS_DENIED
  if (static_cast<ULONG>(status) == 0xC0000022u)
    throw access_denied(std::string(what) + ": access denied (pid " + std::to_string(pid) + ")");
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08lX", static_cast<unsigned long>(status));
  throw error(std::string(what) + " (pid " + std::to_string(pid) + "): NTSTATUS " + hex);
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
    if (st < 0) throw_status("NtQueryInformationProcess", st, pid);
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
    if (st < 0) throw_status("NtQueryInformationProcess", st, pid);
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
      throw_status("NtQueryInformationProcess(ProcessCommandLineInformation)", st, pid);
    buf.resize(std::max<std::size_t>(needed, buf.size() * 2));
  }
  throw error(
      "NtQueryInformationProcess(ProcessCommandLineInformation): "
      "buffer keeps growing");
}

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

// "\Device\HarddiskVolume3\dir\a.exe" -> "C:\dir\a.exe", through each drive
// letter's device name (psutil's convert_dos_path); unchanged when no drive
// matches.
std::wstring dos_path(const std::wstring& nt) {
  wchar_t drive[3] = L"A:";
  std::wstring target(MAX_PATH, L'\0');
  for (wchar_t letter = L'A'; letter <= L'Z'; ++letter) {
    drive[0] = letter;
    DWORD n = QueryDosDeviceW(drive, &target[0], static_cast<DWORD>(target.size()));
    if (n == 0) continue;
    std::wstring device(target.c_str());  // the first of a NUL-separated list
    if (!device.empty() && nt.size() > device.size() && nt.compare(0, device.size(), device) == 0 &&
        nt[device.size()] == L'\\')
      return std::wstring(drive) + nt.substr(device.size());
  }
  return nt;
}

// SystemProcessIdInformation: the image path of any PID without opening it
// (psutil's way to the exe of protected processes). Empty for processes without
// an image (System).
std::wstring image_path_by_pid(long pid) {
  constexpr ULONG k_system_process_id_information = 88;
  struct process_id_information {  // SYSTEM_PROCESS_ID_INFORMATION
    HANDLE process_id;
    USHORT length, maximum_length;  // UNICODE_STRING
    PWSTR buffer;
  };
  using nt_query_fn = LONG(NTAPI*)(ULONG, PVOID, ULONG, PULONG);
  static const auto query = win::ntdll_function<nt_query_fn>("NtQuerySystemInformation");
  if (!query) throw not_supported("NtQuerySystemInformation: not in ntdll.dll");
  std::wstring path(MAX_PATH, L'\0');
  for (int attempt = 0; attempt < 3; ++attempt) {
    process_id_information info{};
    info.process_id = reinterpret_cast<HANDLE>(static_cast<ULONG_PTR>(pid));
    info.maximum_length = static_cast<USHORT>(path.size() * sizeof(wchar_t));
    info.buffer = &path[0];
    LONG st = query(k_system_process_id_information, &info, sizeof info, nullptr);
    if (st >= 0) return dos_path(std::wstring(path.data(), info.length / sizeof(wchar_t)));
    if (static_cast<ULONG>(st) == 0xC000000Bu) throw_gone(pid, "exe");  // STATUS_INVALID_CID
    // STATUS_INFO_LENGTH_MISMATCH: maximum_length now says what is needed.
    if (static_cast<ULONG>(st) != 0xC0000004u || info.maximum_length <= path.size() * 2)
      throw_status("NtQuerySystemInformation(SystemProcessIdInformation)", st, pid);
    path.assign(info.maximum_length / sizeof(wchar_t) + 1, L'\0');
  }
  throw error(
      "NtQuerySystemInformation(SystemProcessIdInformation): buffer "
      "keeps growing");
}

std::string exe_of(long pid) {
  if (pid == 0) throw access_denied("exe: the System Idle Process has no image (pid=0)");
  unique_handle h;
  try {
    h = open_live(pid, 0, "exe");
  } catch (const access_denied& denied) {
    std::wstring path;
    try {
      path = image_path_by_pid(pid);
    } catch (const no_such_process&) {
      throw;
    } catch (const error&) {
      throw denied;
    }
    if (path.empty()) throw denied;
    return win::to_utf8(path);
  }
  std::wstring path(MAX_PATH, L'\0');
  for (;;) {
    DWORD n = static_cast<DWORD>(path.size());
    if (QueryFullProcessImageNameW(h.get(), 0, &path[0], &n)) {
      path.resize(n);
      return win::to_utf8(path);
    }
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || path.size() >= 32768)
      throw_last("QueryFullProcessImageNameW", pid);
    path.resize(path.size() * 2);
  }
}

std::string basename_of(const std::string& path) {
  std::size_t slash = path.find_last_of("\\/");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string username_of(long pid) {
  if (is_system(pid)) {
    if (!pid_exists(pid)) throw_gone(pid, "username");
    return "NT AUTHORITY\\SYSTEM";
  }
  unique_handle h = open_live(pid, 0, "username");
  HANDLE raw = nullptr;
  if (!OpenProcessToken(h.get(), TOKEN_QUERY, &raw)) throw_last("OpenProcessToken", pid);
  unique_handle token(raw);
  std::vector<unsigned char> user(256);
  for (;;) {
    DWORD needed = 0;
    if (GetTokenInformation(token.get(), TokenUser, user.data(), static_cast<DWORD>(user.size()),
                            &needed))
      break;
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || needed <= user.size())
      throw_last("GetTokenInformation", pid);
    user.resize(needed);
  }
  TOKEN_USER tu;
  std::memcpy(&tu, user.data(), sizeof tu);
  std::wstring name(64, L'\0'), domain(64, L'\0');
  for (;;) {
    DWORD n = static_cast<DWORD>(name.size()), d = static_cast<DWORD>(domain.size());
    SID_NAME_USE use;
    if (LookupAccountSidW(nullptr, tu.User.Sid, &name[0], &n, &domain[0], &d, &use)) {
      name.resize(n);
      domain.resize(d);
      break;
    }
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER) throw_last("LookupAccountSidW", pid);
    name.resize(std::max<std::size_t>(n, name.size()));
    domain.resize(std::max<std::size_t>(d, domain.size()));
  }
  return win::to_utf8(domain) + "\\" + win::to_utf8(name);
}

process_cpu_times_t cpu_times_of(std::uint64_t user, std::uint64_t kernel) {
  process_cpu_times_t t;
  t.user = win::ticks_to_seconds(user);
  t.system = win::ticks_to_seconds(kernel);
  return t;  // children: 0, as psutil (Windows does not account them)
}

std::string status_of(const proc_entry& e) { return e.suspended ? "stopped" : "running"; }

std::string name_of_entry(const proc_entry& e) {
  if (e.pid == 0) return "System Idle Process";
  if (e.pid == 4) return "System";
  return e.name;
}

double create_time_of(double start) { return start != 0 ? start : detail::boot_time(); }

[[noreturn]] void not_on_windows(const char* what) {
  throw not_supported(std::string(what) + ": not available on Windows");
}

}  // namespace

// --- module functions ------------------------------------------------------------------------

double proc_start_time(long pid) { return start_of(pid); }

std::vector<long> pids() {
  std::vector<unsigned char> buf = process_table();
  std::vector<long> out;
  walk_table(buf, [&](const spi_process& p, std::size_t) {
    out.push_back(handle_to_pid(p.unique_process_id));
    return true;
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

long self_pid() { return static_cast<long>(GetCurrentProcessId()); }

// psutil: PID 0 exists; a PID that opens is running unless it has an exit code;
// denied means it exists; anything else: whether the table lists it.
bool pid_exists(long pid) {
  if (pid < 0 || static_cast<unsigned long long>(pid) > MAXDWORD) return false;
  if (pid == 0) return true;
  HANDLE h = OpenProcess(k_query, FALSE, static_cast<DWORD>(pid));
  if (h) {
    DWORD code = 0;
    BOOL ok = GetExitCodeProcess(h, &code);
    CloseHandle(h);
    return !ok || code == STILL_ACTIVE;
  }
  DWORD err = GetLastError();
  if (err == ERROR_INVALID_PARAMETER) return false;
  if (err == ERROR_ACCESS_DENIED) return true;
  std::vector<long> all = pids();
  return std::binary_search(all.begin(), all.end(), pid);
}

std::map<long, long> ppid_map() {
  std::vector<unsigned char> buf = process_table();
  std::map<long, long> out;
  walk_table(buf, [&](const spi_process& p, std::size_t) {
    long pid = handle_to_pid(p.unique_process_id);
    long ppid = handle_to_pid(p.inherited_from_unique_process_id);
    if (pid != ppid) out[pid] = ppid;  // the Idle Process is its own parent
    return true;
  });
  return out;
}

std::vector<process_info_t> process_snapshot(attr attrs) {
  auto want = [attrs](attr a) { return has(attrs, a); };
  const bool want_cpu_percent = want(attr::cpu_percent);

  std::vector<unsigned char> buf = process_table();
  std::optional<double> mem_total;
  if (want(attr::memory_percent)) mem_total = static_cast<double>(detail::virtual_memory().total);
  std::optional<double> btime;
  if (want(attr::create_time)) btime = detail::boot_time();

  snapshot_cpu cpu(want_cpu_percent);

  std::vector<process_info_t> out;
  walk_table(buf, [&](const spi_process& p, std::size_t off) {
    const proc_entry e = decode(buf, p, off, want(attr::threads));
    process_info_t info;
    info.pid = e.pid;
    try {
      if (want(attr::ppid)) info.ppid = e.ppid;
      if (want(attr::name)) info.name = name_of_entry(e);
      if (want(attr::create_time))
        info.create_time = e.create_ticks > k_epoch_ticks ? ticks_to_epoch(e.create_ticks) : *btime;
      if (want(attr::status)) info.status = status_of(e);
      if (want(attr::num_threads)) info.num_threads = e.num_threads;
      if (want(attr::threads)) info.threads = e.threads;
      if (want(attr::num_handles)) info.num_handles = e.num_handles;
      if (want(attr::num_ctx_switches)) info.num_ctx_switches = ctx_switches_t{e.ctx_switches, 0};
      if (want(attr::cpu_times)) info.cpu_times = cpu_times_of(e.user_ticks, e.kernel_ticks);
      if (want(attr::memory_info)) info.memory_info = e.mem;
      if (mem_total && *mem_total > 0)
        info.memory_percent = static_cast<double>(e.mem.rss) / *mem_total * 100.0;
      if (want(attr::page_faults)) info.page_faults = e.faults;
      if (want(attr::io_counters)) info.io_counters = e.io;
      if (want_cpu_percent) {
        info.cpu_percent = cpu.percent(e.pid, e.create_ticks,
                                       win::ticks_to_seconds(e.user_ticks + e.kernel_ticks));
      }
      if (want(attr::exe)) soft([&] { info.exe = exe_of(e.pid); });
      if (want(attr::cmdline)) soft([&] { info.cmdline = cmdline_of(e.pid); });
      if (want(attr::environ)) soft([&] { info.environ = environ_of(e.pid); });
      if (want(attr::cwd)) soft([&] { info.cwd = cwd_of(e.pid); });
      if (want(attr::username)) soft([&] { info.username = username_of(e.pid); });
      fill_by_methods(e.pid, attrs, info);
    } catch (const no_such_process&) {
      return true;  // vanished mid-scan
    }
    out.push_back(std::move(info));
    return true;
  });
  cpu.commit();
  std::sort(out.begin(), out.end(),
            [](const process_info_t& a, const process_info_t& b) { return a.pid < b.pid; });
  return out;
}

}  // namespace detail

// --- the methods -----------------------------------------------------------------------------

using namespace detail;

long process::ppid() const {
  proc_entry e = get_entry(pid_, state_.get(), "ppid");
  // psutil 8 checks ppid() for a reused PID: the parent of another process
  // would be wrong.
  if (start_ != 0 && e.create_ticks > k_epoch_ticks && ticks_to_epoch(e.create_ticks) != start_)
    throw no_such_process(pid_, "process no longer exists and its PID has been reused (pid=" +
                                    std::to_string(pid_) + ")");
  return e.ppid;
}

std::string process::name() const {
  if (pid_ == 0) return "System Idle Process";
  if (pid_ == 4) return "System";
  try {
    std::string exe_path = exe();
    if (!exe_path.empty()) return basename_of(exe_path);
  } catch (const access_denied&) {
  }
  return get_entry(pid_, state_.get(), "name").name;
}

std::string process::exe() const {
  if (state_ && state_->exe) return *state_->exe;
  std::string path = exe_of(pid_);
  if (state_) state_->exe = path;
  return path;
}

std::vector<std::string> process::cmdline() const { return cmdline_of(pid_); }

std::map<std::string, std::string> process::environ() const { return environ_of(pid_); }

double process::create_time() const {
  if (state_ && state_->create_time) return *state_->create_time;
  const double t = create_time_of(start_ != 0 ? start_ : start_of(pid_));
  if (state_) state_->create_time = t;
  return t;
}

std::string process::status() const { return status_of(get_entry(pid_, state_.get(), "status")); }

std::string process::cwd() const { return cwd_of(pid_); }

std::string process::username() const { return username_of(pid_); }

uids_t process::uids() const { not_on_windows("uids"); }
gids_t process::gids() const { not_on_windows("gids"); }
std::optional<std::string> process::terminal() const { not_on_windows("terminal"); }
int process::num_fds() const { not_on_windows("num_fds"); }
std::optional<int> process::cpu_num() const { not_on_windows("cpu_num"); }

io_counters_t process::io_counters() const {
  return or_table(
      [&] {
        unique_handle h = open_live(pid_, 0, "io_counters");
        IO_COUNTERS c;
        if (!GetProcessIoCounters(h.get(), &c)) throw_last("GetProcessIoCounters", pid_);
        io_counters_t io;
        io.read_count = c.ReadOperationCount;
        io.write_count = c.WriteOperationCount;
        io.read_bytes = c.ReadTransferCount;
        io.write_bytes = c.WriteTransferCount;
        io.other_count = c.OtherOperationCount;
        io.other_bytes = c.OtherTransferCount;
        return io;
      },
      [&] { return get_entry(pid_, state_.get(), "io_counters").io; });
}

ctx_switches_t process::num_ctx_switches() const {
  return ctx_switches_t{get_entry(pid_, state_.get(), "num_ctx_switches").ctx_switches, 0};
}

int process::num_handles() const {
  return or_table(
      [&] {
        unique_handle h = open_live(pid_, 0, "num_handles");
        DWORD n = 0;
        if (!GetProcessHandleCount(h.get(), &n)) throw_last("GetProcessHandleCount", pid_);
        return static_cast<int>(n);
      },
      [&] { return get_entry(pid_, state_.get(), "num_handles").num_handles; });
}

int process::num_threads() const {
  return get_entry(pid_, state_.get(), "num_threads").num_threads;
}

std::vector<thread_t> process::threads() const {
  return get_entry(pid_, state_.get(), "threads").threads;
}

process_cpu_times_t process::cpu_times() const {
  return or_table(
      [&] {
        unique_handle h = open_live(pid_, 0, "cpu_times");
        FILETIME c, e, k, u;
        if (!GetProcessTimes(h.get(), &c, &e, &k, &u)) throw_last("GetProcessTimes", pid_);
        return cpu_times_of(win::to_u64(u), win::to_u64(k));
      },
      [&] {
        proc_entry e = get_entry(pid_, state_.get(), "cpu_times");
        return cpu_times_of(e.user_ticks, e.kernel_ticks);
      });
}

memory_info_t process::memory_info() const {
  return or_table(
      [&] {
        unique_handle h = open_live(pid_, PROCESS_VM_READ, "memory_info");
        PROCESS_MEMORY_COUNTERS_EX c;
        std::memset(&c, 0, sizeof c);
        c.cb = sizeof c;
        if (!GetProcessMemoryInfo(h.get(), reinterpret_cast<PROCESS_MEMORY_COUNTERS*>(&c),
                                  sizeof c))
          throw_last("GetProcessMemoryInfo", pid_);
        memory_info_t m;
        m.rss = c.WorkingSetSize;
        m.vms = c.PagefileUsage;
        m.num_page_faults = c.PageFaultCount;
        m.peak_wset = c.PeakWorkingSetSize;
        m.wset = c.WorkingSetSize;
        m.peak_paged_pool = c.QuotaPeakPagedPoolUsage;
        m.paged_pool = c.QuotaPagedPoolUsage;
        m.peak_nonpaged_pool = c.QuotaPeakNonPagedPoolUsage;
        m.nonpaged_pool = c.QuotaNonPagedPoolUsage;
        m.pagefile = c.PagefileUsage;
        m.peak_pagefile = c.PeakPagefileUsage;
        m.private_ = c.PrivateUsage;
        return m;
      },
      [&] { return get_entry(pid_, state_.get(), "memory_info").mem; });
}

page_faults_t process::page_faults() const {
  return get_entry(pid_, state_.get(), "page_faults").faults;
}

// Windows has no uids, gids, terminal, file descriptors or current CPU
// (psutil's as_dict keys).
attr supported_attrs() noexcept {
  const auto none = static_cast<std::uint64_t>(attr::uids | attr::gids | attr::terminal |
                                               attr::num_fds | attr::cpu_num);
  return static_cast<attr>(static_cast<std::uint64_t>(all_attrs) & ~none);
}

}  // namespace psinfo
