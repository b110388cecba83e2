"""The process methods that act (send_signal, suspend, resume, terminate, kill, wait) and the
setters (nice, ionice, rlimit, cpu_affinity with --set), on children of the test, checked
against /proc/PID and os; and the functions pids, pid_exists, process_iter, wait_procs."""
import json
import os
import resource
import signal
import subprocess
import threading
import time

import pytest

from conftest import PYTHON as PY, proc_state, run_cli as run, wait_state
from cli_helpers import ok

CATCHER = """
import signal, sys, time
got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
print("ready", flush=True)
while not got:
    time.sleep(0.01)
print("USR1", flush=True)
time.sleep(300)
"""


def proc(method, pid, *extra):
    return run("process", method, "--pid", pid, *extra)


def test_suspend_resume(children):
    pid = children.sleeper().pid
    rc, out, err = proc("suspend", pid)
    assert (rc, out, err) == (0, "", "")
    assert wait_state(pid, "T"), proc_state(pid)
    assert ok("process", "status", "--pid", pid) == "stopped\n"
    rc, out, err = proc("resume", pid, "--json")
    assert (rc, out, err) == (0, "null\n", "")
    assert wait_state(pid, "S"), proc_state(pid)


@pytest.mark.parametrize("method,sig", [("terminate", signal.SIGTERM), ("kill", signal.SIGKILL)])
def test_terminate_kill(children, method, sig):
    p = children.sleeper()
    assert proc(method, p.pid) == (0, "", "")
    assert p.wait(timeout=10) == -sig


@pytest.mark.parametrize("name", ["SIGUSR1", "USR1", "usr1", str(int(signal.SIGUSR1))])
def test_send_signal(children, name):
    p = children.start([PY, "-c", CATCHER], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "ready"
    assert proc("send_signal", p.pid, "--signal", name) == (0, "", "")
    assert p.stdout.readline().strip() == "USR1"


def test_send_signal_usage(children):
    pid = children.sleeper().pid
    for args in (["--signal", "SIGNOPE"], [], ["--signal", ""]):
        rc, out, err = proc("send_signal", pid, *args)
        assert rc == 2 and out == "" and err.count("\n") == 1, (args, err)


def reaped_when_done(p):
    """Reaps p in a thread as soon as it ends (else it stays a zombie, which still exists)."""
    t = threading.Thread(target=p.wait, daemon=True)
    t.start()
    return t


def test_wait(children):
    p = children.start(["sleep", "0.3"])
    reaped_when_done(p)
    start = time.monotonic()
    # Not psinfo's child: no exit code (null), as psutil for a process it did not start.
    rc, out, err = proc("wait", p.pid, "--json")
    assert (rc, out) == (0, "null\n") and time.monotonic() - start >= 0.2, err
    q = children.sleeper()
    rc, out, err = proc("wait", q.pid, "--timeout", "0.2")
    assert rc == 1 and out == "" and "timeout" in err.lower(), err


def test_setters(children):
    pid = children.sleeper().pid
    assert proc("nice", pid, "--set", "7") == (0, "", "")
    assert os.getpriority(os.PRIO_PROCESS, pid) == 7
    assert ok("process", "nice", "--pid", pid) == "7\n"
    assert proc("ionice", pid, "--set", "be,5") == (0, "", "")
    assert json.loads(ok("process", "ionice", "--pid", pid, "--json")) == {
        "ioclass": "IOPRIO_CLASS_BE", "value": 5}
    assert proc("ionice", pid, "--set", "IOPRIO_CLASS_IDLE") == (0, "", "")
    assert json.loads(ok("process", "ionice", "--pid", pid, "--json"))["ioclass"] == \
        "IOPRIO_CLASS_IDLE"
    assert proc("rlimit", pid, "--resource", "nofile", "--set", "100,200") == (0, "", "")
    assert resource.prlimit(pid, resource.RLIMIT_NOFILE) == (100, 200)
    assert proc("rlimit", pid, "--resource", "core", "--set", "infinity,-1") == (0, "", "")
    assert resource.prlimit(pid, resource.RLIMIT_CORE) == (resource.RLIM_INFINITY,) * 2
    assert proc("cpu_affinity", pid, "--set", "0") == (0, "", "")
    assert os.sched_getaffinity(pid) == {0}
    every = sorted(os.sched_getaffinity(0))
    assert proc("cpu_affinity", pid, "--set", ",".join(map(str, every))) == (0, "", "")
    assert os.sched_getaffinity(pid) == set(every)
    other = children.sleeper().pid
    assert proc("cpu_affinity", other, "--set", "all") == (0, "", "")
    assert os.sched_getaffinity(other) == set(every)


def test_setter_refusals(children):
    pid = children.sleeper().pid
    # Values the library refuses are usage errors too (exit 2), as values the parser refuses.
    for method, value in (("ionice", "idle,5"), ("ionice", "bogus"), ("rlimit", "5"),
                          ("cpu_affinity", "x"), ("nice", "abc")):
        extra = ["--resource", "nofile"] if method == "rlimit" else []
        rc, out, err = proc(method, pid, *extra, "--set", value)
        assert rc == 2 and out == "" and err.count("\n") == 1, (method, value, err)


def test_pids_and_pid_exists(children):
    p = children.sleeper()
    pids = json.loads(ok("pids", "--json"))
    assert pids == sorted(pids) and p.pid in pids and 1 in pids
    listed = {int(d) for d in os.listdir("/proc") if d.isdigit()}
    assert len(set(pids) ^ listed) <= 10
    assert ok("pid_exists", "--pid", p.pid) == "true\n"
    p.kill()
    p.wait()
    assert json.loads(ok("pid_exists", "--pid", p.pid, "--json")) is False


def test_process_iter(children):
    argv = [PY, "-c", "import time; time.sleep(300)", "an arg"]
    p = children.start(argv)
    time.sleep(0.2)
    v = json.loads(ok("process_iter", "--attrs", "pid,name,cmdline,ppid", "--json"))
    mine = [e for e in v if e["pid"] == p.pid]
    assert mine == [{"pid": p.pid, "ppid": os.getpid(), "name": os.path.basename(PY),
                     "cmdline": argv}]
    assert [e["pid"] for e in v] == sorted(e["pid"] for e in v)
    # Default: pid and name.
    v = json.loads(ok("process_iter", "--json"))
    assert set(v[0]) == {"pid", "name"}


def test_wait_procs(children):
    quick = children.start(["sleep", "0.2"])
    reaped_when_done(quick)
    slow = children.sleeper()
    v = json.loads(ok("wait_procs", "--pid", "%d,%d" % (quick.pid, slow.pid), "--timeout", "1",
                      "--json"))
    assert v == {"gone": [{"pid": quick.pid, "returncode": None}],
                 "alive": [{"pid": slow.pid}]}
    rc, out, err = run("wait_procs", "--pid", "x")
    assert rc == 2
