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
    "getloadavg", "virtual_memory", "swap_memory", "heap_info", "heap_trim", "boot_time", "users", "Sampler",
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
    # {field: present bit} for the numbers that may be absent; a string that may be absent is
    # NULL (None). tests/capi/test_layout.py checks every struct against the C layout.
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


def _struct(c_name, fields, optional, header=(("struct_size", _u32), ("present", _u32))):
    """The ctypes Structure of the C struct c_name (its class name): the header, then
    fields; the k-th name of optional has present bit k."""
    return type(c_name, (_Struct,), {
        "_fields_": list(header) + fields,
        "_optional": {f: 1 << i for i, f in enumerate(optional)},
    })


_CpuTimes = _struct("psinfo_cpu_times_t", [(f, _dbl) for f in (
    "user", "system", "idle", "nice", "iowait", "irq", "softirq", "steal", "guest",
    "guest_nice", "interrupt", "dpc")], ["nice", "iowait", "irq", "softirq", "steal", "guest",
                                          "guest_nice", "interrupt", "dpc"])
_CpuStats = _struct("psinfo_cpu_stats_t", [(f, _u64) for f in (
    "ctx_switches", "interrupts", "soft_interrupts", "syscalls")],
    ["soft_interrupts", "syscalls"])
_CpuFreq = _struct("psinfo_cpu_freq_t", [("current", _dbl), ("min", _dbl), ("max", _dbl)],
                   ["min", "max"])
_VirtualMemory = _struct("psinfo_virtual_memory_t", [
    ("total", _u64), ("available", _u64), ("percent", _dbl), ("used", _u64), ("free", _u64),
    ("active", _u64), ("inactive", _u64), ("buffers", _u64), ("cached", _u64),
    ("shared", _u64), ("slab", _u64), ("wired", _u64)],
    ["active", "inactive", "buffers", "cached", "shared", "slab", "wired"])
_SwapMemory = _struct("psinfo_swap_memory_t", [
    ("total", _u64), ("used", _u64), ("free", _u64), ("percent", _dbl), ("sin", _u64),
    ("sout", _u64)], ["sin", "sout"])
_HeapInfo = _struct("psinfo_heap_info_t", [
    ("heap_used", _u64), ("mmap_used", _u64), ("heap_count", _u64)], ["heap_count"])
_User = _struct("psinfo_user_t", [("name", _str), ("terminal", _str), ("host", _str),
                                 ("started", _dbl), ("pid", _i64)], ["pid"])
_Partition = _struct("psinfo_partition_t", [
    ("device", _str), ("mountpoint", _str), ("fstype", _str), ("opts", _str)], [])
_DiskUsage = _struct("psinfo_disk_usage_t", [
    ("total", _u64), ("used", _u64), ("free", _u64), ("percent", _dbl)], [])
_DiskIo = _struct("psinfo_disk_io_counters_t", [("name", _str)] + [(f, _u64) for f in (
    "read_count", "write_count", "read_bytes", "write_bytes", "read_time", "write_time",
    "read_merged_count", "write_merged_count", "busy_time")],
    ["read_time", "write_time", "read_merged_count", "write_merged_count", "busy_time"])
_NetIo = _struct("psinfo_net_io_counters_t", [("name", _str)] + [(f, _u64) for f in (
    "bytes_sent", "bytes_recv", "packets_sent", "packets_recv", "errin", "errout", "dropin",
    "dropout")], [])
_NetIfAddr = _struct("psinfo_net_if_addr_t", [("name", _str), ("family", ctypes.c_int32),
                                              ("address", _str), ("netmask", _str),
                                              ("broadcast", _str), ("ptp", _str)], [])
_NetIfStats = _struct("psinfo_net_if_stats_t", [
    ("name", _str), ("isup", ctypes.c_int32), ("duplex", ctypes.c_int32),
    ("speed", ctypes.c_int32), ("mtu", ctypes.c_int32), ("flags", _str)], [])
_Connection = _struct("psinfo_connection_t", [
    ("fd", ctypes.c_int32), ("family", ctypes.c_int32), ("type", ctypes.c_int32),
    ("status", ctypes.c_int32), ("laddr_ip", _str), ("raddr_ip", _str),
    ("laddr_port", ctypes.c_int32), ("raddr_port", ctypes.c_int32), ("path", _str),
    ("pid", _i64)], ["laddr_port", "raddr_port", "pid"])
_Temperature = _struct("psinfo_sensors_temperature_t", [
    ("name", _str), ("label", _str), ("current", _dbl), ("high", _dbl), ("critical", _dbl)],
    ["high", "critical"])
_Fan = _struct("psinfo_sensors_fan_t", [("name", _str), ("label", _str), ("current", _i64)], [])
_Battery = _struct("psinfo_sensors_battery_t", [
    ("percent", _dbl), ("secsleft", _i64), ("power_plugged", ctypes.c_int32)],
    ["power_plugged"])

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
pheap = collections.namedtuple(
    "pheap", "heap_used mmap_used heap_count" if sys.platform == "win32" else "heap_used mmap_used")
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
_sig("psinfo_heap_info", ctypes.c_int, ctypes.POINTER(_HeapInfo))
_sig("psinfo_heap_trim", ctypes.c_int)
_sig("psinfo_boot_time", ctypes.c_int, ctypes.POINTER(_dbl))
_list_sig("psinfo_users", _User)
_sig("psinfo_set_procfs_path", ctypes.c_int, ctypes.c_char_p)
_sig("psinfo_set_sysfs_path", ctypes.c_int, ctypes.c_char_p)
_sig("psinfo_procfs_path", ctypes.c_int, ctypes.c_char_p, _size_p)
_sig("psinfo_sysfs_path", ctypes.c_int, ctypes.c_char_p, _size_p)
_smp = ctypes.c_void_p  # psinfo_sampler_t*
_sig("psinfo_sampler_new", ctypes.c_int, ctypes.POINTER(_smp))
_sig("psinfo_sampler_free", None, _smp)
_sig("psinfo_sampler_close", ctypes.c_int, _smp)
_sig("psinfo_sampler_cpu_times", ctypes.c_int, ctypes.POINTER(_CpuTimes), _smp)
_sig("psinfo_sampler_cpu_times_percpu", ctypes.c_int, ctypes.POINTER(ctypes.POINTER(_CpuTimes)),
     _size_p, ctypes.c_size_t, _smp)
