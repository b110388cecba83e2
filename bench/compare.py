#!/usr/bin/env python3
"""psinfo against its floor, psutil, psinfo's ctypes module and the C peers, in one run.

Usage (bench/run.sh does all of it):
  /usr/bin/python3 bench/compare.py BUILD/bench/bench_system --lib BUILD/libpsinfo.so
         [--out bench/RESULTS.md] [--reps 7] [--min-time 0.1] [--callgrind] [--no-scaling]

bench_system (Google Benchmark) times psinfo's C++ calls, their floors (the same kernel reads and
nothing else), libstatgrab and libproc2, and psinfo::sampler; this script times the same
calls in psutil and in the psinfo package (python/psinfo) with timeit, runs the scaling runs (extra
sleeping children, extra loopback TCP connections, all made and removed here) and writes one
Markdown report. Timings are per call in microseconds: best of N repetitions and their median.
"""
import argparse
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import timeit
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SCAN_ATTRS = "['pid', 'name', 'username', 'cpu_times', 'memory_info', 'status', " \
             "'num_threads', 'cmdline']"
TICK = ("M.cpu_times(percpu=True); M.virtual_memory(); M.disk_io_counters(perdisk=True); "
        "M.net_io_counters(pernic=True)")

# function -> the Python statement (M is psutil or psinfo's ctypes module; p = M.Process()).
CALLS = {
    "cpu_times": "M.cpu_times()",
    "cpu_times_percpu": "M.cpu_times(percpu=True)",
    "cpu_percent": "M.cpu_percent()",
    "cpu_percent_percpu": "M.cpu_percent(percpu=True)",
    "cpu_times_percent": "M.cpu_times_percent()",
    "cpu_times_percent_percpu": "M.cpu_times_percent(percpu=True)",
    "cpu_count": "M.cpu_count()",
    "cpu_count_physical": "M.cpu_count(logical=False)",
    "cpu_stats": "M.cpu_stats()",
    "cpu_freq": "M.cpu_freq()",
    "cpu_freq_percpu": "M.cpu_freq(percpu=True)",
    "getloadavg": "M.getloadavg()",
    "virtual_memory": "M.virtual_memory()",
    "swap_memory": "M.swap_memory()",
    "boot_time": "M.boot_time()",
    "users": "M.users()",
    "disk_partitions": "M.disk_partitions()",
    "disk_partitions_all": "M.disk_partitions(all=True)",
    "disk_usage": "M.disk_usage('/')",
    "fs_usage_all": "[M.disk_usage(x.mountpoint) for x in M.disk_partitions()]",
    "disk_io_counters": "M.disk_io_counters()",
    "disk_io_counters_perdisk": "M.disk_io_counters(perdisk=True)",
    "net_io_counters": "M.net_io_counters()",
    "net_io_counters_pernic": "M.net_io_counters(pernic=True)",
    "net_if_addrs": "M.net_if_addrs()",
    "net_if_stats": "M.net_if_stats()",
    "net_connections": "M.net_connections('inet')",
    "net_connections_all": "M.net_connections('all')",
    "sensors_temperatures": "M.sensors_temperatures()",
    "sensors_fans": "M.sensors_fans()",
    "sensors_battery": "M.sensors_battery()",
    "pids": "M.pids()",
    "pid_exists": "M.pid_exists(1)",
    "process_iter": "list(M.process_iter(%s))" % SCAN_ATTRS,
    "process_iter_bare": "list(M.process_iter())",
    "process_iter_4attrs": "list(M.process_iter(['pid', 'name', 'cpu_times', 'memory_info']))",
    "monitor_tick": TICK,
    "Process.__init__": "M.Process(pid)",
    "Process.oneshot_as_dict": "p.as_dict()",
    "Process.rlimit": "p.rlimit(resource.RLIMIT_NOFILE)",
}
for _m in ("ppid name exe cmdline environ create_time status cwd username uids gids terminal "
           "nice ionice io_counters num_ctx_switches num_fds num_threads threads cpu_times "
           "cpu_percent cpu_num cpu_affinity memory_info memory_full_info memory_percent "
           "memory_maps page_faults open_files is_running parent parents children").split():
    CALLS["Process." + _m] = "p.%s()" % _m
