"""`import psinfo as psutil`: the package's public surface and Process semantics against
Debian's psutil 5.9.4 on the same machine (psutil 8's behaviour where the two differ,
../shared/PSUTIL-LINUX.md). The values of every function and method are compared with psutil
in tests/capi/test_ctypes*.py; this file compares the shape: names, signatures, exceptions,
errors, identity, cpu_percent state, wait(), children(), Popen, process_iter and wait_procs.

Documented differences with 5.9.4 (psinfo follows psutil 8 there):
  - names: psinfo adds heap_info and heap_trim (psutil 7.1), and psutil 8's bytes2human,
    enum classes (PSUTIL8_NAMES: their members are the constants, and two statuses 5.9.4 lacks)
    and Process.attrs (tests/python/test_python_psutil8.py); its own additions are in
    psinfo.ext, not in the namespace. Process: page_faults and net_connections (psutil 8;
    connections is kept as 5.9.4's name); memory_info_ex and memory_footprint with psutil
    8's meaning (5.9.4's memory_info_ex is a deprecated alias of memory_info; the same
    signature). Exactly these, listed in PROCESS_PSINFO_ONLY.
  - as_dict() keys: net_connections and page_faults (psutil 8) instead of connections;
    memory_info_ex and memory_footprint (psutil 8's Process.attrs) instead of
    memory_full_info (deprecated in psutil 8, still accepted by name).
  - exception reprs name the module psinfo instead of psutil.
"""

import errno
import inspect
import os
import pickle
import signal
import subprocess
import sys
import time
import typing

import pytest

from conftest import check, load_psinfo, wait_state

psinfo = load_psinfo()
psutil = pytest.importorskip("psutil")

PSUTIL8_NAMES = {"bytes2human", "ProcessStatus", "ConnectionStatus", "NicDuplex", "BatteryTime",
                 "ProcessIOPriority", "ProcessRlimit", "STATUS_SUSPENDED", "STATUS_WAKE_KILL"}
PSINFO_ONLY = {"heap_info", "heap_trim"} | PSUTIL8_NAMES
PROCESS_PSINFO_ONLY = {"page_faults", "net_connections", "info", "memory_footprint", "attrs"}
PROCESS_PSUTIL_ONLY = set()
WINDOWS_ONLY = {"CONN_DELETE_TCB", "CONN_IDLE", "CONN_BOUND", "win_service_iter",
                "win_service_get", "WindowsService", "ProcessPriority", "IOPRIO_VERYLOW",
                "IOPRIO_HIGH", "ABOVE_NORMAL_PRIORITY_CLASS", "IDLE_PRIORITY_CLASS",
                "HIGH_PRIORITY_CLASS", "REALTIME_PRIORITY_CLASS", "NORMAL_PRIORITY_CLASS",
                "BELOW_NORMAL_PRIORITY_CLASS"}


def sig(f):
    """f's signature without annotations (psinfo is annotated, psutil 5.9.4 is not)."""
    s = inspect.signature(f)
    empty = inspect.Parameter.empty
    return s.replace(parameters=[p.replace(annotation=empty) for p in s.parameters.values()],
                     return_annotation=inspect.Signature.empty)


def public(obj):
    return {n for n in dir(obj) if not n.startswith("_")}


def test_public_names_are_psutils():
    theirs = set(psutil.__all__)
    ours = set(psinfo.__all__)
    check(ours - theirs == PSINFO_ONLY, "only in psinfo: %s" % sorted(ours - theirs))
    check(theirs - ours == set(), "missing in psinfo: %s" % sorted(theirs - ours))
    for n in psinfo.__all__:
        check(hasattr(psinfo, n), "psinfo.__all__ names %s, which is not there" % n)
    # dir() shows the same names (plus the ext submodule), and no Windows-only one.
    check(public(psinfo) == ours - {"__version__"} | {"ext"},
          "dir(psinfo) - __all__: %s" % sorted(public(psinfo) ^ (ours - {"__version__"})))
    for n in WINDOWS_ONLY:
        check(not hasattr(psinfo, n), "Windows-only name %s on Linux" % n)
    for n in sorted(theirs & ours):
        a, b = getattr(psutil, n), getattr(psinfo, n)
        if n.isupper() and not callable(a):
            check(a == b, "%s: psutil %r, psinfo %r" % (n, a, b))


