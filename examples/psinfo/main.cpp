// psinfo — what psutil tells Python, from the command line.
//
// Exit status: 0 ok; 1 an error from the library (one line on stderr, from what());
// 2 a usage error (one line on stderr and a hint to --help).
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <psinfo/psinfo.hpp>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "functions.hpp"
#include "platform.hpp"

namespace psinfo_cli {

namespace {
const std::vector<command_info> command_table = {
    {"free", 0, "memory and swap in KiB, like psutil's scripts/free.py", run_free, print_free_help},
    {"df", 0, "usage of mounted disks (psutil's scripts/disk_usage.py)", run_df, print_df_help},
    {"ifconfig", 0, "interfaces, counters, addresses (scripts/ifconfig.py)", run_ifconfig,
     print_ifconfig_help},
    {"netstat", opt_kind, "sockets with their process, like `ss -tuanp`", run_netstat,
     print_netstat_help},
    {"sensors", opt_fahrenheit, "temperatures, fans, battery (scripts/sensors.py)", run_sensors,
     print_sensors_help},
    {"process", 0, "one psutil.Process method: process METHOD --pid N", run_process, nullptr},
    {"ps", 0, "every process, like psutil's scripts/ps.py", run_ps, print_ps_help},
    {"pstree", opt_pid, "the process tree (scripts/pstree.py)", run_pstree, print_pstree_help},
    {"top", opt_interval | opt_once, "live view of CPUs, memory, processes (scripts/top.py)",
     run_top, print_top_help},
    {"iotop", opt_interval | opt_once, "live per-process disk I/O (scripts/iotop.py)", run_iotop,
     print_iotop_help},
    {"pmap", opt_pid, "memory maps of a process (scripts/pmap.py)", run_pmap, print_pmap_help},
};
}  // namespace

const std::vector<command_info>& commands() { return command_table; }

const command_info* find_command(std::string_view name) {
  for (const command_info& c : command_table)
    if (name == c.name) return &c;
  return nullptr;
}

namespace {

void print_program_help() {
  fmt::print(
      "usage: psinfo [--help | --version]\n"
      "       psinfo COMMAND [OPTIONS]\n"
      "       psinfo FUNCTION [OPTIONS] [--json]\n"
      "       psinfo process METHOD --pid N [OPTIONS] [--json]\n\n"
      "Without a command: a one-screen overview of CPU, memory, swap, load, uptime,\n"
      "disks, network and users.\n\n"
      "commands:\n");
  for (const command_info& c : commands()) fmt::print("  {:<20} {}\n", c.name, c.summary);
  fmt::print("\nfunctions (psutil's names; --json prints psutil's fields in psutil's order):\n");
  for (const function_info& f : functions()) fmt::print("  {:<20} {}\n", f.name, f.summary);
  fmt::print(
      "\noptions of the functions (each takes the ones psutil's function has):\n"
      "  --percpu --perdisk --pernic --no-nowrap --no-logical --all --fahrenheit\n"
      "  --kind K --path P --interval S --json\n"
      "\n'psinfo COMMAND --help' describes a command's options. cpu_percent and\n"
      "cpu_times_percent measure over --interval seconds, 0.1 by default.\n"
      "JSON: psutil's _asdict() shapes, null for an absent value, floats always with a\n"
      "'.' or exponent, strings UTF-8 (a byte that is not valid UTF-8 becomes \\ufffd).\n"
      "Environment: PSINFO_PROCFS_PATH, PSINFO_SYSFS_PATH read /proc, /sys elsewhere.\n"
      "Exit status: 0 ok, 1 error, 2 usage error.\n");
}

int run(const options& o) {
  if (o.command.empty()) {
    check_options(o, 0);
    if (o.help) {
      print_program_help();
      return 0;
    }
    if (o.version) {
      fmt::print("psinfo {}\n", psinfo::version());
      return 0;
    }
    return run_overview();
  }
  if (const command_info* c = find_command(o.command)) {
    if (!c->help) return c->run(o);  // checks its options and prints its help itself
    check_options(o, c->accepts);
    if (o.help) {
      c->help();
      return 0;
    }
    return c->run(o);
  }
  const function_info* f = find_function(o.command);
  if (!f) throw usage_error("unknown command '" + o.command + "'");
  check_options(o, f->accepts | opt_json);
  if (o.help) {
    print_function_help(*f);
    return 0;
  }
  check_required(o, f->requires);
  return run_function(*f, o);
}

// The --help to point a usage error at: the command's own when argv names a known one.
std::string help_hint(int argc, char** argv) {
  if (argc > 1) {
    std::string cmd = argv[1];
    if (cmd == "process") {
      static const std::string takes_value[] = {"--pid",      "--interval", "--kind", "--memtype",
                                                "--resource", "--attrs",    "--path"};
      for (int i = 2; i < argc; ++i) {
        const std::string prev = argv[i - 1];
        bool is_value = false;
        for (const std::string& v : takes_value) is_value |= prev == v;
        if (argv[i][0] && argv[i][0] != '-' && !is_value)
          return "psinfo process " + std::string(argv[i]) + " --help";
      }
    }
    if (find_command(cmd) || find_function(cmd)) return "psinfo " + cmd + " --help";
  }
  return "psinfo --help";
}

// what() on one line, whatever the library put in it.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace
}  // namespace psinfo_cli

int main(int argc, char** argv_native) {
  using namespace psinfo_cli;
  std::vector<std::string> args = utf8_arguments(argc, argv_native);
  std::vector<char*> argv_utf8;
  for (std::string& a : args) argv_utf8.push_back(&a[0]);
  argv_utf8.push_back(nullptr);
  argc = static_cast<int>(args.size());
  char** argv = argv_utf8.data();
  try {
    int rc = run(parse_args(argc, argv));
    std::fflush(stdout);
    return rc;
  } catch (const usage_error& e) {
    fmt::print(stderr, "psinfo: {} (see '{}')\n", one_line(e.what()), help_hint(argc, argv));
    return 2;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "psinfo: {}\n", one_line(e.what()));
    return 1;
  }
}