# The rows that list a process's descriptors time the held process (bench/holder.hpp), the
# same one bench_system's psinfo and floor rows list: 32 regular files and a few sockets.
HELD_ROWS = ("Process.num_fds", "Process.open_files", "Process.net_connections")
for _m in HELD_ROWS:
    CALLS[_m] = "held.%s()" % _m.split(".", 1)[1]
PSUTIL_RENAMES = {"Process.net_connections": "held.connections()"}  # psutil < 6
HELD_ENV = "PSINFO_BENCH_HELD_PID"

SETUP = ("import os, resource; pid = os.getpid(); import {mod} as M; p = M.Process(); "
         "held = M.Process(int(os.environ['%s']))" % HELD_ENV)


def us(ns_or_us, unit):
    return {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[unit] * ns_or_us


def run_bench(binary, reps, min_time, pattern=None):
    """{name: (best, median)} in µs, from bench_system's repetitions."""
    cmd = [binary, "--benchmark_format=json", "--benchmark_min_time=%g" % min_time,
           "--benchmark_repetitions=%d" % reps,
           # repetitions of all benchmarks in random order: a load change on a shared machine
           # then spreads over every row instead of biasing the rows that ran during it
           "--benchmark_enable_random_interleaving=true"]
    if pattern:
        cmd.append("--benchmark_filter=" + pattern)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    runs = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        runs.setdefault(b["run_name"], []).append(us(b["real_time"], b["time_unit"]))
    return {k: (min(v), statistics.median(v)) for k, v in runs.items()}


def time_python(mod, names, reps, budget):
    """{name: (best, median)} in µs for the statements of CALLS with module mod."""
    warnings.simplefilter("ignore")
    res = {}
    for name in names:
        stmt = CALLS.get(name)
        if stmt is None:
            continue
        if mod == "psutil":
            stmt = PSUTIL_RENAMES.get(name, stmt)
        try:
            t = timeit.Timer(stmt, setup=SETUP.format(mod=mod))
            t.timeit(1)  # warm up (psutil caches, first cpu_percent sample ...)
            n = 1
            while True:  # about `budget` seconds per repetition
                d = t.timeit(n)
                if d >= budget or n >= 1 << 20:
                    break
                n = max(n * 2, int(n * budget / max(d, 1e-9)))
            times = [t.timeit(n) / n * 1e6 for _ in range(reps)]
            res[name] = (min(times), statistics.median(times))
        except Exception as e:  # a call the module lacks, or that fails here
            res[name] = ("%s: %s" % (type(e).__name__, str(e)[:60]),)
    return res


def python_child(mod, names, reps, budget, lib):
    """Times mod's calls in a fresh /usr/bin/python3 (so psutil and psinfo never share state)."""
    env = dict(os.environ)
    if lib:
        env["PSINFO_LIBRARY"] = lib
    env["PYTHONPATH"] = os.path.join(ROOT, "python")
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ in the source tree
    code = ("import json, sys; sys.path.insert(0, %r); import compare; "
            "print(json.dumps(compare.time_python(%r, %r, %d, %r)))"
            % (HERE, mod, list(names), reps, budget))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        print("python timing with %s failed:\n%s" % (mod, r.stderr[-2000:]), file=sys.stderr)
        return {}
    return {k: tuple(v) for k, v in json.loads(r.stdout.splitlines()[-1]).items()}


class Held(object):
    """The held process (`bench_system --hold`, bench/holder.hpp) for the whole run; its PID in
    $PSINFO_BENCH_HELD_PID for every child (bench_system, the Python timings, valgrind)."""

    def __init__(self, binary):
        self.binary, self.proc = binary, None

    def __enter__(self):
        self.proc = subprocess.Popen([self.binary, "--hold"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        line = self.proc.stdout.readline()
        if not line.strip():
            raise SystemExit("%s --hold did not start (see its message above)" % self.binary)
        pid = int(line)
        os.environ[HELD_ENV] = str(pid)
        return pid

    def __exit__(self, *exc):
        os.environ.pop(HELD_ENV, None)
        self.proc.stdin.close()  # EOF: it closes its files and sockets and removes the files
        self.proc.wait()


def held_counts(pid):
    """(regular files, inet sockets) the held process holds."""
    files = socks = 0
    fd_dir = "/proc/%d/fd" % pid
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if target.startswith("socket:"):
            socks += 1
        elif target.startswith("/") and os.path.isfile(target):
            files += 1
    return files, socks


def machine_counts():
    procs = sum(1 for d in os.listdir("/proc") if d.isdigit())
    socks = 0
    for f in ("tcp", "tcp6", "udp", "udp6", "unix"):
        try:
            with open("/proc/net/" + f) as fh:
                socks += max(0, len(fh.readlines()) - 1)
        except OSError:
            pass
    with open("/proc/self/mounts") as fh:
        mounts = len(fh.readlines())
    with open("/proc/net/dev") as fh:
        nics = max(0, len(fh.readlines()) - 2)
    with open("/proc/diskstats") as fh:
        disks = len(fh.readlines())
    return procs, socks, mounts, nics, disks


def cpu_model():
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def callgrind_ir(binary, name, calls=(2, 12)):
    """User-space instructions per call of bench_system's NAME (kernel time is not counted)."""
    irs = []
    for n in calls:
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                            binary, "--calls", name, str(n)], capture_output=True, text=True)
        for line in r.stderr.splitlines():
            if "Collected :" in line:
                irs.append(int(line.split(":")[-1].strip()))
                break
        else:
            return None
    return (irs[1] - irs[0]) / float(calls[1] - calls[0])


# ---- formatting ---------------------------------------------------------------------------

def cell(v):
    if v is None:
        return "–"
    if len(v) == 1:
        return "n/a"
    best, med = v
    return "%s (%s)" % (fmt(med), fmt(best))


def fmt(x):
    if x >= 1000:
        return "%.0f" % x
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    return "%.2f" % x


def best(v):
    return v[0] if v and len(v) == 2 else None


def ratio(a, b, suffix="×"):
    if a is None or b is None or b <= 0:
        return "–"
    return "%.2f%s" % (a / b, suffix)


# ---- scaling runs -------------------------------------------------------------------------

class Children(object):
    """N extra sleeping children (/bin/sleep, bounded to 600 s), killed and reaped on exit."""

    def __init__(self, n):
        self.n, self.procs = n, []

    def __enter__(self):
        for _ in range(self.n):
            self.procs.append(subprocess.Popen(["/bin/sleep", "600"], stdin=subprocess.DEVNULL,
                                               stdout=subprocess.DEVNULL, close_fds=True))
        time.sleep(0.2)  # let every child finish exec so its cmdline is sleep's
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            try:
                p.kill()
            except OSError:
                pass
        for p in self.procs:
            p.wait()
        self.procs = []


class Connections(object):
    """N extra established TCP connections on 127.0.0.1 (2N sockets) in this process."""

    def __init__(self, n):
        self.n, self.socks = n, []

    def __enter__(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        need = 2 * self.n + 256
        if soft < need:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard), hard))
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.bind(("127.0.0.1", 0))
        srv.listen(self.n)
        srv.settimeout(10)
        self.socks.append(srv)
        deadline = time.time() + 30
        for _ in range(self.n):
            if time.time() > deadline:
                break
            c = socket.create_connection(srv.getsockname(), timeout=5)
            a, _ = srv.accept()
            self.socks += [c, a]
        return self

    def __exit__(self, *exc):
        for s in self.socks:
            s.close()
        self.socks = []


