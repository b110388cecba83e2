#!/usr/bin/env bash
# The psinfo command next to ps, top, df and free (issue 20's speed targets): builds the CLI in
# Release (its own build directory) and writes bench/CLI-RESULTS.md. Extra arguments go to
# cli_compare.py, e.g.
#   bench/cli.sh --reps 100        # more repetitions
#   bench/cli.sh --no-scaling      # only at the machine's own number of processes
#   BUILD_DIR=/tmp/b bench/cli.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD_DIR:-$here/../build-bench-cli}
cmake -S "$here/.." -B "$build" -DCMAKE_BUILD_TYPE=Release -DPSINFO_BUILD_CLI=ON \
  -DPSINFO_BUILD_TESTS=OFF -DPSINFO_BUILD_EXAMPLES=OFF -DPSINFO_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j2 --target psinfo_cli >/dev/null
exec /usr/bin/python3 "$here/cli_compare.py" "$build/examples/psinfo/psinfo" "$@"
