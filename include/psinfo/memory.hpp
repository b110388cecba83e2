// psinfo — memory: virtual_memory(), swap_memory(), and the calling process's C heap: heap_info()
// and heap_trim().
#pragma once

#include <psinfo/export.h>

#include <cstdint>
#include <optional>

namespace psinfo {
inline namespace PSINFO_ABI {

// psutil.virtual_memory(), in bytes. total/available/used/free/percent exist everywhere;
// the rest only where the platform has them (absent, never zero, where it does not).
// On Linux: used = total - available (psutil 8, procps 4 `free`), percent rounded to 0.1.
struct virtual_memory_t {
  std::uint64_t total = 0;
  std::uint64_t available = 0;
  double percent = 0;
  std::uint64_t used = 0;
  std::uint64_t free = 0;
  std::optional<std::uint64_t> active;
  std::optional<std::uint64_t> inactive;
  std::optional<std::uint64_t> buffers;
  std::optional<std::uint64_t> cached;  // Linux: Cached + SReclaimable
  std::optional<std::uint64_t> shared;
  std::optional<std::uint64_t> slab;
  std::optional<std::uint64_t> wired;  // BSD, macOS
};

// psutil.swap_memory(), in bytes. sin/sout: bytes swapped in/out since boot (absent where
// the platform does not count them).
struct swap_memory_t {
  std::uint64_t total = 0;
  std::uint64_t used = 0;
  std::uint64_t free = 0;
  double percent = 0;
  std::optional<std::uint64_t> sin;
  std::optional<std::uint64_t> sout;
};

// psutil.heap_info() (psutil 7.2): the C allocator of the calling process, in bytes.
// heap_used: in use from small malloc()s (glibc's mallinfo2 uordblks; Windows: the CRT heap's
// used blocks); mmap_used: in mmap()ed / VirtualAlloc()ed regions (large allocations; glibc's
// hblkhd); heap_count: Windows only, the process's heaps (GetProcessHeaps).
struct heap_info_t {
  std::uint64_t heap_used = 0;
  std::uint64_t mmap_used = 0;
  std::optional<std::uint64_t> heap_count;
};

PSINFO_API virtual_memory_t virtual_memory();
PSINFO_API swap_memory_t swap_memory();
// not_supported where the C library has no such statistics (musl, the unsupported backend).
PSINFO_API heap_info_t heap_info();
// psutil.heap_trim(): asks the allocator to give unused heap memory back to the OS
// (malloc_trim(0); Windows: HeapCompact of the process heap).
PSINFO_API void heap_trim();

}  // namespace PSINFO_ABI
}  // namespace psinfo
