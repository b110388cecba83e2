// macOS processes: the process table and the data methods, as psutil's _psosx.py does them:
// kinfo_proc (sysctl) for what any process shows anyone (ppid, name, ids, tty, start, status),
// proc_taskinfo (proc_pidinfo) for times, memory, threads and switches, KERN_PROCARGS2 for the
// command line and environment, proc_pidpath / PROC_PIDVNODEPATHINFO for exe and cwd.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <mach/mach.h>
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cmath>
#include <cstring>
#include <vector>

#include "macos/convert.hpp"
#include "macos/process_common.hpp"
#include "platform.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail {

namespace {

using macos::kinfo_of;
using macos::taskinfo_of;

static_assert(macos::kinfo::sidl == SIDL && macos::kinfo::srun == SRUN &&
                  macos::kinfo::ssleep == SSLEEP && macos::kinfo::sstop == SSTOP &&
                  macos::kinfo::szomb == SZOMB,
              "p_stat values of <sys/proc.h>");
static_assert(macos::kinfo::p_system == P_SYSTEM && macos::kinfo::p_wexit == P_WEXIT &&
                  macos::kinfo::p_ppwait == P_PPWAIT &&
                  macos::kinfo::eproc_sleader == EPROC_SLEADER,
              "p_flag / e_flag values of <sys/proc.h>, <sys/sysctl.h>");

// The whole KERN_PROCARGS2 buffer of pid, errors mapped as psutil does.
std::vector<char> procargs_of(long pid) {
  const int argmax = posix::sysctl_value<int>({CTL_KERN, KERN_ARGMAX}, "kern.argmax");
  if (argmax <= 0) throw error("sysctl kern.argmax: " + std::to_string(argmax));
  std::vector<char> buf(static_cast<std::size_t>(argmax));
  int mib[3] = {CTL_KERN, KERN_PROCARGS2, static_cast<int>(pid)};
  std::size_t len = buf.size();
  errno = 0;
  if (!posix::sysctl_into(mib, 3, buf.data(), buf.size(), &len)) {
    const int err = errno;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) posix::throw_gone(pid);
    if (macos::is_zombie(pid)) macos::raise_for_pid(pid, ESRCH, "sysctl(KERN_PROCARGS2)");
    // EINVAL and EIO: another user's process (or one the system protects); 0: psutil #2708.
    if (err == EINVAL || err == EIO || err == 0 || err == EPERM || err == EACCES)
      throw access_denied(posix::pid_msg("sysctl(KERN_PROCARGS2)", pid, err));
    posix::throw_errno(err, "sysctl(KERN_PROCARGS2) (pid=" + std::to_string(pid) + ")");
  }
  buf.resize(len);
  return buf;
}

macos::procargs parse_args(const std::vector<char>& buf) {
  return macos::parse_procargs(buf.data(), buf.size());
}

std::vector<std::string> cmdline_of(long pid) {
  if (pid == 0) return {};  // kernel_task has none
  return parse_args(procargs_of(pid)).argv;
}

std::map<std::string, std::string> environ_of(long pid) {
  if (pid == 0) return {};
  std::vector<char> buf = procargs_of(pid);
  return macos::environ_from(parse_args(buf).env);
}

std::string comm_of(const struct kinfo_proc& kp) {
  return std::string(kp.kp_proc.p_comm, strnlen(kp.kp_proc.p_comm, sizeof kp.kp_proc.p_comm));
}

// psutil's name(): the comm name, lengthened from the command line when it was cut.
std::string name_of(long pid, const struct kinfo_proc& kp) {
  std::string comm = comm_of(kp);
  if (comm.size() < 15) return comm;
  try {
    return macos::long_name(comm, cmdline_of(pid));
  } catch (const access_denied&) {
  } catch (const zombie_process&) {
  }
  return comm;
}

std::string exe_of(long pid) {
  char buf[PROC_PIDPATHINFO_MAXSIZE];
  errno = 0;
  if (::proc_pidpath(static_cast<int>(pid), buf, sizeof buf) > 0) return buf;
  const int err = errno;
  if (pid == 0) throw access_denied("proc_pidpath (pid=0): kernel_task has no executable");
  if (err == ENOENT) return "";  // alive, but its executable was deleted (psutil #1738)
  macos::raise_for_pid(pid, err, "proc_pidpath");
}

std::string cwd_of(long pid) {
  const auto info = macos::pidinfo<struct proc_vnodepathinfo>(
      pid, PROC_PIDVNODEPATHINFO, 0, "proc_pidinfo(PROC_PIDVNODEPATHINFO)");
  return std::string(info.pvi_cdir.vip_path,
                     strnlen(info.pvi_cdir.vip_path, sizeof info.pvi_cdir.vip_path));
}

