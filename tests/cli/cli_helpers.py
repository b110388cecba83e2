"""What the CLI's pytest files share beyond tests/conftest.py (which gives the program,
run_cli, children and wait_state): a command that must succeed, the system's own tools, and
commands run in a private mount namespace (a file bound over /proc/meminfo, a tmpfs, a utmp),
so that psinfo and the system's tool read the same made-up input and their outputs can be
compared byte for byte.

ctest passes PSINFO_DOC_DIR (where psinfo.1 and psinfo.bash were made), PSINFO_SOURCE_DIR and
PSINFO_BUILD_DIR in the environment as well (tests/cli/CMakeLists.txt).
"""
import os
import shutil
import subprocess

import pytest

from conftest import cli_path, run_cli


def ok(*args, env=None, timeout=60):
    """psinfo ARGS, which must succeed: its stdout."""
    rc, out, err = run_cli(*args, env=env, timeout=timeout)
    assert rc == 0, "psinfo %s: exit %d, stderr %r" % (" ".join(map(str, args)), rc, err)
    return out


def tool(*args, env=None):
    """A system tool's stdout (skips the test when the tool is missing)."""
    if not shutil.which(args[0]):
        pytest.skip("%s is not installed" % args[0])
    p = subprocess.run(list(args), capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 0, "%s: exit %d, %r" % (" ".join(args), p.returncode, p.stderr)
    return p.stdout


def can_unshare():
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


needs_namespace = pytest.mark.skipif(not can_unshare(),
                                     reason="needs root and unshare -m (a mount namespace)")


def in_namespace(setup, commands, timeout=60):
    """Runs shell `setup` (mounts) then each command of `commands` in one private mount
    namespace ($PSINFO is the program): a list of (exit status, stdout, stderr) as text."""
    script = ["{ %s; } || exit 97" % setup]
    for i, c in enumerate(commands):
        script.append("%s >\"$OUT/%d.out\" 2>\"$OUT/%d.err\"; echo $? >\"$OUT/%d.rc\""
                      % (c, i, i, i))
    out_dir = subprocess.run(["mktemp", "-d"], capture_output=True, text=True).stdout.strip()
    try:
        env = {k: v for k, v in os.environ.items()
               if k not in ("PSINFO_PROCFS_PATH", "PSINFO_SYSFS_PATH")}
        env.update({"OUT": out_dir, "PSINFO": cli_path()})
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
