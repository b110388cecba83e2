"""`psinfo pmap --pid N` against procps `pmap -x N`, byte for byte, on processes the test starts
and holds still: Address Kbytes RSS Dirty Mode Mapping, the totals in kB."""
import subprocess

import pytest

from conftest import PYTHON as PY, run_cli as run
from cli_helpers import ok, tool

# A python that maps a shared file and some anonymous memory, then waits.
MAPPER = """
import mmap, os, sys, tempfile
f = tempfile.TemporaryFile()
f.write(b"z" * 65536); f.flush()
shared = mmap.mmap(f.fileno(), 65536, mmap.MAP_SHARED)
shared[:4096] = b"w" * 4096
anon = bytearray(3 << 20)
print("ready", flush=True)
sys.stdin.read()
"""


@pytest.mark.parametrize("what", ["sleep", "python"])
def test_pmap_matches_pmap_x(children, what):
    tool("pmap", "-V")
    if what == "sleep":
        pid = children.sleeper().pid
    else:
        p = children.start([PY, "-c", MAPPER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           text=True)
        assert p.stdout.readline().strip() == "ready"
        pid = p.pid
    # The process is idle: its maps hold still between the two reads (try again if not).
    for _ in range(3):
        want = tool("pmap", "-x", str(pid))
        got = ok("pmap", "--pid", pid)
        if got == want:
            break
    assert got == want, "pmap -x:\n%s\npsinfo pmap:\n%s" % (want, got)


def test_pmap_errors():
    rc, out, err = run("pmap")
    assert rc == 2 and "--pid" in err
    rc, out, err = run("pmap", "--pid", "2147483647")
    assert rc == 1 and "2147483647" in err and out == ""
