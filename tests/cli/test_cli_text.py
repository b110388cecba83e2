"""The readable (non-JSON) forms: numbers rounded (0.1 for percentages, 0.01 for the rest), an
absent value's "-" under its header, and command lines quoted as a shell reads them back."""
import json
import re
import subprocess

import pytest

from conftest import PYTHON as PY
from cli_helpers import ok

ARGV_TAIL = ["plain", "two words", "it's", "line1\nline2", "", "tab\there", "ünïcode"]


def test_numbers_rounded(children):
    pid = children.sleeper().pid
    j = json.loads(ok("process", "memory_percent", "--pid", pid, "--json"))
    assert ok("process", "memory_percent", "--pid", pid) == "%.1f%%\n" % j
    text = ok("cpu_times").splitlines()
    for line in text:
        value = line.split(":", 1)[1].strip()
        assert re.fullmatch(r"\d+\.\d\d", value), line
    text = ok("getloadavg")
    assert re.fullmatch(r"\d+\.\d\d \d+\.\d\d \d+\.\d\d\n", text), text
    text = ok("virtual_memory")
    assert re.search(r"^percent: +\d+\.\d%$", text, re.M), text


def spans(line):
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", line)]


@pytest.mark.parametrize("args", [["net_if_addrs"], ["cpu_freq", "--percpu"],
                                  ["net_connections", "--kind", "all"], ["cpu_times", "--percpu"],
                                  ["disk_io_counters", "--perdisk"], ["users"]])
def test_absent_values_sit_under_their_header(args):
    header = None
    for line in ok(*args).splitlines():
        if not line.strip() or line.endswith(":"):
            header = None
            continue
        if header is None:
            header = spans(line)
            continue
        for start, end, word in spans(line):
            if word != "-":
                continue
            owner = [h for h in header if h[0] <= start < h[1] or h[0] < end <= h[1]
                     or start <= h[0] < end]
            if not owner:
                continue  # under a wider cell of another column
            h = owner[0]
            assert start == h[0] or end == h[1], "%s: '-' at %d..%d, header %r at %d..%d" % (
                " ".join(args), start, end, h[2], h[0], h[1])


def expected_quote(a):
    if a and re.fullmatch(r"[A-Za-z0-9_@%+=:,./\-\u0080-\U0010ffff]+", a):
        return a
    if not re.search(r"[\x00-\x1f\x7f]", a):
        return "'" + a.replace("'", "'\\''") + "'"
    return "$'" + a.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace(
        "\t", "\\t") + "'"


def test_command_lines_quoted(children):
    argv = [PY, "-c", "import sys; sys.stdin.read()"] + ARGV_TAIL
    p = children.start(argv, stdin=subprocess.PIPE)
    want = " ".join(expected_quote(a) for a in argv)
    assert ok("process", "cmdline", "--pid", p.pid) == want + "\n"
    assert ok("process", "as_dict", "--pid", p.pid, "--attrs", "cmdline") == "cmdline: %s\n" % want
    # bash reads it back as the argv.
    out = ok("process", "cmdline", "--pid", p.pid)
    assert out.count("\n") == 1  # nothing breaks the line
    back = subprocess.run(["bash", "-c", 'printf "%s\\0" ' + out], capture_output=True,
                          text=True, check=True).stdout
    assert back.split("\0")[:-1] == argv


def test_environ_quoted_in_as_dict(children):
    env = {"PLAIN": "x", "SPACED": "a b", "NL": "1\n2"}
    p = children.start(["sleep", "300"], env=env)
    out = ok("process", "as_dict", "--pid", p.pid, "--attrs", "environ")
    assert out == "environ: $'NL=1\\n2' PLAIN=x 'SPACED=a b'\n", out
