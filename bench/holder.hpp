// The held process: the one process whose descriptors the Process.num_fds, open_files and
// net_connections rows list, for psinfo, its floor, psutil and the ctypes module alike
// (`bench_system --hold`). It holds 32 regular files (in a private directory under /tmp,
// opened in the four modes r, w, r+, a) and a few sockets on the loopback: a TCP listener, an
// established TCP connection (both ends), a UDP socket, and a TCP listener and a UDP socket on
// ::1 when IPv6 is available.
#pragma once

namespace bench_holder {

constexpr int kFiles = 32;

// bench_system --hold: make the files and sockets, print "PID\n" on stdout, point stdout and
// stderr to /dev/null, wait until stdin reaches EOF (or SIGTERM, SIGINT, SIGHUP), then remove
// the files. Returns the exit status.
int hold_main();

// The held process's PID: $PSINFO_BENCH_HELD_PID (bench/compare.py starts one holder for the
// whole run and exports it), else a holder started here on first use, which ends with this
// process (its stdin is a pipe whose write end only this process holds).
long held_pid();

}  // namespace bench_holder
