"""psutil 8's additions to the namespace (Debian's psutil 5.9.4 has none of them): the enum
classes whose members are the constants, bytes2human() and Process.attrs. Compared with
psutil 5.9.4's values, Python's resource module and psutil 8's documentation."""

import resource
import socket

import pytest

from conftest import check, load_psinfo

psinfo = load_psinfo()
psutil = pytest.importorskip("psutil")


def test_process_status_members():
    # psutil 8's ProcessStatus: 5.9.4's STATUS_* strings, plus two it lacks (psutil 8 docs).
    old = {n: getattr(psutil, n) for n in dir(psutil) if n.startswith("STATUS_")}
    members = dict(psinfo.ProcessStatus.__members__)
    check(set(members) == set(old) | {"STATUS_SUSPENDED", "STATUS_WAKE_KILL"},
          "ProcessStatus: %s" % sorted(set(members) ^ set(old)))
    for n, v in old.items():
        check(members[n] == v and getattr(psinfo, n) is members[n], "%s: %r" % (n, members[n]))
    check(psinfo.STATUS_SUSPENDED == "suspended" and psinfo.STATUS_WAKE_KILL == "wake-kill",
          "suspended / wake-kill")
    check(isinstance(psinfo.STATUS_RUNNING, str) and str(psinfo.STATUS_RUNNING) == "running",
          "a StrEnum member is its string: %r" % str(psinfo.STATUS_RUNNING))


def test_status_is_a_member_and_psutils():
    for pid in psutil.pids()[:40]:
        try:
            want = psutil.Process(pid).status()
            got = psinfo.Process(pid).status()
        except (psutil.NoSuchProcess, psinfo.NoSuchProcess):
            continue
        check(type(got) is psinfo.ProcessStatus, "pid %d: %r" % (pid, got))
        if want not in ("running", "sleeping", "disk-sleep"):  # a state that can change
            check(got == want, "pid %d: %r, psutil %r" % (pid, got, want))
    info = next(psinfo.process_iter(["status"])).info
    check(type(info["status"]) is psinfo.ProcessStatus, "process_iter: %r" % info)
    check("status='running'" in repr(psinfo.Process()), repr(psinfo.Process()))


def test_connection_status_members():
    old = {n: getattr(psutil, n) for n in psutil.__all__ if n.startswith("CONN_")}
    members = dict(psinfo.ConnectionStatus.__members__)
    check(members == old, "ConnectionStatus: %s" % sorted(set(members) ^ set(old)))
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    cli = socket.create_connection(srv.getsockname())
    acc, _ = srv.accept()
    try:
        ports = {srv.getsockname()[1], cli.getsockname()[1]}
        mine = [c for c in psinfo.Process().net_connections()
                if c.laddr and c.laddr.port in ports]
        theirs = {(c.laddr, c.raddr): c.status for c in psutil.Process().connections()
                  if c.laddr and c.laddr.port in ports}
        check(len(mine) == 3 and len(theirs) == 3, "%r / %r" % (mine, theirs))
        for c in mine:
            check(type(c.status) is psinfo.ConnectionStatus, repr(c))
            check(c.status == theirs[(tuple(c.laddr), tuple(c.raddr) if c.raddr else ())],
                  "%r, psutil %r" % (c, theirs))
    finally:
        for s in (acc, cli, srv):
            s.close()


def test_int_enums_are_psutils():
    from psutil import _common, _pslinux
    for ours, theirs in ((psinfo.NicDuplex, _common.NicDuplex),
                         (psinfo.BatteryTime, _common.BatteryTime),
                         (psinfo.ProcessIOPriority, _pslinux.IOPriority)):
        got = {m.name: m.value for m in ours}
        want = {m.name: m.value for m in theirs}
        check(got == want, "%s: %r, psutil %r" % (ours.__name__, got, want))
        for m in ours:
            check(getattr(psinfo, m.name) is m, m.name)


def test_process_rlimit_is_resources():
    # psutil 8's members are its C module's RLIM* names: 5.9.4's constants; the numbers are
    # also Python's resource module's where it has the name (it lacks RLIMIT_LOCKS).
    names = {n for n in psutil.__all__ if n.startswith("RLIM")}
    got = {m.name: m.value for m in psinfo.ProcessRlimit}
    check(set(got) == names, "ProcessRlimit vs psutil: %s" % sorted(set(got) ^ names))
    for n in names & set(got):
        check(got[n] == getattr(psutil, n), "%s: %d, psutil %d" % (n, got[n], getattr(psutil, n)))
        check(got[n] == getattr(resource, n, got[n]), "%s: %d, resource %s"
              % (n, got[n], getattr(resource, n, None)))
    check(psinfo.Process().rlimit(psinfo.ProcessRlimit.RLIMIT_NOFILE)
          == resource.getrlimit(resource.RLIMIT_NOFILE), "rlimit(RLIMIT_NOFILE)")


