"""psutil's types on this OS: exceptions, result namedtuples, enums and constants, and the
conversion of the C API's error codes into them."""

import collections
import ctypes
import enum
import errno as _errno
import os
import signal
import socket
import struct
import sys

from . import _lib as L

# ---- Exceptions (psutil's signatures, attributes, str and repr) ------------------------------


class Error(Exception):
    """Base exception class of psinfo's own exceptions (psutil.Error)."""

    _args = ()  # the constructor's parameters, for pickling

    def _set(self, **fields):
        Exception.__init__(self)
        self.__dict__.update(fields)

    def __reduce__(self):
        return (type(self), tuple(getattr(self, a) for a in self._args))

    def _details(self, names):
        out = []
        for n in names:
            v = getattr(self, n, None)
            if v or (n == "pid" and v == 0):
                out.append((n, v))
        return out

    def __str__(self):
        details = self._details(("pid", "ppid", "name"))
        parts = [getattr(self, "msg", "") or ""]
        if details:
            parts.append("(%s)" % ", ".join("%s=%r" % kv for kv in details))
        return " ".join(p for p in parts if p)

    def __repr__(self):
        details = self._details(("pid", "ppid", "name", "seconds", "msg"))
        return "psinfo.%s(%s)" % (type(self).__name__,
                                  ", ".join("%s=%r" % kv for kv in details))


class NoSuchProcess(Error):
    """The process no longer exists (or never did)."""

    _args = ("pid", "name", "msg")

    def __init__(self, pid, name=None, msg=None):
        self._set(pid=pid, name=name, msg=msg or "process no longer exists")


class ZombieProcess(NoSuchProcess):
    """The process exists but is a zombie (a kind of NoSuchProcess)."""

    _args = ("pid", "name", "ppid", "msg")

    def __init__(self, pid, name=None, ppid=None, msg=None):
        self._set(pid=pid, name=name, ppid=ppid,
                  msg=msg or "PID still exists but it's a zombie")


class AccessDenied(Error):
    """The operating system refused access to the process (EPERM / EACCES)."""

    _args = ("pid", "name", "msg")

    def __init__(self, pid=None, name=None, msg=None):
        self._set(pid=pid, name=name, msg=msg or "")


class TimeoutExpired(Error):
    """Process.wait() or wait_procs() ran out of time."""

    _args = ("seconds", "pid", "name")

    def __init__(self, seconds, pid=None, name=None):
        self._set(seconds=seconds, pid=pid, name=name, msg="timeout after %s seconds" % seconds)


for _c in (Error, NoSuchProcess, ZombieProcess, AccessDenied, TimeoutExpired):
    _c.__module__ = "psinfo"


def error_for(rc, pid=None, name=None, filename=None):
    """The exception psutil raises for the C API's code rc (of this thread's last call)."""
    msg, err = L.last_error()
    if pid is not None:
        if rc == L.ENOSUCHPROCESS:
            return NoSuchProcess(pid, name)
        if rc == L.EZOMBIE:
            return ZombieProcess(pid, name)
        if rc == L.EACCES:
            return AccessDenied(pid, name)
    if rc == L.EINVAL:
        return ValueError(msg)
    if rc == L.ENOTSUP:
        return NotImplementedError(msg)
    if rc == L.ENOMEM:
        return MemoryError(msg)
    if rc == L.ETIMEDOUT:
        return TimeoutExpired(None, pid, name)
    if rc == L.ENOSUCHPROCESS:
        return NoSuchProcess(pid if pid is not None else -1, name, msg)
    if rc == L.EZOMBIE:
        return ZombieProcess(pid if pid is not None else -1, name, None, msg)
    if err:
        # OSError(errno, ...) is the subclass Python raises for that errno.
        if filename is not None:
            return OSError(err, os.strerror(err), filename)
        return OSError(err, "%s (%s)" % (os.strerror(err), msg))
    if rc == L.EACCES:
        return PermissionError(_errno.EACCES, msg)
    return OSError(msg)


def c_int(v, what, bits=32):
    """v as an argument of a C intN_t: TypeError if it is no integer, OverflowError if it does
    not fit (ctypes would truncate it silently)."""
    if not isinstance(v, int):
        raise TypeError("%s must be an integer, not %s" % (what, type(v).__name__))
    if not -2 ** (bits - 1) <= v < 2 ** (bits - 1):
        raise OverflowError("%s out of range: %r" % (what, v))
    return v


