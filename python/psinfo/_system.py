"""psutil's system-wide functions (CPU, memory, disks, network, sensors, users) and psinfo's
Sampler."""

from __future__ import annotations

import ctypes
import os
from typing import Dict, List, Optional, Tuple, Union

from ._common import (BatteryTime, NicDuplex, _AF_UNIX, _CONN_STATUS, _family,
                      _sock_type, _text, _tuple, addr, error_for, pheap, sbattery, sconn,
                      scpufreq, scpustats, scputimes, sdiskio, sdiskpart, sdiskusage, sfan,
                      shwtemp, snetio, snicaddr, snicstats, sswap, suser, svmem)
from ._common import c_str, check as _check, cstr, row_converter, rows
from ._lib import (ENOBUFS as _ENOBUFS, ENOVALUE as _ENOVALUE, _Battery, _Connection, _CpuFreq,
                   _CpuStats, _CpuTimes, _DiskIo, _DiskUsage, _Fan, _HeapInfo, _NetIfAddr,
                   _NetIfStats, _NetIo, _Partition, _SwapMemory, _Temperature, _User,
                   _VirtualMemory, _dbl, _lib, bare as _bare)


def _raise(rc):
    raise error_for(rc)


def _one(fn, struct, *args):
    s = struct.new()
    _check(fn(ctypes.byref(s), *args))
    return s


def _struct_list(fn, free, struct, convert, *args):
    """Calls a list function (out, count, elem_size, *args), converts, frees."""
    ptr = ctypes.POINTER(struct)()
    count = ctypes.c_size_t(0)
    _check(fn(ctypes.byref(ptr), ctypes.byref(count), ctypes.sizeof(struct), *args))
    try:
        return [convert(ptr[i]) for i in range(count.value)]
    finally:
        free(ptr, count)


def _double_list(fn, *args):
    ptr = ctypes.POINTER(_dbl)()
    count = ctypes.c_size_t(0)
    _check(fn(ctypes.byref(ptr), ctypes.byref(count), *args))
    try:
        return [ptr[i] for i in range(count.value)]
    finally:
        _lib.psinfo_free_cpu_percent_percpu(ptr, count)


def _interval(interval):
    # psutil's None is the C API's 0: compare with the previous call. Anything else goes to
    # the library, which refuses negative and NaN values (ValueError).
    if interval is None:
        return 0.0
    if isinstance(interval, bool) or not isinstance(interval, (int, float)):
        raise TypeError("interval must be a number or None, not %s" % type(interval).__name__)
    return float(interval)


def _cpu_times_list(fn, free, *args):
    return [t for _, t in _struct_rows(fn, free, _CpuTimes, scputimes, *args)]


def _cpu_times_tuple(s):
    return _tuple(scputimes, s)


# ---- The functions -------------------------------------------------------------------------


def cpu_times(percpu: bool = False) -> Union[scputimes, List[scputimes]]:
    """psutil.cpu_times(): seconds spent in each mode, system-wide or per CPU."""
    if percpu:
        return _cpu_times_list(_lib.psinfo_cpu_times_percpu, _lib.psinfo_free_cpu_times_percpu)
    return _cpu_times_tuple(_one(_lib.psinfo_cpu_times, _CpuTimes))


def cpu_percent(interval: Optional[float] = None,
                percpu: bool = False) -> Union[float, List[float]]:
    """psutil.cpu_percent(): busy percentage over interval, or since this thread's last call."""
    iv = _interval(interval)
    if percpu:
        return _double_list(_lib.psinfo_cpu_percent_percpu, iv)
    out = _dbl()
    _check(_lib.psinfo_cpu_percent(ctypes.byref(out), iv))
    return out.value


def cpu_times_percent(interval: Optional[float] = None,
                      percpu: bool = False) -> Union[scputimes, List[scputimes]]:
    """psutil.cpu_times_percent(): per-mode percentages, sampled as cpu_percent."""
    iv = _interval(interval)
    if percpu:
        return _cpu_times_list(_lib.psinfo_cpu_times_percent_percpu,
                               _lib.psinfo_free_cpu_times_percent_percpu, iv)
    return _cpu_times_tuple(_one(_lib.psinfo_cpu_times_percent, _CpuTimes, iv))