uids_t uids_of(const struct kinfo_proc& kp) {
  return {static_cast<long>(kp.kp_eproc.e_pcred.p_ruid),
          static_cast<long>(kp.kp_eproc.e_ucred.cr_uid),
          static_cast<long>(kp.kp_eproc.e_pcred.p_svuid)};
}

gids_t gids_of(const struct kinfo_proc& kp) {
  return {static_cast<long>(kp.kp_eproc.e_pcred.p_rgid),
          static_cast<long>(kp.kp_eproc.e_ucred.cr_groups[0]),
          static_cast<long>(kp.kp_eproc.e_pcred.p_svgid)};
}

std::optional<std::string> terminal_of(const struct kinfo_proc& kp) {
  if (kp.kp_eproc.e_tdev == NODEV) return std::nullopt;
  return posix::terminal_of(static_cast<std::uint64_t>(kp.kp_eproc.e_tdev));  // as st_rdev
}

std::string status_of(const struct kinfo_proc& kp) {
  return macos::status_from(kp.kp_proc.p_stat, kp.kp_proc.p_flag, kp.kp_eproc.e_flag);
}

// psutil's adjust_proc_create_time(): a start time moves with the wall clock when it has been
// set since the first call (boot_time() then differs from the one seen first).
double adjusted(double ctime) {
  static std::atomic<double> first{0};
  double now_boot;
  try {
    now_boot = posix::boot_time();
  } catch (const error&) {
    return ctime;
  }
  double init = first.load();
  if (init == 0) {
    first.compare_exchange_strong(init, now_boot);
    init = first.load();
  }
  const double diff = init - now_boot;
  if (std::fabs(diff) < 1) return ctime;
  return diff < 0 ? ctime - diff : ctime + diff;
}

process_cpu_times_t cpu_times_of(const struct proc_taskinfo& ti) {
  process_cpu_times_t t;
  t.user = macos::mach_units_to_seconds(ti.pti_total_user, macos::tbfrequency());
  t.system = macos::mach_units_to_seconds(ti.pti_total_system, macos::tbfrequency());
  return t;  // children: 0, as psutil (macOS does not give them)
}

memory_info_t memory_of(const struct proc_taskinfo& ti) {
  memory_info_t m;
  m.rss = ti.pti_resident_size;
  m.vms = ti.pti_virtual_size;
  return m;
}

page_faults_t faults_of(const struct proc_taskinfo& ti) {
  return macos::page_faults_from(ti.pti_faults, ti.pti_pageins);
}

std::vector<thread_t> threads_of(long pid) {
  const auto ti = macos::read_taskinfo(pid);
  std::vector<std::uint64_t> ids(static_cast<std::size_t>(ti.pti_threadnum) + 32);
  errno = 0;
  const int n = ::proc_pidinfo(static_cast<int>(pid), PROC_PIDLISTTHREADS, 0, ids.data(),
                               static_cast<int>(ids.size() * sizeof ids[0]));
  if (n <= 0) macos::raise_for_pid(pid, errno, "proc_pidinfo(PROC_PIDLISTTHREADS)");
  ids.resize(static_cast<std::size_t>(n) / sizeof ids[0]);
  std::vector<thread_t> out;
  for (std::uint64_t id : ids) {
    struct proc_threadinfo th;
    if (::proc_pidinfo(static_cast<int>(pid), PROC_PIDTHREADINFO, id, &th, sizeof th) <
        static_cast<int>(sizeof th))
      continue;  // ended between the list and this call
    out.push_back(thread_t{static_cast<long>(id), static_cast<double>(th.pth_user_time) / 1e9,
                           static_cast<double>(th.pth_system_time) / 1e9});
  }
  return out;
}

int num_fds_of(long pid) { return pid == 0 ? 0 : static_cast<int>(macos::list_fds(pid).size()); }

[[noreturn]] void not_on_macos(const char* what) {
  throw not_supported(std::string(what) + ": not available on macOS");
}

}  // namespace

// ---- module functions -----------------------------------------------------------------------

double proc_start_time(long pid) {
  struct kinfo_proc kp;
  if (pid < 0 || pid > INT_MAX || !macos::read_kinfo(pid, kp)) posix::throw_gone(pid);
  return macos::start_of(kp);
}

