// psinfo CLI — the table: every option, command, psutil function and process method, each
// written once here, with its summary, the options it takes and what it runs. cli.cpp builds
// CLI11's parser and every --help from it.
#include <fmt/format.h>

#include <psinfo/psinfo.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "json.hpp"
#include "metrics.hpp"
#include "proc_nodes.hpp"
#include "process_cmd.hpp"
#include "sys_nodes.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

std::vector<std::string> connection_kinds() {
  return {"inet", "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix", "all"};
}
// psutil's memtypes on Linux: the fields of pmem and pfullmem.
std::vector<std::string> memtypes() {
  return {"rss", "vms", "shared", "text", "data", "uss", "pss", "swap"};
}

// ---- the options ------------------------------------------------------------------------------
// A "(default)" in the help is replaced by the default; without one, it is added at the end.

const option<bool> version{"-V,--version", "print the version and exit"};
const option<bool> json{"--json",
                        "print the result as JSON, with psutil's field names and order (null for "
                        "a value this system does not have)"};
const option<bool> percpu{"--percpu", "one result per CPU (psutil's percpu=True)"};
const option<bool> logical{"!--no-logical",
                           "physical cores instead of logical CPUs (logical=False)", true};
const option<bool> perdisk{"--perdisk",
                           "one result per disk and partition, by name (perdisk=True)"};
const option<bool> pernic{"--pernic", "one result per interface, keyed by name (pernic=True)"};
const option<bool> nowrap{"!--no-nowrap",
                          "the kernel's raw counters (nowrap=False). A one-shot command has no "
                          "earlier reading to correct a wrap against: both forms agree.",
                          true};
const option<bool> all{"--all", "every mounted filesystem, pseudo ones included (all=True)"};
const option<bool> fahrenheit{"--fahrenheit",
                              "degrees Fahrenheit instead of Celsius (fahrenheit=True)"};
const option<double> interval{"--interval", "S",
                              "seconds between the two samples compared (default). psutil's "
                              "interval=None compares with the previous call; a one-shot "
                              "command has none, so 0 compares two back-to-back samples (~0.0).",
                              seconds, "0.1"};
const option<std::string> kind{"--kind", "K",    "which sockets, psutil's kinds",
                               one_of,   "inet", connection_kinds};
const option<std::string> path{"--path", "P", "the file or directory whose filesystem is measured",
                               any_text};
const option<long> pid{"--pid", "N", "the process", pid_number};
const option<bool> grouped{"!--no-grouped,--grouped",
                           "one entry per mapping, with addr and perms (grouped=False); "
                           "--grouped (the default) sums the mappings of each path",
                           true};
const option<bool> recursive{"--recursive", "every descendant, not only the direct children"};
const option<std::string> memtype{"--memtype", "T",   "the memory_full_info field",
                                  one_of,      "rss", memtypes};
const option<long> resource{
    "--resource",
    "R",
    "one of (RLIMIT_ may be left out, any case)",
    [](const option<long>&, std::string_view text) { return parse_resource(text); },
    nullptr,
    rlimit_choices};
const option<bool> once{"--once", "print one frame (measured over --interval) and exit"};
const option<std::string> attrs{"--attrs", "A,B",
                                "psutil's attribute names (e.g. name,cmdline,memory_info; all "
                                "by default); an attribute that is denied, or gone in a zombie, "
                                "is null",
                                [](const option<std::string>&, std::string_view text) {
                                  parse_attrs(text);
                                  return std::string(text);
                                }};

// ---- the three kinds of entries ---------------------------------------------------------------

// A command after one of psutil's scripts: prints its own result.
command cmd(const char* name, const char* summary, const char* about, std::vector<use> uses,
            int (*run)(const options&)) {
  command c{name, summary, "commands", about, std::move(uses), run, {}};
  return c;
}

// How the readable form of a function's result is laid out (text.hpp).
struct layout {
  rows r = rows::plain;
  const char* key_label = "name";
};

// A psutil function, psinfo's of the same name: its result as JSON (--json) or as text.
command fn(const char* name, const char* summary, const char* details, std::vector<use> uses,
           node (*call)(const options&), layout lay = {}) {
  uses.push_back(json);
  auto run = [call, lay](const options& o) {
    const node result = call(o);
    if (o[json])
      fmt::print("{}\n", to_json(result));
    else
      fmt::print("{}", to_text(result, lay.r, lay.key_label));
    return 0;
  };
  command c{name, summary, "functions", details, std::move(uses), run, {}};
  c.intro = [](const command& f) { return fmt::format("{}: psutil.{}().\n", f.name, f.name); };
  return c;
}