def scaling(binary, lib, reps, min_time, budget):
    rows = []
    names = ["process_iter"]
    pat = "^(psinfo|floor|statgrab|libproc2)/process_iter$"
    for extra in (0, 500, 2000):
        with Children(extra):
            nproc = sum(1 for d in os.listdir("/proc") if d.isdigit())
            r = run_bench(binary, reps, min_time, pat)
            py = python_child("psutil", names, reps, budget, lib)
            ct = python_child("psinfo", names, reps, budget, lib)
        rows.append(("process_iter", extra, nproc, r.get("psinfo/process_iter"),
                     r.get("floor/process_iter"), py.get("process_iter"), ct.get("process_iter"),
                     r.get("statgrab/process_iter"), r.get("libproc2/process_iter")))
    names = ["net_connections"]
    pat = "^(psinfo|floor)/net_connections$"
    for extra in (0, 1000):
        with Connections(extra) as c:
            made = (len(c.socks) - 1) // 2 if extra else 0
            r = run_bench(binary, reps, min_time, pat)
            # psutil and the ctypes module run in this process so they see the sockets too,
            # exactly as a child does (the sockets are system-wide).
            py = python_child("psutil", names, reps, budget, lib)
            ct = python_child("psinfo", names, reps, budget, lib)
        rows.append(("net_connections('inet')", made, None, r.get("psinfo/net_connections"),
                     r.get("floor/net_connections"), py.get("net_connections"),
                     ct.get("net_connections"), None, None))
    return rows


