"""The pressure and cgroup collectors. On the cgroupfs trees of tests/fixtures/cgroup-*
(PSINFO_PROCFS_PATH / PSINFO_SYSFS_PATH): every psinfo_cgroup_* and node_pressure_* sample
against the tree's cgroup.json, written by hand from the files or by the recorder from the
files it recorded, never by psinfo. On this machine: node_pressure_* against /proc/pressure read
here before and after (node_exporter's agreement is in test_prometheus_nodeexp.py), and
psinfo_cgroup_* against the cgroupfs files of psinfo's own cgroup."""
import glob
import json
import os
import shutil
import subprocess

import pytest

import exporters as ex  # tests/prometheus/exporters.py
from conftest import own_fixtures_dir

TREES = sorted(glob.glob(os.path.join(own_fixtures_dir(), "cgroup-*", "cgroup.json")))
RESOURCES = ("cpu", "memory", "io", "irq")


def metrics(env=None, collectors="cgroup,pressure", tree=None):
    """`psinfo metrics --collectors ...`; with tree, run on that copy of a fixture tree as its
    process 4242: a shell links proc/$$ to proc/4242 and execs psinfo, which keeps its PID."""
    argv = [ex.cli(), "metrics", "--collectors", collectors]
    if tree is not None:
        argv = ["sh", "-c", 'ln -s 4242 "$0/proc/$$" && exec "$@"', str(tree)] + argv
        env = {"PSINFO_PROCFS_PATH": os.path.join(tree, "proc"),
               "PSINFO_SYSFS_PATH": os.path.join(tree, "sys")}
    r = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, **(env or {})))
    assert r.returncode == 0, r.stderr
    e = ex.parse(r.stdout)
    for c in collectors.split(","):
        assert e.value("psinfo_scrape_collector_success", collector=c) == 1, (c, r.stderr)
    return e


def one(e, name, **labels):
    """The sample's value, None when the series is absent."""
    return e.samples.get((name, frozenset(labels.items())))


def psi_seconds(line):
    return None if line is None else line["total"] / 1e6


def test_trees_present():
    assert len(TREES) >= 6, TREES


