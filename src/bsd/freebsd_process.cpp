// FreeBSD processes: struct kinfo_proc (kern.proc.pid / kern.proc.proc), and the per-process
// sysctls psutil and procstat(1) read: kern.proc.args / env / pathname / cwd / filedesc /
// vmmap / rlimit, the threads (KERN_PROC_INC_THREAD), cpuset(2) for the affinity.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <sys/param.h>
#include <sys/types.h>
// sys/param.h and sys/types.h first: the headers below need them.
#include <sys/cpuset.h>
#include <sys/proc.h>
#include <sys/resource.h>
#include <sys/sysctl.h>
#include <sys/user.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "bsd/bsd.hpp"
#include "bsd/freebsd.hpp"
#include "bsd/freebsd_abi.hpp"
#include "bsd/kbuf.hpp"

namespace psinfo::detail::bsd {

// The numbers convert.hpp and kbuf.hpp use, as this FreeBSD's headers say them.
static_assert(SIDL == 1 && SRUN == 2 && SSLEEP == 3 && SSTOP == 4 && SZOMB == 5 && SWAIT == 6 &&
                  SLOCK == 7,
              "FreeBSD's S* process states");
static_assert(KF_TYPE_VNODE == kf::type_vnode && KF_TYPE_SOCKET == kf::type_socket &&
                  KF_VTYPE_VREG == kf::vtype_vreg && KF_FD_TYPE_CWD == kf::fd_cwd,
              "FreeBSD's kinfo_file numbers");
static_assert(KVME_PROT_READ == 1 && KVME_PROT_WRITE == 2 && KVME_PROT_EXEC == 4 &&
                  KVME_TYPE_NONE == 0 && KVME_TYPE_DEFAULT == 1 && KVME_TYPE_VNODE == 2 &&
                  KVME_TYPE_SWAP == 3 && KVME_TYPE_DEVICE == 4 && KVME_TYPE_PHYS == 5 &&
                  KVME_TYPE_DEAD == 6 && KVME_TYPE_SG == 7 && KVME_TYPE_UNKNOWN == 255,
              "FreeBSD's kinfo_vmentry numbers");

namespace {

std::int64_t tv_us(const struct timeval& tv) {
  return static_cast<std::int64_t>(tv.tv_sec) * 1000000 + tv.tv_usec;
}

std::uint64_t nonneg(long v) { return v > 0 ? static_cast<std::uint64_t>(v) : 0; }

kproc kproc_of(const struct kinfo_proc& p) {
  kproc k;
  k.pid = p.ki_pid;
  k.ppid = p.ki_ppid;
  k.name = fixed_string(p.ki_comm, sizeof p.ki_comm);
  k.stat = p.ki_stat;
  k.ruid = p.ki_ruid;
  k.euid = p.ki_uid;
  k.suid = p.ki_svuid;
  k.rgid = p.ki_rgid;
  k.egid = p.ki_groups[0];  // cr_groups[0] is the effective gid on FreeBSD (psutil's)
  k.sgid = p.ki_svgid;
  if (p.ki_tdev != NODEV) k.tdev = p.ki_tdev;
  k.start_us = tv_us(p.ki_start);
  k.utime_us = tv_us(p.ki_rusage.ru_utime);
  k.stime_us = tv_us(p.ki_rusage.ru_stime);
  k.cutime_us = tv_us(p.ki_rusage_ch.ru_utime);
  k.cstime_us = tv_us(p.ki_rusage_ch.ru_stime);
  k.rss = nonneg(p.ki_rssize);
  k.text = nonneg(p.ki_tsize);
  k.data = nonneg(p.ki_dsize);
  k.stack = nonneg(p.ki_ssize);
  k.vsize = p.ki_size;
  k.maxrss_kib = nonneg(p.ki_rusage.ru_maxrss);
  k.nvcsw = nonneg(p.ki_rusage.ru_nvcsw);
  k.nivcsw = nonneg(p.ki_rusage.ru_nivcsw);
  k.inblock = nonneg(p.ki_rusage.ru_inblock);
  k.oublock = nonneg(p.ki_rusage.ru_oublock);
  k.minflt = nonneg(p.ki_rusage.ru_minflt);
  k.majflt = nonneg(p.ki_rusage.ru_majflt);
  k.nice = p.ki_nice - NZERO;
  k.oncpu = p.ki_oncpu == NOCPU ? -1 : p.ki_oncpu;
  k.lastcpu = p.ki_lastcpu == NOCPU ? -1 : p.ki_lastcpu;
  k.num_threads = p.ki_numthreads;
  k.system = (p.ki_flag & P_SYSTEM) != 0;
  return k;
}

// The kinfo_procs of a kern.proc table (sizes checked: kernel and headers must agree).
std::vector<struct kinfo_proc> kinfo_procs(const std::vector<char>& buf, const char* what) {
  std::vector<struct kinfo_proc> out(buf.size() / sizeof(struct kinfo_proc));
  if (!buf.empty()) std::memcpy(out.data(), buf.data(), out.size() * sizeof(struct kinfo_proc));
  for (const struct kinfo_proc& p : out)
    if (p.ki_structsize != sizeof(struct kinfo_proc))
      throw error(std::string(what) + ": a struct kinfo_proc of " +
                  std::to_string(p.ki_structsize) + " bytes, expected " +
                  std::to_string(sizeof(struct kinfo_proc)));
  return out;
}

std::string_view view(const std::vector<char>& v) { return {v.data(), v.size()}; }

// psutil: a rlimit value; RLIM_INFINITY is -1.
std::int64_t from_rlim(rlim_t v) {
  return v == RLIM_INFINITY ? rlim_infinity : static_cast<std::int64_t>(v);
}

rlim_t to_rlim(std::int64_t v) {
  if (v == rlim_infinity) return RLIM_INFINITY;
  if (v < 0) throw invalid_argument("rlimit values must be >= 0 or RLIM_INFINITY (-1)");
  return static_cast<rlim_t>(v);
}

}  // namespace

std::vector<kfile> freebsd::filedesc(long pid) {
  return parse_kinfo_files(
      view(process_table(pid, {CTL_KERN, KERN_PROC, KERN_PROC_FILEDESC, static_cast<int>(pid)},
                         "kern.proc.filedesc")),
      freebsd::k_kinfo_file);
}

std::optional<kproc> find_kproc(long pid) {
  struct kinfo_proc p;
  std::size_t len = sizeof p;
  const int mib[] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, static_cast<int>(pid)};
  if (!posix::sysctl_into(mib, 4, &p, sizeof p, &len)) {
    const int err = errno;
    if (err == ESRCH) return std::nullopt;
    posix::throw_errno(err, "sysctl kern.proc.pid (pid=" + std::to_string(pid) + ")");
  }
  if (len == 0) return std::nullopt;  // no such process (or not visible to us)
  if (len != sizeof p || p.ki_structsize != sizeof p)
    throw error("sysctl kern.proc.pid: a struct kinfo_proc of " + std::to_string(len) +
                " bytes, expected " + std::to_string(sizeof p));
  return kproc_of(p);
}

