// psinfo CLI — the table: every option, command, psutil function and process method, each
// written once here, with its summary, the options it takes and what it runs. cli.cpp builds
// CLI11's parser and every --help from it.
#include <fmt/format.h>

#include <psinfo/psinfo.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "container.hpp"
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
// psutil 8's memtypes on Linux: the fields of pmem, pmem_ex and pfootprint.
std::vector<std::string> memtypes() {
  return {"rss",      "vms",      "shared",    "text", "data",    "peak_rss", "peak_vms",
          "rss_anon", "rss_file", "rss_shmem", "swap", "hugetlb", "uss",      "pss"};
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
const option<std::string> service{"--name", "NAME", "the Windows service, by its key name",
                                  any_text};
const option<bool> grouped{"!--no-grouped,--grouped",
                           "one entry per mapping, with addr and perms (grouped=False); "
                           "--grouped (the default) sums the mappings of each path",
                           true};
const option<bool> recursive{"--recursive", "every descendant, not only the direct children"};
const option<std::string> memtype{
    "--memtype", "T", "the memory_info(_ex) or memory_footprint field", one_of, "rss", memtypes};
const option<long> resource{
    "--resource",
    "R",
    "one of (RLIMIT_ may be left out, any case)",
    [](const option<long>&, std::string_view text) { return parse_resource(text); },
    nullptr,
    rlimit_choices};
const option<std::string> attrs{"--attrs", "A,B",
                                "psutil's attribute names (e.g. name,cmdline,memory_info; all "
                                "by default); an attribute that is denied, or gone in a zombie, "
                                "is null",
                                [](const option<std::string>&, std::string_view text) {
                                  parse_attrs(text);
                                  return std::string(text);
                                }};

// The commands after system tools.
const option<double> refresh{"-d,--interval", "S",
                             "seconds between frames, at least 0.1 (default); the first frame "
                             "comes after 0.2 s",
                             refresh_seconds, "2"};
const option<long> iterations{"-n,--iterations", "N", "N frames, then exit", count_number};
const option<bool> once{"--once",
                        "one frame, its CPU% measured over 0.2 s (over -d S when given), then "
                        "exit; like -n 1"};
const option<bool> batch{"-b,--batch",
                         "frames one after another, every process in each, even on a terminal "
                         "(as top -b; so it is into a pipe)"};
const option<std::string> top_sort{
    "-o,--sort", "KEY", "sort by (default); the keys P, M, T, N switch while it runs",
    one_of,      "cpu", [] {
                                     return std::vector<std::string>{"cpu", "mem", "time", "pid"}; }};
const option<bool> bytes{"-b,--bytes", "in bytes"};
const option<bool> kibi{"-k,--kibi", "in KiB (the default)"};
const option<bool> mebi{"-m,--mebi", "in MiB"};
const option<bool> gibi{"-g,--gibi", "in GiB"};
const option<bool> free_human{"-h,--human",
                              "in human units, 3 digits at most: B, Ki, Mi, Gi, Ti, Pi"};
const option<bool> free_si{"--si", "powers of 1000 instead of 1024 (kB, MB ... with -h)"};
const option<bool> total{"-t,--total", "a Total row: memory and swap together"};
const option<bool> wide{"-w,--wide", "buffers and cache in columns of their own"};
const option<std::string> df_paths{"paths",
                                   "PATH",
                                   "the filesystems that hold these files (every mount "
                                   "without)",
                                   any_text,
                                   nullptr,
                                   nullptr,
                                   true};
const option<bool> df_all{"-a,--all",
                          "every mount, pseudo filesystems too (disk_partitions(all=True)); "
                          "without, the ones psutil calls physical"};
const option<bool> df_human{"-h,--human-readable", "sizes in powers of 1024 (1K, 234M, 2G)"};
const option<bool> df_si{"-H,--si", "sizes in powers of 1000 (1k, 234M, 2G)"};
const option<bool> df_type{"-T,--print-type", "a Type column"};
const option<bool> every{"-e,-A", "every process (also the default without -p, -u, --ppid)"};
const option<std::string> ps_format{"-o,--format",
                                    "LIST",
                                    "these columns, as procps ps names them (-o may be given "
                                    "more than once):",
                                    any_text,
                                    nullptr,
                                    ps_columns,
                                    true};
const option<std::string> ps_pids{
    "-p,--pid", "LIST", "the processes with these PIDs", any_text, nullptr, nullptr, true};
const option<std::string> ps_users{
    "-u,--user", "LIST", "the processes of these users (names or user IDs)", any_text, nullptr,
    nullptr,     true};
const option<std::string> ps_ppids{
    "--ppid", "LIST", "the children of these PIDs", any_text, nullptr, nullptr, true};
const option<std::string> ps_sort{"--sort",
                                  "LIST",
                                  "sort by these columns (-o's names), each ascending, or "
                                  "descending with a leading '-'",
                                  any_text,
                                  nullptr,
                                  nullptr,
                                  true};
const option<bool> heading{"-H,--heading", "a line of column headings"};
const option<bool> count{"-q,--count", "the login names and their number"};
const option<bool> boot{"-b,--boot", "the time of the last system boot"};
const option<bool> pretty{"-p,--pretty", "how long the system has been up, in words"};
const option<bool> since{"-s,--since", "when the system booted, YYYY-MM-DD HH:MM:SS"};

// Process methods that act, and the setters.
const option<long> sig{
    "--signal",
    "SIG",
    "the signal: a name (TERM, SIGHUP ...) or a number",
    [](const option<long>&, std::string_view text) { return parse_signal(text); },
    nullptr,
    signal_choices};
const option<double> timeout{"--timeout", "S", "give up after S seconds (wait forever without)",
                             seconds};
const option<long> nice_value{"--set", "N", "set it to N instead (psutil's nice(N))", nice_number};
const option<std::string> ionice_value{"--set",
                                       "CLASS[,VALUE]",
                                       "set it instead: psutil's ionice(CLASS, VALUE); CLASS is "
                                       "one of (case and the prefix may be left out):",
                                       [](const option<std::string>&, std::string_view text) {
                                         parse_ionice(text);
                                         return std::string(text);
                                       },
                                       nullptr,
                                       ionice_choices};
const option<std::string> rlimit_value{"--set", "SOFT,HARD",
                                       "set it instead (psutil's rlimit(R, (SOFT, HARD))); -1 "
                                       "or infinity for no limit",
                                       [](const option<std::string>&, std::string_view text) {
                                         parse_rlimit(text);
                                         return std::string(text);
                                       }};
const option<std::string> affinity_value{"--set", "CPUS",
                                         "set it instead: a list of CPU numbers (0,1,3), or "
                                         "all (psutil's cpu_affinity([]))",
                                         [](const option<std::string>&, std::string_view text) {
                                           parse_cpus(text);
                                           return std::string(text);
                                         }};
const option<std::string> wait_pids{
    "--pid", "LIST", "the processes (PIDs, more than one)", any_text, nullptr, nullptr, true};
const option<std::string> iter_attrs{"--attrs", "A,B",
                                     "psutil's attribute names (default); an attribute that is "
                                     "denied, or gone in a zombie, is null",
                                     [](const option<std::string>&, std::string_view text) {
                                       parse_attrs(text);
                                       return std::string(text);
                                     },
                                     "pid,name"};

// ---- the three kinds of entries ---------------------------------------------------------------

// A command after one of psutil's scripts: prints its own result.
command cmd(const char* name, const char* summary, const char* about, std::vector<use> uses,
            int (*run)(const options&)) {
  command c{name, summary, "commands", about, std::move(uses), run};
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
    else if (result.k != node::kind::null || result.u != unit::no_result)
      fmt::print("{}", to_text(result, lay.r, lay.key_label));
    return 0;
  };
  command c{name, summary, "functions", details, std::move(uses), run};
  c.intro = [](const command& f) { return fmt::format("{}: psutil.{}().\n", f.name, f.name); };
  return c;
}

