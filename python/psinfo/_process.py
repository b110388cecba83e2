"""psutil's Process, Popen, pids(), pid_exists(), process_iter() and wait_procs().

A Process holds a C handle (PID + start time, so that a reused PID is noticed), opened when the
object is made from a PID and released when it is collected; the Process objects that
process_iter() makes from its snapshot open theirs at their first method call. Field names are
psutil 8's where 5.9.4 differs: memory_info() is pmem(rss, vms, shared, text, data)."""

from __future__ import annotations

import ctypes
import re
import subprocess
import sys
import time
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from . import _common as C
from ._system import _conn, _struct_rows
from ._common import (AccessDenied, Error, NoSuchProcess, ProcessIOPriority, TimeoutExpired,
                      ZombieProcess, _text, _tuple, pcputimes, pctxsw, pfullmem, pgids,
                      pio, pionice, pmem, pmmap_ext, pmmap_grouped, pconn, popenfile,
                      ppagefaults, pthread, puids, pmem_ex, pfootprint,
                      _status)
from ._lib import (ENOSUCHPROCESS as _ENOSUCHPROCESS, ENOVALUE as _ENOVALUE,
                   ETIMEDOUT as _ETIMEDOUT, _ATTR_BIT, _DEPRECATED_ATTRS, _EXT_ATTRS,
                   _MMAP_FIELDS, _OS_ATTRS, _PER_PROCESS_ATTRS, _PI_HAS, _CtxSw, _Footprint,
                   _FullMem, _MemInfo, _MemInfoEx, _MemMap, _OpenFile,
                   _PageFaults, _Connection, _PCpuTimes, _PIo, _ProcessInfo, _Thread, _Uids, _dbl,
                   _h_t, _hp, _i32, _i64, _lib, _str, bare as _bare,
                   psutil_has as _psutil_has)

_byref = ctypes.byref
_free_string = _bare.psinfo_free_string
_open = _bare.psinfo_process_open  # (byref(handle), c_int64(pid))
# psinfo_process_<what> without argtypes (see _lib.bare), by <what>: _get's arguments are
# always byref(a ctypes object) and a handle.
_GETTERS = {}


def _getter(what):
    """psinfo_process_<what>, or for "free_<x>" psinfo_free_process_<x>, without argtypes."""
    f = _GETTERS.get(what)
    if f is None:
        name = ("psinfo_free_process_" + what[5:] if what.startswith("free_")
                else "psinfo_process_" + what)
        f = _GETTERS[what] = getattr(_bare, name)
    return f


# By <what>: the converter of its structure to its namedtuple (_common._converter: one unpack).
_CONVERTERS = {}


def _converter(what, kind, struct):
    conv = _CONVERTERS.get(what)
    if conv is None:
        conv = _CONVERTERS[what] = C._converter(kind, struct) or (lambda s: _tuple(kind, s))
    return conv


def _check(rc):
    if rc != 0:
        raise C.error_for(rc)


def _pmem(s):
    return pmem(s.rss, s.vms, s.value("shared"), s.value("text"), s.value("data"))


# pmem_ex's fields: (True, C name) from psinfo_memory_info_ex_t, (False, name) from
# psinfo_memory_info_t (rss, vms always there; the others None when absent).
_PMEM_EX_SRC = tuple((f in _MemInfoEx._optional or f == "virtual",
                      "virtual_" if f == "virtual" else f) for f in pmem_ex._fields)


def _pmem_ex(ex, info):
    return pmem_ex(*[ex.value(c) if in_ex else (getattr(info, c) if c in ("rss", "vms")
                                                else info.value(c))
                     for in_ex, c in _PMEM_EX_SRC])


def _mmap(s, grouped):
    vals = [getattr(s, f) for f in _MMAP_FIELDS]
    if grouped:
        return pmmap_grouped(_text(s.path), *vals)
    return pmmap_ext(_text(s.addr), _text(s.perms), _text(s.path), *vals)


# The library's unlimited rlimit is -1; psutil's RLIM_INFINITY is the system's (-1 on Linux,
# 2**63 - 1 on FreeBSD).
_RLIM_INFINITY = (int(C.ENUMS["ProcessRlimit"].RLIM_INFINITY) if "ProcessRlimit" in C.ENUMS
                  else -1)


def _from_rlim(v):
    return _RLIM_INFINITY if v == -1 else v


