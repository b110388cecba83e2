// FreeBSD disks: kern.devstat.all (what libdevstat's devstat_getdevs reads), parsed by kbuf.hpp
// with the headers' layout; psutil's mount options of FreeBSD.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <sys/param.h>
#include <sys/types.h>
// sys/param.h and sys/types.h first: sys/mount.h needs them.
#include <sys/mount.h>

#include <string_view>

#include "bsd/bsd.hpp"
#include "bsd/freebsd.hpp"
#include "bsd/freebsd_abi.hpp"

namespace psinfo::detail::bsd {

std::map<std::string, disk_io_counters_t> disk_counters() {
  std::optional<int> version = posix::sysctlbyname_value<int>("kern.devstat.version");
  if (!version) posix::throw_errno(errno, "sysctl kern.devstat.version");
  if (*version != DEVSTAT_VERSION)
    throw error("kern.devstat.version is " + std::to_string(*version) + ", psinfo knows " +
                std::to_string(DEVSTAT_VERSION));
  const std::vector<char> buf = freebsd::bytes_by_name("kern.devstat.all");
  std::map<std::string, disk_io_counters_t> out;
  for (const devstat_entry& d :
       parse_devstat_all(std::string_view(buf.data(), buf.size()), freebsd::k_devstat))
    out[d.name] = io_counters_from(d);
  return out;
}

const std::vector<posix::mount_flag>& mount_flags() {
  static const std::vector<posix::mount_flag> flags = {
      {MNT_SYNCHRONOUS, "sync"},
      {MNT_NOEXEC, "noexec"},
      {MNT_NOSUID, "nosuid"},
      {MNT_ASYNC, "async"},
      {MNT_NOATIME, "noatime"},
      {MNT_SOFTDEP, "softdep"},
      {MNT_UNION, "union"},
      {MNT_SUIDDIR, "suiddir"},
      {MNT_NOSYMFOLLOW, "nosymfollow"},
      {MNT_GJOURNAL, "gjournal"},
      {MNT_MULTILABEL, "multilabel"},
      {MNT_ACLS, "acls"},
      {MNT_NOCLUSTERR, "noclusterr"},
      {MNT_NOCLUSTERW, "noclusterw"},
      {MNT_NFS4ACLS, "nfs4acls"},
  };
  return flags;
}

}  // namespace psinfo::detail::bsd
