"""What the Python tests share (pytest, Debian's python3-pytest).

ctest runs each file (add_psinfo_test in tests/cmake/psinfo_test.cmake) with these in the
environment: PSINFO_CLI (the psinfo program), PSINFO_LIBRARY (libpsinfo.so),
PSINFO_TEST_FIXTURES (tests/fixtures), PSINFO_SHARED_FIXTURES_DEFAULT (the CMake cache variable
PSINFO_SHARED_FIXTURES; the environment variable PSINFO_SHARED_FIXTURES, when set, wins), and
the paths of a file's own test drivers.

Tests that need the shared fixtures are marked `shared` and take the `shared_fixtures` fixture,
which skips them where the folder is missing; ctest runs them apart (`-m shared`), and a run in
which every test was skipped exits 77, which ctest reports as skipped.

Fixtures and helpers: `cli` (the psinfo CLI as a function returning its --json output),
`run_cli` (the CLI run as it is: its status, stdout and stderr), `checks` (soft checks: every
comparison of a test is made, the failed ones are listed together and fail the test; `check`
is the running test's checks.check, for a file's helper functions), `children` (processes that
are killed and reaped when the test ends), `load_psinfo` (the Python package, python/psinfo,
on the built library), `psutil_procfs` (psutil.PROCFS_PATH for one scope), `sys_namespace` (a
command run with a tree's sys/ bind-mounted over /sys, for psutil, which reads /sys at a fixed
path). Every test must
leave the environment, the working directory, psutil.PROCFS_PATH and the psinfo package's /proc
and /sys roots as it found them: an autouse fixture fails a test that does not (and puts them
back).

A new file: name it test_<area>_<kind>.py in its area's folder and register it in that folder's
CMakeLists.txt with add_psinfo_test(NAME PYTEST file.py) (tests/cli registers every
test_*.py it holds by itself). Take paths from the fixtures here, not from the command line.
"""
import collections
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings

import pytest

TESTS = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


# ---- where things are -----------------------------------------------------------------------

def shared_fixtures_dir():
    """The shared fixtures folder: $PSINFO_SHARED_FIXTURES, else the build's setting."""
    return (os.environ.get("PSINFO_SHARED_FIXTURES") or
            os.environ.get("PSINFO_SHARED_FIXTURES_DEFAULT") or
            os.path.normpath(os.path.join(TESTS, "..", "..", "shared", "fixtures")))


def own_fixtures_dir():
    return os.environ.get("PSINFO_TEST_FIXTURES") or os.path.join(TESTS, "fixtures")


def built(var, what):
    """The path of a built program that ctest names in the environment variable `var`."""
    path = os.environ.get(var)
    if not path:
        pytest.fail(f"{var} is not set: run this test through ctest ({what})", pytrace=False)
    if not os.access(path, os.X_OK):
        pytest.fail(f"{var}={path}: not an executable ({what})", pytrace=False)
    return path


@pytest.fixture(scope="session")
def shared_fixtures():
    d = shared_fixtures_dir()
    if not os.path.isdir(d):
        pytest.skip(f"the shared fixtures are missing ({d}; set PSINFO_SHARED_FIXTURES)")
    return d


def pytest_collection_modifyitems(config, items):
    """A test that reads the shared fixtures must be marked `shared` (ctest runs those apart,
    and a clone without them skips them)."""
    unmarked = [i.nodeid for i in items if "shared_fixtures" in getattr(i, "fixturenames", ())
                and i.get_closest_marker("shared") is None]
    if unmarked:
        raise pytest.UsageError("tests that use the shared fixtures must be marked "
                                "@pytest.mark.shared: " + ", ".join(unmarked))


@pytest.fixture(scope="session")
def own_fixtures():
    return own_fixtures_dir()


def trees(shared=(), own=()):
    """Parameters of a test over fixture trees, for the `tree` fixture (indirect=True): the
    shared trees by name (marked `shared`), then the project's own (tests/fixtures)."""
    return ([pytest.param(("shared", t), id=t, marks=pytest.mark.shared) for t in shared] +
            [pytest.param(("own", t), id=t) for t in own])