_sig("psinfo_sampler_cpu_percent", ctypes.c_int, ctypes.POINTER(_dbl), _smp, _dbl)
_sig("psinfo_sampler_cpu_percent_percpu", ctypes.c_int, _dbl_pp, _size_p, _smp, _dbl)
_sig("psinfo_sampler_cpu_times_percent", ctypes.c_int, ctypes.POINTER(_CpuTimes), _smp, _dbl)
_sig("psinfo_sampler_cpu_times_percent_percpu", ctypes.c_int,
     ctypes.POINTER(ctypes.POINTER(_CpuTimes)), _size_p, ctypes.c_size_t, _smp, _dbl)
_sig("psinfo_sampler_cpu_stats", ctypes.c_int, ctypes.POINTER(_CpuStats), _smp)
_sig("psinfo_sampler_getloadavg", ctypes.c_int, ctypes.POINTER(_dbl), _smp)
_sig("psinfo_sampler_virtual_memory", ctypes.c_int, ctypes.POINTER(_VirtualMemory), _smp)
_sig("psinfo_sampler_swap_memory", ctypes.c_int, ctypes.POINTER(_SwapMemory), _smp)
_sig("psinfo_sampler_cache_clear", ctypes.c_int, _smp, ctypes.c_char_p)
_list_sig("psinfo_disk_partitions", _Partition, ctypes.c_int)
_sig("psinfo_disk_usage", ctypes.c_int, ctypes.POINTER(_DiskUsage), ctypes.c_char_p)
_sig("psinfo_disk_io_counters", ctypes.c_int, ctypes.POINTER(_DiskIo), ctypes.c_int)
_list_sig("psinfo_disk_io_counters_perdisk", _DiskIo, ctypes.c_int)
_sig("psinfo_sampler_disk_io_counters", ctypes.c_int, ctypes.POINTER(_DiskIo), _smp, ctypes.c_int)
_sig("psinfo_sampler_disk_io_counters_perdisk", ctypes.c_int,
     ctypes.POINTER(ctypes.POINTER(_DiskIo)), _size_p, ctypes.c_size_t, _smp, ctypes.c_int)
_sig("psinfo_net_io_counters", ctypes.c_int, ctypes.POINTER(_NetIo), ctypes.c_int)
_list_sig("psinfo_net_io_counters_pernic", _NetIo, ctypes.c_int)
_sig("psinfo_sampler_net_io_counters", ctypes.c_int, ctypes.POINTER(_NetIo), _smp, ctypes.c_int)
_sig("psinfo_sampler_net_io_counters_pernic", ctypes.c_int,
     ctypes.POINTER(ctypes.POINTER(_NetIo)), _size_p, ctypes.c_size_t, _smp, ctypes.c_int)
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


def heap_info():
    """psutil.heap_info(): this process's C allocator, bytes (heap_count on Windows)."""
    return _tuple(pheap, _one(_lib.psinfo_heap_info, _HeapInfo))


def heap_trim():
    """psutil.heap_trim(): asks the C allocator to give unused heap memory back."""
    _check(_lib.psinfo_heap_trim())


def boot_time():
    """psutil.boot_time(): seconds since the epoch."""
    out = _dbl()
    _check(_lib.psinfo_boot_time(ctypes.byref(out)))
    return out.value


def _user(s):
    return suser(_text(s.name), _text(s.terminal), _text(s.host), s.started, s.value("pid"))


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


def net_if_stats():
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
            return _struct_list(_lib.psinfo_sampler_cpu_times_percpu,
                                _lib.psinfo_free_cpu_times_percpu, _CpuTimes, _cpu_times_tuple,
                                self._handle())
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
            return _struct_list(_lib.psinfo_sampler_cpu_times_percent_percpu,
                                _lib.psinfo_free_cpu_times_percent_percpu, _CpuTimes,
                                _cpu_times_tuple, h, iv)
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
        args = (self._handle(), 1 if nowrap else 0)
        if perdisk:
            return _per_name(_lib.psinfo_sampler_disk_io_counters_perdisk,
                             _lib.psinfo_free_disk_io_counters_perdisk, _DiskIo, sdiskio, *args)
        return _maybe_one(_lib.psinfo_sampler_disk_io_counters, _DiskIo, sdiskio, *args)

    def net_io_counters(self, pernic=False, nowrap=True):
        args = (self._handle(), 1 if nowrap else 0)
        if pernic:
            return _per_name(_lib.psinfo_sampler_net_io_counters_pernic,
                             _lib.psinfo_free_net_io_counters_pernic, _NetIo, snetio, *args)
        return _maybe_one(_lib.psinfo_sampler_net_io_counters, _NetIo, snetio, *args)

    def cache_clear(self, name=""):
        """Forgets this sampler's nowrap state ("disk_io_counters", "net_io_counters", "")."""
        _check(_lib.psinfo_sampler_cache_clear(self._handle(), name.encode("utf-8")))

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


# ---- Processes -----------------------------------------------------------------------------
#
# psutil's Process, pids(), pid_exists(), process_iter() and wait_procs(). A Process holds a
# C handle (PID + start time, so that a reused PID is noticed) released when the object is
# collected. Field names are psutil 8's where 5.9.4 differs: memory_info() is pmem(rss, vms,
# shared, text, data) (5.9.4 adds lib and dirty, always 0 on Linux); page_faults() is new.

