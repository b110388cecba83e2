#!/usr/bin/env python3
"""psinfo vs its floor vs psutil, side by side in one run.

Usage: /usr/bin/python3 bench/compare.py BUILD_DIR/bench/bench_system [--out bench/RESULTS.md]
Runs the Google Benchmark binary (psinfo's calls and their floors) and times the same calls
in psutil (Debian python3-psutil) with timeit, then prints one table in microseconds.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import timeit

# benchmark name -> the psutil statement doing the same call
PSUTIL = {
    "cpu_times": "psutil.cpu_times()",
    "cpu_times_percpu": "psutil.cpu_times(percpu=True)",
    "cpu_percent": "psutil.cpu_percent()",
    "cpu_percent_percpu": "psutil.cpu_percent(percpu=True)",
    "cpu_times_percent": "psutil.cpu_times_percent()",
    "cpu_count_logical": "psutil.cpu_count()",
    "cpu_count_physical": "psutil.cpu_count(logical=False)",
    "cpu_stats": "psutil.cpu_stats()",
    "cpu_freq": "psutil.cpu_freq()",
    "cpu_freq_percpu": "psutil.cpu_freq(percpu=True)",
    "getloadavg": "psutil.getloadavg()",
    "virtual_memory": "psutil.virtual_memory()",
    "swap_memory": "psutil.swap_memory()",
    "boot_time": "psutil.boot_time()",
    "users": "psutil.users()",
    "disk_partitions": "psutil.disk_partitions()",
    "disk_partitions_all": "psutil.disk_partitions(all=True)",
    "disk_usage": "psutil.disk_usage('/')",
    "disk_io_counters": "psutil.disk_io_counters()",
    "disk_io_counters_perdisk": "psutil.disk_io_counters(perdisk=True)",
    "net_io_counters": "psutil.net_io_counters()",
    "net_io_counters_pernic": "psutil.net_io_counters(pernic=True)",
    "net_if_addrs": "psutil.net_if_addrs()",
    "net_if_stats": "psutil.net_if_stats()",
    "net_connections": "psutil.net_connections('inet')",
    "net_connections_all": "psutil.net_connections('all')",
    "sensors_temperatures": "psutil.sensors_temperatures()",
    "sensors_fans": "psutil.sensors_fans()",
    "sensors_battery": "psutil.sensors_battery()",
}


def psutil_us(stmt):
    import warnings
    warnings.simplefilter("ignore")
    t = timeit.Timer(stmt, setup="import psutil")
    n, _ = t.autorange()
    best = min(t.repeat(repeat=5, number=n)) / n
    return best * 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bench_binary")
    ap.add_argument("--out")
    args = ap.parse_args()
    out = subprocess.run(
        [args.bench_binary, "--benchmark_format=json", "--benchmark_min_time=0.2",
         "--benchmark_repetitions=3", "--benchmark_report_aggregates_only=true"],
        check=True, capture_output=True, text=True).stdout
    ours, floors = {}, {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"][3:]  # strip BM_
        us = b["real_time"] / 1000.0 if b["time_unit"] == "ns" else b["real_time"]
        if name.startswith("floor_"):
            floors[name[6:]] = us
        else:
            ours[name] = us
    try:
        import psutil
        version = psutil.__version__
    except ImportError:
        psutil, version = None, "not installed"
    rows = ["| function | psinfo µs | floor µs | psutil %s µs | psinfo/floor | psutil/psinfo |" % version,
            "|---|---:|---:|---:|---:|---:|"]
    for name, us in ours.items():
        fl = floors.get(name)
        ps = psutil_us(PSUTIL[name]) if psutil and name in PSUTIL else None
        rows.append("| %s | %.2f | %s | %s | %s | %s |" % (
            name, us,
            "%.2f" % fl if fl else "–",
            "%.2f" % ps if ps else "–",
            "%.2f" % (us / fl) if fl else "–",
            "%.1f×" % (ps / us) if ps else "–"))
    head = "Machine: %s, %d CPUs, Python %s. Median of 3 runs (psinfo), best of 5 (psutil).\n" % (
        platform.platform(), os.cpu_count(), platform.python_version())
    text = head + "\n" + "\n".join(rows) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write("# psinfo benchmark results\n\nRegenerate: `bench/run.sh`.\n\n" + text)


if __name__ == "__main__":
    sys.exit(main())
