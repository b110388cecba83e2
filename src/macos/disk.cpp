// macOS disks: partitions (getfsstat), usage (statvfs, with the volume's own "space used"), and
// I/O counters of whole disks (the IOBlockStorageDriver above each IOMedia), as psutil.
#include <psinfo/errors.hpp>

#include <sys/attr.h>
#include <sys/param.h>
#include <sys/types.h>
#include <unistd.h>
// sys/param.h and sys/types.h first: sys/mount.h needs them.
#include <sys/mount.h>

#include "macos/convert.hpp"
#include "macos/iokit.hpp"
#include "platform.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail {

namespace {

// convert.cpp's table of psutil's mount options, checked against <sys/mount.h>.
static_assert(MNT_RDONLY == 0x1 && MNT_SYNCHRONOUS == 0x2 && MNT_NOEXEC == 0x4 &&
                  MNT_NOSUID == 0x8 && MNT_UNION == 0x20 && MNT_ASYNC == 0x40 &&
                  MNT_EXPORTED == 0x100 && MNT_LOCAL == 0x1000 && MNT_QUOTA == 0x2000 &&
                  MNT_ROOTFS == 0x4000 && MNT_DOVOLFS == 0x8000 && MNT_DONTBROWSE == 0x100000 &&
                  MNT_IGNORE_OWNERSHIP == 0x200000 && MNT_AUTOMOUNTED == 0x400000 &&
                  MNT_JOURNALED == 0x800000 && MNT_NOUSERXATTR == 0x1000000 &&
                  MNT_DEFWRITE == 0x2000000 && MNT_UPDATE == 0x10000 && MNT_RELOAD == 0x40000 &&
                  MNT_FORCE == 0x80000 && MNT_CMDFLAGS == 0xf0000 && MNT_QUARANTINE == 0x400 &&
                  MNT_MULTILABEL == 0x4000000 && MNT_NOATIME == 0x10000000,
              "MNT_* of <sys/mount.h>");

// psutil (#2152): the volume's ATTR_VOL_SPACEUSED, which APFS counts right where
// total - free does not (space shared between the volumes of a container).
std::optional<std::uint64_t> space_used(const std::string& path) {
  struct attrlist attrs {};
  attrs.bitmapcount = ATTR_BIT_MAP_COUNT;
  attrs.volattr = ATTR_VOL_INFO | ATTR_VOL_SPACEUSED;
  struct __attribute__((aligned(4), packed)) {
    std::uint32_t size;
    std::uint64_t used;
  } buf{};
  if (::getattrlist(path.c_str(), &attrs, &buf, sizeof buf, 0) != 0) return std::nullopt;
  return buf.used;
}

}  // namespace

std::vector<partition_t> disk_partitions(bool all) {
  std::vector<partition_t> out;
  for (const struct statfs& fs : posix::mounted()) {
    partition_t p;
    p.device = fs.f_mntfromname;
    if (p.device == "none") p.device.clear();
    if (!all && !posix::is_device_path(p.device)) continue;
    p.mountpoint = fs.f_mntonname;
    p.fstype = fs.f_fstypename;
    p.opts = macos::mount_opts_from(fs.f_flags);
    out.push_back(std::move(p));
  }
  return out;
}

disk_usage_t disk_usage(const std::string& path) {
  return posix::disk_usage(path, space_used(path));
}

// Every IOMedia whose parent is an IOBlockStorageDriver: the whole disks ("disk0"), keyed by
// their BSD name, with the driver's "Statistics". Both shapes of the contract are this list
// (psutil's macOS perdisk lists whole disks only).
std::map<std::string, disk_io_counters_t> disk_io_counters(bool) {
  iokit::io_ptr iter;
  if (iokit::io_service_get_matching_services(iokit::main_port_default,
                                              iokit::io_service_matching("IOMedia"),
                                              iter.out()) != KERN_SUCCESS)
    throw error("IOServiceGetMatchingServices(IOMedia) failed: unable to get the list of disks");
  std::map<std::string, disk_io_counters_t> out;
  while (iokit::io_object entry = iokit::io_iterator_next(iter.get())) {
    iokit::io_ptr disk(entry);
    iokit::io_ptr parent;
    if (iokit::io_registry_entry_get_parent(disk.get(), "IOService", parent.out()) != KERN_SUCCESS)
      throw error("IORegistryEntryGetParentEntry failed: unable to get the disk's parent");
    if (!iokit::io_object_conforms_to(parent.get(), "IOBlockStorageDriver")) continue;
    iokit::cf_type raw = nullptr;
    if (iokit::io_registry_entry_create_cf_properties(disk.get(), &raw, nullptr, 0) != KERN_SUCCESS)
      throw error("IORegistryEntryCreateCFProperties failed: the disk's properties");
    iokit::cf_ptr disk_props(raw);
    raw = nullptr;
    if (iokit::io_registry_entry_create_cf_properties(parent.get(), &raw, nullptr, 0) !=
        KERN_SUCCESS)
      throw error("IORegistryEntryCreateCFProperties failed: the driver's properties");
    iokit::cf_ptr driver_props(raw);
    std::optional<std::string> name = iokit::dict_string(disk_props.get(), "BSD Name");
    if (!name) throw error("IOMedia: unable to get the disk's name");
    iokit::cf_type stats = iokit::dict_get(driver_props.get(), "Statistics");
    if (!stats || iokit::cf_get_type_id(stats) != iokit::cf_dictionary_type_id())
      throw error("IOBlockStorageDriver: unable to get the statistics of " + *name);
    out.insert_or_assign(std::move(*name), macos::disk_counters_from([stats](const char* key) {
                           return iokit::dict_number(stats, key);
                         }));
  }
  return out;
}

}  // namespace psinfo::detail
