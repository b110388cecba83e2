"""psinfo through ctypes: psutil's system functions, names and fields, from libpsinfo.

    import psinfo
    psinfo.cpu_times()            # scputimes(user=..., system=..., idle=..., nice=..., ...)
    psinfo.virtual_memory().available
    psinfo.cpu_percent(interval=0.5, percpu=True)
    psinfo.disk_io_counters(perdisk=True)["sda"].read_bytes
    psinfo.net_connections("tcp")  # [sconn(fd=..., family=<AddressFamily.AF_INET: 2>, ...)]

The shared library is found through the environment variable PSINFO_LIBRARY (a path), else
next to this file, else in a build directory of the source tree (build*/), else by
ctypes.util.find_library("psinfo").

Fields a platform cannot give are None (psutil gives 0 for some of them). C errors become
exceptions: ValueError for bad arguments, NotImplementedError where unsupported,
MemoryError, OSError for the operating system's errors; all of them are also psinfo.Error.
Only the standard library is needed.
"""

import collections
import ctypes
import ctypes.util
import enum
import glob
import os
import socket
import sys

__all__ = [
    "cpu_times", "cpu_percent", "cpu_times_percent", "cpu_count", "cpu_stats", "cpu_freq",
    "getloadavg", "virtual_memory", "swap_memory", "boot_time", "users", "CpuSampler",
    "set_procfs_path", "set_sysfs_path", "procfs_path", "sysfs_path", "version",
    "disk_partitions", "disk_usage", "disk_io_counters", "net_io_counters", "net_if_addrs",
    "net_if_stats", "net_connections", "sensors_temperatures", "sensors_fans",
    "sensors_battery", "cache_clear", "AF_LINK", "NicDuplex", "NIC_DUPLEX_UNKNOWN",
    "NIC_DUPLEX_HALF", "NIC_DUPLEX_FULL", "BatteryTime", "POWER_TIME_UNKNOWN",
    "POWER_TIME_UNLIMITED",
    "Error", "NoSuchProcess", "ZombieProcess", "AccessDenied", "TimeoutExpired",
]

# ---- Finding and loading the library -------------------------------------------------------


def _candidates():
    env = os.environ.get("PSINFO_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    for name in ("libpsinfo.so", "libpsinfo.dylib", "psinfo.dll"):
        yield os.path.join(here, name)
    root = os.path.dirname(os.path.dirname(here))
    built = glob.glob(os.path.join(root, "build*", "libpsinfo.so")) + glob.glob(
        os.path.join(root, "build*", "libpsinfo.dylib"))
    for path in sorted(built, key=os.path.getmtime, reverse=True):
        yield path
    found = ctypes.util.find_library("psinfo")
    if found:
        yield found


def _load():
    tried = []
    for path in _candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path + " (missing)")
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise ImportError("psinfo: cannot load libpsinfo; set PSINFO_LIBRARY. Tried: " +
                      ("; ".join(tried) or "nothing"))


_lib = _load()

# ---- Errors --------------------------------------------------------------------------------

_EINVAL, _ENOSUCHPROCESS, _EZOMBIE, _EACCES, _ETIMEDOUT = -1, -2, -3, -4, -5
_ENOTSUP, _ENOMEM, _EIO, _ESTRUCTSIZE, _ENOVALUE, _ENOBUFS = -6, -7, -8, -9, -10, -11


class Error(Exception):
    """Base of the errors this module raises; .code is the C API's PSINFO_E... code."""

    code = None

    def __init__(self, msg):
        Exception.__init__(self, msg)
        self.msg = msg


class NoSuchProcess(Error):
    pass


class ZombieProcess(NoSuchProcess):
    pass


class AccessDenied(Error):
    pass


class TimeoutExpired(Error):
    pass


class _InvalidArgument(Error, ValueError):
    pass


class _NotSupported(Error, NotImplementedError):
    pass


class _OutOfMemory(Error, MemoryError):
    pass


class _OSFailure(Error, OSError):
    pass


