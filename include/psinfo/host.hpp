// psinfo — the host: boot time, logged-in users, where /proc and /sys are read from.
#pragma once

#include <psinfo/export.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace psinfo {
inline namespace PSINFO_ABI {

// psutil.users(): one entry per login session.
struct user_t {
  std::string name;
  std::optional<std::string> terminal;  // absent when the session has no tty
  std::string host;                     // "localhost" for local and X sessions (psutil 8)
  double started = 0;                   // seconds since the epoch
  std::optional<long> pid;              // absent where the platform does not record it
};

// psutil.boot_time(): seconds since the epoch.
PSINFO_API double boot_time();

PSINFO_API std::vector<user_t> users();

// Where the Linux backend reads /proc and /sys (psutil.PROCFS_PATH). The defaults come from
// the environment variables PSINFO_PROCFS_PATH / PSINFO_SYSFS_PATH, read at first use, else
// "/proc" and "/sys". Setting "" restores the default. Safe to call from any thread; a call
// already running finishes with the old root. Other platforms ignore them.
PSINFO_API void set_procfs_path(const std::string& path);
PSINFO_API void set_sysfs_path(const std::string& path);
PSINFO_API std::string procfs_path();
PSINFO_API std::string sysfs_path();

// psutil's disk_io_counters.cache_clear() / net_io_counters.cache_clear(): forgets the nowrap
// state kept for "disk_io_counters" or "net_io_counters"; "" forgets both. Thread-safe.
PSINFO_API void cache_clear(std::string_view name = {});

// The library's version, "MAJOR.MINOR.PATCH".
PSINFO_API const char* version() noexcept;

}  // namespace PSINFO_ABI
}  // namespace psinfo
