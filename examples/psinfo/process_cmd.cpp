// psinfo CLI — `psinfo process METHOD --pid N [--json]`: one psutil.Process method.
#include <fmt/format.h>

#include <cctype>
#include <psinfo/errors.hpp>
#include <psinfo/process.hpp>
#include <string>
#include <vector>

#include "commands.hpp"
#include "functions.hpp"
#include "json.hpp"
#include "platform.hpp"
#include "proc_nodes.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

struct method_info {
  const char* name;
  unsigned accepts;  // besides --pid and --json
  const char* summary;
  node (*call)(psinfo::process&, const options&);
  unsigned requires = 0;
};

node str(const std::string& s) { return node::string(s); }
node integer(long v) { return node::integer(v); }

template <class T, class F>
node list_of(const std::vector<T>& v, F make) {
  node out = node::array();
  for (const auto& x : v) out.push(make(x));
  return out;
}

// "RLIMIT_NOFILE", "nofile" or "NOFILE" -> RLIMIT_NOFILE; unknown: usage error. Where there
// are no resource limits at all (Windows), the method itself is what is not supported.
int parse_resource(const std::string& text) {
  const std::vector<rlimit_name>& rlimits = rlimit_names();
  if (rlimits.empty()) throw psinfo::not_supported("rlimit: no resource limits on this platform");
  std::string up;
  for (char c : text) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (up.rfind("RLIMIT_", 0) != 0) up = "RLIMIT_" + up;
  for (const rlimit_name& r : rlimits)
    if (up == r.name) return r.value;
  std::string list;
  for (const rlimit_name& r : rlimits) list += std::string(list.empty() ? "" : ", ") + r.name;
  throw usage_error("invalid --resource value '" + text + "': expected one of " + list);
}

// psutil's memtypes on Linux: pmem and pfullmem fields.
const char* const memtypes[] = {"rss", "vms", "shared", "text", "data", "uss", "pss", "swap"};

const std::string& checked_memtype(const std::string& m) {
  for (const char* t : memtypes)
    if (m == t) return m;
  std::string list;
  for (const char* t : memtypes) list += std::string(list.empty() ? "" : ", ") + t;
  throw usage_error("invalid --memtype value '" + m + "': expected one of " + list);
}

psinfo::attr parse_attrs(const std::string& text) {
  std::uint64_t bits = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string name = text.substr(start, comma - start);
    try {
      bits |= static_cast<std::uint64_t>(psinfo::attr_from_string(name));
    } catch (const psinfo::error&) {
      throw usage_error("invalid --attrs value: unknown attribute '" + name + "'");
    }
    start = comma + 1;
  }
  return static_cast<psinfo::attr>(bits);
}

