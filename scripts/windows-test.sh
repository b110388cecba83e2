#!/bin/bash
# Cross-builds psinfo for 64-bit Windows with mingw-w64 and runs the Windows tests under Wine
# (see issue 5 and shared/XPLAT.md). Usage: scripts/windows-test.sh [BUILD_DIR]
# (default: build-win in the source tree). Installs its packages when they are missing.
# Exit status: ctest's.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${1:-$root/build-win}")  # absolute: Wine refuses a relative WINEPREFIX
start=$SECONDS
wine=/usr/lib/wine/wine64
wineserver=/usr/lib/wine/wineserver64

step() { echo "== windows-test [$((SECONDS - start))s] $*"; }

if ! command -v x86_64-w64-mingw32-g++-posix >/dev/null || [ ! -x "$wine" ]; then
  step "installing g++-mingw-w64-x86-64-posix wine64"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends g++-mingw-w64-x86-64-posix wine64 >/dev/null
fi

mkdir -p "$build"
step "configuring $build"
cmake -S "$root" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-mingw64.cmake" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log"; exit 1; }

# Only the Windows targets (and the CLI, psinfo.exe): the other areas' tests are Linux programs.
step "building the library, psinfo.exe and the Windows tests"
cmake --build "$build" -j2 --target psinfo psinfo_static psinfo_cli windows_test_programs

# Wine: a prefix of our own, a persistent server (else each test waits ~2.5 s for it to exit),
# and one throw-away command so Wine's helper processes do not inherit ctest's output pipe.
export WINEPREFIX="$build/.wine" WINEDEBUG=-all
step "starting Wine ($WINEPREFIX)"
trap '"$wineserver" -k >/dev/null 2>&1 || true' EXIT
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  "$wine" wineboot --init </dev/null >/dev/null 2>&1
  "$wineserver" -w
fi
"$wineserver" -p
"$wine" cmd /c exit </dev/null >/dev/null 2>&1 || true

step "running the Windows tests under Wine"
rc=0
(cd "$build" && ctest -L windows --output-on-failure) || rc=$?
step "done (ctest exit $rc)"
exit $rc
