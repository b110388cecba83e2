// POSIX helpers: disk usage and the mount table (see posix.hpp).
#include <psinfo/errors.hpp>

#include <errno.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
// sys/param.h and sys/types.h first: the BSDs' sys/mount.h needs them.
#include <sys/mount.h>

#include "posix/posix.hpp"
#include "util.hpp"

namespace psinfo::detail::posix {

disk_usage_t disk_usage(const std::string& path, std::optional<std::uint64_t> used_override) {
  struct statvfs st;
  if (::statvfs(path.c_str(), &st) != 0) throw_errno(errno, "statvfs " + path);
  const std::uint64_t frsize = st.f_frsize;
  disk_usage_t u;
  u.total = static_cast<std::uint64_t>(st.f_blocks) * frsize;
  const std::uint64_t avail_to_root = static_cast<std::uint64_t>(st.f_bfree) * frsize;
  u.free = static_cast<std::uint64_t>(st.f_bavail) * frsize;
  u.used = used_override ? *used_override : u.total - avail_to_root;
  // psutil: the percentage of what an unprivileged user can use (used + avail to user).
  u.percent = percent1(static_cast<double>(u.used), static_cast<double>(u.used + u.free));
  return u;
}

std::vector<struct statfs> mounted() {
  std::vector<struct statfs> fs;
  for (int attempt = 0; attempt < 8; ++attempt) {
    const int n = ::getfsstat(nullptr, 0, MNT_NOWAIT);
    if (n < 0) throw_errno(errno, "getfsstat");
    fs.resize(static_cast<std::size_t>(n) + 4);  // room for mounts made meanwhile
    const int got = ::getfsstat(fs.data(), fs.size() * sizeof(struct statfs), MNT_NOWAIT);
    if (got < 0) throw_errno(errno, "getfsstat");
    if (static_cast<std::size_t>(got) < fs.size()) {
      fs.resize(static_cast<std::size_t>(got));
      return fs;
    }
  }
  throw error("getfsstat: the mount table keeps growing");
}

bool is_device_path(const std::string& device) {
  struct stat st;
  return !device.empty() && device[0] == '/' && ::stat(device.c_str(), &st) == 0;
}

}  // namespace psinfo::detail::posix