def scaling_table(rows):
    out = ["| run | extra | psinfo µs | floor µs | psutil µs | ctypes µs | libstatgrab µs "
           "| libproc2 µs |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, extra, nproc, *vals in rows:
        label = "%s (%d processes)" % (name, nproc) if nproc else name
        out.append("| %s | %d | %s |" % (label, extra, " | ".join(cell(v) for v in vals)))
    out += ["", "Marginal cost per extra process / connection (best-of-N difference):", "",
            "| run | psinfo µs | floor µs | psutil µs | ctypes µs | libstatgrab µs "
            "| libproc2 µs |", "|---|---:|---:|---:|---:|---:|---:|"]
    base = {}
    for name, extra, nproc, *vals in rows:
        if extra == 0:
            base[name] = vals
            continue
        b = base.get(name)
        per = []
        for v, bv in zip(vals, b or []):
            bb, vb = best(bv), best(v)
            per.append("%.2f" % ((vb - bb) / extra) if bb is not None and vb is not None
                       else "–")
        unit = "per process" if nproc else "per connection (2 sockets)"
        out.append("| %s +%d, %s | %s |" % (name, extra, unit, " | ".join(per)))
    return out


# ---- main ---------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bench_binary")
    ap.add_argument("--lib", help="libpsinfo.so for the psinfo package")
    ap.add_argument("--out")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--min-time", type=float, default=0.1)
    ap.add_argument("--py-budget", type=float, default=0.05,
                    help="seconds per Python repetition")
    ap.add_argument("--callgrind", dest="callgrind", action="store_true", default=None,
                    help="count user-space instructions per call, psinfo vs floor "
                         "(default: when valgrind is installed)")
    ap.add_argument("--no-callgrind", dest="callgrind", action="store_false")
    ap.add_argument("--no-scaling", action="store_true")
    args = ap.parse_args()
    # one held process for the whole run (bench/holder.hpp)
    with Held(os.path.abspath(args.bench_binary)) as held:
        return report(args, held)


def report(args, held):
    binary = os.path.abspath(args.bench_binary)
    lib = os.path.abspath(args.lib) if args.lib else None

    chk = subprocess.run([binary, "--check"], capture_output=True, text=True)
    check_line = (chk.stdout.strip().splitlines() or ["sampler check: no output"])[-1]
    if chk.returncode != 0:
        print(chk.stdout, file=sys.stderr)
    load_before = os.getloadavg()
    counts = machine_counts()
    t0 = time.time()
    c = run_bench(binary, args.reps, args.min_time)
    names = []  # in bench_system's registry order (the runs themselves are interleaved)
    listed = subprocess.run([binary, "--list"], check=True, capture_output=True,
                            text=True).stdout.split()
    for k in listed + sorted(c):
        fn = k.split("/", 1)[1]
        if k in c and fn not in names:
            names.append(fn)
    py = python_child("psutil", names, args.reps, args.py_budget, lib)
    ct = python_child("psinfo", names, args.reps, args.py_budget, lib)
    try:
        import psutil
        psutil_version = psutil.__version__
    except ImportError:
        psutil_version = "not installed"
    have_sg = any(k.startswith("statgrab/") for k in c)
    have_p2 = any(k.startswith("libproc2/") for k in c)

    ir = {}
    if args.callgrind is None:
        args.callgrind = shutil.which("valgrind") is not None
    if args.callgrind:
        for fn in names:
            for kind in ("psinfo", "floor", "mapfloor", "mapcopy"):
                if kind + "/" + fn in c:
                    ir[kind + "/" + fn] = callgrind_ir(binary, kind + "/" + fn)

    sampler_fns = [n for n in names if "sampler/" + n in c]
    table = ["| function | psinfo µs | floor µs | psutil %s µs | ctypes µs | C peer µs "
             "| psinfo/floor | psutil/psinfo | peer/psinfo |" % psutil_version,
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    if ir:
        table[0] += " user Ir psinfo | user Ir floor |"
        table[1] += "---:|---:|"
    for fn in names:
        ours = c.get("psinfo/" + fn)
        if ours is None:
            continue
        peers = [(k.split("/")[0], c[k]) for k in ("statgrab/" + fn, "libproc2/" + fn)
                 if k in c]
        peer = min(peers, key=lambda kv: kv[1][0]) if peers else None
        fl = c.get("floor/" + fn)
        row = "| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            fn, cell(ours), cell(fl), cell(py.get(fn)), cell(ct.get(fn)),
            "%s %s" % (peer[0], cell(peer[1])) if peer else "–",
            ratio(best(ours), best(fl)), ratio(best(py.get(fn)), best(ours)),
            ratio(best(peer[1]), best(ours)) if peer else "–")
        if ir:
            a, b = ir.get("psinfo/" + fn), ir.get("floor/" + fn)
            row += " %s | %s |" % ("%.0f" % a if a is not None else "–",
                                   "%.0f" % b if b is not None else "–")
        table.append(row)

    samp = ["| data | open/read/close floor µs | pread floor µs | psinfo µs | sampler µs "
            "| sampler, kept maps µs | sampler/pread floor | kept maps/pread floor "
            "| psinfo/sampler |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for fn in sampler_fns:
        orc = c.get("floor/" + fn)
        pr, s, ours = c.get("pread/" + fn), c.get("sampler/" + fn), c.get("psinfo/" + fn)
        kept = c.get("kept/" + fn)
        samp.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            fn, cell(orc), cell(pr), cell(ours), cell(s), cell(kept) if kept else "–",
            ratio(best(s), best(pr)), ratio(best(kept), best(pr)) if kept else "–",
            ratio(best(ours), best(s))))

    # Return-value floors (bench_system.cpp, register_environ_floors): the floor's read plus
    # building the same std::map from bytes already split and sorted, or copying a ready one.
    ret = ["| function | psinfo µs | floor µs | floor + map built µs | floor + map copied µs "
           "| psinfo/floor | psinfo/(floor + map built) | (floor + map built)/floor "
           "| (floor + map copied)/floor |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    if ir:
        ret[0] += " user Ir psinfo | user Ir floor | user Ir map built | user Ir map copied |"
        ret[1] += "---:|---:|---:|---:|"
    for fn in names:
        mb, mc = c.get("mapfloor/" + fn), c.get("mapcopy/" + fn)
        if mb is None:
            continue
        ours, fl = c.get("psinfo/" + fn), c.get("floor/" + fn)
        row = "| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            fn, cell(ours), cell(fl), cell(mb), cell(mc), ratio(best(ours), best(fl)),
            ratio(best(ours), best(mb)), ratio(best(mb), best(fl)), ratio(best(mc), best(fl)))
        if ir:
            row += " %s |" % " | ".join(
                "%.0f" % ir[k] if ir.get(k) is not None else "–"
                for k in ("psinfo/" + fn, "floor/" + fn, "mapfloor/" + fn, "mapcopy/" + fn))
        ret.append(row)

    scale = [] if args.no_scaling else scaling_table(
        scaling(binary, lib, max(3, args.reps // 2), args.min_time, args.py_budget))
    load_after = os.getloadavg()

    head = [
        "Machine: %s, %s, %d CPUs; Python %s; psutil %s; libstatgrab %s, libproc2 %s." % (
            platform.platform(), cpu_model(), os.cpu_count(), platform.python_version(),
            psutil_version, "yes" if have_sg else "absent", "yes" if have_p2 else "absent"),
        "Counts: %d processes, %d sockets (tcp/tcp6/udp/udp6/unix), %d mounts, %d NICs, "
        "%d diskstats lines." % counts,
        "Process.num_fds, open_files and net_connections list the held process (`bench_system "
        "--hold`, bench/holder.hpp) in every column: %d regular files, %d inet sockets." %
        held_counts(held),
        "Load average (1/5/15 min): %.2f %.2f %.2f before, %.2f %.2f %.2f after; run took %.0f s."
        % (load_before + load_after + (time.time() - t0,)),
        "",
        "Cells: median (best) of %d repetitions, µs per call; ratios use the best. "
        "psinfo, floor and C peers from bench_system (Google Benchmark); psutil and ctypes "
        "(the python/psinfo package, FFI included) from timeit in /usr/bin/python3. "
        "C peer = the faster of libstatgrab and libproc2 (libproc2 timed new+get/reap+unref, "
        "so its 1 s cache never answers). Floor = the same kernel reads and nothing else "
        "(see bench/floor.cpp)." % args.reps,
    ]
    if ir:
        head.append("user Ir = user-space instructions per call under callgrind (kernel work "
                    "not counted): the part of a call that is psinfo's own, without noise.")
    text = "\n".join(head) + "\n\n" + "\n".join(table) + "\n"
    text += ("\n## Sampler (psinfo::sampler, include/psinfo/sampler.hpp)\n\n`bench_system --check`: %s "
             "(same values as psinfo's parsers, fresh data on every pread).\n\n" % check_line
             + "\n".join(samp) + "\n")
    if len(ret) > 2:
        text += ("\n## Return-value floor\n\nWhat the returned container costs by itself, "
                 "in the same run: the floor's read, then the same std::map built from the "
                 "bytes just read out of entries split, deduplicated and sorted beforehand "
                 "(descending keys each hinted at begin(), one key compare a node) and freed; "
                 "or a ready map copied (no compare, no rebalancing) and freed.\n\n"
                 + "\n".join(ret) + "\n")
    if scale:
        text += "\n## Scaling runs\n\n" + "\n".join(scale) + "\n"
    print(text)
    if args.out:
        notes = ""
        notes_path = os.path.join(HERE, "NOTES.md")
        if os.path.exists(notes_path):
            with open(notes_path) as fh:
                notes = "\n" + fh.read()
        with open(args.out, "w") as f:
            f.write("# psinfo benchmark results\n\nRegenerate with `bench/run.sh` "
                    "(see bench/README.md).\n\n" + text + notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
