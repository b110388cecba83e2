#!/usr/bin/python3
"""The psinfo command next to the system tools it stands in for, side by side in one run:

  psinfo ps -e       vs  ps -e -o user,pid,%mem,vsz,rss,nice,stat,start,time,args (wall time)
  psinfo top         vs  top -b (CPU time per refresh, both printing every process to a pipe)
  psinfo df          vs  df (wall time)
  psinfo free        vs  free (wall time)
  psinfo --version   vs  /bin/true (start-up)

at the machine's own number of processes and at 2000 (sleeping children made and reaped here).
Each pair runs interleaved (A B A B ...), output to a pipe that is drained; a cell is
`median (best)` in ms. The targets (issue 20) are checked on the medians. Writes
bench/CLI-RESULTS.md.

usage: cli_compare.py PSINFO [--out FILE] [--reps N] [--procs N] [--no-scaling]
"""
import argparse
import datetime
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

PS_COLUMNS = "user,pid,%mem,vsz,rss,nice,stat,start,time,args"
TOP_FRAMES = 5
TOP_DELAY = "0.5"


def run_once(cmd):
    """(wall seconds, CPU seconds of the child) of one run, its output drained and dropped."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL, env=dict(os.environ, LC_ALL="C"))
    while p.stdout.read(1 << 16):
        pass
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise SystemExit("cli_compare: %s exited %d" % (" ".join(cmd), p.returncode))
    return wall, ru.ru_utime + ru.ru_stime


def pair(a, b, reps, per=1):
    """Interleaved runs of a and b: ([(wall, cpu)] of a, same of b), divided by `per`."""
    ra, rb = [], []
    for _ in range(reps):
        for cmd, out in ((a, ra), (b, rb)):
            w, c = run_once(cmd)
            out.append((w / per, c / per))
    return ra, rb


def cell(samples, which):
    v = sorted(s[which] * 1e3 for s in samples)
    return statistics.median(v), v[0]


def fmt(m):
    return "%.2f (%.2f)" % m


class Sleepers:
    """Enough /bin/sleep children for `total` processes on the machine; reaped on exit."""

    def __init__(self, total):
        self.procs = []
        need = total - count_processes()
        soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
        for _ in range(max(0, need)):
            self.procs.append(subprocess.Popen(["/bin/sleep", "600"], stdin=subprocess.DEVNULL,
                                               stdout=subprocess.DEVNULL))
        time.sleep(0.5)

    def close(self):
        for p in self.procs:
            p.kill()
        for p in self.procs:
            p.wait()


def count_processes():
    return sum(1 for d in os.listdir("/proc") if d.isdigit())


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def measure(psinfo, reps):
    rows = []
    n = count_processes()
    ps_a, ps_b = pair([psinfo, "ps", "-e"], ["ps", "-e", "-o", PS_COLUMNS], reps)
    rows.append(("ps -e (wall)", n, ps_a, ps_b, 0, 0.7))
    top_reps = max(3, reps // 10)
    top_a, top_b = pair([psinfo, "top", "-n", str(TOP_FRAMES), "-d", TOP_DELAY],
                        ["top", "-b", "-n", str(TOP_FRAMES), "-d", TOP_DELAY], top_reps,
                        per=TOP_FRAMES)
    rows.append(("top, CPU per refresh", n, top_a, top_b, 1, 1.0))
    df_a, df_b = pair([psinfo, "df"], ["df"], reps)
    rows.append(("df (wall)", n, df_a, df_b, 0, 1.0))
    free_a, free_b = pair([psinfo, "free"], ["free"], reps)
    rows.append(("free (wall)", n, free_a, free_b, 0, 1.0))
    v_a, v_b = pair([psinfo, "--version"], ["/bin/true"], reps)
    rows.append(("start-up: --version vs /bin/true (wall)", n, v_a, v_b, 0, None))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("psinfo")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "CLI-RESULTS.md"))
    ap.add_argument("--reps", type=int, default=60)
    ap.add_argument("--procs", type=int, default=2000)
    ap.add_argument("--no-scaling", action="store_true")
    args = ap.parse_args()
    psinfo = os.path.abspath(args.psinfo)

    load_before = loadavg()
    results = measure(psinfo, args.reps)
    if not args.no_scaling:
        s = Sleepers(args.procs)
        try:
            results += measure(psinfo, args.reps)
        finally:
            s.close()
    load_after = loadavg()

    lines = [
        "# The psinfo command next to the system tools",
        "",
        "Made by `bench/cli.sh` (bench/cli_compare.py) on %s: %s, %d CPUs; load average %s "
        "before, %s after (the machine is shared: noise only ever makes the numbers worse). "
        "Each pair ran interleaved, %d times (top: %d runs of %d refreshes %s s apart), its "
        "output drained from a pipe. Cells: median (best), ms. Ratio: psinfo's median over the "
        "tool's. Target: issue 20's." % (
            datetime.date.today().isoformat(), platform.machine(), os.cpu_count(),
            load_before, load_after, args.reps, max(3, args.reps // 10), TOP_FRAMES,
            TOP_DELAY),
        "",
        "| what | processes | psinfo | tool | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    failed = []
    for what, n, a, b, which, target in results:
        ma, mb = cell(a, which), cell(b, which)
        ratio = ma[0] / mb[0]
        met = "" if target is None else ("yes" if ratio <= target else "NO")
        if met == "NO":
            failed.append("%s at %d processes: %.2f > %.2f" % (what, n, ratio, target))
        lines.append("| %s | %d | %s | %s | %.2f | %s | %s |" % (
            what, n, fmt(ma), fmt(mb), ratio, "" if target is None else "<= %.1f" % target, met))
    lines += ["", "Commands: `psinfo ps -e` and `ps -e -o %s`; `psinfo top -n %d -d %s` and "
              "`top -b -n %d -d %s` (CPU time of the whole run / %d); `psinfo df` and `df`; "
              "`psinfo free` and `free`; `psinfo --version` and `/bin/true`." % (
                  PS_COLUMNS, TOP_FRAMES, TOP_DELAY, TOP_FRAMES, TOP_DELAY, TOP_FRAMES), ""]
    text = "\n".join(lines)
    print(text)
    with open(args.out, "w") as f:
        f.write(text)
    if failed:
        print("targets missed: " + "; ".join(failed), file=sys.stderr)


if __name__ == "__main__":
    main()
