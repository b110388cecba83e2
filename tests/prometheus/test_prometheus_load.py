"""`psinfo serve` under load and abuse, on loopback: 200 concurrent scrapers for 30 seconds with
no failed scrape and bounded memory, while malformed, oversized and slow requests and unknown
paths get a 4xx and hold up nobody; a port in use is an error (exit status 1); SIGINT and
SIGTERM stop it cleanly, open connections or not."""
import http.client
import os
import signal
import socket
import subprocess
import threading
import time

import exporters as ex  # tests/prometheus/exporters.py

SCRAPERS = 200
SECONDS = int(os.environ.get("PSINFO_LOAD_SECONDS", "30"))


def rss(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(next(x for x in f if x.startswith("VmRSS:")).split()[1]) * 1024


def raw(port, data, timeout=15.0, pause=None):
    """Sends `data` (then waits `pause` seconds without closing, if given) and returns the
    status of the answer, or None when the server closed without one."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        if pause:
            time.sleep(pause)
        answer = b""
        try:
            while b"\r\n" not in answer:
                chunk = s.recv(4096)
                if not chunk:
                    break
                answer += chunk
        except ConnectionResetError:
            pass
    if not answer.startswith(b"HTTP/1.1 "):
        return None
    return int(answer.split()[1])


BAD_REQUESTS = [  # (what, bytes, statuses accepted)
    ("malformed request line", b"GARBAGE\r\n\r\n", {400}),
    ("no HTTP version", b"GET /metrics\r\n\r\n", {400}),
    ("binary junk", bytes(range(256)) + b"\r\n\r\n", {400}),
    ("unknown path", b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", {404}),
    ("POST", b"POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", {404, 405}),
    ("oversized URI", b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", {414}),
    ("oversized header", b"GET /metrics HTTP/1.1\r\nX: " + b"b" * 20000 + b"\r\n\r\n", {400}),
    ("oversized body", b"POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n"
     + b"c" * 65536, {413}),
]


def test_bad_requests_get_4xx():
    with ex.psinfo_serve("--collectors", "time") as s:
        for what, data, statuses in BAD_REQUESTS:
            assert raw(s.port, data) in statuses, what
        # After all that, a scrape is answered.
        assert ex.get(s.port)[0] == 200


def test_load_and_abuse():
    with ex.psinfo_serve() as s:
        pid = s.proc.pid
        deadline = time.monotonic() + SECONDS
        ok, failures, latencies = [0], [], []
        lock = threading.Lock()
        # scrapers, slow ones, abuser, us; a timeout breaks it rather than hang the test
        start = threading.Barrier(SCRAPERS + 1 + 20 + 1, timeout=60)

        def scraper():
            conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
            mine, lat = 0, []
            start.wait()
            while time.monotonic() < deadline:
                t0 = time.monotonic()
                try:
                    conn.request("GET", "/metrics")
                    r = conn.getresponse()
                    body = r.read()
                    if r.status != 200 or not body.endswith(b"\n") or \
                            b"psinfo_scrape_collector_success" not in body:
                        raise AssertionError(f"HTTP {r.status}, {len(body)} bytes")
                    if r.getheader("Connection") == "close":
                        conn.close()
                    mine += 1
                    lat.append(time.monotonic() - t0)
                except Exception as e:  # noqa: BLE001 (every failure counts)
                    with lock:
                        failures.append(repr(e))
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
            conn.close()
            with lock:
                ok[0] += mine
                latencies.extend(lat)

        abuse_answers, slow_answers = [], []

        def abuser():
            start.wait()
            while time.monotonic() < deadline - 1:
                for what, data, statuses in BAD_REQUESTS:
                    abuse_answers.append((what, raw(s.port, data), statuses))
                time.sleep(0.2)

        def slow_client():
            # The request line, then nothing: the server's read timeout (5 s) answers 400.
            start.wait()
            slow_answers.append(raw(s.port, b"GET /metrics HTTP/1.1\r\nHost: x\r\n", 20))

        threads = [threading.Thread(target=scraper, daemon=True) for _ in range(SCRAPERS)]
        threads += [threading.Thread(target=abuser, daemon=True)]
        threads += [threading.Thread(target=slow_client, daemon=True) for _ in range(20)]
        for t in threads:
            t.start()
        memory = []
        start.wait()
        while time.monotonic() < deadline:
            memory.append(rss(pid))
            time.sleep(1)
        # Each request times out after 30 s: a thread still running after that is a hang.
        end = time.monotonic() + 60
        for t in threads:
            t.join(max(0.0, end - time.monotonic()))
        stuck = sum(t.is_alive() for t in threads)
        assert stuck == 0, f"{stuck} client threads still running 60 s after the end"
        rss_after = rss(pid)

    latencies.sort()
    p50 = latencies[len(latencies) // 2] if latencies else None
    p99 = latencies[len(latencies) * 99 // 100] if latencies else None
    print(f"\n{ok[0]} scrapes by {SCRAPERS} scrapers in {SECONDS} s, {len(failures)} failed; "
          f"latency p50 {p50 and p50 * 1000:.1f} ms, p99 {p99 and p99 * 1000:.1f} ms; "
          f"RSS {min(memory) >> 20}-{max(memory) >> 20} MiB ({rss_after >> 20} after); "
          f"{len(abuse_answers)} bad requests, {len(slow_answers)} slow")
    assert failures == [], failures[:5]
    assert ok[0] >= SCRAPERS * 5, ok[0]
    wrong = [(w, got) for w, got, statuses in abuse_answers if got not in statuses]
    assert wrong == [] and len(abuse_answers) >= len(BAD_REQUESTS), wrong[:5]
    assert slow_answers == [400] * 20, slow_answers
    # Bounded memory: no growth over the second half of the run, and a ceiling (not under
    # ASan, whose quarantine holds on to freed memory).
    if os.environ.get("PSINFO_TEST_SANITIZED") == "1":
        return
    half = memory[len(memory) // 2:]
    assert max(memory) < 256 << 20, max(memory)
    assert max(half) <= max(memory[:len(memory) // 2]) * 1.25 + (8 << 20), memory


def test_port_in_use():
    with ex.psinfo_serve("--collectors", "time") as s:
        r = subprocess.run([ex.cli(), "serve", "--listen", f"127.0.0.1:{s.port}"],
                           capture_output=True, text=True, timeout=10)
        assert r.returncode == 1
        assert r.stderr == (f"psinfo: serve: cannot listen on 127.0.0.1:{s.port}: "
                            "Address already in use\n"), r.stderr
        assert ex.get(s.port)[0] == 200  # the first one is unaffected


def test_stops_on_sigint_with_connections_open():
    with ex.psinfo_serve("--collectors", "time") as s:
        idle = [socket.create_connection(("127.0.0.1", s.port)) for _ in range(10)]
        keep = http.client.HTTPConnection("127.0.0.1", s.port)
        keep.request("GET", "/metrics")
        keep.getresponse().read()  # a keep-alive connection left open
        t0 = time.monotonic()
        s.proc.send_signal(signal.SIGINT)
        assert s.proc.wait(15) == 0
        assert time.monotonic() - t0 < 10
        for c in idle:
            c.close()
        keep.close()
    assert "stopped by SIGINT" in s.log()
