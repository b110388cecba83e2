#!/bin/sh
# Runs a test binary as `nobody` (setpriv): the files of other users' processes are then
# unreadable, as for any unprivileged caller. Exit 77 (ctest: skipped) when that is not possible
# here: not root, no setpriv, or a build tree that `nobody` cannot reach.
bin=$1
shift
[ "$(id -u)" = 0 ] || { echo "SKIP: not root, cannot drop privileges"; exit 77; }
command -v setpriv >/dev/null || { echo "SKIP: no setpriv"; exit 77; }
drop="setpriv --reuid=nobody --regid=nogroup --clear-groups"
$drop sh -c 'test -x "$1"' _ "$bin" || { echo "SKIP: nobody cannot run $bin"; exit 77; }
exec $drop "$bin" "$@"
