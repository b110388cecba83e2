"""A real Prometheus (Debian's prometheus 2.42) on loopback, with a generated configuration
that scrapes `psinfo serve` every second; after a few scrapes, its HTTP API is asked for
up{job="psinfo"} == 1 and for metrics whose values must be what psinfo and /proc say. Both are
stopped cleanly. Prometheus asks for OpenMetrics first: this also checks that its parser takes
psinfo's OpenMetrics."""
import json
import os
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import exporters as ex  # tests/prometheus/exporters.py


def query(port, promql):
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": promql})
    with urllib.request.urlopen(url, timeout=10) as r:
        answer = json.load(r)
    assert answer["status"] == "success", answer
    return answer["data"]["result"]


def ready(port):
    """Whether Prometheus says it is ready: before that (its storage opening) it listens but
    answers the API with 503."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=10) as r:
            return r.status == 200
    except urllib.error.HTTPError as e:
        if e.code == 503:
            return False
        raise


def wait_for(what, f, timeout=60.0):
    deadline = time.monotonic() + timeout
    while True:
        result = f()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: nothing after {timeout} s")
        time.sleep(0.25)


def test_prometheus_scrapes_psinfo():
    prometheus = ex.tool("prometheus")
    with ex.psinfo_serve() as ps, tempfile.TemporaryDirectory() as d:
        config = os.path.join(d, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                    "scrape_configs:\n  - job_name: psinfo\n    static_configs:\n"
                    f"      - targets: ['127.0.0.1:{ps.port}']\n")
        port = ex.free_port()
        log_path = os.path.join(d, "prometheus.log")
        with open(log_path, "w") as log:
            proc = subprocess.Popen(
                [prometheus, f"--config.file={config}", f"--storage.tsdb.path={d}/data",
                 f"--web.listen-address=127.0.0.1:{port}", "--web.enable-lifecycle"],
                stdout=log, stderr=subprocess.STDOUT)
        try:
            ex.wait_for_port(port, proc, timeout=60)
            wait_for("Prometheus ready", lambda: ready(port))
            up = wait_for("up{job=\"psinfo\"} == 1",
                          lambda: query(port, 'up{job="psinfo"} == 1'))
            assert up[0]["metric"]["instance"] == f"127.0.0.1:{ps.port}"
            # A few scrapes, then the API.
            wait_for("3 scrapes", lambda: query(
                port, 'count_over_time(up{job="psinfo"}[1m]) >= 3'))
            with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/v1/targets", timeout=10) as r:
                targets = json.load(r)["data"]["activeTargets"]
            assert [(t["health"], t["lastError"]) for t in targets] == [("up", "")], targets

            # A size that does not move: what /proc/meminfo says, through psinfo and Prometheus.
            with open("/proc/meminfo") as f:
                total = int(next(x for x in f if x.startswith("MemTotal:")).split()[1]) * 1024
            r = query(port, 'node_memory_MemTotal_bytes{job="psinfo"}')
            assert len(r) == 1 and float(r[0]["value"][1]) == total, r
            # What psinfo reports, as Prometheus stored it.
            direct = ex.scrape(ps.port)
            r = query(port, 'node_boot_time_seconds{job="psinfo"}')
            assert float(r[0]["value"][1]) == direct.value("node_boot_time_seconds")
            # Counters are counters to Prometheus: rate() over them works.
            r = wait_for("rate", lambda: query(
                port, 'sum(rate(node_cpu_seconds_total{job="psinfo"}[5s]))'))
            assert 0 < float(r[0]["value"][1]) <= os.cpu_count() * 1.5, r
            # Every collector succeeded in the last scrape.
            r = query(port, 'psinfo_scrape_collector_success{job="psinfo"} != 1')
            assert r == [], r
            r = query(port, 'count(psinfo_scrape_collector_success{job="psinfo"})')
            assert int(r[0]["value"][1]) == len(
                direct.series("psinfo_scrape_collector_success"))
            # The series Prometheus got are psinfo's: the same names.
            r = query(port, 'count by (__name__) ({job="psinfo"})')
            got = {x["metric"]["__name__"] for x in r}
            expected = direct.names() | {"up", "scrape_duration_seconds", "scrape_samples_scraped",
                                         "scrape_samples_post_metric_relabeling",
                                         "scrape_series_added"}
            assert got == expected, got ^ expected
            r = query(port, 'scrape_samples_scraped{job="psinfo"}')
            assert abs(int(r[0]["value"][1]) - len(direct.samples)) < 50
        finally:
            rc = ex.stop(proc, timeout=30)
            with open(log_path) as f:
                log = f.read()
        assert rc == 0, log
        assert "See you next time!" in log, log
    assert "error" not in ps.log().replace("psinfo serve: listening", ""), ps.log()