// A method of psutil.Process(pid): `psinfo process NAME --pid N`.
using P = psinfo::process;
command method(const char* name, const char* summary, std::vector<use> uses,
               node (*call)(P&, const options&)) {
  uses.insert(uses.begin(), required(pid));
  uses.push_back(json);
  auto run = [call](const options& o) {
    P p(*o[pid]);
    node result = call(p, o);
    if (o[json])
      fmt::print("{}\n", to_json(result));
    else
      fmt::print("{}", method_text(std::move(result)));
    return 0;
  };
  command c{name, summary, "methods", "", std::move(uses), run, {}};
  c.intro = [](const command& m) {
    return fmt::format("psutil.Process(N).{}(): {}.\n", m.name, m.summary);
  };
  return c;
}

node str(const std::string& s) { return node::string(s); }
node integer(long v) { return node::integer(v); }

// ---- the process methods ----------------------------------------------------------------------

std::vector<command> process_methods() {
  return {
      method("ppid", "parent PID", {}, [](P& p, const options&) { return integer(p.ppid()); }),
      method("name", "process name", {}, [](P& p, const options&) { return str(p.name()); }),
      method("exe", "absolute path of the executable (\"\" if unknown)", {},
             [](P& p, const options&) { return str(p.exe()); }),
      method("cmdline", "command line, a list of strings", {},
             [](P& p, const options&) { return list_of(p.cmdline(), str); }),
      method("environ", "environment variables, an object", {},
             [](P& p, const options&) {
               node o = node::object();
               for (const auto& [k, v] : p.environ()) o.add(k, str(v));
               return o;
             }),
      method("create_time", "start time, seconds since the epoch", {},
             [](P& p, const options&) { return node::number(p.create_time(), unit::timestamp); }),
      method("status", "psutil's status string (\"running\", \"sleeping\" ...)", {},
             [](P& p, const options&) { return str(p.status()); }),
      method("cwd", "current working directory", {},
             [](P& p, const options&) { return str(p.cwd()); }),
      method("username", "name of the real user", {},
             [](P& p, const options&) { return str(p.username()); }),
      method("uids", "real, effective, saved user IDs", {},
             [](P& p, const options&) { return pids_node(p.uids()); }),
      method("gids", "real, effective, saved group IDs", {},
             [](P& p, const options&) { return pids_node(p.gids()); }),
      method("terminal", "controlling terminal (null if none)", {},
             [](P& p, const options&) { return node::maybe(p.terminal(), str); }),
      method("nice", "nice value", {}, [](P& p, const options&) { return integer(p.nice()); }),
      method("ionice", "I/O class and priority", {},
             [](P& p, const options&) { return pionice_node(p.ionice()); }),
      method("rlimit", "[soft, hard] limit of --resource (-1: infinity)", {required(resource)},
             [](P& p, const options& o) {
               return rlimit_node(p.rlimit(static_cast<int>(*o[resource])));
             }),
      method("io_counters", "I/O counters", {},
             [](P& p, const options&) { return pio_node(p.io_counters()); }),
      method("num_ctx_switches", "voluntary and involuntary context switches", {},
             [](P& p, const options&) { return pctxsw_node(p.num_ctx_switches()); }),
      method("num_fds", "number of open file descriptors", {},
             [](P& p, const options&) { return integer(p.num_fds()); }),
      method("num_handles", "number of open handles (Windows)", {},
             [](P& p, const options&) { return integer(p.num_handles()); }),
      method("num_threads", "number of threads", {},
             [](P& p, const options&) { return integer(p.num_threads()); }),
      method("threads", "threads with their CPU times", {},
             [](P& p, const options&) { return list_of(p.threads(), pthread_node); }),
      method("cpu_times", "CPU times, seconds", {},
             [](P& p, const options&) { return pcputimes_node(p.cpu_times()); }),
      method("cpu_percent", "CPU utilisation over --interval S", {interval},
             [](P& p, const options& o) {
               return node::number(p.cpu_percent(*o[interval]), unit::percent);
             }),
      method("cpu_num", "the CPU it last ran on", {},
             [](P& p, const options&) {
               return node::maybe(p.cpu_num(), [](int c) { return integer(c); });
             }),
      method("cpu_affinity", "CPUs it may run on", {},
             [](P& p, const options&) { return list_of(p.cpu_affinity(), integer); }),
      method("memory_info", "rss vms shared text data, bytes", {},
             [](P& p, const options&) { return pmem_node(p.memory_info()); }),
      method("memory_full_info", "memory_info plus uss pss swap (reads smaps)", {},
             [](P& p, const options&) { return pfullmem_node(p.memory_full_info()); }),
      method("memory_percent", "--memtype as % of total memory", {memtype},
             [](P& p, const options& o) {
               return node::number(p.memory_percent(*o[memtype]), unit::percent);
             }),
      method("memory_maps", "mapped regions (--no-grouped: one per mapping)", {grouped},
             [](P& p, const options& o) {
               const bool g = o[grouped];
               return list_of(p.memory_maps(g),
                              [g](const psinfo::memory_map_t& m) { return pmmap_node(m, g); });
             }),
      method("page_faults", "minor and major page faults (psutil 8)", {},
             [](P& p, const options&) { return pfaults_node(p.page_faults()); }),
      method("open_files", "regular files open", {},
             [](P& p, const options&) { return list_of(p.open_files(), popenfile_node); }),
      method(
          "net_connections", "sockets (--kind K)", {kind},
          [](P& p, const options& o) { return list_of(p.net_connections(*o[kind]), pconn_node); }),
      method("parent", "parent as {pid, name}, or null", {},
             [](P& p, const options&) { return node::maybe(p.parent(), process_ref_node); }),
      method("parents", "ancestors as {pid, name}, parent first", {},
             [](P& p, const options&) { return list_of(p.parents(), process_ref_node); }),
      method("children", "children as {pid, name} (--recursive: all descendants)", {recursive},
             [](P& p, const options& o) {
               return list_of(p.children(o[recursive]), process_ref_node);
             }),
      method("is_running", "whether it still runs (and is not a reused PID)", {},
             [](P& p, const options&) { return node::boolean(p.is_running()); }),
      method("as_dict", "many attributes at once (--attrs A,B,...)", {attrs},
             [](P& p, const options& o) {
               const auto names = o[attrs];
               const psinfo::attr a = names ? parse_attrs(*names) : psinfo::supported_attrs();
               return info_node(psinfo::as_dict(p, a), a);
             }),
  };
}

