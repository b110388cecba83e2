"""psinfo's additions to psutil's API (not in psutil, so not in the psinfo namespace):

- Sampler: the system-wide counters a monitor reads every tick, with state of its own;
- set_procfs_path / set_sysfs_path / procfs_path / sysfs_path: where /proc and /sys are read
  (psutil's PROCFS_PATH; "" restores the default);
- cache_clear(name): forget the nowrap state of "disk_io_counters", "net_io_counters" or both;
- version(): the library's version; library_path: the file that was loaded;
- containers (docs/container.md): cgroup(pid), process_cgroup(Process) (also the
  process_iter(["cgroup"]) attribute), pressure(), cpu_count_effective(),
  virtual_memory_effective() -> svmem_effective.
"""

from . import _lib
from ._container import (cgroup, cpu_count_effective, pressure, process_cgroup,  # noqa: F401
                         svmem_effective, virtual_memory_effective)
from ._system import (Sampler, cache_clear, procfs_path, set_procfs_path,  # noqa: F401
                      set_sysfs_path, sysfs_path, version)

library_path = _lib.path

__all__ = ["Sampler", "cache_clear", "procfs_path", "set_procfs_path", "set_sysfs_path",
           "sysfs_path", "version", "library_path", "cgroup", "process_cgroup", "pressure",
           "cpu_count_effective", "virtual_memory_effective", "svmem_effective"]
