// macOS processes: memory_full_info (memory_info plus uss) and memory_footprint (uss: the
// private resident pages of the process's VM regions). psutil has no memory_maps on macOS.
#include <psinfo/errors.hpp>

#include <unistd.h>

#include "macos/convert.hpp"
#include "macos/process_common.hpp"
#include "platform.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail {

namespace {

static_assert(macos::share_mode::cow == SM_COW && macos::share_mode::private_ == SM_PRIVATE &&
                  macos::share_mode::shared == SM_SHARED &&
                  macos::share_mode::large_page == SM_LARGE_PAGE,
              "share modes of <mach/vm_region.h>");

// CPU_TYPE_X86_64 and mach/shared_region.h's SHARED_REGION_BASE / SIZE_X86_64 of the macOS 12+
// SDKs (dyld's cache: 32 GiB from 0x7ff800000000). psutil knows no arm64 range (it tests
// CPU_TYPE_ARM, the 32-bit type), so an arm64 process counts every region by its share mode.
macos::shared_range shared_region() {
  std::optional<int> type = posix::sysctlbyname_value<int>("sysctl.proc_cputype");
  if (type && *type == CPU_TYPE_X86_64) return {0x00007FF800000000ULL, 0x00000007FE000000ULL};
  return {};
}

// psutil's proc_memory_uss(): PROC_PIDREGIONINFO from address 0 up; a failure on the first
// region means the process cannot be read (gone, denied), later it is the end of the map.
std::uint64_t uss_of(long pid) {
  std::vector<macos::region> regions;
  std::uint64_t addr = 0;
  for (;;) {
    struct proc_regioninfo ri;
    errno = 0;
    const int n = ::proc_pidinfo(static_cast<int>(pid), PROC_PIDREGIONINFO, addr, &ri, sizeof ri);
    if (n <= 0) {
      if (regions.empty()) macos::raise_for_pid(pid, errno, "proc_pidinfo(PROC_PIDREGIONINFO)");
      break;
    }
    if (n != static_cast<int>(sizeof ri))
      macos::raise_for_pid(pid, 0, "proc_pidinfo(PROC_PIDREGIONINFO) truncated");
    regions.push_back(macos::region{ri.pri_address, ri.pri_share_mode, ri.pri_ref_count,
                                    ri.pri_private_pages_resident, ri.pri_shared_pages_resident});
    const std::uint64_t next = ri.pri_address + ri.pri_size;
    if (ri.pri_size == 0 || next <= addr) break;  // not advancing (psutil stops too)
    addr = next;
  }
  return macos::uss_pages(regions, shared_region()) *
         static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace

memory_full_info_t proc_memory_full_info(const proc_ref& p) {
  memory_full_info_t m;
  m.info = proc_memory_info(p);
  m.uss = uss_of(p.pid);
  return m;
}

memory_footprint_t proc_memory_footprint(const proc_ref& p) {
  memory_footprint_t m;
  m.uss = uss_of(p.pid);
  return m;
}

std::vector<memory_map_t> proc_memory_maps(const proc_ref&, bool) {
  throw not_supported("memory_maps: not available on macOS");
}

}  // namespace psinfo::detail