def test_no_windows_services_here():
    # psutil has win_service_iter, win_service_get and WindowsService on Windows only: neither
    # package has them on Linux, in __all__, in dir() or as attributes.
    for n in ("win_service_iter", "win_service_get", "WindowsService"):
        for mod in (psutil, psinfo):
            check(not hasattr(mod, n) and n not in dir(mod) and n not in mod.__all__,
                  "%s.%s on Linux" % (mod.__name__, n))
    # The private module behind them is there, and its calls say "not supported" here.
    from psinfo import _winservice
    with pytest.raises(NotImplementedError, match="win_service_iter"):
        list(_winservice.win_service_iter())
    with pytest.raises(NotImplementedError):
        _winservice.win_service_get("RpcSs")
    s = _winservice.WindowsService("RpcSs", "Remote Procedure Call (RPC)")
    with pytest.raises(NotImplementedError):
        s.as_dict()
    # psutil's str, repr and equality (by name only; no hash, as psutil's).
    check(str(s) == "WindowsService(name='RpcSs', display_name='Remote Procedure Call (RPC)')",
          str(s))
    check(repr(s).startswith("<WindowsService(name='RpcSs'") and "at %d>" % id(s) in repr(s),
          repr(s))
    check(s == _winservice.WindowsService("RpcSs", "other") and s != _winservice.WindowsService(
        "PlugPlay", "Remote Procedure Call (RPC)") and s.__hash__ is None, "equality by name")
    check(s.name() == "RpcSs" and s.display_name() == "Remote Procedure Call (RPC)", "names")


def test_process_methods_are_psutils():
    theirs = public(psutil.Process) | {"pid"}
    ours = public(psinfo.Process) | {"pid"}
    check(ours - theirs <= PROCESS_PSINFO_ONLY, "only in psinfo: %s" % sorted(ours - theirs))
    check(theirs - ours == PROCESS_PSUTIL_ONLY, "missing: %s" % sorted(theirs - ours))
    check(not hasattr(psinfo.Process(), "num_handles"), "num_handles on Linux")
    for n in sorted(theirs & ours):
        f, g = getattr(psutil.Process, n), getattr(psinfo.Process, n)
        if callable(f) and callable(g) and n != "oneshot":
            check(sig(f) == sig(g), "Process.%s%s, psutil %s" % (n, sig(g), sig(f)))
    keys = set(psinfo.Process().as_dict())
    want = set(psutil.Process().as_dict()) - {"connections", "memory_full_info"} | {
        "net_connections", "page_faults", "memory_info_ex", "memory_footprint"}
    check(keys == want, "as_dict keys: %s" % sorted(keys ^ want))


def test_annotated():
    hints = typing.get_type_hints(psinfo.virtual_memory)
    check(hints.get("return") is psinfo._common.svmem, "virtual_memory -> %r" % hints)
    hints = typing.get_type_hints(psinfo.Process.children)
    check(hints.get("recursive") is bool, "children(recursive: %r)" % hints)
    check(os.path.exists(os.path.join(os.path.dirname(psinfo.__file__), "py.typed")), "py.typed")


def test_function_signatures():
    for n in sorted(set(psutil.__all__) & set(psinfo.__all__)):
        f, g = getattr(psutil, n), getattr(psinfo, n)
        if inspect.isfunction(f):
            check(sig(f) == sig(g), "%s%s, psutil %s" % (n, sig(g), sig(f)))


