#!/usr/bin/python3
"""Records this machine's cgroup files into a fixture tree, with the expected values.

usage: record_fixture.py OUT_DIR   (as root, where the cgroupfs is writable)

A process is started in a scratch cgroup (scratch_cgroup.py: a CPU quota of half a CPU, 100
MiB of memory, 64 pids, a read limit on one disk), then its /proc files (as proc/4242 and
proc/self), the cgroup lines of /proc/self/mountinfo, /proc/pressure, /proc/meminfo and, for
each of its hierarchies, the cgroup files of its cgroup and of every ancestor up to the mount
point are copied under OUT_DIR (mount points under /sys go to OUT_DIR/sys). OpenJDK, run in
the same cgroup, prints what it detects (OUT_DIR/openjdk.txt).

cgroup.json is then worked out here from the copied files alone (the kernel's formats and
units; nothing of psinfo), and checked against OpenJDK's figures. This machine's layout is
v1 controllers with the unified hierarchy beside them (hybrid): the recorder works out v1
controllers and the unified hierarchy's PSI, which is what such a machine has.
"""

import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scratch_cgroup  # noqa: E402

PID = 4242
FILES = [
    "cgroup.controllers", "cpu.max", "cpu.weight", "cpu.stat", "cpu.cfs_quota_us",
    "cpu.cfs_period_us", "cpu.shares", "cpuacct.usage", "cpuacct.stat", "cpuset.cpus",
    "cpuset.mems", "cpuset.effective_cpus", "cpuset.effective_mems", "cpuset.cpus.effective",
    "cpuset.mems.effective", "memory.max", "memory.high", "memory.low", "memory.min",
    "memory.swap.max", "memory.current", "memory.peak", "memory.swap.current", "memory.stat",
    "memory.events", "memory.limit_in_bytes", "memory.soft_limit_in_bytes",
    "memory.memsw.limit_in_bytes", "memory.usage_in_bytes", "memory.max_usage_in_bytes",
    "memory.memsw.usage_in_bytes", "memory.oom_control", "pids.max", "pids.current", "io.max",
    "io.stat", "blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
    "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
    "blkio.throttle.io_service_bytes_recursive", "blkio.throttle.io_service_bytes",
    "blkio.throttle.io_serviced_recursive", "blkio.throttle.io_serviced", "cpu.pressure",
    "memory.pressure", "io.pressure", "irq.pressure"]
V1_UNLIMITED = (1 << 63) - (1 << 20)


def read(path):
    with open(path) as f:
        return f.read()


