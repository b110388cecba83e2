"""What the Prometheus tests share: the programs (psinfo, Debian's prometheus-node-exporter,
prometheus and promtool), started on free loopback ports and stopped by the test, a scraper
and a strict parser of the text format.

ctest names the psinfo program in PSINFO_CLI (conftest.cli_path). Where Debian's packages are
missing the tests that need them are skipped, except in CI (CI=true), where
scripts/setup-debian.sh installs them and a missing one fails.
"""
import contextlib
import gzip
import http.client
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest

from conftest import cli_path

NODE_EXPORTER = "prometheus-node-exporter"  # Debian's name for node_exporter
# node_exporter's collectors that export what psinfo's do (psinfo's names in metrics.hpp).
SAME_COLLECTORS = ["cpu", "cpufreq", "loadavg", "meminfo", "stat", "filesystem", "diskstats",
                   "netdev", "netclass", "hwmon", "time", "pressure"]


def cli():
    return cli_path()


def tool(name):
    """The path of a Debian program, or a skip (a failure in CI)."""
    path = shutil.which(name)
    if path:
        return path
    msg = f"{name} not found (scripts/setup-debian.sh installs it)"
    if os.environ.get("CI"):
        pytest.fail(msg, pytrace=False)
    pytest.skip(msg)


def serve_available():
    """Whether this psinfo was built with cpp-httplib: asked to listen on a port in use, it
    says so (or that it has no server), and exits 1 either way."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        r = subprocess.run([cli(), "serve", "--listen", "127.0.0.1:%d" % s.getsockname()[1],
                            "--collectors", "time"], capture_output=True, text=True, timeout=10)
    assert r.returncode == 1, r
    return "built without cpp-httplib" not in r.stderr


def require_serve():
    if not serve_available():
        msg = "this psinfo was built without cpp-httplib (libcpp-httplib-dev)"
        if os.environ.get("CI"):
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{proc.args[0]} exited with {proc.returncode} before listening")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"{proc.args[0]} is not listening on {port} after {timeout} s")


def stop(proc, timeout=10.0):
    """SIGTERM, then the exit status (SIGKILL and a failure if it does not stop in time)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError(f"{proc.args[0]} did not stop within {timeout} s of SIGTERM")
    return proc.returncode


class Served:
    """A running `psinfo serve`: its process, port and the lines it logged so far."""

    def __init__(self, proc, port, log_path):
        self.proc, self.port, self.log_path = proc, port, log_path
        self.final_log = None  # the log once it stopped

    def log(self):
        if self.final_log is not None:
            return self.final_log
        with open(self.log_path) as f:
            return f.read()

    def url(self, path="/metrics"):
        return f"http://127.0.0.1:{self.port}{path}"


@contextlib.contextmanager
def psinfo_serve(*args):
    """`psinfo serve --listen 127.0.0.1:0 ARGS`; yields a Served once it listens, stops it
    (SIGTERM) after and checks that it stopped cleanly, saying so in its log."""
    require_serve()
    with tempfile.TemporaryDirectory() as d:
        log_path = os.path.join(d, "serve.log")
        with open(log_path, "w") as log:
            proc = subprocess.Popen([cli(), "serve", "--listen", "127.0.0.1:0", *args],
                                    stdout=subprocess.DEVNULL, stderr=log)
        try:
            port = None
            deadline = time.monotonic() + 20
            while port is None and time.monotonic() < deadline:
                with open(log_path) as f:
                    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/metrics", f.read())
                if m:
                    port = int(m.group(1))
                elif proc.poll() is not None:
                    raise AssertionError(f"psinfo serve exited with {proc.returncode}: "
                                         + open(log_path).read())
                else:
                    time.sleep(0.02)
            assert port, "psinfo serve did not say where it listens: " + open(log_path).read()
            served = Served(proc, port, log_path)
            yield served
        finally:
            rc = stop(proc)
            with open(log_path) as f:
                log_text = f.read()
            if port:
                served.final_log = log_text
        assert rc == 0, f"psinfo serve exited with {rc}: " + log_text
        assert re.search(r"psinfo serve: stopped by SIG(TERM|INT) after \d+ collections\n$",
                         log_text), log_text


