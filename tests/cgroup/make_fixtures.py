#!/usr/bin/env python3
"""Writes the hand-made cgroup fixture trees of tests/fixtures (cgroup-v2-systemd,
cgroup-v2-container, cgroup-v2-nested, cgroup-v1-cpuacct, cgroup-none): each file in the format
of Documentation/admin-guide/cgroup-v2.rst, cgroup-v1/*.rst, accounting/psi.rst and
filesystems/proc.rst, and cgroup.json with the values worked out by hand from those files
(the arithmetic is written out below; nothing here calls psinfo).

usage: make_fixtures.py tests/fixtures   (the trees are committed; run it after a change here)
"""
import json, os, sys

ROOT = sys.argv[1]

def w(tree, rel, text):
    p = os.path.join(ROOT, tree, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)

STAT = "4242 (app) S 1 4242 4242 0 -1 4194560 1200 0 3 0 150 40 0 0 20 0 4 0 123456 104857600 5000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"

def status(cpus):
    return ("Name:\tapp\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nNgid:\t0\nPid:\t4242\nPPid:\t1\n"
            "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nThreads:\t4\n"
            "Cpus_allowed:\tff\nCpus_allowed_list:\t%s\nMems_allowed_list:\t0\n"
            "voluntary_ctxt_switches:\t10\nnonvoluntary_ctxt_switches:\t2\n" % cpus)

MEMINFO = ("MemTotal:        8000000 kB\nMemFree:         1000000 kB\nMemAvailable:    6000000 kB\n"
           "Buffers:          100000 kB\nCached:          3000000 kB\nSwapCached:            0 kB\n"
           "Active:          2000000 kB\nInactive:        2000000 kB\nShmem:             10000 kB\n"
           "SReclaimable:     200000 kB\nSlab:             300000 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n")

def psi(some, full):
    out = ""
    if some is not None:
        out += "some avg10=%s avg60=%s avg300=%s total=%d\n" % some
    if full is not None:
        out += "full avg10=%s avg60=%s avg300=%s total=%d\n" % full
    return out

def psi_exp(some, full):
    f = lambda t: None if t is None else {"avg10": float(t[0]), "avg60": float(t[1]), "avg300": float(t[2]), "total": t[3]}
    return {"some": f(some), "full": f(full)}

def proc(tree, cgroup, cpus="0-7", mount_lines="", pids=(4242,)):
    for pid in pids:
        w(tree, "proc/%d/stat" % pid, STAT.replace("4242", str(pid), 1))
        w(tree, "proc/%d/status" % pid, status(cpus))
        w(tree, "proc/%d/cgroup" % pid, cgroup if pid == 4242 else cgroup_other)
    w(tree, "proc/self/cgroup", cgroup)
    w(tree, "proc/self/mountinfo", mount_lines)
    w(tree, "proc/meminfo", MEMINFO)
    # btime only: a process's create time (its start ticks + btime), which psinfo.process_iter
    # reads for every process as the process's identity.
    w(tree, "proc/stat", "btime 1700000000\n")

def expect(tree, obj):
    w(tree, "cgroup.json", json.dumps(obj, indent=2, sort_keys=False) + "\n")

NULL_CPU = {k: None for k in ("quota", "period", "limit", "weight", "shares", "cpus", "mems", "usage",
                              "user", "system", "nr_periods", "nr_throttled", "throttled_time")}
NULL_MEM = {k: None for k in ("max", "high", "low", "min", "swap_max", "effective_max", "current", "peak",
                              "swap_current", "anon", "file", "kernel", "shmem", "active_file",
                              "inactive_file", "working_set", "available", "oom", "oom_kill")}
NULL_PSI = {"cpu": None, "memory": None, "io": None, "irq": None}

# ---- 1. v2 on a systemd host: only memory and pids enabled for the session (systemd's default)
T = "cgroup-v2-systemd"
MI = ("22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n"
      "23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
      "24 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw\n"
      "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n")
