"""`psinfo metrics` and `psinfo serve`'s answers: promtool, the two text formats, the choice of
collectors, a failing collector, the values against /proc and statvfs, the process groups
and top-N against processes started here, --output, and the README's table of metrics."""
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

import pytest

import exporters as ex  # tests/prometheus/exporters.py

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")
# What Prometheus 2.42 sends when it scrapes.
PROMETHEUS_ACCEPT = ("application/openmetrics-text;version=1.0.0,"
                     "application/openmetrics-text;version=0.0.1;q=0.75,"
                     "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")


def metrics(*args, env=None, check=True):
    r = subprocess.run([ex.cli(), "metrics", *args], capture_output=True, text=True,
                       timeout=60, env=env)
    if check:
        assert r.returncode == 0, r.stderr
    return r


def promtool(text):
    r = subprocess.run([ex.tool("promtool"), "check", "metrics"], input=text,
                       capture_output=True, text=True, timeout=60)
    return r.returncode, (r.stdout + r.stderr).strip().splitlines()


def camel_case_only(problems, exposition):
    """promtool's problems, less the snake_case lint on node_exporter's own meminfo names
    (node_memory_MemTotal_bytes ...), which node_exporter's output gets too."""
    rest = []
    for p in problems:
        m = re.match(r"^(node_memory_\w+) metric names should be written in 'snake_case' not "
                     r"'camelCase'$", p)
        if not (m and m.group(1) in exposition.types):
            rest.append(p)
    return rest


def test_promtool_passes():
    text = metrics("--top-processes", "3").stdout
    e = ex.parse(text)
    rc, problems = promtool(text)
    assert camel_case_only(problems, e) == [], problems
    # The same lint on node_exporter's names, as node_exporter 1.5.0 itself exports them.
    assert any("node_memory_MemTotal_bytes" in p for p in problems)


def test_promtool_can_fail():
    rc, problems = promtool("# TYPE x_total gauge\nx_total 1\nx_total 2\n")
    assert rc != 0 and problems


def test_every_collector_reports():
    e = ex.parse(metrics().stdout)
    names = subprocess.run([ex.cli(), "metrics", "--help"], capture_output=True,
                           text=True).stdout
    collectors = re.search(r"all by default\):\s*\n\s*([a-z ]+(?:\n\s+[a-z ]+)*)", names)
    assert collectors, names
    expected = set(collectors.group(1).split())
    got = {dict(k)["collector"] for k in e.series("psinfo_scrape_collector_success")}
    assert got == expected
    for c in expected:
        assert e.value("psinfo_scrape_collector_success", collector=c) == 1, c
        assert 0 <= e.value("psinfo_scrape_collector_duration_seconds", collector=c) < 10


def test_collectors_chosen():
    e = ex.parse(metrics("--collectors", "loadavg,cpu").stdout)
    assert {dict(k)["collector"] for k in e.series("psinfo_scrape_collector_success")} == {
        "cpu", "loadavg"}
    assert e.names() == {"node_cpu_seconds_total", "node_cpu_guest_seconds_total", "node_load1",
                         "node_load5", "node_load15", "psinfo_scrape_collector_success",
                         "psinfo_scrape_collector_duration_seconds"}
    e = ex.parse(metrics("--no-collector", "processes,cpu").stdout)
    assert not any(n.startswith(("psinfo_process", "node_cpu_seconds")) for n in e.names())
    assert "node_load1" in e.names()
    e = ex.parse(metrics("--collectors", "cpu,time", "--no-collector", "cpu").stdout)
    assert e.names() == {"node_time_seconds", "psinfo_scrape_collector_success",
                         "psinfo_scrape_collector_duration_seconds"}


@pytest.mark.parametrize("args", [["--collectors", "cpu,nope"], ["--no-collector", "gpu"],
                                  ["--collectors", ""], ["--top-processes", "-1"],
                                  ["--top-processes", "x"]])
def test_bad_options_are_usage_errors(args):
    r = metrics(*args, check=False)
    assert r.returncode == 2 and r.stdout == "", r
    assert r.stderr.startswith("psinfo: ") and len(r.stderr.strip().splitlines()) == 1


