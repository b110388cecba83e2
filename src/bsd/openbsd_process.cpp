// OpenBSD processes: struct kinfo_proc (kern.proc), and what psutil reads besides:
// kern.proc_args (argv and environment as pointer arrays), kern.proc_cwd, kern.file by PID, the
// threads (KERN_PROC_SHOW_THREADS). OpenBSD does not give the executable's path: psutil's guess
// (which(cmdline[0])) stands in. psutil has no memory_maps, rlimit or cpu_affinity here.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/param.h>
#include <sys/types.h>
// sys/param.h and sys/types.h first: the headers below need them.
#include <sys/file.h>
#include <sys/proc.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/vnode.h>
#include <unistd.h>

#include <cstring>
#include <string_view>

#include "bsd/bsd.hpp"
#include "bsd/openbsd.hpp"

namespace psinfo::detail::bsd {

static_assert(SIDL == 1 && SRUN == 2 && SSLEEP == 3 && SSTOP == 4 && SZOMB == 5 && SDEAD == 6 &&
                  SONPROC == 7,
              "OpenBSD's S* process states");

namespace {

std::int64_t tv_us(std::uint64_t sec, std::uint32_t usec) {
  return static_cast<std::int64_t>(sec) * 1000000 + usec;
}

std::uint64_t nonneg(std::int64_t v) { return v > 0 ? static_cast<std::uint64_t>(v) : 0; }

kproc kproc_of(const struct kinfo_proc& p) {
  kproc k;
  k.pid = p.p_pid;
  k.ppid = p.p_ppid;
  k.name = fixed_string(p.p_comm, sizeof p.p_comm);
  k.stat = p.p_stat;
  k.ruid = p.p_ruid;
  k.euid = p.p_uid;
  k.suid = p.p_svuid;
  k.rgid = p.p_rgid;
  k.egid = p.p_gid;  // psutil reads p_groups[0], a supplementary group; p_gid is the effective
  k.sgid = p.p_svgid;
  if (p.p_tdev != static_cast<std::uint32_t>(NODEV)) k.tdev = p.p_tdev;
  k.start_us = tv_us(p.p_ustart_sec, p.p_ustart_usec);  // 0 for a zombie
  k.utime_us = tv_us(p.p_uutime_sec, p.p_uutime_usec);
  k.stime_us = tv_us(p.p_ustime_sec, p.p_ustime_usec);
  // Only the children's user + system sum is kept; psutil reports it for both.
  k.cutime_us = k.cstime_us = tv_us(p.p_uctime_sec, p.p_uctime_usec);
  k.rss = nonneg(p.p_vm_rssize);
  k.text = nonneg(p.p_vm_tsize);
  k.data = nonneg(p.p_vm_dsize);
  k.stack = nonneg(p.p_vm_ssize);
  k.maxrss_kib = p.p_uru_maxrss;
  k.nvcsw = p.p_uru_nvcsw;
  k.nivcsw = p.p_uru_nivcsw;
  k.inblock = p.p_uru_inblock;
  k.oublock = p.p_uru_oublock;
  k.minflt = p.p_uru_minflt;
  k.majflt = p.p_uru_majflt;
  k.nice = p.p_nice - NZERO;
  k.system = (p.p_flag & P_SYSTEM) != 0;
  return k;
}

std::vector<struct kinfo_proc> kinfo_procs(const std::vector<char>& buf) {
  std::vector<struct kinfo_proc> out(buf.size() / sizeof(struct kinfo_proc));
  if (!out.empty()) std::memcpy(out.data(), buf.data(), out.size() * sizeof(struct kinfo_proc));
  return out;
}

// argv or the environment (KERN_PROC_ARGV / KERN_PROC_ENV): pointers into the buffer itself, as
// the kernel made them for the address we passed (sysctl_bytes_into's buffer is not moved after
// the call that filled it). psutil: EINVAL / EFAULT (the process is exiting or is a kernel
// process) give a zombie_process, a no_such_process, or nothing.
std::vector<std::string> proc_args(const kproc& k, int which, const char* what) {
  std::vector<char> buf;
  const int mib[] = {CTL_KERN, KERN_PROC_ARGS, static_cast<int>(k.pid), which};
  if (!posix::sysctl_bytes_into(mib, 4, buf)) {
    const int err = errno;
    if (err == EINVAL || err == EFAULT) {
      raise_if_gone_or_zombie(k.pid);
      return {};
    }
    if (which == KERN_PROC_ENV && err == EBUSY) return {};  // an exec is in progress
    process_error(k.pid, err, what);
  }
  return split_pointer_list(std::string_view(buf.data(), buf.size()),
                            reinterpret_cast<std::uintptr_t>(buf.data()), sizeof(char*));
}

bool executable_file(const std::string& path) {
  struct stat st;
  return ::access(path.c_str(), X_OK) == 0 && ::stat(path.c_str(), &st) == 0 &&
         !S_ISDIR(st.st_mode);
}

// Python's shutil.which(name), the caller's PATH (psutil's guess at OpenBSD's exe).
std::string which(const std::string& name) {
  if (name.empty()) return {};
  if (name.find('/') != std::string::npos) return executable_file(name) ? name : std::string();
  const char* env = ::getenv("PATH");
  std::string_view path = env ? env : ":/bin:/usr/bin";
  while (true) {
    const std::size_t colon = path.find(':');
    std::string dir(path.substr(0, colon));
    std::string candidate = dir.empty() ? name : dir + "/" + name;
    if (executable_file(candidate)) return candidate;
    if (colon == std::string_view::npos) return {};
    path.remove_prefix(colon + 1);
  }
}

}  // namespace

std::vector<struct kinfo_file> openbsd::kinfo_files(long pid) {
  const int mib[] = {CTL_KERN,
                     KERN_FILE,
                     KERN_FILE_BYPID,
                     static_cast<int>(pid),
                     static_cast<int>(sizeof(struct kinfo_file)),
                     INT_MAX};
  std::vector<char> buf;
  if (!posix::sysctl_bytes_into(mib, 6, buf)) {
    const int err = errno;
    if (pid < 0) posix::throw_errno(err, "sysctl kern.file");
    if (pid == 0 && err == ESRCH) return {};  // psutil: PID 0 has no files
    process_error(pid, err, "sysctl kern.file");
  }
  std::vector<struct kinfo_file> out(buf.size() / sizeof(struct kinfo_file));
  if (!out.empty()) std::memcpy(out.data(), buf.data(), out.size() * sizeof(struct kinfo_file));
  return out;
}

std::optional<kproc> find_kproc(long pid) {
  struct kinfo_proc p;
  std::size_t len = sizeof p;
  const int mib[] = {
      CTL_KERN, KERN_PROC, KERN_PROC_PID, static_cast<int>(pid), static_cast<int>(sizeof p), 1};
  if (!posix::sysctl_into(mib, 6, &p, sizeof p, &len)) {
    const int err = errno;
    if (err == ESRCH) return std::nullopt;
    posix::throw_errno(err, "sysctl kern.proc (pid=" + std::to_string(pid) + ")");
  }
  if (len < sizeof p) return std::nullopt;  // no such process
  return kproc_of(p);
}

// psutil's pids(): every process but the kernel threads, and PID 0 (which the table leaves out
// but which answers).
std::vector<kproc> all_kprocs() {
  const int mib[] = {
      CTL_KERN, KERN_PROC, KERN_PROC_ALL, 0, static_cast<int>(sizeof(struct kinfo_proc)), INT_MAX};
  std::vector<kproc> out;
  bool zero = false;
  for (const struct kinfo_proc& p : kinfo_procs(posix::sysctl_bytes(mib, 6, "kern.proc"))) {
    out.push_back(kproc_of(p));
    zero = zero || p.p_pid == 0;
  }
  if (!zero) {
    try {
      if (std::optional<kproc> k = find_kproc(0)) out.insert(out.begin(), std::move(*k));
    } catch (const error&) {
    }
  }
  return out;
}

std::vector<std::string> cmdline(const kproc& k) {
  if (k.pid == 0) return {};  // psutil: the kernel would fail
  return proc_args(k, KERN_PROC_ARGV, "sysctl kern.proc_args");
}

std::map<std::string, std::string> environ(const kproc& k) {
  if (is_zombie(k_flavor, k.stat)) posix::throw_zombie(k.pid, k.ppid);
  if (k.system) return {};
  return environ_from(proc_args(k, KERN_PROC_ENV, "sysctl kern.proc_args (env)"));
}

std::string exe(const kproc& k) {
  const std::vector<std::string> args = cmdline(k);
  return args.empty() ? std::string() : which(args[0]);
}

// psutil: "" for PID 0 and when the kernel has no directory for it (ENOENT).
std::string cwd(const kproc& k) {
  if (k.pid == 0) return {};
  char path[MAXPATHLEN] = "";
  std::size_t len = 0;
  const int mib[] = {CTL_KERN, KERN_PROC_CWD, static_cast<int>(k.pid)};
  if (!posix::sysctl_into(mib, 3, path, sizeof path, &len)) {
    const int err = errno;
    if (err == ENOENT) return {};
    process_error(k.pid, err, "sysctl kern.proc_cwd");
  }
  return fixed_string(path, len < sizeof path ? len : sizeof path);
}

// The descriptors (fd_fd >= 0; kern.file also lists the text, cwd and root vnodes, which
// psutil counts).
int num_fds(const kproc& k) {
  int n = 0;
  for (const struct kinfo_file& f : openbsd::kinfo_files(k.pid)) n += f.fd_fd >= 0;
  return n;
}

std::vector<thread_t> threads(const kproc& k) {
  const std::vector<char> buf =
      process_table(k.pid,
                    {CTL_KERN, KERN_PROC, KERN_PROC_PID | KERN_PROC_SHOW_THREADS,
                     static_cast<int>(k.pid), static_cast<int>(sizeof(struct kinfo_proc)), INT_MAX},
                    "sysctl kern.proc (threads)");
  std::vector<thread_t> out;
  for (const struct kinfo_proc& t : kinfo_procs(buf)) {
    if (t.p_tid < 0 || t.p_pid != k.pid) continue;  // the process's own entry has no TID
    out.push_back(thread_t{t.p_tid, us_to_seconds(tv_us(t.p_uutime_sec, t.p_uutime_usec)),
                           us_to_seconds(tv_us(t.p_ustime_sec, t.p_ustime_usec))});
  }
  read_kproc(k.pid);  // psutil: a process gone meanwhile is no_such_process, not no threads
  return out;
}

// psutil: the regular files open on a descriptor; OpenBSD's kern.file has no path, so it is "".
std::vector<open_file_t> open_files(const kproc& k) {
  std::vector<open_file_t> out;
  for (const struct kinfo_file& f : openbsd::kinfo_files(k.pid)) {
    if (f.fd_fd < 0 || f.f_type != DTYPE_VNODE || f.v_type != VREG) continue;
    open_file_t o;
    o.fd = f.fd_fd;
    o.position = f.f_offset;
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<memory_map_t> memory_maps(const kproc&, bool) {
  throw not_supported("memory_maps: not available on OpenBSD (psutil has none there)");
}
rlimit_t get_rlimit(long, int) {
  throw not_supported("rlimit: not available on OpenBSD (psutil has none there)");
}
void set_rlimit(long, int, rlimit_t) {
  throw not_supported("rlimit: not available on OpenBSD (psutil has none there)");
}
std::vector<int> get_affinity(long) {
  throw not_supported("cpu_affinity: not available on OpenBSD (psutil has none there)");
}
void set_affinity(long, const std::vector<int>&) {
  throw not_supported("cpu_affinity: not available on OpenBSD (psutil has none there)");
}

}  // namespace psinfo::detail::bsd