proc(T, "0::/user.slice/user-1000.slice/session-2.scope\n", cpus="0-7", mount_lines=MI)
G = "sys/fs/cgroup/"
w(T, G + "cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n")
w(T, G + "cpu.stat", "usage_usec 99000000000\nuser_usec 60000000000\nsystem_usec 39000000000\n")
for d, ctl in (("user.slice/", "memory pids\n"), ("user.slice/user-1000.slice/", "memory pids\n"),
               ("user.slice/user-1000.slice/session-2.scope/", "memory pids\n")):
    w(T, G + d + "cgroup.controllers", ctl)
    w(T, G + d + "memory.max", "max\n")
    w(T, G + d + "pids.max", "max\n")
S = G + "user.slice/user-1000.slice/session-2.scope/"
w(T, G + "user.slice/user-1000.slice/pids.max", "38449\n")
w(T, S + "cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\ncore_sched.force_idle_usec 0\n")
w(T, S + "memory.high", "max\n")
w(T, S + "memory.low", "0\n")
w(T, S + "memory.min", "0\n")
w(T, S + "memory.swap.max", "max\n")
w(T, S + "memory.current", "52428800\n")
w(T, S + "memory.peak", "104857600\n")
w(T, S + "memory.swap.current", "0\n")
w(T, S + "memory.stat", "anon 20971520\nfile 26214400\nkernel 5242880\nkernel_stack 294912\npagetables 819200\n"
  "sock 0\nshmem 1048576\nfile_mapped 8388608\nfile_dirty 4096\nfile_writeback 0\nanon_thp 0\n"
  "inactive_anon 19922944\nactive_anon 1048576\ninactive_file 16777216\nactive_file 9437184\n"
  "unevictable 0\nslab_reclaimable 3145728\nslab_unreclaimable 1048576\nslab 4194304\npgfault 12000\npgmajfault 30\n")
w(T, S + "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n")
w(T, S + "pids.current", "12\n")
w(T, S + "cpu.pressure", psi(("0.50", "0.25", "0.10", 1500000), ("0.00", "0.00", "0.00", 20000)))
w(T, S + "memory.pressure", psi(("0.00", "0.00", "0.00", 0), ("0.00", "0.00", "0.00", 0)))
w(T, S + "io.pressure", psi(("1.25", "0.75", "0.30", 7000000), ("1.00", "0.50", "0.20", 5000000)))
w(T, "proc/pressure/cpu", psi(("12.34", "10.00", "8.50", 987654321), ("0.00", "0.00", "0.00", 0)))
w(T, "proc/pressure/memory", psi(("0.10", "0.05", "0.01", 4321), ("0.05", "0.02", "0.00", 1234)))
w(T, "proc/pressure/io", psi(("2.00", "1.50", "1.00", 8000000), ("1.50", "1.00", "0.50", 6000000)))
cpu = dict(NULL_CPU, usage=2.5, user=2.0, system=0.5, effective_cpus=8)
mem = dict(NULL_MEM, low=0, min=0, current=52428800, peak=104857600, swap_current=0, anon=20971520, file=26214400,
           kernel=5242880, shmem=1048576, active_file=9437184, inactive_file=16777216,
           working_set=52428800 - 16777216, oom=0, oom_kill=0)
