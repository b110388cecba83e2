#!/usr/bin/env bash
# Compile-checks every file the FreeBSD and the OpenBSD builds of psinfo compile (src/bsd,
# src/posix, the shared layer, the C API, the CLI and the examples: the list CMake makes for each
# system, read from compile_commands.json) against each system's own headers, warning-free with
# -Werror, through ../shared/sysroots/check-compile.sh (clang-14 + libc++-14). No BSD machine is
# reachable and no package carries their headers: nothing is linked or run, and CI cannot run
# this (it is not called from .ci/run). Run it whenever src/bsd, src/posix, the contract or a
# shared source changes.
#
# Usage: scripts/bsd-check.sh [freebsd|openbsd]... [-- extra compiler flags]
#   (default: both). Each system needs a git directory of its source, named in the environment:
#   PSINFO_FREEBSD_GIT  git dir of github:kaizenwa/freebsd-14.2 (commit b66633d79ade...)
#   PSINFO_OPENBSD_GIT  git dir of github:Passw/SecBSD-src (commit c5b5d1e3c808...)
#   (see ../shared/sysroots/README.md; PSINFO_*_SYSROOT names a sysroot made before). Nothing of
#   those trees is kept in the project.
# PSINFO_SYSROOTS_DIR: where check-compile.sh is (default ../shared/sysroots).
# PSINFO_BSD_CHECK_DIR: the CMake trees of the check (default ${TMPDIR:-/tmp}/psinfo-bsd-check-<n>,
# n a checksum of this source tree's path).
# Exit status: 0 clean, 1 a file failed to compile, 2 usage or a missing tool / source tree.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sysroots=${PSINFO_SYSROOTS_DIR:-$root/../shared/sysroots}
# One check tree per source tree (a CMake cache belongs to one source directory).
work=${PSINFO_BSD_CHECK_DIR:-${TMPDIR:-/tmp}/psinfo-bsd-check-$(printf %s "$root" | cksum | cut -d" " -f1)}
die() { echo "bsd-check: $*" >&2; exit 2; }

systems=()
while [[ $# -gt 0 && $1 != -- ]]; do
  case $1 in
    freebsd | openbsd) systems+=("$1") ;;
    -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
    *) die "unknown system '$1' (freebsd, openbsd; NetBSD is not supported yet)" ;;
  esac
  shift
done
[[ $# -gt 0 ]] && shift
extra=("$@")
((${#systems[@]})) || systems=(freebsd openbsd)

missing=()
for os in "${systems[@]}"; do
  up=${os^^}
  git_var=PSINFO_${up}_GIT sysroot_var=PSINFO_${up}_SYSROOT
  [[ -n ${!git_var:-} || -n ${!sysroot_var:-} ]] || missing+=("$git_var")
done
if ((${#missing[@]})); then
  echo "bsd-check: ${missing[*]} not set: name a git directory of each system's source" >&2
  echo "  PSINFO_FREEBSD_GIT: github:kaizenwa/freebsd-14.2, PSINFO_OPENBSD_GIT: github:Passw/SecBSD-src" >&2
  echo "  (commits and how to get them: $sysroots/README.md). Nothing was checked." >&2
  exit 2
fi
[[ -x $sysroots/check-compile.sh || -f $sysroots/check-compile.sh ]] ||
  die "no check-compile.sh in $sysroots (set PSINFO_SYSROOTS_DIR)"
for tool in cmake python3 clang-14 clang++-14; do
  command -v "$tool" >/dev/null || die "missing $tool (scripts/setup-debian.sh)"
done

status=0
for os in "${systems[@]}"; do
  name=$([[ $os == freebsd ]] && echo FreeBSD || echo OpenBSD)
  sysroot=$(sh "$sysroots/check-compile.sh" --sysroot "$os") || exit 2
  build=$work/$os
  mkdir -p "$build"
  echo "== bsd-check: $name: configuring $build"
  if ! PSINFO_BSD_OS=$name PSINFO_BSD_SYSROOT=$sysroot cmake -S "$root" -B "$build" \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-bsd-check.cmake" \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DPSINFO_BUILD_TESTS=OFF -DPSINFO_BUILD_CLI=ON \
    -DPSINFO_BUILD_EXAMPLES=ON >"$build/configure.log" 2>&1; then
    cat "$build/configure.log" >&2
    die "$name: cmake failed"
  fi
  # One line per group of files that share their flags: "flags<TAB>file file ...". The flags are
  # the project's -I / -isystem / -D; the toolchain's own (target, sysroot, libc++) are
  # check-compile.sh's.
  groups=$(python3 - "$build/compile_commands.json" "$root" <<'EOF'
import json, os, shlex, sys
db, root = sys.argv[1], sys.argv[2]
groups = {}
for e in json.load(open(db)):
    args = e.get("arguments") or shlex.split(e["command"])
    flags, i = [], 0
    while i < len(args):
        a = args[i]
        if a in ("-I", "-isystem", "-D") and i + 1 < len(args):
            a, i = a + ("" if a != "-isystem" else " ") + args[i + 1], i + 1
        if a.startswith(("-I", "-D")) or (a.startswith("-isystem") and "llvm-14" not in a):
            flags.extend(shlex.split(a) if a.startswith("-isystem") else [a])
        i += 1
    f = os.path.relpath(os.path.join(e["directory"], e["file"]), root)
    groups.setdefault(" ".join(shlex.quote(x) for x in flags), []).append(f)
for flags, files in sorted(groups.items()):
    print(flags + "\t" + " ".join(sorted(set(files))))
EOF
  )
  n=0 failed=0
  while IFS=$'\t' read -r flags files; do
    [[ -n $files ]] || continue
    eval "set -- $flags"
    # shellcheck disable=SC2086
    (cd "$root" && sh "$sysroots/check-compile.sh" "$os" $files -- "$@" -Werror "${extra[@]}") || failed=1
    n=$((n + $(wc -w <<<"$files")))
  done <<<"$groups"
  if ((failed)); then
    echo "== bsd-check: $name: FAILED (of $n files)"
    status=1
  else
    echo "== bsd-check: $name: $n files clean (-Wall -Wextra -Werror)"
  fi
done
exit $status
