"""`psinfo ps` against procps ps on processes the test starts (a sleeper, a niced one, one with
threads, a zombie, pid 1): the -o columns, TIME and STATUS of the default layout, the
selections, --sort and --json."""
import json
import os
import re
import subprocess
import time

import pytest

from conftest import PYTHON as PY, run_cli as run
from cli_helpers import ok, tool

COLUMNS = "pid,ppid,user,uid,%cpu,%mem,vsz,rss,tty,stat,start,time,nice,nlwp,s,comm,args"
HOLDER = """
import os, sys, threading, time
z = os.fork()
if z == 0:
    os._exit(3)
ev = threading.Event()
for _ in range(3):
    threading.Thread(target=ev.wait, daemon=True).start()
print(z, flush=True)
time.sleep(300)
"""


@pytest.fixture
def subjects(children):
    """PIDs: a sleeper, a niced sleeper, a python with threads, its zombie child."""
    a = children.sleeper()
    b = children.start(["nice", "-n", "7", "sleep", "300"])
    h = children.start([PY, "-c", HOLDER, "one arg", "two\targs"], stdout=subprocess.PIPE,
                       text=True)
    zombie = int(h.stdout.readline())
    for _ in range(100):  # the zombie, and the threads
        with open("/proc/%d/stat" % zombie) as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                break
        time.sleep(0.02)
    time.sleep(0.2)
    return [a.pid, b.pid, h.pid, zombie]


def table(text, ncols):
    """Rows of ps output, split in `ncols` cells (the last keeps its blanks)."""
    return [l.split(None, ncols - 1) for l in text.splitlines()]


def test_o_columns_match_procps(subjects):
    pids = ",".join(map(str, subjects))
    n = len(COLUMNS.split(","))
    want = table(tool("ps", "-o", COLUMNS, "-p", pids), n)
    got = table(ok("ps", "-o", COLUMNS, "-p", pids), n)
    assert got[0] == want[0]  # procps's headers
    assert [r[0] for r in got] == [r[0] for r in want]
    heads = want[0]
    for w, g in zip(want[1:], got[1:]):
        for h, a, b in zip(heads, w, g):
            if h == "STAT":
                # procps adds s (session leader), + (foreground), L (locked pages).
                assert b[0] == a[0] and set(b[1:]) == set(a[1:]) - set("s+L"), (w, g)
            elif h == "STARTED" and ":" in a:
                # procps dates a start from its own reading of the boot time: a second apart
                # at most.
                secs = lambda t: sum(int(x) * m for x, m in zip(t.split(":"), (3600, 60, 1)))  # noqa: E731
                assert abs(secs(a) - secs(b)) in (0, 1, 86399), (w, g)
            elif h == "%CPU":
                # CPU time over the time alive: these are young, psinfo reads after ps (a
                # longer time alive, a lower %CPU) and a sanitizer build reads slowly.
                assert float(a) * 0.4 - 0.1 <= float(b) <= float(a) + 0.1, (w, g)
            else:
                assert a == b, "%s: procps %r, psinfo %r (%r / %r)" % (h, a, b, w, g)


def test_default_layout_time_and_status(subjects):
    zombie = subjects[-1]
    out = ok("ps", "-p", "1,%d" % zombie)
    lines = out.splitlines()
    assert lines[0].split() == ["USER", "PID", "%MEM", "VSZ", "RSS", "NICE", "STATUS", "START",
                                "TIME", "CMDLINE"]
    rows = {int(l.split()[1]): l for l in lines[1:]}
    assert " zombie " in rows[zombie]  # not cut to "zombi"
    # TIME is pid 1's own CPU time, as ps -o time says (not with its children's).
    t = [c for c in rows[1].split() if re.fullmatch(r"(\d+:)?\d\d:\d\d", c)][-1]
    parts = [int(x) for x in t.split(":")]
    mine = sum(v * 60 ** i for i, v in enumerate(reversed(parts)))
    h, m, s = (int(x) for x in tool("ps", "-o", "time=", "-p", "1").strip().split("-")[-1]
               .split(":"))
    assert abs(mine - (h * 3600 + m * 60 + s)) <= 1, (t, mine)


def test_selection(subjects):
    me = os.getpid()
    kids = sorted(subjects[:3])
    got = [int(l.split()[0]) for l in ok("ps", "-o", "pid", "--ppid", me).splitlines()[1:]]
    assert kids == sorted(p for p in got if p in kids) and set(kids) <= set(got)
    got = [int(l) for l in ok("ps", "-o", "pid=" if False else "pid", "-p",
                              "%d,%d" % (kids[0], kids[1]), "-p", kids[2]).split()[1:]]
    assert got == kids
    # -u: by name or by user ID, as ps -u; each process listed is the user's (/proc says so;
    # other tests may start and end processes meanwhile, so the two lists are not compared).
    user = tool("ps", "-o", "user=", "-p", str(kids[0])).strip()
    uid = os.getuid()
    for u in (user, str(uid)):
        got = {int(l.split()[0]) for l in ok("ps", "-o", "pid", "-u", u).splitlines()[1:]}
        want = {int(x) for x in tool("ps", "-o", "pid=", "-u", u).split()}
        assert set(kids) <= got and set(kids) <= want, u
        for pid in got:
            try:
                with open("/proc/%d/status" % pid) as f:
                    ids = re.search(r"^Uid:\s+(\d+)\s+(\d+)", f.read(), re.M).groups()
            except OSError:
                continue  # gone since
            assert str(uid) in ids, (u, pid, ids)
    # -e: every process, whatever else selects.
    every = ok("ps", "-e", "-p", "1", "-o", "pid").splitlines()
    assert len(every) > 10


def test_sort(subjects):
    out = ok("ps", "-eo", "pid,rss", "--sort", "-rss,pid")
    rss = [int(l.split()[1]) for l in out.splitlines()[1:]]
    assert rss == sorted(rss, reverse=True)
    out = ok("ps", "-e", "-o", "pid,nice", "--sort=nice", "--sort", "-pid")
    rows = [tuple(int(c) if c.lstrip("-").isdigit() else 0 for c in l.split())
            for l in out.splitlines()[1:]]
    assert rows == sorted(rows, key=lambda r: (r[1], -r[0]))


def test_json(subjects):
    psutil = pytest.importorskip("psutil")
    pid = subjects[2]
    v = json.loads(ok("ps", "-p", pid, "-o", "pid,user,rss,nlwp,comm", "--json"))
    assert len(v) == 1 and v[0]["pid"] == pid
    assert set(v[0]) == {"pid", "name", "username", "uids", "num_threads", "memory_info"}
    p = psutil.Process(pid)
    assert v[0]["name"] == p.name() and v[0]["num_threads"] == p.num_threads()
    assert v[0]["username"] == p.username() and v[0]["memory_info"]["rss"] > 0


def test_usage_errors():
    for args in (["-o", "bogus"], ["-p", "x"], ["-p", "99999999999"], ["--ppid", "-1"],
                 ["--sort", "nope"], ["-o"]):
        rc, out, err = run("ps", *args)
        assert rc == 2 and out == "" and err.count("\n") == 1 and "ps --help" in err, (args, err)