std::vector<long> pids() {
  std::vector<int> raw;
  for (int attempt = 0; attempt < 8; ++attempt) {
    const int need = ::proc_listpids(PROC_ALL_PIDS, 0, nullptr, 0);
    if (need <= 0) posix::throw_errno(errno, "proc_listpids");
    raw.resize(static_cast<std::size_t>(need) / sizeof(int) + 64);  // room for new ones
    const int size = static_cast<int>(raw.size() * sizeof(int));
    const int got = ::proc_listpids(PROC_ALL_PIDS, 0, raw.data(), size);
    if (got <= 0) posix::throw_errno(errno, "proc_listpids");
    if (got < size) {
      raw.resize(static_cast<std::size_t>(got) / sizeof(int));
      break;
    }
  }
  std::vector<long> out(raw.begin(), raw.end());
  // psutil: PID 0 (kernel_task) when some macOS versions leave it out but it answers.
  struct kinfo_proc kp;
  if (std::find(out.begin(), out.end(), 0L) == out.end() && macos::read_kinfo(0, kp))
    out.push_back(0);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

long self_pid() { return static_cast<long>(::getpid()); }

bool pid_exists(long pid) {
  if (pid == 0) return true;  // kernel_task
  if (pid > INT_MAX) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

std::map<long, long> ppid_map() {
  std::map<long, long> out;
  for (const struct kinfo_proc& kp : macos::all_kinfo()) out[kp.kp_proc.p_pid] = kp.kp_eproc.e_ppid;
  return out;
}

std::vector<process_info_t> process_snapshot(attr attrs) {
  auto want = [attrs](attr a) { return has(attrs, a); };
  const bool task_needed = want(attr::cpu_times) || want(attr::cpu_percent) ||
                           want(attr::memory_info) || want(attr::memory_percent) ||
                           want(attr::num_threads) || want(attr::num_ctx_switches) ||
                           want(attr::page_faults);
  std::optional<double> mem_total;
  if (want(attr::memory_percent)) mem_total = static_cast<double>(virtual_memory().total);
  snapshot_cpu cpu(want(attr::cpu_percent));

  std::vector<process_info_t> out;
  for (const struct kinfo_proc& kp : macos::all_kinfo()) {
    const long pid = kp.kp_proc.p_pid;
    process_info_t info;
    info.pid = pid;
    try {
      if (want(attr::ppid)) info.ppid = static_cast<long>(kp.kp_eproc.e_ppid);
      if (want(attr::name)) soft([&] { info.name = name_of(pid, kp); });
      if (want(attr::create_time)) info.create_time = adjusted(macos::start_of(kp));
      if (want(attr::status)) info.status = status_of(kp);
      if (want(attr::uids)) info.uids = uids_of(kp);
      if (want(attr::gids)) info.gids = gids_of(kp);
      if (want(attr::username)) info.username = posix::user_name(uids_of(kp).real);
      if (want(attr::terminal)) info.terminal = terminal_of(kp);
      if (task_needed) {
        soft([&] {
          const struct proc_taskinfo ti = macos::read_taskinfo(pid);
          const process_cpu_times_t ct = cpu_times_of(ti);
          const memory_info_t mem = memory_of(ti);
          if (want(attr::cpu_times)) info.cpu_times = ct;
          if (want(attr::cpu_percent))
            info.cpu_percent = cpu.percent(
                pid, static_cast<std::uint64_t>(macos::start_of(kp) * 1e6), ct.user + ct.system);
          if (want(attr::memory_info)) info.memory_info = mem;
          if (mem_total && *mem_total > 0)
            info.memory_percent = static_cast<double>(mem.rss) / *mem_total * 100.0;
          if (want(attr::num_threads)) info.num_threads = static_cast<int>(ti.pti_threadnum);
          if (want(attr::num_ctx_switches))
            info.num_ctx_switches = ctx_switches_t{static_cast<std::uint64_t>(ti.pti_csw), 0};
          if (want(attr::page_faults)) info.page_faults = faults_of(ti);
        });
      }
      if (want(attr::exe)) soft([&] { info.exe = exe_of(pid); });
      if (want(attr::cmdline)) soft([&] { info.cmdline = cmdline_of(pid); });
      if (want(attr::environ)) soft([&] { info.environ = environ_of(pid); });
      if (want(attr::cwd)) soft([&] { info.cwd = cwd_of(pid); });
      if (want(attr::num_fds)) soft([&] { info.num_fds = num_fds_of(pid); });
      if (want(attr::threads)) soft([&] { info.threads = threads_of(pid); });
      fill_by_methods(pid, attrs, info);
    } catch (const no_such_process&) {
      continue;  // vanished mid-scan
    }
    out.push_back(std::move(info));
  }
  cpu.commit();
  std::sort(out.begin(), out.end(),
            [](const process_info_t& a, const process_info_t& b) { return a.pid < b.pid; });
  return out;
}

// psutil's as_dict() keys on macOS: no ionice, io_counters, num_handles, cpu_num, cpu_affinity,
// memory_maps.
attr os_supported_attrs() noexcept {
  const auto none =
      static_cast<std::uint64_t>(attr::ionice | attr::io_counters | attr::num_handles |
                                 attr::cpu_num | attr::cpu_affinity | attr::memory_maps);
  return static_cast<attr>(static_cast<std::uint64_t>(all_attrs) & ~none);
}

// ---- the data methods -----------------------------------------------------------------------

ppid_t proc_ppid(const proc_ref& p) {
  const struct kinfo_proc kp = kinfo_of(p);
  return {static_cast<long>(kp.kp_eproc.e_ppid), macos::start_of(kp)};
}

std::string proc_name(const proc_ref& p) { return name_of(p.pid, kinfo_of(p)); }
std::string proc_exe(const proc_ref& p) { return exe_of(p.pid); }
std::vector<std::string> proc_cmdline(const proc_ref& p) { return cmdline_of(p.pid); }
std::map<std::string, std::string> proc_environ(const proc_ref& p) { return environ_of(p.pid); }

double proc_create_time(const proc_ref& p) {
  return adjusted(p.start != 0 ? p.start : macos::start_of(kinfo_of(p)));
}

std::string proc_status(const proc_ref& p) { return status_of(kinfo_of(p)); }
std::string proc_cwd(const proc_ref& p) { return cwd_of(p.pid); }
std::string proc_username(const proc_ref& p) { return posix::user_name(proc_uids(p).real); }
uids_t proc_uids(const proc_ref& p) { return uids_of(kinfo_of(p)); }
gids_t proc_gids(const proc_ref& p) { return gids_of(kinfo_of(p)); }
std::optional<std::string> proc_terminal(const proc_ref& p) { return terminal_of(kinfo_of(p)); }

io_counters_t proc_io_counters(const proc_ref&) { not_on_macos("io_counters"); }

// psutil: pti_csw counts every switch; macOS does not split voluntary from involuntary.
ctx_switches_t proc_num_ctx_switches(const proc_ref& p) {
  return ctx_switches_t{static_cast<std::uint64_t>(taskinfo_of(p).pti_csw), 0};
}

int proc_num_fds(const proc_ref& p) { return num_fds_of(p.pid); }
int proc_num_handles(const proc_ref&) { not_on_macos("num_handles"); }
int proc_num_threads(const proc_ref& p) { return static_cast<int>(taskinfo_of(p).pti_threadnum); }
std::vector<thread_t> proc_threads(const proc_ref& p) { return threads_of(p.pid); }
process_cpu_times_t proc_cpu_times(const proc_ref& p) { return cpu_times_of(taskinfo_of(p)); }
std::optional<int> proc_cpu_num(const proc_ref&) { not_on_macos("cpu_num"); }
memory_info_t proc_memory_info(const proc_ref& p) { return memory_of(taskinfo_of(p)); }
page_faults_t proc_page_faults(const proc_ref& p) { return faults_of(taskinfo_of(p)); }

// psutil 8's proc_memory_info_ex: task_info(TASK_VM_INFO) of the process's task port
// (task_for_pid: the caller itself, or any process as root; else access denied) and
// proc_pid_rusage's ri_wired_size (absent when that call fails, where psutil gives 0).
memory_info_ex_t proc_memory_info_ex(const proc_ref& p) {
  memory_info_ex_t m;
  m.info = proc_memory_info(p);
  const pid_t pid = static_cast<pid_t>(p.pid);
  const bool self = p.pid == static_cast<long>(::getpid());
  mach_port_t task = MACH_PORT_NULL;
  if (self) {
    task = mach_task_self();
  } else {
    const kern_return_t kr = ::task_for_pid(mach_task_self(), pid, &task);
    if (kr != KERN_SUCCESS) macos::raise_for_pid(p.pid, EPERM, "task_for_pid");
  }
  task_vm_info_data_t info{};
  mach_msg_type_number_t count = TASK_VM_INFO_COUNT;
  const kern_return_t kr =
      ::task_info(task, TASK_VM_INFO, reinterpret_cast<task_info_t>(&info), &count);
  if (!self) ::mach_port_deallocate(mach_task_self(), task);
  if (kr != KERN_SUCCESS) macos::raise_for_pid(p.pid, 0, "task_info(TASK_VM_INFO)");
  m.peak_rss = info.resident_size_peak;
  m.rss_anon = info.internal;
  m.rss_file = info.external;
  m.compressed = info.compressed;
  m.phys_footprint = info.phys_footprint;
  struct rusage_info_v0 ri;
  if (::proc_pid_rusage(pid, RUSAGE_INFO_V0, reinterpret_cast<rusage_info_t*>(&ri)) == 0)
    m.wired = ri.ri_wired_size;
  return m;
}

}  // namespace psinfo::detail