_EXC = {
    _EINVAL: _InvalidArgument,
    _ENOSUCHPROCESS: NoSuchProcess,
    _EZOMBIE: ZombieProcess,
    _EACCES: AccessDenied,
    _ETIMEDOUT: TimeoutExpired,
    _ENOTSUP: _NotSupported,
    _ENOMEM: _OutOfMemory,
    _EIO: _OSFailure,
}

_lib.psinfo_strerror.restype = ctypes.c_char_p
_lib.psinfo_strerror.argtypes = [ctypes.c_int]
_lib.psinfo_err_name.restype = ctypes.c_char_p
_lib.psinfo_err_name.argtypes = [ctypes.c_int]
_lib.psinfo_last_error_message.restype = ctypes.c_char_p
_lib.psinfo_last_error_message.argtypes = []
_lib.psinfo_version.restype = ctypes.c_char_p
_lib.psinfo_version.argtypes = []


def _raise(rc):
    msg = _lib.psinfo_last_error_message().decode("utf-8", "replace")
    name = _lib.psinfo_err_name(rc).decode()
    exc = _EXC.get(rc, Error)("%s (PSINFO_%s)" % (msg, name))
    exc.code = rc
    raise exc


def _check(rc):
    if rc != 0:
        _raise(rc)


# ---- The C structs -------------------------------------------------------------------------

_u32, _u64, _i64, _dbl, _str = (ctypes.c_uint32, ctypes.c_uint64, ctypes.c_int64,
                                ctypes.c_double, ctypes.c_char_p)


class _Struct(ctypes.Structure):
    # (field, present bit) for the optional fields; the others are always there.
    _optional = {}

    @classmethod
    def new(cls):
        s = cls()
        s.struct_size = ctypes.sizeof(cls)
        return s

    def value(self, name):
        bit = self._optional.get(name)
        if bit is not None and not (self.present & bit):
            return None
        return getattr(self, name)


def _struct(name, fields, optional):
    cls = type(name, (_Struct,), {
        "_fields_": [("struct_size", _u32), ("present", _u32)] + fields,
        "_optional": {f: 1 << i for i, f in enumerate(optional)},
    })
    return cls


_CpuTimes = _struct("_CpuTimes", [(f, _dbl) for f in (
    "user", "system", "idle", "nice", "iowait", "irq", "softirq", "steal", "guest",
    "guest_nice", "interrupt", "dpc")], ["nice", "iowait", "irq", "softirq", "steal", "guest",
                                          "guest_nice", "interrupt", "dpc"])
_CpuStats = _struct("_CpuStats", [(f, _u64) for f in (
    "ctx_switches", "interrupts", "soft_interrupts", "syscalls")],
    ["soft_interrupts", "syscalls"])
_CpuFreq = _struct("_CpuFreq", [("current", _dbl), ("min", _dbl), ("max", _dbl)],
                   ["min", "max"])
_VirtualMemory = _struct("_VirtualMemory", [
    ("total", _u64), ("available", _u64), ("percent", _dbl), ("used", _u64), ("free", _u64),
    ("active", _u64), ("inactive", _u64), ("buffers", _u64), ("cached", _u64),
    ("shared", _u64), ("slab", _u64), ("wired", _u64)],
    ["active", "inactive", "buffers", "cached", "shared", "slab", "wired"])
_SwapMemory = _struct("_SwapMemory", [
    ("total", _u64), ("used", _u64), ("free", _u64), ("percent", _dbl), ("sin", _u64),
    ("sout", _u64)], ["sin", "sout"])
_User = _struct("_User", [("name", _str), ("terminal", _str), ("host", _str),
                          ("started", _dbl), ("pid", _i64)], ["terminal", "pid"])
_Partition = _struct("_Partition", [("device", _str), ("mountpoint", _str), ("fstype", _str),
                                    ("opts", _str)], [])
_DiskUsage = _struct("_DiskUsage", [("total", _u64), ("used", _u64), ("free", _u64),
                                    ("percent", _dbl)], [])
