"""psinfo: psutil's API on libpsinfo (C++), for Python programs.

    import psinfo as psutil
    psutil.virtual_memory().available
    psutil.cpu_percent(interval=0.5, percpu=True)
    for p in psutil.process_iter(["pid", "name", "username", "memory_info"]):
        print(p.info)

The public names are psutil's on this OS (psutil 8's where it differs from older releases:
its enum classes ProcessStatus, ConnectionStatus ..., bytes2human, Process.attrs; plus
heap_info/heap_trim of psutil 7.1), with psutil's signatures, result types and
exceptions. psinfo's own additions (the Sampler, set_procfs_path ...) are in psinfo.ext.
The shared library libpsinfo is found next to this package, else by its soname through the
system loader, else at the path in $PSINFO_LIBRARY.
"""

import sys as _sys

from . import _common
from . import _lib
from ._common import (AccessDenied, Error, NoSuchProcess, TimeoutExpired,  # noqa: F401
                      ZombieProcess)
from ._process import (Popen, Process, pid_exists, pids, process_iter,  # noqa: F401
                       wait_procs)
from ._system import (boot_time, cpu_count, cpu_freq, cpu_percent, cpu_stats,  # noqa: F401
                      cpu_times, cpu_times_percent, disk_io_counters, disk_partitions,
                      disk_usage, getloadavg, heap_info, heap_trim, net_connections,
                      net_if_addrs, net_if_stats, net_io_counters, sensors_battery,
                      sensors_fans, sensors_temperatures, swap_memory, users, virtual_memory)

__version__ = _lib.lib.psinfo_version().decode()
version_info = tuple(int(x) for x in __version__.split(".")[:3])

LINUX = _sys.platform.startswith("linux")
WINDOWS = _sys.platform.startswith("win")
MACOS = _sys.platform.startswith("darwin")
OSX = MACOS
FREEBSD = _sys.platform.startswith(("freebsd", "midnightbsd"))
OPENBSD = _sys.platform.startswith("openbsd")
NETBSD = _sys.platform.startswith("netbsd")
BSD = FREEBSD or OPENBSD or NETBSD
SUNOS = _sys.platform.startswith(("sunos", "solaris"))
AIX = _sys.platform.startswith("aix")
POSIX = not WINDOWS

# psutil.PROCFS_PATH: where /proc is read. psinfo reads it from psinfo.ext.set_procfs_path()
# (or $PSINFO_PROCFS_PATH); assigning this name changes nothing.
PROCFS_PATH = "/proc"

# psutil's Windows services: names of Windows only (psutil has none elsewhere).
if WINDOWS:
    from ._winservice import WindowsService, win_service_get, win_service_iter  # noqa: F401

# The functions psutil has on other systems only (cpu_freq, sensors_*, heap_*: _lib.ONLY_ON).
_absent = [n for n in _lib.ONLY_ON if "." not in n and not _lib.psutil_has(n)]
for _n in _absent:
    del globals()[_n]

globals().update(_common.CONSTANTS)
globals().update(_common.ENUMS)
bytes2human = _common.bytes2human

__all__ = [
    # exceptions
    "Error", "NoSuchProcess", "ZombieProcess", "AccessDenied", "TimeoutExpired",
    # constants
    "version_info", "__version__", "PROCFS_PATH",
    "BSD", "FREEBSD", "LINUX", "NETBSD", "OPENBSD", "MACOS", "OSX", "POSIX", "SUNOS",
    "WINDOWS", "AIX",
] + sorted(_common.CONSTANTS) + sorted(_common.ENUMS) + [
    # classes
    "Process", "Popen",
    # functions
    "pid_exists", "pids", "process_iter", "wait_procs",
    "virtual_memory", "swap_memory", "heap_info", "heap_trim",
    "cpu_times", "cpu_percent", "cpu_times_percent", "cpu_count", "cpu_stats", "cpu_freq",
    "getloadavg",
    "net_io_counters", "net_connections", "net_if_addrs", "net_if_stats",
    "disk_io_counters", "disk_partitions", "disk_usage",
    "sensors_temperatures", "sensors_fans", "sensors_battery",
    "users", "boot_time", "bytes2human",
] + (["win_service_iter", "win_service_get"] if WINDOWS else [])
__all__ = [n for n in __all__ if n not in _absent]


def __dir__():
    return sorted(set(__all__) | {"ext"} | ({"WindowsService"} if WINDOWS else set()))
