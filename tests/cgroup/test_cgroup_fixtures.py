"""psinfo cgroup / pressure / cpu_count_effective / virtual_memory_effective on the cgroupfs
trees of tests/fixtures/cgroup-*: each tree has its /proc and /sys and a cgroup.json
written by hand from the files (the hand-made trees, from the kernel's documentation) or by
tests/cgroup/record_fixture.py from the files it recorded (never by psinfo).
"""

import glob
import json
import math
import os
import shutil

import pytest

from conftest import load_psinfo, own_fixtures_dir, run_cli

FIXTURES = own_fixtures_dir()
TREES = sorted(glob.glob(os.path.join(FIXTURES, "cgroup-*", "cgroup.json")))


def run(tree, *args, check=True):
    """The CLI on a tree: (exit status, stdout, stderr)."""
    rc, out, err = run_cli(*args, env={"PSINFO_PROCFS_PATH": os.path.join(tree, "proc"),
                                       "PSINFO_SYSFS_PATH": os.path.join(tree, "sys")})
    if check:
        assert rc == 0, err
    return rc, out, err


def cli_json(tree, *args):
    return json.loads(run(tree, *args, "--json")[1])


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
    same(cli_json(tree, "cgroup", "--pid", pid), want["cgroup"], "cgroup")
    same(cli_json(tree, "pressure"), want["pressure"], "pressure")
    # The calling process's: the tree's proc/self, with psinfo's own affinity mask.
    cpus = len(os.sched_getaffinity(0))
    limit = want["cpu_limit"]
    effective = cpus if limit is None else min(cpus, max(1, math.ceil(limit)))
    assert cli_json(tree, "cpu_count_effective") == effective
    same(cli_json(tree, "virtual_memory_effective"), want["virtual_memory_effective"],
         "virtual_memory_effective")
    if "openjdk" in want:  # what OpenJDK 17 printed in the recorded cgroup
        jdk, cpu = want["openjdk"], cli_json(tree, "cgroup", "--pid", pid)
        cpu, mem = cpu["cpu"], cpu["memory"]
        assert cpu["effective_cpus"] == jdk["effective_cpus"]
        assert round(cpu["quota"] * 1e6) == jdk["quota_us"]
        assert round(cpu["period"] * 1e6) == jdk["period_us"]
        assert "%.2fM" % (mem["max"] / 1048576) == jdk["memory_limit"]
    if "outside" in want:  # a process outside the cgroup namespace: path only
        same(cli_json(tree, "cgroup", "--pid", "4243"), want["outside"], "outside")


def test_python_module_gives_the_cli_json():
    """The Python package's psinfo.ext (ctypes over the C API) and the CLI (C++) agree on
    every tree."""
    psinfo = load_psinfo()
    ext = psinfo.ext
    saved = ext.procfs_path(), ext.sysfs_path()
    try:
        for expected in TREES:
            tree = os.path.dirname(expected)
            ext.set_procfs_path(os.path.join(tree, "proc"))
            ext.set_sysfs_path(os.path.join(tree, "sys"))
            it = {p.pid: p.info["cgroup"] for p in psinfo.process_iter(["pid", "cgroup"])}
            cli = cli_json(tree, "cgroup", "--pid", "4242")
            assert ext.cgroup(4242) == cli, tree
            assert ext.process_cgroup(psinfo.Process(4242)) == cli, tree
            assert psinfo.Process(4242).as_dict(["pid", "cgroup"])["cgroup"] == cli, tree
            assert it[4242] == cli, tree
            assert ext.pressure() == cli_json(tree, "pressure"), tree
            vme = cli_json(tree, "virtual_memory_effective")
            assert ext.virtual_memory_effective()._asdict() == vme, tree
    finally:
        ext.set_procfs_path(saved[0])
        ext.set_sysfs_path(saved[1])
    # psutil's default attribute set stays psutil's: no cgroup in it, but the live process's
    # own cgroup when asked for.
    me = psinfo.Process()
    assert "cgroup" not in me.as_dict() and "name" in me.as_dict()
    assert me.as_dict(["cgroup"])["cgroup"]["paths"] == ext.cgroup()["paths"]


def test_text_form():
    tree = os.path.join(FIXTURES, "cgroup-v2-container")
    out = run(tree, "cgroup", "--pid", "4242")[1]
    assert "version: v2" in out
    assert "  limit:          1.5" in out
    assert "    8:0:" in out or "  8:0:" in out


def test_bad_input(tmp_path):
    """Malformed files: exit status 1, a message naming the file; a vanished pid: no such
    process; no cgroupfs at all (no /proc/PID/cgroup): version null, not an error."""
    src = os.path.join(FIXTURES, "cgroup-v2-container")
    tree = tmp_path / "tree"
    shutil.copytree(src, tree)
    cpu_max = tree / "sys" / "fs" / "cgroup" / "cpu.max"
    cpu_max.write_text("lots 100000\n")
    rc, _, err = run(str(tree), "cgroup", "--pid", "4242", "--json", check=False)
    assert rc == 1 and "cpu.max" in err and "lots" in err, err
    cpu_max.write_text("150000 100000\n")
    (tree / "sys" / "fs" / "cgroup" / "memory.stat").write_text("anon twelve\n")
    rc, _, err = run(str(tree), "cgroup", "--pid", "4242", "--json", check=False)
    assert rc == 1 and "memory.stat" in err, err
    (tree / "proc" / "self" / "mountinfo").write_text("garbage\n")
    rc, _, err = run(str(tree), "cgroup", "--pid", "4242", "--json", check=False)
    assert rc == 1 and "mountinfo" in err, err
    rc, _, err = run(str(tree), "cgroup", "--pid", "4299", "--json", check=False)
    assert rc == 1 and "4299" in err, err
    # A kernel without cgroups: no /proc/PID/cgroup, nothing mounted.
    (tree / "proc" / "self" / "mountinfo").write_text("")
    os.remove(tree / "proc" / "4242" / "cgroup")
    got = cli_json(str(tree), "cgroup", "--pid", "4242")
    assert got["version"] is None and got["paths"] == {} and got["memory"]["max"] is None
    (tree / "proc" / "pressure").mkdir()
    (tree / "proc" / "pressure" / "cpu").write_text("some avg10=x avg60=0.00 avg300=0.00 total=0\n")
    rc, _, err = run(str(tree), "pressure", "--json", check=False)
    assert rc == 1 and "pressure/cpu" in err, err