def test_result_types():
    calls = ["cpu_stats()", "cpu_freq()", "swap_memory()", "disk_usage('/')",
             "net_io_counters()", "sensors_battery()", "getloadavg()", "virtual_memory()",
             "Process().cpu_times()", "Process().num_ctx_switches()", "Process().uids()",
             "Process().gids()", "Process().ionice()", "Process().io_counters()",
             "Process().threads()[0]", "Process().memory_maps()[0]",
             "Process().memory_maps(grouped=False)[0]", "users()[:1]"]
    for c in calls:
        a, b = eval("psutil." + c), eval("psinfo." + c)
        if a is None or b is None or isinstance(a, list):
            continue
        check(type(a).__name__ == type(b).__name__, "%s: %s vs psutil %s"
              % (c, type(b).__name__, type(a).__name__))
        check(getattr(a, "_fields", None) == getattr(b, "_fields", None),
              "%s fields: %s vs psutil %s" % (c, getattr(b, "_fields", None),
                                              getattr(a, "_fields", None)))


EXC_CASES = [
    ("Error", ()), ("NoSuchProcess", (1,)), ("NoSuchProcess", (1, "n")),
    ("NoSuchProcess", (0, "n", "m")), ("ZombieProcess", (3,)), ("ZombieProcess", (3, "a", 1)),
    ("ZombieProcess", (3, None, None, "gone")), ("AccessDenied", ()), ("AccessDenied", (5,)),
    ("AccessDenied", (5, "x", "m")), ("TimeoutExpired", (3,)), ("TimeoutExpired", (0.5, 4, "n")),
]


def test_exceptions_as_psutils():
    for n in ("NoSuchProcess", "ZombieProcess", "AccessDenied", "TimeoutExpired"):
        a, b = getattr(psutil, n), getattr(psinfo, n)
        check(sig(a) == sig(b), "%s%s, psutil %s" % (n, sig(b), sig(a)))
        check([c.__name__ for c in a.__mro__] == [c.__name__ for c in b.__mro__],
              "%s bases %s" % (n, b.__mro__))
    for n, args in EXC_CASES:
        a, b = getattr(psutil, n)(*args), getattr(psinfo, n)(*args)
        check(str(a) == str(b), "str(%s%r): %r, psutil %r" % (n, args, str(b), str(a)))
        check(repr(a).replace("psutil.", "psinfo.") == repr(b),
              "repr(%s%r): %r, psutil %r" % (n, args, repr(b), repr(a)))
        for attr in ("pid", "name", "ppid", "msg", "seconds"):
            check(getattr(a, attr, "-") == getattr(b, attr, "-"),
                  "%s%r.%s: %r, psutil %r" % (n, args, attr, getattr(b, attr, "-"),
                                              getattr(a, attr, "-")))
        if n != "Error":
            c = pickle.loads(pickle.dumps(b))
            check(type(c) is type(b) and repr(c) == repr(b), "pickled %r -> %r" % (b, c))


def test_errors_carry_errno():
    for fn, arg in ((psutil.disk_usage, "/nonexistent/psinfo-py"),
                    (psinfo.disk_usage, "/nonexistent/psinfo-py")):
        with pytest.raises(FileNotFoundError) as e:
            fn(arg)
        check(e.value.errno == errno.ENOENT, "%s: errno %r" % (fn.__module__, e.value.errno))
    if os.geteuid() != 0:
        with pytest.raises(PermissionError):
            psinfo.disk_usage("/root/.psinfo-py")
    with pytest.raises(NotADirectoryError):
        psinfo.disk_usage("/etc/passwd/x")
    with pytest.raises(ValueError):
        psinfo.disk_usage("/tmp\0x")


