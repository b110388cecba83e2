#include "linux/procfs.hpp"

#include <psinfo/errors.hpp>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.hpp"

namespace psinfo::detail {

namespace {
std::string join(const std::string& root, std::string_view rel) {
  std::string p;
  p.reserve(root.size() + 1 + rel.size());
  p += root;
  p += '/';
  p += rel;
  return p;
}
}  // namespace

std::string proc_path(std::string_view rel) { return join(*procfs_root(), rel); }
std::string sys_path(std::string_view rel) { return join(*sysfs_root(), rel); }

void throw_errno(int err, const std::string& what, const std::string& path) {
  std::string msg = what + ": " + path + ": " + strerror(err);
  if (err == EACCES || err == EPERM) throw access_denied(msg);
  throw error(msg);
}

bool try_read_file(const std::string& path, std::string& buf, int* err) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (err) *err = errno;
    return false;
  }
  if (buf.capacity() < 4096) buf.reserve(4096);
  // /proc files report size 0, so read until EOF into the buffer's whole capacity.
  buf.resize(buf.capacity());
  size_t used = 0;
  for (;;) {
    if (used == buf.size()) buf.resize(buf.size() * 2);
    ssize_t n = ::read(fd, &buf[used], buf.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      buf.clear();
      if (err) *err = e;
      return false;
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  ::close(fd);
  buf.resize(used);
  return true;
}

std::string_view read_file(const std::string& path, std::string& buf) {
  int err = 0;
  if (!try_read_file(path, buf, &err)) throw_errno(err, "cannot read", path);
  return buf;
}

std::string& scratch() {
  thread_local std::string buf;
  return buf;
}

std::vector<std::string> list_dir(const std::string& path) {
  std::vector<std::string> names;
  DIR* d = ::opendir(path.c_str());
  if (!d) return names;
  while (struct dirent* e = ::readdir(d)) {
    if (e->d_name[0] == '.' && (e->d_name[1] == 0 || (e->d_name[1] == '.' && e->d_name[2] == 0)))
      continue;
    names.emplace_back(e->d_name);
  }
  ::closedir(d);
  return names;
}

bool path_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace psinfo::detail
