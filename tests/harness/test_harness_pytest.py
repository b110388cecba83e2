"""The Python half of the harness (tests/conftest.py), shown by running pytest on small test
files with the same conftest: a test that leaves a PSINFO_* variable, the working directory,
psutil.PROCFS_PATH or the psinfo package's roots changed fails and the next test finds them
restored; a run in which every test is skipped (the shared fixtures missing) exits 77, which
ctest reports as skipped; a test that reads the shared fixtures without the `shared` mark is a
usage error.
"""
import os
import shutil
import subprocess

import pytest

from conftest import PYTHON, TESTS

LEAKS = '''
import os
import psutil


def test_a_leaks():
    os.environ["PSINFO_PROCFS_PATH"] = "/nonexistent-psinfo"
    os.chdir("/")
    psutil.PROCFS_PATH = "/nonexistent-psinfo"


def test_b_after_it(tmp_path):
    assert "PSINFO_PROCFS_PATH" not in os.environ
    assert os.getcwd() == os.environ["HARNESS_CWD"]
    assert psutil.PROCFS_PATH == "/proc"
    assert psutil.virtual_memory().total > 0
'''

# (The mark is put together so that add_psinfo_test does not take this file for one with
# cases marked shared.)
SHARED = '''
import pytest


@pytest.mark.%s
def test_needs_the_shared_fixtures(shared_fixtures):
    assert False, "ran without the shared fixtures"
''' % "shared"


ROOTS = '''
import os
import sys

sys.path.insert(0, os.environ["HARNESS_MODULE_DIR"])
import psinfo.ext


def test_a_leaks():
    psinfo.ext.set_procfs_path("/nonexistent-psinfo/proc")
    psinfo.ext.set_sysfs_path("/nonexistent-psinfo/sys")


def test_b_after_it():
    assert psinfo.ext.procfs_path() == "/proc" and psinfo.ext.sysfs_path() == "/sys"
    assert psinfo.boot_time() > 0
'''

UNMARKED = '''
def test_reads_the_shared_fixtures_unmarked(shared_fixtures):
    pass
'''


def run_pytest(tmp_path, name, text, **env):
    """pytest on one file written in tmp_path, with this project's conftest and pytest.ini."""
    for f in ("conftest.py", "pytest.ini"):
        shutil.copy(os.path.join(TESTS, f), tmp_path / f)
    (tmp_path / name).write_text(text)
    e = {k: v for k, v in os.environ.items() if not k.startswith("PSINFO_")}
    e.update(env, HARNESS_CWD=str(tmp_path))
    return subprocess.run([PYTHON, "-m", "pytest", "-c", str(tmp_path / "pytest.ini"),
                           str(tmp_path / name)], cwd=tmp_path, env=e, capture_output=True,
                          text=True, timeout=120)


def test_a_test_that_does_not_restore_fails_and_the_next_finds_all_restored(tmp_path):
    pytest.importorskip("psutil")
    r = run_pytest(tmp_path, "test_leaks.py", LEAKS)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "test_leaks.py .E." in out and "2 passed, 1 error" in out, out
    assert "the test did not restore: cwd, env, psutil.PROCFS_PATH" in out, out


def test_a_run_without_the_shared_fixtures_is_a_skip(tmp_path):
    r = run_pytest(tmp_path, "test_shared.py", SHARED,
                   PSINFO_SHARED_FIXTURES=str(tmp_path / "missing"))
    out = r.stdout + r.stderr
    assert r.returncode == 77, out
    assert "1 skipped" in out and "the shared fixtures are missing" in out, out


def test_the_shared_fixtures_come_from_one_setting(tmp_path):
    r = run_pytest(tmp_path, "test_shared.py", SHARED,
                   PSINFO_SHARED_FIXTURES_DEFAULT=str(tmp_path / "missing-default"))
    assert r.returncode == 77 and "missing-default" in r.stdout, r.stdout + r.stderr


def test_a_test_that_leaves_the_ctypes_roots_changed_fails(tmp_path):
    r = run_pytest(tmp_path, "test_roots.py", ROOTS,
                   PSINFO_LIBRARY=os.environ["PSINFO_LIBRARY"],
                   HARNESS_MODULE_DIR=os.path.join(TESTS, "..", "python"))
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "test_roots.py .E." in out and "2 passed, 1 error" in out, out
    assert "the test did not restore: psinfo roots" in out, out


def test_a_test_reading_the_shared_fixtures_must_be_marked(tmp_path):
    r = run_pytest(tmp_path, "test_unmarked.py", UNMARKED)
    out = r.stdout + r.stderr
    assert r.returncode == 4, out  # a usage error
    assert "tests that use the shared fixtures must be marked" in out and "unmarked" in out, out