def c_str(v, what):
    """v as a C string argument: TypeError if it is no str, ValueError with a NUL in it."""
    if not isinstance(v, str):
        raise TypeError("%s must be a string, not %s" % (what, type(v).__name__))
    if "\0" in v:
        raise ValueError("embedded null character in %s" % what)
    return v.encode("utf-8", "surrogateescape")


def check(rc):
    if rc != 0:
        raise error_for(rc)


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
    """psutil.NicDuplex: net_if_stats()'s duplex."""
    NIC_DUPLEX_UNKNOWN = 0
    NIC_DUPLEX_HALF = 1
    NIC_DUPLEX_FULL = 2


class BatteryTime(enum.IntEnum):
    """psutil.BatteryTime: sensors_battery()'s secsleft when it is not a number of seconds."""
    POWER_TIME_UNKNOWN = -1
    POWER_TIME_UNLIMITED = -2


if hasattr(enum, "StrEnum"):  # Python 3.11+
    StrEnum = enum.StrEnum
else:
    class StrEnum(str, enum.Enum):
        """enum.StrEnum of Python 3.11: members are their str values."""

        def __str__(self):
            return str.__str__(self)


class ProcessStatus(StrEnum):
    """psutil 8's ProcessStatus: Process.status()'s values (the STATUS_* names are its
    members; every OS's, as psutil defines them)."""
    STATUS_DEAD = "dead"
    STATUS_DISK_SLEEP = "disk-sleep"
    STATUS_IDLE = "idle"
    STATUS_LOCKED = "locked"
    STATUS_PARKED = "parked"
    STATUS_RUNNING = "running"
    STATUS_SLEEPING = "sleeping"
    STATUS_STOPPED = "stopped"
    STATUS_SUSPENDED = "suspended"
    STATUS_TRACING_STOP = "tracing-stop"
    STATUS_WAITING = "waiting"
    STATUS_WAKE_KILL = "wake-kill"
    STATUS_WAKING = "waking"
    STATUS_ZOMBIE = "zombie"


# status() and the snapshot's status string -> the ProcessStatus member (an unknown string is
# returned as it is).
_STATUS = {m.value: m for m in ProcessStatus}


def _status(s):
    return _STATUS.get(s, s)


# psutil's CONN_* strings, indexed by the C API's PSINFO_CONN_* values (the last three are
# Windows' and macOS's: not public names on Linux). psutil 8's ConnectionStatus has the names of
# this OS as members; the connections' status is the member.
_CONN_NAMES = ("NONE", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
               "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
               "DELETE_TCB", "IDLE", "BOUND")
_CONN_OS = _CONN_NAMES[:12] if sys.platform.startswith("linux") else _CONN_NAMES
ConnectionStatus = StrEnum("ConnectionStatus", [("CONN_" + s, s) for s in _CONN_OS],
                           module=__name__)
ConnectionStatus.__doc__ = "psutil 8's ConnectionStatus: the CONN_* names of this OS."
_CONN_STATUS = tuple(ConnectionStatus.__members__.get("CONN_" + s, s)
                     for s in _CONN_NAMES)
CONSTANTS = {m.name: m for m in ConnectionStatus}
# psutil 8's enum classes of this OS, exported with their members (the CONSTANTS).
ENUMS = {"ConnectionStatus": ConnectionStatus, "ProcessStatus": ProcessStatus,
         "NicDuplex": NicDuplex, "BatteryTime": BatteryTime}

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


_CODES = {ctypes.c_uint32: "I", ctypes.c_int32: "i", ctypes.c_uint64: "Q", ctypes.c_int64: "q",
          ctypes.c_double: "d"}
_converters = {}


def layout(cls, pointers=False):
    """(struct.Struct, [field names]) reading a ctypes structure of class cls in one
    unpack_from: numbers as numbers, pointers (c_char_p, POINTER) as addresses when pointers
    is true, else None when cls has any."""
    names, codes, pos = [], [], 0
    for n, t in cls._fields_:
        code = _CODES.get(t)
        if code is None:
            if not pointers or ctypes.sizeof(t) != ctypes.sizeof(ctypes.c_void_p):
                return None
            code = "Q" if ctypes.sizeof(t) == 8 else "I"
        f = getattr(cls, n)
        if f.offset > pos:
            codes.append("%dx" % (f.offset - pos))
        codes.append(code)
        names.append(n)
        pos = f.offset + f.size
    return struct.Struct("=" + "".join(codes)), names