using P = psinfo::process;
const std::vector<method_info> methods = {
    {"ppid", 0, "parent PID", [](P& p, const options&) { return integer(p.ppid()); }},
    {"name", 0, "process name", [](P& p, const options&) { return str(p.name()); }},
    {"exe", 0, "absolute path of the executable (\"\" if unknown)",
     [](P& p, const options&) { return str(p.exe()); }},
    {"cmdline", 0, "command line, a list of strings",
     [](P& p, const options&) { return list_of(p.cmdline(), str); }},
    {"environ", 0, "environment variables, an object",
     [](P& p, const options&) {
       node o = node::object();
       for (const auto& [k, v] : p.environ()) o.add(k, str(v));
       return o;
     }},
    {"create_time", 0, "start time, seconds since the epoch",
     [](P& p, const options&) { return node::number(p.create_time(), unit::timestamp); }},
    {"status", 0, "psutil's status string (\"running\", \"sleeping\" ...)",
     [](P& p, const options&) { return str(p.status()); }},
    {"cwd", 0, "current working directory", [](P& p, const options&) { return str(p.cwd()); }},
    {"username", 0, "name of the real user",
     [](P& p, const options&) { return str(p.username()); }},
    {"uids", 0, "real, effective, saved user IDs",
     [](P& p, const options&) { return pids_node(p.uids()); }},
    {"gids", 0, "real, effective, saved group IDs",
     [](P& p, const options&) { return pids_node(p.gids()); }},
    {"terminal", 0, "controlling terminal (null if none)",
     [](P& p, const options&) { return node::maybe(p.terminal(), str); }},
    {"nice", 0, "nice value", [](P& p, const options&) { return integer(p.nice()); }},
    {"ionice", 0, "I/O class and priority",
     [](P& p, const options&) { return pionice_node(p.ionice()); }},
    {"rlimit", opt_resource, "[soft, hard] limit of --resource (-1: infinity)",
     [](P& p, const options& o) { return rlimit_node(p.rlimit(parse_resource(*o.resource))); },
     opt_resource},
    {"io_counters", 0, "I/O counters",
     [](P& p, const options&) { return pio_node(p.io_counters()); }},
    {"num_ctx_switches", 0, "voluntary and involuntary context switches",
     [](P& p, const options&) { return pctxsw_node(p.num_ctx_switches()); }},
    {"num_fds", 0, "number of open file descriptors",
     [](P& p, const options&) { return integer(p.num_fds()); }},
    {"num_handles", 0, "number of open handles (Windows)",
     [](P& p, const options&) { return integer(p.num_handles()); }},
    {"num_threads", 0, "number of threads",
     [](P& p, const options&) { return integer(p.num_threads()); }},
    {"threads", 0, "threads with their CPU times",
     [](P& p, const options&) { return list_of(p.threads(), pthread_node); }},
    {"cpu_times", 0, "CPU times, seconds",
     [](P& p, const options&) { return pcputimes_node(p.cpu_times()); }},
    {"cpu_percent", opt_interval, "CPU utilisation over --interval S (default 0.1)",
     [](P& p, const options& o) {
       return node::number(p.cpu_percent(o.interval.value_or(default_interval)), unit::percent);
     }},
    {"cpu_num", 0, "the CPU it last ran on",
     [](P& p, const options&) {
       return node::maybe(p.cpu_num(), [](int c) { return integer(c); });
     }},
    {"cpu_affinity", 0, "CPUs it may run on",
     [](P& p, const options&) { return list_of(p.cpu_affinity(), integer); }},
    {"memory_info", 0, "rss vms shared text data, bytes",
     [](P& p, const options&) { return pmem_node(p.memory_info()); }},
    {"memory_full_info", 0, "memory_info plus uss pss swap (reads smaps)",
     [](P& p, const options&) { return pfullmem_node(p.memory_full_info()); }},
    {"memory_percent", opt_memtype, "--memtype (default rss) as % of total memory",
     [](P& p, const options& o) {
       return node::number(p.memory_percent(checked_memtype(o.memtype)), unit::percent);
     }},
    {"memory_maps", opt_grouped, "mapped regions (--no-grouped: one per mapping)",
     [](P& p, const options& o) {
       return list_of(p.memory_maps(o.grouped),
                      [&](const psinfo::memory_map_t& m) { return pmmap_node(m, o.grouped); });
     }},
    {"page_faults", 0, "minor and major page faults (psutil 8)",
     [](P& p, const options&) { return pfaults_node(p.page_faults()); }},
    {"open_files", 0, "regular files open",
     [](P& p, const options&) { return list_of(p.open_files(), popenfile_node); }},
    {"net_connections", opt_kind, "sockets (--kind K, inet by default)",
     [](P& p, const options& o) { return list_of(p.net_connections(o.kind), pconn_node); }},
    {"parent", 0, "parent as {pid, name}, or null",
     [](P& p, const options&) { return node::maybe(p.parent(), process_ref_node); }},
    {"parents", 0, "ancestors as {pid, name}, parent first",
     [](P& p, const options&) { return list_of(p.parents(), process_ref_node); }},
    {"children", opt_recursive, "children as {pid, name} (--recursive: all descendants)",
     [](P& p, const options& o) { return list_of(p.children(o.recursive), process_ref_node); }},
    {"is_running", 0, "whether it still runs (and is not a reused PID)",
     [](P& p, const options&) { return node::boolean(p.is_running()); }},
    {"as_dict", opt_attrs, "many attributes at once (--attrs A,B,...; default all)",
     [](P& p, const options& o) {
       const psinfo::attr attrs = o.attrs ? parse_attrs(*o.attrs) : psinfo::supported_attrs();
       return info_node(psinfo::as_dict(p, attrs), attrs);
     }},
};

const method_info* find_method(const std::string& name) {
  for (const method_info& m : methods)
    if (name == m.name) return &m;
  return nullptr;
}

// The readable form of a value inside an object: `k=v k=v` for an object, `a, b` for a list of
// scalars, JSON for anything deeper (to_text prints one line per field of the top object).
std::string inline_text(const node& n) {
  auto scalar = [](const node& x) {
    if (x.k == node::kind::string) return x.s;
    if (x.k == node::kind::array || x.k == node::kind::object) return to_json(x);
    return to_text(x).substr(0, to_text(x).size() - 1);
  };
  std::string out;
  if (n.k == node::kind::object) {
    for (const auto& [k, v] : n.fields) out += (out.empty() ? "" : " ") + k + "=" + scalar(v);
    return out.empty() ? "{}" : out;
  }
  for (const node& item : n.items) {
    if (item.k == node::kind::array || item.k == node::kind::object) return to_json(n);
    out += (out.empty() ? "" : ", ") + scalar(item);
  }
  return out.empty() ? "[]" : out;
}

// An object whose fields hold objects or lists (as_dict) gets them on one line each.
node flatten_fields(node n) {
  if (n.k != node::kind::object) return n;
  bool nested = false;
  for (const auto& f : n.fields)
    nested |= f.second.k == node::kind::object || f.second.k == node::kind::array;
  if (!nested) return n;
  for (auto& f : n.fields)
    if (f.second.k == node::kind::object || f.second.k == node::kind::array)
      f.second = node::string(inline_text(f.second));
  return n;
}

