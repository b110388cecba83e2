// OpenBSD disks: hw.diskstats (struct diskstats[]); psutil's mount options of OpenBSD.
#include <psinfo/errors.hpp>

#include <sys/param.h>
#include <sys/types.h>
// sys/param.h and sys/types.h first: the headers below need them.
#include <sys/disk.h>
#include <sys/mount.h>
#include <sys/sysctl.h>

#include <cstring>

#include "bsd/bsd.hpp"

namespace psinfo::detail::bsd {

std::map<std::string, disk_io_counters_t> disk_counters() {
  const int mib[] = {CTL_HW, HW_DISKSTATS};
  const std::vector<char> buf = posix::sysctl_bytes(mib, 2, "hw.diskstats");
  std::map<std::string, disk_io_counters_t> out;
  for (std::size_t off = 0; off + sizeof(struct diskstats) <= buf.size();
       off += sizeof(struct diskstats)) {
    struct diskstats ds;
    std::memcpy(&ds, buf.data() + off, sizeof ds);
    diskstats_entry e;
    e.name = fixed_string(ds.ds_name, sizeof ds.ds_name);
    e.rxfer = ds.ds_rxfer;
    e.wxfer = ds.ds_wxfer;
    e.rbytes = ds.ds_rbytes;
    e.wbytes = ds.ds_wbytes;
    e.busy_sec = ds.ds_time.tv_sec;
    e.busy_usec = ds.ds_time.tv_usec;
    out[e.name] = io_counters_from(e);
  }
  return out;
}

const std::vector<posix::mount_flag>& mount_flags() {
  static const std::vector<posix::mount_flag> flags = {
      {MNT_SYNCHRONOUS, "sync"}, {MNT_NOEXEC, "noexec"},   {MNT_NOSUID, "nosuid"},
      {MNT_ASYNC, "async"},      {MNT_NOATIME, "noatime"}, {MNT_SOFTDEP, "softdep"},
  };
  return flags;
}

}  // namespace psinfo::detail::bsd
