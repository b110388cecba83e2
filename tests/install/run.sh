#!/usr/bin/env bash
# Installs a built psinfo tree into a scratch prefix and uses it as a user would:
#   - find_package(psinfo) from a C++ project (psinfo::psinfo and psinfo::psinfo_static) and,
#     when the installed tree has the C API header, from a plain C project;
#   - pkg-config --cflags --libs psinfo (shared) and --static (static) with the compilers;
# runs every program and compares what it prints with /proc/meminfo, getconf and the project
# version. Also checks the installed layout, the SONAME, the export set, components and DESTDIR.
# Registered by tests/cmake/install.cmake; exits non-zero on the first failure.
#
# run.sh --build-dir B --work-dir W --version X.Y.Z --include-dir SRC/include
#        [--cmake C] [--cc CC] [--cxx CXX] [--generator G] [--make-program M] [--config T]
#        [--flags "extra compile+link flags"]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build_dir="" work_dir="" version="" include_dir=""
cmake_cmd=cmake cc=cc cxx=c++ generator="" make_program="" config="" flags=""
pkg_config=${PKG_CONFIG:-pkg-config}
while (($#)); do
  case $1 in
    --build-dir) build_dir=$2 ;;
    --work-dir) work_dir=$2 ;;
    --version) version=$2 ;;
    --include-dir) include_dir=$2 ;;
    --cmake) cmake_cmd=$2 ;;
    --cc) cc=$2 ;;
    --cxx) cxx=$2 ;;
    --generator) generator=$2 ;;
    --make-program) make_program=$2 ;;
    --config) config=$2 ;;
    --flags) flags=$2 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done
[[ -n $build_dir && -n $work_dir && -n $version && -n $include_dir ]] ||
  { echo "run.sh: --build-dir, --work-dir, --version and --include-dir are required" >&2; exit 2; }