// ---- the commands -----------------------------------------------------------------------------

std::vector<command> commands() {
  const char* refresh = "2";  // top and iotop: seconds between frames
  return {
      cmd("free", "memory and swap in KiB, like psutil's scripts/free.py",
          "Memory and swap usage in KiB, like psutil's scripts/free.py: rows Mem and Swap, "
          "columns total used free shared buffers cache (used = total - available). A value "
          "this system does not have prints as \"-\".",
          {}, [](const options&) { return run_free(); }),
      cmd("df", "usage of mounted disks (psutil's scripts/disk_usage.py)",
          "Usage of the mounted physical filesystems (psutil.disk_partitions() and "
          "disk_usage()), like psutil's scripts/disk_usage.py: Device Total Used Free Use% Type "
          "Mount. Sizes in powers of 1024; Free is what an unprivileged user may still use; "
          "Use% is used / (used + free), truncated. A mount that cannot be measured shows "
          "\"-\". In bytes, and every mount: psinfo disk_partitions --all --json, psinfo "
          "disk_usage --path P --json.",
          {}, [](const options&) { return run_df(); }),
      cmd("ifconfig", "interfaces, counters, addresses (scripts/ifconfig.py)",
          "Every network interface, like psutil's scripts/ifconfig.py: its state "
          "(psutil.net_if_stats(): speed in Mbit/s, 0 if unknown; duplex; MTU; up = running; "
          "flags), its incoming and outgoing counters (net_io_counters(pernic=True); bytes in "
          "powers of 1024), and its addresses (net_if_addrs(): IPv4, IPv6, MAC), each with "
          "broadcast, netmask and point-to-point peer where there is one.",
          {}, [](const options&) { return run_ifconfig(); }),
      cmd("netstat", "sockets with their process, like `ss -tuanp`",
          "The system's sockets (psutil.net_connections()), like `ss -tuanp` and psutil's "
          "scripts/netstat.py: Proto Local-Address Remote-Address Status PID Program-name. "
          "Proto is tcp, tcp6, udp, udp6 (u_str, u_dgr, u_seq for unix sockets, whose "
          "Local-Address is their path). \"-\" marks an unbound or unconnected end and a socket "
          "whose process cannot be seen (run as root to see every process's sockets). The "
          "program name is psutil's Process.name(). Sorted by protocol, then local port.",
          {kind}, [](const options& o) { return run_netstat(*o[kind]); }),
      cmd("sensors", "temperatures, fans, battery (scripts/sensors.py)",
          "Hardware sensors, like psutil's scripts/sensors.py: per chip its temperatures "
          "(psutil.sensors_temperatures(): current, high, critical; \"-\" where the chip gives "
          "none) and fans (sensors_fans(), RPM), then the battery (sensors_battery(): charge, "
          "time left, status, power source). A sensor without a label shows the chip's name.",
          {fahrenheit}, [](const options& o) { return run_sensors(o[fahrenheit]); }),
      command{"process",
              "one psutil.Process method: process METHOD --pid N",
              "commands",
              "One method of psutil.Process(N), by psutil's name. JSON has psutil's field names "
              "(the _asdict() of its namedtuples), null for an absent value. rlimit is [soft, "
              "hard] as psutil's tuple; parent, parents and children, which psutil returns as "
              "Process objects, are {\"pid\": N, \"name\": \"...\"} objects. Exit status: 0 ok; "
              "1 no such process, access denied or another error (one line on stderr); 2 a "
              "usage error (no --pid, a --pid that is not a number).",
              {},
              nullptr,
              process_methods(),
              "psinfo process METHOD --pid N [METHOD OPTIONS] [--json]"},
      cmd("ps", "every process, like psutil's scripts/ps.py",
          "Every process, like psutil's scripts/ps.py: USER PID %MEM VSZ RSS NICE STATUS START "
          "TIME CMDLINE. VSZ and RSS in powers of 1024; NICE blank when 0; START the time of "
          "day for a process started today, else month and day; TIME the CPU time as MM:SS (as "
          "ps.py, the hours are left out); CMDLINE the command line, or the name when it is "
          "empty (kernel threads). A value that cannot be read (access denied) is blank. Lines "
          "are cut to COLUMNS or the terminal's width; not cut when the output is not a "
          "terminal.",
          {}, [](const options&) { return run_ps(); }),
      cmd("pstree", "the process tree (scripts/pstree.py)",
          "The process tree, like psutil's scripts/pstree.py: \"PID name\" per process, its "
          "children below it after \"|- \" (the last after \"`_ \"), sorted by PID. The root is "
          "PID 0 (the kernel, whose name is \"?\"), the parent of init and kthreadd; a process "
          "whose parent has exited (Windows keeps the dead parent's PID) is shown under it too.",
          {use(pid, nullptr, "only the tree under process N")},
          [](const options& o) { return run_pstree(o[pid]); }),
      cmd("top", "live view of CPUs, memory, processes (scripts/top.py)",
          "A live view like psutil's scripts/top.py: a bar per CPU, memory and swap, process "
          "counts by status, load average and uptime, then the processes sorted by CPU%: PID "
          "USER NI VIRT RES CPU% MEM% TIME+ NAME. CPU% is over the last interval (can exceed "
          "100 with threads on several CPUs); TIME+ is minutes:seconds.hundredths of CPU time. "
          "q or Ctrl-C quits and restores the terminal. Fits COLUMNS x LINES, or the terminal; "
          "--once into a pipe without LINES lists every process, like `top -b -n 1`.",
          {use(interval, refresh,
               "seconds between refreshes, and the window CPU% is measured over"),
           once},
          [](const options& o) { return run_top(*o[interval], o[once]); }),
      cmd("iotop", "live per-process disk I/O (scripts/iotop.py)",
          "Disk I/O per process, like psutil's scripts/iotop.py: the system's disk read and "
          "write rates, then PID USER DISK READ DISK WRITE COMMAND, per second over the last "
          "interval, busiest first (read_bytes and write_bytes of io_counters()). Only "
          "processes whose I/O counters may be read are listed: all as root, your own "
          "otherwise. q or Ctrl-C quits.",
          {use(interval, refresh,
               "seconds between refreshes, and the window rates are measured over"),
           once},
          [](const options& o) { return run_iotop(*o[interval], o[once]); }),
      cmd("pmap", "memory maps of a process (scripts/pmap.py)",
          "The memory maps of process N, like psutil's scripts/pmap.py: one line per mapping "
          "(psutil's memory_maps(grouped=False)) with its start address, resident size (powers "
          "of 1024), permissions and path, then the total resident size. Reading another "
          "user's maps needs privileges.",
          {required(pid)}, [](const options& o) { return run_pmap(*o[pid]); }),
  };
}