def test_failing_collector_exports_zero():
    # /proc elsewhere (an empty folder): the collectors that read it fail, the others do not,
    # and the exposition stays whole and valid.
    with tempfile.TemporaryDirectory() as empty:
        env = dict(os.environ, PSINFO_PROCFS_PATH=empty)
        r = metrics("--collectors", "cpu,meminfo,loadavg,time", env=env)
    e = ex.parse(r.stdout)
    for c in ("cpu", "meminfo", "loadavg"):
        assert e.value("psinfo_scrape_collector_success", collector=c) == 0, c
        assert f"collector {c} failed" in r.stderr
    assert e.value("psinfo_scrape_collector_success", collector="time") == 1
    assert "node_time_seconds" in e.names()
    assert not any(n.startswith(("node_cpu", "node_memory", "node_load")) for n in e.names())
    rc, problems = promtool(r.stdout)
    assert problems == [] and rc == 0


def meminfo():
    out = {}
    with open("/proc/meminfo") as f:
        for line in f:
            k, v = line.split(":")
            parts = v.split()
            out[k] = int(parts[0]) * (1024 if len(parts) > 1 else 1)
    return out


def proc_stat():
    with open("/proc/stat") as f:
        return [line.split() for line in f]


def test_values_against_proc():
    hz = os.sysconf("SC_CLK_TCK")
    before = proc_stat()
    e = ex.parse(metrics("--collectors", "cpu,meminfo,stat,loadavg").stdout)
    after = proc_stat()
    m = meminfo()
    assert e.value("node_memory_MemTotal_bytes") == m["MemTotal"]
    assert e.value("node_memory_SwapTotal_bytes") == m["SwapTotal"]
    for k in ("MemFree", "MemAvailable", "Buffers", "Active", "Inactive", "Shmem", "Slab"):
        assert abs(e.value(f"node_memory_{k}_bytes") - m[k]) <= 0.05 * m["MemTotal"], k
    btime = next(int(line[1]) for line in before if line[0] == "btime")
    assert e.value("node_boot_time_seconds") == btime
    ctxt = [int(next(line[1] for line in s if line[0] == "ctxt")) for s in (before, after)]
    assert ex.within(e.value("node_context_switches_total"), *ctxt)
    modes = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"]
    for b, a in zip(before, after):
        if not re.fullmatch(r"cpu\d+", b[0]):
            continue
        cpu = b[0][3:]
        for i, mode in enumerate(modes):
            v = e.value("node_cpu_seconds_total", cpu=cpu, mode=mode)
            assert ex.within(v, int(b[i + 1]) / hz, int(a[i + 1]) / hz), (cpu, mode, v)
    with open("/proc/loadavg") as f:
        load = [float(x) for x in f.read().split()[:3]]
    assert abs(e.value("node_load1") - load[0]) < 0.5


def test_filesystem_against_statvfs():
    e = ex.parse(metrics("--collectors", "filesystem").stdout)
    sizes = e.series("node_filesystem_size_bytes")
    assert sizes, "no filesystem"
    root = [k for k in sizes if dict(k)["mountpoint"] == "/"]
    assert len(root) == 1
    for labels, size in sizes.items():
        mp = dict(labels)["mountpoint"]
        st = os.statvfs(mp)
        assert size == st.f_blocks * st.f_frsize, mp
        assert abs(e.samples[("node_filesystem_avail_bytes", labels)] -
                   st.f_bavail * st.f_frsize) <= 64 << 20, mp
        assert e.samples[("node_filesystem_device_error", labels)] == 0
        ro = bool(st.f_flag & os.ST_RDONLY)
        assert e.samples[("node_filesystem_readonly", labels)] == int(ro), mp
    # node_exporter's exclusions: no /proc, /sys, /dev, no cgroup or overlay types.
    for labels in sizes:
        d = dict(labels)
        assert not re.match(r"^/(dev|proc|sys)($|/)", d["mountpoint"]), d
        assert d["fstype"] not in ("proc", "sysfs", "cgroup", "cgroup2", "devpts", "overlay")


def copy_named(d, name):
    """/bin/sleep copied as `name`: its processes are that name's group."""
    path = os.path.join(d, name)
    with open("/bin/sleep", "rb") as src, open(path, "wb") as dst:
        dst.write(src.read())
    os.chmod(path, 0o755)
    return path