def _to_rlim(v):
    return -1 if v == _RLIM_INFINITY else v


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
    this PID, ValueError if it is negative, TypeError if it is not an integer."""

    def __init__(self, pid: Optional[int] = None) -> None:
        h = _h_t()
        if pid is None:
            _check(_lib.psinfo_process_self(ctypes.byref(h)))
        else:
            if not isinstance(pid, int):
                raise TypeError("pid must be an integer (got %r)" % (pid,))
            if pid < 0:
                raise ValueError("pid must be a positive integer (got %d)" % pid)
            rc = _open(_byref(h), _i64(pid)) if pid < 2 ** 63 else -2
            if rc == _ENOSUCHPROCESS:
                raise NoSuchProcess(pid, None, "process PID not found")
            if rc != 0:
                raise C.error_for(rc, pid)
        self._h = h
        self._init(None if pid is None else int(pid))

    def _init(self, pid=None, create_time=None):
        if pid is None:
            out = _i64()
            _check(_lib.psinfo_process_pid(ctypes.byref(out), self._h))
            pid = out.value
        self._pid = pid
        self._create_time = create_time
        self._exe = None
        self._name = None
        self._exitcode = _SENTINEL
        self._last_cpu = None  # (monotonic time, user + system) of the last cpu_percent()
        self._oneshot_depth = 0
        self.info = None

    @classmethod
    def _dup_of(cls, handle):
        p = cls.__new__(cls)
        p._h = _h_t()
        _check(_lib.psinfo_process_dup(ctypes.byref(p._h), handle))
        p._init()
        return p

    @classmethod
    def _of_snapshot(cls, pid, create_time):
        """A Process for a row of a snapshot: its handle is opened at the first method call,
        and NoSuchProcess then if the PID now names another process."""
        p = cls.__new__(cls)
        p._init(pid, create_time)
        return p

    def __getattr__(self, name):
        # Only reached for _h of a Process made by _of_snapshot(): open it now.
        if name != "_h":
            raise AttributeError(name)
        h = _h_t()
        rc = _lib.psinfo_process_open(ctypes.byref(h), self._pid)
        if rc != 0:
            raise C.error_for(rc, self._pid, self._name)
        self._h = h
        ct = _dbl()
        _check(_lib.psinfo_process_create_time(ctypes.byref(ct), h))
        if self._create_time is not None and abs(ct.value - self._create_time) > 0.02:
            raise NoSuchProcess(self._pid, self._name)  # the PID was reused
        return h

    def __del__(self):
        h = self.__dict__.get("_h")
        if h:
            _lib.psinfo_process_close(h)
            self._h = _h_t()

    def _c(self, rc):
        if rc != 0:
            raise C.error_for(rc, self._pid, self._name)

    # -- identity ------------------------------------------------------------------------
    @property
    def pid(self):
        """The process ID."""
        return self._pid

    def _ident(self):
        return (self._pid, self.create_time())

    def __eq__(self, other):
        # psutil: the same PID and the same creation time.
        if not isinstance(other, Process):
            return NotImplemented
        if self is other:
            return True
        if self._pid != other._pid:
            return False
        try:
            return self._ident() == other._ident()
        except Error:
            return False

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        try:
            return hash(self._ident())
        except Error:
            return hash((self._pid, None))

    def __repr__(self):
        info = "pid=%d" % self._pid
        try:
            info += ", name=%r" % self.name()
            if self._exitcode not in (_SENTINEL, None):
                info += ", exitcode=%r" % self._exitcode
            else:
                info += ", status=%r" % str(self.status())
        except ZombieProcess:
            info += ", status='zombie'"
        except NoSuchProcess:
            info += ", status='terminated'"
        except AccessDenied:
            pass
        return "psinfo.Process(%s)" % info

    __str__ = __repr__

    def is_running(self) -> bool:
        """False once the process ended or its PID names another process."""
        if self._exitcode is not _SENTINEL:
            return False
        out = _i32()
        try:
            h = self._h
        except NoSuchProcess:
            return False
        self._c(_lib.psinfo_process_is_running(ctypes.byref(out), h))
        return bool(out.value)

    class _OneShot(object):
        def __init__(self, p):
            self.p = p

        def __enter__(self):
            p = self.p
            if p._oneshot_depth == 0:
                p._c(_lib.psinfo_process_oneshot_begin(p._h))
            p._oneshot_depth += 1
            return p

        def __exit__(self, *exc):
            p = self.p
            p._oneshot_depth -= 1
            if p._oneshot_depth == 0:
                _lib.psinfo_process_oneshot_end(p._h)

    def oneshot(self):
        """psutil's oneshot(): a context manager in which each /proc file is read once for
        all the methods that need it (nesting is allowed)."""
        return Process._OneShot(self)

    # -- helpers -------------------------------------------------------------------------
    def _get(self, what, out, none_ok=False):
        """Fills out with psinfo_process_<what>; None instead when none_ok and there is no
        value."""
        rc = (_GETTERS.get(what) or _getter(what))(_byref(out), self._h)
        if rc:
            if rc == _ENOVALUE and none_ok:
                return None
            raise C.error_for(rc, self._pid, self._name)
        return out

    def _string(self, what, none_ok=False, _char_p=ctypes.c_char_p):
        """psinfo_process_<what>'s string, decoded; the library's copy freed. (The out-parameter
        is a c_char_p: its .value is the bytes, without a cast or string_at's ctypes call.)"""
        p = _char_p()
        rc = (_GETTERS.get(what) or _getter(what))(_byref(p), self._h)
        if rc:
            if rc == _ENOVALUE and none_ok:
                return None
            raise C.error_for(rc, self._pid, self._name)
        b = p.value
        if b is None:
            return None
        _free_string(p)
        return b.decode("utf-8", "surrogateescape")

    def _record(self, what, kind, struct):
        """The namedtuple kind of psinfo_process_<what>'s structure (a struct)."""
        s = struct.new()
        rc = (_GETTERS.get(what) or _getter(what))(_byref(s), self._h)
        if rc:
            raise C.error_for(rc, self._pid, self._name)
        return (_CONVERTERS.get(what) or _converter(what, kind, struct))(s)

    def _scalar(self, what, ctype):
        return self._get(what, ctype()).value

    def _one(self, what, struct):
        return self._get(what, struct.new())

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

    def _rows(self, what, kind, struct):
        """_list for a kind whose fields are struct's, by name: _system._struct_rows, with this
        process's errors."""
        return [t for _, t in _struct_rows(_getter(what), _getter("free_" + what), struct, kind,
                                           self._h, check=self._c)]

    def _strings(self, what, _strp=ctypes.POINTER(_str), _size_t=ctypes.c_size_t):
        ptr = _strp()
        count = _size_t()
        rc = (_GETTERS.get(what) or _getter(what))(_byref(ptr), _byref(count), self._h)
        if rc:
            raise C.error_for(rc, self._pid, self._name)
        try:
            # ptr[:n]: the n strings as bytes in one call (never NULL in these arrays).
            return [b.decode("utf-8", "surrogateescape") for b in ptr[:count.value]]
        finally:
            _getter("free_" + what)(ptr, count)

    # -- data ----------------------------------------------------------------------------
    def ppid(self) -> int:
        """The parent's PID."""
        return self._scalar("ppid", _i64)

    def name(self) -> str:
        """The process name (the executable's name, or cmdline()[0]'s when the kernel cut it)."""
        self._name = self._string("name")
        return self._name

    def exe(self) -> str:
        """The executable's path; kept once known, as psutil does."""
        exe = self._exe
        if exe is None:
            exe = self._string("exe")
            if exe:
                self._exe = exe
        return exe

    def cmdline(self) -> List[str]:
        """The command line, as a list of arguments."""
        return self._strings("cmdline")

    def environ(self) -> Dict[str, str]:
        """The environment variables, {name: value}."""
        return dict(s.partition("=")[::2] for s in self._strings("environ"))

    def create_time(self) -> float:
        """Seconds since the epoch; kept (it identifies the process with its PID)."""
        ct = self._create_time
        if ct is None:
            ct = self._create_time = self._scalar("create_time", _dbl)
        return ct

    def status(self) -> str:
        """psutil 8's ProcessStatus member (a str: "running", "sleeping", "zombie" ...)."""
        return _status(self._string("status"))

    def cwd(self) -> str:
        """The current working directory."""
        return self._string("cwd")

    def username(self) -> str:
        """The real user's name, or the uid as text when it has none."""
        return self._string("username")

    def uids(self) -> puids:
        """puids(real, effective, saved)."""
        return self._record("uids", puids, _Uids)

    def gids(self) -> pgids:
        """pgids(real, effective, saved)."""
        return self._record("gids", pgids, _Uids)

    def terminal(self) -> Optional[str]:
        """The controlling terminal's path, None without one."""
        return self._string("terminal", none_ok=True)

    def nice(self, value: Optional[int] = None) -> Optional[int]:
        """The niceness without value; sets it with one."""
        if value is None:
            return self._scalar("nice", _i32)
        self._c(_lib.psinfo_process_set_nice(self._h, C.c_int(value, "nice value")))

    def ionice(self, ioclass: Optional[int] = None,
               value: Optional[int] = None) -> Optional[pionice]:
        """pionice(ioclass, value) without arguments; sets the I/O class (IOPRIO_CLASS_*) and
        value (0-7; None for 0) with them."""
        if ioclass is None:
            if value is not None:
                raise ValueError("'ioclass' argument must be specified")
            c, v = _i32(), _i32()
            self._c(_lib.psinfo_process_ionice(ctypes.byref(c), ctypes.byref(v), self._h))
            try:
                cls = ProcessIOPriority(c.value)
            except ValueError:
                cls = c.value
            return pionice(cls, v.value)
        if value is None:
            value = -2 ** 31  # PSINFO_IONICE_NOVALUE
        elif isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("value must be an integer or None")
        elif not 0 <= value <= 7:
            raise ValueError("value not in range 0-7: %r" % (value,))
        self._c(_lib.psinfo_process_set_ionice(self._h, C.c_int(ioclass, "ioclass"), value))

    def rlimit(self, resource: int,
               limits: Optional[Tuple[int, int]] = None) -> Optional[Tuple[int, int]]:
        """(soft, hard) of resource (RLIMIT_*; unlimited is RLIM_INFINITY: -1 on Linux, 2**63 - 1
        on FreeBSD, as psutil); sets them with limits."""
        if limits is None:
            soft, hard = _i64(), _i64()
            self._c(_lib.psinfo_process_rlimit(ctypes.byref(soft), ctypes.byref(hard), self._h,
                                               C.c_int(resource, "resource")))
            return (_from_rlim(soft.value), _from_rlim(hard.value))
        try:
            soft, hard = limits
        except (TypeError, ValueError):
            raise ValueError("second argument must be a (soft, hard) tuple, got %r" % (limits,))
        self._c(_lib.psinfo_process_set_rlimit(self._h, C.c_int(resource, "resource"),
                                               C.c_int(_to_rlim(soft), "soft", 64),
                                               C.c_int(_to_rlim(hard), "hard", 64)))

    def io_counters(self) -> pio:
        """pio(read_count, write_count, read_bytes, write_bytes, read_chars, write_chars)."""
        return self._record("io_counters", pio, _PIo)

    def num_ctx_switches(self) -> pctxsw:
        """pctxsw(voluntary, involuntary) context switches."""
        return self._record("num_ctx_switches", pctxsw, _CtxSw)

    def num_fds(self) -> int:
        """The number of open file descriptors."""
        return self._scalar("num_fds", _i32)

    def num_threads(self) -> int:
        """The number of threads."""
        return self._scalar("num_threads", _i32)

    def num_handles(self) -> int:
        return self._scalar("num_handles", _i32)

    def threads(self) -> List[pthread]:
        """pthread(id, user_time, system_time) per thread."""
        return self._rows("threads", pthread, _Thread)

    def cpu_times(self) -> pcputimes:
        """pcputimes(user, system, children_user, children_system, iowait), seconds."""
        return self._record("cpu_times", pcputimes, _PCpuTimes)

    def _busy(self):
        t = self._one("cpu_times", _PCpuTimes)
        return t.user + t.system

    def _cpu_sample(self, busy):
        """Percent of one CPU used since this object's previous sample (0.0 without one)."""
        now = time.monotonic()
        last, self._last_cpu = self._last_cpu, (now, busy)
        if last is None or now <= last[0]:
            return 0.0
        return round((busy - last[1]) / (now - last[0]) * 100.0, 1)

    def cpu_percent(self, interval: Optional[float] = None) -> float:
        """psutil's Process.cpu_percent(): percent of one CPU (may exceed 100 on several CPUs)
        over interval seconds, or since this object's previous call (0.0 the first time;
        process_iter(["cpu_percent"]) and as_dict() count as calls)."""
        if interval is not None:
            if isinstance(interval, bool) or not isinstance(interval, (int, float)):
                raise TypeError("interval must be a number or None, not %s"
                                % type(interval).__name__)
            if not interval >= 0:
                raise ValueError("interval is not positive (got %r)" % (interval,))
            if interval > 0:
                self._last_cpu = None
                self._cpu_sample(self._busy())
                time.sleep(interval)
        return self._cpu_sample(self._busy())

    def cpu_num(self) -> Optional[int]:
        """The CPU the process last ran on, None when not known."""
        out = self._get("cpu_num", _i32(), none_ok=True)
        return None if out is None else out.value

    def cpu_affinity(self, cpus: Optional[Iterable[int]] = None) -> Optional[List[int]]:
        """The CPUs the process may run on; sets them with cpus ([] for every eligible CPU)."""
        if cpus is None:
            ptr = ctypes.POINTER(_i32)()
            count = ctypes.c_size_t(0)
            self._c(_lib.psinfo_process_cpu_affinity(ctypes.byref(ptr), ctypes.byref(count),
                                                     self._h))
            try:
                return [ptr[i] for i in range(count.value)]
            finally:
                _lib.psinfo_free_process_cpu_affinity(ptr, count)
        cpus = [C.c_int(c, "a CPU number") for c in cpus]
        arr = (_i32 * max(len(cpus), 1))(*cpus)
        self._c(_lib.psinfo_process_set_cpu_affinity(self._h, arr, len(cpus)))

    def memory_info(self) -> pmem:
        """pmem(rss, vms, shared, text, data), bytes."""
        return self._record("memory_info", pmem, _MemInfo)

    def memory_full_info(self) -> pfullmem:
        """memory_info's fields and uss, pss, swap (bytes); reads smaps (slow)."""
        full, info = _FullMem.new(), _MemInfo.new()
        self._c(_lib.psinfo_process_memory_full_info(ctypes.byref(full), ctypes.byref(info),
                                                     self._h))
        return pfullmem(*(_pmem(info) + (full.uss, full.value("pss"), full.value("swap"))))

    def memory_info_ex(self) -> pmem_ex:
        """psutil 8's pmem_ex: memory_info's fields and more (Linux: peak_rss, peak_vms,
        rss_anon, rss_file, rss_shmem, swap, hugetlb from /proc/PID/status), bytes; None
        where not given (a kernel thread has no status Vm* lines: psutil gives 0 there)."""
        ex, info = _MemInfoEx.new(), _MemInfo.new()
        self._c(_lib.psinfo_process_memory_info_ex(ctypes.byref(ex), ctypes.byref(info),
                                                   self._h))
        return _pmem_ex(ex, info)

    def memory_footprint(self) -> pfootprint:
        """psutil 8's pfootprint: uss (Linux: uss, pss, swap from smaps_rollup), bytes; slow.
        (Gone where psutil has none, with the other such methods, at the end of this file.)"""
        s = self._one("memory_footprint", _Footprint)
        return pfootprint(*(s.uss, s.value("pss"), s.value("swap"))[:len(pfootprint._fields)])

    def memory_percent(self, memtype: str = "rss") -> float:
        """The memtype field of memory_info, memory_info_ex or memory_footprint as a
        percentage of total physical memory (not rounded)."""
        out = _dbl()
        self._c(_lib.psinfo_process_memory_percent(ctypes.byref(out), self._h,
                                                   C.c_str(memtype, "memtype")))
        return out.value

    def memory_maps(self, grouped: bool = True) -> Union[List[pmmap_grouped], List[pmmap_ext]]:
        """The mapped regions: summed per path (pmmap_grouped) or one per mapping
        (pmmap_ext) when grouped is false."""
        return self._list("memory_maps", _MemMap, lambda s: _mmap(s, grouped),
                          1 if grouped else 0)

    def page_faults(self) -> ppagefaults:
        """ppagefaults(minor, major) (psutil 8)."""
        return self._record("page_faults", ppagefaults, _PageFaults)

    def open_files(self) -> List[popenfile]:
        """popenfile(path, fd, position, mode, flags) per regular file open."""
        return self._rows("open_files", popenfile, _OpenFile)

    def net_connections(self, kind: str = "inet") -> List[pconn]:
        """pconn(fd, family, type, laddr, raddr, status) of the process's sockets of
        kind (as psutil.net_connections)."""
        if not isinstance(kind, str):
            raise TypeError("kind must be a string")
        return self._list("net_connections", _Connection, _pconn, C.c_str(kind, "kind"))

    connections = net_connections  # psutil 5.9.4's name

    def parent(self) -> Optional[Process]:
        """The parent Process, None when there is none (or it started after this one)."""
        h = self._get("parent", _h_t(), none_ok=True)
        if h is None:
            return None
        p = Process.__new__(Process)
        p._h = h
        p._init()
        return p

    def parents(self) -> List[Process]:
        """Every ancestor, parent first."""
        return _handles_to_processes(_lib.psinfo_process_parents, self._h)

    def children(self, recursive: bool = False) -> List[Process]:
        """The processes this one started (and theirs, recursive=True)."""
        return _handles_to_processes(_lib.psinfo_process_children, self._h,
                                     1 if recursive else 0)

    # -- control -------------------------------------------------------------------------
    def send_signal(self, sig: int) -> None:
        """Sends signal sig (NoSuchProcess if the PID now names another process)."""
        self._c(_lib.psinfo_process_send_signal(self._h, C.c_int(sig, "sig")))

    def suspend(self) -> None:
        """SIGSTOP."""
        self._c(_lib.psinfo_process_suspend(self._h))

    def resume(self) -> None:
        """SIGCONT."""
        self._c(_lib.psinfo_process_resume(self._h))

    def terminate(self) -> None:
        """SIGTERM."""
        self._c(_lib.psinfo_process_terminate(self._h))

    def kill(self) -> None:
        """SIGKILL."""
        self._c(_lib.psinfo_process_kill(self._h))

    def wait(self, timeout: Optional[float] = None) -> Optional[int]:
        """The exit code of a child of this process (a Negsignal, -signal, if a signal ended
        it), None for another process once it is gone; TimeoutExpired when timeout (seconds)
        runs out. The result is kept."""
        if timeout is not None:
            if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
                raise TypeError("timeout must be an int or float (got %s)"
                                % type(timeout).__name__)
            if not timeout >= 0:
                raise ValueError("timeout must be a positive integer or float (got %r)"
                                 % (timeout,))
        if self._pid == 0:
            raise ValueError("can't wait for PID 0")
        if self._exitcode is not _SENTINEL:
            return self._exitcode
        code = _i32()
        try:
            h = self._h
        except NoSuchProcess:
            self._exitcode = None
            return None
        rc = _lib.psinfo_process_wait(ctypes.byref(code), h,
                                      -1.0 if timeout is None else float(timeout))
        if rc == _ETIMEDOUT:
            raise TimeoutExpired(timeout, self._pid, self._name)
        if rc != _ENOVALUE:  # ended, but not a child: no exit code (None)
            self._c(rc)
        self._exitcode = C.negsignal(code.value) if rc == 0 else None
        return self._exitcode

    def as_dict(self, attrs: Optional[Iterable[str]] = None,
                ad_value: Any = None) -> Dict[str, Any]:
        """psutil's as_dict(): {attr: value}, ad_value where access is denied (or a zombie
        no longer has it). NoSuchProcess if the process vanished."""
        names = _attr_names(attrs)
        bits = _bits(names)
        out = {}
        if bits:
            ptr = ctypes.POINTER(_ProcessInfo)()
            count = ctypes.c_size_t(0)
            self._c(_lib.psinfo_process_as_dict(ctypes.byref(ptr), ctypes.byref(count),
                                                ctypes.sizeof(_ProcessInfo), self._h, bits))
            try:
                convert, _ = _row_converter(names)
                out = convert(C.rows(ptr, count.value, _ProcessInfo)[0], ptr[0], ad_value, self)
            finally:
                _lib.psinfo_free_process_snapshot(ptr, count)
        _per_process(self, names, out, ad_value)
        return {n: out[n] for n in names}


_SENTINEL = object()


# psutil 8's Process.attrs: the names as_dict() and process_iter() accept and give by default.
Process.attrs = frozenset(_OS_ATTRS)


class Popen(Process):
    """psutil.Popen: subprocess.Popen's arguments, a Process with subprocess.Popen's methods
    and attributes too (stdin, stdout, communicate(), returncode ...). wait() is Process's,
    which also sets returncode."""

    def __init__(self, *args, **kwargs):
        self.__subproc = subprocess.Popen(*args, **kwargs)
        Process.__init__(self, self.__subproc.pid)

    def __dir__(self):
        return sorted(set(dir(Popen) + dir(subprocess.Popen)))

    def __enter__(self):
        if hasattr(self.__subproc, "__enter__"):
            self.__subproc.__enter__()
        return self

    def __exit__(self, *args, **kwargs):
        if hasattr(self.__subproc, "__exit__"):
            return self.__subproc.__exit__(*args, **kwargs)
        for f in (self.stdout, self.stderr, self.stdin):
            if f:
                f.close()
        self.wait()
        return None

    def __getattribute__(self, name):
        try:
            return object.__getattribute__(self, name)
        except AttributeError:
            try:
                return object.__getattribute__(self.__subproc, name)
            except AttributeError:
                raise AttributeError("%s instance has no attribute '%s'"
                                     % (self.__class__.__name__, name))

    def wait(self, timeout: Optional[float] = None) -> Optional[int]:
        if self.__subproc.returncode is not None:
            return self.__subproc.returncode
        ret = Process.wait(self, timeout)
        self.__subproc.returncode = ret
        return ret


def _attr_names(attrs):
    """psutil's checks of as_dict()'s and process_iter()'s attrs: a list, tuple or set of
    Process method names; None or empty for every attribute of the OS."""
    if attrs is None:
        return _OS_ATTRS
    if not isinstance(attrs, (list, tuple, set, frozenset)):
        raise TypeError("invalid attrs type %s" % type(attrs))
    if not attrs:
        return _OS_ATTRS
    bad = [a for a in attrs if not isinstance(a, str)
           or (a not in _OS_ATTRS and a not in _EXT_ATTRS and a not in _DEPRECATED_ATTRS)]
    if bad:
        raise ValueError("invalid attr name%s %s" % ("s" if len(bad) > 1 else "",
                                                      ", ".join(map(repr, bad))))
    return tuple(attrs)


def _bits(names):
    """The snapshot's attribute bits for names (always pid and create_time, the identity;
    cpu_times for cpu_percent, which is computed here from this object's previous sample)."""
    bits = _ATTR_BIT["pid"] | _ATTR_BIT["create_time"]
    for n in names:
        if n == "cpu_percent":
            bits |= _ATTR_BIT["cpu_times"]
        elif n not in _PER_PROCESS_ATTRS:
            bits |= _ATTR_BIT[n]
    return bits


# psinfo's own per-process attributes (_EXT_ATTRS): {name: function(Process)}, filled by the
# modules that define them (_container), since Process has psutil's methods only.
_EXT_ATTR_FUNCS = {}


def _per_process(p, names, out, ad_value):
    for n in names:
        if n in _PER_PROCESS_ATTRS:
            fn = _EXT_ATTR_FUNCS.get(n)
            try:
                out[n] = fn(p) if fn is not None else getattr(p, n)()
            except (AccessDenied, ZombieProcess):
                out[n] = ad_value


def _ionice(ioclass, value):
    try:
        return pionice(ProcessIOPriority(ioclass), value)
    except ValueError:
        return pionice(ioclass, value)


# A snapshot element is read with one struct.unpack_from into a tuple v (strings and arrays
# as addresses); each attribute is an expression over it: {f} is field f, {?f} field f or None
# when its field_present bit is clear, {$f} the string at field f. The list attributes read
# the ctypes element s instead.
_ROW_FIELDS = C.layout(_ProcessInfo, pointers=True)[1]
_EXPR = {
    "name": "{$name}", "exe": "{$exe}", "status": "_status({$status})", "cwd": "{$cwd}",
    "username": "{$username}", "terminal": "{$terminal}",
    "uids": "puids({uids_real}, {uids_effective}, {uids_saved})",
    "gids": "pgids({gids_real}, {gids_effective}, {gids_saved})",
    "ionice": "_ionice({ionice_ioclass}, {ionice_value})",
    "io_counters": "pio({io_read_count}, {io_write_count}, {io_read_bytes}, {io_write_bytes}, "
                   "{?io_read_chars}, {?io_write_chars})",
    "num_ctx_switches": "pctxsw({ctx_voluntary}, {ctx_involuntary})",
    "cpu_times": "pcputimes({cpu_user}, {cpu_system}, {cpu_children_user}, "
                 "{cpu_children_system}, {?cpu_iowait})",
    "cpu_percent": "proc._cpu_sample({cpu_user} + {cpu_system})",
    "memory_info": "pmem({mem_rss}, {mem_vms}, {?mem_shared}, {?mem_text}, {?mem_data})",
    "memory_full_info": "pfullmem({mem_rss}, {mem_vms}, {?mem_shared}, {?mem_text}, "
                        "{?mem_data}, {mem_uss}, {?mem_pss}, {?mem_swap})",
    "page_faults": "ppagefaults({page_faults_minor}, {page_faults_major})",
    "cmdline": "[_text(x) for x in s.cmdline[:s.cmdline_count]]",
    "environ": "_env_dict(s.environ_vars, s.environ_count)",
    "cpu_affinity": "s.cpu_affinity[:s.cpu_affinity_count]",
}
_NONE_BY_NATURE = ("terminal", "cpu_num")  # absent means None, not ad_value
_ELEMENT_ATTRS = ("cmdline", "environ", "cpu_affinity")  # those that read s
_rows = {}


def _expr(name):
    def field(m):
        kind, f = m.group(1), m.group(2)
        i = _ROW_FIELDS.index(f)
        if kind == "?":
            return "(v[%d] if v[1] & %d else None)" % (i, _PI_HAS[f])
        if kind == "$":
            return "C.cstr(v[%d])" % i
        return "v[%d]" % i
    return re.sub(r"\{([?$]?)(\w+)\}", field, _EXPR.get(name, "{%s}" % name))


def _row_converter(names):
    """(convert(v, s, ad_value, proc) -> {attr: value}, whether it reads s) for the snapshot's
    attributes among names, generated once per names."""
    got = _rows.get(names)
    if got is not None:
        return got
    items = []
    for n in names:
        if n in _PER_PROCESS_ATTRS:
            continue
        bit = _ATTR_BIT["cpu_times" if n == "cpu_percent" else n]
        absent = "None" if n in _NONE_BY_NATURE else "ad"
        items.append("%r: (%s) if has & %d else %s" % (n, _expr(n), bit, absent))
    src = "def convert(v, s, ad, proc):\n    has = v[2]\n    return {%s}\n" % ", ".join(items)
    ns = dict(globals())
    exec(src, ns)
    got = (ns["convert"], any(n in _ELEMENT_ATTRS for n in names))
    if len(_rows) < 64:
        _rows[names] = got
    return got


_I_PID, _I_CT = _ROW_FIELDS.index("pid"), _ROW_FIELDS.index("create_time")


def pids() -> List[int]:
    """psutil.pids(): every PID, sorted."""
    ptr = ctypes.POINTER(_i64)()
    count = ctypes.c_size_t(0)
    _check(_lib.psinfo_pids(ctypes.byref(ptr), ctypes.byref(count)))
    try:
        return ptr[:count.value]
    finally:
        _lib.psinfo_free_pids(ptr, count)


def pid_exists(pid: int) -> bool:
    """psutil.pid_exists(): False for negative PIDs and thread IDs."""
    if not isinstance(pid, int):
        raise TypeError("pid must be an integer (got %r)" % (pid,))
    if pid < 0:
        return False
    if pid >= 2 ** 63:
        return False
    out = _i32()
    _check(_lib.psinfo_pid_exists(ctypes.byref(out), pid))
    return bool(out.value)


# psutil's process_iter() cache: the Process objects of the previous calls, by PID, so that
# cpu_percent() compares with the previous iteration.
_pmap = {}


def process_iter(attrs: Optional[Iterable[str]] = None, ad_value: Any = None) -> Iterator[Process]:
    """psutil.process_iter(): a Process per running process, by PID, skipping those that
    vanish. The Process objects are kept from one call to the next (process_iter.cache_clear()
    forgets them), so cpu_percent compares with the previous call. With attrs (a list of
    psutil's attribute names; [] for all), each Process gets .info = {attr: value}, read in one
    bulk scan of only the files those attributes need (threads, memory_maps, open_files and
    net_connections are read per process)."""
    names = None if attrs is None else _attr_names(attrs)
    bits = _bits(names or ())
    ptr = ctypes.POINTER(_ProcessInfo)()
    count = ctypes.c_size_t(0)
    _check(_lib.psinfo_process_snapshot(ctypes.byref(ptr), ctypes.byref(count),
                                        ctypes.sizeof(_ProcessInfo), bits))
    convert, reads_s = _row_converter(names) if names is not None else (None, False)
    procs = []
    old = _pmap.copy()
    try:
        for i, v in enumerate(C.rows(ptr, count.value, _ProcessInfo)):
            pid, ct = v[_I_PID], v[_I_CT]
            p = old.pop(pid, None)
            if p is None or (p._create_time is not None and p._create_time != ct):
                p = Process._of_snapshot(pid, ct)
            _pmap[pid] = p
            p.info = None if convert is None else convert(v, ptr[i] if reads_s else None,
                                                          ad_value, p)
            procs.append(p)
    finally:
        _lib.psinfo_free_process_snapshot(ptr, count)
    for pid in old:  # gone since the last call
        _pmap.pop(pid, None)
    per_process = names is not None and any(n in _PER_PROCESS_ATTRS for n in names)
    for p in procs:
        if per_process:
            try:
                _per_process(p, names, p.info, ad_value)
            except NoSuchProcess:
                _pmap.pop(p.pid, None)
                continue
        yield p


process_iter.cache_clear = _pmap.clear


def wait_procs(procs: Iterable[Process], timeout: Optional[float] = None,
               callback: Optional[Callable[[Process], Any]] = None
               ) -> Tuple[List[Process], List[Process]]:
    """psutil.wait_procs(): (gone, alive) once every process ended or timeout (seconds) ran
    out; each gone Process gets .returncode; callback(proc) is called as each ends."""
    if timeout is not None and not timeout >= 0:
        raise ValueError("timeout must be a positive integer, got %r" % (timeout,))
    if callback is not None and not callable(callback):
        raise TypeError("callback %r is not a callable" % (callback,))
    alive = list(procs)
    gone = []
    deadline = None if timeout is None else time.monotonic() + timeout

    def ended(p, wait_for):
        try:
            code = p.wait(wait_for)
        except TimeoutExpired:
            return False
        p.returncode = code
        gone.append(p)
        if callback is not None:
            callback(p)
        return True

    while alive:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            break
        # Each process gets a share of a second (or of what is left) in turn.
        share = 1.0 / len(alive)
        if left is not None:
            share = min(share, left)
        alive = [p for p in alive if not ended(p, share)]
    if alive:  # one last look, without waiting
        alive = [p for p in alive if not ended(p, 0)]
    return gone, alive


# The methods psutil has on other systems only (_lib.ONLY_ON): gone, as in psutil.
for _name in [n for n in vars(Process) if not _psutil_has("Process." + n)]:
    delattr(Process, _name)
