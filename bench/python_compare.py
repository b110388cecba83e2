"""psutil against the psinfo Python package, side by side in one run, from Python.

    /usr/bin/python3 bench/python_compare.py --lib BUILD/libpsinfo.so.0.2 [--reps 5]
        [--budget 0.05] [--rounds 2] [--out bench/PYTHON-RESULTS.md]

Times every call of compare.py's CALLS (psutil's functions and Process methods) plus
process_iter over all processes with four attributes, each module in a fresh /usr/bin/python3
(compare.python_child: they share no state), and writes a Markdown table: best and median µs
per call and the ratio psutil / psinfo of the best times (the goal: 2x per call, 5x for
process_iter with four attributes). The descriptor rows (num_fds, open_files,
net_connections) time this script's own process instead of bench_system's held process.
"""

import argparse
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare  # noqa: E402  (bench/compare.py: the statements and the timing child)

ITER4 = "process_iter_4attrs"  # compare.CALLS: over all processes with four attributes
GOAL = {ITER4: 5.0}


def fmt(v):
    return "%.2f" % v if v < 10 else "%.1f" % v if v < 100 else "%.0f" % v


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lib", help="libpsinfo.so.0.2 (else the package finds it)")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--budget", type=float, default=0.05, help="seconds per repetition")
    ap.add_argument("--rounds", type=int, default=2, help="alternating runs of each module")
    ap.add_argument("--out", default=os.path.join(HERE, "PYTHON-RESULTS.md"))
    args = ap.parse_args()
    os.environ[compare.HELD_ENV] = str(os.getpid())
    # This process holds a few regular files for the descriptor rows.
    held = [open(__file__) for _ in range(8)]
    names = list(compare.CALLS)
    t0 = time.time()
    # Rounds alternate the two modules (a shared machine's load changes during a run); each
    # call keeps its best round.
    ours, theirs = {}, {}
    for _ in range(args.rounds):
        for mod, acc in (("psinfo", ours), ("psutil", theirs)):
            for k, v in compare.python_child(mod, names, args.reps, args.budget,
                                             args.lib).items():
                if k not in acc or (not isinstance(v[0], str) and
                                    (isinstance(acc[k][0], str) or v[0] < acc[k][0])):
                    acc[k] = v
    for f in held:
        f.close()
    nprocs = sum(1 for d in os.listdir("/proc") if d.isdigit())
    rows, below = [], []
    for n in names:
        a, b = theirs.get(n), ours.get(n)
        if not a or not b or isinstance(a[0], str) or isinstance(b[0], str):
            rows.append("| %s | %s | %s | |" % (n, a[0] if a else "-", b[0] if b else "-"))
            continue
        ratio = a[0] / b[0]
        goal = GOAL.get(n, 2.0)
        mark = "" if ratio >= goal else " (below %gx)" % goal
        if mark:
            below.append(n)
        rows.append("| %s | %s (%s) | %s (%s) | %.1fx%s |" % (n, fmt(a[0]), fmt(a[1]), fmt(b[0]),
                                                            fmt(b[1]), ratio, mark))
    out = ["# psinfo's Python package against psutil", "",
           "Written by `bench/python_compare.py` on %s (%s, %d CPUs, Python %s, %d processes), "
           "%.0f s. Cells: best (median) µs per call over %d repetitions of about %g s, each "
           "module in a fresh /usr/bin/python3, %d alternating rounds (the best round kept); "
           "ratio = psutil best / psinfo best. Goal: 2x, "
           "5x for `%s` (process_iter over all processes with four attributes)."
           % (time.strftime("%Y-%m-%d"), platform.machine(), os.cpu_count() or 0,
              platform.python_version(), nprocs, time.time() - t0, args.reps, args.budget,
              args.rounds, ITER4), "",
           "| call | psutil %s | psinfo | ratio |" % _psutil_version(), "|---|---|---|---|"]
    out += rows
    out += ["", "Below the goal: %s." % (", ".join(below) if below else "none")]
    with open(args.out, "w") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(out))


def _psutil_version():
    try:
        import psutil
        return psutil.__version__
    except ImportError:
        return "(missing)"


if __name__ == "__main__":
    main()