expect(T, {"cgroup": {
    "version": "v2",
    "paths": {"unified": "/user.slice/user-1000.slice/session-2.scope"},
    "cpu": cpu, "memory": mem, "pids": {"max": None, "current": 12}, "io": {},
    "pressure": {"cpu": psi_exp(("0.50", "0.25", "0.10", 1500000), ("0.00", "0.00", "0.00", 20000)),
                 "memory": psi_exp(("0.00", "0.00", "0.00", 0), ("0.00", "0.00", "0.00", 0)),
                 "io": psi_exp(("1.25", "0.75", "0.30", 7000000), ("1.00", "0.50", "0.20", 5000000)),
                 "irq": None}},
  "pressure": {"cpu": psi_exp(("12.34", "10.00", "8.50", 987654321), ("0.00", "0.00", "0.00", 0)),
               "memory": psi_exp(("0.10", "0.05", "0.01", 4321), ("0.05", "0.02", "0.00", 1234)),
               "io": psi_exp(("2.00", "1.50", "1.00", 8000000), ("1.50", "1.00", "0.50", 6000000)),
               "irq": None},
  "cpu_limit": None,
  "virtual_memory_effective": {"total": 8000000 * 1024, "available": 6000000 * 1024, "limit": None}})

# ---- 2. v2 inside a container: its own cgroup namespace (the mount's root is its cgroup, seen
# as "/"), CPU, memory, pids and io limits. Process 4243 sits outside the namespace.
T = "cgroup-v2-container"
MI = ("600 500 0:120 / / rw,relatime - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w\n"
      "601 600 0:123 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
      "605 600 0:127 / /sys ro,nosuid,nodev,noexec,relatime - sysfs sysfs ro\n"
      "606 605 0:30 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw,nsdelegate\n")
cgroup_other = "0::/../../system.slice/other.scope\n"
proc(T, "0::/\n", cpus="0-7", mount_lines=MI, pids=(4242, 4243))
w(T, G + "cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n")
w(T, G + "cpu.max", "150000 100000\n")
w(T, G + "cpu.weight", "100\n")
w(T, G + "cpu.stat", "usage_usec 7200000\nuser_usec 5400000\nsystem_usec 1800000\nnr_periods 400\n"
  "nr_throttled 25\nthrottled_usec 1250000\nnr_bursts 0\nburst_usec 0\n")
w(T, G + "cpuset.cpus.effective", "0-3\n")
w(T, G + "cpuset.mems.effective", "0\n")
w(T, G + "memory.max", "536870912\n")
w(T, G + "memory.high", "max\n")
w(T, G + "memory.low", "0\n")
w(T, G + "memory.min", "0\n")
w(T, G + "memory.swap.max", "536870912\n")
w(T, G + "memory.current", "314572800\n")
w(T, G + "memory.peak", "400000000\n")
w(T, G + "memory.swap.current", "1048576\n")
w(T, G + "memory.stat", "anon 209715200\nfile 94371840\nkernel 10485760\nshmem 0\n"
  "inactive_anon 200000000\nactive_anon 9715200\ninactive_file 62914560\nactive_file 31457280\n"
  "unevictable 0\npgfault 50000\npgmajfault 12\n")
w(T, G + "memory.events", "low 0\nhigh 0\nmax 42\noom 2\noom_kill 1\noom_group_kill 0\n")
w(T, G + "pids.max", "100\n")
w(T, G + "pids.current", "7\n")
w(T, G + "io.max", "8:0 rbps=1048576 wbps=max riops=max wiops=120\n")
w(T, G + "io.stat", "8:0 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0 cost.vrate=135.00 cost.usage=0\n"
  "253:0 rbytes=90430464 wbytes=299008000 rios=8950 wios=1252 dbytes=50331648 dios=3021\n")
w(T, G + "cpu.pressure", psi(("3.00", "2.00", "1.00", 600000), ("1.00", "0.50", "0.25", 200000)))
w(T, G + "memory.pressure", psi(("0.00", "0.00", "0.00", 100), ("0.00", "0.00", "0.00", 50)))
w(T, G + "io.pressure", psi(("0.00", "0.00", "0.00", 0), ("0.00", "0.00", "0.00", 0)))
w(T, G + "irq.pressure", psi(None, ("0.10", "0.05", "0.02", 3000)))
# No /proc/pressure: PSI disabled on the host.
cpu = dict(NULL_CPU, quota=0.15, period=0.1, limit=1.5, effective_cpus=2, weight=100, cpus=[0, 1, 2, 3],
           mems=[0], usage=7.2, user=5.4, system=1.8, nr_periods=400, nr_throttled=25, throttled_time=1.25)