def test_bad_arguments_as_psutil():
    """The same exception class as psutil for the same wrong call."""
    cases = ["cpu_percent(interval=-1)", "cpu_times_percent(interval=-1)",
             "net_connections('tcp5')", "disk_usage(None)", "Process(-1)", "Process('1')",
             "Process(2 ** 40)", "process_iter(['nope']).__next__()", "process_iter('name')"
             ".__next__()", "Process().as_dict(['nope'])", "Process().as_dict('name')",
             "Process().memory_percent('nope')", "Process().cpu_percent(-1)",
             "Process().wait(-1)", "Process().ionice(2, 9)", "Process().rlimit(12345)",
             "wait_procs([], timeout=-1)", "wait_procs([], callback=1)", "pid_exists(-1)"]
    for c in cases:
        outcome = []
        for m in (psutil, psinfo):
            try:
                r = eval("m." + c)
                outcome.append(("returned", type(r).__name__))
            except Exception as e:
                outcome.append(("raised", type(e).__name__))
        check(outcome[0] == outcome[1], "%s: psinfo %s, psutil %s" % (c, outcome[1], outcome[0]))


def test_process_errors_as_psutils(children):
    c = children.popen(["true"])
    c.wait()
    for m in (psutil, psinfo):
        with pytest.raises(m.NoSuchProcess) as e:
            m.Process(c.pid)
        check(str(e.value) == "process PID not found (pid=%d)" % c.pid, "%s: %s"
              % (m.__name__, e.value))
    c = children.popen(["sleep", "30"])
    a, b = psutil.Process(c.pid), psinfo.Process(c.pid)
    a.name(), b.name()
    c.kill()
    c.wait()
    for p in (a, b):
        with pytest.raises(NoSuchProcessOf(p)) as e:
            p.cmdline()
        check(e.value.pid == c.pid and e.value.name == "sleep"
              and str(e.value) == "process no longer exists (pid=%d, name='sleep')" % c.pid,
              "%r" % e.value)


def NoSuchProcessOf(p):
    return psutil.NoSuchProcess if isinstance(p, psutil.Process) else psinfo.NoSuchProcess


def test_identity_eq_hash(children):
    me, again = psinfo.Process(), psinfo.Process(os.getpid())
    check(me == again and hash(me) == hash(again) and not me != again, "same process")
    check(len({me, again}) == 1, "a set holds one")
    one = psinfo.Process(1)
    check(me != one and hash(me) != hash(one), "different processes")
    check(me != "x" and (me == 1) is False, "not equal to other types")
    c = children.popen(["sleep", "30"])
    p = psinfo.Process(c.pid)
    ct = p.create_time()
    c.kill()
    c.wait()
    check(p.create_time() == ct, "create_time kept after the end")
    check(not p.is_running(), "not running once ended")


def test_cpu_percent_state_per_object():
    a, b = psinfo.Process(), psinfo.Process()
    check(a.cpu_percent() == 0.0, "first call 0.0")
    t = time.monotonic()
    while time.monotonic() - t < 0.3:
        pass  # busy
    pa = a.cpu_percent()
    check(pa > 1.0, "busy: %r" % pa)  # a shared machine may give this process little CPU
    check(b.cpu_percent() == 0.0, "another object has its own state")
    check(0 <= a.cpu_percent(interval=0.05) <= 100 * (os.cpu_count() or 1), "interval")
    # process_iter(["cpu_percent"]) keeps the objects: the next call compares with it.
    psinfo.process_iter.cache_clear()
    first = {p.pid: p for p in psinfo.process_iter(["cpu_percent"])}
    check(all(p.info["cpu_percent"] == 0.0 for p in first.values()), "first iteration 0.0")
    t = time.monotonic()
    while time.monotonic() - t < 0.3:
        pass
    mine = first[os.getpid()]
    v = mine.cpu_percent()
    check(v > 1.0, "Process.cpu_percent() right after process_iter: %r" % v)
    second = {p.pid: p for p in psinfo.process_iter(["cpu_percent"])}
    check(second[os.getpid()] is mine, "the same object next time")
    psinfo.process_iter.cache_clear()
    third = {p.pid: p for p in psinfo.process_iter()}
    check(third[os.getpid()] is not mine, "cache_clear forgets")
    d = psinfo.Process().as_dict(["cpu_percent"])
    check(d == {"cpu_percent": 0.0}, "as_dict first cpu_percent %r" % d)