std::vector<kproc> all_kprocs() {
  const int mib[] = {CTL_KERN, KERN_PROC, KERN_PROC_PROC, 0};
  std::vector<kproc> out;
  for (const struct kinfo_proc& p :
       kinfo_procs(posix::sysctl_bytes(mib, 4, "kern.proc.proc"), "kern.proc.proc"))
    out.push_back(kproc_of(p));
  return out;
}

std::vector<std::string> cmdline(const kproc& k) {
  return split_nul_list(view(process_table(
      k.pid, {CTL_KERN, KERN_PROC, KERN_PROC_ARGS, static_cast<int>(k.pid)}, "kern.proc.args")));
}

// psutil: a zombie has none (zombie_process); a kernel process has none (empty).
std::map<std::string, std::string> environ(const kproc& k) {
  if (is_zombie(k_flavor, k.stat)) posix::throw_zombie(k.pid, k.ppid);
  if (k.system) return {};
  return environ_from(split_nul_list(view(process_table(
      k.pid, {CTL_KERN, KERN_PROC, KERN_PROC_ENV, static_cast<int>(k.pid)}, "kern.proc.env"))));
}

// psutil: "" for PID 0 and when the kernel no longer knows the path (ENOENT, issue 907).
std::string exe(const kproc& k) {
  if (k.pid == 0) return {};
  char path[PATH_MAX] = "";
  std::size_t len = 0;
  const int mib[] = {CTL_KERN, KERN_PROC, KERN_PROC_PATHNAME, static_cast<int>(k.pid)};
  if (!posix::sysctl_into(mib, 4, path, sizeof path, &len)) {
    const int err = errno;
    if (err == ENOENT) return {};
    process_error(k.pid, err, "sysctl kern.proc.pathname");
  }
  return fixed_string(path, std::min(len, sizeof path));
}

// psutil: "" when the kernel has no current directory (kernel processes: EINVAL).
std::string cwd(const kproc& k) {
  std::vector<char> buf;
  const int mib[] = {CTL_KERN, KERN_PROC, KERN_PROC_CWD, static_cast<int>(k.pid)};
  if (!posix::sysctl_bytes_into(mib, 4, buf)) {
    const int err = errno;
    if (err != EINVAL) process_error(k.pid, err, "sysctl kern.proc.cwd");
    raise_if_gone_or_zombie(k.pid);
    return {};
  }
  return cwd_from(parse_kinfo_files(view(buf), freebsd::k_kinfo_file));
}

