// Windows disks: drive letters (GetLogicalDriveStringsW), GetDiskFreeSpaceExW, and
// IOCTL_DISK_PERFORMANCE on \\.\PhysicalDriveN, as psutil.
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "util.hpp"
#include "windows/win.hpp"
// clang-format off
#include <winioctl.h>
// clang-format on

#include <cwchar>
#include <iterator>

namespace psinfo::detail {

namespace {

const char* drive_type_name(UINT type) {
  switch (type) {
    case DRIVE_REMOVABLE:
      return "removable";
    case DRIVE_FIXED:
      return "fixed";
    case DRIVE_REMOTE:
      return "remote";
    case DRIVE_CDROM:
      return "cdrom";
    case DRIVE_RAMDISK:
      return "ramdisk";
    case DRIVE_NO_ROOT_DIR:
      return "no_root_dir";
    default:
      return "unknown";
  }
}

}  // namespace

// Every drive letter; all=false keeps fixed, removable (not A:) and CD-ROM drives, as psutil.
// device and mountpoint are both the root ("C:\"); opts: rw/ro[,compressed],<drive type>.
std::vector<partition_t> disk_partitions(bool all) {
  wchar_t drives[512];
  DWORD len = GetLogicalDriveStringsW(static_cast<DWORD>(std::size(drives) - 1), drives);
  if (len == 0) win::throw_error(GetLastError(), "GetLogicalDriveStringsW");
  if (len >= std::size(drives)) throw error("GetLogicalDriveStringsW: too many drives");
  // Probing a drive with no medium must not pop up a dialog.
  UINT old_mode = SetErrorMode(SEM_FAILCRITICALERRORS);
  std::vector<partition_t> out;
  for (const wchar_t* d = drives; *d; d += wcslen(d) + 1) {
    UINT type = GetDriveTypeW(d);
    if (!all) {
      if (type == DRIVE_UNKNOWN || type == DRIVE_NO_ROOT_DIR || type == DRIVE_REMOTE ||
          type == DRIVE_RAMDISK)
        continue;
      if (type == DRIVE_REMOVABLE && (d[0] == L'A' || d[0] == L'a')) continue;
    }
    partition_t p;
    p.device = p.mountpoint = win::to_utf8(d);
    wchar_t fstype[MAX_PATH + 1] = {0};
    DWORD flags = 0;
    if (GetVolumeInformationW(d, nullptr, 0, nullptr, nullptr, &flags, fstype,
                              static_cast<DWORD>(std::size(fstype)))) {
      p.fstype = win::to_utf8(fstype);
      p.opts = (flags & FILE_READ_ONLY_VOLUME) ? "ro" : "rw";
      if (flags & FILE_VOLUME_IS_COMPRESSED) p.opts += ",compressed";
    }
    // A drive without a medium (empty card reader) fails GetVolumeInformationW: it is still
    // listed, with no fstype, as psutil does.
    if (!p.opts.empty()) p.opts += ",";
    p.opts += drive_type_name(type);
    out.push_back(std::move(p));
  }
  SetErrorMode(old_mode);
  return out;
}

// free: what the calling user may still use; used: total minus all free space.
disk_usage_t disk_usage(const std::string& path) {
  ULARGE_INTEGER caller_free, total, total_free;
  std::wstring w = win::to_wide(path);
  if (!GetDiskFreeSpaceExW(w.c_str(), &caller_free, &total, &total_free))
    win::throw_error(GetLastError(), "GetDiskFreeSpaceExW", path);
  disk_usage_t u;
  u.total = total.QuadPart;
  u.free = caller_free.QuadPart;
  u.used = total.QuadPart > total_free.QuadPart ? total.QuadPart - total_free.QuadPart : 0;
  u.percent = percent1(static_cast<double>(u.used), static_cast<double>(u.used + u.free));
  return u;
}

// PhysicalDrive0..31, as psutil. A drive whose IOCTL_DISK_PERFORMANCE fails (diskperf off,
// or Wine, which does not implement it) has no counters; with no counters at all the map
// is empty and the public disk_io_counters() absent. Times: 100 ns units -> milliseconds.
std::map<std::string, disk_io_counters_t> disk_io_counters(bool) {
  std::map<std::string, disk_io_counters_t> out;
  for (int i = 0; i < 32; ++i) {
    std::wstring dev = L"\\\\.\\PhysicalDrive" + std::to_wstring(i);
    HANDLE h = CreateFileW(dev.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                           OPEN_EXISTING, 0, nullptr);
    if (h == INVALID_HANDLE_VALUE) continue;
    DISK_PERFORMANCE perf;
    DWORD got = 0;
    BOOL ok =
        DeviceIoControl(h, IOCTL_DISK_PERFORMANCE, nullptr, 0, &perf, sizeof perf, &got, nullptr);
    CloseHandle(h);
    if (!ok || got < sizeof perf) continue;
    disk_io_counters_t c;
    c.read_count = perf.ReadCount;
    c.write_count = perf.WriteCount;
    c.read_bytes = static_cast<std::uint64_t>(perf.BytesRead.QuadPart);
    c.write_bytes = static_cast<std::uint64_t>(perf.BytesWritten.QuadPart);
    c.read_time = static_cast<std::uint64_t>(perf.ReadTime.QuadPart) / 10000;
    c.write_time = static_cast<std::uint64_t>(perf.WriteTime.QuadPart) / 10000;
    out["PhysicalDrive" + std::to_string(i)] = c;
  }
  return out;
}

}  // namespace psinfo::detail