def test_bytes2human():
    # psutil 8's documented examples, then psutil 5.9.4's own (internal) bytes2human.
    check(psinfo.bytes2human(10000) == "9.8K", psinfo.bytes2human(10000))
    check(psinfo.bytes2human(100001221) == "95.4M", psinfo.bytes2human(100001221))
    from psutil._common import bytes2human
    for n in (0, 1, 1023, 1024, 1025, 10 ** 6, 2 ** 30 - 1, 2 ** 30, 5 * 2 ** 40, 2 ** 60,
              2 ** 80, 2 ** 90, 123456789012345):
        check(psinfo.bytes2human(n) == bytes2human(n),
              "%d: %r, psutil %r" % (n, psinfo.bytes2human(n), bytes2human(n)))
    # psutil 8 scales a negative n by its absolute value (5.9.4 printed '-2048.0B').
    check(psinfo.bytes2human(-2048) == "-2.0K", psinfo.bytes2human(-2048))


def test_process_attrs():
    attrs = psinfo.Process.attrs
    check(type(attrs) is frozenset, type(attrs))
    # psutil 8's attrs are its as_dict() keys: 5.9.4's, with psutil 8's renames.
    want = set(psutil.Process().as_dict()) - {"connections", "memory_full_info"} | {
        "net_connections", "page_faults", "memory_info_ex", "memory_footprint"}
    check(attrs == want, "Process.attrs: %s" % sorted(attrs ^ want))
    p = psinfo.Process()
    check(set(p.as_dict()) == attrs, "as_dict() keys")
    sub = attrs - {"memory_maps", "memory_footprint"}
    check(set(p.as_dict(attrs=sub)) == sub, "as_dict(attrs=Process.attrs - {...})")
    for proc in psinfo.process_iter(attrs=psinfo.Process.attrs - {"net_connections"}):
        check(set(proc.info) == attrs - {"net_connections"}, sorted(proc.info))
        break


# ---- the names psutil has on each system ------------------------------------------------------
# Written from psutil 8's source (psutil/__init__.py defines each of these only when its platform
# module has it: _pslinux.py, _pswindows.py, _psosx.py, _psbsd.py; POSIX-only methods under
# `if POSIX:`; heap_info in _psutil_bsd.c for FreeBSD and NetBSD only).
# Per system, the names of that kind psutil 8 does not have there:
PSUTIL8_ABSENT = {
    "linux": {"Process.num_handles"},
    "windows": {"Process.uids", "Process.gids", "Process.terminal", "Process.num_fds",
                "Process.rlimit", "Process.cpu_num", "sensors_temperatures", "sensors_fans"},
    "macos": {"Process.num_handles", "Process.io_counters", "Process.ionice", "Process.rlimit",
              "Process.cpu_affinity", "Process.cpu_num", "Process.memory_maps",
              "sensors_temperatures", "sensors_fans"},
    "freebsd": {"Process.num_handles", "Process.ionice", "Process.memory_footprint",
                "sensors_fans"},
    "openbsd": {"Process.num_handles", "Process.ionice", "Process.rlimit", "Process.cpu_affinity",
                "Process.cpu_num", "Process.memory_maps", "Process.memory_footprint",
                "sensors_temperatures", "sensors_fans", "sensors_battery", "heap_info",
                "heap_trim"},
    "netbsd": {"Process.num_handles", "Process.ionice", "Process.rlimit", "Process.cpu_affinity",
               "Process.cpu_num", "Process.memory_maps", "Process.memory_footprint", "cpu_freq",
               "sensors_temperatures", "sensors_fans", "sensors_battery"},
}
SOMETIMES = sorted(set().union(*PSUTIL8_ABSENT.values()))
# Names every system has (a check that the removal takes only what it should).
EVERYWHERE = ("Process.environ", "Process.threads", "Process.open_files", "Process.page_faults",
              "Process.memory_info_ex", "Process.memory_full_info", "Process.net_connections",
              "cpu_times", "getloadavg", "net_connections", "pids", "disk_usage")
SYSTEMS = {"linux": "linux", "macos": "darwin", "freebsd": "freebsd14", "openbsd": "openbsd7",
           "netbsd": "netbsd10", "windows": "win32"}

PROBE = r"""
import json, os, sys
sys.platform = sys.argv[1]
sys.path.insert(0, sys.argv[2])
import psinfo
names = json.loads(sys.argv[3])
def has(n):
    obj = psinfo
    for part in n.split("."):
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True
print(json.dumps({"has": {n: has(n) for n in names}, "all": sorted(psinfo.__all__),
                  "attrs": sorted(psinfo.Process.attrs),
                  "all_defined": all(hasattr(psinfo, n) for n in psinfo.__all__)}))
"""