def cpu_count(logical: bool = True) -> Optional[int]:
    """psutil.cpu_count(): logical CPUs or physical cores; None when unknown."""
    out = ctypes.c_int32(0)
    rc = _lib.psinfo_cpu_count(ctypes.byref(out), 1 if logical else 0)
    if rc == _ENOVALUE:
        return None
    _check(rc)
    return out.value


def cpu_stats() -> scpustats:
    """psutil.cpu_stats(). syscalls is None on Linux, which does not count them."""
    return _tuple(scpustats, _one(_lib.psinfo_cpu_stats, _CpuStats))


def cpu_freq(percpu: bool = False) -> Union[Optional[scpufreq], List[scpufreq]]:
    """psutil.cpu_freq() in MHz; None when no frequency is known; min/max None when unknown."""
    if percpu:
        return _struct_list(_lib.psinfo_cpu_freq_percpu, _lib.psinfo_free_cpu_freq_percpu,
                            _CpuFreq, lambda s: _tuple(scpufreq, s))
    s = _CpuFreq.new()
    rc = _lib.psinfo_cpu_freq(ctypes.byref(s))
    if rc == _ENOVALUE:
        return None
    _check(rc)
    return _tuple(scpufreq, s)


def getloadavg() -> Tuple[float, float, float]:
    """psutil.getloadavg(): the 1, 5 and 15 minute load averages."""
    out = (_dbl * 3)()
    _check(_lib.psinfo_getloadavg(out))
    return tuple(out)


def virtual_memory() -> svmem:
    """psutil.virtual_memory() in bytes (used = total - available, as psutil 8)."""
    return _tuple(svmem, _one(_lib.psinfo_virtual_memory, _VirtualMemory))


def swap_memory() -> sswap:
    """psutil.swap_memory() in bytes; sin/sout None where they are not counted."""
    return _tuple(sswap, _one(_lib.psinfo_swap_memory, _SwapMemory))


def heap_info() -> pheap:
    """psutil.heap_info(): this process's C allocator, bytes (heap_count on Windows)."""
    return _tuple(pheap, _one(_lib.psinfo_heap_info, _HeapInfo))


def heap_trim() -> None:
    """psutil.heap_trim(): asks the C allocator to give unused heap memory back."""
    _check(_lib.psinfo_heap_trim())


def boot_time() -> float:
    """psutil.boot_time(): seconds since the epoch."""
    out = _dbl()
    _check(_lib.psinfo_boot_time(ctypes.byref(out)))
    return out.value


def _user(s):
    return suser(_text(s.name), _text(s.terminal), _text(s.host), s.started, s.value("pid"))


def users() -> List[suser]:
    """psutil.users(): the login sessions."""
    return _struct_list(_lib.psinfo_users, _lib.psinfo_free_users, _User, _user)


def _path_arg(path):
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError("path must be str, bytes or os.PathLike, not %s" % type(path).__name__)
    b = os.fsencode(path)
    if b"\0" in b:
        raise ValueError("embedded null byte")
    return b


def set_procfs_path(path: Union[str, bytes, os.PathLike]) -> None:
    """Where /proc is read from (psutil.PROCFS_PATH); "" restores the default."""
    _check(_lib.psinfo_set_procfs_path(_path_arg(path)))


def set_sysfs_path(path: Union[str, bytes, os.PathLike]) -> None:
    """Where /sys is read from; "" restores the default."""
    _check(_lib.psinfo_set_sysfs_path(_path_arg(path)))


def _get_path(fn):
    size = ctypes.c_size_t(0)
    rc = fn(None, ctypes.byref(size))
    if rc not in (0, _ENOBUFS):
        _raise(rc)
    buf = ctypes.create_string_buffer(size.value)
    _check(fn(buf, ctypes.byref(size)))
    return os.fsdecode(buf.value)


def procfs_path() -> str:
    return _get_path(_lib.psinfo_procfs_path)


def sysfs_path() -> str:
    return _get_path(_lib.psinfo_sysfs_path)


