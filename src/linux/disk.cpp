// Linux backend: disks. Mount table, statvfs, /proc/diskstats with the /sys/block fallback.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <psinfo/errors.hpp>

#include "linux/disk_parse.hpp"
#include "linux/parse.hpp"
#include "linux/procfs.hpp"
#include "linux/results.hpp"
#include "paths.hpp"
#include "platform.hpp"
#include "util.hpp"

namespace psinfo::detail {

namespace {

bool is_regular_file(const char* path) {
  struct stat st;
  return ::stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

// psutil's RootFsDeviceFinder: the device behind "/dev/root" or "rootfs", from st_dev of "/"
// through <proc>/partitions, then <sys>/dev/block/M:m/uevent, then <sys>/class/block/*/dev;
// used only if /dev/<name> exists.
std::optional<std::string> find_root_device() {
  struct stat st;
  if (::stat("/", &st) != 0) return std::nullopt;
  const unsigned ma = major(st.st_dev), mi = minor(st.st_dev);
  const std::string needle = std::to_string(ma) + ":" + std::to_string(mi);
  file_buffer buf;  // not scratch(): the caller is parsing the mount table held there
  std::optional<std::string> name;
  if (try_read_file(proc_path("partitions"), buf)) name = find_partition_name(buf, ma, mi);
  if (!name && try_read_file(sys_path("dev/block/" + needle + "/uevent"), buf))
    name = parse_uevent_devname(buf);
  if (!name) {
    for (const std::string& dev : list_dir(sys_path("class/block"))) {
      if (!try_read_file(sys_path("class/block/" + dev + "/dev"), buf)) continue;
      std::string_view v = buf.view();
      while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
      if (v == needle) {
        name = dev;
        break;
      }
    }
  }
  if (!name) return std::nullopt;
  std::string path = "/dev/" + *name;
  if (!path_exists(path)) return std::nullopt;
  return path;
}

// The filesystem types disk_partitions(all=false) keeps. psutil 8: from <proc>/filesystems,
// or, when that is not readable, every type named in <proc>/self/mountinfo.
std::vector<std::string> physical_fstypes() {
  file_buffer& buf = scratch();
  int err = 0;
  const std::string path = proc_path("filesystems");
  if (try_read_file(path, buf, &err)) return parse_physical_filesystems(buf);
  if (err != EACCES && err != EPERM) throw_errno(err, "disk_partitions: cannot read", path);
  std::vector<std::string> types;
  std::string_view text = read_file(proc_path("self/mountinfo"), buf), line;
  while (next_line(text, line)) {
    std::size_t sep = line.find(" - ");
    if (sep == std::string_view::npos) continue;
    line.remove_prefix(sep + 3);
    types.emplace_back(line.substr(0, line.find(' ')));
  }
  return types;
}

// Reads the open fd to its end into buf, then closes it. 0, or the errno of a failed read.
int read_fd(int fd, file_buffer& buf) {
  std::size_t used = 0;
  buf.set_size(0);
  if (buf.capacity() < 4096) buf.grow(4096);
  int err = 0;
  for (;;) {
    if (used == buf.capacity()) {
      buf.set_size(used);
      buf.grow(used * 2);
    }
    ssize_t n = ::read(fd, buf.data() + used, buf.capacity() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;
    if (n <= 0) break;
    used += static_cast<std::size_t>(n);
  }
  ::close(fd);
  buf.set_size(err ? 0 : used);
  return err;
}

// The mount table, into buf. psutil reads /etc/mtab when PROCFS_PATH is /proc and /etc/mtab is
// a regular file (today usually a link to /proc/self/mounts); otherwise <proc>/self/mounts.
// /etc/mtab is opened first and checked with fstat: one path walk through its links, not two
// (stat, then open). Not opened: the check and the read as psutil does them.
std::string_view read_mount_table(file_buffer& buf) {
  if (*procfs_root() == "/proc") {
    // O_NONBLOCK|O_NOCTTY: harmless for a regular file, and opening a FIFO or a tty there
    // neither blocks nor changes the controlling terminal.
    int fd = ::open("/etc/mtab", O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd >= 0) {
      struct stat st;
      if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        if (int err = read_fd(fd, buf)) throw_errno(err, "cannot read", "/etc/mtab");
        return buf.view();
      }
      ::close(fd);
    } else if (is_regular_file("/etc/mtab")) {
      return read_file("/etc/mtab", buf);  // throws why it cannot be opened
    }
  }
  return read_file(proc_path("self/mounts"), buf);
}

// psutil's is_storage_device: a whole disk is one with <sys>/block/<name, '/' -> '!'>.
bool is_whole_disk(std::string_view name) {
  std::string rel = "block/";
  rel += name;
  std::replace(rel.begin() + 6, rel.end(), '/', '!');
  return path_exists(sys_path(rel));
}

// The /sys/block fallback: every directory under <sys>/block/<dev> (the top link followed,
// links below it not, as os.walk does) holding a `stat` file, named by its basename.
void walk_block_dir(const std::string& dir, const std::string& name, bool perdisk,
                    std::map<std::string, disk_io_counters_t>& out) {
  file_buffer& buf = scratch();
  if (try_read_file(dir + "/stat", buf) && (perdisk || is_whole_disk(name)))
    out.insert_or_assign(name, parse_sysfs_block_stat(buf));
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  std::vector<std::string> subdirs;
  while (struct dirent* e = ::readdir(d)) {
    std::string_view n = e->d_name;
    if (n == "." || n == "..") continue;
    bool is_dir = e->d_type == DT_DIR;
    if (e->d_type == DT_UNKNOWN) {
      struct stat st;
      is_dir = ::lstat((dir + "/" + e->d_name).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    }
    if (is_dir) subdirs.emplace_back(n);
  }
  ::closedir(d);
  for (const std::string& s : subdirs) walk_block_dir(dir + "/" + s, s, perdisk, out);
}

}  // namespace

std::vector<partition_t> disk_partitions(bool all) {
  std::vector<std::string> fstypes;
  if (!all) fstypes = physical_fstypes();
  std::string_view text = read_mount_table(scratch()), f[4];
  unsigned escaped;
  std::optional<std::optional<std::string>> root_device;  // resolved once, when needed
  std::vector<partition_t> out;
  if (all) out.reserve(count_lines(text));
  while (next_mount_line(text, f, escaped)) {
    if (f[0].empty()) continue;  // blank or comment
    // Entries all=false drops are not decoded (the escapes never occur in a type name).
    if (!all &&
        (f[0] == "none" || std::find(fstypes.begin(), fstypes.end(), f[2]) == fstypes.end()))
      continue;
    // Built in place; only fields holding a backslash go through the decoder.
    partition_t& p = out.emplace_back();
    mount_entry(f, escaped, p);
    // f[0] decodes to one of these names only if it is that name (an escape adds a blank or
    // a backslash): the cheap comparison on the view.
    if (f[0] == "none") p.device.clear();
    if (f[0] == "/dev/root" || f[0] == "rootfs") {
      if (!root_device) root_device = find_root_device();
      if (*root_device) p.device = **root_device;
    }
  }
  return out;
}

disk_usage_t disk_usage(const std::string& path) {
  if (path.empty()) throw invalid_argument("disk_usage: empty path");
  struct statvfs st;
  if (::statvfs(path.c_str(), &st) != 0) throw_errno(errno, "disk_usage", path);
  const std::uint64_t frsize = st.f_frsize;
  disk_usage_t u;
  u.total = std::uint64_t{st.f_blocks} * frsize;
  u.used = (std::uint64_t{st.f_blocks} - st.f_bfree) * frsize;
  u.free = std::uint64_t{st.f_bavail} * frsize;
  u.percent = percent1(static_cast<double>(u.used), static_cast<double>(u.used + u.free));
  return u;
}

void diskstats_counters(std::string_view text, bool perdisk,
                        std::map<std::string, disk_io_counters_t>& out) {
  out.clear();
  std::string_view line, name;
  disk_io_counters_t c;
  while (next_line(text, line)) {
    if (!parse_diskstats_line(line, name, c)) continue;
    if (!perdisk && !is_whole_disk(name)) continue;
    // Lines usually come in name order: the hint makes that insert one comparison.
    out.insert_or_assign(out.end(), std::string(name), c);
  }
}

std::map<std::string, disk_io_counters_t> disk_io_counters(bool perdisk) {
  std::map<std::string, disk_io_counters_t> out;
  file_buffer& buf = scratch();
  int err = 0;
  const std::string path = proc_path("diskstats");
  if (try_read_file(path, buf, &err)) {
    diskstats_counters(buf, perdisk, out);
    return out;
  }
  if (err != ENOENT) throw_errno(err, "disk_io_counters: cannot read", path);
  const std::string block = sys_path("block");
  if (!path_exists(block))
    throw not_supported("disk_io_counters: neither " + path + " nor " + block + " exists");
  for (const std::string& dev : list_dir(block))
    walk_block_dir(block + "/" + dev, dev, perdisk, out);
  return out;
}

}  // namespace psinfo::detail
