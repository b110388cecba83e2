// Windows memory: GlobalMemoryStatusEx, and the paging file's usage counter (PDH), as psutil;
// the C heap: the CRT heap's blocks, the process's heaps and its VirtualAlloc()ed regions.
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "util.hpp"
#include "windows/win.hpp"

#include <malloc.h>

#include <algorithm>
#include <vector>
// clang-format off
#include <pdh.h>
#include <pdhmsg.h>
// clang-format on

namespace psinfo::detail {

namespace {

MEMORYSTATUSEX memory_status() {
  MEMORYSTATUSEX ms;
  ms.dwLength = sizeof ms;
  if (!GlobalMemoryStatusEx(&ms)) win::throw_error(GetLastError(), "GlobalMemoryStatusEx");
  return ms;
}

// "\Paging File(_Total)\% Usage", 0-100; absent when the counter does not exist (Wine).
std::optional<double> paging_file_usage() {
  PDH_HQUERY query = nullptr;
  if (PdhOpenQueryW(nullptr, 0, &query) != ERROR_SUCCESS) return std::nullopt;
  std::optional<double> out;
  PDH_HCOUNTER counter = nullptr;
  PDH_FMT_COUNTERVALUE value;
  if (PdhAddEnglishCounterW(query, L"\\Paging File(_Total)\\% Usage", 0, &counter) ==
          ERROR_SUCCESS &&
      PdhCollectQueryData(query) == ERROR_SUCCESS &&
      PdhGetFormattedCounterValue(counter, PDH_FMT_DOUBLE, nullptr, &value) == ERROR_SUCCESS &&
      (value.CStatus == PDH_CSTATUS_VALID_DATA || value.CStatus == PDH_CSTATUS_NEW_DATA))
    out = value.doubleValue;
  PdhCloseQuery(query);
  return out;
}

}  // namespace

// psutil: available = free = ullAvailPhys, used = total - available.
virtual_memory_t virtual_memory() {
  MEMORYSTATUSEX ms = memory_status();
  virtual_memory_t m;
  m.total = ms.ullTotalPhys;
  m.available = ms.ullAvailPhys;
  m.free = ms.ullAvailPhys;
  m.used = m.total > m.available ? m.total - m.available : 0;
  m.percent = percent1(static_cast<double>(m.used), static_cast<double>(m.total));
  return m;
}

// psutil: the paging files' size is the commit limit minus physical memory; their use comes
// from the "% Usage" counter, because committed memory is charged before pages are touched.
// Where that counter is missing (Wine), the committed memory above physical use stands in.
// Windows does not count pages swapped in/out: sin/sout are absent.
swap_memory_t swap_memory() {
  MEMORYSTATUSEX ms = memory_status();
  swap_memory_t s;
  s.total = ms.ullTotalPageFile > ms.ullTotalPhys ? ms.ullTotalPageFile - ms.ullTotalPhys : 0;
  if (s.total > 0) {
    if (std::optional<double> pct = paging_file_usage()) {
      s.used = static_cast<std::uint64_t>(0.01 * *pct * static_cast<double>(s.total));
    } else {
      std::uint64_t committed = ms.ullTotalPageFile - ms.ullAvailPageFile;
      std::uint64_t phys_used = ms.ullTotalPhys - ms.ullAvailPhys;
      s.used = committed > phys_used ? committed - phys_used : 0;
    }
    if (s.used > s.total) s.used = s.total;
  }
  s.free = s.total - s.used;
  s.percent = percent1(static_cast<double>(s.used), static_cast<double>(s.total));
  return s;
}

// psutil's Windows heap_info: heap_used = the CRT heap's used blocks (_heapwalk); mmap_used = the
// committed private read-write regions that belong to none of the process's heaps (what
// VirtualAlloc() gave); heap_count = the process's heaps.
heap_info_t heap_info() {
  heap_info_t h;
  _HEAPINFO entry{};
  int status;
  while ((status = _heapwalk(&entry)) == _HEAPOK)
    if (entry._useflag == _USEDENTRY) h.heap_used += entry._size;
  if (status != _HEAPEND && status != _HEAPEMPTY)
    throw error("heap_info: _heapwalk failed (status " + std::to_string(status) + ")");

  std::vector<HANDLE> heaps(GetProcessHeaps(0, nullptr));
  if (heaps.empty()) win::throw_error(GetLastError(), "GetProcessHeaps");
  const DWORD count = GetProcessHeaps(static_cast<DWORD>(heaps.size()), heaps.data());
  if (count == 0) win::throw_error(GetLastError(), "GetProcessHeaps");
  h.heap_count = count;
  heaps.resize(std::min<std::size_t>(count, heaps.size()));  // heaps may come or go meanwhile

  MEMORY_BASIC_INFORMATION mbi;
  for (const char* addr = nullptr; VirtualQuery(addr, &mbi, sizeof mbi) == sizeof mbi;
       addr = static_cast<const char*>(mbi.BaseAddress) + mbi.RegionSize) {
    if (mbi.State == MEM_COMMIT && mbi.Type == MEM_PRIVATE &&
        (mbi.AllocationProtect & PAGE_READWRITE) &&
        std::find(heaps.begin(), heaps.end(), mbi.AllocationBase) == heaps.end())
      h.mmap_used += mbi.RegionSize;
    if (mbi.RegionSize == 0) break;
  }
  return h;
}

void heap_trim() {
  HANDLE heap = GetProcessHeap();
  if (!heap) win::throw_error(GetLastError(), "GetProcessHeap");
  HeapCompact(heap, 0);
}

}  // namespace psinfo::detail