def version() -> str:
    """The library's version, "MAJOR.MINOR.PATCH"."""
    return _lib.psinfo_version().decode()


# ---- Disks ---------------------------------------------------------------------------------


def disk_partitions(all: bool = False) -> List[sdiskpart]:
    """psutil.disk_partitions(): mounted filesystems, physical ones only unless all."""
    return _struct_list(_lib.psinfo_disk_partitions, _lib.psinfo_free_disk_partitions,
                        _Partition, lambda s: sdiskpart(_text(s.device), _text(s.mountpoint),
                                                        _text(s.fstype), _text(s.opts)),
                        1 if all else 0)


def disk_usage(path: Union[str, bytes, os.PathLike]) -> sdiskusage:
    """psutil.disk_usage(path) in bytes; the OSError subclass of the errno (FileNotFoundError
    for a path that does not exist)."""
    s = _DiskUsage.new()
    rc = _lib.psinfo_disk_usage(ctypes.byref(s), _path_arg(path))
    if rc != 0:
        raise error_for(rc, filename=path)
    return _tuple(sdiskusage, s)


# (struct, kind): (its pointer type, its size as a c_size_t (right for a function without
# argtypes too), the converter, the index of "name").
_ROWS = {}


def _rows_of(struct, kind):
    names = [n for n, _ in struct._fields_]
    meta = (ctypes.POINTER(struct), ctypes.c_size_t(ctypes.sizeof(struct)),
            row_converter(kind, struct), names.index("name") if "name" in names else None)
    _ROWS[(struct, kind)] = meta
    return meta


def _struct_rows(fn, free, struct, kind, *args, check=_check):
    """A list function's elements as namedtuples kind, read with one unpack each:
    [(name or None, tuple)]. check(rc) raises for a failing call (a Process passes its own, so
    that the error names the process)."""
    pointer, size, convert, at = _ROWS.get((struct, kind)) or _rows_of(struct, kind)
    ptr = pointer()
    count = ctypes.c_size_t(0)
    check(fn(ctypes.byref(ptr), ctypes.byref(count), size, *args))
    try:
        if at is None:
            return [(None, convert(v)) for v in rows(ptr, count.value, struct)]
        return [(cstr(v[at]), convert(v)) for v in rows(ptr, count.value, struct)]
    finally:
        free(ptr, count)


def _maybe_one(fn, struct, kind, *args):
    s = struct.new()
    rc = fn(ctypes.byref(s), *args)
    if rc == _ENOVALUE:
        return None
    _check(rc)
    return _tuple(kind, s)


_IO_COUNTERS = {"disk": (_DiskIo, sdiskio, "_perdisk"), "net": (_NetIo, snetio, "_pernic")}


# (prefix, what, per): (the function, its free function or None), without argtypes (_lib.bare):
# their arguments are byref()s, a c_size_t, the sampler's c_void_p handle and nowrap (an int).
_IO_FNS = {}


def _io_fns(prefix, what, per):
    name = what + "_io_counters"
    if per:
        each = _IO_COUNTERS[what][2]
        fns = (getattr(_bare, prefix + "_" + name + each),
               getattr(_bare, "psinfo_free_" + name + each))
    else:
        fns = (getattr(_bare, prefix + "_" + name), None)
    _IO_FNS[(prefix, what, per)] = fns
    return fns


def _io_counters(prefix, what, per, nowrap, *handle):
    """<prefix>_<what>_io_counters (prefix psinfo, or psinfo_sampler with its handle): the
    sum, None when there is nothing to count, or when per {device: tuple}."""
    struct, kind, _ = _IO_COUNTERS[what]
    per = bool(per)
    fn, free = _IO_FNS.get((prefix, what, per)) or _io_fns(prefix, what, per)
    if per:
        return dict(_struct_rows(fn, free, struct, kind, *handle, 1 if nowrap else 0))
    return _maybe_one(fn, struct, kind, *handle, 1 if nowrap else 0)


def disk_io_counters(perdisk: bool = False,
                     nowrap: bool = True) -> Union[Optional[sdiskio], Dict[str, sdiskio]]:
    """psutil.disk_io_counters(): whole disks summed, or {device: sdiskio} when perdisk;
    None (or {}) when there is no disk. Times in milliseconds."""
    return _io_counters("psinfo", "disk", perdisk, nowrap)