__all__ += [
    "Process", "pids", "pid_exists", "process_iter", "wait_procs", "IOPriority",
    "IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE",
    "RLIM_INFINITY", "STATUS_RUNNING", "STATUS_SLEEPING", "STATUS_DISK_SLEEP",
    "STATUS_STOPPED", "STATUS_TRACING_STOP", "STATUS_ZOMBIE", "STATUS_DEAD",
    "STATUS_WAKE_KILL", "STATUS_WAKING", "STATUS_IDLE", "STATUS_PARKED", "STATUS_LOCKED",
    "STATUS_WAITING", "STATUS_SUSPENDED",
]

for _s in ("running", "sleeping", "disk-sleep", "stopped", "tracing-stop", "zombie", "dead",
           "wake-kill", "waking", "idle", "parked", "locked", "waiting", "suspended"):
    globals()["STATUS_" + _s.upper().replace("-", "_")] = _s


class IOPriority(enum.IntEnum):
    """psutil.IOPriority (Linux)."""
    IOPRIO_CLASS_NONE = 0
    IOPRIO_CLASS_RT = 1
    IOPRIO_CLASS_BE = 2
    IOPRIO_CLASS_IDLE = 3


IOPRIO_CLASS_NONE = IOPriority.IOPRIO_CLASS_NONE
IOPRIO_CLASS_RT = IOPriority.IOPRIO_CLASS_RT
IOPRIO_CLASS_BE = IOPriority.IOPRIO_CLASS_BE
IOPRIO_CLASS_IDLE = IOPriority.IOPRIO_CLASS_IDLE
RLIM_INFINITY = -1
try:
    import resource as _resource
    for _n in dir(_resource):
        if _n.startswith("RLIMIT_"):
            globals()[_n] = getattr(_resource, _n)
            __all__.append(_n)
except ImportError:  # not on this platform
    pass

pcputimes = collections.namedtuple("pcputimes",
                                   "user system children_user children_system iowait")
pmem = collections.namedtuple("pmem", "rss vms shared text data")
pfullmem = collections.namedtuple("pfullmem", "rss vms shared text data uss pss swap")
popenfile = collections.namedtuple("popenfile", "path fd position mode flags")
pthread = collections.namedtuple("pthread", "id user_time system_time")
pio = collections.namedtuple("pio", "read_count write_count read_bytes write_bytes "
                                    "read_chars write_chars")
pctxsw = collections.namedtuple("pctxsw", "voluntary involuntary")
puids = collections.namedtuple("puids", "real effective saved")
pgids = collections.namedtuple("pgids", "real effective saved")
pionice = collections.namedtuple("pionice", "ioclass value")
ppagefaults = collections.namedtuple("ppagefaults", "minor major")
_MMAP_FIELDS = ("rss", "size", "pss", "shared_clean", "shared_dirty", "private_clean",
                "private_dirty", "referenced", "anonymous", "swap")
pmmap_grouped = collections.namedtuple("pmmap_grouped", ("path",) + _MMAP_FIELDS)
pmmap_ext = collections.namedtuple("pmmap_ext", ("addr", "perms", "path") + _MMAP_FIELDS)
pconn = collections.namedtuple("pconn", "fd family type laddr raddr status")

_i32 = ctypes.c_int32
_Uids = _struct("psinfo_uids_t", [("real", _i64), ("effective", _i64), ("saved", _i64)], [])
_PIo = _struct("psinfo_process_io_counters_t",
               [(f, _u64) for f in pio._fields + ("other_count", "other_bytes")],
               ["read_chars", "write_chars", "other_count", "other_bytes"])
_CtxSw = _struct("psinfo_ctx_switches_t", [("voluntary", _u64), ("involuntary", _u64)], [])
_Thread = _struct("psinfo_thread_t", [("id", _i64), ("user_time", _dbl), ("system_time", _dbl)],
                  [])
_PCpuTimes = _struct("psinfo_process_cpu_times_t", [(f, _dbl) for f in pcputimes._fields],
                     ["iowait"])
_MEMINFO_C = ("rss", "vms", "shared", "text", "data", "num_page_faults", "peak_wset", "wset",
              "peak_paged_pool", "paged_pool", "peak_nonpaged_pool", "nonpaged_pool",
              "pagefile", "peak_pagefile", "private_")
_MemInfo = _struct("psinfo_memory_info_t", [(f, _u64) for f in _MEMINFO_C], list(_MEMINFO_C[2:]))
_FullMem = _struct("psinfo_memory_full_info_t", [("uss", _u64), ("pss", _u64), ("swap", _u64)],
                   ["pss", "swap"])
_PageFaults = _struct("psinfo_page_faults_t", [("minor", _u64), ("major", _u64)], [])
_MemMap = _struct("psinfo_memory_map_t", [("path", _str), ("addr", _str), ("perms", _str)] +
                  [(f, _u64) for f in _MMAP_FIELDS], [])
_OpenFile = _struct("psinfo_open_file_t", [("path", _str), ("fd", _i32), ("flags", _i32),
                                           ("position", _u64), ("mode", _str)],
                    ["flags", "position"])
_WaitStatus = _struct("psinfo_wait_status_t", [("gone", _i32), ("returncode", _i32)],
                      ["returncode"])

# psinfo::attr's bits, psutil's names.
_ATTRS = ("pid", "ppid", "name", "exe", "cmdline", "environ", "create_time", "status", "cwd",
          "username", "uids", "gids", "terminal", "nice", "ionice", "io_counters",
          "num_ctx_switches", "num_fds", "num_threads", "threads", "cpu_times", "cpu_percent",
          "cpu_num", "cpu_affinity", "memory_info", "memory_full_info", "memory_percent",
          "memory_maps", "page_faults", "open_files", "net_connections", "num_handles")
_ATTR_BIT = {n: 1 << i for i, n in enumerate(_ATTRS)}
_sig("psinfo_supported_attrs", _u64)
# psutil's as_dict() keys on this OS (num_handles on Windows; uids ... on POSIX).
_OS_ATTRS = tuple(n for n in _ATTRS if _lib.psinfo_supported_attrs() & _ATTR_BIT[n])
# Lists of structs that the snapshot does not carry: fetched per process.
_PER_PROCESS_ATTRS = ("threads", "memory_maps", "open_files", "net_connections")

