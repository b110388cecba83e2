"""psinfo cgroup / pressure / cpu_count_effective / virtual_memory_effective on the cgroupfs
trees of tests/fixtures/cgroup-*: each tree has its /proc and /sys and an expected.json
written by hand from the files (the hand-made trees, from the kernel's documentation) or by
tests/cgroup/record_fixture.py from the files it recorded (never by psinfo).

Environment: PSINFO_CLI (the psinfo program), PSINFO_TEST_FIXTURES (tests/fixtures).
"""

import glob
import json
import math
import os
import subprocess

import pytest

CLI = os.environ.get("PSINFO_CLI", "psinfo")
FIXTURES = os.environ.get("PSINFO_TEST_FIXTURES",
                          os.path.join(os.path.dirname(__file__), "..", "fixtures"))
TREES = sorted(glob.glob(os.path.join(FIXTURES, "cgroup-*", "expected.json")))


def run(tree, *args, check=True):
    env = dict(os.environ, PSINFO_PROCFS_PATH=os.path.join(tree, "proc"),
               PSINFO_SYSFS_PATH=os.path.join(tree, "sys"))
    p = subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=60)
    if check:
        assert p.returncode == 0, p.stderr
    return p


def same(got, want, where=""):
    """want's keys (recursively) with the same values in got; floats to 1e-12 relative."""
    if isinstance(want, dict):
        assert isinstance(got, dict), "%s: %r is no object" % (where, got)
        assert set(got) >= set(want), "%s: missing %s" % (where, sorted(set(want) - set(got)))
        for k, v in want.items():
            same(got[k], v, where + "." + k)
    elif isinstance(want, float) and isinstance(got, float):
        assert math.isclose(got, want, rel_tol=1e-12), "%s: %r != %r" % (where, got, want)
    else:
        assert got == want and type(got) == type(want), "%s: %r != %r" % (where, got, want)


def test_trees_present():
    names = [os.path.basename(os.path.dirname(t)) for t in TREES]
    for n in ("cgroup-v2-systemd", "cgroup-v2-container", "cgroup-v2-nested", "cgroup-v1-cpuacct",
              "cgroup-none", "cgroup-hybrid-recorded"):
        assert n in names


@pytest.mark.parametrize("expected", TREES, ids=lambda p: os.path.basename(os.path.dirname(p)))
def test_tree(expected):
    tree = os.path.dirname(expected)
    with open(expected) as f:
        want = json.load(f)
    pid = str(want.get("pid", 4242))
    same(json.loads(run(tree, "cgroup", "--pid", pid, "--json").stdout), want["cgroup"], "cgroup")
    same(json.loads(run(tree, "pressure", "--json").stdout), want["pressure"], "pressure")
    # The calling process's: the tree's proc/self, with psinfo's own affinity mask.
    cpus = len(os.sched_getaffinity(0))
    limit = want["cpu_limit"]
    effective = cpus if limit is None else min(cpus, max(1, math.ceil(limit)))
    assert json.loads(run(tree, "cpu_count_effective", "--json").stdout) == effective
    same(json.loads(run(tree, "virtual_memory_effective", "--json").stdout),
         want["virtual_memory_effective"], "virtual_memory_effective")
    if "openjdk" in want:  # what OpenJDK 17 printed in the recorded cgroup
        jdk, cpu = want["openjdk"], json.loads(run(tree, "cgroup", "--pid", pid, "--json").stdout)
        cpu, mem = cpu["cpu"], cpu["memory"]
        assert cpu["effective_cpus"] == jdk["effective_cpus"]
        assert round(cpu["quota"] * 1e6) == jdk["quota_us"]
        assert round(cpu["period"] * 1e6) == jdk["period_us"]
        assert "%.2fM" % (mem["max"] / 1048576) == jdk["memory_limit"]
    if "outside" in want:  # a process outside the cgroup namespace: path only
        same(json.loads(run(tree, "cgroup", "--pid", "4243", "--json").stdout), want["outside"],
             "outside")


