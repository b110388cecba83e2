#!/bin/sh
# Runs a test program as `nobody` (setpriv): the files of other users' processes are then
# unreadable, as for any unprivileged caller (psutil's suite sweeps every PID both as root and
# not). Exit 77 (ctest: skipped) when that is not possible here: not root, no setpriv, or a
# build tree that `nobody` cannot reach.
#   run_unprivileged.sh PROGRAM ARG...
bin=$1
shift
[ "$(id -u)" = 0 ] || { echo "SKIP: not root, cannot drop privileges"; exit 77; }
command -v setpriv >/dev/null || { echo "SKIP: no setpriv"; exit 77; }
drop="setpriv --reuid=nobody --regid=nogroup --clear-groups"
$drop sh -c 'test -x "$1"' _ "$bin" || { echo "SKIP: nobody cannot run $bin"; exit 77; }
exec $drop "$bin" "$@"
