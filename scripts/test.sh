#!/usr/bin/env bash
# Builds psinfo and runs the whole test suite twice: a normal RelWithDebInfo build in build/
# and an AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/ (LeakSanitizer on).
# Exits non-zero if either fails. Environment: PSINFO_JOBS (default 2) parallel build jobs,
# PSINFO_BUILD_DIR (default build; the sanitizer build goes to <dir>-asan),
# PSINFO_SKIP_SANITIZE=1 to run the normal build only, PSINFO_SHARED_FIXTURES (default: the
# build's setting, ../shared/fixtures) the recorded trees that the tests labelled `shared` need:
# without them those tests are reported as skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${PSINFO_JOBS:-2}
dir=${PSINFO_BUILD_DIR:-build}
asan_dir=$dir-asan

run_suite() {  # run_suite BUILD_DIR LABEL CMAKE_ARGS...
  local bdir=$1 label=$2
  shift 2
  echo "==== $label: configure and build ($bdir)"
  # (Called in an || list, where set -e does not apply: every step checks for itself.)
  cmake -S . -B "$bdir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" || return 1
  cmake --build "$bdir" -j"$jobs" || { echo "==== $label: BUILD FAILED"; return 1; }
  local shared
  shared=${PSINFO_SHARED_FIXTURES:-$(sed -n 's/^PSINFO_SHARED_FIXTURES:PATH=//p' "$bdir/CMakeCache.txt")}
  if [[ -d $shared ]]; then
    echo "==== shared fixtures: $shared (the tests labelled shared run)"
  else
    echo "==== shared fixtures: $shared is missing: the tests labelled shared are reported as" \
      "skipped (set PSINFO_SHARED_FIXTURES; see the README, \"The tests\")"
  fi
  echo "==== $label: ctest ($bdir)"
  (cd "$bdir" && ctest --output-on-failure) || return 1
}

# LeakSanitizer stops the process's threads with ptrace; where a sandbox forbids that, it
# aborts every program at exit. Find out once, and say so, instead of failing every test.
lsan_works() {
  local tmp rc=0
  tmp=$(mktemp -d)
  printf '#include <stdlib.h>\nvoid* volatile p;\nint main(void) { p = malloc(33); p = 0; return 0; }\n' >"$tmp/leak.c"
  if "${CC:-cc}" -fsanitize=address -g "$tmp/leak.c" -o "$tmp/leak" 2>/dev/null; then
    ASAN_OPTIONS=detect_leaks=1 "$tmp/leak" >"$tmp/out" 2>&1 || true
    grep -q 'ERROR: LeakSanitizer: detected memory leaks' "$tmp/out" || rc=1
  else
    rc=1
  fi
  [[ $rc -eq 0 ]] || { echo "LeakSanitizer probe output:"; cat "$tmp/out" 2>/dev/null || true; }
  rm -rf "$tmp"
  return $rc
}

status=0
echo "==== clang-format (scripts/check-format.sh)"
bash scripts/check-format.sh || status=1

run_suite "$dir" "normal build" || status=1

if [[ ${PSINFO_SKIP_SANITIZE:-0} != 1 ]]; then
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  if lsan_works; then
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
  else
    echo "WARNING: LeakSanitizer does not work here (ptrace not allowed?): running with detect_leaks=0"
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
  fi
  echo "ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS"
  run_suite "$asan_dir" "ASan+UBSan build" -DPSINFO_SANITIZE=ON || status=1
fi

if [[ ${PSINFO_SKIP_RELIABILITY:-0} != 1 ]]; then
  echo "==== reliability: fuzzing, ThreadSanitizer, valgrind (scripts/reliability.sh)"
  PSINFO_BUILD_DIR=$dir bash scripts/reliability.sh || status=1
fi

if [[ ${PSINFO_SKIP_WINDOWS:-0} != 1 ]]; then
  echo "==== Windows backend: mingw-w64 cross-build, tests under Wine ($dir-win)"
  bash scripts/windows-test.sh "$PWD/$dir-win" || status=1
fi

if [[ $status -eq 0 ]]; then
  echo "scripts/test.sh: all test suites passed"
else
  echo "scripts/test.sh: FAILED (see the ctest summaries above)"
fi
exit $status
