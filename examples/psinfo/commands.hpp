// psinfo CLI — the commands that are not a single library function. Each prints its result and
// returns the exit status; their options come in as arguments (the table, table.cpp, reads
// them off the command line).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace psinfo_cli {

// `psinfo`: a one-screen overview (CPU bars, memory, swap, load, uptime, disks, network, users).
int run_overview();

// `psinfo free`: like procps free.
struct free_options {
  int power = 1;  // the unit: 1024^power bytes (1000^power with si); 0: bytes
  bool si = false, human = false, total = false, wide = false;
};
int run_free(const free_options& o);

// `psinfo df`: like coreutils df.
struct df_options {
  std::vector<std::string> paths;  // the filesystems that hold these; every mount when empty
  bool all = false, human = false, si = false, type = false;
};
int run_df(const df_options& o);

// `psinfo ifconfig`: like psutil's scripts/ifconfig.py.
int run_ifconfig();
// `psinfo netstat`: like `ss -tuanp` (psutil's scripts/netstat.py), with the queues.
int run_netstat(const std::string& kind);
// `psinfo sensors`: like psutil's scripts/sensors.py.
int run_sensors(bool fahrenheit);

// `psinfo who` and `psinfo uptime`: like who(1) and uptime(1).
struct who_options {
  bool heading = false, count = false, boot = false;
};
int run_who(const who_options& o);
struct uptime_options {
  bool pretty = false, since = false;
};
int run_uptime(const uptime_options& o);

// `psinfo ps`: like psutil's scripts/ps.py, or procps ps's columns (-o).
struct ps_options {
  // Each a list of values, as given (comma- or blank-separated lists, -o given more than once).
  std::vector<std::string> format, pids, users, ppids, sort;
  bool json = false;
};
int run_ps(const ps_options& o);
// The column names -o takes.
std::vector<std::string> ps_columns();
// `psinfo pstree`: like psutil's scripts/pstree.py; the tree under `pid` when given.
int run_pstree(std::optional<long> pid);

// `psinfo top` and `psinfo iotop`: live views, or `iterations` frames.
struct top_options {
  double interval = 2;       // seconds between frames
  double first_wait = 0.2;   // seconds before the first frame
  long iterations = 0;       // 0: until q
  std::string sort = "cpu";  // top: cpu, mem, time or pid
  bool batch = false;        // frames one after another, every process (top -b)
};
int run_top(const top_options& o);
int run_iotop(const top_options& o);
// `psinfo pmap`: like procps pmap -x.
int run_pmap(long pid);

}  // namespace psinfo_cli
