// Windows processes: priority class, I/O priority and affinity (get and set), signals, suspend /
// resume, terminate / kill and wait, as psutil's _pswindows does them. (The shared layer has
// checked that the PID still names the process before every setter and signal.) Windows has no
// rlimit.
#include <psinfo/errors.hpp>

#include <signal.h>

#include <algorithm>
#include <string>

#include "platform.hpp"
#include "windows/process_common.hpp"
#include "windows/win.hpp"

namespace psinfo::detail {

namespace {

// NTSTATUS and the ntdll calls psutil uses here (no import library for them in mingw).
using ntstatus = LONG;
constexpr ULONG k_process_io_priority = 33;  // PROCESSINFOCLASS ProcessIoPriority
using nt_query_information_process_fn = ntstatus(NTAPI*)(HANDLE, ULONG, PVOID, ULONG, PULONG);
using nt_set_information_process_fn = ntstatus(NTAPI*)(HANDLE, ULONG, PVOID, ULONG);
using nt_process_fn = ntstatus(NTAPI*)(HANDLE);

template <class Fn>
Fn need_ntdll(const char* name) {
  Fn f = win::ntdll_function<Fn>(name);
  if (!f) throw not_supported(std::string(name) + ": not available in this ntdll");
  return f;
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
void terminate_pid(long pid) {
  refuse_pid0(pid, "TerminateProcess");
  unique_handle h =
      open_process(pid, PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION, "kill");
  if (!TerminateProcess(h.get(), SIGTERM) && GetLastError() != ERROR_ACCESS_DENIED)
    throw_last("TerminateProcess", pid);
}

void suspend_or_resume(long pid, bool suspend) {
  const char* name = suspend ? "NtSuspendProcess" : "NtResumeProcess";
  auto fn = need_ntdll<nt_process_fn>(name);
  unique_handle h =
      open_process(pid, PROCESS_SUSPEND_RESUME | PROCESS_QUERY_LIMITED_INFORMATION, name);
  ntstatus st = fn(h.get());
  if (st < 0) throw_status(st, name, pid);
}

std::optional<int> wait_for_impl(long pid, double start, std::optional<double> timeout) {
  refuse_pid0(pid, "wait");
  // The PID now names another process: ours has ended and is no longer there to ask.
  try {
    raise_if_pid_reused(pid, start);
  } catch (const no_such_process&) {
    return std::nullopt;
  }
  HANDLE raw =
      OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
  if (!raw) {
    DWORD code = GetLastError();
    if (code == ERROR_INVALID_PARAMETER) return std::nullopt;  // gone (psutil: None)
    win::throw_error(code, "OpenProcess", "pid " + std::to_string(pid));
  }
  unique_handle h(raw);
  // WaitForSingleObject takes milliseconds; INFINITE (no timeout) is its largest value.
  DWORD ms = INFINITE;
  if (timeout) ms = static_cast<DWORD>(std::min(*timeout * 1000.0, double(INFINITE - 1)));
  DWORD rc = WaitForSingleObject(h.get(), ms);
  if (rc == WAIT_TIMEOUT)
    throw timeout_expired("timeout after " + std::to_string(*timeout) +
                          " seconds (pid=" + std::to_string(pid) + ")");
  if (rc == WAIT_FAILED) throw_last("WaitForSingleObject", pid);
  DWORD code = 0;
  if (!GetExitCodeProcess(h.get(), &code)) throw_last("GetExitCodeProcess", pid);
  return static_cast<int>(code);  // psutil: a C long, so NTSTATUS codes come out negative
}

}  // namespace

// ---- nice: the priority class -----------------------------------------------------------------

int proc_nice(const proc_ref& p) {
  unique_handle h = open_process(p.pid, PROCESS_QUERY_LIMITED_INFORMATION, "nice");
  DWORD v = GetPriorityClass(h.get());
  if (v == 0) throw_last("GetPriorityClass", p.pid);
  return static_cast<int>(v);
}

void proc_set_nice(const proc_ref& p, int value) {
  const DWORD* end = std::end(k_priority_classes);
  if (std::find(std::begin(k_priority_classes), end, static_cast<DWORD>(value)) == end)
    throw invalid_argument("invalid priority class " + std::to_string(value) +
                           "; choose a *_PRIORITY_CLASS value");
  unique_handle h =
      open_process(p.pid, PROCESS_QUERY_INFORMATION | PROCESS_SET_INFORMATION, "nice");
  if (!SetPriorityClass(h.get(), static_cast<DWORD>(value))) throw_last("SetPriorityClass", p.pid);
}

// ---- ionice: ProcessIoPriority ----------------------------------------------------------------

ionice_t proc_ionice(const proc_ref& p) {
  auto query = need_ntdll<nt_query_information_process_fn>("NtQueryInformationProcess");
  unique_handle h = open_process(p.pid, PROCESS_QUERY_LIMITED_INFORMATION, "ionice");
  ULONG prio = 0;
  ntstatus st = query(h.get(), k_process_io_priority, &prio, sizeof prio, nullptr);
  if (st < 0) throw_status(st, "NtQueryInformationProcess(ProcessIoPriority)", p.pid);
  ionice_t r;
  r.ioclass = static_cast<ioprio_class>(prio);
  r.value = 0;  // psutil's Windows ionice() is the class alone
  return r;
}

void proc_set_ionice(const proc_ref& p, ioprio_class ioclass, std::optional<int> value) {
  if (value.value_or(0) != 0) throw invalid_argument("value argument not accepted on Windows");
  const int c = static_cast<int>(ioclass);
  if (c < 0 || c > 3) throw invalid_argument(std::to_string(c) + " is not a valid priority");
  auto set = need_ntdll<nt_set_information_process_fn>("NtSetInformationProcess");
  unique_handle h =
      open_process(p.pid, PROCESS_QUERY_INFORMATION | PROCESS_SET_INFORMATION, "ionice");
  ULONG prio = static_cast<ULONG>(c);
  ntstatus st = set(h.get(), k_process_io_priority, &prio, sizeof prio);
  if (st < 0) throw_status(st, "NtSetInformationProcess(ProcessIoPriority)", p.pid);
}

const char* ioprio_class_name(ioprio_class c) noexcept {
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

rlimit_t proc_rlimit(const proc_ref&, int) {
  throw not_supported("rlimit: not available on Windows");
}
void proc_set_rlimit(const proc_ref&, int, rlimit_t) {
  throw not_supported("rlimit: not available on Windows");
}

// ---- cpu_affinity: the process's mask (its processor group's first 64 CPUs) --------------------

std::vector<int> proc_cpu_affinity(const proc_ref& p) {
  unique_handle h = open_process(p.pid, PROCESS_QUERY_LIMITED_INFORMATION, "cpu_affinity");
  DWORD_PTR mask = 0, system = 0;
  if (!GetProcessAffinityMask(h.get(), &mask, &system)) throw_last("GetProcessAffinityMask", p.pid);
  std::vector<int> out;
  for (int cpu = 0; cpu < static_cast<int>(sizeof mask * 8); ++cpu)
    if (mask & (DWORD_PTR{1} << cpu)) out.push_back(cpu);
  return out;
}

void proc_set_cpu_affinity(const proc_ref& p, const std::vector<int>& cpus) {
  // psutil checks the CPUs itself (SetProcessAffinityMask does not always refuse a bad one);
  // an empty list means every CPU, as many as have per-CPU times.
  const int ncpu = static_cast<int>(cpu_times_percpu().size());
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
  unique_handle h =
      open_process(p.pid, PROCESS_QUERY_INFORMATION | PROCESS_SET_INFORMATION, "cpu_affinity");
  if (!SetProcessAffinityMask(h.get(), mask)) throw_last("SetProcessAffinityMask", p.pid);
}

// ---- signals ----------------------------------------------------------------------------------

void proc_send_signal(const proc_ref& p, int sig) {
  // SIGKILL (which the CRT does not define) ends the process like SIGTERM, as kill() does.
  if (sig == SIGTERM || sig == 9) {
    terminate_pid(p.pid);
    return;
  }
  if (sig == CTRL_C_EVENT || sig == CTRL_BREAK_EVENT) {
    // As Python's os.kill: the event goes to the console process group the PID leads.
    if (!GenerateConsoleCtrlEvent(static_cast<DWORD>(sig), static_cast<DWORD>(p.pid)))
      throw_last("GenerateConsoleCtrlEvent", p.pid);
    return;
  }
  throw invalid_argument(
      "only SIGTERM, CTRL_C_EVENT and CTRL_BREAK_EVENT signals are supported on Windows");
}

void proc_suspend(const proc_ref& p) { suspend_or_resume(p.pid, true); }
void proc_resume(const proc_ref& p) { suspend_or_resume(p.pid, false); }
void proc_terminate(const proc_ref& p) { terminate_pid(p.pid); }
void proc_kill(const proc_ref& p) { terminate_pid(p.pid); }

// ---- wait -------------------------------------------------------------------------------------

// As psutil on Windows, the exit code of any process this one may open (GetExitCodeProcess),
// not only of children; absent when the process is already gone.
std::optional<int> proc_wait(const proc_ref& p, std::optional<double> timeout) {
  return wait_for_impl(p.pid, p.start, timeout);
}

}  // namespace psinfo::detail
