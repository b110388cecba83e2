// FreeBSD memory: hw.physmem, the vm.stats.vm page counts, vfs.bufspace and vm.vmtotal (psutil's
// sysctls); swap from kvm_getswapinfo(3) (as swapinfo(8)) and the pages swapped in and out; the C
// heap from jemalloc's mallctl(3).
#include <psinfo/errors.hpp>

#include <errno.h>
#include <fcntl.h>
#include <kvm.h>
#include <malloc_np.h>
#include <paths.h>
#include <sys/types.h>
// sys/types.h first: the sysctl and vm headers need its types.
#include <sys/sysctl.h>
#include <sys/vmmeter.h>
#include <vm/vm_param.h>

#include <cstdint>
#include <memory>
#include <string>

#include "bsd/bsd.hpp"
#include "bsd/freebsd.hpp"

namespace psinfo::detail::bsd {

virtual_memory_t virtual_memory_now() {
  freebsd_vm v;
  v.page_size = page_size();
  std::optional<unsigned long> physmem = posix::sysctlbyname_value<unsigned long>("hw.physmem");
  if (!physmem) posix::throw_errno(errno, "sysctl hw.physmem");
  v.physmem = *physmem;
  v.active = freebsd::counter_or_throw("vm.stats.vm.v_active_count");
  v.inactive = freebsd::counter_or_throw("vm.stats.vm.v_inactive_count");
  v.wired = freebsd::counter_or_throw("vm.stats.vm.v_wire_count");
  v.free = freebsd::counter_or_throw("vm.stats.vm.v_free_count");
  v.cache = freebsd::counter("vm.stats.vm.v_cache_count");  // gone from some kernels
  std::optional<long> bufspace = posix::sysctlbyname_value<long>("vfs.bufspace");
  if (!bufspace) posix::throw_errno(errno, "sysctl vfs.bufspace");
  v.bufspace = *bufspace > 0 ? static_cast<std::uint64_t>(*bufspace) : 0;
  const struct vmtotal t = posix::sysctl_value<struct vmtotal>({CTL_VM, VM_TOTAL}, "vm.vmtotal");
  v.vmshr = t.t_vmshr;
  v.rmshr = t.t_rmshr;
  return virtual_memory_from(v);
}

// psutil reports sin/sout as swap and vnode pager operations (v_swapin + v_swapout, v_vnodein +
// v_vnodeout); psinfo gives what psutil documents: the bytes swapped in and out
// (v_swappgsin / v_swappgsout pages).
swap_memory_t swap_memory_now() {
  char err[_POSIX2_LINE_MAX] = "";
  std::unique_ptr<kvm_t, int (*)(kvm_t*)> kd(
      ::kvm_openfiles(nullptr, _PATH_DEVNULL, nullptr, O_RDONLY, err), ::kvm_close);
  if (!kd) throw error(std::string("kvm_openfiles: ") + err);
  struct kvm_swap total[1];
  if (::kvm_getswapinfo(kd.get(), total, 1, 0) < 0)
    throw error(std::string("kvm_getswapinfo: ") + ::kvm_geterr(kd.get()));
  const std::uint64_t pages_in = freebsd::counter_or_throw("vm.stats.vm.v_swappgsin");
  const std::uint64_t pages_out = freebsd::counter_or_throw("vm.stats.vm.v_swappgsout");
  const std::uint64_t ps = page_size();
  const auto u = [](int v) { return v > 0 ? static_cast<std::uint64_t>(v) : 0; };
  return swap_memory_from(u(total[0].ksw_total), u(total[0].ksw_used), ps, pages_in, pages_out, ps);
}

namespace {
void mallctl_or_throw(const char* name, void* old, std::size_t* oldlen, void* value,
                      std::size_t len) {
  if (int err = ::mallctl(name, old, oldlen, value, len))
    posix::throw_errno(err, std::string("mallctl ") + name);
}
}  // namespace

// psutil: the thread's cache flushed (so small blocks count), the statistics refreshed by
// writing the epoch, then stats.allocated (as glibc's uordblks) and stats.mapped (as hblkhd).
heap_info_t heap_info_now() {
  mallctl_or_throw("thread.tcache.flush", nullptr, nullptr, nullptr, 0);
  std::uint64_t epoch = 1;
  std::size_t len = sizeof epoch;
  mallctl_or_throw("epoch", &epoch, &len, &epoch, len);
  heap_info_t h;
  std::size_t allocated = 0, mapped = 0;
  len = sizeof allocated;
  mallctl_or_throw("stats.allocated", &allocated, &len, nullptr, 0);
  len = sizeof mapped;
  mallctl_or_throw("stats.mapped", &mapped, &len, nullptr, 0);
  h.heap_used = allocated;
  h.mmap_used = mapped;
  return h;
}

// psutil: purge every arena.
void heap_trim_now() {
  const std::string cmd = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".purge";
  mallctl_or_throw(cmd.c_str(), nullptr, nullptr, nullptr, 0);
}

}  // namespace psinfo::detail::bsd