# The snapshot element: `present` holds the attributes' bits (_ATTR_BIT), `field_present` the
# bits of the numbers that may be absent inside a present attribute (_optional).
_ProcessInfo = _struct("psinfo_process_info_t", [
    ("pid", _i64), ("ppid", _i64), ("name", _str), ("exe", _str),
    ("cmdline", ctypes.POINTER(_str)), ("cmdline_count", _u64),
    ("environ_vars", ctypes.POINTER(_str)), ("environ_count", _u64),
    ("create_time", _dbl), ("status", _str), ("cwd", _str), ("username", _str),
    ("uids_real", _i64), ("uids_effective", _i64), ("uids_saved", _i64),
    ("gids_real", _i64), ("gids_effective", _i64), ("gids_saved", _i64),
    ("terminal", _str), ("ionice_ioclass", _i32), ("ionice_value", _i32),
    ("io_read_count", _u64), ("io_write_count", _u64), ("io_read_bytes", _u64),
    ("io_write_bytes", _u64), ("io_read_chars", _u64), ("io_write_chars", _u64),
    ("ctx_voluntary", _u64), ("ctx_involuntary", _u64), ("num_fds", _i32),
    ("num_threads", _i32), ("cpu_user", _dbl), ("cpu_system", _dbl),
    ("cpu_children_user", _dbl), ("cpu_children_system", _dbl), ("cpu_iowait", _dbl),
    ("cpu_percent", _dbl), ("cpu_num", _i32), ("nice", _i32),
    ("cpu_affinity", ctypes.POINTER(_i32)), ("cpu_affinity_count", _u64),
    ("mem_rss", _u64), ("mem_vms", _u64), ("mem_shared", _u64), ("mem_text", _u64),
    ("mem_data", _u64), ("mem_uss", _u64), ("mem_pss", _u64), ("mem_swap", _u64),
    ("memory_percent", _dbl), ("page_faults_minor", _u64), ("page_faults_major", _u64),
    ("num_handles", _i32), ("reserved1", _i32), ("io_other_count", _u64),
    ("io_other_bytes", _u64)],
    ["io_read_chars", "io_write_chars", "cpu_iowait", "mem_shared", "mem_text", "mem_data",
     "mem_pss", "mem_swap", "io_other_count", "io_other_bytes"],
    header=(("struct_size", _u32), ("field_present", _u32), ("present", _u64)))
_PI_HAS = _ProcessInfo._optional

_h_t = ctypes.c_void_p
_hp = ctypes.POINTER(_h_t)
_strpp = ctypes.POINTER(ctypes.POINTER(_str))
_sig("psinfo_free_string", None, ctypes.c_void_p)
_sig("psinfo_process_open", ctypes.c_int, _hp, _i64)
_sig("psinfo_process_self", ctypes.c_int, _hp)
_sig("psinfo_process_dup", ctypes.c_int, _hp, _h_t)
_sig("psinfo_process_close", None, _h_t)
_sig("psinfo_process_pid", ctypes.c_int, ctypes.POINTER(_i64), _h_t)
_sig("psinfo_process_equal", ctypes.c_int, ctypes.POINTER(_i32), _h_t, _h_t)
_sig("psinfo_process_is_running", ctypes.c_int, ctypes.POINTER(_i32), _h_t)
_sig("psinfo_process_oneshot_begin", ctypes.c_int, _h_t)
_sig("psinfo_process_oneshot_end", ctypes.c_int, _h_t)
for _n in ("name", "exe", "cwd", "username", "status", "terminal"):
    _sig("psinfo_process_" + _n, ctypes.c_int, ctypes.POINTER(ctypes.c_void_p), _h_t)
for _n in ("cmdline", "environ"):
    _sig("psinfo_process_" + _n, ctypes.c_int, _strpp, _size_p, _h_t)
    _sig("psinfo_free_process_" + _n, None, ctypes.POINTER(_str), ctypes.c_size_t)
_sig("psinfo_process_ppid", ctypes.c_int, ctypes.POINTER(_i64), _h_t)
_sig("psinfo_process_create_time", ctypes.c_int, ctypes.POINTER(_dbl), _h_t)
for _n, _t in (("uids", _Uids), ("gids", _Uids), ("io_counters", _PIo),
               ("num_ctx_switches", _CtxSw), ("cpu_times", _PCpuTimes),
               ("memory_info", _MemInfo), ("page_faults", _PageFaults)):
    _sig("psinfo_process_" + _n, ctypes.c_int, ctypes.POINTER(_t), _h_t)
for _n in ("nice", "num_fds", "num_handles", "num_threads", "cpu_num"):
    _sig("psinfo_process_" + _n, ctypes.c_int, ctypes.POINTER(_i32), _h_t)
_sig("psinfo_process_set_nice", ctypes.c_int, _h_t, _i32)
_sig("psinfo_process_ionice", ctypes.c_int, ctypes.POINTER(_i32), ctypes.POINTER(_i32), _h_t)
_sig("psinfo_process_set_ionice", ctypes.c_int, _h_t, _i32, _i32)
_sig("psinfo_process_rlimit", ctypes.c_int, ctypes.POINTER(_i64), ctypes.POINTER(_i64), _h_t,
     _i32)
_sig("psinfo_process_set_rlimit", ctypes.c_int, _h_t, _i32, _i64, _i64)
_sig("psinfo_process_threads", ctypes.c_int, ctypes.POINTER(ctypes.POINTER(_Thread)), _size_p,
     ctypes.c_size_t, _h_t)
_sig("psinfo_free_process_threads", None, ctypes.POINTER(_Thread), ctypes.c_size_t)
_sig("psinfo_process_cpu_percent", ctypes.c_int, ctypes.POINTER(_dbl), _h_t, _dbl)
_sig("psinfo_process_cpu_affinity", ctypes.c_int, ctypes.POINTER(ctypes.POINTER(_i32)),
     _size_p, _h_t)
