// Windows processes: memory_full_info (USS from the working set) and memory_maps (VirtualQueryEx
// and the mapped file names), as psutil.
#include <psinfo/errors.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "platform.hpp"
#include "windows/process_common.hpp"
#include "windows/win.hpp"
// clang-format off
#include <psapi.h>
// clang-format on

namespace psinfo::detail {

namespace {

std::uint64_t page_size() {
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  return si.dwPageSize;
}

// psutil's protection strings (the low byte of PAGE_*; guard / no-cache bits ignored).
const char* protection_text(DWORD protect) {
  switch (protect & 0xff) {
    case PAGE_NOACCESS:
      return "";
    case PAGE_READONLY:
      return "r";
    case PAGE_READWRITE:
      return "rw";
    case PAGE_WRITECOPY:
      return "wc";
    case PAGE_EXECUTE:
      return "x";
    case PAGE_EXECUTE_READ:
      return "xr";
    case PAGE_EXECUTE_READWRITE:
      return "xrw";
    case PAGE_EXECUTE_WRITECOPY:
      return "xwc";
  }
  return "?";
}

std::string hex_address(std::uintptr_t a) {
  char text[2 + 2 * sizeof a + 1];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(a));
  return text;
}

// psutil's USS rule: a resident page counts unless it is shared with another process.
template <class Attrs>
bool private_page(const Attrs& a) {
  return !a.Shared || a.ShareCount <= 1;
}

// The same count page by page (QueryWorkingSetEx over the committed regions, in batches), for
// systems without the working-set list (Wine).
std::uint64_t private_pages_ex(HANDLE h, long pid) {
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  const auto top = reinterpret_cast<std::uintptr_t>(si.lpMaximumApplicationAddress);
  std::vector<PSAPI_WORKING_SET_EX_INFORMATION> batch;
  batch.reserve(4096);
  std::uint64_t count = 0;
  auto flush = [&] {
    if (batch.empty()) return;
    if (!QueryWorkingSetEx(h, batch.data(), static_cast<DWORD>(batch.size() * sizeof batch[0]))) {
      const DWORD code = GetLastError();
      if (code == ERROR_INVALID_PARAMETER)  // Wine: only for the calling process
        throw not_supported("memory_full_info: no working-set query for pid " +
                            std::to_string(pid) + " on this system");
      win::throw_error(code, "QueryWorkingSetEx", "pid " + std::to_string(pid));
    }
    for (const auto& e : batch)
      if (e.VirtualAttributes.Valid && private_page(e.VirtualAttributes)) ++count;
    batch.clear();
  };
  std::uintptr_t addr = 0;
  MEMORY_BASIC_INFORMATION mbi;
  while (addr <= top && VirtualQueryEx(h, reinterpret_cast<LPCVOID>(addr), &mbi, sizeof mbi) != 0) {
    const auto base = reinterpret_cast<std::uintptr_t>(mbi.BaseAddress);
    if (mbi.State == MEM_COMMIT) {
      for (std::uintptr_t p = base; p < base + mbi.RegionSize; p += si.dwPageSize) {
        batch.emplace_back();
        batch.back().VirtualAddress = reinterpret_cast<PVOID>(p);
        if (batch.size() == batch.capacity()) flush();
      }
    }
    if (mbi.RegionSize == 0) break;
    addr = base + mbi.RegionSize;
  }
  flush();
  return count;
}

}  // namespace

// ---- memory_full_info, memory_footprint -------------------------------------------------------

namespace {

// psutil's proc_memory_uss: the private pages of the working set, in bytes.
std::uint64_t uss_of(const proc_ref& p, const char* what) {
  unique_handle h = open_process(p.pid, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, what);
  // The working set, one entry per resident page, in a buffer that grows until it fits.
  std::vector<ULONG_PTR> buf(4096);
  for (int attempt = 0;; ++attempt) {
    if (QueryWorkingSet(h.get(), buf.data(), static_cast<DWORD>(buf.size() * sizeof buf[0]))) break;
    const DWORD code = GetLastError();
    if (code == ERROR_INVALID_PARAMETER) {  // no working-set list here (Wine)
      // Wine answers it for the calling process's own pseudo-handle only.
      const bool self = p.pid == static_cast<long>(GetCurrentProcessId());
      return private_pages_ex(self ? GetCurrentProcess() : h.get(), p.pid) * page_size();
    }
    if (code != ERROR_BAD_LENGTH || attempt == 16)
      win::throw_error(code, "QueryWorkingSet", "pid " + std::to_string(p.pid));
    buf.resize(std::max<std::size_t>(buf[0] + buf[0] / 4 + 64, buf.size() * 2));
  }
  auto* ws = reinterpret_cast<const PSAPI_WORKING_SET_INFORMATION*>(buf.data());
  const std::size_t entries = std::min<std::size_t>(ws->NumberOfEntries, buf.size() - 1);
  std::uint64_t private_pages = 0;
  for (std::size_t i = 0; i < entries; ++i) {
    if (private_page(ws->WorkingSetInfo[i])) ++private_pages;
  }
  return private_pages * page_size();
}

}  // namespace

memory_full_info_t proc_memory_full_info(const proc_ref& p) {
  memory_full_info_t r;
  r.info = proc_memory_info(p);
  r.uss = uss_of(p, "memory_full_info");
  return r;  // pss and swap: Linux only
}

memory_footprint_t proc_memory_footprint(const proc_ref& p) {
  memory_footprint_t r;
  r.uss = uss_of(p, "memory_footprint");
  return r;  // pss and swap: Linux only
}

// ---- memory_maps ------------------------------------------------------------------------------

// As psutil: the regions backed by a file (their whole size as rss); the other fields of
// memory_map_t have no Windows source and stay 0.
std::vector<memory_map_t> proc_memory_maps(const proc_ref& p, bool grouped) {
  unique_handle h = open_process(p.pid, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, "memory_maps");
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  const auto top = reinterpret_cast<std::uintptr_t>(si.lpMaximumApplicationAddress);

  std::vector<memory_map_t> out;
  std::unordered_map<std::string, std::size_t> groups;  // path -> index in out
  std::wstring name(32768, L'\0');
  std::uintptr_t addr = 0;
  MEMORY_BASIC_INFORMATION mbi;
  while (addr <= top &&
         VirtualQueryEx(h.get(), reinterpret_cast<LPCVOID>(addr), &mbi, sizeof mbi) != 0) {
    DWORD n = GetMappedFileNameW(h.get(), reinterpret_cast<LPVOID>(addr), name.data(),
                                 static_cast<DWORD>(name.size()));
    if (n > 0) {
      std::string path = win::to_utf8(win::convert_dos_path(std::wstring(name.data(), n)));
      if (grouped) {
        auto [it, added] = groups.try_emplace(path, out.size());
        if (added) {
          out.emplace_back();
          out.back().path = std::move(path);
        }
        out[it->second].rss += mbi.RegionSize;
      } else {
        memory_map_t m;
        m.path = std::move(path);
        m.addr = hex_address(addr);
        m.perms = protection_text(mbi.Protect);
        m.rss = mbi.RegionSize;
        out.push_back(std::move(m));
      }
    }
    if (mbi.RegionSize == 0) break;
    addr = reinterpret_cast<std::uintptr_t>(mbi.BaseAddress) + mbi.RegionSize;
  }
  return out;
}

}  // namespace psinfo::detail