# ---- Network -------------------------------------------------------------------------------


def net_io_counters(pernic: bool = False,
                    nowrap: bool = True) -> Union[Optional[snetio], Dict[str, snetio]]:
    """psutil.net_io_counters(): every NIC summed, or {nic: snetio} when pernic; None (or
    {}) when there is none."""
    return _io_counters("psinfo", "net", pernic, nowrap)


def net_if_addrs() -> Dict[str, List[snicaddr]]:
    """psutil.net_if_addrs(): {nic: [snicaddr(family, address, netmask, broadcast, ptp)]};
    families are socket.AddressFamily (AF_LINK is AF_PACKET on Linux, as in psutil)."""
    rows = _struct_list(_lib.psinfo_net_if_addrs, _lib.psinfo_free_net_if_addrs, _NetIfAddr,
                        lambda s: (_text(s.name), snicaddr(
                            _family(s.family), _text(s.address), _text(s.netmask),
                            _text(s.broadcast), _text(s.ptp))))
    out = {}
    for name, a in rows:
        out.setdefault(name, []).append(a)
    return out


def _duplex(v):
    try:
        return NicDuplex(v)
    except ValueError:
        return v


def net_if_stats() -> Dict[str, snicstats]:
    """psutil.net_if_stats(): {nic: snicstats(isup, duplex, speed, mtu, flags)}."""
    return dict(_struct_list(
        _lib.psinfo_net_if_stats, _lib.psinfo_free_net_if_stats, _NetIfStats,
        lambda s: (_text(s.name), snicstats(bool(s.isup), _duplex(s.duplex), s.speed, s.mtu,
                                            _text(s.flags)))))


def _conn(s):
    if s.family == _AF_UNIX:
        # psutil: the path as laddr, '' as raddr.
        laddr, raddr = _text(s.path) or "", ""
    else:
        laddr = addr(_text(s.laddr_ip), s.laddr_port) if s.laddr_ip is not None else ()
        raddr = addr(_text(s.raddr_ip), s.raddr_port) if s.raddr_ip is not None else ()
    status = _CONN_STATUS[s.status] if 0 <= s.status < len(_CONN_STATUS) else str(s.status)
    return sconn(s.fd, _family(s.family), _sock_type(s.type), laddr, raddr, status,
                 s.value("pid"))


def net_connections(kind: str = "inet") -> List[sconn]:
    """psutil.net_connections(kind): sconn(fd, family, type, laddr, raddr, status, pid).
    kind: inet, inet4, inet6, tcp, tcp4, tcp6, udp, udp4, udp6, unix, all (else ValueError)."""
    if not isinstance(kind, str):
        raise TypeError("kind must be a string, not %s" % type(kind).__name__)
    return _struct_list(_lib.psinfo_net_connections, _lib.psinfo_free_net_connections,
                        _Connection, _conn, c_str(kind, "kind"))


# ---- Sensors -------------------------------------------------------------------------------


def sensors_temperatures(fahrenheit: bool = False) -> Dict[str, List[shwtemp]]:
    """psutil.sensors_temperatures(): {chip: [shwtemp(label, current, high, critical)]}."""
    rows = _struct_list(_lib.psinfo_sensors_temperatures, _lib.psinfo_free_sensors_temperatures,
                        _Temperature, lambda s: (_text(s.name), shwtemp(
                            _text(s.label), s.current, s.value("high"), s.value("critical"))),
                        1 if fahrenheit else 0)
    out = {}
    for name, t in rows:
        out.setdefault(name, []).append(t)
    return out


def sensors_fans() -> Dict[str, List[sfan]]:
    """psutil.sensors_fans(): {chip: [sfan(label, current)]}, RPM."""
    rows = _struct_list(_lib.psinfo_sensors_fans, _lib.psinfo_free_sensors_fans, _Fan,
                        lambda s: (_text(s.name), sfan(_text(s.label), s.current)))
    out = {}
    for name, f in rows:
        out.setdefault(name, []).append(f)
    return out