int num_fds(const kproc& k) { return count_fds(freebsd::filedesc(k.pid)); }

std::vector<thread_t> threads(const kproc& k) {
  const std::vector<char> buf = process_table(
      k.pid, {CTL_KERN, KERN_PROC, KERN_PROC_PID | KERN_PROC_INC_THREAD, static_cast<int>(k.pid)},
      "kern.proc.pid (threads)");
  if (buf.empty()) posix::throw_gone(k.pid);
  std::vector<thread_t> out;
  for (const struct kinfo_proc& t : kinfo_procs(buf, "kern.proc.pid (threads)"))
    out.push_back(thread_t{static_cast<long>(t.ki_tid), us_to_seconds(tv_us(t.ki_rusage.ru_utime)),
                           us_to_seconds(tv_us(t.ki_rusage.ru_stime))});
  return out;
}

std::vector<open_file_t> open_files(const kproc& k) {
  return open_files_from(freebsd::filedesc(k.pid));
}

std::vector<memory_map_t> memory_maps(const kproc& k, bool grouped) {
  return memory_maps_from(
      parse_kinfo_vmentries(
          view(process_table(k.pid, {CTL_KERN, KERN_PROC, KERN_PROC_VMMAP, static_cast<int>(k.pid)},
                             "kern.proc.vmmap")),
          freebsd::k_kinfo_vmentry),
      grouped, page_size());
}

rlimit_t get_rlimit(long pid, int resource) {
  if (resource < 0 || resource >= RLIM_NLIMITS)
    throw invalid_argument("invalid rlimit resource " + std::to_string(resource));
  struct rlimit r;
  const int mib[] = {CTL_KERN, KERN_PROC, KERN_PROC_RLIMIT, static_cast<int>(pid), resource};
  if (!posix::sysctl_into(mib, 5, &r, sizeof r)) {
    const int err = errno;
    process_error(pid, err, "sysctl kern.proc.rlimit");
  }
  return {from_rlim(r.rlim_cur), from_rlim(r.rlim_max)};
}

void set_rlimit(long pid, int resource, rlimit_t limits) {
  if (resource < 0 || resource >= RLIM_NLIMITS)
    throw invalid_argument("invalid rlimit resource " + std::to_string(resource));
  struct rlimit r;
  r.rlim_cur = to_rlim(limits.soft);
  r.rlim_max = to_rlim(limits.hard);
  const int mib[] = {CTL_KERN, KERN_PROC, KERN_PROC_RLIMIT, static_cast<int>(pid), resource};
  if (::sysctl(mib, 5, nullptr, nullptr, &r, sizeof r) != 0) {
    const int err = errno;
    if (err == EINVAL) throw invalid_argument(posix::pid_msg("sysctl kern.proc.rlimit", pid, err));
    process_error(pid, err, "sysctl kern.proc.rlimit");
  }
}

std::vector<int> get_affinity(long pid) {
  cpuset_t mask;
  CPU_ZERO(&mask);
  if (::cpuset_getaffinity(CPU_LEVEL_WHICH, CPU_WHICH_PID, static_cast<id_t>(pid), sizeof mask,
                           &mask) != 0) {
    const int err = errno;
    process_error(pid, err, "cpuset_getaffinity");
  }
  std::vector<int> out;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &mask)) out.push_back(cpu);
  return out;
}

// psutil: every CPU is checked against the CPUs there are (cpuset_setaffinity's own errors on
// a CPU it does not have are unclear, psutil's issue 586); an empty list means all of them.
void set_affinity(long pid, const std::vector<int>& cpus) {
  const int n = static_cast<int>(cp_times().size());
  auto choose = [n] { return "choose between 0 and " + std::to_string(n - 1); };
  cpuset_t mask;
  CPU_ZERO(&mask);
  if (cpus.empty()) {
    for (int cpu = 0; cpu < n && cpu < CPU_SETSIZE; ++cpu) CPU_SET(cpu, &mask);
  }
  for (int cpu : cpus) {
    if (cpu < 0 || cpu >= n || cpu >= CPU_SETSIZE)
      throw invalid_argument("invalid CPU " + std::to_string(cpu) + "; " + choose());
    CPU_SET(cpu, &mask);
  }
  if (::cpuset_setaffinity(CPU_LEVEL_WHICH, CPU_WHICH_PID, static_cast<id_t>(pid), sizeof mask,
                           &mask) != 0) {
    const int err = errno;
    if (err == EINVAL || err == EDEADLK)
      throw invalid_argument(posix::pid_msg("cpuset_setaffinity", pid, err) + "; " + choose());
    process_error(pid, err, "cpuset_setaffinity");
  }
}

}  // namespace psinfo::detail::bsd
