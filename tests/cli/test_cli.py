"""Tests of the psinfo CLI: every function's --json (shapes and types as psutil 8's), against
/proc and /sys read here, against the files of a recorded tree (the shared fixtures'
node-exporter), exit statuses, --help, the numbers options take, the overview and `free`.

Every expected value comes from somewhere other than psinfo: /proc and /sys read here, os,
or the files of the recorded tree read here. Standard library only.
"""

import glob
import json
import os
import re
import struct
import tempfile

import pytest

from conftest import check, run_cli as run

TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def strict_loads(text):
    def no_constant(name):
        raise ValueError("non-JSON constant " + name)
    return json.loads(text, parse_constant=no_constant)


def run_json(*args, env=None):
    """Runs `psinfo ARGS --json`; returns the parsed value, or raises AssertionError."""
    rc, out, err = run(*args, "--json", env=env)
    if rc != 0:
        raise AssertionError("psinfo %s --json: exit %d, stderr %r" % (" ".join(args), rc, err))
    if out.count("\n") != 1 or not out.endswith("\n"):
        raise AssertionError("psinfo %s --json: not one line: %r" % (" ".join(args), out))
    return strict_loads(out)


# ---- psutil 8's shapes on Linux -----------------------------------------------------------
# F = float, I = int, S = str; a trailing ? means the value may be null.
SHAPES = {
    "cpu_times": [("user", "F"), ("system", "F"), ("idle", "F"), ("nice", "F?"), ("iowait", "F?"),
                  ("irq", "F?"), ("softirq", "F?"), ("steal", "F?"), ("guest", "F?"),
                  ("guest_nice", "F?")],
    "virtual_memory": [("total", "I"), ("available", "I"), ("percent", "F"), ("used", "I"),
                       ("free", "I"), ("active", "I?"), ("inactive", "I?"), ("buffers", "I?"),
                       ("cached", "I?"), ("shared", "I?"), ("slab", "I?")],
    "swap_memory": [("total", "I"), ("used", "I"), ("free", "I"), ("percent", "F"), ("sin", "I?"),
                    ("sout", "I?")],
    "cpu_stats": [("ctx_switches", "I"), ("interrupts", "I"), ("soft_interrupts", "I?"),
                  ("syscalls", "I?")],
    "cpu_freq": [("current", "F"), ("min", "F?"), ("max", "F?")],
    "users": [("name", "S"), ("terminal", "S?"), ("host", "S"), ("started", "F"), ("pid", "I?")],
}


def type_ok(v, t):
    """F float, I int, S str, B bool, A an address {"ip": str, "port": int}; "?" after it: or
    null."""
    if v is None:
        return t.endswith("?")
    t = t.rstrip("?")
    if t == "F":
        return isinstance(v, float)
    if t == "I":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "S":
        return isinstance(v, str)
    if t == "B":
        return isinstance(v, bool)
    if t == "A":
        return (isinstance(v, dict) and list(v) == ["ip", "port"] and isinstance(v["ip"], str)
                and type_ok(v["port"], "I"))
    return False


def check_fields(v, types, what):
    """v is an object with the fields of `types` [(name, type)], in that order, each of its
    type."""
    if not check(isinstance(v, dict), "%s: an object: %r" % (what, v)):
        return False
    names = [n for n, _ in types]
    if not check(list(v) == names, "%s: fields %s, expected %s" % (what, list(v), names)):
        return False
    ok = True
    for name, t in types:
        ok &= check(type_ok(v[name], t), "%s.%s: %r is not of type %s" % (what, name, v[name], t))
    return ok


def check_object(v, shape, what):
    return check_fields(v, SHAPES[shape], what)


def check_list_of(v, shape, what):
    if not check(isinstance(v, list), what + ": a list"):
        return False
    ok = True
    for i, item in enumerate(v):
        ok &= check_object(item, shape, "%s[%d]" % (what, i))
    return ok


# ---- independent readers --------------------------------------------------------------------
def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "surrogateescape")


def stat_cpu_lines(root="/proc"):
    """{'cpu': [ticks...], 'cpu0': [...], ...} in file order."""
    out = {}
    for line in read(root + "/stat").splitlines():
        if line.startswith("cpu"):
            tok = line.split()
            out[tok[0]] = [int(x) for x in tok[1:11]]
    return out


def stat_value(key, root="/proc"):
    for line in read(root + "/stat").splitlines():
        tok = line.split()
        if tok and tok[0] == key:
            return int(tok[1])
    return None


# psutil 8's names for /proc/stat's columns, in the order of the JSON object.
STAT_ORDER = ["user", "system", "idle", "nice", "iowait", "irq", "softirq", "steal", "guest",
              "guest_nice"]