def sensors_battery() -> Optional[sbattery]:
    """psutil.sensors_battery(): sbattery(percent, secsleft, power_plugged), or None."""
    s = _Battery.new()
    rc = _lib.psinfo_sensors_battery(ctypes.byref(s))
    if rc == _ENOVALUE:
        return None
    _check(rc)
    secs = s.secsleft
    if secs in (-1, -2):
        secs = BatteryTime(secs)
    plugged = s.value("power_plugged")
    return sbattery(s.percent, secs, None if plugged is None else bool(plugged))


def cache_clear(name: str = "") -> None:
    """Forgets the nowrap state of "disk_io_counters", "net_io_counters", or ("") both."""
    _check(_lib.psinfo_cache_clear(c_str(name, "name")))


# psutil's disk_io_counters.cache_clear() and net_io_counters.cache_clear().
disk_io_counters.cache_clear = lambda: cache_clear("disk_io_counters")
net_io_counters.cache_clear = lambda: cache_clear("net_io_counters")


class Sampler(object):
    """psinfo's sampler (psinfo_sampler_t): the system-wide counters a monitor reads every
    tick, with the files behind them kept open, and state of its own: cpu_percent() and
    cpu_times_percent() without an interval compare with this sampler's previous call, and
    nowrap keeps its own offsets. One sampler per thread. Use as a context manager or call
    close(); the methods are the module functions' of the same name."""

    def __init__(self):
        self._h = ctypes.c_void_p()
        _check(_lib.psinfo_sampler_new(ctypes.byref(self._h)))

    def _handle(self):
        if not self._h:
            raise ValueError("the sampler is closed")
        return self._h

    def cpu_times(self, percpu=False):
        if percpu:
            return _cpu_times_list(_lib.psinfo_sampler_cpu_times_percpu,
                                   _lib.psinfo_free_cpu_times_percpu, self._handle())
        return _cpu_times_tuple(_one(_lib.psinfo_sampler_cpu_times, _CpuTimes, self._handle()))

    def cpu_percent(self, interval=None, percpu=False):
        h, iv = self._handle(), _interval(interval)
        if percpu:
            return _double_list(_lib.psinfo_sampler_cpu_percent_percpu, h, iv)
        out = _dbl()
        _check(_lib.psinfo_sampler_cpu_percent(ctypes.byref(out), h, iv))
        return out.value

    def cpu_times_percent(self, interval=None, percpu=False):
        h, iv = self._handle(), _interval(interval)
        if percpu:
            return _cpu_times_list(_lib.psinfo_sampler_cpu_times_percent_percpu,
                                   _lib.psinfo_free_cpu_times_percent_percpu, h, iv)
        return _cpu_times_tuple(_one(_lib.psinfo_sampler_cpu_times_percent, _CpuTimes, h, iv))

    def cpu_stats(self):
        return _tuple(scpustats, _one(_lib.psinfo_sampler_cpu_stats, _CpuStats, self._handle()))

    def getloadavg(self):
        out = (_dbl * 3)()
        _check(_lib.psinfo_sampler_getloadavg(out, self._handle()))
        return tuple(out)

    def virtual_memory(self):
        return _tuple(svmem, _one(_lib.psinfo_sampler_virtual_memory, _VirtualMemory,
                                  self._handle()))

    def swap_memory(self):
        return _tuple(sswap, _one(_lib.psinfo_sampler_swap_memory, _SwapMemory, self._handle()))

    def disk_io_counters(self, perdisk=False, nowrap=True):
        return _io_counters("psinfo_sampler", "disk", perdisk, nowrap, self._handle())

    def net_io_counters(self, pernic=False, nowrap=True):
        return _io_counters("psinfo_sampler", "net", pernic, nowrap, self._handle())

    def cache_clear(self, name=""):
        """Forgets this sampler's nowrap state ("disk_io_counters", "net_io_counters", "")."""
        _check(_lib.psinfo_sampler_cache_clear(self._handle(), c_str(name, "name")))

    def close(self):
        if self._h:
            _lib.psinfo_sampler_free(self._h)
            self._h = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

