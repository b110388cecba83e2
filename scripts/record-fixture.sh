#!/usr/bin/env bash
# Records a fixture tree of this machine: the /proc and /sys files psinfo's system functions read
# (CPU, memory, boot time, load, disks, network counters and sockets, sensors) are copied into
# tests/fixtures/NAME/{proc,sys}, and beside them expected.json: what psutil (Debian's
# python3-psutil of /usr/bin/python3) returns on that tree, with psutil.PROCFS_PATH pointed at
# its proc/ and, where this process may (root, unshare), its sys/ bind-mounted over /sys.
# Never psinfo: the tests compare psinfo on the tree with these values
# (tests/*/test_*_diff.py, test_*_on_recorded_tree), in every clone.
#   scripts/record-fixture.sh NAME       (NAME: a new folder under tests/fixtures)
# What psutil does not read under PROCFS_PATH is recorded from the live machine right after the
# copy (getloadavg, which must then equal the copied /proc/loadavg; it is read until it does).
# The field order of psutil's results is kept (psinfo's is compared with it).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/record-fixture.sh NAME}
out=tests/fixtures/$name
[[ ! -e $out ]] || { echo "record-fixture: $out exists; remove it first" >&2; exit 1; }
exec /usr/bin/python3 - "$out" <<'EOF'
import glob
import json
import os
import platform
import shutil
import subprocess
import sys
import time

out = sys.argv[1]

# The files, relative to /proc and /sys (globs). Symbolic links are not kept: each file is
# copied as a regular file to the same path (sys/block/NAME is a directory here, as psinfo and
# psutil only look at what is under it).
PROC = ["stat", "meminfo", "vmstat", "zoneinfo", "cpuinfo", "loadavg", "uptime", "diskstats",
        "partitions", "filesystems", "swaps", "self/mounts", "net/dev", "net/tcp", "net/tcp6",
        "net/udp", "net/udp6", "net/unix"]
SYS = ["devices/system/cpu/online", "devices/system/cpu/present", "devices/system/cpu/possible",
       "devices/system/cpu/cpu[0-9]*/online",
       "devices/system/cpu/cpu[0-9]*/topology/core_cpus_list",
       "devices/system/cpu/cpu[0-9]*/topology/thread_siblings_list",
       "devices/system/cpu/cpu[0-9]*/topology/core_id",
       "devices/system/cpu/cpu[0-9]*/topology/physical_package_id",
       "devices/system/cpu/cpu[0-9]*/cpufreq/*_freq",
       "devices/system/cpu/cpufreq/policy[0-9]*/*_freq",
       "devices/system/cpu/cpufreq/policy[0-9]*/affected_cpus",
       "block/*/dev", "block/*/stat", "block/*/size",
       "class/hwmon/hwmon*/name", "class/hwmon/hwmon*/temp*_*", "class/hwmon/hwmon*/fan*_*",
       "class/hwmon/hwmon*/device/name", "class/hwmon/hwmon*/device/temp*_*",
       "class/hwmon/hwmon*/device/fan*_*",
       "class/thermal/thermal_zone*/type", "class/thermal/thermal_zone*/temp",
       "class/thermal/thermal_zone*/trip_point_*",
       "class/power_supply/*/*"]


def copy(root, patterns, dest):
    n = 0
    for pat in patterns:
        for src in sorted(glob.glob(os.path.join(root, pat))):
            if not os.path.isfile(src):
                continue
            try:
                with open(src, "rb") as f:
                    data = f.read()
            except OSError:
                continue  # unreadable (write-only attributes and the like): psinfo skips it too
            dst = os.path.join(dest, os.path.relpath(src, root))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(dst, "wb") as f:
                f.write(data)
            n += 1
    return n


