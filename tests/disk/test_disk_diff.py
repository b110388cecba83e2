"""psinfo's disk functions (through its CLI's --json) against psutil (Debian's python3-psutil
5.9.4) pointed at the same fixture trees with psutil.PROCFS_PATH, on the live machine, and on
the trees of scripts/record-fixture.sh (against the psutil results recorded with them).

psutil reads /sys/block from the real /sys; for the comparisons where that matters (the total of
disk_io_counters, the /sys/block fallback) psutil runs inside `unshare --mount` with the tree's
sys/ bind-mounted over /sys (skipped where that is not permitted).

Documented differences (psinfo follows psutil 8 / the project's rules):
- psutil 5.9.4's disk_partitions has 6 fields (+maxfile, maxpath): only the first 4 compared.
- a 7-field diskstats line: psutil gives 0 for the fields it lacks, psinfo leaves them absent
  (null here): compared as 0.
"""
import json
import os
import subprocess

import pytest

from conftest import PYTHON, can_bind_sys, load_expected, recorded_trees

psutil = pytest.importorskip("psutil")

PART_FIELDS = ("device", "mountpoint", "fstype", "opts")

# psutil on a tree, as JSON: argv PROCFS COMMAND [PATH].
PSUTIL_SNIPPET = r"""
import json, sys, psutil
psutil.PROCFS_PATH = sys.argv[1]
cmd = sys.argv[2]
try:
    if cmd == "perdisk":
        r = {k: v._asdict() for k, v in psutil.disk_io_counters(perdisk=True, nowrap=False).items()}
    elif cmd == "total":
        t = psutil.disk_io_counters(perdisk=False, nowrap=False)
        r = t._asdict() if t is not None else None
    elif cmd in ("partitions", "partitions_all"):
        r = [{k: getattr(p, k) for k in ("device", "mountpoint", "fstype", "opts")}
             for p in psutil.disk_partitions(all=(cmd == "partitions_all"))]
    elif cmd == "usage":
        r = psutil.disk_usage(sys.argv[3])._asdict()
except PermissionError as e:
    r = {"error": "access_denied", "msg": str(e)}
except OSError as e:
    r = {"error": "error", "msg": str(e)}
except NotImplementedError as e:
    r = {"error": "not_supported", "msg": str(e)}
print(json.dumps(r))
"""

CLI_ARGS = {"perdisk": ("disk_io_counters", "--perdisk", "--no-nowrap"),
            "total": ("disk_io_counters", "--no-nowrap"),
            "partitions": ("disk_partitions",),
            "partitions_all": ("disk_partitions", "--all"),
            "usage": ("disk_usage", "--path")}


def ours(cli, proc, sysfs, cmd, *args):
    """psinfo's answer; an error (exit 1) as {"error": "error", "msg": its line}."""
    c = cli.on(procfs=proc, sysfs=sysfs) if proc != "/proc" else cli
    r = c.run(*CLI_ARGS[cmd], *args)
    if r.returncode == 1:
        return {"error": "error", "msg": r.stderr.strip()}
    assert r.returncode == 0, f"psinfo {cmd} exited {r.returncode}: {r.stderr.strip()}"
    return json.loads(r.stdout)


