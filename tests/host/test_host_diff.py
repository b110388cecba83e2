"""psinfo's boot_time and users (through its CLI's --json) against psutil itself (Debian's
python3-psutil 5.9.4 of /usr/bin/python3): live, on recorded /proc trees (psutil.PROCFS_PATH),
on a utmp file written by the test (both read it in a mount namespace with a tmpfs over /run),
and on the trees of scripts/record-fixture.sh. psinfo follows psutil 8 where the two differ;
each such difference is named (conftest.KNOWN).
"""
import json
import os
import struct
import subprocess

import pytest

from conftest import PYTHON, is_num, load_expected, recorded_trees, trees

psutil = pytest.importorskip("psutil")


# ---- live -----------------------------------------------------------------------------------

def test_boot_time_live(checks, cli):
    b = psutil.boot_time()
    ours = cli("boot_time")
    a = psutil.boot_time()
    checks.bracket("live boot_time", b, a, ours,
                   rule="between psutil before/after (btime may step with the clock)")


def test_users_live(checks, cli):
    ps = psutil.users()
    ours = cli("users")
    if not checks.compare("live users count", isinstance(ours, list) and len(ours) == len(ps), len(ps),
                          len(ours) if isinstance(ours, list) else ours, "exact"):
        return
    if not ps:
        print("note  nobody is logged in (utmp has no USER_PROCESS entry): users compared as []")
    for i, (p, o) in enumerate(zip(ps, ours)):
        w = f"live users[{i}]"
        if not checks.same_keys(w, p._fields, o):
            continue
        for f in ("name", "terminal", "pid"):
            checks.compare(f"{w}.{f}", getattr(p, f) == o[f], getattr(p, f), o[f], "exact")
        if p.host == "" and o["host"] == "localhost":
            checks.known_diff("users.host", f"{w}.host", p.host, o["host"])
        else:
            checks.compare(f"{w}.host", p.host == o["host"], p.host, o["host"], "exact")
        if p.started == o["started"]:
            checks.compare(f"{w}.started", True, p.started, o["started"], "exact")
        elif is_num(o["started"]) and p.started % 128 == 0 and abs(p.started - o["started"]) <= 64:
            checks.known_diff("users.started", f"{w}.started", p.started, o["started"])
        else:
            checks.compare(f"{w}.started", False, p.started, o["started"], "exact or float32-rounded by 5.9.4")


# ---- trees ----------------------------------------------------------------------------------

@pytest.mark.parametrize("tree", trees(shared=["procfs", "node-exporter"],
                                       own=["old-kernel", "stat-extra-column"]), indirect=True)
def test_boot_time_on_tree(tree, checks, cli, psutil_procfs):
    proc = os.path.join(tree, "proc")
    with psutil_procfs(proc):
        ps = psutil.boot_time()
    checks.exact(f"tree {os.path.basename(tree)} boot_time", ps, cli.on(procfs=proc)("boot_time"))


@pytest.mark.parametrize("tree", recorded_trees())
def test_boot_time_on_recorded_tree(tree, checks, cli):
    exp = load_expected(tree)
    c = cli.on(procfs=os.path.join(tree, "proc"), sysfs=os.path.join(tree, "sys"))
    checks.exact(f"recorded {os.path.basename(tree)} boot_time", exp["boot_time"], c("boot_time"))


# ---- users on a written utmp ----------------------------------------------------------------
# Nobody may be logged in here, so users() is also compared on a utmp file written by this
# test: both tools read it in a child in its own mount namespace, with a tmpfs over /run.