// ---- the functions ----------------------------------------------------------------------------

std::vector<command> functions() {
  return {
      fn("cpu_times", "time spent by the CPUs in each mode, in seconds", "", {percpu},
         [](const options& o) {
           return o[percpu] ? cpu_times_list(psinfo::cpu_times_percpu(), unit::none)
                            : cpu_times_node(psinfo::cpu_times(), unit::none);
         },
         {rows::per_cpu}),
      fn("cpu_percent", "CPU utilisation as a percentage", "", {percpu, interval},
         [](const options& o) {
           const double s = *o[interval];
           return o[percpu] ? percent_list(psinfo::cpu_percent_percpu(s))
                            : node::number(psinfo::cpu_percent(s), unit::percent);
         },
         {rows::per_cpu}),
      fn("cpu_times_percent", "percentage of time the CPUs spent in each mode",
         "As psutil does, each mode is divided by max(1 s, the CPU time that passed): over a "
         "short interval the percentages add up to less than 100.",
         {percpu, interval},
         [](const options& o) {
           const double s = *o[interval];
           return o[percpu] ? cpu_times_list(psinfo::cpu_times_percent_percpu(s), unit::percent)
                            : cpu_times_node(psinfo::cpu_times_percent(s), unit::percent);
         },
         {rows::per_cpu}),
      fn("cpu_count", "number of logical CPUs (physical cores with --no-logical)",
         "Prints null when it cannot be determined.", {logical},
         [](const options& o) {
           return node::maybe(psinfo::cpu_count(o[logical]),
                              [](int n) { return node::integer(n); });
         }),
      fn("cpu_stats", "context switches, interrupts, soft interrupts, syscalls", "", {},
         [](const options&) { return cpu_stats_node(psinfo::cpu_stats()); }),
      fn("cpu_freq", "CPU frequency in MHz (current, min, max)",
         "Prints null when no frequency is known (with --percpu: an empty list). min and max are "
         "null where the system does not tell them (no cpufreq in /sys).",
         {percpu},
         [](const options& o) {
           if (o[percpu]) return list_of(psinfo::cpu_freq_percpu(), cpu_freq_node);
           return node::maybe(psinfo::cpu_freq(), cpu_freq_node);
         },
         {rows::per_cpu}),
      fn("getloadavg", "load average over 1, 5 and 15 minutes", "", {},
         [](const options&) {
           node out = node::array();
           for (double x : psinfo::getloadavg()) out.push(node::number(x));
           return out;
         }),
      fn("virtual_memory", "memory usage, in bytes", "", {},
         [](const options&) { return virtual_memory_node(psinfo::virtual_memory()); }),
      fn("swap_memory", "swap usage, in bytes", "", {},
         [](const options&) { return swap_memory_node(psinfo::swap_memory()); }),
      fn("heap_info", "the C heap of psinfo itself, in bytes", "", {},
         [](const options&) { return heap_info_node(psinfo::heap_info()); }),
      fn("heap_trim", "give psinfo's unused C heap back to the OS", "", {},
         [](const options&) {
           psinfo::heap_trim();
           return node::null();
         }),
      fn("boot_time", "system boot time, in seconds since the epoch", "", {},
         [](const options&) { return node::number(psinfo::boot_time(), unit::timestamp); }),
      fn("users", "users logged in",
         "JSON strings are UTF-8; a byte that is not valid UTF-8 is written as \\ufffd.", {},
         [](const options&) { return list_of(psinfo::users(), user_node); }),
      fn("disk_partitions", "mounted filesystems (physical ones without --all)",
         "Physical: a device, and a filesystem type /proc/filesystems does not mark nodev.", {all},
         [](const options& o) { return list_of(psinfo::disk_partitions(o[all]), partition_node); }),
      fn("disk_usage", "total, used and free bytes of the filesystem of --path",
         "free is what an unprivileged user may still use; percent = used / (used + free). A "
         "path that does not exist is an error (exit status 1).",
         {required(path)},
         [](const options& o) { return disk_usage_node(psinfo::disk_usage(*o[path])); }),
      fn("disk_io_counters", "disk I/O counters since boot",
         "Whole disks summed (partitions left out, as psutil does); null when there is no disk. "
         "Times in milliseconds; bytes are sectors * 512.",
         {perdisk, nowrap},
         [](const options& o) {
           if (o[perdisk]) return keyed(psinfo::disk_io_counters_perdisk(o[nowrap]), disk_io_node);
           return node::maybe(psinfo::disk_io_counters(o[nowrap]), disk_io_node);
         },
         {rows::plain, "disk"}),
      fn("net_io_counters", "network I/O counters since boot",
         "Every interface summed, lo included; null when there is none.", {pernic, nowrap},
         [](const options& o) {
           if (o[pernic]) return keyed(psinfo::net_io_counters_pernic(o[nowrap]), net_io_node);
           return node::maybe(psinfo::net_io_counters(o[nowrap]), net_io_node);
         },
         {rows::plain, "nic"}),
      fn("net_if_addrs", "addresses of each network interface",
         "family is AF_INET, AF_INET6 or AF_LINK (a MAC address), as psutil names them.", {},
         [](const options&) {
           return keyed(psinfo::net_if_addrs(), [](const std::vector<psinfo::net_if_addr_t>& v) {
             return list_of(v, net_if_addr_node);
           });
         }),
      fn("net_if_stats", "state of each interface (up, duplex, speed, MTU, flags)",
         "isup is true when the interface is running (IFF_RUNNING, as psutil); speed in Mbit/s, "
         "0 when unknown.",
         {}, [](const options&) { return keyed(psinfo::net_if_stats(), net_if_stats_node); },
         {rows::plain, "nic"}),
      fn("net_connections", "sockets of the system (--kind K)",
         "An address is {\"ip\": ..., \"port\": ...}, null when unbound or unconnected. For unix "
         "sockets laddr is the path (\"\" if none) and raddr is \"\", as in psutil. pid is null "
         "and fd -1 for a socket whose process cannot be seen.",
         {kind},
         [](const options& o) {
           return list_of(psinfo::net_connections(*o[kind]), connection_node);
         }),
      fn("sensors_temperatures", "hardware temperatures, in Celsius",
         "Keyed by chip; high and critical are null when the chip gives none.", {fahrenheit},
         [](const options& o) {
           return keyed(psinfo::sensors_temperatures(o[fahrenheit]),
                        [](const std::vector<psinfo::sensors_temperature_t>& v) {
                          return list_of(v, temperature_node);
                        });
         }),
      fn("sensors_fans", "fan speeds, in RPM", "Keyed by chip.", {},
         [](const options&) {
           return keyed(psinfo::sensors_fans(), [](const std::vector<psinfo::sensors_fan_t>& v) {
             return list_of(v, fan_node);
           });
         }),
      fn("sensors_battery", "battery charge, time left, power source (or null)",
         "secsleft in seconds: -1 when unknown (psutil.POWER_TIME_UNKNOWN), -2 when plugged in "
         "(POWER_TIME_UNLIMITED). power_plugged is null when it cannot be determined.",
         {}, [](const options&) { return node::maybe(psinfo::sensors_battery(), battery_node); }),
  };
}

}  // namespace

