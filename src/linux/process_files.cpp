// Linux processes: open_files from /proc/<pid>/fd and fdinfo (psutil 8's _pslinux rules, see
// PSUTIL-LINUX.md section 7).
#include <psinfo/errors.hpp>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>

#include "linux/process_common.hpp"
#include "linux/process_mem_parse.hpp"
#include "linux/procfs.hpp"
#include "platform.hpp"

namespace psinfo::detail {
namespace {

bool ends_with(std::string_view s, std::string_view p) noexcept {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// psutil's isfile_strict: stat() the path; EACCES/EPERM raise, other failures are "no".
bool is_regular_file(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == EACCES || errno == EPERM) throw_errno(errno, "cannot stat", path);
    return false;
  }
  return S_ISREG(st.st_mode);
}

struct dir_closer {
  void operator()(DIR* d) const noexcept { ::closedir(d); }
};

}  // namespace

std::vector<open_file_t> proc_open_files(const proc_ref& p) {
  const long pid = p.pid;
  const std::string dir = pid_path(pid, "");
  unique_fd pidfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (pidfd.get() < 0) throw_proc_error(pid, errno, dir);
  unique_fd fdfd(::openat(pidfd.get(), "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fdfd.get() < 0) throw_proc_error(pid, errno, dir + "/fd");
  const int fds = fdfd.get();
  std::unique_ptr<DIR, dir_closer> d(::fdopendir(fds));
  if (!d) throw_proc_error(pid, errno, dir + "/fd");
  fdfd.release();  // owned by d now

  std::vector<open_file_t> out;
  bool vanished = false;
  std::string link(256, '\0');
  char rel[8 + sizeof(dirent::d_name)];
  char info[4096];
  while (struct dirent* e = ::readdir(d.get())) {
    const char* name = e->d_name;
    if (name[0] < '0' || name[0] > '9') continue;  // ".", ".."
    ssize_t n;
    for (;;) {
      n = ::readlinkat(fds, name, link.data(), link.size());
      if (n < 0 || static_cast<std::size_t>(n) < link.size()) break;
      link.resize(link.size() * 2);
    }
    if (n < 0) {
      const int err = errno;
      if (err == ENOENT || err == ESRCH) {  // the fd closed meanwhile
        vanished = true;
        continue;
      }
      if (err == EINVAL || err == ENAMETOOLONG) continue;  // not a link / too long
      throw_proc_error(pid, err, dir + "/fd/" + name);
    }
    std::string_view target(link.data(), static_cast<std::size_t>(n));
    target = target.substr(0, target.find('\0'));  // what follows a NUL is garbage (psutil #717)
    std::string path(target);
    if (ends_with(path, " (deleted)") && !stat_exists(path)) path.resize(path.size() - 10);
    // Sockets, pipes, anon inodes are not absolute; deleted files do not stat; devices and
    // directories are not regular.
    if (path.empty() || path[0] != '/' || !is_regular_file(path)) continue;

    std::snprintf(rel, sizeof rel, "fdinfo/%s", name);
    unique_fd fi(::openat(pidfd.get(), rel, O_RDONLY | O_CLOEXEC));
    ssize_t got = fi.get() < 0 ? -1 : ::read(fi.get(), info, sizeof info);
    if (got < 0) {
      const int err = errno;
      if (err == ENOENT || err == ESRCH) {
        vanished = true;
        continue;
      }
      throw_proc_error(pid, err, dir + "/" + rel);
    }
    fdinfo_t fdi = parse_fdinfo(std::string_view(info, static_cast<std::size_t>(got)));
    open_file_t f;
    f.path = std::move(path);
    std::from_chars(name, name + std::strlen(name), f.fd);
    f.position = fdi.pos;
    f.flags = fdi.flags;
    f.mode = file_mode(fdi.flags);
    out.push_back(std::move(f));
  }
  if (vanished) assert_alive(pid);
  return out;
}

}  // namespace psinfo::detail