# psutil on the tree: argv PROC. Prints the expected values as JSON.
PSUTIL = r'''
import json, sys, warnings
import psutil
psutil.PROCFS_PATH = sys.argv[1]
KINDS = ["inet", "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix", "all"]


def quiet(fn, *a, **kw):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r = fn(*a, **kw)
    return r, [str(x.message) for x in w]


def result(fn):
    try:
        r, _ = quiet(fn)
        if isinstance(r, list):
            r = [x._asdict() for x in r]
        elif hasattr(r, "_asdict"):
            r = r._asdict()
        return {"value": r}
    except Exception as e:
        return {"error": f"{type(e).__name__}: {e}"}


def addr(a):
    return list(a) if isinstance(a, tuple) else a


e = {}
e["cpu_times"] = quiet(psutil.cpu_times)[0]._asdict()
e["cpu_times --percpu"] = [t._asdict() for t in quiet(psutil.cpu_times, percpu=True)[0]]
e["cpu_stats"] = psutil.cpu_stats()._asdict()
e["cpu_count"] = psutil.cpu_count()
e["sys"] = {"cpu_freq": result(psutil.cpu_freq),
            "cpu_freq --percpu": result(lambda: psutil.cpu_freq(percpu=True)),
            "cpu_count --no-logical": result(lambda: psutil.cpu_count(logical=False))}
e["boot_time"] = psutil.boot_time()
e["virtual_memory"] = quiet(psutil.virtual_memory)[0]._asdict()
swap, e["swap_memory warnings"] = quiet(psutil.swap_memory)
e["swap_memory"] = swap._asdict()
for cmd, all_ in (("partitions_all", True), ("partitions", False)):
    e["disk " + cmd] = [{k: getattr(p, k) for k in ("device", "mountpoint", "fstype", "opts")}
                        for p in psutil.disk_partitions(all=all_)]
e["disk perdisk"] = {k: v._asdict()
                     for k, v in psutil.disk_io_counters(perdisk=True, nowrap=False).items()}
t = psutil.disk_io_counters(perdisk=False, nowrap=False)
e["disk total"] = t._asdict() if t is not None else None
for kind in KINDS:
    e["net_connections " + kind] = [
        [c.fd, c.family.name, c.type.name, addr(c.laddr), addr(c.raddr), c.status, c.pid]
        for c in psutil.net_connections(kind)]
e["net_io_counters --pernic"] = {k: v._asdict()
                                 for k, v in psutil.net_io_counters(pernic=True, nowrap=False).items()}
e["net_io_counters"] = psutil.net_io_counters(nowrap=False)._asdict()
e["psutil"] = psutil.__version__
print(json.dumps(e, indent=1))
'''

proc, sysdir = os.path.join(out, "proc"), os.path.join(out, "sys")
os.makedirs(out)
# /proc/loadavg and the live load (glibc's getloadavg reads the same file): copy until they
# agree, so that the expected value is the copied one.
for _ in range(100):
    n = copy("/proc", PROC, proc)
    with open(os.path.join(proc, "loadavg")) as f:
        copied = f.read().split()[:3]
    load = os.getloadavg()
    if [float(x) for x in copied] == [round(x, 2) for x in load]:
        break
    time.sleep(0.1)
else:
    sys.exit("record-fixture: /proc/loadavg kept changing")
n += copy("/sys", SYS, sysdir)
os.makedirs(sysdir, exist_ok=True)

cmd = ["/usr/bin/python3", "-c", PSUTIL, os.path.abspath(proc)]
bound = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
         'mount --bind "$0" /sys && exec "$@"', os.path.abspath(sysdir)] + cmd
r = subprocess.run(bound, capture_output=True, text=True)
where = "the tree's sys/ over /sys"
if r.returncode != 0:
    print(f"record-fixture: cannot bind the tree over /sys ({r.stderr.strip()}); psutil reads "
          "the live /sys", file=sys.stderr)
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    where = "the live /sys"
expected = json.loads(r.stdout)
expected["getloadavg"] = [float(x) for x in copied]
expected["recorded"] = {"by": "scripts/record-fixture.sh", "date": time.strftime("%Y-%m-%d"),
                        "kernel": platform.release(), "machine": platform.machine(),
                        "psutil sys": where}
with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")
print(f"record-fixture: {n} files and expected.json (psutil {expected['psutil']}, {where}) "
      f"in {out}")
EOF