@pytest.fixture
def tree(request):
    """The path of the tree a test is parametrized with (see trees())."""
    where, name = request.param
    root = request.getfixturevalue("shared_fixtures") if where == "shared" else own_fixtures_dir()
    return os.path.join(root, name)


def recorded_trees():
    """Parameters of a test over the trees that scripts/record-fixture.sh recorded in
    tests/fixtures (those with an expected.json)."""
    root = own_fixtures_dir()
    return [pytest.param(os.path.join(root, d), id=d) for d in sorted(os.listdir(root))
            if os.path.isfile(os.path.join(root, d, "expected.json"))]


def load_expected(tree):
    with open(os.path.join(tree, "expected.json")) as f:
        return json.load(f)


def nt(name, d):
    """A psutil-like namedtuple made from a dict (as recorded in expected.json)."""
    return collections.namedtuple(name, list(d))(**d)


def psutil_quiet(fn, *args, **kw):
    """Calls a psutil function: (its result, [the messages of the warnings it gave])."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r = fn(*args, **kw)
    return r, [str(x.message) for x in w]


# ---- ctest: a run in which every test was skipped is a skip --------------------------------

_outcomes = {"passed": 0, "failed": 0, "skipped": 0}


def pytest_runtest_logreport(report):
    if report.skipped:
        _outcomes["skipped"] += 1
    elif report.failed:
        _outcomes["failed"] += 1
    elif report.when == "call":
        _outcomes["passed"] += 1


def pytest_sessionfinish(session, exitstatus):
    if exitstatus == 0 and _outcomes["passed"] == 0 and _outcomes["skipped"] > 0:
        session.exitstatus = 77


def pytest_terminal_summary(terminalreporter):
    if Checks.total_passed or Checks.total_failed:
        terminalreporter.write_line(
            f"psinfo checks: {Checks.total_passed} passed, {Checks.total_failed} failed")
    if Checks.known_met:
        terminalreporter.write_line(
            f"{len(Checks.known_met)} known psutil 5.9.4 vs psinfo differences met: "
            + ", ".join(sorted(Checks.known_met)))


# ---- nothing leaks into the next test -------------------------------------------------------

def _state():
    ps = sys.modules.get("psutil")
    mod = sys.modules.get("psinfo.ext")
    roots = (mod.procfs_path(), mod.sysfs_path()) if hasattr(mod, "set_sysfs_path") else None
    return {"cwd": os.getcwd(),
            "env": {k: v for k, v in os.environ.items() if k.startswith("PSINFO_")},
            "psutil.PROCFS_PATH": getattr(ps, "PROCFS_PATH", None),
            "psinfo roots": roots}


@pytest.fixture(autouse=True)
def _leaves_no_change():
    before = _state()
    yield
    after = _state()
    for k in ("psutil.PROCFS_PATH", "psinfo roots"):
        if before[k] is None:  # the module was first imported by this test
            after[k] = None
    if after == before:
        return
    changed = [k for k in before if before[k] != after[k]]
    os.chdir(before["cwd"])
    for k in set(after["env"]) - set(before["env"]):
        del os.environ[k]
    os.environ.update(before["env"])
    if "psutil" in sys.modules and before["psutil.PROCFS_PATH"] is not None:
        sys.modules["psutil"].PROCFS_PATH = before["psutil.PROCFS_PATH"]
    if before["psinfo roots"] is not None:
        sys.modules["psinfo.ext"].set_procfs_path(before["psinfo roots"][0])
        sys.modules["psinfo.ext"].set_sysfs_path(before["psinfo roots"][1])
    pytest.fail(f"the test did not restore: {', '.join(changed)} ({before} -> {after})",
                pytrace=False)


@pytest.fixture
def psutil_procfs():
    """psutil_procfs(path): a context in which psutil reads its /proc under path."""
    import psutil

    @contextlib.contextmanager
    def at(path):
        saved = psutil.PROCFS_PATH
        psutil.PROCFS_PATH = path
        try:
            yield
        finally:
            psutil.PROCFS_PATH = saved
    return at


# ---- soft checks ----------------------------------------------------------------------------

# Known differences between Debian's psutil 5.9.4 and psutil 8 (which psinfo follows), and
# psinfo's own rule "absent, never a silent zero" (DESIGN.md). See PSUTIL-LINUX.md section 8.
KNOWN = {
    "cpu_times.order": "[5.9.4] field order user, nice, system, idle, ...; [8] user, system, idle, nice, ...",
    "vm.used": "[5.9.4] used = total - free - buffers - cached; [8] (and procps 4 `free`) used = total - available",
    "cpu_stats.syscalls": "psutil reports syscalls=0 on Linux; psinfo: null (Linux has no such counter)",
    "cpu_freq.minmax": "no cpufreq in /sys: psutil gives min=max=0.0; psinfo: null (unknown, not zero)",
    "cpu_freq.percpu": "[5.9.4] one cpu_freq entry per cpufreq policy dir; [8] one per CPU",
    "users.host": "[5.9.4] host '' for a local session; [8] 'localhost'",
    "users.name32": "psutil 5.9.4 bug: a ut_user that fills all 32 bytes (no NUL) is read on into ut_host; "
                    "psinfo stops at the field's end",
    "users.started": "[5.9.4] started passes through a C float (multiple of 128 s); [8] exact seconds",
    "swap.sinsout": "no vmstat: psutil gives sin=sout=0 with a RuntimeWarning; psinfo: null",
    "cpu_times.short": "/proc/stat cpu line with fewer than 10 columns: [5.9.4] only those fields; "
                       "[8] always 10 (missing -> 0); psinfo: the missing ones null",
    "vm.absent": "meminfo lacks the key: psutil 0 (slab silently, others with a RuntimeWarning); psinfo: null",
    "cpu_freq.nocur": "a cpufreq policy without scaling_cur_freq/cpuinfo_cur_freq: [5.9.4] raises "
                      "NotImplementedError; [8] skips the CPU when it is offline",
    "vm.avail0": "MemAvailable: 0: [5.9.4] keeps 0; [8] re-estimates from zoneinfo as if it were missing "
                 "(psinfo's value is checked against psutil 5.9.4 on a copy of the tree without the line)",
}


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class Checks:
    """Soft checks for one test: each returns whether it held; failures are collected and fail
    the test when it ends, all of them listed."""
    total_passed = 0
    total_failed = 0
    known_met = set()
    running = None  # the running test's

    def __init__(self):
        self.passed = 0
        self.failures = []

    def check(self, ok, what):
        if ok:
            self.passed += 1
            Checks.total_passed += 1
        else:
            where = next((f"{os.path.basename(f.filename)}:{f.lineno}: "
                          for f in reversed(traceback.extract_stack()[:-1])
                          if f.filename != __file__), "")
            self.failures.append(where + str(what))
            Checks.total_failed += 1
            print("FAIL ", where + str(what))
        return bool(ok)

    def compare(self, where, ok, ps, ours, rule):
        return self.check(ok, f"{where}: psutil={ps!r} psinfo={ours!r} ({rule})")

    def error(self, where, msg):
        return self.check(False, f"{where}: {msg}")

    def known_diff(self, key, where, ps, ours):
        """A known difference still counts as a passed comparison: it was checked to be
        exactly the documented difference and nothing else."""
        Checks.known_met.add(key)
        print(f"known {where}: psutil={ps!r} psinfo={ours!r} -- {KNOWN[key]}")
        return self.check(True, where)

    def exact(self, where, ps, ours):
        ok = (ps is None and ours is None) or (ps is not None and is_num(ours) and ours == ps)
        return self.compare(where, ok, ps, ours, "exact")

    def bracket(self, where, before, after, ours, slack=0.0, rule=None):
        lo, hi = min(before, after), max(before, after)
        ok = is_num(ours) and lo - slack - 1e-9 <= ours <= hi + slack + 1e-9
        return self.compare(where, ok, (before, after), ours,
                            rule or (f"between psutil before/after +- {slack:g}" if slack else
                                     "between psutil before/after"))

    def near(self, where, ps, ours, tol, unit=""):
        return self.compare(where, is_num(ours) and abs(ours - ps) <= tol, ps, ours,
                            f"within {tol:g}{unit}")

    def same_keys(self, where, ps_fields, ours, extra_null=()):
        """ours (a dict) must have exactly psutil's fields; those in extra_null may be there as
        null."""
        if not isinstance(ours, dict):
            return self.error(where, f"psinfo gave {ours!r}, expected an object")
        missing = [f for f in ps_fields if f not in ours]
        extra = [f for f in ours if f not in ps_fields and not (f in extra_null and ours[f] is None)]
        return self.compare(where + " fields", not missing and not extra, list(ps_fields),
                            list(ours), "same field names" +
                            (f"; missing {missing}" if missing else "") +
                            (f"; extra {extra}" if extra else ""))


@pytest.fixture(autouse=True)
def checks():
    c = Checks.running = Checks()
    yield c
    Checks.running = None
    if c.failures:
        pytest.fail(f"{len(c.failures)} of {c.passed + len(c.failures)} checks failed:\n" +
                    "\n".join(c.failures), pytrace=False)


def check(ok, what):
    """A soft check of the running test (its `checks`): whether it held."""
    return Checks.running.check(ok, what)


# ---- the psinfo CLI -------------------------------------------------------------------------

class Cli:
    """The psinfo program: cli("cpu_times", "--percpu") is its --json output, parsed. Runs with
    the roots of `procfs`/`sysfs` when given, else the real /proc and /sys."""

    def __init__(self, path, procfs=None, sysfs=None):
        self.path = path
        self.env = dict(os.environ)
        self.env.pop("PSINFO_PROCFS_PATH", None)
        self.env.pop("PSINFO_SYSFS_PATH", None)
        if procfs:
            self.env["PSINFO_PROCFS_PATH"] = procfs
        if sysfs:
            self.env["PSINFO_SYSFS_PATH"] = sysfs

    def on(self, procfs=None, sysfs=None):
        return Cli(self.path, procfs, sysfs)

    def start(self, *args):
        return subprocess.Popen([self.path, *args, "--json"], env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    @staticmethod
    def finish(proc):
        out, err = proc.communicate(timeout=60)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(proc.args)} exited {proc.returncode}: {err.strip()}")
        try:
            return json.loads(out)
        except ValueError as e:
            raise RuntimeError(f"{' '.join(proc.args)} printed invalid JSON ({e}): {out!r}")

    def __call__(self, *args):
        return self.finish(self.start(*args))

    def run(self, *args):
        """The finished process (returncode, stdout, stderr), whatever its status."""
        return subprocess.run([self.path, *args, "--json"], env=self.env, capture_output=True,
                              text=True, timeout=60)


def cli_path():
    return built("PSINFO_CLI", "the psinfo CLI")


@pytest.fixture(scope="session")
def cli():
    return Cli(cli_path())


def run_cli(*args, env=None, timeout=30, **kw):
    """The psinfo CLI run with `args` as they are (no --json added; numbers made strings), on
    the real /proc and /sys unless `env` names other roots: (exit status, stdout, stderr).
    stdin is /dev/null unless `input` is given."""
    e = dict(os.environ)
    e.pop("PSINFO_PROCFS_PATH", None)
    e.pop("PSINFO_SYSFS_PATH", None)
    e.update(env or {})
    if "input" not in kw:
        kw.setdefault("stdin", subprocess.DEVNULL)
    p = subprocess.run([cli_path(), *map(str, args)], capture_output=True, text=True, env=e,
                       timeout=timeout, errors="replace", **kw)
    return p.returncode, p.stdout, p.stderr


# ---- the psinfo package -----------------------------------------------------------------------

def load_psinfo():
    """The psinfo Python package (python/psinfo) on the built library (PSINFO_LIBRARY, set by
    ctest): the package finds it there when no libpsinfo is bundled or installed; a test must
    not run on another copy, so that is checked."""
    lib = os.environ.get("PSINFO_LIBRARY")
    if not lib or not os.path.exists(lib):
        raise ImportError(f"PSINFO_LIBRARY={lib!r}: run this test through ctest")
    path = os.path.normpath(os.path.join(TESTS, "..", "python"))
    if path not in sys.path:
        sys.path.insert(0, path)
    import psinfo
    import psinfo.ext
    if os.path.realpath(psinfo.ext.library_path) != os.path.realpath(lib):
        raise ImportError(f"psinfo loaded {psinfo.ext.library_path}, not PSINFO_LIBRARY={lib}: "
                          "another libpsinfo is installed or bundled")
    return psinfo


# ---- children -------------------------------------------------------------------------------

class Children:
    def __init__(self):
        self.procs = []
        self.pids = []

    def popen(self, *args, **kw):
        p = subprocess.Popen(*args, **kw)
        self.procs.append(p)
        return p

    def start(self, argv, **kw):
        """Popen(argv), stdin and stdout /dev/null unless given."""
        kw.setdefault("stdin", subprocess.DEVNULL)
        kw.setdefault("stdout", subprocess.DEVNULL)
        return self.popen(argv, **kw)

    def sleeper(self, seconds=300):
        return self.start(["sleep", str(seconds)])

    def fork(self, fn=None):
        """A forked child that runs fn() (default: nothing) and exits."""
        pid = os.fork()
        if pid == 0:
            try:
                if fn:
                    fn()
            finally:
                os._exit(0)
        self.pids.append(pid)
        return pid

    def reap(self, pid):
        """Reaps a forked child now (it is then no longer ours to kill)."""
        os.waitpid(pid, 0)
        self.pids.remove(pid)

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
            p.wait()
        for pid in self.pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


@pytest.fixture
def children():
    """Processes started by the test, killed and reaped when it ends."""
    c = Children()
    yield c
    c.close()


def proc_state(pid):
    """The state letter of /proc/PID/stat, or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
        return chr(data[data.rfind(b")") + 2])
    except (OSError, IndexError):
        return None