constexpr unsigned process_options = opt_pid | opt_json | opt_interval | opt_grouped | opt_kind |
                                     opt_recursive | opt_memtype | opt_resource | opt_attrs;

void print_method_help(const method_info& m) {
  std::string usage = fmt::format("usage: psinfo process {} --pid N", m.name);
  if (m.accepts & opt_resource) usage += " --resource NAME";
  if (m.accepts & opt_interval) usage += " [--interval S]";
  if (m.accepts & opt_memtype) usage += " [--memtype T]";
  if (m.accepts & opt_grouped) usage += " [--no-grouped]";
  if (m.accepts & opt_kind) usage += " [--kind K]";
  if (m.accepts & opt_recursive) usage += " [--recursive]";
  if (m.accepts & opt_attrs) usage += " [--attrs A,B]";
  usage += " [--json]";
  fmt::print("{}\n\n{}", usage,
             wrap(fmt::format("psutil.Process(N).{}(): {}.", m.name, m.summary)));
  fmt::print("\n--pid N       the process\n");
  if (m.accepts & opt_resource) {
    std::string names;
    for (const rlimit_name& r : rlimit_names())
      names += std::string(names.empty() ? "" : " ") + r.name;
    if (names.empty())
      fmt::print("--resource R  (this platform has no resource limits)\n");
    else {
      // Under the option's text: wrapped to the width left after the 14-column indent.
      std::string list;
      const std::string wrapped = wrap(names, 79 - 14);
      for (size_t at = 0; at < wrapped.size();) {
        const size_t nl = wrapped.find('\n', at);
        list += std::string(14, ' ') + wrapped.substr(at, nl - at) + '\n';
        at = nl == std::string::npos ? wrapped.size() : nl + 1;
      }
      fmt::print("--resource R  one of (RLIMIT_ may be left out, any case):\n{}", list);
    }
  }
  if (m.accepts & opt_interval)
    fmt::print("--interval S  seconds between the two samples compared (default {})\n",
               default_interval);
  if (m.accepts & opt_memtype)
    fmt::print("--memtype T   rss vms shared text data uss pss swap (default rss)\n");
  if (m.accepts & opt_grouped)
    fmt::print(
        "--no-grouped  one entry per mapping, with addr and perms (grouped=False);\n"
        "              --grouped (the default) sums the mappings of each path\n");
  if (m.accepts & opt_kind)
    fmt::print("--kind K      inet inet4 inet6 tcp tcp4 tcp6 udp udp4 udp6 unix all\n");
  if (m.accepts & opt_recursive)
    fmt::print("--recursive   every descendant, not only the direct children\n");
  if (m.accepts & opt_attrs)
    fmt::print(
        "--attrs A,B   psutil's attribute names (e.g. name,cmdline,memory_info); an\n"
        "              attribute that is denied, or gone in a zombie, is null\n");
  fmt::print(
      "--json        print the result as JSON, with psutil's field names\n"
      "--help        show this help\n");
}

}  // namespace

void print_process_help() {
  fmt::print(
      "usage: psinfo process METHOD --pid N [METHOD OPTIONS] [--json]\n\n{}\nmethods:\n",
      wrap("One method of psutil.Process(N), by psutil's name. JSON has psutil's field names "
           "(the _asdict() of its namedtuples), null for an absent value. rlimit is "
           "[soft, hard] as psutil's tuple; parent, parents and children, which psutil "
           "returns as Process objects, are {\"pid\": N, \"name\": \"...\"} objects. Exit "
           "status: 0 ok; 1 no such process, access denied or another error (one line on "
           "stderr); 2 a usage error (no --pid, a --pid that is not a number)."));
  for (const method_info& m : methods) fmt::print("  {:<17} {}\n", m.name, m.summary);
  fmt::print("\n'psinfo process METHOD --help' tells the options of one method.\n");
}

int run_process(const options& o) {
  if (o.method.empty()) {
    if (o.help) {
      check_options(o, process_options);
      print_process_help();
      return 0;
    }
    throw usage_error("'process' needs a METHOD, e.g. 'psinfo process name --pid 1'");
  }
  const method_info* m = find_method(o.method);
  if (!m) throw usage_error("unknown process method '" + o.method + "'");
  options scoped = o;
  scoped.command = "process " + o.method;
  check_options(scoped, m->accepts | opt_pid | opt_json);
  if (o.help) {
    print_method_help(*m);
    return 0;
  }
  check_required(scoped, m->requires | opt_pid);
  // Command-line mistakes first, before the process is looked at.
  if (o.resource) parse_resource(*o.resource);
  if (o.given & opt_memtype) checked_memtype(o.memtype);
  if (o.attrs) parse_attrs(*o.attrs);
  psinfo::process p(*o.pid);
  node result = m->call(p, o);
  if (o.json)
    fmt::print("{}\n", to_json(result));
  else
    fmt::print("{}", to_text(flatten_fields(std::move(result))));
  return 0;
}

}  // namespace psinfo_cli
