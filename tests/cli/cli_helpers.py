"""What the pytest files tests/cli/test_cli_<topic>.py share: the psinfo program, running it,
children that are always reaped, and commands run in a private mount namespace (a file bound
over /proc/meminfo, a tmpfs, a utmp), so that psinfo and the system's own tool read the same
made-up input and their outputs can be compared byte for byte.

ctest passes PSINFO_CLI (the program) and PSINFO_DOC_DIR (where psinfo.1 and psinfo.bash
were made) in the environment.
"""
import contextlib
import os
import shutil
import subprocess
import sys
import time

import pytest


def cli_path():
    path = os.environ.get("PSINFO_CLI")
    if not path:
        pytest.fail("PSINFO_CLI is not set: run this test through ctest", pytrace=False)
    return path


def clean_env(extra=None):
    """The environment for psinfo: no PSINFO_*_PATH from the caller, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PSINFO_PROCFS_PATH", "PSINFO_SYSFS_PATH")}
    env.update(extra or {})
    return env


def run(*args, env=None, timeout=60, input=None):
    """psinfo ARGS: (exit status, stdout, stderr), text with bad bytes replaced."""
    p = subprocess.run([cli_path()] + [str(a) for a in args], capture_output=True, text=True,
                       errors="replace", env=clean_env(env), timeout=timeout,
                       stdin=subprocess.DEVNULL if input is None else None, input=input)
    return p.returncode, p.stdout, p.stderr


def ok(*args, env=None, timeout=60):
    """psinfo ARGS, which must succeed: its stdout."""
    rc, out, err = run(*args, env=env, timeout=timeout)
    assert rc == 0, "psinfo %s: exit %d, stderr %r" % (" ".join(map(str, args)), rc, err)
    return out


def tool(*args, env=None):
    """A system tool's stdout (skips the test when the tool is missing)."""
    if not shutil.which(args[0]):
        pytest.skip("%s is not installed" % args[0])
    p = subprocess.run(list(args), capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 0, "%s: exit %d, %r" % (" ".join(args), p.returncode, p.stderr)
    return p.stdout


class Children:
    """Processes started for a test; killed and reaped when it ends."""

    def __init__(self):
        self.procs = []

    def start(self, argv, **kw):
        kw.setdefault("stdin", subprocess.DEVNULL)
        kw.setdefault("stdout", subprocess.DEVNULL)
        p = subprocess.Popen(argv, **kw)
        self.procs.append(p)
        return p

    def sleeper(self, seconds=300):
        return self.start(["sleep", str(seconds)])

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    p.kill()
            with contextlib.suppress(Exception):
                p.wait(timeout=10)


@pytest.fixture
def children():
    c = Children()
    try:
        yield c
    finally:
        c.close()


def wait_state(pid, letters, seconds=5):
    """Waits until /proc/PID/stat's state is one of `letters`; the last state seen."""
    end = time.time() + seconds
    state = "?"
    while time.time() < end:
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        if state in letters:
            break
        time.sleep(0.02)
    return state


def can_unshare():
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


needs_namespace = pytest.mark.skipif(not can_unshare(),
                                     reason="needs root and unshare -m (a mount namespace)")


def in_namespace(setup, commands, timeout=60):
    """Runs shell `setup` (mounts) then each command of `commands` in one private mount
    namespace: a list of (exit status, stdout, stderr), stdout and stderr as text."""
    script = ["{ %s; } || exit 97" % setup]
    for i, c in enumerate(commands):
        script.append("%s >\"$OUT/%d.out\" 2>\"$OUT/%d.err\"; echo $? >\"$OUT/%d.rc\""
                      % (c, i, i, i))
    out_dir = subprocess.run(["mktemp", "-d"], capture_output=True, text=True).stdout.strip()
    try:
        env = clean_env({"OUT": out_dir, "PSINFO": cli_path()})
        p = subprocess.run(["unshare", "-m", "sh", "-c", "\n".join(script)], env=env,
                           capture_output=True, text=True, timeout=timeout)
        assert p.returncode == 0, "namespace setup: %r %r" % (p.stdout, p.stderr)
        results = []
        for i in range(len(commands)):
            def read(ext):
                with open(os.path.join(out_dir, "%d.%s" % (i, ext)), errors="replace") as f:
                    return f.read()
            results.append((int(read("rc")), read("out"), read("err")))
        return results
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


PY = sys.executable
