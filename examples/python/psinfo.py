"""psinfo through ctypes: psutil's system functions, names and fields, from libpsinfo.

    import psinfo
    psinfo.cpu_times()            # scputimes(user=..., system=..., idle=..., nice=..., ...)
    psinfo.virtual_memory().available
    psinfo.cpu_percent(interval=0.5, percpu=True)

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
import glob
import os
import sys

__all__ = [
    "cpu_times", "cpu_percent", "cpu_times_percent", "cpu_count", "cpu_stats", "cpu_freq",
    "getloadavg", "virtual_memory", "swap_memory", "boot_time", "users", "CpuSampler",
    "set_procfs_path", "set_sysfs_path", "procfs_path", "sysfs_path", "version",
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
