"""The C library behind psinfo: finding and loading libpsinfo, the ctypes structures of
psinfo.h (tests/capi/test_layout.py compares them with the C layout) and the functions'
signatures. Private: the public API is the psinfo package."""

import ctypes
import os
import sys

# The library's file name by soname: the ABI this package was written for.
SONAMES = {"linux": "libpsinfo.so.0.2", "darwin": "libpsinfo.0.2.dylib", "win32": "psinfo.dll"}


def _soname():
    for prefix, name in SONAMES.items():
        if sys.platform.startswith(prefix):
            return name
    return SONAMES["linux"]  # the BSDs name shared libraries as Linux does


def _candidates():
    """Where the library is looked for, in order: next to this package (a wheel or an install
    that bundles it), the system loader's search path (by soname), then $PSINFO_LIBRARY."""
    name = _soname()
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, name)
    yield name
    env = os.environ.get("PSINFO_LIBRARY")
    if env:
        yield env


def _load():
    tried = []
    for path in _candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path + " (missing)")
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
            continue
        return lib, path
    raise ImportError("psinfo: cannot load %s; install it, or set PSINFO_LIBRARY to its path. "
                      "Tried: %s" % (_soname(), "; ".join(tried) or "nothing"))


lib, path = _load()
_lib = lib

# The same library's functions without argtypes, for the package's own calls whose every
# argument is a ctypes object it made (byref(out), a handle): argtypes would only check what is
# known, at about 0.2-0.3 us a call (a third of ctypes' own cost). Their restype is ctypes'
# default, c_int, the C API's return code. A value from the user never goes through them.
bare = ctypes.CDLL(path, handle=lib._handle)

# The C API's codes (PSINFO_E...).
EINVAL, ENOSUCHPROCESS, EZOMBIE, EACCES, ETIMEDOUT = -1, -2, -3, -4, -5
ENOTSUP, ENOMEM, EIO, ESTRUCTSIZE, ENOVALUE, ENOBUFS = -6, -7, -8, -9, -10, -11

_lib.psinfo_strerror.restype = ctypes.c_char_p
_lib.psinfo_strerror.argtypes = [ctypes.c_int]
_lib.psinfo_err_name.restype = ctypes.c_char_p
_lib.psinfo_err_name.argtypes = [ctypes.c_int]
_lib.psinfo_last_error_message.restype = ctypes.c_char_p
_lib.psinfo_last_error_message.argtypes = []
_lib.psinfo_version.restype = ctypes.c_char_p
_lib.psinfo_version.argtypes = []

_lib.psinfo_last_errno.restype = ctypes.c_int
_lib.psinfo_last_errno.argtypes = []


def last_error():
    """(message, errno) of this thread's last failing call."""
    return (_lib.psinfo_last_error_message().decode("utf-8", "replace"),
            _lib.psinfo_last_errno())


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



# ---- Processes -----------------------------------------------------------------------------

_i32 = ctypes.c_int32
MMAP_FIELDS = ("rss", "size", "pss", "shared_clean", "shared_dirty", "private_clean",
               "private_dirty", "referenced", "anonymous", "swap")
_MMAP_FIELDS = MMAP_FIELDS
_Uids = _struct("psinfo_uids_t", [("real", _i64), ("effective", _i64), ("saved", _i64)], [])
_PIo = _struct("psinfo_process_io_counters_t",
               [(f, _u64) for f in ("read_count", "write_count", "read_bytes", "write_bytes",
                                          "read_chars", "write_chars", "other_count",
                                          "other_bytes")],
               ["read_chars", "write_chars", "other_count", "other_bytes"])
_CtxSw = _struct("psinfo_ctx_switches_t", [("voluntary", _u64), ("involuntary", _u64)], [])
_Thread = _struct("psinfo_thread_t", [("id", _i64), ("user_time", _dbl), ("system_time", _dbl)],
                  [])
_PCpuTimes = _struct("psinfo_process_cpu_times_t", [(f, _dbl) for f in (
    "user", "system", "children_user", "children_system", "iowait")],
                     ["iowait"])
_MEMINFO_C = ("rss", "vms", "shared", "text", "data", "num_page_faults", "peak_wset", "wset",
              "peak_paged_pool", "paged_pool", "peak_nonpaged_pool", "nonpaged_pool",
              "pagefile", "peak_pagefile", "private_")
_MemInfo = _struct("psinfo_memory_info_t", [(f, _u64) for f in _MEMINFO_C], list(_MEMINFO_C[2:]))
_FullMem = _struct("psinfo_memory_full_info_t", [("uss", _u64), ("pss", _u64), ("swap", _u64)],
                   ["pss", "swap"])