ws = 314572800 - 62914560
mem = dict(NULL_MEM, max=536870912, low=0, min=0, swap_max=536870912, effective_max=536870912,
           current=314572800, peak=400000000, swap_current=1048576, anon=209715200, file=94371840,
           kernel=10485760, shmem=0, active_file=31457280, inactive_file=62914560, working_set=ws,
           available=536870912 - ws, oom=2, oom_kill=1)
io = {"8:0": {"rbps": 1048576, "wbps": None, "riops": None, "wiops": 120, "rbytes": 1459200,
              "wbytes": 314773504, "rios": 192, "wios": 353, "dbytes": 0, "dios": 0},
      "253:0": {"rbps": None, "wbps": None, "riops": None, "wiops": None, "rbytes": 90430464,
                "wbytes": 299008000, "rios": 8950, "wios": 1252, "dbytes": 50331648, "dios": 3021}}
expect(T, {"cgroup": {
    "version": "v2", "paths": {"unified": "/"}, "cpu": cpu, "memory": mem,
    "pids": {"max": 100, "current": 7}, "io": io,
    "pressure": {"cpu": psi_exp(("3.00", "2.00", "1.00", 600000), ("1.00", "0.50", "0.25", 200000)),
                 "memory": psi_exp(("0.00", "0.00", "0.00", 100), ("0.00", "0.00", "0.00", 50)),
                 "io": psi_exp(("0.00", "0.00", "0.00", 0), ("0.00", "0.00", "0.00", 0)),
                 "irq": psi_exp(None, ("0.10", "0.05", "0.02", 3000))}},
  "outside": {"version": "v2", "paths": {"unified": "/../../system.slice/other.scope"},
              "cpu": dict(NULL_CPU, effective_cpus=8), "memory": NULL_MEM,
              "pids": {"max": None, "current": None}, "io": {}, "pressure": NULL_PSI},
  "pressure": NULL_PSI,
  "cpu_limit": 1.5,
  "virtual_memory_effective": {"total": 536870912, "available": 536870912 - ws, "limit": 536870912}})

# ---- 3. v2, nested limits: the parent (system.slice) is tighter than the service
T = "cgroup-v2-nested"
MI = "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw\n"
proc(T, "0::/system.slice/app.service\n", cpus="0-3", mount_lines=MI)
w(T, G + "cgroup.controllers", "cpu io memory pids\n")
w(T, G + "cpu.stat", "usage_usec 1\nuser_usec 1\nsystem_usec 0\n")
P = G + "system.slice/"
A = P + "app.service/"
for d in (P, A):
    w(T, d + "cgroup.controllers", "cpu memory pids\n")
w(T, P + "cpu.max", "50000 100000\n")
w(T, A + "cpu.max", "max 100000\n")
w(T, P + "memory.max", "268435456\n")
w(T, P + "memory.current", "200000000\n")
w(T, P + "memory.stat", "anon 150000000\nfile 50000000\ninactive_file 50000000\nactive_file 0\n")
w(T, A + "memory.max", "1073741824\n")
w(T, A + "memory.current", "100000000\n")
w(T, A + "memory.stat", "anon 90000000\nfile 10000000\ninactive_file 10000000\nactive_file 0\n")
w(T, A + "cpu.stat", "usage_usec 3000000\nuser_usec 2000000\nsystem_usec 1000000\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n")
w(T, A + "cpu.weight", "100\n")
w(T, A + "pids.max", "max\n")
w(T, A + "pids.current", "3\n")
cpu = dict(NULL_CPU, quota=None, period=0.1, limit=0.5, effective_cpus=1, weight=100, usage=3.0,
           user=2.0, system=1.0, nr_periods=0, nr_throttled=0, throttled_time=0.0)
