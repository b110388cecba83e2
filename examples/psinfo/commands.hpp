// psinfo CLI — the commands that are not a single library function.
#pragma once

#include <string_view>
#include <vector>

#include "args.hpp"

namespace psinfo_cli {

// `psinfo`: a one-screen overview (CPU bars, memory, swap, load, uptime, disks, network, users).
int run_overview();

// A subcommand after one of psutil's example scripts.
struct command_info {
  const char* name;
  unsigned accepts;     // the `option` bits it accepts (no --json: these are for reading)
  const char* summary;  // one line for `psinfo --help`
  int (*run)(const options&);
  void (*help)();  // nullptr: run() checks the options and prints the help itself
};

const std::vector<command_info>& commands();
// nullptr when there is no such command.
const command_info* find_command(std::string_view name);

// `psinfo free`: like psutil's scripts/free.py, in KiB.
int run_free(const options&);
void print_free_help();
// `psinfo df`: like psutil's scripts/disk_usage.py.
int run_df(const options&);
void print_df_help();
// `psinfo ifconfig`: like psutil's scripts/ifconfig.py.
int run_ifconfig(const options&);
void print_ifconfig_help();
// `psinfo netstat`: like `ss -tuanp` (psutil's scripts/netstat.py).
int run_netstat(const options&);
void print_netstat_help();
// `psinfo sensors`: like psutil's scripts/sensors.py.
int run_sensors(const options&);
void print_sensors_help();

// `psinfo process METHOD --pid N`: one psutil.Process method (process_cmd.cpp).
int run_process(const options&);
void print_process_help();
// `psinfo ps`: like psutil's scripts/ps.py.
int run_ps(const options&);
void print_ps_help();
// `psinfo pstree`: like psutil's scripts/pstree.py.
int run_pstree(const options&);
void print_pstree_help();
// `psinfo top`: like psutil's scripts/top.py, live or --once.
int run_top(const options&);
void print_top_help();
// `psinfo iotop`: like psutil's scripts/iotop.py, live or --once.
int run_iotop(const options&);
void print_iotop_help();
// `psinfo pmap --pid N`: like psutil's scripts/pmap.py.
int run_pmap(const options&);
void print_pmap_help();

}  // namespace psinfo_cli