STAT_COLUMN = {"user": 0, "nice": 1, "system": 2, "idle": 3, "iowait": 4, "irq": 5, "softirq": 6,
               "steal": 7, "guest": 8, "guest_nice": 9}


def times_from_ticks(ticks):
    return {n: (ticks[STAT_COLUMN[n]] / TCK if STAT_COLUMN[n] < len(ticks) else None)
            for n in STAT_ORDER}


def meminfo(root="/proc"):
    out = {}
    for line in read(root + "/meminfo").splitlines():
        key, _, rest = line.partition(":")
        tok = rest.split()
        if tok:
            out[key] = int(tok[0]) * 1024
    return out


def vmstat(root="/proc"):
    out = {}
    try:
        for line in read(root + "/vmstat").splitlines():
            tok = line.split()
            if len(tok) == 2:
                out[tok[0]] = int(tok[1])
    except OSError:
        pass
    return out


def cpu_list_count(text):
    n = 0
    for part in text.strip().split(","):
        if not part:
            continue
        a, _, b = part.partition("-")
        n += (int(b) - int(a) + 1) if b else 1
    return n


def physical_cores(sys_root, proc_root):
    for name in ("core_cpus_list", "thread_siblings_list"):
        files = glob.glob(sys_root + "/devices/system/cpu/cpu[0-9]*/topology/" + name)
        if files:
            return len({read(f).strip() for f in files})
    cores = {}
    pid = None
    for line in read(proc_root + "/cpuinfo").splitlines():
        key, _, val = line.partition(":")
        key = key.strip().lower()
        if key == "physical id":
            pid = int(val)
        elif key == "cpu cores" and pid is not None:
            cores[pid] = int(val)
    return sum(cores.values()) or None


def cpuinfo_mhz(root="/proc"):
    out = []
    for line in read(root + "/cpuinfo").splitlines():
        key, _, val = line.partition(":")
        if key.strip().lower() in ("cpu mhz", "clock", "cpu mhz dynamic"):
            out.append(float(val.strip().replace("MHz", "")))
    return out


def expected_virtual_memory(root):
    """psutil 8's virtual_memory() from the tree's meminfo (and zoneinfo for the estimate)."""
    mi = meminfo(root)
    total, free = mi["MemTotal"], mi["MemFree"]
    avail = mi.get("MemAvailable", 0)
    if not avail:
        need = ("Active(file)", "Inactive(file)", "SReclaimable")
        if any(k not in mi for k in need) or not os.path.exists(root + "/zoneinfo"):
            avail = free + mi.get("Cached", 0)
        else:
            low = sum(int(line.split()[1]) for line in read(root + "/zoneinfo").splitlines()
                      if line.strip().startswith("low")) * PAGE
            pc = mi["Active(file)"] + mi["Inactive(file)"]
            sr = mi["SReclaimable"]
            avail = int(free - low + (pc - min(pc / 2, low)) + (sr - min(sr / 2, low)))
        if avail < 0:
            avail = 0
        elif avail > total:
            avail = free
    inactive = mi.get("Inactive")
    if inactive is None and "Inact_dirty" in mi:
        inactive = mi["Inact_dirty"] + mi.get("Inact_clean", 0) + mi.get("Inact_laundry", 0)
    return {
        "total": total, "available": avail,
        "percent": round((total - avail) / total * 100, 1) if total else 0.0,
        "used": total - avail, "free": free, "active": mi.get("Active"), "inactive": inactive,
        "buffers": mi.get("Buffers"),
        "cached": mi["Cached"] + mi.get("SReclaimable", 0) if "Cached" in mi else None,
        "shared": mi.get("Shmem", mi.get("MemShared")), "slab": mi.get("Slab"),
    }


def utmp_users(path="/var/run/utmp"):
    """USER_PROCESS records of utmp (x86-64 / aarch64 glibc layout, 384 bytes)."""
    fmt = "hi32s4s32s256shhiii4i20s"
    size = struct.calcsize(fmt)
    out = []
    try:
        data = open(path, "rb").read()
    except OSError:
        return []
    for off in range(0, len(data) - size + 1, size):
        rec = struct.unpack_from(fmt, data, off)
        if rec[0] != 7:  # USER_PROCESS
            continue
        def s(b):
            return b.split(b"\0", 1)[0].decode("utf-8", "replace")
        out.append({"name": s(rec[4]), "terminal": s(rec[2]) or None, "pid": rec[1],
                    "started": float(rec[9])})
    return out


def close(a, b, tol):
    return a is not None and b is not None and abs(a - b) <= tol