def copy_text(text, out, rel):
    p = os.path.join(out, rel.lstrip("/"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)



def record(out, pid):
    copy_text(read("/proc/%d/cgroup" % pid), out, "proc/%d/cgroup" % PID)
    copy_text(read("/proc/%d/cgroup" % pid), out, "proc/self/cgroup")
    copy_text(read("/proc/%d/stat" % pid), out, "proc/%d/stat" % PID)
    copy_text(read("/proc/%d/status" % pid), out, "proc/%d/status" % PID)
    copy_text(read("/proc/meminfo"), out, "proc/meminfo")
    # The btime line only (a process's create time, its identity for process_iter).
    copy_text("".join(l for l in read("/proc/stat").splitlines(True) if l.startswith("btime ")),
              out, "proc/stat")
    lines = [l for l in read("/proc/self/mountinfo").splitlines(True)
             if " - cgroup " in l or " - cgroup2 " in l or " /sys/fs/cgroup " in l]
    copy_text("".join(lines), out, "proc/self/mountinfo")
    for r in ("cpu", "memory", "io", "irq"):
        try:
            copy_text(read("/proc/pressure/" + r), out, "proc/pressure/" + r)
        except OSError:
            pass
    cgroups = {}
    with open("/proc/%d/cgroup" % pid) as f:
        for line in f:
            _, ctl, path = line.rstrip("\n").split(":", 2)
            cgroups[ctl] = path
    for typ, root, mp, opts in scratch_cgroup.mounts():
        for ctl, path in cgroups.items():
            if (typ == "cgroup2") != (ctl == "") or (ctl and not set(ctl.split(",")) <= set(opts)):
                continue
            if root != "/" and not (path == root or path.startswith(root + "/")):
                continue
            rel = path if root == "/" else path[len(root):] or "/"
            d = os.path.normpath(os.path.join(mp, rel.lstrip("/")))
            while True:
                for name in FILES:
                    try:
                        copy_text(read(os.path.join(d, name)), out, os.path.join(d, name))
                    except OSError:
                        pass
                if len(d) <= len(mp):
                    break
                d = os.path.dirname(d)


# ---- the expected values, from the copied files -------------------------------------------

class Tree:
    def __init__(self, out):
        self.out = out

    def text(self, path):
        try:
            return read(os.path.join(self.out, path.lstrip("/")))
        except OSError:
            return None

    def num(self, path):
        t = self.text(path)
        return None if t is None else int(t.strip())

    def keyed(self, path):
        t = self.text(path)
        if t is None:
            return None
        return {k: int(v) for k, v in (l.split() for l in t.splitlines() if l.strip())}


def cpu_list(text):
    out = []
    for part in text.strip().split(","):
        if part:
            a, _, b = part.partition("-")
            out += list(range(int(a), int(b or a) + 1))
    return out


def psi(text):
    if text is None:
        return None
    out = {"some": None, "full": None}
    for line in text.splitlines():
        kind, *kv = line.split()
        d = dict(x.split("=") for x in kv)
        out[kind] = {"avg10": float(d["avg10"]), "avg60": float(d["avg60"]),
                     "avg300": float(d["avg300"]), "total": int(d["total"])}
    return out


def expected(out, openjdk):
    t = Tree(out)
    cg = {}
    for line in t.text("proc/%d/cgroup" % PID).splitlines():
        _, ctl, path = line.split(":", 2)
        cg[ctl] = path
    mounts = []
    for line in t.text("proc/self/mountinfo").splitlines():
        left, _, right = line.partition(" - ")
        f, r = left.split(), right.split()
        if r[0] in ("cgroup", "cgroup2"):
            mounts.append((r[0], f[3], f[4], r[2].split(",")))
    assert any(m[0] == "cgroup2" for m in mounts), "this recorder knows hybrid layouts"

    def where(ctl):
        """(directory, mount point) of the hierarchy whose controllers hold ctl."""
        for typ, root, mp, opts in mounts:
            for c, path in cg.items():
                if typ == "cgroup" and c and ctl in c.split(",") and ctl in opts:
                    rel = path if root == "/" else path[len(root):] or "/"
                    return os.path.normpath(mp + rel), mp
        return None, None

    def levels(d, mp):
        while True:
            yield d
            if len(d) <= len(mp):
                return
            d = os.path.dirname(d)

    status = t.text("proc/%d/status" % PID)
    affinity = len(cpu_list(re.search(r"Cpus_allowed_list:\s*(\S+)", status).group(1)))
    cpu_dir, cpu_mp = where("cpu")
    quota = t.num(cpu_dir + "/cpu.cfs_quota_us")
    period = t.num(cpu_dir + "/cpu.cfs_period_us")
    limits = []
    for d in levels(cpu_dir, cpu_mp):
        q = t.num(d + "/cpu.cfs_quota_us")
        if q is not None and q >= 0:
            limits.append(q / t.num(d + "/cpu.cfs_period_us"))
    limit = min(limits) if limits else None
    stat = t.keyed(cpu_dir + "/cpu.stat")
    acct_dir, _ = where("cpuacct")
    acct = t.keyed(acct_dir + "/cpuacct.stat")
    tck = os.sysconf("SC_CLK_TCK")
    cpuset_dir, _ = where("cpuset")
    cpu = {
        "quota": None if quota < 0 else quota / 1e6, "period": period / 1e6, "limit": limit,
        "effective_cpus": affinity if limit is None else min(affinity, math.ceil(limit)),
        "weight": None, "shares": t.num(cpu_dir + "/cpu.shares"),
        "cpus": cpu_list(t.text(cpuset_dir + "/cpuset.effective_cpus")),
        "mems": cpu_list(t.text(cpuset_dir + "/cpuset.effective_mems")),
        "usage": t.num(acct_dir + "/cpuacct.usage") / 1e9, "user": acct["user"] / tck,
        "system": acct["system"] / tck, "nr_periods": stat["nr_periods"],
        "nr_throttled": stat["nr_throttled"], "throttled_time": stat["throttled_time"] / 1e9}

    mem_dir, mem_mp = where("memory")
    lim = lambda v: None if v is None or v >= V1_UNLIMITED else v
    ms = t.keyed(mem_dir + "/memory.stat")
    mx = lim(t.num(mem_dir + "/memory.limit_in_bytes"))
    memsw = lim(t.num(mem_dir + "/memory.memsw.limit_in_bytes"))
    current = t.num(mem_dir + "/memory.usage_in_bytes")
    memsw_use = t.num(mem_dir + "/memory.memsw.usage_in_bytes")
    eff, avail = None, None
    for d in levels(mem_dir, mem_mp):
        l = lim(t.num(d + "/memory.limit_in_bytes"))
        if l is None:
            continue
        s = t.keyed(d + "/memory.stat")
        ws = max(0, t.num(d + "/memory.usage_in_bytes") - s["total_inactive_file"])
        eff = l if eff is None else min(eff, l)
        avail = max(0, l - ws) if avail is None else min(avail, max(0, l - ws))
    hml = lim(ms["hierarchical_memory_limit"])
    ws = max(0, current - ms["total_inactive_file"])
    if hml is not None and (eff is None or hml < eff):
        eff = hml
        avail = max(0, hml - ws) if avail is None else min(avail, max(0, hml - ws))
    memory = {
        "max": mx, "high": None, "low": lim(t.num(mem_dir + "/memory.soft_limit_in_bytes")),
        "min": None, "swap_max": memsw - mx if memsw is not None and mx is not None else None,
        "effective_max": eff, "current": current,
        "peak": t.num(mem_dir + "/memory.max_usage_in_bytes"),
        "swap_current": max(0, memsw_use - current) if memsw_use is not None else None,
        "anon": ms["total_rss"], "file": ms["total_cache"], "kernel": None,
        "shmem": ms["total_shmem"], "active_file": ms["total_active_file"],
        "inactive_file": ms["total_inactive_file"], "working_set": ws, "available": avail,
        "oom": None, "oom_kill": t.keyed(mem_dir + "/memory.oom_control").get("oom_kill"),
        "stat": ms}

    pids_dir, _ = where("pids")
    pmax = t.text(pids_dir + "/pids.max")
    pids = {"max": None if pmax is None or pmax.strip() == "max" else int(pmax),
            "current": t.num(pids_dir + "/pids.current")}

    blk_dir, _ = where("blkio")
    io = {}
    empty = {k: None for k in ("rbps", "wbps", "riops", "wiops", "rbytes", "wbytes", "rios",
                               "wios", "dbytes", "dios")}
    for name, key in (("read_bps_device", "rbps"), ("write_bps_device", "wbps"),
                      ("read_iops_device", "riops"), ("write_iops_device", "wiops")):
        for line in (t.text(blk_dir + "/blkio.throttle." + name) or "").splitlines():
            dev, v = line.split()
            io.setdefault(dev, dict(empty))[key] = int(v)
    for name, keys in (("io_service_bytes_recursive", ("rbytes", "wbytes", "dbytes")),
                       ("io_serviced_recursive", ("rios", "wios", "dios"))):
        for line in (t.text(blk_dir + "/blkio.throttle." + name) or "").splitlines():
            f = line.split()
            if len(f) != 3:
                continue
            k = {"Read": keys[0], "Write": keys[1], "Discard": keys[2]}.get(f[1])
            if k:
                io.setdefault(f[0], dict(empty))[k] = int(f[2])

    v2 = [m for m in mounts if m[0] == "cgroup2"][0]
    v2_dir = os.path.normpath(v2[2] + cg[""])
    pressure = {r: psi(t.text("%s/%s.pressure" % (v2_dir, r))) for r in ("cpu", "memory", "io",
                                                                         "irq")}
    paths = {("unified" if c == "" else c): p for c, p in cg.items()}
    mi = {k: int(v.split()[0]) * 1024 for k, v in
          (l.split(":", 1) for l in t.text("proc/meminfo").splitlines())}
    host_total, host_avail = mi["MemTotal"], mi["MemAvailable"]
    vme = {"total": host_total, "available": host_avail, "limit": None}
    if eff is not None:
        total = min(host_total, eff)
        vme = {"total": total, "available": min(host_avail, avail, total), "limit": eff}

    # OpenJDK's figures (its printing: -1 for none, "Unlimited", sizes in K/M/G with 2 digits).
    jdk = dict(re.findall(r"^\s*([A-Za-z &]+):\s*(.*?)\s*$", openjdk, re.M))
    assert int(jdk["Effective CPU Count"]) == cpu["effective_cpus"], jdk
    assert jdk["CPU Period"] == "%dus" % period, jdk
    assert jdk["CPU Quota"] == ("%dus" % quota if quota >= 0 else "-1"), jdk
    assert jdk["Memory Limit"] == "%.2fM" % (mx / 1048576), jdk
    assert jdk["Maximum Processes Limit"] == str(pids["max"]), jdk

    return {
        "pid": PID,
        "cgroup": {"version": "hybrid", "paths": paths, "cpu": cpu, "memory": memory,
                   "pids": pids, "io": io, "pressure": pressure},
        "pressure": {r: psi(t.text("proc/pressure/" + r)) for r in ("cpu", "memory", "io", "irq")},
        "cpu_limit": limit,
        "virtual_memory_effective": vme,
        "openjdk": {"effective_cpus": int(jdk["Effective CPU Count"]),
                    "quota_us": int(jdk["CPU Quota"].rstrip("us")),
                    "period_us": int(jdk["CPU Period"].rstrip("us")),
                    "memory_limit": jdk["Memory Limit"],
                    "pids_max": jdk["Maximum Processes Limit"]},
    }


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = os.path.abspath(sys.argv[1])
    if os.path.exists(out):
        shutil.rmtree(out)
    java = shutil.which("java")
    if not java:
        print("record_fixture.py: no java (openjdk-17-jre-headless)", file=sys.stderr)
        return 1
    with scratch_cgroup.ScratchCgroup("psinfo-record-%d" % os.getpid()) as cg:
        if not cg.open():
            print("record_fixture.py: " + cg.reason, file=sys.stderr)
            return 1
        sleeper = cg.spawn(["sleep", "300"])
        jdk = cg.run([java, "-XshowSettings:system", "-version"]).stderr
        time.sleep(0.2)  # let the sleeper settle (its cgroup files then hold still)
        record(out, sleeper.pid)
    with open(os.path.join(out, "openjdk.txt"), "w") as f:
        f.write(jdk)
    exp = expected(out, jdk)
    with open(os.path.join(out, "cgroup.json"), "w") as f:
        json.dump(exp, f, indent=1)
        f.write("\n")
    print("recorded %s: effective CPUs %d, memory limit %s" %
          (out, exp["cgroup"]["cpu"]["effective_cpus"], exp["openjdk"]["memory_limit"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
