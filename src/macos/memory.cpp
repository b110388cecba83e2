// macOS memory: host_statistics64(HOST_VM_INFO64) page counts with hw.memsize, and
// vm.swapusage, by psutil's formulas (src/macos/convert.cpp).
#include <psinfo/errors.hpp>

#include <mach/mach.h>
#include <mach/mach_host.h>
#include <sys/types.h>
#include <unistd.h>
// sys/types.h first: sys/sysctl.h needs it.
#include <sys/sysctl.h>

#include "macos/convert.hpp"
#include "macos/mach.hpp"
#include "platform.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail {

namespace {

macos::vm_pages vm_info() {
  const auto vm = macos::host_stats<vm_statistics64_data_t>(
      host_statistics64, HOST_VM_INFO64, HOST_VM_INFO64_COUNT, "host_statistics64(HOST_VM_INFO64)");
  macos::vm_pages p;
  p.free = vm.free_count;
  p.active = vm.active_count;
  p.inactive = vm.inactive_count;
  p.wire = vm.wire_count;
  p.speculative = vm.speculative_count;
  p.pageins = vm.pageins;
  p.pageouts = vm.pageouts;
  return p;
}

std::uint64_t page_size() { return static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)); }

}  // namespace

virtual_memory_t virtual_memory() {
  const auto total = posix::sysctl_value<std::uint64_t>({CTL_HW, HW_MEMSIZE}, "hw.memsize");
  return macos::virtual_memory_from(total, vm_info(), page_size());
}

swap_memory_t swap_memory() {
  const auto x = posix::sysctl_value<struct xsw_usage>({CTL_VM, VM_SWAPUSAGE}, "vm.swapusage");
  return macos::swap_memory_from({x.xsu_total, x.xsu_avail, x.xsu_used}, vm_info(), page_size());
}

}  // namespace psinfo::detail
