// Windows processes: the setters (priority class, I/O priority, affinity), signals, suspend /
// resume and wait, as psutil's _pswindows does them. Setters and signals first make sure the
// PID still names this process. Windows has no rlimit.
#include <psinfo/errors.hpp>

#include <signal.h>

#include <algorithm>
#include <string>

#include "platform.hpp"
#include "windows/proc_common.hpp"
#include "windows/win.hpp"

namespace psinfo {

namespace {

using detail::win::open_process;
using detail::win::unique_handle;

// NTSTATUS and the ntdll calls psutil uses here (no import library for them in mingw).
using ntstatus = LONG;
constexpr ULONG k_process_io_priority = 33;  // PROCESSINFOCLASS ProcessIoPriority
using nt_query_information_process_fn = ntstatus(NTAPI*)(HANDLE, ULONG, PVOID, ULONG, PULONG);
using nt_set_information_process_fn = ntstatus(NTAPI*)(HANDLE, ULONG, PVOID, ULONG);
using nt_process_fn = ntstatus(NTAPI*)(HANDLE);

template <class Fn>
Fn need_ntdll(const char* name) {
  Fn f = detail::win::ntdll_function<Fn>(name);
  if (!f) throw not_supported(std::string(name) + ": not available in this ntdll");
  return f;
}

// An NTSTATUS failure as psinfo's exceptions (through the Win32 code it stands for).
[[noreturn]] void throw_status(ntstatus status, const char* what, long pid) {
  // STATUS_NOT_IMPLEMENTED / STATUS_INVALID_INFO_CLASS: this kernel (or Wine) lacks the class.
  if (status == static_cast<ntstatus>(0xC0000002L) || status == static_cast<ntstatus>(0xC0000003L))
    throw not_supported(std::string(what) + ": not supported by this system");
  using rtl_fn = ULONG(NTAPI*)(ntstatus);
  auto to_win32 = detail::win::ntdll_function<rtl_fn>("RtlNtStatusToDosError");
  DWORD code = to_win32 ? to_win32(status) : ERROR_GEN_FAILURE;
  detail::win::throw_error(code, what, "pid " + std::to_string(pid));
}

[[noreturn]] void call_failed(const char* what, long pid) {
  detail::win::throw_error(GetLastError(), what, "pid " + std::to_string(pid));
}

// psutil's Windows Priority values.
constexpr DWORD k_priority_classes[] = {IDLE_PRIORITY_CLASS,   BELOW_NORMAL_PRIORITY_CLASS,
                                        NORMAL_PRIORITY_CLASS, ABOVE_NORMAL_PRIORITY_CLASS,
                                        HIGH_PRIORITY_CLASS,   REALTIME_PRIORITY_CLASS};

// psutil refuses PID 0 (the System Idle Process) for kill and wait: AccessDenied.
void refuse_pid0(long pid, const char* what) {
  if (pid == 0) throw access_denied(std::string(what) + ": automatically set for PID 0");
}

// psutil's proc_kill: exit code SIGTERM. ERROR_ACCESS_DENIED from TerminateProcess also means
// that the process has already ended, which is fine.
void terminate_pid(long pid, double start) {
  refuse_pid0(pid, "TerminateProcess");
  detail::raise_if_pid_reused(pid, start);
  unique_handle h =
      open_process(pid, PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION, "kill");
  if (!TerminateProcess(h.get(), SIGTERM) && GetLastError() != ERROR_ACCESS_DENIED)
    call_failed("TerminateProcess", pid);
}

void suspend_or_resume(long pid, double start, bool suspend) {
  const char* name = suspend ? "NtSuspendProcess" : "NtResumeProcess";
  auto fn = need_ntdll<nt_process_fn>(name);
  detail::raise_if_pid_reused(pid, start);
  unique_handle h =
      open_process(pid, PROCESS_SUSPEND_RESUME | PROCESS_QUERY_LIMITED_INFORMATION, name);
  ntstatus st = fn(h.get());
  if (st < 0) throw_status(st, name, pid);
}

std::optional<int> wait_for_impl(long pid, double start, std::optional<double> timeout) {
  refuse_pid0(pid, "wait");
  // The PID now names another process: ours has ended and is no longer there to ask.
  try {
    detail::raise_if_pid_reused(pid, start);
  } catch (const no_such_process&) {
    return std::nullopt;
  }
  HANDLE raw =
      OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
  if (!raw) {
    DWORD code = GetLastError();
    if (code == ERROR_INVALID_PARAMETER) return std::nullopt;  // gone (psutil: None)
    detail::win::throw_error(code, "OpenProcess", "pid " + std::to_string(pid));
  }
  unique_handle h(raw);
  // WaitForSingleObject takes milliseconds; INFINITE (no timeout) is its largest value.
  DWORD ms = INFINITE;
  if (timeout) ms = static_cast<DWORD>(std::min(*timeout * 1000.0, double(INFINITE - 1)));
  DWORD rc = WaitForSingleObject(h.get(), ms);
  if (rc == WAIT_TIMEOUT)
    throw timeout_expired("timeout after " + std::to_string(*timeout) +
                          " seconds (pid=" + std::to_string(pid) + ")");
  if (rc == WAIT_FAILED) call_failed("WaitForSingleObject", pid);
  DWORD code = 0;
  if (!GetExitCodeProcess(h.get(), &code)) call_failed("GetExitCodeProcess", pid);
  return static_cast<int>(code);  // psutil: a C long, so NTSTATUS codes come out negative
}

}  // namespace

// ---- nice: the priority class -----------------------------------------------------------------

int process::nice() const {
  unique_handle h = open_process(pid_, PROCESS_QUERY_LIMITED_INFORMATION, "nice");
  DWORD v = GetPriorityClass(h.get());
  if (v == 0) call_failed("GetPriorityClass", pid_);
  return static_cast<int>(v);
}

void process::nice(int value) {
  const DWORD* end = std::end(k_priority_classes);
  if (std::find(std::begin(k_priority_classes), end, static_cast<DWORD>(value)) == end)
    throw invalid_argument("invalid priority class " + std::to_string(value) +
                           "; choose a *_PRIORITY_CLASS value");
  detail::raise_if_pid_reused(pid_, start_);
  unique_handle h = open_process(pid_, PROCESS_QUERY_INFORMATION | PROCESS_SET_INFORMATION, "nice");
  if (!SetPriorityClass(h.get(), static_cast<DWORD>(value))) call_failed("SetPriorityClass", pid_);
}

// ---- ionice: ProcessIoPriority ----------------------------------------------------------------

ionice_t process::ionice() const {
  auto query = need_ntdll<nt_query_information_process_fn>("NtQueryInformationProcess");
  unique_handle h = open_process(pid_, PROCESS_QUERY_LIMITED_INFORMATION, "ionice");
  ULONG prio = 0;
  ntstatus st = query(h.get(), k_process_io_priority, &prio, sizeof prio, nullptr);
  if (st < 0) throw_status(st, "NtQueryInformationProcess(ProcessIoPriority)", pid_);
  ionice_t r;
  r.ioclass = static_cast<ioprio_class>(prio);
  r.value = 0;  // psutil's Windows ionice() is the class alone
  return r;
}

void process::ionice(ioprio_class ioclass, std::optional<int> value) {
  if (value.value_or(0) != 0) throw invalid_argument("value argument not accepted on Windows");
  const int c = static_cast<int>(ioclass);
  if (c < 0 || c > 3) throw invalid_argument(std::to_string(c) + " is not a valid priority");
  auto set = need_ntdll<nt_set_information_process_fn>("NtSetInformationProcess");
  detail::raise_if_pid_reused(pid_, start_);
  unique_handle h =
      open_process(pid_, PROCESS_QUERY_INFORMATION | PROCESS_SET_INFORMATION, "ionice");
  ULONG prio = static_cast<ULONG>(c);
  ntstatus st = set(h.get(), k_process_io_priority, &prio, sizeof prio);
  if (st < 0) throw_status(st, "NtSetInformationProcess(ProcessIoPriority)", pid_);
}

const char* to_string(ioprio_class c) noexcept {
  switch (static_cast<int>(c)) {
    case 0:
      return "IOPRIO_VERYLOW";
    case 1:
      return "IOPRIO_LOW";
    case 2:
      return "IOPRIO_NORMAL";
    case 3:
      return "IOPRIO_HIGH";
  }
  return "?";
}

// ---- rlimit -----------------------------------------------------------------------------------

rlimit_t process::rlimit(int) const { throw not_supported("rlimit: not available on Windows"); }
void process::rlimit(int, rlimit_t) { throw not_supported("rlimit: not available on Windows"); }

// ---- cpu_affinity: the process's mask (its processor group's first 64 CPUs) --------------------

std::vector<int> process::cpu_affinity() const {
  unique_handle h = open_process(pid_, PROCESS_QUERY_LIMITED_INFORMATION, "cpu_affinity");
  DWORD_PTR mask = 0, system = 0;
  if (!GetProcessAffinityMask(h.get(), &mask, &system)) call_failed("GetProcessAffinityMask", pid_);
  std::vector<int> out;
  for (int cpu = 0; cpu < static_cast<int>(sizeof mask * 8); ++cpu)
    if (mask & (DWORD_PTR{1} << cpu)) out.push_back(cpu);
  return out;
}

void process::cpu_affinity(const std::vector<int>& cpus) {
  // psutil checks the CPUs itself (SetProcessAffinityMask does not always refuse a bad one);
  // an empty list means every CPU, as many as have per-CPU times.
  const int ncpu = static_cast<int>(detail::cpu_times_percpu().size());
  const int bits = static_cast<int>(sizeof(DWORD_PTR) * 8);
  DWORD_PTR mask = 0;
  if (cpus.empty()) {
    for (int cpu = 0; cpu < std::min(ncpu, bits); ++cpu) mask |= DWORD_PTR{1} << cpu;
  }
  for (int cpu : cpus) {
    if (cpu < 0 || cpu >= ncpu || cpu >= bits)
      throw invalid_argument("invalid CPU " + std::to_string(cpu) + "; choose between 0 and " +
                             std::to_string(std::min(ncpu, bits) - 1));
    mask |= DWORD_PTR{1} << cpu;
  }
  detail::raise_if_pid_reused(pid_, start_);
  unique_handle h =
      open_process(pid_, PROCESS_QUERY_INFORMATION | PROCESS_SET_INFORMATION, "cpu_affinity");
  if (!SetProcessAffinityMask(h.get(), mask)) call_failed("SetProcessAffinityMask", pid_);
}

// ---- signals ----------------------------------------------------------------------------------

void process::send_signal(int sig) {
  // SIGKILL (which the CRT does not define) ends the process like SIGTERM, as kill() does.
  if (sig == SIGTERM || sig == 9) {
    terminate_pid(pid_, start_);
    return;
  }
  if (sig == CTRL_C_EVENT || sig == CTRL_BREAK_EVENT) {
    // As Python's os.kill: the event goes to the console process group the PID leads.
    detail::raise_if_pid_reused(pid_, start_);
    if (!GenerateConsoleCtrlEvent(static_cast<DWORD>(sig), static_cast<DWORD>(pid_)))
      call_failed("GenerateConsoleCtrlEvent", pid_);
    return;
  }
  throw invalid_argument(
      "only SIGTERM, CTRL_C_EVENT and CTRL_BREAK_EVENT signals are supported on Windows");
}

void process::suspend() { suspend_or_resume(pid_, start_, true); }
void process::resume() { suspend_or_resume(pid_, start_, false); }
void process::terminate() { terminate_pid(pid_, start_); }
void process::kill() { terminate_pid(pid_, start_); }

// ---- wait -------------------------------------------------------------------------------------

// As psutil on Windows, the exit code of any process this one may open (GetExitCodeProcess),
// not only of children; absent when the process is already gone.
std::optional<int> detail::wait_for(long pid, double start, std::optional<double> timeout) {
  return wait_for_impl(pid, start, timeout);
}

}  // namespace psinfo
