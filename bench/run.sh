#!/usr/bin/env bash
# Builds the benchmarks in Release and writes bench/RESULTS.md (psinfo, floor, psutil).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD_DIR:-$here/../build-bench}
cmake -S "$here/.." -B "$build" -DCMAKE_BUILD_TYPE=Release -DPSINFO_BUILD_BENCH=ON \
  -DPSINFO_BUILD_TESTS=OFF -DPSINFO_BUILD_CLI=OFF -DPSINFO_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" -j2 --target bench_system >/dev/null
/usr/bin/python3 "$here/compare.py" "$build/bench/bench_system" --out "$here/RESULTS.md"