def statm_rss(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_process_groups(children):
    with tempfile.TemporaryDirectory() as d:
        exe = copy_named(d, "psinfo-prom-grp")
        kids = [children.popen([exe, "60"]) for _ in range(3)]
        time.sleep(0.2)
        e = ex.parse(metrics("--collectors", "processes").stdout)
        rss = sum(statm_rss(k.pid) for k in kids)
    g = "psinfo-prom-grp"
    assert e.value("psinfo_process_group_processes", groupname=g) == 3
    assert e.value("psinfo_process_group_threads", groupname=g) == 3
    assert abs(e.value("psinfo_process_group_resident_memory_bytes", groupname=g) - rss) < 1 << 20
    assert e.value("psinfo_process_group_cpu_seconds_total", groupname=g, mode="user") >= 0
    total = sum(e.series("psinfo_processes").values())
    assert total >= 3 + sum(e.series("psinfo_process_group_processes").values()) * 0
    assert abs(total - len([p for p in os.listdir("/proc") if p.isdigit()])) < 20


def test_top_processes(children):
    busy = children.popen([sys.executable, "-c", "while True: pass"])
    time.sleep(1.0)
    e = ex.parse(metrics("--collectors", "processes", "--top-processes", "2").stdout)
    busy.kill()
    busy.wait()
    pids = {dict(k)["pid"] for k in e.series("psinfo_process_resident_memory_bytes")}
    assert 1 <= len(pids) <= 4
    # By CPU time (no earlier scrape): the busy child is not necessarily first, but the
    # largest resident set is there.
    largest = max((p for p in os.listdir("/proc") if p.isdigit()),
                  key=lambda p: statm_rss(p) if os.path.exists(f"/proc/{p}/statm") else 0)
    assert largest in pids or len(pids) == 4
    for k, v in e.series("psinfo_process_cpu_seconds_total").items():
        assert v >= 0 and dict(k)["mode"] in ("user", "system")
    e = ex.parse(metrics("--collectors", "processes").stdout)
    assert "psinfo_process_cpu_seconds_total" not in e.names()


def cpu_of_all():
    """{pid: user + system seconds} of every process, from /proc."""
    out, hz = {}, os.sysconf("SC_CLK_TCK")
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[p] = (int(fields[11]) + int(fields[12])) / hz
    return out


def test_top_processes_by_cpu_since_last_scrape(children):
    children.popen([sys.executable, "-c", "while True: pass"])
    with ex.psinfo_serve("--collectors", "processes", "--top-processes", "1") as s:
        before = cpu_of_all()
        ex.scrape(s.port)
        time.sleep(1.5)
        e = ex.scrape(s.port)
        after = cpu_of_all()
    # The one that used the most CPU between the two scrapes (by /proc, read just outside
    # them: a little slack), and the largest in memory.
    used = {p: after[p] - before.get(p, 0) for p in after}
    pids = {dict(k)["pid"] for k in e.series("psinfo_process_cpu_seconds_total")}
    assert 1 <= len(pids) <= 2
    assert max(used.get(p, 0) for p in pids) >= max(used.values()) * 0.8 - 0.1, \
        (pids, sorted(used.items(), key=lambda x: -x[1])[:3])


def test_group_counter_survives_exits(children):
    with tempfile.TemporaryDirectory() as d:
        exe = os.path.join(d, "psinfo-prom-busy")
        os.symlink(sys.executable, exe)  # comm is the link's name
        kids = [children.popen([exe, "-c", "while True: pass"]) for _ in range(2)]
        with ex.psinfo_serve("--collectors", "processes") as s:
            time.sleep(1.0)
            first = ex.scrape(s.port)
            kids[0].kill()
            kids[0].wait()
            time.sleep(0.5)
            second = ex.scrape(s.port)
    g = "psinfo-prom-busy"
    cpu = [sum(x.value("psinfo_process_group_cpu_seconds_total", groupname=g, mode=m)
               for m in ("user", "system")) for x in (first, second)]
    assert first.value("psinfo_process_group_processes", groupname=g) == 2
    assert second.value("psinfo_process_group_processes", groupname=g) == 1
    assert cpu[0] > 0.1 and cpu[1] >= cpu[0], cpu


def test_output_is_atomic():
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "psinfo.prom")
        stop = threading.Event()
        seen, bad = [0], []

        def reader():
            while not stop.is_set():
                try:
                    with open(out) as f:
                        text = f.read()
                except FileNotFoundError:
                    continue
                seen[0] += 1
                if not text.endswith("\n") or "node_time_seconds" not in text:
                    bad.append(text[-80:])

        t = threading.Thread(target=reader)
        t.start()
        try:
            for _ in range(20):
                metrics("--collectors", "cpu,time", "--output", out)
        finally:
            stop.set()
            t.join()
        assert bad == [] and seen[0] > 0
        assert os.listdir(d) == ["psinfo.prom"], os.listdir(d)  # no temporary file left
        rc, problems = promtool(open(out).read())
        assert rc == 0, problems
        r = metrics("--output", os.path.join(d, "no", "such", "dir.prom"), check=False)
        assert r.returncode == 1 and "cannot write" in r.stderr


