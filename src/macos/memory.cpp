// macOS memory: host_statistics64(HOST_VM_INFO64) page counts with hw.memsize, and
// vm.swapusage, by psutil's formulas (src/macos/convert.cpp).
#include <psinfo/errors.hpp>

#include <mach/mach.h>
#include <mach/mach_host.h>
#include <malloc/malloc.h>
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

// Every malloc zone of this process (malloc_get_all_zones), else the default zone alone, as
// psutil. The array belongs to libmalloc.
template <class Fn>
void each_zone(Fn fn) {
  vm_address_t* zones = nullptr;
  unsigned count = 0;
  if (malloc_get_all_zones(mach_task_self(), nullptr, &zones, &count) == KERN_SUCCESS && zones &&
      count > 0) {
    for (unsigned i = 0; i < count; ++i) fn(reinterpret_cast<malloc_zone_t*>(zones[i]));
    return;
  }
  malloc_zone_t* zone = malloc_default_zone();
  if (!zone) throw error("malloc_default_zone() failed");
  fn(zone);
}

}  // namespace

virtual_memory_t virtual_memory() {
  const auto total = posix::sysctl_value<std::uint64_t>({CTL_HW, HW_MEMSIZE}, "hw.memsize");
  return macos::virtual_memory_from(total, vm_info(), page_size());
}

swap_memory_t swap_memory() {
  const auto x = posix::sysctl_value<struct xsw_usage>({CTL_VM, VM_SWAPUSAGE}, "vm.swapusage");
  return macos::swap_memory_from({x.xsu_total, x.xsu_avail, x.xsu_used}, vm_info(), page_size());
}

// psutil's heap_info() on macOS: the bytes in use of every malloc zone; libmalloc keeps no
// count of its large (mmap'd) blocks apart, so mmap_used is 0 as psutil reports it, and there is
// no heap_count (Windows).
heap_info_t heap_info() {
  heap_info_t h;
  each_zone([&](malloc_zone_t* zone) {
    malloc_statistics_t st{};
    malloc_zone_statistics(zone, &st);
    h.heap_used += st.size_in_use;
  });
  return h;
}

// psutil's heap_trim(): each zone gives back what it can (malloc_zone_pressure_relief).
void heap_trim() {
  each_zone([](malloc_zone_t* zone) { malloc_zone_pressure_relief(zone, 0); });
}

}  // namespace psinfo::detail
