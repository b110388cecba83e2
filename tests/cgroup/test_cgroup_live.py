"""Live: a scratch cgroup with a CPU quota of half a CPU, a 100 MiB memory limit, 64 pids and a
disk read limit (scratch_cgroup.py); OpenJDK 17 run inside it prints what it detects
(`java -XshowSettings:system -version`), and psinfo must agree: the CLI and the Python module
run inside it (the calling process's view), the CLI outside it asking about a process inside.
The cgroup files are read here too. Skipped, with the reason, where the cgroupfs is not
writable (not root, no cpu and memory controllers to delegate) or there is no java.

In a sanitizer build ctest preloads the sanitizer runtimes (LD_PRELOAD) for the Python
process that loads the library; java runs without them.
"""

import json
import math
import os
import re
import shutil
import subprocess

import pytest

import scratch_cgroup
from conftest import PYTHON, TESTS, cli_path

MODULE = os.path.normpath(os.path.join(TESTS, "..", "python"))
SANITIZED = "asan" in os.environ.get("LD_PRELOAD", "")
MiB = 1024 * 1024

PY = """
import json, sys
sys.path.insert(0, %r)
import psinfo.ext as ext
c = ext.cgroup()
v = ext.virtual_memory_effective()
print(json.dumps({"effective": ext.cpu_count_effective(), "limit": c["cpu"]["limit"],
                  "quota": c["cpu"]["quota"], "max": c["memory"]["max"], "vm_limit": v.limit,
                  "pids_max": c["pids"]["max"], "paths": c["paths"]}))
""" % MODULE


def openjdk(text):
    """OpenJDK's "Operating System Metrics" as {name: value}."""
    return dict(re.findall(r"^\s+([A-Za-z &]+):\s*(.*?)\s*$", text, re.M))


def jdk_bytes(s):
    """OpenJDK's size ("100.00M") in bytes; None for Unlimited."""
    if s == "Unlimited":
        return None
    unit = {"K": 1024, "M": MiB, "G": 1024 * MiB}[s[-1]]
    return round(float(s[:-1]) * unit)


def read(path):
    with open(path) as f:
        return f.read()


def working_set(cg):
    """usage - inactive_file of the scratch cgroup, read here."""
    d = cg.dirs["memory"]
    if cg.version == "v1":
        usage = int(read(d + "/memory.usage_in_bytes"))
        key = "total_inactive_file"
    else:
        usage = int(read(d + "/memory.current"))
        key = "inactive_file"
    stat = dict(l.split() for l in read(d + "/memory.stat").splitlines())
    return max(0, usage - int(stat[key]))


@pytest.fixture
def scratch():
    cg = scratch_cgroup.ScratchCgroup("psinfo-live-%d" % os.getpid())
    if not cg.open():
        pytest.skip("no scratch cgroup: " + cg.reason)
    try:
        yield cg
    finally:
        cg.close()


