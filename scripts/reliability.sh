#!/usr/bin/env bash
# The reliability checks that need their own builds (issue 7); the rest (churn, leaks, bad
# inputs, fuzz-regression replay) is in the ctest suite (tests/reliability/).
#   1. libFuzzer: every parser target (fuzz/) built with clang + ASan + UBSan, seeded from the
#      fixture trees, run for PSINFO_FUZZ_SECONDS each (default 12), two at a time. A crash,
#      a sanitizer report or an escaping exception fails; the input is kept in
#      <fuzz dir>/crashes/<target>/ (make it a regression: fuzz/regressions/<target>/).
#   2. ThreadSanitizer: tests/reliability/test_threads.cpp built with -fsanitize=thread and
#      run for PSINFO_TSAN_SECONDS (default 5).
#   3. valgrind memcheck on the leak loops (scaled down) of the normal build's
#      reliability_tests (<PSINFO_BUILD_DIR:-build>, made by scripts/test.sh first); skipped
#      with a note when valgrind or that binary is missing.
# Environment: PSINFO_JOBS (2), PSINFO_FUZZ_DIR (build-fuzz), PSINFO_TSAN_DIR (build-tsan),
# PSINFO_FUZZ_SECONDS, PSINFO_TSAN_SECONDS, PSINFO_FUZZ_ONLY=name[,name] (run some targets),
# PSINFO_FUZZ_SEED (1; 0 = random), PSINFO_SKIP_FUZZ=1, PSINFO_SKIP_TSAN=1, PSINFO_SKIP_VALGRIND=1.
# Needs clang-14 and libclang-rt-14-dev (fuzz), valgrind (optional).
# Longer local run, 10 minutes per target:
#   PSINFO_FUZZ_SECONDS=600 PSINFO_FUZZ_RUNS=-1 PSINFO_FUZZ_SEED=0 PSINFO_SKIP_TSAN=1 bash scripts/reliability.sh
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=${PSINFO_JOBS:-2}
fuzz_dir=${PSINFO_FUZZ_DIR:-build-fuzz}
tsan_dir=${PSINFO_TSAN_DIR:-build-tsan}
fuzz_seconds=${PSINFO_FUZZ_SECONDS:-30}
# CI runs a fixed number of inputs per target (with the fixed seed below: the same inputs on
# every machine, so a CI run repeats what passed locally); the seconds are only a cap.
fuzz_runs=${PSINFO_FUZZ_RUNS:-100000}
# A fixed seed makes a CI run repeat the mutations a local run made (a run that passed here
# passes there); PSINFO_FUZZ_SEED=0 lets libFuzzer pick one, for exploring.
fuzz_seed=${PSINFO_FUZZ_SEED:-1}
tsan_seconds=${PSINFO_TSAN_SECONDS:-5}
cc=${PSINFO_CLANG:-clang-14}
cxx=${PSINFO_CLANGXX:-clang++-14}
fixtures=()
for d in "${PSINFO_SHARED_FIXTURES:-../shared/fixtures}" tests/fixtures; do [[ -d $d ]] && fixtures+=("$d"); done
status=0
start=$SECONDS

# The seed patterns of a target, from the table kTargets in fuzz/targets.cpp.
seed_patterns() {
  tr '\n' ' ' <fuzz/targets.cpp | sed 's/  */ /g' |
    grep -o "{\"$1\", fuzz_$1, \"[^\"]*\"}" | sed 's/.*, "\(.*\)"}$/\1/'
}