_DiskIo = _struct("_DiskIo", [("name", _str)] + [(f, _u64) for f in (
    "read_count", "write_count", "read_bytes", "write_bytes", "read_time", "write_time",
    "read_merged_count", "write_merged_count", "busy_time")],
    ["read_time", "write_time", "read_merged_count", "write_merged_count", "busy_time"])
_NetIo = _struct("_NetIo", [("name", _str)] + [(f, _u64) for f in (
    "bytes_sent", "bytes_recv", "packets_sent", "packets_recv", "errin", "errout", "dropin",
    "dropout")], [])
_NetIfAddr = _struct("_NetIfAddr", [("name", _str), ("family", ctypes.c_int32),
                                    ("address", _str), ("netmask", _str), ("broadcast", _str),
                                    ("ptp", _str)], ["address", "netmask", "broadcast", "ptp"])
_NetIfStats = _struct("_NetIfStats", [("name", _str), ("isup", ctypes.c_int32),
                                      ("duplex", ctypes.c_int32), ("speed", ctypes.c_int32),
                                      ("mtu", ctypes.c_int32), ("flags", _str)], [])
# The present bits of _Connection: laddr, raddr, path, pid (the ports share their address's).
_Connection = type("_Connection", (_Struct,), {
    "_fields_": [("struct_size", _u32), ("present", _u32), ("fd", ctypes.c_int32),
                 ("family", ctypes.c_int32), ("type", ctypes.c_int32),
                 ("status", ctypes.c_int32), ("laddr_ip", _str), ("raddr_ip", _str),
                 ("laddr_port", ctypes.c_int32), ("raddr_port", ctypes.c_int32),
                 ("path", _str), ("pid", _i64)],
    "_optional": {"laddr_ip": 1, "laddr_port": 1, "raddr_ip": 2, "raddr_port": 2, "path": 4,
                  "pid": 8},
})
_Temperature = _struct("_Temperature", [("name", _str), ("label", _str), ("current", _dbl),
                                        ("high", _dbl), ("critical", _dbl)],
                       ["high", "critical"])
_Fan = _struct("_Fan", [("name", _str), ("label", _str), ("current", _i64)], [])
_Battery = _struct("_Battery", [("percent", _dbl), ("secsleft", _i64),
                                ("power_plugged", ctypes.c_int32)], ["power_plugged"])

# ---- psutil's result types -----------------------------------------------------------------

# The fields psutil's tuples have on each platform, in psutil 8's order. A field of the list
# that the library reports absent is None; fields of other platforms are left out, as psutil
# does. An unknown platform gets every field.
_LINUX = sys.platform.startswith("linux")
_WINDOWS = sys.platform == "win32"
if _LINUX:
    _CPU_TIMES_FIELDS = ("user", "system", "idle", "nice", "iowait", "irq", "softirq", "steal",
                         "guest", "guest_nice")
    _VMEM_FIELDS = ("total", "available", "percent", "used", "free", "active", "inactive",
                    "buffers", "cached", "shared", "slab")
elif _WINDOWS:
    _CPU_TIMES_FIELDS = ("user", "system", "idle", "interrupt", "dpc")
    _VMEM_FIELDS = ("total", "available", "percent", "used", "free")
else:
    _CPU_TIMES_FIELDS = ("user", "system", "idle", "nice", "iowait", "irq", "softirq", "steal",
                         "guest", "guest_nice", "interrupt", "dpc")
    _VMEM_FIELDS = ("total", "available", "percent", "used", "free", "active", "inactive",
                    "buffers", "cached", "shared", "slab", "wired")

scputimes = collections.namedtuple("scputimes", _CPU_TIMES_FIELDS)
scpustats = collections.namedtuple("scpustats",
                                   "ctx_switches interrupts soft_interrupts syscalls")
scpufreq = collections.namedtuple("scpufreq", "current min max")
svmem = collections.namedtuple("svmem", _VMEM_FIELDS)
sswap = collections.namedtuple("sswap", "total used free percent sin sout")
suser = collections.namedtuple("suser", "name terminal host started pid")
sdiskpart = collections.namedtuple("sdiskpart", "device mountpoint fstype opts")
sdiskusage = collections.namedtuple("sdiskusage", "total used free percent")
if _WINDOWS:
    _DISKIO_FIELDS = ("read_count", "write_count", "read_bytes", "write_bytes", "read_time",
                      "write_time")
