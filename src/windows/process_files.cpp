// Windows processes: open_files from the system's handle table, as psutil: the process's file
// handles duplicated into this process and named in worker threads, so a handle that would
// block (a pipe) cannot hang the call.
#include <psinfo/errors.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "platform.hpp"
#include "windows/process_common.hpp"
#include "windows/win.hpp"

namespace psinfo::detail {

namespace {

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
    static_cast<win::system_information_class>(64);

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
  return win::to_utf8(buf);
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

}  // namespace

// ---- open_files -------------------------------------------------------------------------------

// psutil's way: the process's file handles from the system's handle table, duplicated into
// this process and named; only regular files on a disk (directories, pipes, consoles and
// devices left out). Each path once, fd -1.
std::vector<open_file_t> proc_open_files(const proc_ref& p) {
  if (p.pid == 0 || p.pid == 4) return {};  // the System Idle Process and System, as psutil
  unique_handle proc =
      open_process(p.pid, PROCESS_DUP_HANDLE | PROCESS_QUERY_INFORMATION, "open_files");

  // A file of our own, open while the table is read, tells which object type is a file.
  wchar_t self_exe[MAX_PATH * 4];
  DWORD len = GetModuleFileNameW(nullptr, self_exe, MAX_PATH * 4);
  unique_handle probe(len ? CreateFileW(self_exe, FILE_READ_ATTRIBUTES,
                                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                        nullptr, OPEN_EXISTING, 0, nullptr)
                          : nullptr);
  std::vector<unsigned char> raw =
      win::query_system_information(k_system_extended_handle_information, 1 << 20);
  auto* table = reinterpret_cast<const handle_table*>(raw.data());
  const std::size_t room = (raw.size() - offsetof(handle_table, entries)) / sizeof(handle_entry);
  if (raw.size() < offsetof(handle_table, entries) || table->count > room)
    throw error("NtQuerySystemInformation(SystemExtendedHandleInformation): short table");
  const std::optional<USHORT> file_type =
      probe ? file_type_index(table, probe.get()) : std::nullopt;

  std::vector<HANDLE> dups;
  for (ULONG_PTR i = 0; i < table->count; ++i) {
    const handle_entry& e = table->entries[i];
    if (e.pid != static_cast<ULONG_PTR>(p.pid)) continue;
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

}  // namespace psinfo::detail
