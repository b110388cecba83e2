"""The CLI rows of docs/errors.md: a bad input gives one line on stderr (starting "psinfo: ")
and exit status 1, or 2 for a usage error; nothing on stdout."""
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

from conftest import cli_path, run_cli


@pytest.fixture(scope="module")
def paths():
    """A file and an empty directory (in a directory of /tmp that nobody may enter), and a PID
    that has just exited."""
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="psinfo-rel-cli-"))
    afile = tmp / "file"
    afile.write_text("x")
    empty = tmp / "empty"
    empty.mkdir()
    child = subprocess.Popen(["/bin/true"])
    child.wait()
    yield {"tmp": tmp, "file": str(afile), "empty": str(empty), "gone": child.pid}
    shutil.rmtree(tmp, ignore_errors=True)


# (arguments, extra environment, expected status, text the stderr line must contain); FILE,
# EMPTY and GONE stand for the paths fixture's.
CASES = [
    (["process", "name", "--pid", "-1"], {}, 2, "--pid"),
    (["process", "name", "--pid", "0"], {}, 1, "pid=0"),
    (["process", "name", "--pid", "2147483647"], {}, 1, "pid=2147483647"),
    (["process", "name", "--pid", "notanumber"], {}, 2, "--pid"),
    (["process", "name"], {}, 2, "--pid"),
    (["process", "bogus", "--pid", "1"], {}, 2, "bogus"),
    (["net_connections", "--kind", "bogus"], {}, 2, "bogus"),
    (["disk_usage", "--path", "/nonexistent/psinfo"], {}, 1, "/nonexistent/psinfo"),
    (["cpu_percent", "--interval", "-1"], {}, 2, "--interval"),
    (["cpu_percent", "--interval", "nan"], {}, 2, "--interval"),
    (["cpu_percent", "--interval"], {}, 2, "--interval"),
    (["bogus"], {}, 2, "bogus"),
    (["cpu_times", "--bogus-option"], {}, 2, "--bogus-option"),
    (["virtual_memory"], {"PSINFO_PROCFS_PATH": "/nonexistent/proc"}, 1, "/nonexistent/proc"),
    (["cpu_times"], {"PSINFO_PROCFS_PATH": "FILE"}, 1, "FILE"),
    (["virtual_memory"], {"PSINFO_PROCFS_PATH": "EMPTY"}, 1, "EMPTY"),
    (["process", "name", "--pid", "GONE"], {}, 1, "pid=GONE"),
]


@pytest.mark.parametrize("args, env, want_rc, want_text", CASES,
                         ids=[" ".join(c[0]) + (" %s" % c[1] if c[1] else "") for c in CASES])
def test_one_line_on_stderr(paths, args, env, want_rc, want_text):
    def put(s):
        return (s.replace("FILE", paths["file"]).replace("EMPTY", paths["empty"])
                .replace("GONE", str(paths["gone"])))
    if "GONE" in args and os.path.exists("/proc/%d" % paths["gone"]):
        pytest.skip("the PID of the exited child is in use again")
    args = [put(a) for a in args]
    rc, out, err = run_cli(*args, env={k: put(v) for k, v in env.items()}, timeout=60)
    lines = err.splitlines()
    assert rc == want_rc, "exit %d, want %d (stderr %r)" % (rc, want_rc, err)
    assert len(lines) == 1, "%d stderr lines, want 1: %r" % (len(lines), err)
    assert lines[0].startswith("psinfo: ") and put(want_text) in lines[0], \
        "stderr %r does not name %r" % (lines[0], put(want_text))
    assert not out, "output on stdout: %r" % out[:200]


def test_disk_usage_on_a_file(paths):
    """psutil's statvfs works on a file: so does disk_usage."""
    rc, _, err = run_cli("disk_usage", "--path", paths["file"], "--json")
    assert rc == 0, "exit %d: %r" % (rc, err)


def as_nobody(*args):
    if os.geteuid() != 0 or not os.path.exists("/usr/bin/setpriv"):
        pytest.skip("needs root and setpriv to run the CLI as nobody")
    r = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                        cli_path(), *args], capture_output=True, text=True)
    if r.returncode in (126, 127):
        pytest.skip("nobody cannot run the CLI here")
    return r


def test_no_permission_as_nobody(paths):
    tmp = paths["tmp"]
    locked = tmp / "locked"
    (locked / "inner").mkdir(parents=True)
    locked.chmod(0o700)
    tmp.chmod(0o755)
    target = str(locked / "inner")
    r = as_nobody("disk_usage", "--path", target)
    lines = r.stderr.splitlines()
    assert r.returncode == 1 and len(lines) == 1 and target in lines[0], \
        "exit %d stderr %r" % (r.returncode, r.stderr)


def test_another_users_proc_files_as_nobody():
    r = as_nobody("process", "environ", "--pid", "1")
    lines = r.stderr.splitlines()
    assert r.returncode == 1 and len(lines) == 1 and "Permission denied" in lines[0], \
        "exit %d stderr %r" % (r.returncode, r.stderr)
