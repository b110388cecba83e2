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