# ---- 1. every function: JSON shape and types ----------------------------------------------
def test_shapes():
    v = run_json("cpu_times")
    check_object(v, "cpu_times", "cpu_times")
    v = run_json("cpu_times", "--percpu")
    check(isinstance(v, list) and len(v) >= 1, "cpu_times --percpu: a non-empty list")
    check_list_of(v, "cpu_times", "cpu_times --percpu")
    for args in (["cpu_times_percent"], ["cpu_times_percent", "--interval", "0.05"]):
        v = run_json(*args)
        if check_object(v, "cpu_times", " ".join(args)):
            check(all(x is None or 0.0 <= x <= 100.0 for x in v.values()),
                  "%s: percentages in [0, 100]: %r" % (args, v))
    v = run_json("cpu_times_percent", "--percpu", "--interval", "0.05")
    check_list_of(v, "cpu_times", "cpu_times_percent --percpu")
    v = run_json("cpu_percent", "--interval", "0.05")
    check(isinstance(v, float) and 0.0 <= v <= 100.0, "cpu_percent: a float in [0, 100]: %r" % v)
    v = run_json("cpu_percent")
    check(isinstance(v, float), "cpu_percent (default interval): a float: %r" % v)
    v = run_json("cpu_percent", "--percpu", "--interval=0.05")
    check(isinstance(v, list) and all(isinstance(x, float) and 0 <= x <= 100 for x in v),
          "cpu_percent --percpu: a list of floats in [0, 100]: %r" % v)
    v = run_json("cpu_percent", "--interval", "0")
    check(isinstance(v, float), "cpu_percent --interval 0: a float: %r" % v)
    for args in (["cpu_count"], ["cpu_count", "--no-logical"]):
        v = run_json(*args)
        check(v is None or (isinstance(v, int) and not isinstance(v, bool) and v >= 1),
              "%s: an int >= 1 or null: %r" % (args, v))
    check_object(run_json("cpu_stats"), "cpu_stats", "cpu_stats")
    v = run_json("cpu_freq")
    check(v is None or check_object(v, "cpu_freq", "cpu_freq"), "cpu_freq: object or null")
    check_list_of(run_json("cpu_freq", "--percpu"), "cpu_freq", "cpu_freq --percpu")
    v = run_json("getloadavg")
    check(isinstance(v, list) and len(v) == 3 and all(isinstance(x, float) for x in v),
          "getloadavg: a list of 3 floats: %r" % v)
    check_object(run_json("virtual_memory"), "virtual_memory", "virtual_memory")
    check_object(run_json("swap_memory"), "swap_memory", "swap_memory")
    v = run_json("boot_time")
    check(isinstance(v, float), "boot_time: a float: %r" % v)
    check_list_of(run_json("users"), "users", "users")


