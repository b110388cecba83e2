"""psinfo's process methods (through the process_json driver) against psutil 5.9.4 on the same
PIDs: children made here (odd names, exec'd argv with non-UTF-8 bytes, a zombie, a stopped
child, threads, a deleted exe) and PID 1. Known psutil 5.9.4 vs 8 differences are named where
they apply.
"""
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import types

import pytest

from conftest import Children, built, wait_state

psutil = pytest.importorskip("psutil")


def raw(s):
    """psinfo's JSON strings carry bytes as the characters U+0000..U+00FF; psutil's use
    surrogateescape."""
    return s.encode("latin-1")


def praw(s):
    return s.encode("utf-8", "surrogateescape")


def ours(*args):
    out = subprocess.run([built("PSINFO_PROCESS_JSON", "the process_json driver"), *map(str, args)],
                         capture_output=True, check=True)
    return [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]


def err_kind(e):
    if isinstance(e, psutil.ZombieProcess):
        return "zombie_process"
    if isinstance(e, psutil.NoSuchProcess):
        return "no_such_process"
    if isinstance(e, psutil.AccessDenied):
        return "access_denied"
    return "error"


def compare(checks, pid, mine, label, zombie=False, moving=False):
    p = psutil.Process(pid)

    def theirs(method):
        try:
            return getattr(p, method)()
        except Exception as e:  # noqa: BLE001
            return {"error": err_kind(e)}

    def same(method, conv_ours=lambda v: v, conv_theirs=lambda v: v, tol=None):
        a, b = mine[method], theirs(method)
        if isinstance(a, dict) and "error" in a or isinstance(b, dict) and "error" in b:
            checks.check(a == b, f"{label} pid {pid} {method}: psinfo {a!r} psutil {b!r}")
            return
        a, b = conv_ours(a), conv_theirs(b)
        if tol is None:
            checks.check(a == b, f"{label} pid {pid} {method}: psinfo {a!r} psutil {b!r}")
        else:
            ok = all(abs(x - y) <= tol for x, y in zip(a, b)) and len(a) == len(b)
            checks.check(ok, f"{label} pid {pid} {method}: psinfo {a!r} psutil {b!r}")

    same("ppid")
    same("name", raw, praw)
    same("status")
    same("username")
    same("uids", list, list)
    same("gids", list, list)
    same("terminal")
    same("num_threads")
    same("create_time", lambda v: [v], lambda v: [v], tol=1e-6)
    same("cpu_times",
         lambda v: [v["user"], v["system"], v["children_user"], v["children_system"]],
         lambda v: list(v[:4]), tol=0.05 if moving else 1e-9)
    # psutil 5.9.4 memory_info has 7 fields (lib, dirty too); psutil 8 / psinfo: 5.
    if not moving:
        same("memory_info", lambda v: [v["rss"], v["vms"], v["shared"], v["text"], v["data"]],
             lambda v: [v.rss, v.vms, v.shared, v.text, v.data])
        same("io_counters", list, list)
        same("num_ctx_switches", list, list)
        same("num_fds")
        same("threads", lambda v: [t[0] for t in v], lambda v: [t.id for t in v])
    if zombie:
        # psutil 8 raises ZombieProcess; 5.9.4 returns [] and "" (named difference)
        checks.check(mine["cmdline"] == {"error": "zombie_process"} and p.cmdline() == [],
                     f"{label} zombie cmdline: {mine['cmdline']} / 5.9.4 {p.cmdline()}")
        checks.check(mine["exe"] == {"error": "zombie_process"} and p.exe() == "",
                     f"{label} zombie exe: {mine['exe']}")
        checks.check(mine["cwd"] == {"error": "zombie_process"}, f"{label} zombie cwd: {mine['cwd']}")
    else:
        same("cmdline", lambda v: [raw(x) for x in v], lambda v: [praw(x) for x in v])
        same("exe", raw, praw)
        same("cwd", raw, praw)
        same("environ", lambda v: {raw(k): raw(x) for k, x in v.items()},
             lambda v: {praw(k): praw(x) for k, x in v.items()})