const command& program() {
  static const command root = [] {
    std::vector<command> subs = commands();
    for (command& c : exporter_commands()) subs.push_back(std::move(c));
    for (command& f : functions()) subs.push_back(std::move(f));
    return command{
        "psinfo",
        "",
        "",
        "Without a command: a one-screen overview of CPU, memory, swap, load, uptime, disks, "
        "network and users. A function prints what psutil's function of that name returns: "
        "with --json, psutil's _asdict() shapes, its field names in its order, null for an "
        "absent value, floats always with a '.' or exponent, strings UTF-8 (a byte that is not "
        "valid UTF-8 becomes \\ufffd). cpu_percent and cpu_times_percent measure over "
        "--interval seconds.\n"
        "Environment: PSINFO_PROCFS_PATH, PSINFO_SYSFS_PATH read /proc, /sys elsewhere.\n"
        "Exit status: 0 ok, 1 error, 2 usage error.",
        {version},
        [](const options& o) {
          if (!o[version]) return run_overview();
          fmt::print("psinfo {}\n", psinfo::version());
          return 0;
        },
        std::move(subs),
        "psinfo [--help | --version]\n"
        "       psinfo COMMAND [OPTIONS]\n"
        "       psinfo FUNCTION [OPTIONS] [--json]\n"
        "       psinfo process METHOD --pid N [OPTIONS] [--json]"};
  }();
  return root;
}

}  // namespace psinfo_cli