mem = dict(NULL_MEM, max=1073741824, effective_max=268435456, current=100000000, anon=90000000,
           file=10000000, active_file=0, inactive_file=10000000, working_set=90000000,
           available=268435456 - (200000000 - 50000000))
expect(T, {"cgroup": {"version": "v2", "paths": {"unified": "/system.slice/app.service"}, "cpu": cpu,
                      "memory": mem, "pids": {"max": None, "current": 3}, "io": {},
                      "pressure": NULL_PSI},
           "pressure": NULL_PSI, "cpu_limit": 0.5,
           "virtual_memory_effective": {"total": 268435456, "available": 268435456 - 150000000,
                                        "limit": 268435456}})

# ---- 4. v1, cpu and cpuacct co-mounted: a container's hierarchies bind-mounted at its own
# cgroup (no cgroup namespace), an ancestor's memory limit only in hierarchical_memory_limit
T = "cgroup-v1-cpuacct"
C = "/docker/0123456789ab"
MI = ("25 24 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec - tmpfs tmpfs ro,mode=755\n"
      "26 25 0:23 %s /sys/fs/cgroup/systemd ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,xattr,name=systemd\n"
      "27 25 0:25 %s /sys/fs/cgroup/cpu,cpuacct ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,cpu,cpuacct\n"
      "28 25 0:26 %s /sys/fs/cgroup/memory ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,memory\n"
      "29 25 0:27 %s /sys/fs/cgroup/pids ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,pids\n"
      "30 25 0:28 %s /sys/fs/cgroup/blkio ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,blkio\n"
      "31 25 0:29 %s /sys/fs/cgroup/cpuset ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,cpuset\n"
      "32 25 0:30 %s /sys/fs/cgroup/devices ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,devices\n") % ((C,) * 7)
CG = ("12:pids:%s\n11:blkio:%s\n10:devices:%s\n8:memory:%s\n6:cpuset:%s\n3:cpu,cpuacct:%s\n"
      "1:name=systemd:%s\n0::/system.slice/containerd.service\n") % ((C,) * 7)
proc(T, CG, cpus="0-3", mount_lines=MI)
D = "sys/fs/cgroup/cpu,cpuacct/"
w(T, D + "cpu.cfs_quota_us", "200000\n")
w(T, D + "cpu.cfs_period_us", "100000\n")
w(T, D + "cpu.shares", "512\n")
w(T, D + "cpu.stat", "nr_periods 100\nnr_throttled 5\nthrottled_time 123456789\n")
w(T, D + "cpuacct.usage", "5000000000\n")
w(T, D + "cpuacct.stat", "user 300\nsystem 150\n")
M = "sys/fs/cgroup/memory/"
w(T, M + "memory.limit_in_bytes", "1073741824\n")
w(T, M + "memory.soft_limit_in_bytes", "9223372036854771712\n")
w(T, M + "memory.memsw.limit_in_bytes", "2147483648\n")
w(T, M + "memory.usage_in_bytes", "500000000\n")
w(T, M + "memory.max_usage_in_bytes", "600000000\n")
w(T, M + "memory.memsw.usage_in_bytes", "520000000\n")
w(T, M + "memory.stat", "cache 150000000\nrss 300000000\nrss_huge 0\nshmem 4096\nmapped_file 1000000\n"
  "inactive_anon 290000000\nactive_anon 10000000\ninactive_file 100000000\nactive_file 50000000\n"
  "unevictable 0\nhierarchical_memory_limit 805306368\nhierarchical_memsw_limit 9223372036854771712\n"
  "total_cache 150000000\ntotal_rss 300000000\ntotal_rss_huge 0\ntotal_shmem 4096\n"
  "total_mapped_file 1000000\ntotal_inactive_anon 290000000\ntotal_active_anon 10000000\n"
  "total_inactive_file 100000000\ntotal_active_file 50000000\ntotal_unevictable 0\n")