MEMINFO_EX_C = ("peak_rss", "peak_vms", "rss_anon", "rss_file", "rss_shmem", "swap", "hugetlb",
                "virtual_", "peak_virtual", "wired", "compressed", "phys_footprint", "stack")
_MemInfoEx = _struct("psinfo_memory_info_ex_t", [(f, _u64) for f in MEMINFO_EX_C],
                     list(MEMINFO_EX_C))
_Footprint = _struct("psinfo_memory_footprint_t", [("uss", _u64), ("pss", _u64), ("swap", _u64)],
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
          "memory_maps", "page_faults", "open_files", "net_connections", "num_handles",
          "cgroup")
_ATTR_BIT = {n: 1 << i for i, n in enumerate(_ATTRS)}
# The names psutil 8 defines on some systems only (psutil/__init__.py defines each when its
# platform module, _pslinux / _pswindows / _psosx / _psbsd, has it): {name: the systems}. The
# package leaves the others out, so that hasattr() and Process.attrs answer as psutil's do.
def _system():
    for name, prefixes in (("linux", ("linux",)), ("windows", ("win",)), ("macos", ("darwin",)),
                           ("freebsd", ("freebsd", "midnightbsd")), ("openbsd", ("openbsd",)),
                           ("netbsd", ("netbsd",))):
        if sys.platform.startswith(prefixes):
            return name
    return None  # another system: every name


SYSTEM = _system()
_BSDS = {"freebsd", "openbsd", "netbsd"}
_POSIX = {"linux", "macos"} | _BSDS
_HEAP = {"linux", "windows", "macos", "freebsd", "netbsd"}
ONLY_ON = {
    "Process.uids": _POSIX, "Process.gids": _POSIX, "Process.terminal": _POSIX,
    "Process.num_fds": _POSIX, "Process.num_handles": {"windows"},
    "Process.io_counters": {"linux", "windows"} | _BSDS,
    "Process.ionice": {"linux", "windows"},
    "Process.rlimit": {"linux", "freebsd"},
    "Process.cpu_affinity": {"linux", "windows", "freebsd"},
    "Process.cpu_num": {"linux", "freebsd"},
    "Process.memory_maps": {"linux", "windows", "freebsd"},
    "Process.memory_footprint": {"linux", "windows", "macos"},
    "cpu_freq": {"linux", "windows", "macos", "freebsd", "openbsd"},
    "sensors_temperatures": {"linux", "freebsd"},
    "sensors_fans": {"linux"},
    "sensors_battery": {"linux", "windows", "macos", "freebsd"},
    "heap_info": _HEAP, "heap_trim": _HEAP,
}


def psutil_has(name):
    """Whether psutil 8 has name ("cpu_freq", "Process.rlimit") on this system."""
    systems = ONLY_ON.get(name)
    return systems is None or SYSTEM is None or SYSTEM in systems


# psutil 8's memory_info_ex and memory_footprint: attributes of the Python package only (the
# C snapshot does not carry them, so they have no bit; fetched per process). _OS_ATTRS keeps
# those psutil has here.
_PY_ATTRS = ("memory_info_ex", "memory_footprint")
_sig("psinfo_supported_attrs", _u64)
# psutil 8's as_dict() keys on this OS (num_handles on Windows; uids ... on POSIX): not
# memory_full_info (deprecated in psutil 8: accepted when named, _DEPRECATED_ATTRS), but
# memory_info_ex and memory_footprint.
_supported = _lib.psinfo_supported_attrs()
_DEPRECATED_ATTRS = tuple(n for n in ("memory_full_info",) if _supported & _ATTR_BIT[n])
_OS_ATTRS = tuple(n for n in _ATTRS + _PY_ATTRS
                  if (n in _PY_ATTRS or _supported & _ATTR_BIT[n])
                  and n not in _DEPRECATED_ATTRS and psutil_has("Process." + n))
# Lists of structs (and psinfo's own cgroup, psutil 8's memory_info_ex and memory_footprint)
# that the snapshot does not carry: fetched per process.
_PER_PROCESS_ATTRS = ("threads", "memory_maps", "open_files", "net_connections",
                      "cgroup") + _PY_ATTRS
# psinfo's own attributes: accepted by process_iter(attrs) and as_dict(attrs) when named, never
# in the default set (psutil's); on Linux only.
_EXT_ATTRS = ("cgroup",) if sys.platform.startswith("linux") else ()

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
_sig("psinfo_process_memory_info_ex", ctypes.c_int, ctypes.POINTER(_MemInfoEx),
     ctypes.POINTER(_MemInfo), _h_t)
_sig("psinfo_process_memory_footprint", ctypes.c_int, ctypes.POINTER(_Footprint), _h_t)
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


