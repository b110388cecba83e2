#!/usr/bin/python3
"""psinfo serve next to Debian's prometheus-node-exporter 1.5.0, in one run, on loopback.

usage: bench/exporter.py PATH/TO/psinfo [--scrapes N] [--rounds R] [--out FILE]

Both exporters are started on free loopback ports with the same collectors (node_exporter's
cpu, cpufreq, loadavg, meminfo, stat, filesystem, diskstats, netdev, netclass, hwmon, time;
psinfo's of the same names), and psinfo a second time with all its collectors (processes
included, which node_exporter has no equivalent of). Each is scraped as Prometheus scrapes:
one keep-alive connection, Prometheus 2.42's Accept header and Accept-Encoding: gzip, one
scrape after another. R rounds of N scrapes, the exporters taking turns, so that a change in
the machine's load hits all of them alike. Measured: the exporter process's CPU time (user +
system, from /proc/PID/stat) per scrape, the scrape latency seen by the client (p50, p99), the
answer's size, and the exporter's resident memory (VmRSS after the run; VmHWM, its peak).
Writes a Markdown report (default bench/EXPORTER-RESULTS.md) and prints it. No timing is
asserted anywhere.
"""
import argparse
import datetime
import gzip
import http.client
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time

COLLECTORS = ["cpu", "cpufreq", "loadavg", "meminfo", "stat", "filesystem", "diskstats",
              "netdev", "netclass", "hwmon", "time"]