_sig("psinfo_free_process_cpu_affinity", None, ctypes.POINTER(_i32), ctypes.c_size_t)
_sig("psinfo_process_set_cpu_affinity", ctypes.c_int, _h_t, ctypes.POINTER(_i32),
     ctypes.c_size_t)
_sig("psinfo_process_memory_full_info", ctypes.c_int, ctypes.POINTER(_FullMem),
     ctypes.POINTER(_MemInfo), _h_t)
_sig("psinfo_process_memory_percent", ctypes.c_int, ctypes.POINTER(_dbl), _h_t,
     ctypes.c_char_p)
_sig("psinfo_process_memory_maps", ctypes.c_int, ctypes.POINTER(ctypes.POINTER(_MemMap)),
     _size_p, ctypes.c_size_t, _h_t, ctypes.c_int)
_sig("psinfo_free_process_memory_maps", None, ctypes.POINTER(_MemMap), ctypes.c_size_t)
_sig("psinfo_process_open_files", ctypes.c_int, ctypes.POINTER(ctypes.POINTER(_OpenFile)),
     _size_p, ctypes.c_size_t, _h_t)
_sig("psinfo_free_process_open_files", None, ctypes.POINTER(_OpenFile), ctypes.c_size_t)
_sig("psinfo_process_net_connections", ctypes.c_int,
     ctypes.POINTER(ctypes.POINTER(_Connection)), _size_p, ctypes.c_size_t, _h_t,
     ctypes.c_char_p)
_sig("psinfo_process_parent", ctypes.c_int, _hp, _h_t)
_sig("psinfo_process_parents", ctypes.c_int, ctypes.POINTER(_hp), _size_p, _h_t)
_sig("psinfo_process_children", ctypes.c_int, ctypes.POINTER(_hp), _size_p, _h_t, ctypes.c_int)
_sig("psinfo_free_process_list", None, _hp, ctypes.c_size_t)
_sig("psinfo_process_send_signal", ctypes.c_int, _h_t, _i32)
for _n in ("suspend", "resume", "terminate", "kill"):
    _sig("psinfo_process_" + _n, ctypes.c_int, _h_t)
_sig("psinfo_process_wait", ctypes.c_int, ctypes.POINTER(_i32), _h_t, _dbl)
_WAIT_CB = ctypes.CFUNCTYPE(None, _h_t, ctypes.POINTER(_WaitStatus), ctypes.c_void_p)
_sig("psinfo_wait_procs", ctypes.c_int, ctypes.POINTER(_WaitStatus), ctypes.c_size_t, _hp,
     ctypes.c_size_t, _dbl, _WAIT_CB, ctypes.c_void_p)
_sig("psinfo_pids", ctypes.c_int, ctypes.POINTER(ctypes.POINTER(_i64)), _size_p)
_sig("psinfo_free_pids", None, ctypes.POINTER(_i64), ctypes.c_size_t)
_sig("psinfo_pid_exists", ctypes.c_int, ctypes.POINTER(_i32), _i64)
_sig("psinfo_process_snapshot", ctypes.c_int, ctypes.POINTER(ctypes.POINTER(_ProcessInfo)),
     _size_p, ctypes.c_size_t, ctypes.c_uint64)
_sig("psinfo_process_as_dict", ctypes.c_int, ctypes.POINTER(ctypes.POINTER(_ProcessInfo)),
     _size_p, ctypes.c_size_t, _h_t, ctypes.c_uint64)
_sig("psinfo_free_process_snapshot", None, ctypes.POINTER(_ProcessInfo), ctypes.c_size_t)


def _take_string(p):
    """A string the library allocated, decoded and freed."""
    try:
        return _text(ctypes.cast(p, _str).value)
    finally:
        _lib.psinfo_free_string(p)


def _pmem(s):
    return pmem(s.rss, s.vms, s.value("shared"), s.value("text"), s.value("data"))


def _mmap(s, grouped):
    vals = [getattr(s, f) for f in _MMAP_FIELDS]
    if grouped:
        return pmmap_grouped(_text(s.path), *vals)
    return pmmap_ext(_text(s.addr), _text(s.perms), _text(s.path), *vals)


def _openfile(s):
    return popenfile(_text(s.path), s.fd, s.value("position"), _text(s.mode), s.value("flags"))


def _pconn(s):
    c = _conn(s)
    return pconn(c.fd, c.family, c.type, c.laddr, c.raddr, c.status)


def _env_dict(arr, n):
    out = {}
    for i in range(n):
        k, _, v = _text(arr[i]).partition("=")
        out[k] = v
    return out


def _handles_to_processes(fn, *args):
    ptr = _hp()
    count = ctypes.c_size_t(0)
    _check(fn(ctypes.byref(ptr), ctypes.byref(count), *args))
    try:
        return [Process._dup_of(ptr[i]) for i in range(count.value)]
    finally:
        _lib.psinfo_free_process_list(ptr, count)


