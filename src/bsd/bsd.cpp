// What FreeBSD and OpenBSD share below the contract files (see bsd.hpp).
#include <psinfo/errors.hpp>

#include <errno.h>
#include <string.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>
// sys/types.h first: the BSDs' sys/sysctl.h needs its types.
#include <sys/sysctl.h>

#include "bsd/bsd.hpp"

namespace psinfo::detail::bsd {

std::uint64_t page_size() {
  static const std::uint64_t size = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

int stat_hz() {
  const struct clockinfo ci =
      posix::sysctl_value<struct clockinfo>({CTL_KERN, KERN_CLOCKRATE}, "kern.clockrate");
  return ci.stathz > 0 ? ci.stathz : ci.hz;  // stathz 0: the statistics run off hz
}

int ncpu() { return posix::sysctl_value<int>({CTL_HW, HW_NCPU}, "hw.ncpu"); }

std::int64_t boot_time_us() {
  const struct timeval tv =
      posix::sysctl_value<struct timeval>({CTL_KERN, KERN_BOOTTIME}, "kern.boottime");
  return static_cast<std::int64_t>(tv.tv_sec) * 1000000 + tv.tv_usec;
}

kproc read_kproc(long pid) {
  std::optional<kproc> k = find_kproc(pid);
  if (!k) posix::throw_gone(pid);
  return std::move(*k);
}

namespace {
struct bsd_oneshot {
  std::optional<kproc> k;
};
}  // namespace

kproc kinfo(const proc_ref& p) {
  bsd_oneshot* c = oneshot_cache<bsd_oneshot>(p);
  if (c && c->k) return *c->k;
  kproc k = read_kproc(p.pid);
  if (c) c->k = k;
  return k;
}

void raise_if_gone_or_zombie(long pid) {
  std::optional<kproc> k = find_kproc(pid);
  if (!k) posix::throw_gone(pid);
  if (is_zombie(k_flavor, k->stat)) posix::throw_zombie(pid, k->ppid);
}

void process_error(long pid, int err, const std::string& what) {
  if (err == EPERM || err == EACCES) throw access_denied(posix::pid_msg(what, pid, err), err);
  if (err == ESRCH || err == EINVAL || err == EFAULT || err == ENOENT) {
    raise_if_gone_or_zombie(pid);
    if (err == ESRCH) posix::throw_gone(pid);
  }
  throw error(posix::pid_msg(what, pid, err), err);
}

std::vector<char> process_table(long pid, std::initializer_list<int> mib, const char* what) {
  std::vector<char> buf;
  if (!posix::sysctl_bytes_into(mib.begin(), static_cast<unsigned>(mib.size()), buf)) {
    const int err = errno;
    process_error(pid, err, what);
  }
  return buf;
}

}  // namespace psinfo::detail::bsd