def test_formats_over_http():
    with ex.psinfo_serve("--collectors", "cpu,meminfo,time") as s:
        status, h, body = ex.get(s.port)
        assert status == 200
        assert h["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
        text = ex.parse(body)
        status, h, body = ex.get(s.port, headers={"Accept": PROMETHEUS_ACCEPT})
        assert h["content-type"] == \
            "application/openmetrics-text; version=1.0.0; charset=utf-8"
        om = ex.parse(body, openmetrics=True)
        assert "# TYPE node_cpu_seconds counter" in body
        assert "node_cpu_seconds_total{" in body
        assert set(om.types) == {n[:-6] if t == "counter" else n for n, t in text.types.items()}
        for accept, openmetrics in [
                ("text/plain;version=0.0.4", False), ("*/*", False), ("", False),
                ("application/openmetrics-text", True),
                ("application/openmetrics-text;version=2.0.0", False),
                ("application/openmetrics-text;q=0.2,text/plain;q=0.9", False),
                ("text/plain;q=0.5, application/openmetrics-text; version=1.0.0; q=0.6", True),
                ("application/openmetrics-text;q=0", False),
                ("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                 "encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3", False)]:
            status, h, body = ex.get(s.port, headers={"Accept": accept} if accept else {})
            assert status == 200
            assert h["content-type"].startswith(
                "application/openmetrics-text" if openmetrics else "text/plain"), accept
            ex.parse(body, openmetrics=openmetrics)
        status, h, body = ex.get(s.port, "/")
        assert status == 200 and h["content-type"].startswith("text/html")
        assert 'href="/metrics"' in body
        status, h, body = ex.get(s.port, "/metrics", headers={"Accept-Encoding": "gzip"})
        assert status == 200 and h["content-encoding"] == "gzip"
        assert ex.parse(body).names() == text.names()
        assert re.search(r"listening on http://127\.0\.0\.1:\d+/metrics", s.log())


def test_label_values_escaped(children):
    # A process name with a quote, a backslash and bytes that are not UTF-8.
    with tempfile.TemporaryDirectory() as d:
        name = b'ps"q\\\xff\xfe'
        exe = os.path.join(d.encode(), name)
        os.symlink(b"/bin/sleep", exe)
        kid = children.popen([exe, b"60"])
        time.sleep(0.2)
        text = metrics("--collectors", "processes").stdout
        kid.kill()
        kid.wait()
    e = ex.parse(text)
    assert e.value("psinfo_process_group_processes", groupname='ps"q\\\ufffd\ufffd') == 1
    assert 'groupname="ps\\"q\\\\\ufffd\ufffd"' in text
    rc, problems = promtool(text)
    assert camel_case_only(problems, e) == []


def test_readme_table_is_the_code():
    table = metrics("--list").stdout
    with open(README) as f:
        readme = f.read()
    m = re.search(r"<!-- metrics table: psinfo metrics --list -->\n(.*?)<!-- end -->",
                  readme, re.S)
    assert m, "README: no metrics table between its markers"
    assert m.group(1) == table, "README's metrics table differs from `psinfo metrics --list`"
    # Every family a scrape exports is in the table, with its type and help.
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[1].split("`")[1]] = (cells[2], cells[4])
    e = ex.parse(metrics("--top-processes", "2").stdout)
    for name, t in e.types.items():
        assert name in rows, f"{name} is exported but not in the table"
        assert rows[name] == (t, e.helps[name]), name


def test_serve_usage_errors():
    for listen in ["9188", "localhost", "[::1", "::1:9188", "127.0.0.1:65536", "127.0.0.1:x"]:
        r = subprocess.run([ex.cli(), "serve", "--listen", listen], capture_output=True,
                           text=True, timeout=10)
        assert r.returncode == 2 and "--listen" in r.stderr, (listen, r.stderr)


def test_serve_logs_a_failing_collector_once(monkeypatch):
    with tempfile.TemporaryDirectory() as empty:
        monkeypatch.setenv("PSINFO_PROCFS_PATH", empty)
        with ex.psinfo_serve("--collectors", "loadavg,time") as s:
            for _ in range(3):
                e = ex.scrape(s.port)
                assert e.value("psinfo_scrape_collector_success", collector="loadavg") == 0
                assert e.value("psinfo_scrape_collector_success", collector="time") == 1
        monkeypatch.delenv("PSINFO_PROCFS_PATH")
    lines = s.log().splitlines()
    assert len(lines) == 3, lines  # started, the failure once, stopped
    assert lines[1].startswith("psinfo serve: error: collector loadavg failed: ")