@contextlib.contextmanager
def node_exporter(collectors=SAME_COLLECTORS, extra=()):
    """Debian's node_exporter on a free loopback port with only `collectors`."""
    exe = tool(NODE_EXPORTER)
    port = free_port()
    args = [exe, f"--web.listen-address=127.0.0.1:{port}", "--collector.disable-defaults"]
    args += [f"--collector.{c}" for c in collectors] + list(extra)
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc)
        yield port
    finally:
        stop(proc)


def get(port, path="/metrics", headers=None, timeout=30):
    """One GET on a fresh connection: (status, headers dict (lower-case names), body text)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path, headers=headers or {})
        r = c.getresponse()
        h = {k.lower(): v for k, v in r.getheaders()}
        body = r.read()
        if h.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        return r.status, h, body.decode("utf-8")
    finally:
        c.close()


def scrape(port, strict=True):
    status, _, body = get(port)
    assert status == 200, f"scrape of {port}: HTTP {status}"
    return parse(body, strict=strict)


# ---- the text format --------------------------------------------------------------------------

_SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)')


def parse_labels(text):
    labels, at = {}, 0
    while at < len(text):
        m = _LABEL.match(text, at)
        assert m, f"bad labels at {text[at:]!r}"
        value = re.sub(r'\\(.)', lambda x: "\n" if x.group(1) == "n" else x.group(1),
                       m.group(2))
        assert m.group(1) not in labels, f"label {m.group(1)} twice in {text!r}"
        labels[m.group(1)] = value
        at = m.end()
    return labels


def parse_value(text):
    if text in ("+Inf", "-Inf", "NaN"):
        return float(text.replace("Inf", "inf").replace("NaN", "nan"))
    return float(text)


class Exposition:
    """A parsed exposition: families {name: (type, help)} and samples
    {(name, frozenset(labels.items())): value}, each checked as it is read."""

    def __init__(self):
        self.types, self.helps, self.samples, self.order = {}, {}, {}, []

    def value(self, name, **labels):
        return self.samples[(name, frozenset(labels.items()))]

    def series(self, name):
        """{frozenset(labels): value} of one metric."""
        return {k[1]: v for k, v in self.samples.items() if k[0] == name}

    def names(self):
        return {k[0] for k in self.samples}


def parse(text, openmetrics=False, strict=True):
    """Parses the text format 0.0.4 (or OpenMetrics 1.0) strictly: each family's HELP and TYPE
    before its samples, a family's samples together, no series twice, every value a number,
    only counters and gauges, a counter's name ending in _total. strict=False for another
    exporter's output: summaries and histograms too (their _sum, _count, _bucket samples)."""
    e = Exposition()
    lines = text.split("\n")
    assert lines[-1] == "", "the exposition does not end with a newline"
    lines = lines[:-1]
    if openmetrics:
        assert lines and lines[-1] == "# EOF", "OpenMetrics without # EOF at the end"
        lines = lines[:-1]
    current = None
    for line in lines:
        if line.startswith("# HELP "):
            name, _, help_text = line[7:].partition(" ")
            assert name not in e.helps, f"family {name} twice"
            e.helps[name] = help_text
            current = name
            e.order.append(name)
        elif line.startswith("# TYPE "):
            name, _, type_ = line[7:].partition(" ")
            assert name == current, f"TYPE {name} not after its HELP"
            assert type_ in (("counter", "gauge") if strict else
                             ("counter", "gauge", "summary", "histogram", "untyped")), line
            e.types[name] = type_
        else:
            assert not line.startswith("#"), f"unexpected line {line!r}"
            m = _SAMPLE.match(line)
            assert m, f"not a sample: {line!r}"
            name = m.group(1)
            family = name
            if openmetrics and e.types.get(current) == "counter":
                assert name == current + "_total", f"{name} in counter family {current}"
                family = current
            if not strict and e.types.get(current) in ("summary", "histogram"):
                family = re.sub(r"_(sum|count|bucket)$", "", name)
            assert family == current, f"sample {name} outside its family ({current})"
            key = (name, frozenset(parse_labels(m.group(3) or "").items()))
            assert key not in e.samples, f"series twice: {line}"
            e.samples[key] = parse_value(m.group(4))
    if strict and not openmetrics:
        for name, t in e.types.items():
            assert (t == "counter") == name.endswith("_total"), f"{t} {name}"
    return e


def within(value, low, high, slack=1e-9):
    """low <= value <= high, with a relative slack for float rounding."""
    pad = slack * max(abs(low), abs(high), 1.0)
    return low - pad <= value <= high + pad and not math.isnan(value)