def _converter(kind, cls):
    """A function turning a ctypes structure of class cls (numbers only) into the namedtuple
    kind in one struct.unpack_from of its bytes: a field of kind that cls flags absent is
    None. Generated once per (kind, cls); structures with strings take _tuple's slow path."""
    lay = layout(cls)
    if lay is None:
        return None
    fmt, names = lay
    present = names.index("present")
    args = []
    for n in kind._fields:
        i = names.index(n)
        bit = cls._optional.get(n)
        args.append("v[%d]" % i if bit is None else
                    "(v[%d] if v[%d] & %d else None)" % (i, present, bit))
    # tuple.__new__(kind, values): what kind._make does, without its Python frame.
    src = "def convert(s):\n    v = unpack(s)\n    return new(kind, (%s,))\n" % ", ".join(args)
    ns = {"unpack": fmt.unpack_from, "new": tuple.__new__, "kind": kind}
    exec(src, ns)
    return ns["convert"]


def rows(ptr, count, cls):
    """The count elements of the C array ptr (of ctypes structures cls), each read into a
    tuple by one unpack (pointers as addresses)."""
    if not count:
        return []
    fmt = _layouts.get(cls)
    if fmt is None:
        fmt = _layouts[cls] = layout(cls, pointers=True)[0]
    size = ctypes.sizeof(cls)
    buf = (ctypes.c_char * (size * count)).from_address(ctypes.addressof(ptr.contents))
    if fmt.size == size:
        return list(fmt.iter_unpack(buf))
    return [fmt.unpack_from(buf, i * size) for i in range(count)]


def cstr(addr, _char_p=ctypes.c_char_p):
    """The text of the NUL-terminated string at addr; None for NULL. (A c_char_p made from
    the address, then its value: a third of string_at's cost, which is a ctypes call.)"""
    return _char_p(addr).value.decode("utf-8", "surrogateescape") if addr else None


def row_converter(kind, cls):
    """A function turning a tuple of rows(..., cls) into the namedtuple kind (strings decoded,
    None where cls flags a field absent); generated once per (kind, cls)."""
    key = (kind, cls, "row")
    conv = _converters.get(key)
    if conv is None:
        names = layout(cls, pointers=True)[1]
        present = names.index("present")
        args = []
        for n in kind._fields:
            i = names.index(n)
            bit = cls._optional.get(n)
            if dict(cls._fields_)[n] is ctypes.c_char_p:
                args.append("cstr(v[%d])" % i)
            elif bit is None:
                args.append("v[%d]" % i)
            else:
                args.append("(v[%d] if v[%d] & %d else None)" % (i, present, bit))
        ns = {"new": tuple.__new__, "kind": kind, "cstr": cstr}
        exec("def convert(v):\n    return new(kind, (%s,))\n" % ", ".join(args), ns)
        conv = _converters[key] = ns["convert"]
    return conv


_layouts = {}


def _tuple(kind, s):
    """The namedtuple kind of the C structure s: its fields of the same names, None where s
    flags them absent."""
    key = (kind, type(s))
    conv = _converters.get(key)
    if conv is None:
        conv = _converter(kind, type(s)) or (lambda s: kind._make(s.value(f)
                                                                  for f in kind._fields))
        _converters[key] = conv
    return conv(s)


def _text(b):
    return None if b is None else b.decode("utf-8", "surrogateescape")


if _WINDOWS:
    class ProcessIOPriority(enum.IntEnum):
        """psutil 8's ProcessIOPriority (Windows): ionice()'s I/O priorities."""
        IOPRIO_VERYLOW = 0
        IOPRIO_LOW = 1
        IOPRIO_NORMAL = 2
        IOPRIO_HIGH = 3
else:
    class ProcessIOPriority(enum.IntEnum):
        """psutil 8's ProcessIOPriority (Linux): ionice()'s I/O classes."""
        IOPRIO_CLASS_NONE = 0
        IOPRIO_CLASS_RT = 1
        IOPRIO_CLASS_BE = 2
        IOPRIO_CLASS_IDLE = 3
if _WINDOWS:
    class ProcessPriority(enum.IntEnum):
        """psutil 8's ProcessPriority (Windows): nice()'s priority classes, <winbase.h>'s
        values."""
        IDLE_PRIORITY_CLASS = 0x40
        BELOW_NORMAL_PRIORITY_CLASS = 0x4000
        NORMAL_PRIORITY_CLASS = 0x20
        ABOVE_NORMAL_PRIORITY_CLASS = 0x8000
        HIGH_PRIORITY_CLASS = 0x80
        REALTIME_PRIORITY_CLASS = 0x100
    ENUMS["ProcessPriority"] = ProcessPriority
