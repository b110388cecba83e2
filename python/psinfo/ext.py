"""psinfo's additions to psutil's API (not in psutil, so not in the psinfo namespace):

- Sampler: the system-wide counters a monitor reads every tick, with state of its own;
- set_procfs_path / set_sysfs_path / procfs_path / sysfs_path: where /proc and /sys are read
  (psutil's PROCFS_PATH; "" restores the default);
- cache_clear(name): forget the nowrap state of "disk_io_counters", "net_io_counters" or both;
- version(): the library's version; library_path: the file that was loaded.
"""

from . import _lib
from ._system import (Sampler, cache_clear, procfs_path, set_procfs_path,  # noqa: F401
                      set_sysfs_path, sysfs_path, version)

library_path = _lib.path

__all__ = ["Sampler", "cache_clear", "procfs_path", "set_procfs_path", "set_sysfs_path",
           "sysfs_path", "version", "library_path"]
