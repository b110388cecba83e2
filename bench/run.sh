#!/usr/bin/env bash
# One command for issue 6: builds psinfo and the benchmarks in Release (own build directory,
# PSINFO_BUILD_BENCH=ON) and writes bench/RESULTS.md. Extra arguments go to compare.py, e.g.
#   bench/run.sh --callgrind      # add user-space instruction counts (valgrind, slower)
#   bench/run.sh --no-scaling     # skip the 500/2000-children and 1000-connection runs
#   BUILD_DIR=/tmp/b bench/run.sh --reps 11 --min-time 0.2
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD_DIR:-$here/../build-bench}
cmake -S "$here/.." -B "$build" -DCMAKE_BUILD_TYPE=Release -DPSINFO_BUILD_BENCH=ON \
  -DPSINFO_BUILD_TESTS=OFF -DPSINFO_BUILD_CLI=OFF -DPSINFO_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" -j2 --target bench_system psinfo >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec /usr/bin/python3 "$here/compare.py" "$build/bench/bench_system" \
  --lib "$build/libpsinfo.so" --out "$here/RESULTS.md" "$@"