UTMP_FMT = "<hxxi32s4s32s256shhiii4i20s"  # glibc x86-64/aarch64 struct utmp, 384 bytes
USER_PROCESS, DEAD_PROCESS = 7, 8
UTMP_ENTRIES = [
    # type, pid, line, id, user, host, started
    (USER_PROCESS, 1234, b"pts/0", b"ts/0", b"alice", b"", 1700000000),          # local: '' vs localhost
    (USER_PROCESS, 1300, b"tty7", b"7", b"bob", b":0", 1700000128),              # X display: localhost
    (USER_PROCESS, 1400, b"", b"x1", b"carol", b"203.0.113.9", 1700000123),      # no tty: terminal null
    (DEAD_PROCESS, 1500, b"pts/1", b"ts/1", b"", b"", 1700000200),               # not a session
    (USER_PROCESS, 1600, b"pts/2", b"ts/2", b"u" * 32, b"h" * 256, 1700000255),  # full-width, no NUL
]


def write_utmp(path):
    with open(path, "wb") as f:
        for typ, pid, line, uid, user, host, sec in UTMP_ENTRIES:
            f.write(struct.pack(UTMP_FMT, typ, pid, line, uid, user, host, 0, 0, 0, sec, 0,
                                0, 0, 0, 0, b""))


# Run inside the namespace: psutil's and psinfo's users() as JSON.
USERS_DUMP = r"""
import json, subprocess, sys
import psutil
ps = [u._asdict() for u in psutil.users()]
r = subprocess.run([sys.argv[1], "users", "--json"], capture_output=True, text=True)
print(json.dumps({"psutil": ps, "psinfo": json.loads(r.stdout) if r.returncode == 0 else r.stderr}))
"""


def test_users_on_written_utmp(checks, cli, tmp_path):
    if struct.calcsize(UTMP_FMT) != 384 or os.uname().machine not in ("x86_64", "aarch64"):
        pytest.skip("users on a written utmp: struct layout not known for this machine")
    utmp = os.path.join(tmp_path, "utmp")
    write_utmp(utmp)
    cmd = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
           'mount -t tmpfs psinfo-diff /run && cp "$1" /run/utmp && exec "$2" -c "$3" "$4"',
           "sh", utmp, PYTHON, USERS_DUMP, cli.path]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs over /run ({r.stderr.strip()})")
    d = json.loads(r.stdout)
    ps, ours = d["psutil"], d["psinfo"]
    w = "utmp fixture users"
    if not checks.compare(f"{w} count", isinstance(ours, list) and len(ours) == len(ps) == 4, len(ps),
                          ours if not isinstance(ours, list) else len(ours), "exact (4 USER_PROCESS entries)"):
        return
    for i, (p, o) in enumerate(zip(ps, ours)):
        wi = f"{w}[{i}]"
        if not checks.same_keys(wi, list(p), o):
            continue
        for f in ("name", "terminal", "pid"):
            if (f == "name" and o[f] == "u" * 32 and p[f] != o[f] and p[f].startswith(o[f])):
                checks.known_diff("users.name32", f"{wi}.name", p[f], o[f])
                continue
            checks.compare(f"{wi}.{f}", p[f] == o[f], p[f], o[f], "exact")
        if p["host"] == "" and o["host"] == "localhost":
            checks.known_diff("users.host", f"{wi}.host", p["host"], o["host"])
        else:
            checks.compare(f"{wi}.host", p["host"] == o["host"], p["host"], o["host"], "exact")
        sec = [e for e in UTMP_ENTRIES if e[0] == USER_PROCESS][i][6]
        # psinfo: the recorded second exactly. psutil 5.9.4: that value through a C float.
        checks.compare(f"{wi}.started", o["started"] == float(sec), float(sec), o["started"],
                       "exact: the seconds written")
        f32 = struct.unpack("f", struct.pack("f", sec))[0]
        if p["started"] == o["started"]:
            checks.compare(f"{wi}.started vs psutil", True, p["started"], o["started"], "exact")
        elif p["started"] == f32:
            checks.known_diff("users.started", f"{wi}.started", p["started"], o["started"])
        else:
            checks.compare(f"{wi}.started vs psutil", False, p["started"], o["started"],
                           "exact or psutil's float32 rounding of it")