class Process(object):
    """psutil.Process(pid): pid None is the calling process. NoSuchProcess if no process has
    this PID, ValueError if it is negative."""

    def __init__(self, pid=None):
        self._h = _h_t()
        if pid is None:
            _check(_lib.psinfo_process_self(ctypes.byref(self._h)))
        else:
            if isinstance(pid, bool) or not isinstance(pid, int):
                raise TypeError("pid must be an integer, not %s" % type(pid).__name__)
            if pid < 0:
                raise ValueError("pid must be a positive integer (got %d)" % pid)
            rc = _lib.psinfo_process_open(ctypes.byref(self._h), pid)
            if rc != 0:
                self._raise(rc, pid)
        self._init()

    def _init(self):
        out = _i64()
        _check(_lib.psinfo_process_pid(ctypes.byref(out), self._h))
        self._pid = out.value
        self._name = None
        self._exitcode = _SENTINEL
        self.info = None

    @classmethod
    def _dup_of(cls, handle):
        p = cls.__new__(cls)
        p._h = _h_t()
        _check(_lib.psinfo_process_dup(ctypes.byref(p._h), handle))
        p._init()
        return p

    def __del__(self):
        h = getattr(self, "_h", None)
        if h:
            _lib.psinfo_process_close(h)
            self._h = _h_t()

    @staticmethod
    def _raise(rc, pid, name=None):
        try:
            _raise(rc)
        except Error as e:
            e.pid = pid
            e.name = name
            raise

    def _c(self, rc):
        if rc != 0:
            self._raise(rc, self._pid, self._name)

    # -- identity ------------------------------------------------------------------------
    @property
    def pid(self):
        return self._pid

    def __eq__(self, other):
        if not isinstance(other, Process):
            return NotImplemented
        out = _i32()
        _check(_lib.psinfo_process_equal(ctypes.byref(out), self._h, other._h))
        return bool(out.value)

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash(self._pid)

    def __repr__(self):
        info = "pid=%d" % self._pid
        try:
            info += ", name=%r, status=%r" % (self.name(), self.status())
        except Error:
            pass
        return "psinfo.Process(%s)" % info

    __str__ = __repr__

    def is_running(self):
        out = _i32()
        self._c(_lib.psinfo_process_is_running(ctypes.byref(out), self._h))
        return bool(out.value)

    class _OneShot(object):
        def __init__(self, p):
            self.p = p

        def __enter__(self):
            self.p._c(_lib.psinfo_process_oneshot_begin(self.p._h))
            return self.p

        def __exit__(self, *exc):
            _lib.psinfo_process_oneshot_end(self.p._h)

    def oneshot(self):
        """psutil's oneshot(): a context manager reading each /proc file once."""
        return Process._OneShot(self)

    # -- helpers -------------------------------------------------------------------------
    def _string(self, what, none_ok=False):
        p = ctypes.c_void_p()
        rc = getattr(_lib, "psinfo_process_" + what)(ctypes.byref(p), self._h)
        if rc == _ENOVALUE and none_ok:
            return None
        self._c(rc)
        return _take_string(p)

    def _scalar(self, what, ctype):
        out = ctype()
        self._c(getattr(_lib, "psinfo_process_" + what)(ctypes.byref(out), self._h))
        return out.value

    def _one(self, what, struct):
        s = struct.new()
        self._c(getattr(_lib, "psinfo_process_" + what)(ctypes.byref(s), self._h))
        return s

    def _list(self, what, struct, convert, *args):
        ptr = ctypes.POINTER(struct)()
        count = ctypes.c_size_t(0)
        self._c(getattr(_lib, "psinfo_process_" + what)(
            ctypes.byref(ptr), ctypes.byref(count), ctypes.sizeof(struct), self._h, *args))
        try:
            return [convert(ptr[i]) for i in range(count.value)]
        finally:
            free = ("psinfo_free_net_connections" if what == "net_connections"
                    else "psinfo_free_process_" + what)
            getattr(_lib, free)(ptr, count)

    def _strings(self, what):
        ptr = ctypes.POINTER(_str)()
        count = ctypes.c_size_t(0)
        self._c(getattr(_lib, "psinfo_process_" + what)(ctypes.byref(ptr), ctypes.byref(count),
                                                        self._h))
        try:
            return [_text(ptr[i]) for i in range(count.value)]
        finally:
            getattr(_lib, "psinfo_free_process_" + what)(ptr, count)

    # -- data ----------------------------------------------------------------------------
    def ppid(self):
        return self._scalar("ppid", _i64)

    def name(self):
        self._name = self._string("name")
        return self._name

    def exe(self):
        return self._string("exe")

    def cmdline(self):
        return self._strings("cmdline")

    def environ(self):
        return dict(s.partition("=")[::2] for s in self._strings("environ"))

    def create_time(self):
        return self._scalar("create_time", _dbl)

    def status(self):
        return self._string("status")

    def cwd(self):
        return self._string("cwd")

    def username(self):
        return self._string("username")

    def uids(self):
        return _tuple(puids, self._one("uids", _Uids))

    def gids(self):
        return _tuple(pgids, self._one("gids", _Uids))

    def terminal(self):
        return self._string("terminal", none_ok=True)

    def nice(self, value=None):
        if value is None:
            return self._scalar("nice", _i32)
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("nice value must be an integer")
        self._c(_lib.psinfo_process_set_nice(self._h, value))

    def ionice(self, ioclass=None, value=None):
        if ioclass is None:
            if value is not None:
                raise ValueError("'ioclass' argument must be specified")
            c, v = _i32(), _i32()
            self._c(_lib.psinfo_process_ionice(ctypes.byref(c), ctypes.byref(v), self._h))
            try:
                cls = IOPriority(c.value)
            except ValueError:
                cls = c.value
            return pionice(cls, v.value)
        if value is None:
            value = -2 ** 31  # PSINFO_IONICE_NOVALUE
        elif isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("value must be an integer or None")
        elif not 0 <= value <= 7:
            raise ValueError("value not in range 0-7: %r" % (value,))
        self._c(_lib.psinfo_process_set_ionice(self._h, int(ioclass), value))

    def rlimit(self, resource, limits=None):
        if limits is None:
            soft, hard = _i64(), _i64()
            self._c(_lib.psinfo_process_rlimit(ctypes.byref(soft), ctypes.byref(hard), self._h,
                                               resource))
            return (soft.value, hard.value)
        try:
            soft, hard = limits
        except (TypeError, ValueError):
            raise ValueError("second argument must be a (soft, hard) tuple, got %r" % (limits,))
        self._c(_lib.psinfo_process_set_rlimit(self._h, resource, soft, hard))

    def io_counters(self):
        return _tuple(pio, self._one("io_counters", _PIo))

    def num_ctx_switches(self):
        return _tuple(pctxsw, self._one("num_ctx_switches", _CtxSw))

    def num_fds(self):
        return self._scalar("num_fds", _i32)

    def num_threads(self):
        return self._scalar("num_threads", _i32)

    def num_handles(self):
        return self._scalar("num_handles", _i32)

    def threads(self):
        return self._list("threads", _Thread,
                          lambda s: pthread(s.id, s.user_time, s.system_time))

    def cpu_times(self):
        return _tuple(pcputimes, self._one("cpu_times", _PCpuTimes))

    def cpu_percent(self, interval=None):
        out = _dbl()
        self._c(_lib.psinfo_process_cpu_percent(ctypes.byref(out), self._h, _interval(interval)))
        return out.value

    def cpu_num(self):
        out = _i32()
        rc = _lib.psinfo_process_cpu_num(ctypes.byref(out), self._h)
        if rc == _ENOVALUE:
            return None
        self._c(rc)
        return out.value

    def cpu_affinity(self, cpus=None):
        if cpus is None:
            ptr = ctypes.POINTER(_i32)()
            count = ctypes.c_size_t(0)
            self._c(_lib.psinfo_process_cpu_affinity(ctypes.byref(ptr), ctypes.byref(count),
                                                     self._h))
            try:
                return [ptr[i] for i in range(count.value)]
            finally:
                _lib.psinfo_free_process_cpu_affinity(ptr, count)
        cpus = list(cpus)
        arr = (_i32 * max(len(cpus), 1))(*cpus)
        self._c(_lib.psinfo_process_set_cpu_affinity(self._h, arr, len(cpus)))

    def memory_info(self):
        return _pmem(self._one("memory_info", _MemInfo))

    def memory_full_info(self):
        full, info = _FullMem.new(), _MemInfo.new()
        self._c(_lib.psinfo_process_memory_full_info(ctypes.byref(full), ctypes.byref(info),
                                                     self._h))
        return pfullmem(*(_pmem(info) + (full.uss, full.value("pss"), full.value("swap"))))

    def memory_percent(self, memtype="rss"):
        out = _dbl()
        self._c(_lib.psinfo_process_memory_percent(ctypes.byref(out), self._h,
                                                   memtype.encode("utf-8")))
        return out.value

    def memory_maps(self, grouped=True):
        return self._list("memory_maps", _MemMap, lambda s: _mmap(s, grouped),
                          1 if grouped else 0)

    def page_faults(self):
        return _tuple(ppagefaults, self._one("page_faults", _PageFaults))

    def open_files(self):
        return self._list("open_files", _OpenFile, _openfile)

    def net_connections(self, kind="inet"):
        if not isinstance(kind, str):
            raise TypeError("kind must be a string")
        return self._list("net_connections", _Connection, _pconn, kind.encode("utf-8"))

    connections = net_connections  # psutil 5.9.4's name

    def parent(self):
        h = _h_t()
        rc = _lib.psinfo_process_parent(ctypes.byref(h), self._h)
        if rc == _ENOVALUE:
            return None
        self._c(rc)
        p = Process.__new__(Process)
        p._h = h
        p._init()
        return p

    def parents(self):
        return _handles_to_processes(_lib.psinfo_process_parents, self._h)

    def children(self, recursive=False):
        return _handles_to_processes(_lib.psinfo_process_children, self._h,
                                     1 if recursive else 0)

    # -- control -------------------------------------------------------------------------
    def send_signal(self, sig):
        self._c(_lib.psinfo_process_send_signal(self._h, int(sig)))

    def suspend(self):
        self._c(_lib.psinfo_process_suspend(self._h))

    def resume(self):
        self._c(_lib.psinfo_process_resume(self._h))

    def terminate(self):
        self._c(_lib.psinfo_process_terminate(self._h))

    def kill(self):
        self._c(_lib.psinfo_process_kill(self._h))

    def wait(self, timeout=None):
        """The exit code (negative signal number if killed) for a child of this process,
        None otherwise; TimeoutExpired when timeout (seconds) runs out. The result is kept."""
        if timeout is not None:
            if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
                raise TypeError("timeout must be a number")
            if timeout < 0:
                raise ValueError("timeout must be a positive number")
        if self._exitcode is not _SENTINEL:
            return self._exitcode
        code = _i32()
        rc = _lib.psinfo_process_wait(ctypes.byref(code), self._h,
                                      -1.0 if timeout is None else float(timeout))
        if rc == _ETIMEDOUT:
            try:
                _raise(rc)
            except TimeoutExpired as e:
                e.seconds, e.pid, e.name = timeout, self._pid, self._name
                raise
        if rc != _ENOVALUE:  # ended, but not a child: no exit code (None)
            self._c(rc)
        self._exitcode = code.value if rc == 0 else None
        return self._exitcode

    def as_dict(self, attrs=None, ad_value=None):
        """psutil's as_dict(): {attr: value}, ad_value where access is denied (or a zombie
        no longer has it). NoSuchProcess if the process vanished."""
        names = _attr_names(attrs)
        bits = 0
        for n in names:
            if n not in _PER_PROCESS_ATTRS:
                bits |= _ATTR_BIT[n]
        out = {}
        if bits:
            ptr = ctypes.POINTER(_ProcessInfo)()
            count = ctypes.c_size_t(0)
            self._c(_lib.psinfo_process_as_dict(ctypes.byref(ptr), ctypes.byref(count),
                                                ctypes.sizeof(_ProcessInfo), self._h,
                                                bits | 1))
            try:
                out = _info_dict(ptr[0], names, ad_value)
            finally:
                _lib.psinfo_free_process_snapshot(ptr, count)
        _per_process(self, names, out, ad_value)
        return {n: out[n] for n in names}