# ---- 2. live values against /proc and /sys read here --------------------------------------
def test_live():
    eps = 1e-6
    before = stat_cpu_lines()
    total = run_json("cpu_times")
    percpu = run_json("cpu_times", "--percpu")
    after = stat_cpu_lines()
    lo, hi = times_from_ticks(before["cpu"]), times_from_ticks(after["cpu"])
    for n in STAT_ORDER:
        if lo[n] is None:
            check(total[n] is None, "cpu_times.%s: null where /proc/stat has no column" % n)
        else:
            check(lo[n] - eps <= total[n] <= hi[n] + eps,
                  "cpu_times.%s = %r, /proc/stat says %r..%r" % (n, total[n], lo[n], hi[n]))
    cpus = [k for k in before if k != "cpu"]
    if check(len(percpu) == len(cpus), "cpu_times --percpu: %d entries, /proc/stat has %d"
             % (len(percpu), len(cpus))):
        for i, name in enumerate(cpus):
            lo, hi = times_from_ticks(before[name]), times_from_ticks(after[name])
            for n in STAT_ORDER:
                if lo[n] is not None:
                    check(lo[n] - eps <= percpu[i][n] <= hi[n] + eps,
                          "cpu_times --percpu [%d].%s = %r, /proc/stat %r..%r"
                          % (i, n, percpu[i][n], lo[n], hi[n]))
    v = run_json("cpu_percent", "--percpu", "--interval", "0.05")
    check(len(v) == len(cpus), "cpu_percent --percpu: %d entries, %d CPUs" % (len(v), len(cpus)))

    online = cpu_list_count(read("/sys/devices/system/cpu/online"))
    n = run_json("cpu_count")
    check(n == online, "cpu_count = %r, /sys/devices/system/cpu/online has %d" % (n, online))
    check(n == os.sysconf("SC_NPROCESSORS_ONLN"), "cpu_count = %r, sysconf ONLN = %d"
          % (n, os.sysconf("SC_NPROCESSORS_ONLN")))
    check(n == os.cpu_count(), "cpu_count = %r, os.cpu_count() = %r" % (n, os.cpu_count()))
    phys = physical_cores("/sys", "/proc")
    n = run_json("cpu_count", "--no-logical")
    check(n == phys, "cpu_count --no-logical = %r, topology/cpuinfo say %r" % (n, phys))

    b = {k: stat_value(k) for k in ("ctxt", "intr", "softirq", "btime")}
    s = run_json("cpu_stats")
    a = {k: stat_value(k) for k in ("ctxt", "intr", "softirq")}
    check(b["ctxt"] <= s["ctx_switches"] <= a["ctxt"],
          "cpu_stats.ctx_switches %r not in %r..%r" % (s["ctx_switches"], b["ctxt"], a["ctxt"]))
    check(b["intr"] <= s["interrupts"] <= a["intr"],
          "cpu_stats.interrupts %r not in %r..%r" % (s["interrupts"], b["intr"], a["intr"]))
    check(b["softirq"] <= s["soft_interrupts"] <= a["softirq"],
          "cpu_stats.soft_interrupts %r not in %r..%r"
          % (s["soft_interrupts"], b["softirq"], a["softirq"]))
    check(s["syscalls"] is None, "cpu_stats.syscalls: null on Linux (no such counter)")

    bt = run_json("boot_time")
    check(bt == float(b["btime"]), "boot_time = %r, /proc/stat btime = %r" % (bt, b["btime"]))

    def loadavg():
        return [float(x) for x in read("/proc/loadavg").split()[:3]]
    la0 = loadavg()
    la = run_json("getloadavg")
    la1 = loadavg()
    for i in range(3):
        # /proc/loadavg rounds to 2 decimals; the CLI gives the kernel's unrounded value.
        check(min(la0[i], la1[i]) - 0.006 <= la[i] <= max(la0[i], la1[i]) + 0.006,
              "getloadavg[%d] = %r, /proc/loadavg %r..%r" % (i, la[i], la0[i], la1[i]))

    m0 = meminfo()
    vm = run_json("virtual_memory")
    m1 = meminfo()
    check(vm["total"] == m0["MemTotal"], "virtual_memory.total %r != MemTotal*1024 %r"
          % (vm["total"], m0["MemTotal"]))
    slack = 64 << 20  # memory moves between the reads
    for field, key in (("free", "MemFree"), ("available", "MemAvailable"), ("buffers", "Buffers"),
                       ("shared", "Shmem"), ("active", "Active"), ("inactive", "Inactive"),
                       ("slab", "Slab")):
        if key in m0:
            lo, hi = min(m0[key], m1[key]) - slack, max(m0[key], m1[key]) + slack
            check(lo <= vm[field] <= hi, "virtual_memory.%s = %r, /proc/meminfo %s = %r"
                  % (field, vm[field], key, m0[key]))
    cached = m0["Cached"] + m0.get("SReclaimable", 0)
    check(close(vm["cached"], cached, slack), "virtual_memory.cached = %r, Cached+SReclaimable = %r"
          % (vm["cached"], cached))
    check(vm["used"] == vm["total"] - vm["available"], "virtual_memory.used != total - available")
    check(vm["percent"] == round((vm["total"] - vm["available"]) / vm["total"] * 100, 1),
          "virtual_memory.percent %r is not round((total-available)/total*100, 1)" % vm["percent"])

    v0 = vmstat()
    sw = run_json("swap_memory")
    v1 = vmstat()
    check(sw["total"] == m0["SwapTotal"], "swap_memory.total %r != SwapTotal*1024 %r"
          % (sw["total"], m0["SwapTotal"]))
    check(close(sw["free"], m0["SwapFree"], slack), "swap_memory.free %r, SwapFree %r"
          % (sw["free"], m0["SwapFree"]))
    check(sw["used"] == sw["total"] - sw["free"], "swap_memory.used != total - free")
    if "pswpin" in v0:
        check(v0["pswpin"] * 4096 <= sw["sin"] <= v1["pswpin"] * 4096,
              "swap_memory.sin %r, pswpin*4096 %r" % (sw["sin"], v0["pswpin"] * 4096))
        check(v0["pswpout"] * 4096 <= sw["sout"] <= v1["pswpout"] * 4096,
              "swap_memory.sout %r, pswpout*4096 %r" % (sw["sout"], v0["pswpout"] * 4096))

    # cpu_freq: the values move, so only what does not: how many entries, and min <= max.
    f = run_json("cpu_freq", "--percpu")
    sysfs = (os.path.exists("/sys/devices/system/cpu/cpufreq/policy0")
             or os.path.exists("/sys/devices/system/cpu/cpu0/cpufreq"))
    if sysfs:
        check(1 <= len(f) <= len(cpus), "cpu_freq --percpu: %d entries for %d CPUs"
              % (len(f), len(cpus)))
        for i, e in enumerate(f):
            if e["min"] is not None and e["max"] is not None:
                check(e["min"] <= e["max"], "cpu_freq --percpu [%d]: min > max" % i)
    else:
        mhz = cpuinfo_mhz()
        check(len(f) == len(mhz), "cpu_freq --percpu: %d entries, /proc/cpuinfo has %d MHz lines"
              % (len(f), len(mhz)))
        check(all(e["min"] is None and e["max"] is None for e in f),
              "cpu_freq --percpu: no min/max without cpufreq")
        check(all(e["current"] > 0 for e in f), "cpu_freq --percpu: current > 0")

    expected = utmp_users()
    got = run_json("users")
    check(sorted((u["name"], u["terminal"], u["pid"], u["started"]) for u in got)
          == sorted((u["name"], u["terminal"], u["pid"], u["started"]) for u in expected),
          "users: %r, utmp says %r" % (got, expected))


