"""Random arguments to every public function of psinfo and every Process method: nothing may
crash the interpreter (a ctypes segfault is a bug), and a wrong argument raises TypeError,
ValueError, OverflowError or one of psutil's exceptions (an OSError of the OS, such as
FileNotFoundError for a path, and NotImplementedError are allowed too: psutil raises them).

The calls run in a child interpreter, so that a crash is seen as the child's death by a signal
and the offending call is named (the child prints each call before making it). The setters
and signals act on a child process of the test only (/bin/sleep). Seeded: PSINFO_FUZZ_SEED
repeats a run; PSINFO_FUZZ_CALLS sets the number of calls (default 2000).
"""

import os
import subprocess
import sys
import textwrap

from conftest import TESTS, check

CHILD = textwrap.dedent(r'''
    import os, random, subprocess, sys, signal, time
    sys.path.insert(0, os.path.join(%(tests)r, "..", "python"))
    import psinfo, psinfo.ext

    rng = random.Random(%(seed)d)
    victim = subprocess.Popen(["sleep", "60"])
    VALUES = [None, True, False, 0, 1, -1, 2, 7, 255, 2 ** 31, -2 ** 31 - 1, 2 ** 63, 2 ** 64,
              -2 ** 70, 0.0, -0.5, 0.01, 1e308, float("nan"), float("inf"), -float("inf"),
              "", "x", "/", "/tmp", "/nonexistent", "tcp", "inet", "all", "rss", "uss",
              "a\0b", "\udcff", b"/", b"\xff", "é" * 300, "/" * 5000, [], [1], ["pid"],
              ["name", "nope"], ("pid", "name"), {"pid"}, {}, object(), psinfo,
              signal.SIGCONT, 10 ** 100, -10 ** 100, (0, 0), (1, 2, 3), [0, 1], [10 ** 6],
              lambda *a: None]
    OK = (TypeError, ValueError, OverflowError, psinfo.Error, OSError, NotImplementedError)
    SYSTEM = [n for n in psinfo.__all__ if callable(getattr(psinfo, n))
              and n not in ("Process", "Popen", "wait_procs", "Error", "NoSuchProcess",
                            "ZombieProcess", "AccessDenied", "TimeoutExpired")]
    SYSTEM = [getattr(psinfo, n) for n in SYSTEM] + [psinfo.Process, psinfo.wait_procs]
    SAFE_PIDS = [None, 1, os.getpid()]
    METHODS = [n for n in dir(psinfo.Process) if not n.startswith("_")
               and callable(getattr(psinfo.Process, n))]
    # Methods that change a process: on the victim only; never wait() without a timeout.
    HARMFUL = {"send_signal", "suspend", "resume", "terminate", "kill", "nice", "ionice",
               "rlimit", "cpu_affinity", "wait"}
    n_calls = %(calls)d
    counts = {"ok": 0, "raised": 0}
    for i in range(n_calls):
        nargs = rng.choice((0, 0, 1, 1, 2, 3))
        args = [rng.choice(VALUES) for _ in range(nargs)]
        kwargs = {}
        if rng.random() < 0.2:
            kwargs[rng.choice(("interval", "percpu", "attrs", "ad_value", "timeout",
                               "callback", "kind", "all", "nowrap", "perdisk", "pernic",
                               "logical", "fahrenheit", "recursive", "grouped", "memtype",
                               "bogus"))] = rng.choice(VALUES)
        if rng.random() < 0.5:
            fn = rng.choice(SYSTEM)
            what = fn.__name__
            if fn is psinfo.wait_procs:
                args = [[psinfo.Process(victim.pid)]] + args[1:]
                kwargs["timeout"] = 0
            if fn.__name__ in ("cpu_percent", "cpu_times_percent") or "interval" in kwargs:
                kwargs["interval"] = None
        else:
            name = rng.choice(METHODS)
            pid = victim.pid if name in HARMFUL else rng.choice(SAFE_PIDS)
            try:
                p = psinfo.Process(pid)
            except psinfo.Error:
                continue
            fn = getattr(p, name)
            what = "Process(%%r).%%s" %% (pid, name)
            if name == "wait":
                args, kwargs = [], {"timeout": 0}
            if name in ("cpu_percent",):
                args, kwargs = [], {}
            if name == "send_signal" and args:
                args = [signal.SIGCONT]
            if name in ("suspend", "terminate", "kill"):
                continue  # the victim must stay
        print("%%d %%s %%r %%r" %% (i, what, args, kwargs), flush=True)
        t0 = time.monotonic()
        try:
            r = fn(*args, **kwargs)
            if what.endswith("process_iter") or what.endswith("children"):
                r = list(r) if r is not None else r
            counts["ok"] += 1
        except OK:
            counts["raised"] += 1
        except Exception as e:
            print("UNEXPECTED %%s: %%r" %% (what, e), flush=True)
            sys.exit(3)
        finally:
            if time.monotonic() - t0 > 1:
                print("SLOW %%.1f s" %% (time.monotonic() - t0), flush=True)
            psinfo.ext.set_procfs_path("")
            psinfo.ext.set_sysfs_path("")
    victim.kill()
    victim.wait()
    print("DONE", counts, flush=True)
''')


def test_random_arguments_do_not_crash():
    seed = int(os.environ.get("PSINFO_FUZZ_SEED", "0") or 0) or int.from_bytes(os.urandom(4),
                                                                               "little")
    calls = int(os.environ.get("PSINFO_FUZZ_CALLS", "2000"))
    code = CHILD % {"tests": TESTS, "seed": seed, "calls": calls}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=600, errors="replace")
    tail = "\n".join(r.stdout.splitlines()[-5:])
    check(r.returncode == 0, "seed %d: exit %d (a negative one is a signal); last calls:\n%s\n%s"
          % (seed, r.returncode, tail, r.stderr[-2000:]))
    check("DONE" in r.stdout, "seed %d did not finish:\n%s" % (seed, tail))
    print("seed %d: %s" % (seed, tail.splitlines()[-1] if tail else ""))