# ---- Containers: cgroups, PSI (psinfo's own; psinfo/container.hpp) ------------------------


def _psi_line_fields(res, line):
    return [("%s_%s_%s" % (res, line, f), _dbl) for f in ("avg10", "avg60", "avg300")] + [
        ("%s_%s_total" % (res, line), _u64)]


PSI_RESOURCES = ("cpu", "memory", "io", "irq")
_Pressure = _struct("psinfo_pressure_t", [f for r in PSI_RESOURCES for line in ("some", "full")
                                          for f in _psi_line_fields(r, line)],
                    ["%s_%s_total" % (r, line) for r in PSI_RESOURCES for line in ("some", "full")])
CG_CPU = ("quota", "period", "limit", "effective_cpus", "weight", "shares", "usage", "user",
          "system", "nr_periods", "nr_throttled", "throttled_time")
CG_MEMORY = ("max", "high", "low", "min", "swap_max", "effective_max", "current", "peak",
             "swap_current", "anon", "file", "kernel", "shmem", "active_file", "inactive_file",
             "working_set", "available", "oom", "oom_kill")
_CG_TYPES = {"quota": _dbl, "period": _dbl, "limit": _dbl, "usage": _dbl, "user": _dbl,
             "system": _dbl, "throttled_time": _dbl}
_Cgroup = _struct(
    "psinfo_cgroup_t",
    [("cpu_" + f, _CG_TYPES.get(f, _u64)) for f in CG_CPU[:3]] +
    [("cpu_effective_cpus", _i32), ("reserved0", _i32)] +
    [("cpu_" + f, _CG_TYPES.get(f, _u64)) for f in CG_CPU[4:]] +
    [("memory_" + f, _u64) for f in CG_MEMORY] + [("pids_max", _u64), ("pids_current", _u64)],
    ["cpu_" + f for f in CG_CPU] + ["memory_" + f for f in CG_MEMORY] +
    ["pids_max", "pids_current"],
    header=(("struct_size", _u32), ("version", _i32), ("present", _u64)))
_CgroupPath = _struct("psinfo_cgroup_path_t", [("hierarchy", _str), ("path", _str)], [])
CG_IO = ("rbps", "wbps", "riops", "wiops", "rbytes", "wbytes", "rios", "wios", "dbytes", "dios")
_CgroupIo = _struct("psinfo_cgroup_io_t", [("device", _str)] + [(f, _u64) for f in CG_IO],
                    list(CG_IO))
_CgroupStat = _struct("psinfo_cgroup_stat_t", [("name", _str), ("value", _u64)], [])
_VmemEffective = _struct("psinfo_virtual_memory_effective_t", [
    ("total", _u64), ("available", _u64), ("used", _u64), ("percent", _dbl), ("limit", _u64)],
    ["limit"])

_sig("psinfo_pressure", ctypes.c_int, ctypes.POINTER(_Pressure))
_sig("psinfo_cgroup_version_name", ctypes.c_char_p, ctypes.c_int)
_sig("psinfo_process_cgroup", ctypes.c_int, ctypes.POINTER(_Cgroup), _h_t)
_sig("psinfo_process_cgroup_pressure", ctypes.c_int, ctypes.POINTER(_Pressure), _h_t)
for _n, _t in (("paths", _CgroupPath), ("io", _CgroupIo), ("memory_stat", _CgroupStat)):
    _sig("psinfo_process_cgroup_" + _n, ctypes.c_int, ctypes.POINTER(ctypes.POINTER(_t)),
         _size_p, ctypes.c_size_t, _h_t)
    _sig("psinfo_free_process_cgroup_" + _n, None, ctypes.POINTER(_t), ctypes.c_size_t)
_sig("psinfo_process_cgroup_cpuset", ctypes.c_int, ctypes.POINTER(ctypes.POINTER(_i32)), _size_p,
     _h_t, ctypes.c_int)
_sig("psinfo_free_process_cgroup_cpuset", None, ctypes.POINTER(_i32), ctypes.c_size_t)
_sig("psinfo_cpu_count_effective", ctypes.c_int, ctypes.POINTER(_i32))
_sig("psinfo_virtual_memory_effective", ctypes.c_int, ctypes.POINTER(_VmemEffective))

# Windows services (the functions answer ENOTSUP on every other OS).
_WinService = _struct("psinfo_win_service_t", [
    ("name", _str), ("display_name", _str), ("binpath", _str), ("username", _str),
    ("start_type", _str), ("status", _str), ("description", _str), ("pid", _i64)], ["pid"])
_list_sig("psinfo_win_service_iter", _WinService)
_list_sig("psinfo_win_service_get", _WinService, ctypes.c_char_p)
