// Windows processes: memory_full_info (USS from the working set), memory_maps (VirtualQueryEx
// and the mapped file names) and open_files (the system's handle table), as psutil.
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
#include "windows/proc_common.hpp"
#include "windows/win.hpp"
// clang-format off
#include <psapi.h>
// clang-format on

namespace psinfo {

namespace {

using detail::win::open_process;
using detail::win::unique_handle;

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

// ---- open_files: the handle table --------------------------------------------------------------

// SYSTEM_HANDLE_INFORMATION_EX (class 64): the layout Windows documents for 64-bit.
struct handle_entry {
  PVOID object;
  ULONG_PTR pid;
  ULONG_PTR handle;
  ULONG granted_access;
  USHORT creator_back_trace_index;
  USHORT object_type_index;
  ULONG attributes;
  ULONG reserved;
};
struct handle_table {
  ULONG_PTR count;
  ULONG_PTR reserved;
  handle_entry entries[1];
};
constexpr auto k_system_extended_handle_information =
    static_cast<detail::win::system_information_class>(64);

// Access masks of the handles on which a query can block for good (synchronous pipes with a
// read pending), which Process Hacker and others skip; the watchdog below covers the rest.
bool may_block(ULONG access) {
  return access == 0x0012019f || access == 0x001a019f || access == 0x00120189 ||
         access == 0x00100000;
}

// The path of a handle duplicated into this process, if it is a regular file on a disk.
std::optional<std::string> regular_file_path(HANDLE h) {
  if (GetFileType(h) != FILE_TYPE_DISK) return std::nullopt;
  BY_HANDLE_FILE_INFORMATION info;
  if (!GetFileInformationByHandle(h, &info)) return std::nullopt;
  if (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) return std::nullopt;
  std::wstring buf(1024, L'\0');
  for (;;) {
    DWORD n =
        GetFinalPathNameByHandleW(h, buf.data(), static_cast<DWORD>(buf.size()), VOLUME_NAME_DOS);
    if (n == 0) return std::nullopt;
    if (n < buf.size()) {
      buf.resize(n);
      break;
    }
    buf.resize(n + 1);
  }
  // "\\?\C:\x" -> "C:\x", "\\?\UNC\host\share" -> "\\host\share": psutil's drive paths.
  if (buf.rfind(L"\\\\?\\UNC\\", 0) == 0)
    buf.replace(0, 8, L"\\\\");
  else if (buf.rfind(L"\\\\?\\", 0) == 0)
    buf.erase(0, 4);
  return detail::win::to_utf8(buf);
}

// The queries run in a worker thread: one that does not come back within the grace time is
// left behind (it owns its handle) and a new worker takes the next handles, as psutil does
// with its thread and timeout.
struct file_job {
  std::vector<HANDLE> handles;  // duplicated; each closed by the worker that queried it
  std::vector<std::optional<std::string>> paths;
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex m;
  std::condition_variable cv;
};

void file_worker(std::shared_ptr<file_job> job) {
  for (;;) {
    const std::size_t i = job->next.fetch_add(1);
    if (i >= job->handles.size()) return;
    std::optional<std::string> path = regular_file_path(job->handles[i]);
    CloseHandle(job->handles[i]);
    std::lock_guard<std::mutex> lock(job->m);
    job->paths[i] = std::move(path);
    ++job->done;
    job->cv.notify_all();
  }
}

std::vector<std::optional<std::string>> query_paths(std::vector<HANDLE> handles) {
  auto job = std::make_shared<file_job>();
  const std::size_t n = handles.size();
  job->handles = std::move(handles);
  job->paths.resize(n);
  constexpr int k_max_workers = 8;
  const auto grace = std::chrono::milliseconds(300);
  int workers = 0;
  std::unique_lock<std::mutex> lock(job->m);
  while (job->done < n) {
    // A first worker, or another one when the last has made no progress within the grace time.
    if (workers == k_max_workers) break;
    std::thread(file_worker, job).detach();
    ++workers;
    for (;;) {
      const std::size_t before = job->done;
      job->cv.wait_for(lock, grace, [&] { return job->done != before; });
      if (job->done == n || job->done == before) break;
    }
    // Every handle claimed by a stuck worker: nothing is left for a new one.
    if (job->done < n && job->next.load() >= n) break;
  }
  return job->paths;  // copied under the lock; the stragglers keep the job alive
}

// The object type of files in the handle table, learned from a file this process opens.
std::optional<USHORT> file_type_index(const handle_table* t, HANDLE own) {
  const ULONG_PTR self = GetCurrentProcessId();
  for (ULONG_PTR i = 0; i < t->count; ++i)
    if (t->entries[i].pid == self && t->entries[i].handle == reinterpret_cast<ULONG_PTR>(own))
      return t->entries[i].object_type_index;
  return std::nullopt;
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
      detail::win::throw_error(code, "QueryWorkingSetEx", "pid " + std::to_string(pid));
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

// ---- memory_full_info -------------------------------------------------------------------------

memory_full_info_t process::memory_full_info() const {
  memory_full_info_t r;
  r.info = memory_info();
  unique_handle h =
      open_process(pid_, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, "memory_full_info");
  // The working set, one entry per resident page, in a buffer that grows until it fits.
  std::vector<ULONG_PTR> buf(4096);
  for (int attempt = 0;; ++attempt) {
    if (QueryWorkingSet(h.get(), buf.data(), static_cast<DWORD>(buf.size() * sizeof buf[0]))) break;
    const DWORD code = GetLastError();
    if (code == ERROR_INVALID_PARAMETER) {  // no working-set list here (Wine)
      // Wine answers it for the calling process's own pseudo-handle only.
      const bool self = pid_ == static_cast<long>(GetCurrentProcessId());
      r.uss = private_pages_ex(self ? GetCurrentProcess() : h.get(), pid_) * page_size();
      return r;
    }
    if (code != ERROR_BAD_LENGTH || attempt == 16)
      detail::win::throw_error(code, "QueryWorkingSet", "pid " + std::to_string(pid_));
    buf.resize(std::max<std::size_t>(buf[0] + buf[0] / 4 + 64, buf.size() * 2));
  }
  auto* ws = reinterpret_cast<const PSAPI_WORKING_SET_INFORMATION*>(buf.data());
  const std::size_t entries = std::min<std::size_t>(ws->NumberOfEntries, buf.size() - 1);
  std::uint64_t private_pages = 0;
  for (std::size_t i = 0; i < entries; ++i) {
    if (private_page(ws->WorkingSetInfo[i])) ++private_pages;
  }
  r.uss = private_pages * page_size();
  return r;  // pss and swap: Linux only
}

// ---- memory_maps ------------------------------------------------------------------------------

// As psutil: the regions backed by a file (their whole size as rss); the other fields of
// memory_map_t have no Windows source and stay 0.
std::vector<memory_map_t> process::memory_maps(bool grouped) const {
  unique_handle h = open_process(pid_, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, "memory_maps");
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
      std::string path =
          detail::win::to_utf8(detail::win::convert_dos_path(std::wstring(name.data(), n)));
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

// ---- open_files -------------------------------------------------------------------------------

// psutil's way: the process's file handles from the system's handle table, duplicated into
// this process and named; only regular files on a disk (directories, pipes, consoles and
// devices left out). Each path once, fd -1.
std::vector<open_file_t> process::open_files() const {
  if (pid_ == 0 || pid_ == 4) return {};  // the System Idle Process and System, as psutil
  unique_handle proc =
      open_process(pid_, PROCESS_DUP_HANDLE | PROCESS_QUERY_INFORMATION, "open_files");

  // A file of our own, open while the table is read, tells which object type is a file.
  wchar_t self_exe[MAX_PATH * 4];
  DWORD len = GetModuleFileNameW(nullptr, self_exe, MAX_PATH * 4);
  unique_handle probe(len ? CreateFileW(self_exe, FILE_READ_ATTRIBUTES,
                                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                        nullptr, OPEN_EXISTING, 0, nullptr)
                          : nullptr);
  std::vector<unsigned char> raw =
      detail::win::query_system_information(k_system_extended_handle_information, 1 << 20);
  auto* table = reinterpret_cast<const handle_table*>(raw.data());
  const std::size_t room = (raw.size() - offsetof(handle_table, entries)) / sizeof(handle_entry);
  if (raw.size() < offsetof(handle_table, entries) || table->count > room)
    throw error("NtQuerySystemInformation(SystemExtendedHandleInformation): short table");
  const std::optional<USHORT> file_type =
      probe ? file_type_index(table, probe.get()) : std::nullopt;

  std::vector<HANDLE> dups;
  for (ULONG_PTR i = 0; i < table->count; ++i) {
    const handle_entry& e = table->entries[i];
    if (e.pid != static_cast<ULONG_PTR>(pid_)) continue;
    if (file_type && e.object_type_index != *file_type) continue;
    if (may_block(e.granted_access)) continue;
    if (probe && e.handle == reinterpret_cast<ULONG_PTR>(probe.get()) &&
        e.pid == GetCurrentProcessId())
      continue;  // our own probe, when the process is this one
    HANDLE dup = nullptr;
    if (!DuplicateHandle(proc.get(), reinterpret_cast<HANDLE>(e.handle), GetCurrentProcess(), &dup,
                         0, FALSE, DUPLICATE_SAME_ACCESS))
      continue;  // closed meanwhile, or not ours to copy
    dups.push_back(dup);
  }

  std::vector<open_file_t> out;
  std::set<std::string> seen;
  for (auto& path : query_paths(std::move(dups))) {
    if (!path || !seen.insert(*path).second) continue;
    open_file_t f;
    f.path = std::move(*path);
    f.fd = -1;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace psinfo