_SENTINEL = object()


def _attr_names(attrs):
    if attrs is None or (not isinstance(attrs, str) and len(attrs) == 0):
        return list(_OS_ATTRS)
    if isinstance(attrs, str):
        raise TypeError("attrs must be a list, tuple or set, not a string")
    bad = [a for a in attrs if a not in _ATTR_BIT]
    if bad:
        raise ValueError("invalid attr name%s %s" % ("s" if len(bad) > 1 else "",
                                                      ", ".join(map(repr, bad))))
    return list(attrs)


def _per_process(p, names, out, ad_value):
    for n in names:
        if n in _PER_PROCESS_ATTRS:
            try:
                out[n] = getattr(p, n)()
            except (AccessDenied, ZombieProcess):
                out[n] = ad_value


def _info_dict(s, names, ad_value):
    """The values of a snapshot element, psutil's shapes; attributes the element lacks are
    ad_value (denied or gone for a zombie) or None (absent by nature: terminal, cpu_num)."""
    has = s.present
    fp = s.field_present

    def opt(name):
        return getattr(s, name) if fp & _PI_HAS[name] else None

    out = {}
    for n in names:
        if n in _PER_PROCESS_ATTRS:
            continue
        if not has & _ATTR_BIT[n]:
            out[n] = None if n in ("terminal", "cpu_num") else ad_value
            continue
        if n in ("name", "exe", "status", "cwd", "username", "terminal"):
            v = _text(getattr(s, n))
        elif n == "cmdline":
            v = [_text(s.cmdline[i]) for i in range(s.cmdline_count)]
        elif n == "environ":
            v = _env_dict(s.environ_vars, s.environ_count)
        elif n in ("uids", "gids"):
            kind = puids if n == "uids" else pgids
            v = kind(getattr(s, n + "_real"), getattr(s, n + "_effective"),
                     getattr(s, n + "_saved"))
        elif n == "ionice":
            try:
                v = pionice(IOPriority(s.ionice_ioclass), s.ionice_value)
            except ValueError:
                v = pionice(s.ionice_ioclass, s.ionice_value)
        elif n == "io_counters":
            v = pio(s.io_read_count, s.io_write_count, s.io_read_bytes, s.io_write_bytes,
                    opt("io_read_chars"), opt("io_write_chars"))
        elif n == "num_ctx_switches":
            v = pctxsw(s.ctx_voluntary, s.ctx_involuntary)
        elif n == "cpu_times":
            v = pcputimes(s.cpu_user, s.cpu_system, s.cpu_children_user, s.cpu_children_system,
                          opt("cpu_iowait"))
        elif n == "cpu_affinity":
            v = [s.cpu_affinity[i] for i in range(s.cpu_affinity_count)]
        elif n in ("memory_info", "memory_full_info"):
            m = (s.mem_rss, s.mem_vms, opt("mem_shared"), opt("mem_text"), opt("mem_data"))
            v = pmem(*m) if n == "memory_info" else pfullmem(
                *(m + (s.mem_uss, opt("mem_pss"), opt("mem_swap"))))
        elif n == "page_faults":
            v = ppagefaults(s.page_faults_minor, s.page_faults_major)
        else:  # pid ppid create_time nice num_fds num_threads cpu_percent cpu_num memory_percent
            v = getattr(s, n)
        out[n] = v
    return out