w(T, M + "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n")
w(T, "sys/fs/cgroup/pids/pids.max", "512\n")
w(T, "sys/fs/cgroup/pids/pids.current", "9\n")
B = "sys/fs/cgroup/blkio/"
w(T, B + "blkio.throttle.read_bps_device", "8:0 10485760\n")
w(T, B + "blkio.throttle.write_bps_device", "")
w(T, B + "blkio.throttle.read_iops_device", "")
w(T, B + "blkio.throttle.write_iops_device", "8:0 100\n")
w(T, B + "blkio.throttle.io_service_bytes_recursive",
  "8:0 Read 4096000\n8:0 Write 8192000\n8:0 Sync 12288000\n8:0 Async 0\n8:0 Discard 0\n8:0 Total 12288000\n"
  "8:16 Read 1024\n8:16 Write 0\n8:16 Sync 1024\n8:16 Async 0\n8:16 Discard 512\n8:16 Total 1536\nTotal 12289536\n")
w(T, B + "blkio.throttle.io_serviced_recursive",
  "8:0 Read 100\n8:0 Write 200\n8:0 Sync 300\n8:0 Async 0\n8:0 Discard 0\n8:0 Total 300\n"
  "8:16 Read 1\n8:16 Write 0\n8:16 Sync 1\n8:16 Async 0\n8:16 Discard 1\n8:16 Total 2\nTotal 302\n")
w(T, "sys/fs/cgroup/cpuset/cpuset.effective_cpus", "0-1\n")
w(T, "sys/fs/cgroup/cpuset/cpuset.effective_mems", "0\n")
cpu = dict(NULL_CPU, quota=0.2, period=0.1, limit=2.0, effective_cpus=2, shares=512, cpus=[0, 1],
           mems=[0], usage=5.0, user=3.0, system=1.5, nr_periods=100, nr_throttled=5,
           throttled_time=0.123456789)
ws = 500000000 - 100000000
mem = dict(NULL_MEM, max=1073741824, swap_max=1073741824, effective_max=805306368, current=500000000,
           peak=600000000, swap_current=20000000, anon=300000000, file=150000000, shmem=4096,
           active_file=50000000, inactive_file=100000000, working_set=ws, available=805306368 - ws,
           oom_kill=3)
io = {"8:0": {"rbps": 10485760, "wbps": None, "riops": None, "wiops": 100, "rbytes": 4096000,
              "wbytes": 8192000, "rios": 100, "wios": 200, "dbytes": 0, "dios": 0},
      "8:16": {"rbps": None, "wbps": None, "riops": None, "wiops": None, "rbytes": 1024, "wbytes": 0,
               "rios": 1, "wios": 0, "dbytes": 512, "dios": 1}}
paths = {"pids": C, "blkio": C, "devices": C, "memory": C, "cpuset": C, "cpu,cpuacct": C,
         "name=systemd": C, "unified": "/system.slice/containerd.service"}
expect(T, {"cgroup": {"version": "v1", "paths": paths, "cpu": cpu, "memory": mem,
                      "pids": {"max": 512, "current": 9}, "io": io, "pressure": NULL_PSI},
           "pressure": NULL_PSI, "cpu_limit": 2.0,
           "virtual_memory_effective": {"total": 805306368, "available": 805306368 - ws,
                                        "limit": 805306368}})

# ---- 5. no cgroupfs mounted (the kernel has cgroup2, nobody mounted it)
T = "cgroup-none"
MI = "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
proc(T, "0::/\n", cpus="0-1", mount_lines=MI)
expect(T, {"cgroup": {"version": None, "paths": {"unified": "/"}, "cpu": dict(NULL_CPU, effective_cpus=2),
                      "memory": NULL_MEM, "pids": {"max": None, "current": None}, "io": {},
                      "pressure": NULL_PSI},
           "pressure": NULL_PSI, "cpu_limit": None,
           "virtual_memory_effective": {"total": 8000000 * 1024, "available": 6000000 * 1024, "limit": None}})