def probe(platform):
    """The package imported with sys.platform set to platform (on this machine's library)."""
    import json
    import os
    import subprocess
    import sys
    names = SOMETIMES + list(EVERYWHERE)
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run([sys.executable, "-c", PROBE, platform,
                          os.path.normpath(os.path.join(here, "..", "..", "python")),
                          json.dumps(names)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_names_are_psutils_on_each_system(system):
    got = probe(SYSTEMS[system])
    absent = PSUTIL8_ABSENT[system]
    for name in SOMETIMES:
        check(got["has"][name] == (name not in absent),
              "%s on %s: %s, psutil 8: %s" % (name, system, got["has"][name], name not in absent))
        if "." not in name:
            check((name in got["all"]) == (name not in absent), "%s in __all__" % name)
        elif name in absent:  # Process.attrs: the methods it has
            check(name[8:] not in got["attrs"], "Process.attrs on %s holds %s" % (system, name))
    for name in EVERYWHERE:
        check(got["has"][name], "%s on %s" % (name, system))
    check(got["all_defined"], "every name of __all__ is defined on %s" % system)


def test_names_on_this_linux_are_psutil_5_9_4s():
    # The live check: here, every name of the table that psutil 5.9.4 has, psinfo has.
    for name in SOMETIMES + list(EVERYWHERE):
        obj_p, obj_q = psutil, psinfo
        for part in name.split("."):
            obj_p, obj_q = getattr(obj_p, part, None), getattr(obj_q, part, None)
        if obj_p is not None:
            check(obj_q is not None, "%s: psutil 5.9.4 has it, psinfo not" % name)


FREEBSD_RLIMITS = {  # FreeBSD 14's <sys/resource.h>; psutil exports these (arch/posix/init.c)
    "RLIMIT_CPU": 0, "RLIMIT_FSIZE": 1, "RLIMIT_DATA": 2, "RLIMIT_STACK": 3, "RLIMIT_CORE": 4,
    "RLIMIT_RSS": 5, "RLIMIT_MEMLOCK": 6, "RLIMIT_NPROC": 7, "RLIMIT_NOFILE": 8,
    "RLIMIT_SBSIZE": 9, "RLIMIT_AS": 10, "RLIMIT_NPTS": 11, "RLIMIT_SWAP": 12,
    "RLIM_INFINITY": 2 ** 63 - 1}

RLIMIT_PROBE = r"""
import json, resource, sys
sys.platform = "freebsd14"
sys.path.insert(0, sys.argv[1])
import psinfo
p = psinfo.Process()
got = {"members": {m.name: int(m) for m in psinfo.ProcessRlimit},
       "consts": {n: getattr(psinfo, n, None) for n in json.loads(sys.argv[2])},
       "cpu": list(p.rlimit(psinfo.RLIMIT_CPU)), "stack": list(p.rlimit(psinfo.RLIMIT_STACK))}
soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
if hard == resource.RLIM_INFINITY:  # unlimited back to unlimited, by FreeBSD's RLIM_INFINITY
    p.rlimit(psinfo.RLIMIT_CPU, (psinfo.RLIM_INFINITY, psinfo.RLIM_INFINITY))
    got["set"] = list(resource.getrlimit(resource.RLIMIT_CPU))
print(json.dumps(got))
"""


def test_rlimit_on_freebsd_is_psutils():
    # psutil on FreeBSD: ProcessRlimit with FreeBSD's numbers, RLIM_INFINITY 2**63 - 1 (its C
    # module returns rlim_t as is), which rlimit() gives and takes for unlimited.
    import json
    import os
    import subprocess
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run([sys.executable, "-c", RLIMIT_PROBE,
                          os.path.normpath(os.path.join(here, "..", "..", "python")),
                          json.dumps(sorted(FREEBSD_RLIMITS))],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout)
    check(got["members"] == FREEBSD_RLIMITS, "ProcessRlimit: %r" % got["members"])
    check(got["consts"] == FREEBSD_RLIMITS, "the constants: %r" % got["consts"])
    # This Linux's values through the FreeBSD mapping (RLIMIT_CPU and RLIMIT_STACK have the
    # same numbers on both): unlimited is 2**63 - 1.
    def freebsd(v):
        return 2 ** 63 - 1 if v == resource.RLIM_INFINITY else v
    want_cpu = [freebsd(v) for v in resource.getrlimit(resource.RLIMIT_CPU)]
    want_stack = [freebsd(v) for v in resource.getrlimit(resource.RLIMIT_STACK)]
    check(got["cpu"] == want_cpu, "rlimit(RLIMIT_CPU) %r, resource %r" % (got["cpu"], want_cpu))
    check(got["stack"] == want_stack, "rlimit(RLIMIT_STACK) %r, resource %r"
          % (got["stack"], want_stack))
    if "set" in got:
        check(got["set"] == [resource.RLIM_INFINITY] * 2, "set to RLIM_INFINITY: %r" % got["set"])