if _LINUX:
    # psutil 8's ProcessRlimit (Linux): rlimit()'s resources, <sys/resource.h>'s numbers, and
    # RLIM_INFINITY.
    ProcessRlimit = enum.IntEnum("ProcessRlimit", [("RLIM_INFINITY", -1)] + [
        ("RLIMIT_" + n, i) for i, n in enumerate((
            "CPU", "FSIZE", "DATA", "STACK", "CORE", "RSS", "NPROC", "NOFILE", "MEMLOCK", "AS",
            "LOCKS", "SIGPENDING", "MSGQUEUE", "NICE", "RTPRIO", "RTTIME"))], module=__name__)
    ENUMS["ProcessRlimit"] = ProcessRlimit
elif L.SYSTEM == "freebsd":
    # psutil 8's ProcessRlimit (FreeBSD): the resources its C module exports, FreeBSD's
    # <sys/resource.h> numbers (RLIMIT_AS is RLIMIT_VMEM), and RLIM_INFINITY, 2**63 - 1 there
    # (Process.rlimit turns the library's -1 into it and back).
    ProcessRlimit = enum.IntEnum("ProcessRlimit", [
        ("RLIMIT_AS", 10), ("RLIMIT_CORE", 4), ("RLIMIT_CPU", 0), ("RLIMIT_DATA", 2),
        ("RLIMIT_FSIZE", 1), ("RLIMIT_MEMLOCK", 6), ("RLIMIT_NOFILE", 8), ("RLIMIT_NPROC", 7),
        ("RLIMIT_NPTS", 11), ("RLIMIT_RSS", 5), ("RLIMIT_SBSIZE", 9), ("RLIMIT_STACK", 3),
        ("RLIMIT_SWAP", 12), ("RLIM_INFINITY", 2 ** 63 - 1)], module=__name__)
    ENUMS["ProcessRlimit"] = ProcessRlimit
if _LINUX or _WINDOWS:
    ENUMS["ProcessIOPriority"] = ProcessIOPriority
for _e in ENUMS.values():
    for _m in _e:
        CONSTANTS[_m.name] = _m
CONSTANTS["AF_LINK"] = AF_LINK


def bytes2human(n: int) -> str:
    """psutil 8's bytes2human(): n bytes in the largest binary unit it reaches, one decimal
    (bytes2human(10000) == '9.8K', bytes2human(100001221) == '95.4M')."""
    for i in range(8, 0, -1):
        unit = 1 << (10 * i)
        if abs(n) >= unit:
            return "%.1f%s" % (float(n) / unit, "KMGTPEZY"[i - 1])
    return "%.1fB" % float(n)


# Process.wait()'s result for a child killed by a signal: -signal, psutil's Negsignal enum.
Negsignal = enum.IntEnum("Negsignal", [(s.name, -s.value) for s in signal.Signals])


def negsignal(code):
    try:
        return Negsignal(code)
    except ValueError:
        return code


pcputimes = collections.namedtuple("pcputimes",
                                   "user system children_user children_system iowait")
pmem = collections.namedtuple("pmem", "rss vms shared text data")
pfullmem = collections.namedtuple("pfullmem", "rss vms shared text data uss pss swap")
# psutil 8's memory_info_ex() and memory_footprint() tuples, in its field order per OS (the
# BSDs have no memory_footprint: pfootprint is None there).
if _LINUX:
    _PMEM_EX_FIELDS = pmem._fields + ("peak_rss", "peak_vms", "rss_anon", "rss_file",
                                      "rss_shmem", "swap", "hugetlb")
elif _WINDOWS:
    _PMEM_EX_FIELDS = ("rss", "vms", "peak_rss", "peak_vms", "virtual", "peak_virtual",
                       "paged_pool", "nonpaged_pool", "peak_paged_pool", "peak_nonpaged_pool")
elif sys.platform == "darwin":
    _PMEM_EX_FIELDS = ("rss", "vms", "peak_rss", "rss_anon", "rss_file", "wired", "compressed",
                       "phys_footprint")
else:  # the BSDs: psutil's pmem_ex is pmem there
    _PMEM_EX_FIELDS = ("rss", "vms", "text", "data", "stack", "peak_rss")
pmem_ex = collections.namedtuple("pmem_ex", _PMEM_EX_FIELDS)
_HAS_FOOTPRINT = L.psutil_has("Process.memory_footprint")
pfootprint = (collections.namedtuple("pfootprint", "uss pss swap" if _LINUX else "uss")
              if _HAS_FOOTPRINT else None)
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
