"""psinfo's own container functions (psinfo/container.hpp), in psinfo.ext: cgroup(),
process_cgroup(), pressure(), cpu_count_effective(), virtual_memory_effective(). Their dicts
have the keys and values of `psinfo cgroup --json` and `psinfo pressure --json`."""

from __future__ import annotations

import collections
import ctypes
from typing import Any, Dict, Optional

from ._common import _text, _tuple, check as _check
from ._lib import (CG_CPU, CG_IO, CG_MEMORY, ENOVALUE as _ENOVALUE, PSI_RESOURCES, _Cgroup,
                   _CgroupIo, _CgroupPath, _CgroupStat, _Pressure, _VmemEffective, _i32, _lib)
from ._process import _EXT_ATTR_FUNCS, Process

svmem_effective = collections.namedtuple("svmem_effective", "total available used percent limit")


def _one(fn, struct, *args):
    s = struct.new()
    _check(fn(ctypes.byref(s), *args))
    return s


def _pressure_dict(s):
    out = {}
    for r in PSI_RESOURCES:
        lines = {}
        for line in ("some", "full"):
            total = "%s_%s_total" % (r, line)
            if s.value(total) is None:
                lines[line] = None
                continue
            lines[line] = {f: getattr(s, "%s_%s_%s" % (r, line, f))
                           for f in ("avg10", "avg60", "avg300")}
            lines[line]["total"] = getattr(s, total)
        out[r] = None if lines["some"] is None and lines["full"] is None else lines
    return out


def process_cgroup(proc: Process) -> Dict[str, Any]:
    """The cgroups of a psinfo.Process (what C++'s process::cgroup() gives; psutil's Process
    has no such method, so it is a function here): the dict of cgroup(). Also the
    process_iter(["cgroup"]) / as_dict(["cgroup"]) attribute."""
    s = proc._one("cgroup", _Cgroup)
    version = _lib.psinfo_cgroup_version_name(s.version).decode()

    def cpuset(mems):
        ptr = ctypes.POINTER(_i32)()
        count = ctypes.c_size_t(0)
        rc = _lib.psinfo_process_cgroup_cpuset(ctypes.byref(ptr), ctypes.byref(count), proc._h,
                                               mems)
        if rc == _ENOVALUE:
            return None
        proc._c(rc)
        try:
            return [ptr[i] for i in range(count.value)]
        finally:
            _lib.psinfo_free_process_cgroup_cpuset(ptr, count)

    cpu = {f: s.value("cpu_" + f) for f in CG_CPU}
    cpu["cpus"], cpu["mems"] = cpuset(0), cpuset(1)
    memory = {f: s.value("memory_" + f) for f in CG_MEMORY}
    memory["stat"] = dict(proc._list("cgroup_memory_stat", _CgroupStat,
                                     lambda x: (_text(x.name), x.value)))
    return {
        "version": None if version == "none" else version,
        "paths": dict(proc._list("cgroup_paths", _CgroupPath,
                                 lambda x: (_text(x.hierarchy), _text(x.path)))),
        "cpu": cpu,
        "memory": memory,
        "pids": {"max": s.value("pids_max"), "current": s.value("pids_current")},
        "io": dict(proc._list("cgroup_io", _CgroupIo,
                              lambda x: (_text(x.device), {f: x.value(f) for f in CG_IO}))),
        "pressure": _pressure_dict(proc._one("cgroup_pressure", _Pressure)),
    }


_EXT_ATTR_FUNCS["cgroup"] = process_cgroup


def cgroup(pid: Optional[int] = None) -> Dict[str, Any]:
    """The cgroups of process pid (None: the calling process), as a dict with the keys of
    `psinfo cgroup --json`: version ("v1", "v2", "hybrid"; None when no cgroupfs is mounted),
    paths, cpu, memory, pids, io, pressure. Unlimited or unknown values are None.
    NoSuchProcess for a vanished pid; NotImplementedError where the OS has no cgroups."""
    return process_cgroup(Process(pid))


def pressure() -> Dict[str, Any]:
    """System-wide pressure stall information: {"cpu", "memory", "io", "irq"}, each
    {"some", "full"} of {"avg10", "avg60", "avg300", "total"} (None where the kernel has none).
    NotImplementedError where the OS has no PSI."""
    return _pressure_dict(_one(_lib.psinfo_pressure, _Pressure))


def cpu_count_effective() -> Optional[int]:
    """The CPUs a thread pool of this process should use: min(CPUs of its affinity mask,
    ceil(its cgroup's CPU limit)), as OpenJDK computes it; None when unknown."""
    out = _i32()
    rc = _lib.psinfo_cpu_count_effective(ctypes.byref(out))
    if rc == _ENOVALUE:
        return None
    _check(rc)
    return out.value


def virtual_memory_effective() -> svmem_effective:
    """This process's memory: the host's capped by its cgroup's limits,
    svmem_effective(total, available, used, percent, limit); limit None when none applies."""
    return _tuple(svmem_effective, _one(_lib.psinfo_virtual_memory_effective, _VmemEffective))