def theirs(proc, cmd, *args, sysfs=None):
    """psutil's answer; with sysfs, in a mount namespace with sysfs bound over /sys."""
    argv = [PYTHON, "-c", PSUTIL_SNIPPET, proc, cmd, *args]
    if sysfs is not None:
        argv = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                'mount --bind "$0" /sys && exec "$@"', sysfs, *argv]
    out = subprocess.run(argv, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr.strip()
    return json.loads(out.stdout)


def zeros(v):
    """null (absent) -> 0, for psutil's zeros."""
    if isinstance(v, dict):
        return {k: zeros(x) for k, x in v.items()}
    return 0 if v is None else v


def cmp_io_tree(checks, cli, name, proc, sysfs):
    has_diskstats = os.path.exists(f"{proc}/diskstats")
    if not has_diskstats and not can_bind_sys():
        pytest.skip("no diskstats: psutil needs the tree's sys/ over /sys (unshare --mount)")
    a = zeros(ours(cli, proc, sysfs, "perdisk"))
    b = theirs(proc, "perdisk", sysfs=None if has_diskstats else sysfs)
    checks.check(a == b, f"{name}: disk_io_counters(perdisk=True): ours {a} psutil {b}")
    if can_bind_sys():
        a = zeros(ours(cli, proc, sysfs, "total"))
        b = theirs(proc, "total", sysfs=sysfs)
        checks.check(a == b, f"{name}: disk_io_counters(perdisk=False): ours {a} psutil {b}")
    else:
        print("note: unshare --mount not permitted here: the total is not compared")


@pytest.mark.shared
@pytest.mark.parametrize("name", ["node-exporter", "procfs"])
def test_disk_io_counters_on_shared_tree(name, checks, cli, shared_fixtures):
    cmp_io_tree(checks, cli, name, f"{shared_fixtures}/{name}/proc", f"{shared_fixtures}/{name}/sys")


@pytest.mark.parametrize("name, proc, sysfs", [
    ("disk-old-formats", "disk-old-formats/proc", "disk-old-formats/sys"),
    ("disk-wrap/1", "disk-wrap/1/proc", "disk-wrap/sys"),
    ("disk-wrap/4", "disk-wrap/4/proc", "disk-wrap/sys")])
def test_disk_io_counters_on_tree(name, proc, sysfs, checks, cli, own_fixtures):
    cmp_io_tree(checks, cli, name, f"{own_fixtures}/{proc}", f"{own_fixtures}/{sysfs}")


@pytest.mark.shared
def test_disk_io_counters_sysfs_fallback(checks, cli, own_fixtures, shared_fixtures):
    """No diskstats: the /sys/block fallback (psutil needs the bind mount to see it)."""
    cmp_io_tree(checks, cli, "sysfs-fallback", f"{own_fixtures}/disk-mounts/proc",
                f"{shared_fixtures}/procfs/sys")


def test_disk_partitions_on_tree(checks, cli, own_fixtures):
    """The hand-made mount table (\\040, none, zfs, /dev/root, comments)."""
    proc, sysfs = f"{own_fixtures}/disk-mounts/proc", f"{own_fixtures}/disk-mounts/sys"
    for cmd in ("partitions_all", "partitions"):
        a, b = ours(cli, proc, sysfs, cmd), theirs(proc, cmd)
        checks.check(a == b, f"disk-mounts: {cmd}: ours {a} psutil {b}")


def test_disk_partitions_live(checks, cli):
    for cmd in ("partitions_all", "partitions"):
        a, b = ours(cli, "/proc", "/sys", cmd), theirs("/proc", cmd)
        checks.check(a == b, f"live: {cmd}: ours {a} psutil {b}")


def test_disk_usage_live(checks, cli):
    """disk_usage with room for concurrent writers."""
    slack = 64 << 20
    for path in ("/", "/tmp", "/dev/shm", "/etc/hostname", "/proc"):
        if not os.path.exists(path):
            continue
        a, b = ours(cli, "/proc", "/sys", "usage", path), theirs("/proc", "usage", path)
        checks.check(a["total"] == b["total"],
                     f"live: disk_usage({path}).total: ours {a['total']} psutil {b['total']}")
        checks.check(abs(a["used"] - b["used"]) <= slack and abs(a["free"] - b["free"]) <= slack
                     and abs(a["percent"] - b["percent"]) <= 0.5,
                     f"live: disk_usage({path}): ours {a} psutil {b}")
    a = ours(cli, "/proc", "/sys", "usage", "/nonexistent-psinfo/x")
    b = theirs("/proc", "usage", "/nonexistent-psinfo/x")
    checks.check(a.get("error") == b.get("error") == "error" and "/nonexistent-psinfo/x" in a["msg"],
                 f"live: disk_usage(missing): ours {a} psutil {b}")


@pytest.mark.parametrize("tree", recorded_trees())
def test_disk_on_recorded_tree(tree, checks, cli):
    """A tree of this project (scripts/record-fixture.sh) against the psutil results recorded
    with it (with the tree's sys/ over /sys where the recorder could bind it)."""
    exp = load_expected(tree)
    proc, sysfs = os.path.join(tree, "proc"), os.path.join(tree, "sys")
    name = f"recorded {os.path.basename(tree)}"
    for cmd in ("partitions_all", "partitions", "perdisk", "total"):
        a, b = ours(cli, proc, sysfs, cmd), exp["disk " + cmd]
        if cmd in ("perdisk", "total"):
            a = zeros(a)
        checks.check(a == b, f"{name}: {cmd}: ours {a} psutil {b}")