@pytest.mark.parametrize("expected", TREES, ids=lambda p: os.path.basename(os.path.dirname(p)))
def test_tree(expected, tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(os.path.dirname(expected), tree, symlinks=True)
    with open(expected) as f:
        want = json.load(f)
    e = metrics(tree=tree)
    cg = want["cgroup"]  # of the tree's process, whose cgroup is also the tree's proc/self's
    info = {(dict(k)["version"], dict(k)["hierarchy"], dict(k)["path"]): v
            for k, v in e.series("psinfo_cgroup_info").items()}
    if cg["version"] is None:
        assert not [n for n in e.names() if n.startswith("psinfo_cgroup_")], e.names()
    else:
        assert info == {(cg["version"], h, p): 1 for h, p in cg["paths"].items()}
    cpu, mem, pids = cg["cpu"], cg["memory"], cg["pids"]
    checks = {
        "psinfo_cgroup_cpu_limit_cpus": cpu["limit"],
        "psinfo_cgroup_cpu_periods_total": cpu["nr_periods"],
        "psinfo_cgroup_cpu_throttled_periods_total": cpu["nr_throttled"],
        "psinfo_cgroup_cpu_throttled_seconds_total": cpu["throttled_time"],
        "psinfo_cgroup_memory_limit_bytes": mem["effective_max"],
        "psinfo_cgroup_memory_usage_bytes": mem["current"],
        "psinfo_cgroup_memory_working_set_bytes": mem["working_set"],
        "psinfo_cgroup_memory_available_bytes": mem["available"],
        "psinfo_cgroup_memory_swap_usage_bytes": mem["swap_current"],
        "psinfo_cgroup_memory_oom_kills_total": mem["oom_kill"],
        "psinfo_cgroup_pids_limit": pids["max"],
        "psinfo_cgroup_pids": pids["current"],
    }
    for name, v in checks.items():
        assert one(e, name) == v, (name, one(e, name), v)
    for mode in ("user", "system"):
        assert one(e, "psinfo_cgroup_cpu_usage_seconds_total", mode=mode) == cpu[mode], mode
    # The process's affinity (its status file's Cpus_allowed_list) capped by the limit.
    if cg["version"] is not None:
        assert one(e, "psinfo_cgroup_cpu_effective_cpus") == cpu["effective_cpus"]
    for r in RESOURCES:
        p = cg["pressure"][r] or {"some": None, "full": None}
        assert one(e, "psinfo_cgroup_pressure_waiting_seconds_total", resource=r) == \
            psi_seconds(p["some"]), r
        assert one(e, "psinfo_cgroup_pressure_stalled_seconds_total", resource=r) == \
            psi_seconds(p["full"]), r
    # The system-wide PSI: node_exporter's names (some: waiting, full: stalled).
    system = want["pressure"]
    for r in RESOURCES:
        p = system[r] or {"some": None, "full": None}
        waiting = one(e, "node_pressure_%s_waiting_seconds_total" % r)
        assert waiting == (None if r == "irq" else psi_seconds(p["some"])), r
        assert one(e, "node_pressure_%s_stalled_seconds_total" % r) == psi_seconds(p["full"]), r


def test_trees_exercise_both():
    """The trees above cover limits and no limits, PSI and none (so that the test can fail)."""
    limited = unlimited = with_psi = 0
    for t in TREES:
        with open(t) as f:
            want = json.load(f)
        if want["cgroup"]["memory"]["effective_max"] is None:
            unlimited += 1
        else:
            limited += 1
        with_psi += want["pressure"]["cpu"] is not None
    assert limited and unlimited and with_psi, (limited, unlimited, with_psi)


def read_psi():
    """{(resource, some|full): seconds} of /proc/pressure, read here."""
    out = {}
    for r in RESOURCES:
        try:
            with open("/proc/pressure/" + r) as f:
                text = f.read()
        except OSError:
            continue
        for line in text.splitlines():
            kind, rest = line.split(None, 1)
            out[(r, kind)] = int(dict(x.split("=") for x in rest.split())["total"]) / 1e6
    return out


def test_live_pressure_between_two_reads():
    before = read_psi()
    if not before:
        pytest.skip("no /proc/pressure on this kernel (CONFIG_PSI off or psi=0)")
    e = metrics(collectors="pressure")
    after = read_psi()
    compared = 0
    for (r, kind), lo in before.items():
        if r == "irq" and kind == "some":
            continue  # the kernel has no irq some line; not exported
        name = "node_pressure_%s_%s_seconds_total" % (r, "waiting" if kind == "some" else "stalled")
        v = one(e, name)
        assert v is not None and ex.within(v, lo, after[(r, kind)]), (name, lo, v, after[(r, kind)])
        compared += 1
    assert compared >= 4, compared


def own_cgroup_v2_dir():
    """The cgroupfs directory of this process's v2 cgroup, None on v1 only or hybrid without
    a v2 one mounted where /proc/self/mountinfo says."""
    with open("/proc/self/cgroup") as f:
        line = next((l for l in f if l.startswith("0::")), None)
    if line is None:
        return None
    path = line.strip()[3:]
    with open("/proc/self/mountinfo") as f:
        for l in f:
            fields = l.split()
            if fields[fields.index("-") + 1] == "cgroup2":
                root, mnt = fields[3], fields[4]
                rel = os.path.relpath(path, root)
                d = os.path.normpath(os.path.join(mnt, rel))
                return d if os.path.isdir(d) else None
    return None


def test_live_cgroup_against_cgroupfs():
    """psinfo_cgroup_pids and the PSI of psinfo's own cgroup against its cgroupfs files, read
    here before and after; psinfo_cgroup_info names the path /proc/self/cgroup gives."""
    e = metrics(collectors="cgroup")
    with open("/proc/self/cgroup") as f:
        paths = {l.split(":", 2)[2].strip() for l in f}
    info = e.series("psinfo_cgroup_info")
    assert info, "no psinfo_cgroup_info on a Linux machine with /proc/self/cgroup"
    # psinfo runs as a child of this test, in the same cgroups.
    assert {dict(k)["path"] for k in info} <= paths | {"/"}, (info, paths)
    if {dict(k)["version"] for k in info} != {"v2"}:
        pytest.skip("not a cgroup v2 only machine: the CPU usage comes from v1's cpuacct")
    d = own_cgroup_v2_dir()
    assert d and os.path.exists(os.path.join(d, "cpu.stat")), d
    with open(os.path.join(d, "cpu.stat")) as f:
        stat = dict(l.split() for l in f)
    e2 = metrics(collectors="cgroup")
    with open(os.path.join(d, "cpu.stat")) as f:
        stat2 = dict(l.split() for l in f)
    for mode in ("user", "system"):
        v = one(e2, "psinfo_cgroup_cpu_usage_seconds_total", mode=mode)
        assert ex.within(v, int(stat[mode + "_usec"]) / 1e6, int(stat2[mode + "_usec"]) / 1e6), mode