run_fuzz() {
  echo "==== fuzz: configure and build ($fuzz_dir)"
  if ! command -v "$cxx" >/dev/null; then
    echo "==== fuzz: $cxx not found (apt-get install clang-14 libclang-rt-14-dev)"; return 1
  fi
  cmake -S fuzz -B "$fuzz_dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
    >"$fuzz_dir.configure.log" 2>&1 || { cat "$fuzz_dir.configure.log"; return 1; }
  cmake --build "$fuzz_dir" -j"$jobs" || { echo "==== fuzz: BUILD FAILED"; return 1; }
  local targets
  targets=$(sed -n 's/^ *{"\([a-z_0-9]*\)", fuzz_.*/\1/p' fuzz/targets.cpp)
  if [[ -n ${PSINFO_FUZZ_ONLY:-} ]]; then targets=${PSINFO_FUZZ_ONLY//,/ }; fi
  local t pat f work="$fuzz_dir/run"
  rm -rf "$work"
  mkdir -p "$work"
  for t in $targets; do
    mkdir -p "$work/$t/corpus" "$fuzz_dir/crashes/$t"
    # Seeds: the fixture files of the target's patterns (unique names by content hash),
    # plus the regression inputs.
    for pat in $(seed_patterns "$t"); do
      while IFS= read -r -d '' f; do
        cp "$f" "$work/$t/corpus/$(sha1sum <"$f" | cut -c1-16)"
      done < <(find "${fixtures[@]}" -type f -path "$pat" -size -1024k -print0 2>/dev/null)
    done
    [[ -d fuzz/regressions/$t ]] && cp fuzz/regressions/"$t"/* "$work/$t/corpus/" 2>/dev/null
  done
  echo "==== fuzz: $(wc -w <<<"$targets") targets, $fuzz_runs inputs (at most ${fuzz_seconds} s) each, seed $fuzz_seed, $jobs at a time"
  local -a pids=() names=()
  local failed=0 i
  for t in $targets; do
    ( cd "$work/$t" &&
      ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$root/$fuzz_dir/fuzz_$t" -max_total_time="$fuzz_seconds" -runs="$fuzz_runs" -seed="$fuzz_seed" -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$root/$fuzz_dir/crashes/$t/" corpus >log 2>&1 )&
    pids+=($!); names+=("$t")
    if (( ${#pids[@]} >= jobs )); then
      wait "${pids[0]}" || { echo "==== fuzz_${names[0]}: FAILED"; failed=1; }
      pids=("${pids[@]:1}"); names=("${names[@]:1}")
    fi
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { echo "==== fuzz_${names[$i]}: FAILED"; failed=1; }
  done
  printf '%-12s %12s %10s %8s\n' target executions exec/s corpus
  for t in $targets; do
    local execs rate units
    execs=$(sed -n 's/.*number_of_executed_units: *//p' "$work/$t/log")
    rate=$(sed -n 's/.*average_exec_per_sec: *//p' "$work/$t/log")
    units=$(ls "$work/$t/corpus" | wc -l)
    printf '%-12s %12s %10s %8s\n' "$t" "${execs:-?}" "${rate:-?}" "$units"
    if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$work/$t/log" ||
       grep -qE 'deadly signal|fuzz check failed' "$work/$t/log"; then
      echo "---- fuzz_$t log (tail):"; tail -40 "$work/$t/log"; failed=1
    fi
  done
  return $failed
}

run_tsan() {
  echo "==== TSan: configure and build ($tsan_dir)"
  # gcc 12's TSan; clang-14's works too (PSINFO_TSAN_CXX=clang++-14).
  local tcxx=${PSINFO_TSAN_CXX:-g++} tcc=${PSINFO_TSAN_CC:-gcc}
  cmake -S . -B "$tsan_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER="$tcc" -DCMAKE_CXX_COMPILER="$tcxx" \
    -DCMAKE_CXX_FLAGS="-fsanitize=thread" -DCMAKE_C_FLAGS="-fsanitize=thread" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=thread" \
    -DPSINFO_TEST_DISCOVERY=OFF >"$tsan_dir.configure.log" 2>&1 || { cat "$tsan_dir.configure.log"; return 1; }
  cmake --build "$tsan_dir" -j"$jobs" --target reliability_threads ||
    { echo "==== TSan: BUILD FAILED"; return 1; }
  # setarch -R: TSan of gcc 12 / clang 14 cannot map its shadow with the 6.x kernels' larger
  # mmap randomisation (vm.mmap_rnd_bits=32): "unexpected memory mapping".
  local pre=()
  if setarch "$(uname -m)" -R true 2>/dev/null; then pre=(setarch "$(uname -m)" -R); fi
  # A planted race must be reported, or a green run would mean nothing.
  local probe
  probe=$(mktemp -d)
  printf '%s\n' '#include <thread>' 'int x;' \
    'int main() { std::thread a([] { for (int i = 0; i < 1000; ++i) x++; });' \
    '  for (int i = 0; i < 1000; ++i) x++;' '  a.join(); }' >"$probe/race.cpp"
  if ! "$tcxx" -fsanitize=thread -g "$probe/race.cpp" -o "$probe/race" -pthread ||
     "${pre[@]}" "$probe/race" >"$probe/out" 2>&1 || ! grep -q 'data race' "$probe/out"; then
    echo "==== TSan: the planted-race probe was not reported; ThreadSanitizer does not work here"
    cat "$probe/out" 2>/dev/null; rm -rf "$probe"; return 1
  fi
  rm -rf "$probe"
  echo "==== TSan: reliability_threads for ${tsan_seconds} s"
  PSINFO_STRESS_SECONDS=$tsan_seconds TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    "${pre[@]}" "$tsan_dir/tests/reliability/reliability_threads" || { echo "==== TSan: FAILED"; return 1; }
}

run_valgrind() {
  local bin=${PSINFO_BUILD_DIR:-build}/tests/reliability/reliability_tests
  if ! command -v valgrind >/dev/null || [[ ! -x $bin ]]; then
    echo "==== valgrind: skipped (no valgrind, or no $bin: run scripts/test.sh first)"; return 0
  fi
  echo "==== valgrind: $bin [leaks], PSINFO_LEAK_SCALE=0.2"
  # Its own report goes to files (valgrind 3.19 warns about every pidfd_open, syscall 434, which
  # it does not know: the library then falls back), shown when it fails.
  local logs rc=0
  logs=$(mktemp -d)
  PSINFO_LEAK_SCALE=0.2 valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --error-exitcode=1 --log-file="$logs/vg.%p" "$bin" "[leaks]" || rc=1
  if [[ $rc != 0 ]]; then
    echo "==== valgrind: FAILED"
    grep -v 'syscall: 434\|handler\|README_MISSING\|bug_reports\|consider this' "$logs"/vg.*
  fi
  rm -rf "$logs"
  return $rc
}

if [[ ${PSINFO_SKIP_FUZZ:-0} != 1 ]]; then run_fuzz || status=1; fi
if [[ ${PSINFO_SKIP_TSAN:-0} != 1 ]]; then run_tsan || status=1; fi
if [[ ${PSINFO_SKIP_VALGRIND:-0} != 1 ]]; then run_valgrind || status=1; fi
echo "==== scripts/reliability.sh: exit status $status after $((SECONDS - start)) s"
exit $status
