// Linux memory: /proc/meminfo, /proc/zoneinfo, /proc/vmstat; the C heap from glibc.
#include <psinfo/errors.hpp>

#include <malloc.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "linux/parse.hpp"
#include "linux/procfs.hpp"
#include "linux/results.hpp"
#include "platform.hpp"
#include "util.hpp"

namespace psinfo::detail {

namespace {
auto meminfo_path = [] { return proc_path("meminfo"); };
}  // namespace

virtual_memory_t virtual_memory() {
  const meminfo mi = parse_meminfo(read_file(proc_path("meminfo"), scratch()));
  return parse_named(meminfo_path, [&] { return virtual_memory_from(mi); });
}

virtual_memory_t virtual_memory_from(const meminfo& mi) {
  file_buffer& buf = scratch();
  std::optional<std::uint64_t> low;
  // Only kernels before 3.14 (or a MemAvailable of 0) need the estimate and its zoneinfo read.
  if (needs_available_estimate(mi) && try_read_file(proc_path("zoneinfo"), buf))
    low = parse_zoneinfo_low(buf) * page_size();
  return compute_virtual_memory(mi, low);
}

swap_memory_t swap_memory() {
  file_buffer& buf = scratch();
  meminfo mi = parse_meminfo(read_file(proc_path("meminfo"), buf));
  if (!try_read_file(proc_path("vmstat"), buf)) return swap_memory_from(mi, nullptr);
  vmstat_swap v = parse_vmstat_swap(buf);
  return swap_memory_from(mi, &v);
}

swap_memory_t swap_memory_from(const meminfo& mi, const vmstat_swap* v) {
  swap_memory_t s;
  if (mi.swap_total && mi.swap_free) {
    s.total = *mi.swap_total;
    s.free = *mi.swap_free;
  } else {
    struct sysinfo si;
    if (::sysinfo(&si) != 0) throw_errno(errno, "sysinfo", "swap");
    s.total = static_cast<std::uint64_t>(si.totalswap) * si.mem_unit;
    s.free = static_cast<std::uint64_t>(si.freeswap) * si.mem_unit;
  }
  s.used = s.total > s.free ? s.total - s.free : 0;
  s.percent = percent1(static_cast<double>(s.used), static_cast<double>(s.total));
  if (v) {
    // The kernel counts pages of 4 KiB here whatever the page size (psutil hard-codes 4096).
    if (v->pswpin) s.sin = *v->pswpin * 4096;
    if (v->pswpout) s.sout = *v->pswpout * 4096;
  }
  return s;
}

// psutil: glibc's mallinfo2() (2.33+): uordblks and hblkhd. (mallinfo()'s int fields wrap past
// 2 GiB, so older C libraries have no heap_info here.)
heap_info_t heap_info() {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  const struct mallinfo2 m = ::mallinfo2();
  heap_info_t h;
  h.heap_used = m.uordblks;
  h.mmap_used = m.hblkhd;
  return h;
#else
  throw not_supported("heap_info: needs glibc 2.33 or later (mallinfo2)");
#endif
}

void heap_trim() {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#else
  throw not_supported("heap_trim: needs glibc (malloc_trim)");
#endif
}

}  // namespace psinfo::detail
