"""`psinfo top` and `iotop`: TIME+ is the process's own CPU time (as /proc/PID/stat and ps say,
not with its children's), the interval has a minimum, --once is quick and states its window,
-n counts frames, the sort keys (-o and P M T N in a live view, through tmux), one bar width."""
import os
import re
import shutil
import subprocess
import time

import pytest

from conftest import PYTHON as PY, cli_path, run_cli as run
from cli_helpers import ok

TCK = os.sysconf("SC_CLK_TCK")

# A parent whose child burns CPU and is reaped (the parent's cutime grows, not its utime),
# then burns a little itself.
PARENT = """
import os, sys, time
pid = os.fork()
if pid == 0:
    end = time.process_time() + 0.6
    while time.process_time() < end:
        pass
    os._exit(0)
os.waitpid(pid, 0)
end = time.process_time() + 0.15
while time.process_time() < end:
    pass
print("ready", flush=True)
time.sleep(300)
"""


def own_and_children(pid):
    with open("/proc/%d/stat" % pid) as f:
        v = f.read().rsplit(")", 1)[1].split()
    return (int(v[11]) + int(v[12])) / TCK, (int(v[13]) + int(v[14])) / TCK


def frame_rows(out):
    lines = out.splitlines()
    head = [i for i, l in enumerate(lines) if l.split()[:2] == ["PID", "USER"]]
    assert head, out
    return lines[head[0]], lines[head[0] + 1:]


def plus_seconds(text):
    m, rest = text.split(":")
    return int(m) * 60 + float(rest)


def test_time_plus_is_own_cpu_time(children):
    p = children.start([PY, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "ready"
    own, kids = own_and_children(p.pid)
    assert kids >= 0.5  # the reaped child's time is the parent's children time
    out = ok("top", "--once", env={"COLUMNS": "200", "LINES": ""})
    head, rows = frame_rows(out)
    row = [r for r in rows if r.split()[0] == str(p.pid)]
    assert row, out
    cells = row[0].split()
    t = plus_seconds(cells[7])
    assert abs(t - own) <= 0.02, "TIME+ %s, own %.2f s, children %.2f s" % (cells[7], own, kids)
    # procps top says the same.
    if shutil.which("top"):
        lines = subprocess.run(["top", "-b", "-n", "1", "-p", str(p.pid)], capture_output=True,
                               text=True, env=dict(os.environ, LC_ALL="C")).stdout.splitlines()
        head = [i for i, l in enumerate(lines) if l.split()[:1] == ["PID"]][0]
        col = lines[head].split().index("TIME+")
        theirs = plus_seconds(lines[head + 1].split()[col])
        assert abs(theirs - t) <= 0.02, (lines[head + 1], row[0])


@pytest.mark.parametrize("cmd", ["top", "iotop"])
@pytest.mark.parametrize("value", ["0", "0.05", "0.09", "-1", "x"])
def test_interval_below_minimum_is_a_usage_error(cmd, value):
    for opt in ("--interval", "-d"):
        rc, out, err = run(cmd, opt, value, "--once")
        assert rc == 2 and out == "" and err.count("\n") == 1 and "0.1" in err, (opt, err)


def test_once_is_quick_and_states_its_window():
    start = time.monotonic()
    out = ok("top", "--once", env={"COLUMNS": "100", "LINES": ""})
    took = time.monotonic() - start
    assert took < 1.5, "top --once took %.2f s (the refresh interval is 2 s)" % took
    assert re.search(r"^ CPU% over 0\.2 s, sorted by CPU%$", out, re.M), out[:600]
    out = ok("top", "--once", "-d", "0.5", env={"COLUMNS": "100", "LINES": ""})
    assert re.search(r"^ CPU% over 0\.5 s", out, re.M)


def test_n_frames():
    for cmd, marker in (("top", " Processes: "), ("iotop", "Total DISK READ")):
        start = time.monotonic()
        out = ok(cmd, "-n", "3", "-d", "0.1", env={"COLUMNS": "100", "LINES": "30"})
        assert out.count(marker) == 3, (cmd, out[:300])
        assert time.monotonic() - start < 5
    rc, out, err = run("top", "-n", "0")
    assert rc == 2 and "--iterations" in err
    # top's batch form as typed for procps top: one frame, every process (no LINES).
    out = ok("top", "-bn1", env={"COLUMNS": "100", "LINES": ""})
    head, rows = frame_rows(out)
    listed = {int(r.split()[0]) for r in rows}
    assert os.getpid() in listed and 1 in listed


@pytest.mark.parametrize("key,col,descending", [("mem", 5, True), ("pid", 0, False),
                                                ("time", 7, True), ("cpu", 5, True)])
def test_sort_keys(key, col, descending):
    out = ok("top", "--once", "-o", key, env={"COLUMNS": "200", "LINES": ""})
    head, rows = frame_rows(out)
    assert "sorted by" in out
    if key == "cpu":
        # CPU%: the sixth field of the row template.
        values = [float(r[7 + 1 + 8 + 1 + 4 + 1 + 6 + 1 + 6 + 1:][:5] or 0) for r in rows]
        assert values == sorted(values, reverse=True)
        return
    cells = [r.split() for r in rows]
    if key == "mem":
        units = {"B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
        values = [float(c[4][:-1]) * units[c[4][-1]] for c in cells if len(c) > 4]
    elif key == "pid":
        values = [int(c[0]) for c in cells]
    else:
        values = [plus_seconds(c[7]) for c in cells if len(c) > 7 and ":" in c[7]]
    assert values == sorted(values, reverse=descending), values[:10]


def test_one_bar_width_at_60_columns():
    out = ok("top", "--once", env={"COLUMNS": "60", "LINES": ""})
    bars = re.findall(r"\[([| ]*)\]", out)
    assert len(bars) >= 3 and len({len(b) for b in bars}) == 1, bars
    assert all(len(l) <= 60 for l in out.splitlines())


@pytest.mark.skipif(not shutil.which("tmux"), reason="tmux is not installed")
def test_live_sort_keys_through_tmux():
    tmux = shutil.which("tmux")
    base = [tmux, "-L", "psinfo-top-keys-%d" % os.getpid(), "-f", "/dev/null"]
    cli = cli_path()

    def screen():
        return subprocess.run(base + ["capture-pane", "-p"], capture_output=True, text=True,
                              timeout=10).stdout

    def wait_for(text, seconds=10):
        end = time.time() + seconds
        while time.time() < end:
            s = screen()
            if text in s:
                return s
            time.sleep(0.1)
        return screen()

    try:
        subprocess.run(base + ["new-session", "-d", "-x", "100", "-y", "30",
                               "%s top -d 5; sleep 30" % cli], check=True, timeout=10)
        assert "sorted by CPU%" in wait_for("sorted by CPU%")
        for key, title in (("M", "MEM%"), ("N", "PID"), ("T", "TIME+"), ("P", "CPU%")):
            subprocess.run(base + ["send-keys", key], timeout=10)
            # A key redraws at once, not after the 5 s interval.
            s = wait_for("sorted by %s" % title, seconds=3)
            assert "sorted by %s" % title in s, (key, s[:300])
        subprocess.run(base + ["send-keys", "q"], timeout=10)
    finally:
        subprocess.run(base + ["kill-server"], capture_output=True, timeout=10)
