// psinfo CLI — the commands that are not a single library function. Each prints its result and
// returns the exit status; their options come in as arguments (the table, table.cpp, reads
// them off the command line).
#pragma once

#include <optional>
#include <string>

namespace psinfo_cli {

// `psinfo`: a one-screen overview (CPU bars, memory, swap, load, uptime, disks, network, users).
int run_overview();

// `psinfo free`: like psutil's scripts/free.py, in KiB.
int run_free();
// `psinfo df`: like psutil's scripts/disk_usage.py.
int run_df();
// `psinfo ifconfig`: like psutil's scripts/ifconfig.py.
int run_ifconfig();
// `psinfo netstat`: like `ss -tuanp` (psutil's scripts/netstat.py).
int run_netstat(const std::string& kind);
// `psinfo sensors`: like psutil's scripts/sensors.py.
int run_sensors(bool fahrenheit);

// `psinfo ps`: like psutil's scripts/ps.py.
int run_ps();
// `psinfo pstree`: like psutil's scripts/pstree.py; the tree under `pid` when given.
int run_pstree(std::optional<long> pid);
// `psinfo top`: like psutil's scripts/top.py, live or (once) one frame.
int run_top(double interval, bool once);
// `psinfo iotop`: like psutil's scripts/iotop.py, live or (once) one frame.
int run_iotop(double interval, bool once);
// `psinfo pmap`: like psutil's scripts/pmap.py.
int run_pmap(long pid);

}  // namespace psinfo_cli
