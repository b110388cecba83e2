// OpenBSD memory: hw.physmem64, uvmexp, the buffer cache (vfs.generic.bcachestat) and vmtotal,
// as psutil (and top(1)) read them; swap from swapctl(2).
#include <psinfo/errors.hpp>

#include <errno.h>
#include <sys/types.h>
// sys/types.h first: the sysctl, mount and swap headers need its types.
#include <sys/mount.h>
#include <sys/param.h>
#include <sys/swap.h>
#include <sys/sysctl.h>
#include <sys/vmmeter.h>
#include <unistd.h>
#include <uvm/uvmexp.h>

#include "bsd/bsd.hpp"

namespace psinfo::detail::bsd {

namespace {

struct uvmexp read_uvmexp() {
  return posix::sysctl_value<struct uvmexp>({CTL_VM, VM_UVMEXP}, "vm.uvmexp");
}

std::uint64_t pages(int n) { return n > 0 ? static_cast<std::uint64_t>(n) : 0; }

}  // namespace

virtual_memory_t virtual_memory_now() {
  const std::int64_t physmem =
      posix::sysctl_value<std::int64_t>({CTL_HW, HW_PHYSMEM64}, "hw.physmem64");
  const struct uvmexp uv = read_uvmexp();
  const struct bcachestats bc = posix::sysctl_value<struct bcachestats>(
      {CTL_VFS, VFS_GENERIC, VFS_BCACHESTAT}, "vfs.generic.bcachestat");
  const struct vmtotal vt = posix::sysctl_value<struct vmtotal>({CTL_VM, VM_METER}, "vm.vmmeter");
  openbsd_vm v;
  v.physmem = physmem > 0 ? static_cast<std::uint64_t>(physmem) : 0;
  v.page_size = page_size();
  v.active = pages(uv.active);
  v.inactive = pages(uv.inactive);
  v.wired = pages(uv.wired);
  v.free = pages(uv.free);
  v.bufpages = bc.numbufpages > 0 ? static_cast<std::uint64_t>(bc.numbufpages) : 0;
  v.rmshr = vt.t_rmshr;
  return virtual_memory_from(v);
}

swap_memory_t swap_memory_now() {
  std::vector<swap_device> devices;
  const int n = ::swapctl(SWAP_NSWAP, nullptr, 0);
  if (n < 0) posix::throw_errno(errno, "swapctl(SWAP_NSWAP)");
  if (n > 0) {
    std::vector<struct swapent> ents(static_cast<std::size_t>(n));
    const int got = ::swapctl(SWAP_STATS, ents.data(), n);
    if (got < 0) posix::throw_errno(errno, "swapctl(SWAP_STATS)");
    for (int i = 0; i < got && i < n; ++i)
      devices.push_back(
          {pages(ents[i].se_nblks), pages(ents[i].se_inuse), (ents[i].se_flags & SWF_ENABLE) != 0});
  }
  const auto [total, used] = swap_totals(devices);
  const struct uvmexp uv = read_uvmexp();
  return swap_memory_from(total, used, DEV_BSIZE, pages(uv.pgswapin), pages(uv.pgswapout),
                          page_size());
}

// psutil has no heap_info on OpenBSD (its malloc(3) keeps no such statistics).
heap_info_t heap_info_now() { throw not_supported("heap_info: not available on OpenBSD"); }
void heap_trim_now() { throw not_supported("heap_trim: not available on OpenBSD"); }

}  // namespace psinfo::detail::bsd