ACCEPT = ("application/openmetrics-text;version=1.0.0,"
          "application/openmetrics-text;version=0.0.1;q=0.75,"
          "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc):
    for _ in range(400):
        if proc.poll() is not None:
            sys.exit(f"{proc.args[0]} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    sys.exit(f"{proc.args[0]} does not listen on {port}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        return int(next(x for x in f if x.startswith(key + ":")).split()[1])


class Exporter:
    def __init__(self, name, args, port):
        self.name, self.port = name, port
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(port, self.proc)
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.latencies, self.cpu, self.scrapes, self.size, self.wire = [], 0.0, 0, 0, 0

    def scrape(self):
        self.conn.request("GET", "/metrics",
                          headers={"Accept": ACCEPT, "Accept-Encoding": "gzip"})
        r = self.conn.getresponse()
        body = r.read()
        if r.status != 200:
            sys.exit(f"{self.name}: HTTP {r.status}")
        if r.getheader("Connection") == "close":
            self.conn.close()
        return body, r.getheader("Content-Encoding")

    def run(self, n):
        # A new connection for each round: an idle one may have been closed meanwhile
        # (keep-alive timeouts), as Prometheus's is between scrapes far apart.
        self.conn.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        before = cpu_seconds(self.proc.pid)
        for _ in range(n):
            t0 = time.perf_counter()
            body, _ = self.scrape()
            self.latencies.append(time.perf_counter() - t0)
            self.wire = len(body)
        self.cpu += cpu_seconds(self.proc.pid) - before
        self.scrapes += n

    def stop(self):
        self.conn.close()
        self.rss = status_kib(self.proc.pid, "VmRSS")
        self.hwm = status_kib(self.proc.pid, "VmHWM")
        self.anon = status_kib(self.proc.pid, "RssAnon")
        with open(f"/proc/{self.proc.pid}/smaps_rollup") as f:
            self.pss = int(next(x for x in f if x.startswith("Pss:")).split()[1])
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("psinfo")
    ap.add_argument("--scrapes", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__),
                                                  "EXPORTER-RESULTS.md"))
    a = ap.parse_args()
    ne_exe = shutil.which("prometheus-node-exporter")
    if not ne_exe:
        sys.exit("prometheus-node-exporter not found (apt-get install prometheus-node-exporter)")
    v = subprocess.run([ne_exe, "--version"], capture_output=True, text=True)
    ne_version = (v.stdout or v.stderr).split("\n")[0]  # 1.5.0 prints it on stdout
    with open("/proc/loadavg") as f:
        load_before = " ".join(f.read().split()[:3])
    started = time.time()

    p1, p2, p3 = free_port(), free_port(), free_port()
    exporters = [
        Exporter("node_exporter", [ne_exe, f"--web.listen-address=127.0.0.1:{p1}",
                                   "--collector.disable-defaults"] +
                 [f"--collector.{c}" for c in COLLECTORS], p1),
        Exporter("psinfo serve", [a.psinfo, "serve", "--listen", f"127.0.0.1:{p2}",
                                  "--collectors", ",".join(COLLECTORS)], p2),
        Exporter("psinfo serve, all collectors", [a.psinfo, "serve", "--listen",
                                                  f"127.0.0.1:{p3}"], p3),
    ]
    for e in exporters:  # warm up: first scrapes open files, fill caches, size the Go heap
        e.conn.close()
        for _ in range(20):
            body, enc = e.scrape()
        e.encoding = enc or "identity"
        raw = e.scrape()[0]
        e.size = len(gzip.decompress(raw) if enc == "gzip" else raw)
        e.series = sum(1 for line in (gzip.decompress(raw) if enc == "gzip" else raw)
                       .decode().splitlines() if line and not line.startswith("#"))
    for _ in range(a.rounds):
        for e in exporters:
            e.run(a.scrapes)
    for e in exporters:
        e.stop()
    with open("/proc/loadavg") as f:
        load_after = " ".join(f.read().split()[:3])

    ne = exporters[0]
    rows = []
    for e in exporters:
        lat = sorted(e.latencies)
        p50, p99 = lat[len(lat) // 2], lat[len(lat) * 99 // 100]
        cpu_ms = e.cpu / e.scrapes * 1000
        rows.append(f"| {e.name} | {e.series} | {e.size / 1024:.1f} ({e.wire / 1024:.1f} "
                    f"{e.encoding}) | {cpu_ms:.3f} | {ne.cpu / ne.scrapes * 1000 / cpu_ms:.1f}× "
                    f"| {p50 * 1000:.2f} | {p99 * 1000:.2f} | {e.rss / 1024:.1f} | "
                    f"{e.hwm / 1024:.1f} | {ne.rss / e.rss:.1f}× | {e.anon / 1024:.1f} | "
                    f"{ne.anon / e.anon:.1f}× | {e.pss / 1024:.1f} |")
    report = f"""# psinfo serve next to node_exporter

Regenerate with `bench/exporter.py build/examples/psinfo/psinfo` (see bench/README.md).

Machine: {platform.platform()}, {os.cpu_count()} CPUs; {ne_version}; psinfo {subprocess.run(
        [a.psinfo, "--version"], capture_output=True, text=True).stdout.split()[-1]}; \
{datetime.date.today().isoformat()}.
Load average (1/5/15 min): {load_before} before, {load_after} after; run took \
{time.time() - started:.0f} s.

{a.rounds} rounds of {a.scrapes} scrapes each, the exporters taking turns; one keep-alive
connection, Prometheus 2.42's Accept header (OpenMetrics preferred) and Accept-Encoding: gzip.
CPU = the exporter's user + system time per scrape (/proc/PID/stat, 10 ms ticks over
{a.rounds * a.scrapes} scrapes); latency as the client sees it; RSS after the run, and its
peak (VmHWM); private = RssAnon (the heap, stacks: what the exporter alone costs, without the
shared libraries' pages, which node_exporter, a static Go program, does not have); PSS = the
shared pages divided among the processes mapping them (smaps_rollup). Same collectors: node_exporter's {", ".join(COLLECTORS)} and psinfo's of
the same names; "all collectors" adds psinfo's processes, users, battery and exporter.

| exporter | series | KiB (on the wire) | CPU ms/scrape | node_exporter's CPU / this | p50 ms | p99 ms | RSS MiB | peak RSS MiB | node_exporter's RSS / this | private (RssAnon) MiB | node_exporter's private / this | PSS MiB |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
""" + "\n".join(rows) + "\n"
    with open(a.out, "w") as f:
        f.write(report)
    print(report)


if __name__ == "__main__":
    main()
