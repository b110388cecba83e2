#!/usr/bin/python3
"""Differential test: psinfo's disk functions (through the disk_json driver) against psutil
(Debian's python3-psutil 5.9.4) pointed at the same fixture trees with psutil.PROCFS_PATH.

psutil reads /sys/block from the real /sys; for the comparisons where that matters (the total of
disk_io_counters, the /sys/block fallback) psutil runs inside `unshare --mount` with the tree's
sys/ bind-mounted over /sys (skipped, with a message, where that is not permitted).

Documented differences (psinfo follows psutil 8 / the project's rules):
- psutil 5.9.4's disk_partitions has 6 fields (+maxfile, maxpath): only the first 4 compared.
- a 7-field diskstats line: psutil gives 0 for the fields it lacks, psinfo leaves them absent
  (null here): compared as 0.
usage: diff_disk.py DISK_JSON SHARED_FIXTURES TEST_FIXTURES
"""
import json
import os
import subprocess
import sys

PY = "/usr/bin/python3"
driver, shared, own = sys.argv[1:4]
checks = 0
failures = []


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def ours(proc, sysfs, *cmd):
    out = subprocess.run([driver, proc, sysfs, *cmd], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


PSUTIL_SNIPPET = r"""
import json, sys, psutil
psutil.PROCFS_PATH = sys.argv[1]
cmd = sys.argv[2]
try:
    if cmd == "perdisk":
        r = {k: list(v) for k, v in psutil.disk_io_counters(perdisk=True, nowrap=False).items()}
    elif cmd == "total":
        t = psutil.disk_io_counters(perdisk=False, nowrap=False)
        r = list(t) if t is not None else None
    elif cmd in ("partitions", "partitions_all"):
        r = [list(p)[:4] for p in psutil.disk_partitions(all=(cmd == "partitions_all"))]
    elif cmd == "usage":
        r = list(psutil.disk_usage(sys.argv[3]))
except PermissionError as e:
    r = {"error": "access_denied", "msg": str(e)}
except OSError as e:
    r = {"error": "error", "msg": str(e)}
except NotImplementedError as e:
    r = {"error": "not_supported", "msg": str(e)}
print(json.dumps(r))
"""


def theirs(proc, cmd, *args, sysfs=None):
    argv = [PY, "-c", PSUTIL_SNIPPET, proc, cmd, *args]
    if sysfs is not None:
        argv = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                'mount --bind "$0" /sys && exec "$@"', sysfs, *argv]
    out = subprocess.run(argv, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return json.loads(out.stdout)


def zeros(v):
    """null (absent) -> 0, for psutil's zeros."""
    if isinstance(v, dict):
        return {k: zeros(x) for k, x in v.items()}
    if isinstance(v, list):
        return [0 if x is None else x for x in v]
    return v


def can_unshare():
    try:
        r = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                            "mount --bind /sys /sys"], capture_output=True)
        return r.returncode == 0
    except OSError:
        return False


UNSHARE = can_unshare()
if not UNSHARE:
    print("note: unshare --mount not permitted here: total/fallback comparisons skipped")

trees = [
    ("node-exporter", f"{shared}/node-exporter/proc", f"{shared}/node-exporter/sys"),
    ("procfs", f"{shared}/procfs/proc", f"{shared}/procfs/sys"),
    ("disk-old-formats", f"{own}/disk-old-formats/proc", f"{own}/disk-old-formats/sys"),
    ("disk-wrap/1", f"{own}/disk-wrap/1/proc", f"{own}/disk-wrap/sys"),
    ("disk-wrap/4", f"{own}/disk-wrap/4/proc", f"{own}/disk-wrap/sys"),
    # no diskstats: the /sys/block fallback (psutil needs the bind mount to see it)
    ("sysfs-fallback", f"{own}/disk-mounts/proc", f"{shared}/procfs/sys"),
]
for name, proc, sysfs in trees:
    has_diskstats = os.path.exists(f"{proc}/diskstats")
    if has_diskstats or UNSHARE:
        a = zeros(ours(proc, sysfs, "perdisk"))
        b = theirs(proc, "perdisk", sysfs=None if has_diskstats else sysfs)
        check(a == b, f"{name}: disk_io_counters(perdisk=True): ours {a} psutil {b}")
    if UNSHARE:
        a = zeros(ours(proc, sysfs, "total"))
        b = theirs(proc, "total", sysfs=sysfs)
        check(a == b, f"{name}: disk_io_counters(perdisk=False): ours {a} psutil {b}")

# disk_partitions on the hand-made mount table (\040, none, zfs, /dev/root, comments).
mproc, msys = f"{own}/disk-mounts/proc", f"{own}/disk-mounts/sys"
for cmd in ("partitions_all", "partitions"):
    a, b = ours(mproc, msys, cmd), theirs(mproc, cmd)
    check(a == b, f"disk-mounts: {cmd}: ours {a} psutil {b}")

# The live machine: partitions exactly; disk_usage with room for concurrent writers.
for cmd in ("partitions_all", "partitions"):
    a, b = ours("/proc", "/sys", cmd), theirs("/proc", cmd)
    check(a == b, f"live: {cmd}: ours {a} psutil {b}")
SLACK = 64 << 20
for path in ("/", "/tmp", "/dev/shm", "/etc/hostname", "/proc"):
    if not os.path.exists(path):
        continue
    a, b = ours("/proc", "/sys", "usage", path), theirs("/proc", "usage", path)
    check(a[0] == b[0], f"live: disk_usage({path}).total: ours {a[0]} psutil {b[0]}")
    check(abs(a[1] - b[1]) <= SLACK and abs(a[2] - b[2]) <= SLACK and abs(a[3] - b[3]) <= 0.5,
          f"live: disk_usage({path}): ours {a} psutil {b}")
a = ours("/proc", "/sys", "usage", "/nonexistent-psinfo/x")
b = theirs("/proc", "usage", "/nonexistent-psinfo/x")
check(a.get("error") == b.get("error") == "error" and "/nonexistent-psinfo/x" in a["msg"],
      f"live: disk_usage(missing): ours {a} psutil {b}")

print(f"diff_disk: {checks} checks, {len(failures)} failed")
sys.exit(1 if failures else 0)