else:
    _DISKIO_FIELDS = ("read_count", "write_count", "read_bytes", "write_bytes", "read_time",
                      "write_time", "read_merged_count", "write_merged_count", "busy_time")
sdiskio = collections.namedtuple("sdiskio", _DISKIO_FIELDS)
snetio = collections.namedtuple("snetio", "bytes_sent bytes_recv packets_sent packets_recv "
                                          "errin errout dropin dropout")
snicaddr = collections.namedtuple("snicaddr", "family address netmask broadcast ptp")
snicstats = collections.namedtuple("snicstats", "isup duplex speed mtu flags")
sconn = collections.namedtuple("sconn", "fd family type laddr raddr status pid")
addr = collections.namedtuple("addr", "ip port")
shwtemp = collections.namedtuple("shwtemp", "label current high critical")
sfan = collections.namedtuple("sfan", "label current")
sbattery = collections.namedtuple("sbattery", "percent secsleft power_plugged")


class NicDuplex(enum.IntEnum):
    """psutil.NicDuplex."""
    NIC_DUPLEX_UNKNOWN = 0
    NIC_DUPLEX_HALF = 1
    NIC_DUPLEX_FULL = 2


class BatteryTime(enum.IntEnum):
    """psutil's POWER_TIME_UNKNOWN / POWER_TIME_UNLIMITED."""
    POWER_TIME_UNKNOWN = -1
    POWER_TIME_UNLIMITED = -2


NIC_DUPLEX_UNKNOWN = NicDuplex.NIC_DUPLEX_UNKNOWN
NIC_DUPLEX_HALF = NicDuplex.NIC_DUPLEX_HALF
NIC_DUPLEX_FULL = NicDuplex.NIC_DUPLEX_FULL
POWER_TIME_UNKNOWN = BatteryTime.POWER_TIME_UNKNOWN
POWER_TIME_UNLIMITED = BatteryTime.POWER_TIME_UNLIMITED

# psutil's CONN_* strings, indexed by the C API's PSINFO_CONN_* values.
_CONN_STATUS = ("NONE", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
                "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
                "DELETE_TCB", "IDLE", "BOUND")
for _i, _s in enumerate(_CONN_STATUS):
    globals()["CONN_" + _s] = _s

# The C API's families are Linux's numbers; psutil.AF_LINK is AF_PACKET there.
_AF_UNSPEC, _AF_UNIX, _AF_INET, _AF_INET6, _AF_LINK = 0, 1, 2, 10, 17
_FAMILIES = {
    _AF_UNSPEC: socket.AF_UNSPEC,
    _AF_INET: socket.AF_INET,
    _AF_INET6: getattr(socket, "AF_INET6", _AF_INET6),
    _AF_UNIX: getattr(socket, "AF_UNIX", _AF_UNIX),
    _AF_LINK: getattr(socket, "AF_PACKET", getattr(socket, "AF_LINK", _AF_LINK)),
}
AF_LINK = _FAMILIES[_AF_LINK]


def _family(v):
    """socket.AddressFamily where the socket module knows it, else the number."""
    return _FAMILIES.get(v, v)


def _sock_type(v):
    try:
        return socket.SocketKind(v)
    except ValueError:
        return v


def _tuple(kind, s):
    return kind(*(s.value(f) for f in kind._fields))


def _text(b):
    return None if b is None else b.decode("utf-8", "surrogateescape")


# ---- Function signatures -------------------------------------------------------------------

_size_p = ctypes.POINTER(ctypes.c_size_t)


