// Linux processes: nice, ionice, rlimit and cpu_affinity (get and set), signals, suspend /
// resume / terminate / kill and wait, as psutil 8 does them. (The shared layer has checked that
// the PID still names the process before every setter and signal.)
#include <psinfo/errors.hpp>

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <new>
#include <string>

#include "linux/parse.hpp"
#include "linux/process_common.hpp"
#include "linux/process_parse.hpp"
#include "linux/procfs.hpp"
#include "platform.hpp"
#include "posix/posix.hpp"

// Raw syscall numbers: glibc has no wrappers for these (pidfd_* since 2.36 only). They are the
// same on every architecture since the 5.x unified table (alpha excepted, which psinfo skips).
#ifndef SYS_ioprio_get
#define SYS_ioprio_get __NR_ioprio_get
#endif
#ifndef SYS_ioprio_set
#define SYS_ioprio_set __NR_ioprio_set
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

namespace psinfo::detail {

long self_pid() { return static_cast<long>(::getpid()); }

namespace {

constexpr int k_ioprio_who_process = 1;
constexpr int k_ioprio_class_shift = 13;
constexpr int k_ioprio_prio_mask = (1 << k_ioprio_class_shift) - 1;

std::string call_msg(const char* call, long pid, int err) {
  return std::string(call) + " (pid=" + std::to_string(pid) + "): " + strerror(err);
}

// errno of a syscall on a process: EINVAL is the caller's argument, the rest as psutil maps it
// (EPERM/EACCES -> access_denied, ESRCH -> no_such_process or zombie_process).
[[noreturn]] void sys_error(long pid, int err, const char* call) {
  if (err == EINVAL) throw invalid_argument(call_msg(call, pid, err));
  throw_proc_error(pid, err, call);
}

// A CPU mask of glibc's dynamic kind, freed on scope exit.
struct cpu_mask {
  explicit cpu_mask(int ncpus)
      : set(CPU_ALLOC(ncpus)), size(CPU_ALLOC_SIZE(ncpus)), bits(static_cast<int>(size * 8)) {
    if (!set) throw std::bad_alloc();
    CPU_ZERO_S(size, set);
  }
  ~cpu_mask() { CPU_FREE(set); }
  cpu_mask(const cpu_mask&) = delete;
  cpu_mask& operator=(const cpu_mask&) = delete;
  cpu_set_t* set;
  size_t size;
  int bits;
};

// The configured CPUs cannot change while we run (hotplug only moves CPUs between online and
// offline): glibc reads /sys for this, so ask once.
int configured_cpus() {
  static const int n = [] {
    long v = sysconf(_SC_NPROCESSORS_CONF);
    return v > 0 ? static_cast<int>(v) : 1;
  }();
  return n;
}

std::string cpu_list_text(const std::vector<int>& cpus) {
  std::string s = "[";
  for (size_t i = 0; i < cpus.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(cpus[i]);
  }
  return s + "]";
}

// psutil's _get_eligible_cpus(): Cpus_allowed_list of the process's status, else every CPU
// that has per-CPU times.
std::vector<int> eligible_cpus(long pid) {
  std::vector<int> cpus = parse_proc_status_cpus_allowed(read_pid_file(pid, "status", scratch()));
  if (!cpus.empty()) return cpus;
  std::vector<int> all(cpu_times_percpu().size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  return all;
}

// prlimit64(2)'s own struct (64-bit on every ABI) through the raw syscall: glibc's prlimit()
// takes an enum in C++ and a 32-bit struct rlimit on 32-bit ABIs.
struct kernel_rlimit {
  std::uint64_t cur;
  std::uint64_t max;
};
constexpr std::uint64_t k_rlim64_infinity = ~std::uint64_t{0};

int prlimit64(long pid, int resource, const kernel_rlimit* lim, kernel_rlimit* old) {
  return static_cast<int>(syscall(SYS_prlimit64, static_cast<pid_t>(pid), resource, lim, old));
}

int pidfd_open(long pid) {
  return static_cast<int>(syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0u));
}

}  // namespace

// ---- nice -----------------------------------------------------------------------------------

int proc_nice(const proc_ref& p) {
  errno = 0;
  int v = getpriority(PRIO_PROCESS, static_cast<id_t>(p.pid));
  if (v == -1 && errno != 0) sys_error(p.pid, errno, "getpriority");
  return v;
}

void proc_set_nice(const proc_ref& p, int value) {
  if (setpriority(PRIO_PROCESS, static_cast<id_t>(p.pid), value) != 0)
    sys_error(p.pid, errno, "setpriority");
}

// ---- ionice ---------------------------------------------------------------------------------

ionice_t proc_ionice(const proc_ref& p) {
  long v = syscall(SYS_ioprio_get, k_ioprio_who_process, static_cast<int>(p.pid));
  if (v == -1) sys_error(p.pid, errno, "ioprio_get");
  ionice_t r;
  r.ioclass = static_cast<ioprio_class>(v >> k_ioprio_class_shift);
  r.value = static_cast<int>(v & k_ioprio_prio_mask);
  return r;
}

void proc_set_ionice(const proc_ref& p, ioprio_class ioclass, std::optional<int> value) {
  int c = static_cast<int>(ioclass);
  if (c < 0 || c > 3) throw invalid_argument("invalid ioclass " + std::to_string(c));
  int v = value.value_or(0);
  if (v != 0 && (ioclass == ioprio_class::idle || ioclass == ioprio_class::none))
    throw invalid_argument(std::string(to_string(ioclass)) + " ioclass accepts no value");
  if (v < 0 || v > 7) throw invalid_argument("value not in 0-7 range");
  long rc = syscall(SYS_ioprio_set, k_ioprio_who_process, static_cast<int>(p.pid),
                    (c << k_ioprio_class_shift) | v);
  if (rc == -1) sys_error(p.pid, errno, "ioprio_set");
}

// ---- rlimit ---------------------------------------------------------------------------------

rlimit_t proc_rlimit(const proc_ref& p, int resource) {
  // prlimit() on PID 0 would act on the caller (psutil refuses too).
  if (p.pid == 0) throw invalid_argument("can't use prlimit() against PID 0 process");
  kernel_rlimit old{};
  if (prlimit64(p.pid, resource, nullptr, &old) != 0) {
    int err = errno;
    if (err == ENOSYS && is_zombie(p.pid)) throw_proc_error(p.pid, ESRCH, "prlimit");
    sys_error(p.pid, err, "prlimit");
  }
  auto conv = [](std::uint64_t v) -> std::int64_t {
    return v == k_rlim64_infinity ? rlim_infinity : static_cast<std::int64_t>(v);
  };
  return {conv(old.cur), conv(old.max)};
}

void proc_set_rlimit(const proc_ref& p, int resource, rlimit_t limits) {
  if (p.pid == 0) throw invalid_argument("can't use prlimit() against PID 0 process");
  auto conv = [](std::int64_t v) -> std::uint64_t {
    if (v == rlim_infinity) return k_rlim64_infinity;
    if (v < 0) throw invalid_argument("rlimit values must be >= 0 or RLIM_INFINITY (-1)");
    return static_cast<std::uint64_t>(v);
  };
  kernel_rlimit lim{conv(limits.soft), conv(limits.hard)};
  if (prlimit64(p.pid, resource, &lim, nullptr) != 0) {
    int err = errno;
    if (err == ENOSYS && is_zombie(p.pid)) throw_proc_error(p.pid, ESRCH, "prlimit");
    sys_error(p.pid, err, "prlimit");
  }
}

// ---- cpu_affinity ---------------------------------------------------------------------------

std::vector<int> proc_cpu_affinity(const proc_ref& p) {
  // psutil: start small and double the mask until the kernel's fits.
  int ncpus = std::max(64, configured_cpus());
  for (;;) {
    cpu_mask mask(ncpus);
    if (sched_getaffinity(static_cast<pid_t>(p.pid), mask.size, mask.set) == 0) {
      std::vector<int> out;
      for (int cpu = 0, left = CPU_COUNT_S(mask.size, mask.set); left > 0 && cpu < mask.bits;
           ++cpu) {
        if (CPU_ISSET_S(cpu, mask.size, mask.set)) {
          out.push_back(cpu);
          --left;
        }
      }
      return out;  // ascending and unique by construction
    }
    int err = errno;
    if (err != EINVAL || ncpus > (1 << 24)) throw_proc_error(p.pid, err, "sched_getaffinity");
    ncpus *= 2;
  }
}

void proc_set_cpu_affinity(const proc_ref& p, const std::vector<int>& cpus) {
  std::vector<int> want = cpus.empty() ? eligible_cpus(p.pid) : cpus;
  std::sort(want.begin(), want.end());
  want.erase(std::unique(want.begin(), want.end()), want.end());

  // As psutil's fixed cpu_set_t, CPUs past the mask are left out; the kernel ignores those it
  // does not have as long as one valid CPU remains (else EINVAL, explained below).
  int bits = std::max(1024, configured_cpus());
  cpu_mask mask(bits);
  bool negative = false;
  for (int cpu : want) {
    if (cpu < 0)
      negative = true;
    else if (cpu < mask.bits)
      CPU_SET_S(cpu, mask.size, mask.set);
  }
  int err = 0;
  if (negative)
    err = EINVAL;
  else if (sched_setaffinity(static_cast<pid_t>(p.pid), mask.size, mask.set) != 0)
    err = errno;
  if (err == 0) return;
  if (err == EINVAL) {
    std::vector<int> eligible = eligible_cpus(p.pid);
    const int ncpu = static_cast<int>(cpu_times_percpu().size());
    for (int cpu : want) {
      if (cpu < 0 || cpu >= ncpu)
        throw invalid_argument("invalid CPU " + std::to_string(cpu) + "; choose between " +
                               cpu_list_text(eligible));
      if (!std::binary_search(eligible.begin(), eligible.end(), cpu))
        throw invalid_argument("CPU number " + std::to_string(cpu) +
                               " is not eligible; choose between " + cpu_list_text(eligible));
    }
    throw error(call_msg("sched_setaffinity", p.pid, err), err);
  }
  throw_proc_error(p.pid, err, "sched_setaffinity");
}

// ---- signals --------------------------------------------------------------------------------

void proc_send_signal(const proc_ref& p, int sig) {
  if (p.pid == 0)
    throw invalid_argument(
        "preventing sending signal to process with PID 0 as it would affect every process in "
        "the process group of the calling process (os.getpid()) instead of PID 0");
  // The signal goes through a pidfd where the kernel has them (5.3+), else kill() (old kernel,
  // a thread ID). As in psutil, the identity check (shared layer) comes just before.
  int fd = pidfd_open(p.pid);
  int open_err = fd < 0 ? errno : 0;
  unique_fd closer(fd);
  if (fd < 0 && open_err == ESRCH)
    throw no_such_process(p.pid, "process no longer exists (pid=" + std::to_string(p.pid) + ")");
  long rc = fd >= 0 ? syscall(SYS_pidfd_send_signal, fd, sig, nullptr, 0u)
                    : ::kill(static_cast<pid_t>(p.pid), sig);
  if (rc == 0) return;
  int err = errno;
  if (err == ESRCH)
    throw no_such_process(p.pid, "process no longer exists (pid=" + std::to_string(p.pid) + ")");
  if (err == EPERM) throw access_denied(call_msg("kill", p.pid, err), err);
  sys_error(p.pid, err, "kill");
}

// ---- wait -----------------------------------------------------------------------------------

std::optional<int> proc_wait(const proc_ref& p, std::optional<double> timeout) {
  const long pid = p.pid;
  const double start = p.start;
  if (pid == 0) throw invalid_argument("can't wait for PID 0");
  const double deadline = timeout ? posix::monotonic() + *timeout : 0;

  // psutil 8: sleep in poll() on a pidfd until the process ends, then collect its status.
  int fd = pidfd_open(pid);
  if (fd < 0) return posix::wait_polling(pid, start, timeout, deadline);  // gone, a TID, old kernel
  unique_fd closer(fd);
  // The pidfd names the process that has the PID now: if that is not ours, ours is gone, and
  // it was no unreaped child of ours (that would still hold the PID).
  if (start != 0) {
    try {
      double now = proc_start_time(pid);
      if (now != 0 && now != start) return std::nullopt;
    } catch (const no_such_process&) {
    } catch (const access_denied&) {
    }
  }
  for (;;) {
    struct pollfd pfd {};
    pfd.fd = fd;
    pfd.events = POLLIN;
    struct timespec ts {};
    struct timespec* tsp = nullptr;
    if (timeout) {
      double left = std::max(0.0, deadline - posix::monotonic());
      ts.tv_sec = static_cast<time_t>(left);
      ts.tv_nsec = static_cast<long>((left - static_cast<double>(ts.tv_sec)) * 1e9);
      tsp = &ts;
    }
    int n = ppoll(&pfd, 1, tsp, nullptr);
    if (n > 0) break;
    if (n == 0) posix::throw_timeout(pid, *timeout);
    if (errno != EINTR) return posix::wait_polling(pid, start, timeout, deadline);
  }
  // It has ended: a child's status is ready now; a non-child may linger as a zombie until its
  // parent reaps it, which posix::wait_polling polls for within what is left of the timeout.
  return posix::wait_polling(pid, start, timeout, deadline);
}

// ---- suspend, resume, terminate, kill: signals on POSIX -------------------------------------

void proc_suspend(const proc_ref& p) { proc_send_signal(p, SIGSTOP); }
void proc_resume(const proc_ref& p) { proc_send_signal(p, SIGCONT); }
void proc_terminate(const proc_ref& p) { proc_send_signal(p, SIGTERM); }
void proc_kill(const proc_ref& p) { proc_send_signal(p, SIGKILL); }

const char* ioprio_class_name(ioprio_class c) noexcept {
  switch (static_cast<int>(c)) {
    case 0:
      return "IOPRIO_CLASS_NONE";
    case 1:
      return "IOPRIO_CLASS_RT";
    case 2:
      return "IOPRIO_CLASS_BE";
    case 3:
      return "IOPRIO_CLASS_IDLE";
  }
  return "?";
}

}  // namespace psinfo::detail
