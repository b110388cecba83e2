// Reading /proc and /sys: every path goes through proc_path()/sys_path(), which honour
// PSINFO_PROCFS_PATH / PSINFO_SYSFS_PATH and set_procfs_path()/set_sysfs_path().
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <psinfo/errors.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace psinfo::detail {

void close_fd(int fd) noexcept;

// A growable byte buffer that, unlike std::string::resize, never zero-fills: files are read
// straight into it, and its capacity is kept between reads.
class file_buffer {
 public:
  std::string_view view() const noexcept { return {data_.get(), len_}; }
  operator std::string_view() const noexcept { return view(); }
  char* data() noexcept { return data_.get(); }
  std::size_t capacity() const noexcept { return cap_; }
  void set_size(std::size_t n) noexcept { len_ = n; }
  void grow(std::size_t min_capacity);  // keeps the first size() bytes

 private:
  std::unique_ptr<char[]> data_;
  std::size_t cap_ = 0;
  std::size_t len_ = 0;
};

// A file descriptor closed at scope exit (close_fd).
class unique_fd {
 public:
  explicit unique_fd(int fd = -1) noexcept : fd_(fd) {}
  ~unique_fd() {
    if (fd_ >= 0) close_fd(fd_);
  }
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  int get() const noexcept { return fd_; }
  int release() noexcept {
    int f = fd_;
    fd_ = -1;
    return f;
  }

 private:
  int fd_;
};

std::string proc_path(std::string_view rel);  // "<procfs root>/<rel>"
std::string sys_path(std::string_view rel);   // "<sysfs root>/<rel>"

// Runs parse() over a file already read. The parsers see only the text: a psinfo::error one
// throws (a malformed file, its message saying what is wrong) comes out as "<path>: <message>",
// naming the file actually read (under PSINFO_PROCFS_PATH too). `path` is made only then.
[[noreturn]] void rethrow_naming(const std::string& path);
template <class Path, class F>
auto parse_named(Path path, F&& parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const error&) {
    rethrow_naming(path());
  }
}

// Reads the whole file into buf (reused between calls; its capacity is kept) and returns a
// view of it. Throws: access_denied on EACCES/EPERM, error otherwise, naming path and errno.
std::string_view read_file(const std::string& path, file_buffer& buf);

// Like read_file, but returns false (with errno in *err) instead of throwing.
bool try_read_file(const std::string& path, file_buffer& buf, int* err = nullptr);
// The whole content of an open descriptor into buf, growing it (/proc files report size 0):
// read(2) from the current offset, or with at_zero pread(2) from offset 0 (a kept descriptor
// re-read). False with errno in *err (buf emptied); the descriptor stays open.
bool read_fd(int fd, file_buffer& buf, bool at_zero, int* err = nullptr);

// A per-thread buffer for files parsed immediately (most of /proc).
file_buffer& scratch();

// Names in a directory (without "." and ".."); empty if it cannot be opened.
std::vector<std::string> list_dir(const std::string& path);

// Calls fn(const char* name) for each entry of the open directory dirfd ("." and ".."
// included), in the kernel's order (os.listdir's), read with getdents64 into buf (size bytes):
// no DIR allocation nor fstat as opendir does. False with errno set if reading fails.
template <class Fn>
bool for_each_dirent(int dirfd, char* buf, std::size_t size, Fn&& fn);

// fn(const char* name) for each entry of the directory path but "." and "..", in the kernel's
// order, through one getdents64 buffer per thread: fn must not list a directory this way
// itself. Returns 0, or the errno of opening path (a read error ends the listing early, as
// readdir's did).
template <class Fn>
int for_each_name(const std::string& path, Fn&& fn);

bool path_exists(const std::string& path);

// sysconf(_SC_CLK_TCK) (the unit of /proc's CPU times) and the page size, read once.
double clock_ticks() noexcept;
std::uint64_t page_size() noexcept;

// Throws the exception that errno `err` calls for, with "what: path: strerror".
[[noreturn]] void throw_errno(int err, const std::string& what, const std::string& path);

// -- implementation of the templates -----------------------------------------------------------
long getdents64(int dirfd, char* buf, std::size_t size) noexcept;

int open_dir(const std::string& path) noexcept;  // open(O_DIRECTORY|O_CLOEXEC): fd or -errno
char* name_buffer();                             // for_each_name's buffer, kNameBufferSize bytes
constexpr std::size_t kNameBufferSize = 32 * 1024;

template <class Fn>
bool for_each_dirent(int dirfd, char* buf, std::size_t size, Fn&& fn) {
  // struct linux_dirent64: d_ino (8 bytes), d_off (8), d_reclen (2), d_type (1), d_name.
  for (;;) {
    const long n = getdents64(dirfd, buf, size);
    if (n < 0) return false;
    if (n == 0) return true;
    for (long off = 0; off < n;) {
      unsigned short reclen;
      std::memcpy(&reclen, buf + off + 16, sizeof reclen);
      fn(static_cast<const char*>(buf + off + 19));
      off += reclen;
    }
  }
}

template <class Fn>
int for_each_name(const std::string& path, Fn&& fn) {
  const int fd = open_dir(path);
  if (fd < 0) return -fd;
  for_each_dirent(fd, name_buffer(), kNameBufferSize, [&fn](const char* name) {
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) return;
    fn(name);
  });
  close_fd(fd);
  return 0;
}

}  // namespace psinfo::detail