// A function of psinfo's own (psutil has none): its result as JSON (--json) or as nested
// `key: value` lines.
command own(const char* name, const char* summary, const char* details, std::vector<use> uses,
            node (*call)(const options&)) {
  uses.push_back(json);
  auto run = [call](const options& o) {
    const node result = call(o);
    fmt::print("{}", o[json] ? to_json(result) + "\n" : nested_text(result));
    return 0;
  };
  command c{name, summary, "functions", details, std::move(uses), run, {}};
  c.intro = [](const command& f) {
    return fmt::format("{}: psinfo::{}(), psinfo's own (psutil has none).\n", f.name, f.name);
  };
  return c;
}

// A method of psutil.Process(pid): `psinfo process NAME --pid N`. A method that returns
// nothing (an action, a setter) prints nothing, or null with --json, as psutil's None.
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
    else if (result.k != node::kind::null || result.u != unit::no_result)
      fmt::print("{}", method_text(std::move(result)));
    return 0;
  };
  command c{name, summary, "methods", "", std::move(uses), run};
  c.intro = [](const command& m) {
    return fmt::format("psutil.Process(N).{}(): {}.\n", m.name, m.summary);
  };
  return c;
}

// A method that acts and takes nothing: it prints nothing (null with --json).
command action(const char* name, const char* summary, void (P::*act)()) {
  command c = method(name, summary, {}, [](P&, const options&) { return node(); });
  c.run = [act](const options& o) {
    P p(*o[pid]);
    (p.*act)();
    if (o[json]) fmt::print("null\n");
    return 0;
  };
  return c;
}

