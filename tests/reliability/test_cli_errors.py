#!/usr/bin/python3
"""The CLI rows of docs/errors.md: a bad input gives one line on stderr (starting "psinfo: ")
and exit status 1, or 2 for a usage error; nothing on stdout.
Usage: test_cli_errors.py PATH/TO/psinfo"""
import os
import subprocess
import sys
import tempfile

cli = sys.argv[1]
failures = []
tmp = tempfile.mkdtemp(prefix="psinfo-rel-cli-")
afile = os.path.join(tmp, "file")
with open(afile, "w") as f:
    f.write("x")
empty = os.path.join(tmp, "empty")
os.mkdir(empty)

# A PID that has just exited.
child = subprocess.Popen(["/bin/true"])
child.wait()
gone = child.pid

# (arguments, extra environment, expected status, text the stderr line must contain)
cases = [
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
    (["cpu_times"], {"PSINFO_PROCFS_PATH": afile}, 1, afile),
    (["virtual_memory"], {"PSINFO_PROCFS_PATH": empty}, 1, empty),
]
if not os.path.exists("/proc/%d" % gone):
    cases.append((["process", "name", "--pid", str(gone)], {}, 1, "pid=%d" % gone))

for args, env_extra, want_rc, want_text in cases:
    env = dict(os.environ)
    env.pop("PSINFO_PROCFS_PATH", None)
    env.update(env_extra)
    r = subprocess.run([cli] + args, env=env, capture_output=True, text=True, timeout=60)
    label = " ".join(args) + (" %s" % env_extra if env_extra else "")
    lines = r.stderr.splitlines()
    if r.returncode != want_rc:
        failures.append("%s: exit %d, want %d (stderr %r)"
                        % (label, r.returncode, want_rc, r.stderr))
    elif len(lines) != 1:
        failures.append("%s: %d stderr lines, want 1: %r" % (label, len(lines), r.stderr))
    elif not lines[0].startswith("psinfo: ") or want_text not in lines[0]:
        failures.append("%s: stderr %r does not name %r" % (label, lines[0], want_text))
    elif r.stdout:
        failures.append("%s: output on stdout: %r" % (label, r.stdout[:200]))

# A file: disk_usage works on it (psutil's statvfs does).
r = subprocess.run([cli, "disk_usage", "--path", afile, "--json"], capture_output=True, text=True)
if r.returncode != 0:
    failures.append("disk_usage on a file: exit %d: %r" % (r.returncode, r.stderr))

# A path with no permission, as nobody.
if os.geteuid() == 0 and os.path.exists("/usr/bin/setpriv"):
    locked = os.path.join(tmp, "locked")
    os.makedirs(os.path.join(locked, "inner"))
    os.chmod(locked, 0o700)
    os.chmod(tmp, 0o755)
    target = os.path.join(locked, "inner")
    r = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                        cli, "disk_usage", "--path", target], capture_output=True, text=True)
    lines = r.stderr.splitlines()
    if r.returncode == 126 or r.returncode == 127:
        print("note: nobody cannot run the CLI here; skipped the no-permission row")
    elif r.returncode != 1 or len(lines) != 1 or target not in lines[0]:
        failures.append("disk_usage no permission as nobody: exit %d stderr %r"
                        % (r.returncode, r.stderr))

    # Another user's /proc files.
    r = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                        cli, "process", "environ", "--pid", "1"], capture_output=True, text=True)
    lines = r.stderr.splitlines()
    if r.returncode not in (126, 127) and (r.returncode != 1 or len(lines) != 1
                                           or "Permission denied" not in lines[0]):
        failures.append("process environ --pid 1 as nobody: exit %d stderr %r"
                        % (r.returncode, r.stderr))

subprocess.run(["rm", "-rf", tmp])
for f in failures:
    print("FAIL:", f)
print("test_cli_errors: %d cases, %d failures" % (len(cases) + 2, len(failures)))
sys.exit(1 if failures else 0)