@pytest.fixture(scope="module")
def kids(tmp_path_factory):
    """The children, in the states the tests compare, and psinfo's answers for them and PID 1."""
    tmp = str(tmp_path_factory.mktemp("psinfo-diff-"))
    c = Children()
    kids = []
    try:
        # exec'd argv with non-UTF-8 bytes and spaces; long exe name
        longexe = os.path.join(tmp, "averyveryverylongname")
        shutil.copy("/bin/sleep", longexe)
        kids.append(("long name", c.popen([longexe, "1000"])))
        kids.append(("odd argv", c.popen([b"sl\xffeep x) (y", b"1000"], executable="/bin/sleep",
                                         cwd=tmp, env={"A": "1", "B\xe9": "x=y"})))
        # deleted exe
        delexe = os.path.join(tmp, "del me")
        shutil.copy("/bin/sleep", delexe)
        kids.append(("deleted exe", c.popen([delexe, "1000"])))
        # threads
        kids.append(("threads", c.popen(
            [sys.executable, "-c",
             "import threading,time\n"
             "for _ in range(3): threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()\n"
             "time.sleep(1000)"])))
        # stopped
        stopped = c.popen(["/bin/sleep", "1000"])
        kids.append(("stopped", stopped))
        # odd names through prctl(PR_SET_NAME)
        named = {}
        libc = ctypes.CDLL(None, use_errno=True)
        for nm in [b"a b", b"x)y (z", b"new\nline", b"\xff\xfe bad", b"abcdefghijklmnopq"]:
            pid = c.fork(lambda nm=nm: (libc.prctl(15, ctypes.c_char_p(nm), 0, 0, 0),
                                        signal.pause()))
            named[pid] = nm
        # zombie
        zpid = c.fork()

        for _, k in kids:
            wait_state(k.pid, "S")
        os.unlink(delexe)
        for pid in named:
            wait_state(pid, "S")
        stopped.send_signal(signal.SIGSTOP)
        states = {"stopped": wait_state(stopped.pid, "T"), "zombie": wait_state(zpid, "Z")}
        end = time.time() + 5
        while psutil.Process(kids[3][1].pid).num_threads() < 4 and time.time() < end:
            time.sleep(0.01)

        pids = [k.pid for _, k in kids] + list(named) + [zpid, 1]
        mine = {d["pid"]: d for d in ours(*pids)}
        yield types.SimpleNamespace(kids=kids, named=named, zpid=zpid, stopped=stopped,
                                    pids=pids, mine=mine, states=states)
    finally:
        c.close()


def test_methods_of_children_and_pid_1(kids, checks):
    mine = kids.mine
    checks.check(kids.states["stopped"], "stopped child")
    checks.check(kids.states["zombie"], "zombie child")
    for label, k in kids.kids:
        compare(checks, k.pid, mine[k.pid], label)
    for pid, nm in kids.named.items():
        compare(checks, pid, mine[pid], f"prctl {nm!r}")
    compare(checks, kids.zpid, mine[kids.zpid], "zombie", zombie=True)
    compare(checks, 1, mine[1], "pid 1", moving=True)
    checks.check(mine[kids.stopped.pid]["status"] == "stopped", "stopped status")
    checks.check(mine[kids.kids[2][1].pid]["exe"].endswith("del me"), "deleted exe path")
    checks.check(raw(mine[kids.kids[0][1].pid]["name"]) == b"averyveryverylongname", "long name")
    checks.check(len(mine[kids.kids[3][1].pid]["threads"]) == 4, "threads count")


def test_snapshot_of_children(kids, checks):
    """The bulk snapshot vs psutil.process_iter with the same attrs, for our children."""
    attrs = ["pid", "name", "username", "cpu_times", "memory_info", "status",
             "num_threads", "cmdline"]
    snap = {d["pid"]: d for d in ours("--snapshot")}
    theirs = {p.info["pid"]: p.info for p in psutil.process_iter(attrs)}
    zpid = kids.zpid
    for pid in kids.pids:
        if pid == 1:
            continue
        a, b = snap.get(pid), theirs.get(pid)
        checks.check(a is not None and b is not None, f"snapshot has pid {pid}")
        if a is None or b is None:
            continue
        checks.check(raw(a["name"]) == praw(b["name"]), f"snapshot {pid} name {a['name']!r}")
        checks.check(a["username"] == b["username"], f"snapshot {pid} username")
        checks.check(a["status"] == b["status"], f"snapshot {pid} status")
        checks.check(a["num_threads"] == b["num_threads"], f"snapshot {pid} num_threads")
        checks.check(a["memory_info"]["rss"] == b["memory_info"].rss, f"snapshot {pid} rss")
        if pid == zpid:  # psutil 8: ZombieProcess -> None; 5.9.4: []
            checks.check(a["cmdline"] is None and b["cmdline"] == [], "snapshot zombie cmdline")
        else:
            checks.check([raw(x) for x in a["cmdline"]] == [praw(x) for x in b["cmdline"]],
                         f"snapshot {pid} cmdline")