checks=0
fail() { echo "install test: FAIL: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); echo "ok: $*"; }
step() { echo "== $*"; }

# The consumers read the real machine.
unset PSINFO_PROCFS_PATH PSINFO_SYSFS_PATH PKG_CONFIG_PATH PKG_CONFIG_LIBDIR CMAKE_PREFIX_PATH

rm -rf "$work_dir"
mkdir -p "$work_dir"
prefix=$work_dir/prefix
config_args=()
[[ -n $config ]] && config_args=(--config "$config")

step "cmake --install $build_dir --prefix $prefix"
"$cmake_cmd" --install "$build_dir" --prefix "$prefix" "${config_args[@]}" ||
  fail "cmake --install failed"
ok "installed"

# ---- Layout ----------------------------------------------------------------------------------
step "installed layout"
for h in "$include_dir"/psinfo/*.hpp "$include_dir"/psinfo/*.h; do
  [[ -e $h ]] || continue
  [[ -f $prefix/include/psinfo/$(basename "$h") ]] || fail "header $(basename "$h") not installed"
done
ok "every public header under include/psinfo/"

pc=$(find "$prefix" -name psinfo.pc -path '*/pkgconfig/*' | head -n1)
[[ -n $pc ]] || fail "psinfo.pc not installed"
pcdir=$(dirname "$pc")
so=$(find "$prefix" -name "libpsinfo.so.$version" | head -n1)
[[ -n $so ]] || fail "libpsinfo.so.$version not installed"
libdir=$(dirname "$so")
config_file=$(find "$prefix" -name psinfoConfig.cmake | head -n1)
[[ -n $config_file ]] || fail "psinfoConfig.cmake not installed"
cmake_dir=$(dirname "$config_file")
for f in psinfoConfigVersion.cmake psinfoTargets.cmake; do
  [[ -f $cmake_dir/$f ]] || fail "$f not installed next to psinfoConfig.cmake"
done
ok "psinfo.pc in ${pc#"$prefix"/}, CMake package in ${cmake_dir#"$prefix"/}"

major=${version%%.*}
# The SONAME's version: MAJOR.MINOR while 0.x (a 0.x minor release may break the ABI), else MAJOR.
soversion=$major
if [[ $major == 0 ]]; then
  minor=${version#*.}
  soversion=0.${minor%%.*}
fi
[[ -f $libdir/libpsinfo.a ]] || fail "libpsinfo.a not in $libdir"
[[ -f $libdir/libpsinfo.so.$version && ! -L $libdir/libpsinfo.so.$version ]] ||
  fail "libpsinfo.so.$version missing in $libdir"
[[ $(readlink "$libdir/libpsinfo.so.$soversion") == "libpsinfo.so.$version" ]] ||
  fail "libpsinfo.so.$soversion is not a symlink to libpsinfo.so.$version"
[[ $(readlink "$libdir/libpsinfo.so") == "libpsinfo.so.$soversion" ]] ||
  fail "libpsinfo.so is not a symlink to libpsinfo.so.$soversion"
soname=$(LC_ALL=C readelf -d "$libdir/libpsinfo.so.$version" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[[ $soname == "libpsinfo.so.$soversion" ]] ||
  fail "SONAME is '$soname', expected libpsinfo.so.$soversion"
ok "libpsinfo.so.$version, SONAME $soname, symlinks, libpsinfo.a"

# The export set holds exactly the two libraries: no object library, no build-tree path.
grep -q 'add_library(psinfo::psinfo SHARED IMPORTED)' "$cmake_dir/psinfoTargets.cmake" ||
  fail "psinfoTargets.cmake does not define psinfo::psinfo as a shared library"
grep -q 'add_library(psinfo::psinfo_static STATIC IMPORTED)' "$cmake_dir/psinfoTargets.cmake" ||
  fail "psinfoTargets.cmake does not define psinfo::psinfo_static as a static library"
if grep -n 'psinfo_objects\|psinfo_shared_objects\|psinfo_internal' "$cmake_dir"/*.cmake; then
  fail "an internal target leaked into the installed CMake package"
fi
build_abs=$(cd "$build_dir" && pwd)
src_abs=$(cd "$include_dir/.." && pwd)
prefix_abs=$(cd "$prefix" && pwd)
# (The scratch prefix itself may lie inside the build tree: its own paths do not count.)
if cat "$cmake_dir"/*.cmake "$pc" | sed "s|$prefix_abs||g" | grep -n -F -e "$build_abs" -e "$src_abs/"; then
  fail "the installed package refers to the build or source tree"
fi
ok "export set: psinfo::psinfo, psinfo::psinfo_static, nothing internal, no build paths"

# ---- Reference values --------------------------------------------------------------------------
mem_kb=$(awk '$1 == "MemTotal:" && $3 == "kB" { print $2; exit }' /proc/meminfo)
[[ $mem_kb =~ ^[0-9]+$ ]] || fail "cannot read MemTotal from /proc/meminfo"
mem_total=$((mem_kb * 1024))
ncpu=$(getconf _NPROCESSORS_ONLN)
[[ $mem_total =~ ^[0-9]+$ && $ncpu =~ ^[0-9]+$ ]] || fail "cannot read MemTotal or _NPROCESSORS_ONLN"
echo "reference: MemTotal $mem_total bytes, _NPROCESSORS_ONLN $ncpu, version $version"

# check_output NAME PROGRAM [kind]: runs PROGRAM and compares its key=value lines.
check_output() {
  local name=$1 prog=$2 kind=${3:-cxx} out
  out=$("$prog") || fail "$name: exited with status $?"
  echo "$out" | sed "s/^/  $name: /"
  local -A want=([version]=$version [header_version]=$version [mem_total]=$mem_total
                 [cpu_count]=$ncpu)
  if [[ $kind == c ]]; then want[einval]=EINVAL; else want[invalid_argument]=caught; fi
  local key got
  for key in "${!want[@]}"; do
    got=$(echo "$out" | sed -n "s/^$key=//p")
    [[ $got == "${want[$key]}" ]] || fail "$name: $key is '$got', expected '${want[$key]}'"
  done
  ok "$name prints what /proc/meminfo, getconf and the version say"
}

# check_links NAME PROGRAM shared|static: the shared one must load the installed library.
check_links() {
  local name=$1 prog=$2 how=$3 resolved
  resolved=$(ldd "$prog" | awk '$1 ~ /^libpsinfo\.so/ { print $3 }')
  if [[ $how == shared ]]; then
    [[ $resolved -ef $libdir/libpsinfo.so.$soversion ]] ||
      fail "$name loads libpsinfo from '$resolved', not from $libdir"
  else
    [[ -z $resolved ]] || fail "$name (static) depends on a shared libpsinfo: $resolved"
  fi
}

cmake_args=(-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx"
            -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags")
[[ -n $generator ]] && cmake_args+=(-G "$generator")
[[ -n $make_program ]] && cmake_args+=(-DCMAKE_MAKE_PROGRAM="$make_program")
[[ -n $config ]] && cmake_args+=(-DCMAKE_BUILD_TYPE="$config")

build_consumer() {  # build_consumer DIR
  local dir=$1
  "$cmake_cmd" -S "$here/$dir" -B "$work_dir/$dir-build" "${cmake_args[@]}" >"$work_dir/$dir.log" 2>&1 ||
    { cat "$work_dir/$dir.log"; fail "configuring tests/install/$dir with find_package(psinfo)"; }
  "$cmake_cmd" --build "$work_dir/$dir-build" --parallel 2 "${config_args[@]}" >>"$work_dir/$dir.log" 2>&1 ||
    { cat "$work_dir/$dir.log"; fail "building tests/install/$dir"; }
}

have_capi=0
[[ -f $prefix/include/psinfo/psinfo.h ]] && have_capi=1

# ---- find_package ----------------------------------------------------------------------------
step "find_package(psinfo): C++ project"
build_consumer cxx
ok "C++ consumer configured and built"
check_links cmake-cxx-shared "$work_dir/cxx-build/consumer_shared" shared
check_output cmake-cxx-shared "$work_dir/cxx-build/consumer_shared"
check_links cmake-cxx-static "$work_dir/cxx-build/consumer_static" static
check_output cmake-cxx-static "$work_dir/cxx-build/consumer_static"

if ((have_capi)); then
  step "find_package(psinfo): C project"
  build_consumer c
  ok "C consumer configured and built"
  check_links cmake-c-shared "$work_dir/c-build/consumer_c_shared" shared
  check_output cmake-c-shared "$work_dir/c-build/consumer_c_shared" c
  check_links cmake-c-static "$work_dir/c-build/consumer_c_static" static
  check_output cmake-c-static "$work_dir/c-build/consumer_c_static" c
else
  echo "skip: no include/psinfo/psinfo.h installed, no C consumer"
fi

# ---- pkg-config ------------------------------------------------------------------------------
step "pkg-config (PKG_CONFIG_PATH=$pcdir)"
export PKG_CONFIG_PATH=$pcdir
got=$("$pkg_config" --modversion psinfo) || fail "pkg-config cannot read psinfo.pc"
[[ $got == "$version" ]] || fail "pkg-config --modversion psinfo is '$got', expected $version"
pc_libdir=$("$pkg_config" --variable=libdir psinfo)
[[ $pc_libdir -ef $libdir ]] || fail "psinfo.pc libdir '$pc_libdir' is not $libdir"
pc_includedir=$("$pkg_config" --variable=includedir psinfo)
[[ $pc_includedir -ef $prefix/include ]] || fail "psinfo.pc includedir '$pc_includedir' is not $prefix/include"
read -r -a pc_shared <<<"$("$pkg_config" --cflags --libs psinfo)"
read -r -a pc_static <<<"$("$pkg_config" --static --cflags --libs psinfo)"
echo "pkg-config --cflags --libs psinfo: ${pc_shared[*]}"
echo "pkg-config --static --cflags --libs psinfo: ${pc_static[*]}"
[[ " ${pc_static[*]} " == *" -DPSINFO_STATIC "* ]] || fail "--static --cflags lacks -DPSINFO_STATIC"
ok "psinfo.pc: version, libdir, includedir, static flags"
# GNU ld: -l:libpsinfo.a picks the archive where -lpsinfo would pick the shared library.
pc_static=("${pc_static[@]/#-lpsinfo/-l:libpsinfo.a}")
read -r -a extra <<<"$flags"

pk=$work_dir/pkg-config
mkdir -p "$pk"
"$cxx" -std=c++17 "${extra[@]}" -o "$pk/cxx_shared" "$here/cxx/consumer.cpp" "${pc_shared[@]}" \
  -Wl,-rpath,"$pc_libdir" || fail "compiling the C++ consumer with pkg-config --cflags --libs"
check_links pkg-config-cxx-shared "$pk/cxx_shared" shared
check_output pkg-config-cxx-shared "$pk/cxx_shared"
"$cxx" -std=c++17 "${extra[@]}" -o "$pk/cxx_static" "$here/cxx/consumer.cpp" "${pc_static[@]}" ||
  fail "compiling the C++ consumer with pkg-config --static --cflags --libs"
check_links pkg-config-cxx-static "$pk/cxx_static" static
check_output pkg-config-cxx-static "$pk/cxx_static"
if ((have_capi)); then
  "$cc" -std=c99 "${extra[@]}" -o "$pk/c_shared" "$here/c/consumer.c" "${pc_shared[@]}" \
    -Wl,-rpath,"$pc_libdir" || fail "compiling the C consumer with pkg-config --cflags --libs"
  check_links pkg-config-c-shared "$pk/c_shared" shared
  check_output pkg-config-c-shared "$pk/c_shared" c
  # A C driver does not add the C++ runtime: this link works only if Libs.private names it.
  "$cc" -std=c99 "${extra[@]}" -o "$pk/c_static" "$here/c/consumer.c" "${pc_static[@]}" ||
    fail "compiling the C consumer with pkg-config --static --cflags --libs (Libs.private)"
  check_links pkg-config-c-static "$pk/c_static" static
  check_output pkg-config-c-static "$pk/c_static" c
fi

# ---- Components and DESTDIR ------------------------------------------------------------------
step "components and DESTDIR"
"$cmake_cmd" --install "$build_dir" --prefix "$work_dir/runtime" --component Runtime \
  "${config_args[@]}" >/dev/null || fail "cmake --install --component Runtime"
rt_files=$(cd "$work_dir/runtime" && find . -type f -o -type l | sed 's|^\./||' | sort | tr '\n' ' ')
[[ $rt_files == "${libdir#"$prefix"/}/libpsinfo.so.$soversion ${libdir#"$prefix"/}/libpsinfo.so.$version " ]] ||
  fail "component Runtime installs '$rt_files', expected only libpsinfo.so.$soversion and .so.$version"
ok "component Runtime: $rt_files"

stage_prefix=/opt/psinfo-install-test-$$
DESTDIR=$work_dir/stage "$cmake_cmd" --install "$build_dir" --prefix "$stage_prefix" \
  "${config_args[@]}" >/dev/null || fail "DESTDIR=... cmake --install"
[[ ! -e $stage_prefix ]] || fail "DESTDIR install wrote to $stage_prefix"
staged_pc=$(find "$work_dir/stage" -name psinfo.pc | head -n1)
[[ -n $staged_pc ]] && grep -qx "prefix=$stage_prefix" "$staged_pc" ||
  fail "DESTDIR install: psinfo.pc missing or its prefix is not $stage_prefix"
ok "DESTDIR staging: psinfo.pc says prefix=$stage_prefix"

echo "install test: PASS ($checks checks)"