node str(const std::string& s) { return node::string(s); }
node integer(long v) { return node::integer(v); }
// What a method that returns nothing returns.
node nothing() {
  node n;
  n.u = unit::no_result;
  return n;
}

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
      method("cgroup", "its cgroups (psinfo's own), as psinfo cgroup --pid N", {},
             [](P& p, const options&) { return cgroup_node(p.cgroup()); }),
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
      method("nice", "nice value (--set N: set it)", {nice_value},
             [](P& p, const options& o) {
               if (!o.given(nice_value)) return integer(p.nice());
               p.nice(static_cast<int>(*o[nice_value]));
               return nothing();
             }),
      method("ionice", "I/O class and priority (--set C,V: set them)", {ionice_value},
             [](P& p, const options& o) {
               if (!o.given(ionice_value)) return pionice_node(p.ionice());
               const auto [cls, value] = parse_ionice(*o[ionice_value]);
               p.ionice(cls, value);
               return nothing();
             }),
      method("rlimit", "[soft, hard] limit of --resource (-1: none; --set S,H)",
             {required(resource), rlimit_value},
             [](P& p, const options& o) {
               const int r = static_cast<int>(*o[resource]);
               if (!o.given(rlimit_value)) return rlimit_node(p.rlimit(r));
               p.rlimit(r, parse_rlimit(*o[rlimit_value]));
               return nothing();
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
      method("cpu_affinity", "CPUs it may run on (--set CPUS: set them)", {affinity_value},
             [](P& p, const options& o) {
               if (!o.given(affinity_value)) return list_of(p.cpu_affinity(), integer);
               p.cpu_affinity(parse_cpus(*o[affinity_value]));
               return nothing();
             }),
      method("memory_info", "rss vms shared text data, bytes", {},
             [](P& p, const options&) { return pmem_node(p.memory_info()); }),
      method("memory_full_info", "memory_info plus uss pss swap (reads smaps)", {},
             [](P& p, const options&) { return pfullmem_node(p.memory_full_info()); }),
      method("memory_info_ex", "memory_info plus peak_rss ... hugetlb (psutil 8)", {},
             [](P& p, const options&) { return pmem_ex_node(p.memory_info_ex()); }),
      method("memory_footprint", "uss pss swap (psutil 8; reads smaps)", {},
             [](P& p, const options&) { return pfootprint_node(p.memory_footprint()); }),
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
      method("send_signal", "send it signal --signal SIG", {required(sig)},
             [](P& p, const options& o) {
               p.send_signal(static_cast<int>(*o[sig]));
               return nothing();
             }),
      action("suspend", "stop it (SIGSTOP; Windows: suspend its threads)", &P::suspend),
      action("resume", "let it run again (SIGCONT)", &P::resume),
      action("terminate", "ask it to end (SIGTERM; Windows: TerminateProcess)", &P::terminate),
      action("kill", "end it (SIGKILL; Windows: TerminateProcess)", &P::kill),
      method("wait", "wait for it to end (--timeout S); null: not our child", {timeout},
             [](P& p, const options& o) {
               return node::maybe(p.wait(o[timeout]), [](int c) { return integer(c); });
             }),
  };
}