def _sig(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


def _list_sig(name, struct, *extra):
    _sig(name, ctypes.c_int, ctypes.POINTER(ctypes.POINTER(struct)), _size_p, ctypes.c_size_t,
         *extra)
    _sig(name.replace("psinfo_", "psinfo_free_", 1), None, ctypes.POINTER(struct),
         ctypes.c_size_t)


_dbl_pp = ctypes.POINTER(ctypes.POINTER(_dbl))
_sig("psinfo_version_hex", _u32)
_sig("psinfo_cpu_times", ctypes.c_int, ctypes.POINTER(_CpuTimes))
_list_sig("psinfo_cpu_times_percpu", _CpuTimes)
_sig("psinfo_cpu_percent", ctypes.c_int, ctypes.POINTER(_dbl), _dbl)
_sig("psinfo_cpu_percent_percpu", ctypes.c_int, _dbl_pp, _size_p, _dbl)
_sig("psinfo_free_cpu_percent_percpu", None, ctypes.POINTER(_dbl), ctypes.c_size_t)
_sig("psinfo_cpu_times_percent", ctypes.c_int, ctypes.POINTER(_CpuTimes), _dbl)
_list_sig("psinfo_cpu_times_percent_percpu", _CpuTimes, _dbl)
_sig("psinfo_cpu_count", ctypes.c_int, ctypes.POINTER(ctypes.c_int32), ctypes.c_int)
_sig("psinfo_cpu_stats", ctypes.c_int, ctypes.POINTER(_CpuStats))
_sig("psinfo_cpu_freq", ctypes.c_int, ctypes.POINTER(_CpuFreq))
_list_sig("psinfo_cpu_freq_percpu", _CpuFreq)
_sig("psinfo_getloadavg", ctypes.c_int, ctypes.POINTER(_dbl))
_sig("psinfo_virtual_memory", ctypes.c_int, ctypes.POINTER(_VirtualMemory))
_sig("psinfo_swap_memory", ctypes.c_int, ctypes.POINTER(_SwapMemory))
_sig("psinfo_boot_time", ctypes.c_int, ctypes.POINTER(_dbl))
_list_sig("psinfo_users", _User)
_sig("psinfo_set_procfs_path", ctypes.c_int, ctypes.c_char_p)
_sig("psinfo_set_sysfs_path", ctypes.c_int, ctypes.c_char_p)
_sig("psinfo_procfs_path", ctypes.c_int, ctypes.c_char_p, _size_p)
_sig("psinfo_sysfs_path", ctypes.c_int, ctypes.c_char_p, _size_p)
_sig("psinfo_cpu_sampler_new", ctypes.c_int, ctypes.POINTER(ctypes.c_void_p))
_sig("psinfo_cpu_sampler_free", None, ctypes.c_void_p)
_sig("psinfo_cpu_sampler_percent", ctypes.c_int, ctypes.POINTER(_dbl), ctypes.c_void_p)
_sig("psinfo_cpu_sampler_percent_percpu", ctypes.c_int, _dbl_pp, _size_p, ctypes.c_void_p)
_sig("psinfo_cpu_sampler_times_percent", ctypes.c_int, ctypes.POINTER(_CpuTimes),
     ctypes.c_void_p)
_sig("psinfo_cpu_sampler_times_percent_percpu", ctypes.c_int,
     ctypes.POINTER(ctypes.POINTER(_CpuTimes)), _size_p, ctypes.c_size_t, ctypes.c_void_p)
_list_sig("psinfo_disk_partitions", _Partition, ctypes.c_int)
_sig("psinfo_disk_usage", ctypes.c_int, ctypes.POINTER(_DiskUsage), ctypes.c_char_p)
_sig("psinfo_disk_io_counters", ctypes.c_int, ctypes.POINTER(_DiskIo), ctypes.c_int)
_list_sig("psinfo_disk_io_counters_perdisk", _DiskIo, ctypes.c_int)
_sig("psinfo_net_io_counters", ctypes.c_int, ctypes.POINTER(_NetIo), ctypes.c_int)
_list_sig("psinfo_net_io_counters_pernic", _NetIo, ctypes.c_int)
_list_sig("psinfo_net_if_addrs", _NetIfAddr)
_list_sig("psinfo_net_if_stats", _NetIfStats)
_list_sig("psinfo_net_connections", _Connection, ctypes.c_char_p)
_list_sig("psinfo_sensors_temperatures", _Temperature, ctypes.c_int)
_list_sig("psinfo_sensors_fans", _Fan)
_sig("psinfo_sensors_battery", ctypes.c_int, ctypes.POINTER(_Battery))
_sig("psinfo_cache_clear", ctypes.c_int, ctypes.c_char_p)
for _n in ("psinfo_address_family_name", "psinfo_socket_type_name", "psinfo_nic_duplex_name",
           "psinfo_conn_status_name"):
    _sig(_n, ctypes.c_char_p, ctypes.c_int)


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


def _cpu_times_tuple(s):
    return _tuple(scputimes, s)


# ---- The functions -------------------------------------------------------------------------


def cpu_times(percpu=False):
    """psutil.cpu_times(): seconds spent in each mode, system-wide or per CPU."""
    if percpu:
        return _struct_list(_lib.psinfo_cpu_times_percpu, _lib.psinfo_free_cpu_times_percpu,
                            _CpuTimes, _cpu_times_tuple)
    return _cpu_times_tuple(_one(_lib.psinfo_cpu_times, _CpuTimes))


def cpu_percent(interval=None, percpu=False):
    """psutil.cpu_percent(): busy percentage over interval, or since this thread's last call."""
    iv = _interval(interval)
    if percpu:
        return _double_list(_lib.psinfo_cpu_percent_percpu, iv)
    out = _dbl()
    _check(_lib.psinfo_cpu_percent(ctypes.byref(out), iv))
    return out.value


def cpu_times_percent(interval=None, percpu=False):
    """psutil.cpu_times_percent(): per-mode percentages, sampled as cpu_percent."""
    iv = _interval(interval)
    if percpu:
        return _struct_list(_lib.psinfo_cpu_times_percent_percpu,
                            _lib.psinfo_free_cpu_times_percent_percpu, _CpuTimes,
                            _cpu_times_tuple, iv)
    return _cpu_times_tuple(_one(_lib.psinfo_cpu_times_percent, _CpuTimes, iv))


def cpu_count(logical=True):
    """psutil.cpu_count(): logical CPUs or physical cores; None when unknown."""
    out = ctypes.c_int32(0)
    rc = _lib.psinfo_cpu_count(ctypes.byref(out), 1 if logical else 0)
    if rc == _ENOVALUE:
        return None
    _check(rc)
    return out.value


def cpu_stats():
    """psutil.cpu_stats(). syscalls is None on Linux, which does not count them."""
    return _tuple(scpustats, _one(_lib.psinfo_cpu_stats, _CpuStats))


def cpu_freq(percpu=False):
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


def getloadavg():
    """psutil.getloadavg(): the 1, 5 and 15 minute load averages."""
    out = (_dbl * 3)()
    _check(_lib.psinfo_getloadavg(out))
    return tuple(out)


def virtual_memory():
    """psutil.virtual_memory() in bytes (used = total - available, as psutil 8)."""
    return _tuple(svmem, _one(_lib.psinfo_virtual_memory, _VirtualMemory))


def swap_memory():
    """psutil.swap_memory() in bytes; sin/sout None where they are not counted."""
    return _tuple(sswap, _one(_lib.psinfo_swap_memory, _SwapMemory))


def boot_time():
    """psutil.boot_time(): seconds since the epoch."""
    out = _dbl()
    _check(_lib.psinfo_boot_time(ctypes.byref(out)))
    return out.value


def _user(s):
    return suser(_text(s.name), _text(s.value("terminal")), _text(s.host), s.started,
                 s.value("pid"))


def users():
    """psutil.users(): the login sessions."""
    return _struct_list(_lib.psinfo_users, _lib.psinfo_free_users, _User, _user)


def _path_arg(path):
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError("path must be a string")
    return os.fsencode(path)


def set_procfs_path(path):
    """Where /proc is read from (psutil.PROCFS_PATH); "" restores the default."""
    _check(_lib.psinfo_set_procfs_path(_path_arg(path)))


def set_sysfs_path(path):
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


def procfs_path():
    return _get_path(_lib.psinfo_procfs_path)


def sysfs_path():
    return _get_path(_lib.psinfo_sysfs_path)


def version():
    """The library's version, "MAJOR.MINOR.PATCH"."""
    return _lib.psinfo_version().decode()


# ---- Disks ---------------------------------------------------------------------------------


def disk_partitions(all=False):
    """psutil.disk_partitions(): mounted filesystems, physical ones only unless all."""
    return _struct_list(_lib.psinfo_disk_partitions, _lib.psinfo_free_disk_partitions,
                        _Partition, lambda s: sdiskpart(_text(s.device), _text(s.mountpoint),
                                                        _text(s.fstype), _text(s.opts)),
                        1 if all else 0)


def disk_usage(path):
    """psutil.disk_usage(path) in bytes; OSError naming a path that does not exist."""
    return _tuple(sdiskusage, _one(_lib.psinfo_disk_usage, _DiskUsage, _path_arg(path)))


def _per_name(fn, free, struct, kind, *args):
    items = _struct_list(fn, free, struct, lambda s: (_text(s.name), _tuple(kind, s)), *args)
    return dict(items)


def _maybe_one(fn, struct, kind, *args):
    s = struct.new()
    rc = fn(ctypes.byref(s), *args)
    if rc == _ENOVALUE:
        return None
    _check(rc)
    return _tuple(kind, s)


def disk_io_counters(perdisk=False, nowrap=True):
    """psutil.disk_io_counters(): whole disks summed, or {device: sdiskio} when perdisk;
    None (or {}) when there is no disk. Times in milliseconds."""
    if perdisk:
        return _per_name(_lib.psinfo_disk_io_counters_perdisk,
                         _lib.psinfo_free_disk_io_counters_perdisk, _DiskIo, sdiskio,
                         1 if nowrap else 0)
    return _maybe_one(_lib.psinfo_disk_io_counters, _DiskIo, sdiskio, 1 if nowrap else 0)


# ---- Network -------------------------------------------------------------------------------


def net_io_counters(pernic=False, nowrap=True):
    """psutil.net_io_counters(): every NIC summed, or {nic: snetio} when pernic; None (or
    {}) when there is none."""
    if pernic:
        return _per_name(_lib.psinfo_net_io_counters_pernic,
                         _lib.psinfo_free_net_io_counters_pernic, _NetIo, snetio,
                         1 if nowrap else 0)
    return _maybe_one(_lib.psinfo_net_io_counters, _NetIo, snetio, 1 if nowrap else 0)


def net_if_addrs():
    """psutil.net_if_addrs(): {nic: [snicaddr(family, address, netmask, broadcast, ptp)]};
    families are socket.AddressFamily (AF_LINK is AF_PACKET on Linux, as in psutil)."""
    rows = _struct_list(_lib.psinfo_net_if_addrs, _lib.psinfo_free_net_if_addrs, _NetIfAddr,
                        lambda s: (_text(s.name), snicaddr(
                            _family(s.family), _text(s.value("address")),
                            _text(s.value("netmask")), _text(s.value("broadcast")),
                            _text(s.value("ptp")))))
    out = {}
    for name, a in rows:
        out.setdefault(name, []).append(a)
    return out


def _duplex(v):
    try:
        return NicDuplex(v)
    except ValueError:
        return v


def net_if_stats():
    """psutil.net_if_stats(): {nic: snicstats(isup, duplex, speed, mtu, flags)}."""
    return dict(_struct_list(
        _lib.psinfo_net_if_stats, _lib.psinfo_free_net_if_stats, _NetIfStats,
        lambda s: (_text(s.name), snicstats(bool(s.isup), _duplex(s.duplex), s.speed, s.mtu,
                                            _text(s.flags)))))


def _conn(s):
    if s.family == _AF_UNIX:
        # psutil: the path as laddr, '' as raddr.
        laddr, raddr = _text(s.value("path")) or "", ""
    else:
        laddr = addr(_text(s.laddr_ip), s.laddr_port) if s.value("laddr_ip") is not None else ()
        raddr = addr(_text(s.raddr_ip), s.raddr_port) if s.value("raddr_ip") is not None else ()
    status = _CONN_STATUS[s.status] if 0 <= s.status < len(_CONN_STATUS) else str(s.status)
    return sconn(s.fd, _family(s.family), _sock_type(s.type), laddr, raddr, status,
                 s.value("pid"))


def net_connections(kind="inet"):
    """psutil.net_connections(kind): sconn(fd, family, type, laddr, raddr, status, pid).
    kind: inet, inet4, inet6, tcp, tcp4, tcp6, udp, udp4, udp6, unix, all (else ValueError)."""
    if not isinstance(kind, str):
        raise TypeError("kind must be a string, not %s" % type(kind).__name__)
    return _struct_list(_lib.psinfo_net_connections, _lib.psinfo_free_net_connections,
                        _Connection, _conn, kind.encode("utf-8"))


# ---- Sensors -------------------------------------------------------------------------------


def sensors_temperatures(fahrenheit=False):
    """psutil.sensors_temperatures(): {chip: [shwtemp(label, current, high, critical)]}."""
    rows = _struct_list(_lib.psinfo_sensors_temperatures, _lib.psinfo_free_sensors_temperatures,
                        _Temperature, lambda s: (_text(s.name), shwtemp(
                            _text(s.label), s.current, s.value("high"), s.value("critical"))),
                        1 if fahrenheit else 0)
    out = {}
    for name, t in rows:
        out.setdefault(name, []).append(t)
    return out


def sensors_fans():
    """psutil.sensors_fans(): {chip: [sfan(label, current)]}, RPM."""
    rows = _struct_list(_lib.psinfo_sensors_fans, _lib.psinfo_free_sensors_fans, _Fan,
                        lambda s: (_text(s.name), sfan(_text(s.label), s.current)))
    out = {}
    for name, f in rows:
        out.setdefault(name, []).append(f)
    return out


def sensors_battery():
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


def cache_clear(name=""):
    """Forgets the nowrap state of "disk_io_counters", "net_io_counters", or ("") both."""
    _check(_lib.psinfo_cache_clear(name.encode("utf-8")))


# psutil's disk_io_counters.cache_clear() and net_io_counters.cache_clear().
disk_io_counters.cache_clear = lambda: cache_clear("disk_io_counters")
net_io_counters.cache_clear = lambda: cache_clear("net_io_counters")


class CpuSampler(object):
    """State of your own for cpu_percent()/cpu_times_percent() without an interval: each
    sampler compares with its own previous call. Use as a context manager or call close()."""

    def __init__(self):
        self._h = ctypes.c_void_p()
        _check(_lib.psinfo_cpu_sampler_new(ctypes.byref(self._h)))

    def _handle(self):
        if not self._h:
            raise ValueError("the sampler is closed")
        return self._h

    def cpu_percent(self, percpu=False):
        h = self._handle()
        if percpu:
            return _double_list(_lib.psinfo_cpu_sampler_percent_percpu, h)
        out = _dbl()
        _check(_lib.psinfo_cpu_sampler_percent(ctypes.byref(out), h))
        return out.value

    def cpu_times_percent(self, percpu=False):
        h = self._handle()
        if percpu:
            ptr = ctypes.POINTER(_CpuTimes)()
            count = ctypes.c_size_t(0)
            _check(_lib.psinfo_cpu_sampler_times_percent_percpu(
                ctypes.byref(ptr), ctypes.byref(count), ctypes.sizeof(_CpuTimes), h))
            try:
                return [_cpu_times_tuple(ptr[i]) for i in range(count.value)]
            finally:
                _lib.psinfo_free_cpu_times_percent_percpu(ptr, count)
        s = _CpuTimes.new()
        _check(_lib.psinfo_cpu_sampler_times_percent(ctypes.byref(s), h))
        return _cpu_times_tuple(s)

    def close(self):
        if self._h:
            _lib.psinfo_cpu_sampler_free(self._h)
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