def wait_state(pid, states, timeout=5):
    """Waits until the process is in one of `states` (letters of /proc/PID/stat)."""
    end = time.time() + timeout
    while time.time() < end:
        if proc_state(pid) in states:
            return True
        time.sleep(0.005)
    return False


# ---- psutil with a tree's sys/ over /sys ----------------------------------------------------

_bind = {}


def can_bind_sys():
    """Whether this process may bind a directory over /sys in a private mount namespace."""
    if "ok" not in _bind:
        with tempfile.TemporaryDirectory() as d:
            try:
                r = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                                    'mount --bind "$0" /sys', d], capture_output=True, text=True)
                _bind["ok"], _bind["why"] = r.returncode == 0, r.stderr.strip()
            except OSError as e:
                _bind["ok"], _bind["why"] = False, str(e)
    return _bind["ok"]


@pytest.fixture
def sys_namespace():
    """sys_namespace(sysdir, argv): runs argv with sysdir bound over /sys in a private mount
    namespace (unshare, which needs root); the finished process. Skips the test where that is
    not permitted."""
    if not can_bind_sys():
        pytest.skip(f"cannot bind a tree over /sys in a private mount namespace ({_bind['why']})")

    def run(sysdir, argv, **kw):
        return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                               'mount --bind "$0" /sys && exec "$@"', sysdir, *argv],
                              capture_output=True, text=True, timeout=60, **kw)
    return run
