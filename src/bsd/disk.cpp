// BSD disks: partitions from getfsstat(2) with psutil's mount options of each BSD, usage from
// statvfs(3), I/O counters from each BSD's statistics (freebsd_disk.cpp: devstat;
// openbsd_disk.cpp: hw.diskstats).
#include <sys/param.h>
#include <sys/types.h>
// sys/param.h and sys/types.h first: sys/mount.h needs them.
#include <sys/mount.h>

#include "bsd/bsd.hpp"

namespace psinfo::detail {

// psutil ignores `all` on the BSDs (its issue 906): every mounted filesystem.
std::vector<partition_t> disk_partitions(bool) {
  const std::vector<posix::mount_flag>& flags = bsd::mount_flags();
  std::vector<partition_t> out;
  for (const struct statfs& fs : posix::mounted()) {
    partition_t p;
    p.device = fs.f_mntfromname;
    p.mountpoint = fs.f_mntonname;
    p.fstype = fs.f_fstypename;
    const std::uint64_t f = fs.f_flags;
    p.opts = posix::mount_opts(f, (f & MNT_RDONLY) != 0, flags.data(), flags.data() + flags.size());
    out.push_back(std::move(p));
  }
  return out;
}

disk_usage_t disk_usage(const std::string& path) { return posix::disk_usage(path); }

// Every device the kernel counts; psutil sums them all.
std::map<std::string, disk_io_counters_t> disk_io_counters(bool) { return bsd::disk_counters(); }

}  // namespace psinfo::detail