def test_python_module_gives_the_cli_json(tmp_path):
    """The Python module (ctypes over the C API) and the CLI (C++) agree on every tree."""
    code = """
import json, sys
sys.path.insert(0, %r)
import psinfo
out = {}
for tree in sys.argv[1:]:
    psinfo.set_procfs_path(tree + "/proc")
    psinfo.set_sysfs_path(tree + "/sys")
    it = {p.pid: p.info["cgroup"] for p in psinfo.process_iter(["pid", "cgroup"])}
    out[tree] = {"cgroup": psinfo.cgroup(4242), "pressure": psinfo.pressure(),
                 "vm_limit": psinfo.virtual_memory_effective().limit, "iter": it[4242]}
print(json.dumps(out))
""" % os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python")
    trees = [os.path.dirname(t) for t in TREES]
    env = dict(os.environ)
    if os.environ.get("PSINFO_PYTHON_PRELOAD"):  # a sanitizer build: its runtimes first
        env.update(LD_PRELOAD=os.environ["PSINFO_PYTHON_PRELOAD"], ASAN_OPTIONS="detect_leaks=0")
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"
    p = subprocess.run([python, "-c", code, *trees], capture_output=True, text=True, env=env,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)
    for tree in trees:
        cli = json.loads(run(tree, "cgroup", "--pid", "4242", "--json").stdout)
        assert got[tree]["cgroup"] == cli, tree
        assert got[tree]["iter"] == cli, tree
        assert got[tree]["pressure"] == json.loads(run(tree, "pressure", "--json").stdout)
        vme = json.loads(run(tree, "virtual_memory_effective", "--json").stdout)
        assert got[tree]["vm_limit"] == vme["limit"]


def test_text_form():
    tree = os.path.join(FIXTURES, "cgroup-v2-container")
    out = run(tree, "cgroup", "--pid", "4242").stdout
    assert "version: v2" in out
    assert "  limit:          1.5" in out
    assert "    8:0:" in out or "  8:0:" in out


def test_bad_input(tmp_path):
    """Malformed files: exit status 1, a message naming the file; a vanished pid: no such
    process; no cgroupfs at all (no /proc/PID/cgroup): version null, not an error."""
    src = os.path.join(FIXTURES, "cgroup-v2-container")
    tree = tmp_path / "tree"
    subprocess.run(["cp", "-r", src, str(tree)], check=True)
    cpu_max = tree / "sys" / "fs" / "cgroup" / "cpu.max"
    cpu_max.write_text("lots 100000\n")
    p = run(str(tree), "cgroup", "--pid", "4242", "--json", check=False)
    assert p.returncode == 1 and "cpu.max" in p.stderr and "lots" in p.stderr, p.stderr
    cpu_max.write_text("150000 100000\n")
    (tree / "sys" / "fs" / "cgroup" / "memory.stat").write_text("anon twelve\n")
    p = run(str(tree), "cgroup", "--pid", "4242", "--json", check=False)
    assert p.returncode == 1 and "memory.stat" in p.stderr, p.stderr
    (tree / "proc" / "self" / "mountinfo").write_text("garbage\n")
    p = run(str(tree), "cgroup", "--pid", "4242", "--json", check=False)
    assert p.returncode == 1 and "mountinfo" in p.stderr, p.stderr
    p = run(str(tree), "cgroup", "--pid", "4299", "--json", check=False)
    assert p.returncode == 1 and "4299" in p.stderr, p.stderr
    # A kernel without cgroups: no /proc/PID/cgroup, nothing mounted.
    (tree / "proc" / "self" / "mountinfo").write_text("")
    os.remove(tree / "proc" / "4242" / "cgroup")
    got = json.loads(run(str(tree), "cgroup", "--pid", "4242", "--json").stdout)
    assert got["version"] is None and got["paths"] == {} and got["memory"]["max"] is None
    (tree / "proc" / "pressure").mkdir()
    (tree / "proc" / "pressure" / "cpu").write_text("some avg10=x avg60=0.00 avg300=0.00 total=0\n")
    p = run(str(tree), "pressure", "--json", check=False)
    assert p.returncode == 1 and "pressure/cpu" in p.stderr, p.stderr
