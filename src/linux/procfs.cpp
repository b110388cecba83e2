#include "linux/procfs.hpp"

#include <psinfo/errors.hpp>

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <cstring>
#include <sys/stat.h>
#include <typeinfo>
#include <sys/syscall.h>
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

void rethrow_naming(const std::string& path) {
  try {
    throw;
  } catch (const error& e) {
    if (typeid(e) != typeid(error)) throw;  // not a parser's: as it is
    throw error(path + ": " + e.what());
  }
}

void throw_errno(int err, const std::string& what, const std::string& path) {
  std::string msg = what + ": " + path + ": " + strerror(err);
  if (err == EACCES || err == EPERM) throw access_denied(msg, err);
  throw error(msg, err);
}

void file_buffer::grow(std::size_t min_capacity) {
  std::size_t cap = cap_ ? cap_ : 4096;
  while (cap < min_capacity) cap *= 2;
  if (cap == cap_) return;
  std::unique_ptr<char[]> bigger(new char[cap]);
  if (len_) std::memcpy(bigger.get(), data_.get(), len_);
  data_ = std::move(bigger);
  cap_ = cap;
}

bool try_read_file(const std::string& path, file_buffer& buf, int* err) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (err) *err = errno;
    return false;
  }
  const bool ok = read_fd(fd, buf, false, err);
  ::close(fd);
  return ok;
}

bool read_fd(int fd, file_buffer& buf, bool at_zero, int* err) {
  buf.set_size(0);
  if (buf.capacity() < 4096) buf.grow(4096);
  std::size_t used = 0;
  for (;;) {
    if (used == buf.capacity()) {
      buf.set_size(used);
      buf.grow(used * 2);
    }
    const std::size_t room = buf.capacity() - used;
    ssize_t n = at_zero ? ::pread(fd, buf.data() + used, room, static_cast<off_t>(used))
                        : ::read(fd, buf.data() + used, room);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (err) *err = errno;
      buf.set_size(0);
      return false;
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  buf.set_size(used);
  return true;
}

std::string_view read_file(const std::string& path, file_buffer& buf) {
  int err = 0;
  if (!try_read_file(path, buf, &err)) throw_errno(err, "cannot read", path);
  return buf.view();
}

file_buffer& scratch() {
  thread_local file_buffer buf;
  return buf;
}

long getdents64(int dirfd, char* buf, std::size_t size) noexcept {
  return ::syscall(SYS_getdents64, dirfd, buf, size);
}

int open_dir(const std::string& path) noexcept {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  return fd < 0 ? -errno : fd;
}

void close_fd(int fd) noexcept { ::close(fd); }

char* name_buffer() {
  thread_local std::unique_ptr<char[]> buf(new char[kNameBufferSize]);
  return buf.get();
}

std::vector<std::string> list_dir(const std::string& path) {
  std::vector<std::string> names;
  for_each_name(path, [&names](const char* name) { names.emplace_back(name); });
  return names;
}

bool path_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

double clock_ticks() noexcept {
  static const double tck = [] {
    long t = ::sysconf(_SC_CLK_TCK);
    return t > 0 ? static_cast<double>(t) : 100.0;
  }();
  return tck;
}

std::uint64_t page_size() noexcept {
  static const std::uint64_t ps = [] {
    long p = ::sysconf(_SC_PAGESIZE);
    return p > 0 ? static_cast<std::uint64_t>(p) : 4096;
  }();
  return ps;
}

}  // namespace psinfo::detail