def test_as_dict_and_process_iter_attrs(children):
    me = psinfo.Process()
    d = me.as_dict(["pid", "name", "username", "memory_info"])
    check(list(d) == ["pid", "name", "username", "memory_info"], "order %r" % list(d))
    ref = psutil.Process().as_dict(["pid", "name", "username"])
    check(all(d[k] == ref[k] for k in ref), "%r vs %r" % (d, ref))
    with me.oneshot():
        with me.oneshot():
            check(me.name() == ref["name"], "nested oneshot")
        check(me.ppid() == os.getppid(), "oneshot ppid")
    one = [p for p in psinfo.process_iter(["environ", "name"], ad_value="DENIED")
           if p.pid == 1]
    if os.geteuid() != 0:
        check(one and one[0].info["environ"] == "DENIED", "ad_value for pid 1's environ")
    rows = list(psinfo.process_iter(["pid", "name"]))
    check(all(p.info["pid"] == p.pid for p in rows), "info pid")
    check([p.pid for p in rows] == sorted(p.pid for p in rows), "sorted by pid")


def test_wait_signal_enum_children_popen(children):
    c = children.popen(["sleep", "30"])
    p = psinfo.Process(c.pid)
    p.terminate()
    rc = p.wait(5)
    theirs = psutil.Process  # compare the type name with psutil's
    check(rc == -signal.SIGTERM and type(rc).__name__ == "Negsignal"
          and rc.name == "SIGTERM", "wait -> %r" % (rc,))
    check(p.wait() is rc, "kept")
    with pytest.raises(psinfo.TimeoutExpired) as e:
        psinfo.Process(children.popen(["sleep", "30"]).pid).wait(0.05)
    check(e.value.seconds == 0.05 and e.value.pid is not None, "TimeoutExpired %r" % e.value)
    del theirs
    # children(recursive=True): a shell with a child of its own.
    sh = children.popen(["sh", "-c", "sleep 30 & wait"])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not psutil.Process(sh.pid).children():
        time.sleep(0.02)
    me = psinfo.Process()
    flat = {q.pid for q in me.children()}
    deep = {q.pid for q in me.children(recursive=True)}
    ref = {q.pid for q in psutil.Process().children(recursive=True)}
    check(sh.pid in flat and deep == ref and deep > flat, "children %r %r %r"
          % (flat, deep, ref))
    # Popen: a Process with subprocess.Popen's attributes.
    with psinfo.Popen([sys.executable, "-c", "import sys; print(sys.stdin.read())"],
                      stdin=subprocess.PIPE, stdout=subprocess.PIPE) as pp:
        check(pp.name().startswith("python") and pp.ppid() == os.getpid(), "Popen's Process")
        out = pp.communicate(b"hi")[0]
        check(out.strip() == b"hi", "Popen.communicate %r" % out)
    check(pp.returncode == 0 and pp.wait() == 0, "Popen returncode %r" % pp.returncode)


def test_wait_procs(children):
    with pytest.raises(TypeError):
        psinfo.wait_procs([psinfo.Process()], timeout=0, callback=1)
    procs = [psinfo.Process(children.popen(["sleep", t]).pid) for t in ("0", "30")]
    seen = []
    gone, alive = psinfo.wait_procs(procs, timeout=1, callback=seen.append)
    check([p.pid for p in gone] == [procs[0].pid] and alive == [procs[1]], "%r %r"
          % (gone, alive))
    check(seen == gone and gone[0].returncode == 0, "callback %r" % seen)
    alive[0].kill()

    def boom(p):
        raise RuntimeError("from the callback")
    with pytest.raises(RuntimeError):
        psinfo.wait_procs(alive, timeout=5, callback=boom)