def pids():
    """psutil.pids(): every PID, sorted."""
    ptr = ctypes.POINTER(_i64)()
    count = ctypes.c_size_t(0)
    _check(_lib.psinfo_pids(ctypes.byref(ptr), ctypes.byref(count)))
    try:
        return [ptr[i] for i in range(count.value)]
    finally:
        _lib.psinfo_free_pids(ptr, count)


def pid_exists(pid):
    """psutil.pid_exists(): False for negative PIDs and thread IDs."""
    if pid < 0:
        return False
    out = _i32()
    _check(_lib.psinfo_pid_exists(ctypes.byref(out), pid))
    return bool(out.value)


def process_iter(attrs=None, ad_value=None):
    """psutil.process_iter(): a Process per running process, by PID, skipping those that
    vanish. With attrs (a list of psutil's attribute names; [] for all), each Process gets
    .info = {attr: value}, read in one bulk scan of only the files those attributes need
    (threads, memory_maps, open_files and net_connections are asked per process)."""
    if attrs is None:
        for pid in pids():
            try:
                yield Process(pid)
            except NoSuchProcess:
                pass
        return
    names = _attr_names(attrs)
    bits = 1
    for n in names:
        if n not in _PER_PROCESS_ATTRS:
            bits |= _ATTR_BIT[n]
    ptr = ctypes.POINTER(_ProcessInfo)()
    count = ctypes.c_size_t(0)
    _check(_lib.psinfo_process_snapshot(ctypes.byref(ptr), ctypes.byref(count),
                                        ctypes.sizeof(_ProcessInfo), bits))
    try:
        rows = [(ptr[i].pid, _info_dict(ptr[i], names, ad_value)) for i in range(count.value)]
    finally:
        _lib.psinfo_free_process_snapshot(ptr, count)
    for pid, info in rows:
        try:
            p = Process(pid)
            ct = info.get("create_time")
            if isinstance(ct, float) and abs(p.create_time() - ct) > 0.02:
                continue  # the PID was reused since the scan
            _per_process(p, names, info, ad_value)
        except NoSuchProcess:
            continue
        p.info = info
        yield p


def wait_procs(procs, timeout=None, callback=None):
    """psutil.wait_procs(): (gone, alive) once every process ended or timeout ran out; each
    gone Process gets .returncode; callback(proc) is called as each ends."""
    procs = list(procs)
    if timeout is not None and timeout < 0:
        raise ValueError("timeout must be a positive number")
    n = len(procs)
    handles = (_h_t * max(n, 1))(*[p._h for p in procs])
    status = (_WaitStatus * max(n, 1))()
    by_handle = {p._h.value: p for p in procs}

    def on_end(h, st, _data):
        p = by_handle.get(h)
        if p is None:
            return
        p.returncode = st.contents.value("returncode")
        p._exitcode = p.returncode
        if callback is not None:
            try:
                callback(p)
            except Exception:  # must not unwind through C
                traceback_print()

    cb = _WAIT_CB(on_end)
    _check(_lib.psinfo_wait_procs(status, ctypes.sizeof(_WaitStatus), handles, n,
                                  -1.0 if timeout is None else float(timeout), cb, None))
    gone, alive = [], []
    for i, p in enumerate(procs):
        s = status[i]
        if s.gone:
            p.returncode = s.value("returncode")
            p._exitcode = p.returncode
            gone.append(p)
        else:
            alive.append(p)
    return gone, alive


def traceback_print():
    import traceback
    traceback.print_exc()