def test_openjdk_agrees(scratch):
    java = shutil.which("java")
    if not java:
        pytest.skip("no java: install openjdk-17-jre-headless (scripts/setup-debian.sh)")
    exe = cli_path()
    cg = scratch
    sleeper = cg.spawn(["sleep", "60"])
    jdk_env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "ASAN_OPTIONS")}
    jdk_run = cg.run([java, "-XshowSettings:system", "-version"], env=jdk_env)
    assert jdk_run.returncode == 0, jdk_run.stderr
    jdk = openjdk(jdk_run.stderr)
    inside = cg.run([exe, "cgroup", "--json"])
    assert inside.returncode == 0, inside.stderr
    inside = json.loads(inside.stdout)
    outside = subprocess.run([exe, "cgroup", "--pid", str(sleeper.pid), "--json"],
                             capture_output=True, text=True, check=True)
    outside = json.loads(outside.stdout)
    eff = json.loads(cg.run([exe, "cpu_count_effective", "--json"]).stdout)
    ws_before = working_set(cg)
    vme = json.loads(cg.run([exe, "virtual_memory_effective", "--json"]).stdout)
    ws_after = working_set(cg)
    py = cg.run([PYTHON, "-c", PY])
    assert py.returncode == 0, py.stderr
    py = json.loads(py.stdout)

    cpu, mem = outside["cpu"], outside["memory"]
    rows = [
        ("effective CPUs", jdk["Effective CPU Count"], cpu["effective_cpus"]),
        ("CPU quota (us)", jdk["CPU Quota"], round(cpu["quota"] * 1e6)),
        ("CPU period (us)", jdk["CPU Period"], round(cpu["period"] * 1e6)),
        ("memory limit", jdk["Memory Limit"], mem["max"]),
        ("pids limit", jdk["Maximum Processes Limit"], outside["pids"]["max"]),
    ]
    print("\n%-16s %-12s %s" % ("", "OpenJDK 17", "psinfo"))
    for name, a, b in rows:
        print("%-16s %-12s %s" % (name, a, b))
    print("cpu_count_effective (inside): %s; Python module: %s" % (eff, py["effective"]))
    print("virtual_memory_effective (inside): %s" % vme)

    # OpenJDK's figures.
    assert int(jdk["Effective CPU Count"]) == cpu["effective_cpus"] == eff == py["effective"]
    assert jdk["CPU Quota"] == "%dus" % cg.quota_us == "%dus" % round(cpu["quota"] * 1e6)
    assert jdk["CPU Period"] == "%dus" % cg.period_us == "%dus" % round(cpu["period"] * 1e6)
    assert jdk_bytes(jdk["Memory Limit"]) == cg.memory == mem["max"] == py["max"]
    if "pids" in cg.dirs:
        assert jdk["Maximum Processes Limit"] == str(cg.pids) == str(outside["pids"]["max"])
    # The same cgroup seen from inside (the calling process) and from outside (its PID).
    assert inside["paths"] == outside["paths"] == py["paths"]
    assert inside["cpu"]["limit"] == cpu["limit"] == py["limit"] == 0.5
    assert inside["memory"]["max"] == mem["max"]
    # The files, read here.
    if cg.version == "v1":
        assert int(read(cg.dirs["cpu"] + "/cpu.cfs_quota_us")) == round(cpu["quota"] * 1e6)
        assert int(read(cg.dirs["memory"] + "/memory.limit_in_bytes")) == mem["max"]
    else:
        assert read(cg.dirs["cpu"] + "/cpu.max").split() == ["%d" % cg.quota_us,
                                                              "%d" % cg.period_us]
        assert int(read(cg.dirs["memory"] + "/memory.max")) == mem["max"]
    if cg.device and ("blkio" in cg.dirs or "io" in cg.dirs):
        assert outside["io"][cg.device]["rbps"] == 8 * MiB
    # The memory view: capped by the limit, available = limit - working set (which moves a
    # little while the CLI runs in the cgroup: its own pages are charged to it).
    host = {k: int(v.split()[0]) * 1024 for k, v in
            (l.split(":", 1) for l in read("/proc/meminfo").splitlines())}
    assert vme["limit"] == cg.memory == py["vm_limit"]
    assert vme["total"] == min(host["MemTotal"], cg.memory)
    # The CLI's own pages while it runs: a few MiB; a sanitizer build's, some tens.
    slack = (64 if SANITIZED else 16) * MiB
    lo = cg.memory - max(ws_before, ws_after) - slack
    hi = cg.memory - min(ws_before, ws_after) + slack
    assert lo <= vme["available"] <= hi, (vme, ws_before, ws_after)
    assert vme["used"] == vme["total"] - vme["available"]
    assert mem["effective_max"] == cg.memory
    assert math.isclose(vme["percent"], vme["used"] * 100 / vme["total"], abs_tol=0.05)


def test_top_and_free_show_the_limit(scratch):
    exe = cli_path()
    cg = scratch
    free = cg.run([exe, "free"])
    assert free.returncode == 0, free.stderr
    line = [l for l in free.stdout.splitlines() if l.startswith("Cgroup:")]
    assert len(line) == 1 and "CPU limit 0.50 (1 effective)" in line[0], free.stdout
    assert "of 100.0M" in line[0], free.stdout
    top = cg.run([exe, "top", "--once", "--interval", "0.1"],
                 env=dict(os.environ, COLUMNS="120", LINES="40"))
    assert top.returncode == 0, top.stderr
    assert " Cgroup: CPU limit 0.50" in top.stdout, top.stdout
    # Outside any limit (this test's own cgroup, where it has none): no such line.
    plain = subprocess.run([exe, "free"], capture_output=True, text=True, check=True).stdout
    mine = json.loads(subprocess.run([exe, "cgroup", "--json"], capture_output=True, text=True,
                                     check=True).stdout)
    if mine["cpu"]["limit"] is None and mine["memory"]["effective_max"] is None:
        assert "Cgroup:" not in plain