# ---- 3. a recorded tree: the fixture's own numbers ----------------------------------------
@pytest.mark.shared
def test_fixture(shared_fixtures):
    node = os.path.join(shared_fixtures, "node-exporter")
    if not check(os.path.isdir(node + "/proc"), "fixture tree %s exists" % node):
        return
    env = {"PSINFO_PROCFS_PATH": node + "/proc", "PSINFO_SYSFS_PATH": node + "/sys"}
    proc, sysfs = node + "/proc", node + "/sys"
    lines = stat_cpu_lines(proc)
    v = run_json("cpu_times", env=env)
    check(v == times_from_ticks(lines["cpu"]), "fixture cpu_times %r != %r"
          % (v, times_from_ticks(lines["cpu"])))
    v = run_json("cpu_times", "--percpu", env=env)
    want = [times_from_ticks(t) for k, t in lines.items() if k != "cpu"]
    check(len(want) == 8, "fixture has 8 cpuN lines")
    check(v == want, "fixture cpu_times --percpu %r != %r" % (v, want))
    # The same file twice: no time passes in the tree.
    v = run_json("cpu_percent", "--percpu", "--interval", "0.01", env=env)
    check(v == [0.0] * 8, "fixture cpu_percent --percpu: %r" % v)
    v = run_json("cpu_times_percent", "--interval", "0.01", env=env)
    check(v == {n: 0.0 for n in STAT_ORDER}, "fixture cpu_times_percent: %r" % v)

    v = run_json("cpu_stats", env=env)
    intr = stat_value("intr", proc)
    want = {"ctx_switches": stat_value("ctxt", proc), "interrupts": intr,
            "soft_interrupts": stat_value("softirq", proc), "syscalls": None}
    check(v == want, "fixture cpu_stats %r != %r" % (v, want))
    v = run_json("boot_time", env=env)
    check(v == float(stat_value("btime", proc)), "fixture boot_time %r" % v)
    v = run_json("getloadavg", env=env)
    want = [float(x) for x in read(proc + "/loadavg").split()[:3]]
    check(v == want, "fixture getloadavg %r != %r" % (v, want))

    v = run_json("cpu_count", env=env)
    want = cpu_list_count(read(sysfs + "/devices/system/cpu/online"))
    check(v == want, "fixture cpu_count %r != online list %r" % (v, want))
    v = run_json("cpu_count", "--no-logical", env=env)
    want = physical_cores(sysfs, proc)
    check(v == want, "fixture cpu_count --no-logical %r != %r" % (v, want))

    v = run_json("virtual_memory", env=env)
    want = expected_virtual_memory(proc)
    check(v == want, "fixture virtual_memory %r != %r" % (v, want))
    mi, vs = meminfo(proc), vmstat(proc)
    tot, fr = mi["SwapTotal"], mi["SwapFree"]
    want = {"total": tot, "used": tot - fr, "free": fr,
            "percent": round((tot - fr) / tot * 100, 1) if tot else 0.0,
            "sin": vs["pswpin"] * 4096, "sout": vs["pswpout"] * 4096}
    v = run_json("swap_memory", env=env)
    check(v == want, "fixture swap_memory %r != %r" % (v, want))

    # cpu_freq: no policyN dirs, so each cpuN/cpufreq dir is one CPU; /proc/cpuinfo has 8 MHz
    # lines for 4 dirs, so the current value is scaling_cur_freq (kHz, integer) / 1000.
    dirs = sorted(glob.glob(sysfs + "/devices/system/cpu/cpu[0-9]*/cpufreq"),
                  key=lambda d: int(re.search(r"cpu(\d+)/cpufreq$", d).group(1)))
    check(len(dirs) == 4 and len(cpuinfo_mhz(proc)) == 8, "fixture has 4 cpufreq dirs, 8 MHz lines")
    want = [{"current": int(read(d + "/scaling_cur_freq")) / 1000,
             "min": int(read(d + "/scaling_min_freq")) / 1000,
             "max": int(read(d + "/scaling_max_freq")) / 1000} for d in dirs]
    v = run_json("cpu_freq", "--percpu", env=env)
    check(v == want, "fixture cpu_freq --percpu %r != %r" % (v, want))
    v = run_json("cpu_freq", env=env)
    mean = {k: sum(e[k] for e in want) / len(want) for k in ("current", "min", "max")}
    check(v is not None and all(close(v[k], mean[k], 1e-9) for k in mean),
          "fixture cpu_freq %r != mean %r" % (v, mean))

    # free, in KiB, from the tree's meminfo, laid out as procps free.
    rc, out, err = run("free", env=env)
    rows = [line.split() for line in out.splitlines()]
    check(rc == 0 and len(rows) == 3, "fixture free: 3 rows, exit 0 (%d, %r)" % (rc, err))
    if len(rows) == 3:
        vmw = expected_virtual_memory(proc)
        check(rows[0] == ["total", "used", "free", "shared", "buff/cache", "available"],
              "free header %r" % rows[0])
        want = ["Mem:"] + [str(vmw[k] // 1024) for k in ("total", "used", "free", "shared")]
        want += [str((vmw["buffers"] + vmw["cached"]) // 1024), str(vmw["available"] // 1024)]
        check(rows[1] == want, "fixture free Mem row %r != %r" % (rows[1], want))
        want = ["Swap:", str(tot // 1024), str((tot - fr) // 1024), str(fr // 1024)]
        check(rows[2] == want, "fixture free Swap row %r != %r" % (rows[2], want))

    # The overview: one bar per CPU of /proc/stat, and the tree's load average.
    rc, out, err = run(env=env)
    check(rc == 0, "fixture overview: exit 0 (%d, %r)" % (rc, err))
    cpu_rows = [l for l in out.splitlines() if re.match(r"^ cpu\d+ ", l)]
    check(len(cpu_rows) == 8, "fixture overview: 8 CPU rows, got %d" % len(cpu_rows))
    la = read(proc + "/loadavg").split()[:3]
    check(("Load  %s %s %s" % tuple(la)) in out, "fixture overview: load %r in %r" % (la, out))
    check("3.6G" in out, "fixture overview: MemTotal 3742148 kB shown as 3.6G")

    # The readable forms.
    rc, out, _ = run("virtual_memory", env=env)
    check(rc == 0 and ("total:" in out and str(want_total(proc)) in out),
          "fixture virtual_memory text: %r" % out)
    rc, out, _ = run("cpu_freq", "--percpu", env=env)
    check(rc == 0 and len(out.splitlines()) == 5, "fixture cpu_freq --percpu text: 1+4 lines %r"
          % out)


def want_total(proc):
    return meminfo(proc)["MemTotal"]


# ---- 4. exit statuses, stderr, --help -------------------------------------------------------
FUNCTIONS = ["cpu_times", "cpu_percent", "cpu_times_percent", "cpu_count", "cpu_stats", "cpu_freq",
             "getloadavg", "virtual_memory", "swap_memory", "boot_time", "users"]


def test_exit_codes():
    usage = [
        ["bogus"], ["bogus", "--json"], ["--bogus"], ["cpu_times", "--bogus"],
        ["cpu_percent", "--interval", "-1"], ["cpu_percent", "--interval", "abc"],
        ["cpu_percent", "--interval", "nan"], ["cpu_percent", "--interval", "inf"],
        ["cpu_percent", "--interval", ""], ["cpu_percent", "--interval"],
        ["cpu_percent", "--interval=-0.5"], ["cpu_times_percent", "--interval", "1s"],
        ["virtual_memory", "--percpu"], ["cpu_times", "--no-logical"],
        ["cpu_count", "--interval", "1"], ["cpu_stats", "--percpu"], ["boot_time", "--percpu"],
        ["free", "--json"], ["free", "--percpu"], ["--json"], ["cpu_times", "extra"],
        ["--percpu", "cpu_times"], ["--version", "--json"],
    ]
    for args in usage:
        rc, out, err = run(*args)
        what = "psinfo " + " ".join(args)
        check(rc == 2, "%s: exit %d, expected 2 (stderr %r)" % (what, rc, err))
        check(err.count("\n") == 1 and err.startswith("psinfo: ") and "--help" in err,
              "%s: one stderr line with a hint to --help: %r" % (what, err))
        check(out == "", "%s: nothing on stdout: %r" % (what, out))

    bad = {"PSINFO_PROCFS_PATH": "/nonexistent", "PSINFO_SYSFS_PATH": "/nonexistent"}
    for args in (["virtual_memory", "--json"], ["cpu_times", "--json"], ["boot_time"],
                 ["cpu_stats", "--json"], ["swap_memory", "--json"], ["free"], []):
        rc, out, err = run(*args, env=bad)
        what = "PSINFO_PROCFS_PATH=/nonexistent psinfo " + " ".join(args)
        check(rc == 1, "%s: exit %d, expected 1 (stderr %r)" % (what, rc, err))
        check(err.count("\n") == 1 and err.startswith("psinfo: ") and "/nonexistent" in err,
              "%s: one stderr line naming the file: %r" % (what, err))
        check(out == "", "%s: nothing on stdout: %r" % (what, out))

    for args in [["--help"], ["-h"], ["free", "--help"]] + [[f, "--help"] for f in FUNCTIONS]:
        rc, out, err = run(*args)
        check(rc == 0 and out.startswith("usage: psinfo") and err == "",
              "psinfo %s: exit %d, stdout %r" % (" ".join(args), rc, out[:60]))
    for f in ("cpu_times", "cpu_percent", "cpu_times_percent", "cpu_freq"):
        check("--percpu" in run(f, "--help")[1], "psinfo %s --help names --percpu" % f)
    for f in ("cpu_percent", "cpu_times_percent"):
        check("--interval" in run(f, "--help")[1], "psinfo %s --help names --interval" % f)
    check("--no-logical" in run("cpu_count", "--help")[1], "cpu_count --help names --no-logical")
    rc, out, _ = run("--help")
    for f in FUNCTIONS + ["free"]:
        check(re.search(r"^  %s " % f, out, re.M) is not None, "psinfo --help lists %s" % f)
    rc, out, _ = run("--version")
    check(rc == 0 and re.fullmatch(r"psinfo \d+\.\d+\.\d+\n", out) is not None,
          "psinfo --version: %r" % out)
    version = os.environ.get("PSINFO_VERSION")
    check(version and out == "psinfo %s\n" % version, "psinfo --version %r, project version %r"
          % (out, version))


# Every command, function and process method that --help lists has a --help of its own, and
# that help describes each option its usage line shows (one table makes both).
def test_help_lists_options():
    def listed(args, heading):
        rc, out, _ = run(*args)
        names = []
        for block in re.split(r"\n\n", out):
            lines = block.splitlines()
            if lines and re.fullmatch(r"(commands|functions|methods):", lines[0]):
                names += [re.match(r"^  (\w+) ", l).group(1) for l in lines[1:]
                          if re.match(r"^  (\w+) ", l)]
        check(rc == 0 and names, "psinfo %s lists %s: %r" % (" ".join(args), heading, names))
        return names
    top = listed(["--help"], "commands and functions")
    methods = listed(["process", "--help"], "methods")
    check("process" in top and len(methods) == 46, "process and its 46 methods: %r" % methods)
    for args in [[n] for n in top if n != "process"] + [["process", m] for m in methods]:
        what = "psinfo %s --help" % " ".join(args)
        rc, out, err = run(*args, "--help")
        usage = out.split("\n\n")[0]
        check(rc == 0 and err == "" and usage.startswith("usage: psinfo " + " ".join(args)),
              "%s: exit %d, usage %r" % (what, rc, usage))
        options_part = out.split("\n\n")[-1]
        for opt in re.findall(r"--[\w-]+", usage):
            check(re.search(r"^(-\w, )?%s\b" % re.escape(opt), options_part, re.M) is not None,
                  "%s describes %s: %r" % (what, opt, options_part))
        # (free -h and df -h are human sizes: --help alone there.)
        check(re.search(r"^(-h, )?--help +show this help$", options_part, re.M) is not None,
              "%s describes --help" % what)


# Values as written: the last of a repeated option counts; numbers in every form Python's
# float() reads without a sign, and nothing else.
def test_option_values():
    for args in (["cpu_percent", "--interval", "5", "--interval", "0"],
                 ["cpu_percent", "--interval=.01"], ["cpu_percent", "--interval", "1e-2"],
                 ["cpu_percent", "--interval", "0.", "--percpu"],
                 ["net_connections", "--kind=tcp", "--json"],
                 ["cpu_count", "--no-logical", "--no-logical"], ["cpu_percent", "--interval", "-0"]):
        rc, out, err = run(*args)
        check(rc == 0 and err == "" and out.endswith("\n"),
              "psinfo %s: exit %d, %r" % (" ".join(args), rc, err))
    for value in ("1,5", "0x1", "+1", " 1", "1 ", "1e", "e1", ".", "1e999", "NaN", "-1e-9",
                  "infinity", "1_0"):
        rc, out, err = run("cpu_percent", "--interval", value)
        check(rc == 2 and out == "" and "--interval" in err and err.count("\n") == 1,
              "psinfo cpu_percent --interval %r: exit %d, %r" % (value, rc, err))
    rc, _, err = run("cpu_times", "--percpu=1")
    check(rc == 2 and err.count("\n") == 1, "a flag given a value: exit %d, %r" % (rc, err))


# ---- 5. the overview, free and the readable forms, live ------------------------------------
def overview():
    """`psinfo` alone, which must exit 0, quietly, within 80 columns: (stdout, its lines)."""
    rc, out, err = run()
    lines = out.splitlines()
    check(rc == 0 and err == "", "overview: exit %d, stderr %r" % (rc, err))
    check(all(len(l) <= 80 for l in lines), "overview: lines within 80 columns: %r"
          % [l for l in lines if len(l) > 80])
    return out, lines


def test_text():
    out, lines = overview()
    ncpu = len([k for k in stat_cpu_lines() if k != "cpu"])
    cpu_rows = [l for l in lines if re.match(r"^ cpu\d+ ", l)]
    if ncpu <= 8:
        check(len(cpu_rows) == ncpu, "overview: %d CPU rows for %d CPUs" % (len(cpu_rows), ncpu))
        check(len(lines) <= 24, "overview: %d lines, more than a screen" % len(lines))
    for head in ("CPU", "Mem", "Swap", "Load", "Up", "Users"):
        check(any(l.startswith(head + " ") for l in lines), "overview: a %s line" % head)

    rc, out, err = run("free")
    rows = [l.split() for l in out.splitlines()]
    check(rc == 0 and len(rows) == 3 and rows[1][0] == "Mem:" and rows[2][0] == "Swap:",
          "free: header, Mem and Swap rows: %r" % out)
    if len(rows) == 3:
        total = meminfo()["MemTotal"] // 1024
        check(rows[1][1] == str(total), "free: Mem total %r, MemTotal %d KiB" % (rows[1][1], total))
        check(len(rows[1]) == 7, "free: Mem row has 6 values: %r" % rows[1])

    for f in FUNCTIONS:
        args = [f] + (["--interval", "0.05"] if f in ("cpu_percent", "cpu_times_percent") else [])
        rc, out, err = run(*args)
        check(rc == 0 and out.endswith("\n") and err == "",
              "psinfo %s: exit %d, stdout %r, stderr %r" % (f, rc, out[:60], err))
    rc, out, _ = run("cpu_times", "--percpu")
    check(rc == 0 and len(out.splitlines()) == 1 + len(stat_cpu_lines()) - 1,
          "cpu_times --percpu text: a header and one row per CPU: %r" % out)


# ---- 6. the overview on hand-made trees with many CPUs: still one screen, 80 columns --------
def test_many_cpus():
    for n in (1, 12, 48, 100):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(root + "/proc")
            with open(root + "/proc/stat", "w") as f:
                f.write("cpu  %s\n" % " ".join(["100"] * 10))
                for i in range(n):
                    f.write("cpu%d %s\n" % (i, " ".join(["10"] * 10)))
                f.write("intr 5 0\nctxt 7\nbtime 1000000000\nsoftirq 3 0\n")
            with open(root + "/proc/meminfo", "w") as f:
                f.write("MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 400 kB\n"
                        "Buffers: 1 kB\nCached: 2 kB\nShmem: 3 kB\nActive: 4 kB\n"
                        "Inactive: 5 kB\nSwapTotal: 2048 kB\nSwapFree: 1024 kB\n")
            with open(root + "/proc/loadavg", "w") as f:
                f.write("1.50 2.25 3.00 1/100 42\n")
            rc, out, err = run(env={"PSINFO_PROCFS_PATH": root + "/proc",
                                    "PSINFO_SYSFS_PATH": root + "/sys"})
            lines = out.splitlines()
            what = "overview with %d CPUs" % n
            check(rc == 0, "%s: exit %d, %r" % (what, rc, err))
            check(all(len(l) <= 80 for l in lines), "%s: lines over 80 columns: %r"
                  % (what, [l for l in lines if len(l) > 80]))
            check(len(lines) <= 24, "%s: %d lines" % (what, len(lines)))
            labels = re.findall(r"(?:cpu)?(\d+) +(?:\[ *\] +)?0(?:\.0)?%", "\n".join(lines[1:]))
            check(sorted(int(x) for x in labels) == list(range(n)),
                  "%s: each CPU once: %r" % (what, labels))
            check("Load  1.50 2.25 3.00" in out, "%s: load average line" % what)
            check(re.search(r"^Mem .* 60\.0%  600\.0K / 1000\.0K$", out, re.M) is not None,
                  "%s: Mem line: %r" % (what, out))
            check(re.search(r"^Swap .* 50\.0%  1\.0M / 2\.0M$", out, re.M) is not None,
                  "%s: Swap line: %r" % (what, out))

