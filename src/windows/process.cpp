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
#include "windows/process_common.hpp"
#include "windows/process_peb.hpp"
#include "windows/win.hpp"

// clang-format off
#include <psapi.h>
#include <shellapi.h>
// clang-format on

namespace psinfo {
namespace detail {
namespace {

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
  std::uint64_t virtual_size = 0, peak_virtual_size = 0;  // memory_info_ex
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
  e.virtual_size = p.virtual_size;
  e.peak_virtual_size = p.peak_virtual_size;
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

// --- the oneshot cache: the process's table entry --------------------------------------------

struct win_oneshot {
  std::optional<proc_entry> entry;
};

proc_entry get_entry(const proc_ref& p, const char* what) {
  win_oneshot* c = oneshot_cache<win_oneshot>(p);
  if (c && c->entry) return *c->entry;
  std::optional<proc_entry> e = find_entry(p.pid);
  if (!e) throw_gone(p.pid, what);
  if (c) c->entry = *e;
  return std::move(*e);
}

// --- opening a process -----------------------------------------------------------------------

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
      throw_status(st, "NtQuerySystemInformation(SystemProcessIdInformation)", pid);
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
  HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
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

// --- the data methods
// -----------------------------------------------------------------------------

ppid_t proc_ppid(const proc_ref& p) {
  proc_entry e = get_entry(p, "ppid");
  return {e.ppid, e.create_ticks > k_epoch_ticks ? ticks_to_epoch(e.create_ticks) : 0.0};
}

std::string proc_name(const proc_ref& p) {
  if (p.pid == 0) return "System Idle Process";
  if (p.pid == 4) return "System";
  try {
    std::string exe_path = exe_of(p.pid);
    if (!exe_path.empty()) return basename_of(exe_path);
  } catch (const access_denied&) {
  }
  return get_entry(p, "name").name;
}

std::string proc_exe(const proc_ref& p) { return exe_of(p.pid); }

std::vector<std::string> proc_cmdline(const proc_ref& p) { return cmdline_of(p.pid); }

std::map<std::string, std::string> proc_environ(const proc_ref& p) { return environ_of(p.pid); }

double proc_create_time(const proc_ref& p) {
  return create_time_of(p.start != 0 ? p.start : start_of(p.pid));
}

std::string proc_status(const proc_ref& p) { return status_of(get_entry(p, "status")); }

std::string proc_cwd(const proc_ref& p) { return cwd_of(p.pid); }

std::string proc_username(const proc_ref& p) { return username_of(p.pid); }

uids_t proc_uids(const proc_ref&) { not_on_windows("uids"); }
gids_t proc_gids(const proc_ref&) { not_on_windows("gids"); }
std::optional<std::string> proc_terminal(const proc_ref&) { not_on_windows("terminal"); }
int proc_num_fds(const proc_ref&) { not_on_windows("num_fds"); }
std::optional<int> proc_cpu_num(const proc_ref&) { not_on_windows("cpu_num"); }

io_counters_t proc_io_counters(const proc_ref& p) {
  return or_table(
      [&] {
        unique_handle h = open_live(p.pid, 0, "io_counters");
        IO_COUNTERS c;
        if (!GetProcessIoCounters(h.get(), &c)) throw_last("GetProcessIoCounters", p.pid);
        io_counters_t io;
        io.read_count = c.ReadOperationCount;
        io.write_count = c.WriteOperationCount;
        io.read_bytes = c.ReadTransferCount;
        io.write_bytes = c.WriteTransferCount;
        io.other_count = c.OtherOperationCount;
        io.other_bytes = c.OtherTransferCount;
        return io;
      },
      [&] { return get_entry(p, "io_counters").io; });
}

ctx_switches_t proc_num_ctx_switches(const proc_ref& p) {
  return ctx_switches_t{get_entry(p, "num_ctx_switches").ctx_switches, 0};
}

int proc_num_handles(const proc_ref& p) {
  return or_table(
      [&] {
        unique_handle h = open_live(p.pid, 0, "num_handles");
        DWORD n = 0;
        if (!GetProcessHandleCount(h.get(), &n)) throw_last("GetProcessHandleCount", p.pid);
        return static_cast<int>(n);
      },
      [&] { return get_entry(p, "num_handles").num_handles; });
}

int proc_num_threads(const proc_ref& p) { return get_entry(p, "num_threads").num_threads; }

std::vector<thread_t> proc_threads(const proc_ref& p) { return get_entry(p, "threads").threads; }

process_cpu_times_t proc_cpu_times(const proc_ref& p) {
  return or_table(
      [&] {
        unique_handle h = open_live(p.pid, 0, "cpu_times");
        FILETIME c, e, k, u;
        if (!GetProcessTimes(h.get(), &c, &e, &k, &u)) throw_last("GetProcessTimes", p.pid);
        return cpu_times_of(win::to_u64(u), win::to_u64(k));
      },
      [&] {
        proc_entry e = get_entry(p, "cpu_times");
        return cpu_times_of(e.user_ticks, e.kernel_ticks);
      });
}

memory_info_t proc_memory_info(const proc_ref& p) {
  return or_table(
      [&] {
        unique_handle h = open_live(p.pid, PROCESS_VM_READ, "memory_info");
        PROCESS_MEMORY_COUNTERS_EX c;
        std::memset(&c, 0, sizeof c);
        c.cb = sizeof c;
        if (!GetProcessMemoryInfo(h.get(), reinterpret_cast<PROCESS_MEMORY_COUNTERS*>(&c),
                                  sizeof c))
          throw_last("GetProcessMemoryInfo", p.pid);
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
      [&] { return get_entry(p, "memory_info").mem; });
}

// psutil 8's memory_info_ex: memory_info (GetProcessMemoryInfo, else the table) with psutil 8's
// peak_rss / peak_vms names for PeakWorkingSetSize / PeakPagefileUsage, and the table's
// VirtualSize / PeakVirtualSize (the address space reserved: psutil's virtual, peak_virtual).
memory_info_ex_t proc_memory_info_ex(const proc_ref& p) {
  memory_info_ex_t m;
  m.info = proc_memory_info(p);
  m.peak_rss = m.info.peak_wset;
  m.peak_vms = m.info.peak_pagefile;
  proc_entry e = get_entry(p, "memory_info_ex");
  m.virtual_ = e.virtual_size;
  m.peak_virtual = e.peak_virtual_size;
  return m;
}

page_faults_t proc_page_faults(const proc_ref& p) { return get_entry(p, "page_faults").faults; }

// Windows has no uids, gids, terminal, file descriptors or current CPU
// (psutil's as_dict keys).
attr os_supported_attrs() noexcept {
  const auto none = static_cast<std::uint64_t>(attr::uids | attr::gids | attr::terminal |
                                               attr::num_fds | attr::cpu_num);
  return static_cast<attr>(static_cast<std::uint64_t>(all_attrs) & ~none);
}

}  // namespace detail
}  // namespace psinfo
