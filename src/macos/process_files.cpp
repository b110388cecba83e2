// macOS processes: open_files, as psutil: the vnode descriptors of PROC_PIDLISTFDS with their
// paths (PROC_PIDFDVNODEPATHINFO), regular files only.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <sys/stat.h>

#include <cstring>

#include "macos/process_common.hpp"
#include "platform.hpp"

namespace psinfo::detail {

std::vector<open_file_t> proc_open_files(const proc_ref& p) {
  if (p.pid == 0) return {};  // psutil #2116
  std::vector<open_file_t> out;
  for (const struct proc_fdinfo& fd : macos::list_fds(p.pid)) {
    if (fd.proc_fdtype != PROX_FDTYPE_VNODE) continue;
    struct vnode_fdinfowithpath vi;
    errno = 0;
    const int n = ::proc_pidfdinfo(static_cast<int>(p.pid), fd.proc_fd, PROC_PIDFDVNODEPATHINFO,
                                   &vi, sizeof vi);
    if (n < static_cast<int>(sizeof vi)) {
      if (errno == ENOENT || errno == EBADF) continue;  // closed or removed meanwhile
      macos::raise_for_pid(p.pid, errno, "proc_pidfdinfo(PROC_PIDFDVNODEPATHINFO)");
    }
    open_file_t f;
    f.path.assign(vi.pvip.vip_path, strnlen(vi.pvip.vip_path, sizeof vi.pvip.vip_path));
    f.fd = fd.proc_fd;
    struct stat st;  // psutil's isfile_strict: a regular file, not following a dangling link
    if (::stat(f.path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace psinfo::detail