// ---- the commands -----------------------------------------------------------------------------

// top's and iotop's options: the first frame after 0.2 s (or -d S when shorter, or with
// --once), then one every -d S.
top_options top_options_of(const options& o, std::string sort) {
  top_options t;
  t.interval = *o[refresh];
  t.iterations = o[once] ? 1 : o[iterations].value_or(0);
  t.first_wait = o[once] && o.given(refresh) ? t.interval : std::min(t.interval, 0.2);
  t.sort = std::move(sort);
  t.batch = o[batch];
  return t;
}

std::vector<command> commands() {
  return {
      cmd("free", "memory and swap, like procps free",
          "Memory and swap, like procps free: rows Mem and Swap, columns total used free shared "
          "buff/cache available, in KiB (psutil.virtual_memory() and swap_memory(); used = "
          "total - available, buff/cache = buffers + cached, psutil's cached holding "
          "SReclaimable). One unit at most of -b, -k, -m, -g; -h wins over it. A value this "
          "system does not have prints as \"-\".",
          {bytes, kibi, mebi, gibi, free_human, free_si, total, wide},
          [](const options& o) {
            // As procps free: one unit at most; -h wins over it.
            if (o.count(bytes) + o.count(kibi) + o.count(mebi) + o.count(gibi) > 1)
              throw usage_error("one unit at most of -b, -k, -m, -g");
            const int power = o[bytes] ? 0 : o[mebi] ? 2 : o[gibi] ? 3 : 1;
            return run_free({power, o[free_si], o[free_human], o[total], o[wide]});
          }),
      cmd("df", "usage of mounted filesystems, like coreutils df",
          "Usage of the mounted filesystems (psutil.disk_partitions() and disk_usage()), like "
          "coreutils df: Filesystem 1K-blocks Used Available Use% Mounted on. Sizes are rounded "
          "up, as df rounds them; Available is what an unprivileged user may still use; Use% is "
          "used / (used + available), rounded up. With PATHs, the filesystem of each. A mount "
          "that cannot be measured is named on stderr (exit status 1). In bytes: psinfo "
          "disk_usage --path P --json.",
          {df_paths, df_all, df_human, df_si, df_type},
          [](const options& o) {
            return run_df({o.all(df_paths), o[df_all], o[df_human], o[df_si], o[df_type]});
          }),
      cmd("ifconfig", "interfaces, counters, addresses (scripts/ifconfig.py)",
          "Every network interface, like psutil's scripts/ifconfig.py: its state "
          "(psutil.net_if_stats(): speed in Mbit/s, 0 if unknown; duplex; MTU; up = running; "
          "flags), its incoming and outgoing counters (net_io_counters(pernic=True); bytes in "
          "powers of 1024), and its addresses (net_if_addrs(): IPv4, IPv6, MAC), each with "
          "broadcast, netmask and point-to-point peer where there is one.",
          {}, [](const options&) { return run_ifconfig(); }),
      cmd("netstat", "sockets with their process, like `ss -tuanp`",
          "The system's sockets (psutil.net_connections()), like `ss -tuanp` and psutil's "
          "scripts/netstat.py: Proto Recv-Q Send-Q Local-Address Remote-Address Status PID "
          "Program-name. Proto is tcp, tcp6, udp, udp6 (u_str, u_dgr, u_seq for unix sockets, "
          "whose Local-Address is their path). Recv-Q and Send-Q are the bytes queued, as "
          "/proc/net/tcp and udp have them (netstat's; for a listening socket, Recv-Q is the "
          "connections not yet accepted), \"-\" where they are not known (unix sockets, "
          "Windows). \"-\" marks an unbound or unconnected end and a socket whose process "
          "cannot be seen (run as root to see every process's sockets). The program name is "
          "psutil's Process.name(). Sorted by protocol, then local port.",
          {kind}, [](const options& o) { return run_netstat(*o[kind]); }),
      cmd("sensors", "temperatures, fans, battery (scripts/sensors.py)",
          "Hardware sensors, like psutil's scripts/sensors.py: per chip its temperatures "
          "(psutil.sensors_temperatures(): current, high, critical; \"-\" where the chip gives "
          "none) and fans (sensors_fans(), RPM), then the battery (sensors_battery(): charge, "
          "time left, status, power source). A sensor without a label shows the chip's name. "
          "A kind that cannot be read is named on stderr and the others are still shown; the "
          "exit status is 1 only when nothing could be read.",
          {fahrenheit}, [](const options& o) { return run_sensors(o[fahrenheit]); }),
      cmd("who", "users logged in, like who(1)",
          "The users logged in (psutil.users()), like coreutils who: NAME LINE TIME COMMENT, "
          "the time as YYYY-MM-DD HH:MM (Mon DD HH:MM in the C locale, as who), the comment the "
          "remote host in parentheses (psutil reports a local session as \"localhost\": who's "
          "empty comment). -b prints the boot time from psutil.boot_time(), where who reads "
          "the boot record of utmp.",
          {heading, count, boot},
          [](const options& o) {
            return run_who({o[heading], o[count], o[boot]});
          }),
      cmd("uptime", "time, uptime, users and load, like uptime(1)",
          "One line like procps uptime: the time, how long the system has been up "
          "(psutil.boot_time()), the number of users logged in (psutil.users()) and the load "
          "averages over 1, 5 and 15 minutes (psutil.getloadavg()).",
          {pretty, since},
          [](const options& o) {
            return run_uptime({o[pretty], o[since]});
          }),
      command{"process",
              "one psutil.Process method: process METHOD --pid N",
              "commands",
              "One method of psutil.Process(N), by psutil's name. JSON has psutil's field names "
              "(the _asdict() of its namedtuples), null for an absent value. rlimit is [soft, "
              "hard] as psutil's tuple; parent, parents and children, which psutil returns as "
              "Process objects, are {\"pid\": N, \"name\": \"...\"} objects. A method "
              "that returns nothing (an action, a setter: --set) prints nothing, or null with "
              "--json. A command line (cmdline, as_dict) reads back in a shell: each argument "
              "quoted where it needs to be. Exit status: 0 ok; 1 no such process, access denied "
              "or another error (one line on stderr); 2 a usage error (no --pid, a --pid that "
              "is not a number, a value the method refuses).",
              {},
              nullptr,
              process_methods,
              "psinfo process METHOD --pid N [METHOD OPTIONS] [--json]"},
      cmd("ps", "processes, like psutil's scripts/ps.py or procps ps -o",
          "Every process (or those -p, -u, --ppid select), like psutil's scripts/ps.py: USER "
          "PID %MEM VSZ RSS NICE STATUS START TIME CMDLINE. VSZ and RSS in powers of 1024; "
          "NICE blank when 0; START the time of day for a process started today, else month "
          "and day; TIME the process's own CPU time (user + system) as [H:]MM:SS; CMDLINE the "
          "command line, or the name when it is empty (kernel threads). With -o, procps ps's "
          "columns, headers and units (VSZ and RSS in KiB; %CPU the CPU time over the "
          "lifetime; STAT the state letter, then < N l for a high or low priority and "
          "threads). A value that cannot be read (access denied) is blank or \"-\". Lines are "
          "cut to COLUMNS or the terminal's width; not cut when the output is not a terminal. "
          "--json prints psutil's process_iter(attrs) entries for the attributes the columns "
          "need.",
          {every, ps_format, ps_pids, ps_users, ps_ppids, ps_sort, json},
          [](const options& o) {
            ps_options p;
            p.format = o.all(ps_format);
            if (!o[every]) {
              p.pids = o.all(ps_pids);
              p.users = o.all(ps_users);
              p.ppids = o.all(ps_ppids);
            }
            p.sort = o.all(ps_sort);
            p.json = o[json];
            return run_ps(p);
          }),
      cmd("pstree", "the process tree (scripts/pstree.py)",
          "The process tree, like psutil's scripts/pstree.py: \"PID name\" per process, its "
          "children below it after \"|- \" (the last after \"`_ \"), sorted by PID. The root is "
          "PID 0 (the kernel, whose name is \"?\"), the parent of init and kthreadd; a process "
          "whose parent has exited (Windows keeps the dead parent's PID) is shown under it too.",
          {use(pid, nullptr, "only the tree under process N")},
          [](const options& o) { return run_pstree(o[pid]); }),
      cmd("top", "live view of CPUs, memory, processes (scripts/top.py)",
          "A live view like psutil's scripts/top.py: a bar per CPU, memory and swap, process "
          "counts by status, load average and uptime, then the processes: PID USER NI VIRT RES "
          "CPU% MEM% TIME+ NAME, sorted by CPU% (or -o KEY; P, M, T, N while it runs). CPU% "
          "is over the last interval, as stated on the screen (can exceed 100 with threads on "
          "several CPUs); TIME+ is the process's own CPU time (user + system) as "
          "minutes:seconds.hundredths. q or Ctrl-C quits and restores the terminal. Fits "
          "COLUMNS x LINES, or the terminal; into a pipe without LINES it lists every process, "
          "like `top -b`.",
          {refresh, iterations, once, batch, top_sort},
          [](const options& o) { return run_top(top_options_of(o, *o[top_sort])); }),
      cmd("iotop", "live per-process disk I/O (scripts/iotop.py)",
          "Disk I/O per process, like psutil's scripts/iotop.py: the system's disk read and "
          "write rates, then PID USER DISK READ DISK WRITE COMMAND, per second over the last "
          "interval, busiest first (read_bytes and write_bytes of io_counters()). Only "
          "processes whose I/O counters may be read are listed: all as root, your own "
          "otherwise. q or Ctrl-C quits.",
          {refresh, iterations, once, batch},
          [](const options& o) { return run_iotop(top_options_of(o, "")); }),
      cmd("pmap", "memory maps of a process, like pmap -x",
          "The memory maps of process N (psutil's memory_maps(grouped=False)), like procps "
          "pmap -x: the command line, then one line per mapping with its address, size, "
          "resident and dirty kB (shared + private dirty), mode (r w x, s when shared) and the "
          "file's base name ([ anon ] and [ stack ] for mappings without one), then the totals. "
          "Reading another user's maps needs privileges.",
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
           node none;  // psutil's None: no readable output
           none.u = unit::no_result;
           return none;
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
      own("cgroup", "cgroups of a process: limits and usage per controller",
          "version is v1, v2 or hybrid (null: no cgroupfs mounted); paths as /proc/PID/cgroup "
          "gives them, keyed by the v1 controllers or \"unified\". A limit that is not set "
          "(\"max\", -1) is null, as is a value the kernel does not give. Seconds for "
          "quota, period and CPU times; limit in CPUs (the smallest quota/period of the "
          "cgroup and its ancestors); effective_cpus = min(CPUs of the affinity mask, "
          "ceil(limit)); bytes for memory; io keyed by MAJOR:MINOR.",
          {use(pid, nullptr, "the process (default: psinfo itself)")},
          [](const options& o) {
            const std::optional<long> p = o[pid];
            return cgroup_node(p ? psinfo::cgroup(*p) : psinfo::cgroup());
          }),
      own("pressure", "pressure stall information (PSI) of the system",
          "From /proc/pressure: per resource (cpu, memory, io, irq) the some and full lines: "
          "the percentage of time stalled over 10, 60 and 300 s, and the total in "
          "microseconds. null where the kernel has none.",
          {}, [](const options&) { return pressure_node(psinfo::pressure()); }),
      own("cpu_count_effective", "CPUs a thread pool should use (cgroup quota, affinity)",
          "min(CPUs of psinfo's affinity mask, ceil(its cgroup's CPU limit)), as OpenJDK and "
          "Go 1.25 size their pools. null when it cannot be determined.",
          {},
          [](const options&) {
            return node::maybe(psinfo::cpu_count_effective(),
                               [](int n) { return node::integer(n); });
          }),
      own("virtual_memory_effective", "memory capped by the cgroup's limit, in bytes",
          "total = min(host total, the cgroup limit); available = min(host available, what "
          "the cgroup may still use); used = total - available. limit is null (and the rest "
          "virtual_memory's) when no limit applies.",
          {},
          [](const options&) {
            const auto v = psinfo::virtual_memory_effective();
            node o = node::object();
            o.add("total", node::uinteger(v.total, unit::bytes));
            o.add("available", node::uinteger(v.available, unit::bytes));
            o.add("used", node::uinteger(v.used, unit::bytes));
            o.add("percent", node::number(v.percent, unit::percent));
            o.add("limit", node::maybe(v.limit, [](std::uint64_t x) {
                    return node::uinteger(x, unit::bytes);
                  }));
            return o;
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
      fn("pids", "the PIDs of every process, sorted", "", {},
         [](const options&) { return list_of(psinfo::pids(), integer); }),
      fn("pid_exists", "whether process --pid N exists",
         "false for a thread ID that is not also a process's PID, as psutil.", {required(pid)},
         [](const options& o) { return node::boolean(psinfo::pid_exists(*o[pid])); }),
      fn("process_iter", "the attributes --attrs of every process",
         "One entry per process (psutil's [p.info for p in process_iter(attrs)]), sorted by "
         "PID; a process that ends during the scan is left out.",
         {iter_attrs},
         [](const options& o) {
           const psinfo::attr a = parse_attrs(*o[iter_attrs]);
           return list_of(psinfo::process_iter(a),
                          [a](const psinfo::process_info_t& i) { return info_node(i, a); });
         }),
      fn("wait_procs", "wait for processes --pid LIST to end (--timeout S)",
         "gone: the processes that ended, with their returncode (null: not psinfo's child, as "
         "every process named here is); alive: those still running when --timeout ran out. A "
         "PID that names no process is gone at once.",
         {required(wait_pids), timeout},
         [](const options& o) {
           std::vector<P> procs;
           std::vector<long> gone_already;
           for (const std::string& list : o.all(wait_pids))
             for (long n : parse_pid_list(list)) {
               try {
                 procs.emplace_back(n);
               } catch (const psinfo::no_such_process&) {
                 gone_already.push_back(n);
               }
             }
           const auto r = psinfo::wait_procs(std::move(procs), o[timeout]);
           node gone = node::array(), alive = node::array();
           for (long n : gone_already)
             gone.push(node::object().add("pid", integer(n)).add("returncode", node::null()));
           for (const auto& [p, code] : r.gone)
             gone.push(node::object()
                           .add("pid", integer(p.pid()))
                           .add("returncode", node::maybe(code, [](int c) { return integer(c); })));
           for (const P& p : r.alive) alive.push(node::object().add("pid", integer(p.pid())));
           return node::object().add("gone", std::move(gone)).add("alive", std::move(alive));
         }),
      fn("win_service_iter", "the Windows services, each as_dict() (Windows only)",
         "Each service's configuration, status and description (WindowsService.as_dict()); a "
         "service removed while the list is read is left out. Elsewhere: not supported.",
         {},
         [](const options&) {
           node out = node::array();
           for (const psinfo::win_service& s : psinfo::win_service_iter()) {
             try {
               out.push(win_service_node(s.as_dict()));
             } catch (const psinfo::no_such_process&) {
             }
           }
           return out;
         }),
      fn("win_service_get", "one Windows service --name NAME, as_dict() (Windows only)",
         "A name that is no service is an error (exit status 1).", {required(service)},
         [](const options& o) {
           return win_service_node(psinfo::win_service_get(*o[service]).as_dict());
         }),
      fn("sensors_battery", "battery charge, time left, power source (or null)",
         "secsleft in seconds: -1 when unknown (psutil.POWER_TIME_UNKNOWN), -2 when plugged in "
         "(POWER_TIME_UNLIMITED). power_plugged is null when it cannot be determined.",
         {}, [](const options&) { return node::maybe(psinfo::sensors_battery(), battery_node); }),
  };
}

// The root's subcommands: the commands, then the functions.
std::vector<command> commands_and_functions() {
  std::vector<command> subs = commands();
  for (command& c : exporter_commands()) subs.push_back(std::move(c));
  for (command& f : functions()) subs.push_back(std::move(f));
  return subs;
}

}  // namespace

const command& program() {
  static const command root = [] {
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
        commands_and_functions,
        "psinfo [--help | --version]\n"
        "       psinfo COMMAND [OPTIONS]\n"
        "       psinfo FUNCTION [OPTIONS] [--json]\n"
        "       psinfo process METHOD --pid N [OPTIONS] [--json]"};
  }();
  return root;
}

}  // namespace psinfo_cli
