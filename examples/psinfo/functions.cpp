// psinfo CLI — one entry per library function: its options, its help, and how its result
// becomes a node in psutil's field names and order.
#include "functions.hpp"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <optional>
#include <psinfo/psinfo.hpp>
#include <vector>

#include "json.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

template <class T>
struct field {
  const char* name;
  std::function<node(const T&)> get;
};

// The fields of `all` named in `order`, in that order: each platform's psutil tuple has its
// own fields, and a field of the tuple that the library leaves absent prints as null.
template <class T>
node object_of(const T& v, const std::vector<field<T>>& all,
               std::initializer_list<const char*> order) {
  node out = node::object();
  for (std::string_view name : order)
    for (const field<T>& f : all)
      if (name == f.name) out.add(f.name, f.get(v));
  return out;
}

node opt_number(const std::optional<double>& v, unit u) {
  return node::maybe(v, [u](double x) { return node::number(x, u); });
}
node opt_bytes(const std::optional<std::uint64_t>& v) {
  return node::maybe(v, [](std::uint64_t x) { return node::uinteger(x, unit::bytes); });
}
node opt_count(const std::optional<std::uint64_t>& v) {
  return node::maybe(v, [](std::uint64_t x) { return node::uinteger(x); });
}

// psutil's scputimes. psutil 8's Linux order puts user, system, idle first.
node cpu_times_node(const psinfo::cpu_times_t& t, unit u) {
  using T = psinfo::cpu_times_t;
  auto num = [u](double T::*m) { return [u, m](const T& x) { return node::number(x.*m, u); }; };
  auto opt = [u](std::optional<double> T::*m) {
    return [u, m](const T& x) { return opt_number(x.*m, u); };
  };
  static const std::vector<field<T>> all = {
      {"user", num(&T::user)},           {"system", num(&T::system)},
      {"idle", num(&T::idle)},           {"nice", opt(&T::nice)},
      {"iowait", opt(&T::iowait)},       {"irq", opt(&T::irq)},
      {"softirq", opt(&T::softirq)},     {"steal", opt(&T::steal)},
      {"guest", opt(&T::guest)},         {"guest_nice", opt(&T::guest_nice)},
      {"interrupt", opt(&T::interrupt)}, {"dpc", opt(&T::dpc)},
  };
#if defined(__linux__)
  return object_of(t, all,
                   {"user", "system", "idle", "nice", "iowait", "irq", "softirq", "steal", "guest",
                    "guest_nice"});
#elif defined(_WIN32)
  return object_of(t, all, {"user", "system", "idle", "interrupt", "dpc"});
#elif defined(__APPLE__)
  return object_of(t, all, {"user", "nice", "system", "idle"});
#else  // the BSDs
  return object_of(t, all, {"user", "nice", "system", "idle", "irq"});
#endif
}

node cpu_times_list(const std::vector<psinfo::cpu_times_t>& v, unit u) {
  node out = node::array();
  for (const auto& t : v) out.push(cpu_times_node(t, u));
  return out;
}

node virtual_memory_node(const psinfo::virtual_memory_t& m) {
  using T = psinfo::virtual_memory_t;
  auto b = [](std::uint64_t T::*f) {
    return [f](const T& x) { return node::uinteger(x.*f, unit::bytes); };
  };
  auto ob = [](std::optional<std::uint64_t> T::*f) {
    return [f](const T& x) { return opt_bytes(x.*f); };
  };
  static const std::vector<field<T>> all = {
      {"total", b(&T::total)},
      {"available", b(&T::available)},
      {"percent", [](const T& x) { return node::number(x.percent, unit::percent); }},
      {"used", b(&T::used)},
      {"free", b(&T::free)},
      {"active", ob(&T::active)},
      {"inactive", ob(&T::inactive)},
      {"buffers", ob(&T::buffers)},
      {"cached", ob(&T::cached)},
      {"shared", ob(&T::shared)},
      {"slab", ob(&T::slab)},
      {"wired", ob(&T::wired)},
  };
#if defined(__linux__)
  return object_of(m, all,
                   {"total", "available", "percent", "used", "free", "active", "inactive",
                    "buffers", "cached", "shared", "slab"});
#elif defined(_WIN32)
  return object_of(m, all, {"total", "available", "percent", "used", "free"});
#elif defined(__APPLE__)
  return object_of(
      m, all, {"total", "available", "percent", "used", "free", "active", "inactive", "wired"});
#else  // the BSDs
  return object_of(m, all,
                   {"total", "available", "percent", "used", "free", "active", "inactive",
                    "buffers", "cached", "shared", "wired"});
#endif
}

node swap_memory_node(const psinfo::swap_memory_t& s) {
  return node::object()
      .add("total", node::uinteger(s.total, unit::bytes))
      .add("used", node::uinteger(s.used, unit::bytes))
      .add("free", node::uinteger(s.free, unit::bytes))
      .add("percent", node::number(s.percent, unit::percent))
      .add("sin", opt_bytes(s.sin))
      .add("sout", opt_bytes(s.sout));
}

node cpu_stats_node(const psinfo::cpu_stats_t& s) {
  return node::object()
      .add("ctx_switches", node::uinteger(s.ctx_switches))
      .add("interrupts", node::uinteger(s.interrupts))
      .add("soft_interrupts", opt_count(s.soft_interrupts))
      .add("syscalls", opt_count(s.syscalls));
}

node cpu_freq_node(const psinfo::cpu_freq_t& f) {
  return node::object()
      .add("current", node::number(f.current, unit::mhz))
      .add("min", opt_number(f.min, unit::mhz))
      .add("max", opt_number(f.max, unit::mhz));
}

node user_node(const psinfo::user_t& u) {
  return node::object()
      .add("name", node::string(u.name))
      .add("terminal",
           node::maybe(u.terminal, [](const std::string& s) { return node::string(s); }))
      .add("host", node::string(u.host))
      .add("started", node::number(u.started, unit::timestamp))
      .add("pid", node::maybe(u.pid, [](long p) { return node::integer(p); }));
}

node partition_node(const psinfo::partition_t& p) {
  return node::object()
      .add("device", node::string(p.device))
      .add("mountpoint", node::string(p.mountpoint))
      .add("fstype", node::string(p.fstype))
      .add("opts", node::string(p.opts));
}

node disk_usage_node(const psinfo::disk_usage_t& u) {
  return node::object()
      .add("total", node::uinteger(u.total, unit::bytes))
      .add("used", node::uinteger(u.used, unit::bytes))
      .add("free", node::uinteger(u.free, unit::bytes))
      .add("percent", node::number(u.percent, unit::percent));
}

// psutil's sdiskio: each platform's tuple has its own fields.
node disk_io_node(const psinfo::disk_io_counters_t& d) {
  using T = psinfo::disk_io_counters_t;
  auto n = [](std::uint64_t T::*f, unit u) {
    return [f, u](const T& x) { return node::uinteger(x.*f, u); };
  };
  auto o = [](std::optional<std::uint64_t> T::*f) {
    return [f](const T& x) { return opt_count(x.*f); };
  };
  static const std::vector<field<T>> all = {
      {"read_count", n(&T::read_count, unit::none)},
      {"write_count", n(&T::write_count, unit::none)},
      {"read_bytes", n(&T::read_bytes, unit::bytes)},
      {"write_bytes", n(&T::write_bytes, unit::bytes)},
      {"read_time", o(&T::read_time)},
      {"write_time", o(&T::write_time)},
      {"read_merged_count", o(&T::read_merged_count)},
      {"write_merged_count", o(&T::write_merged_count)},
      {"busy_time", o(&T::busy_time)},
  };
#if defined(__linux__)
  return object_of(d, all,
                   {"read_count", "write_count", "read_bytes", "write_bytes", "read_time",
                    "write_time", "read_merged_count", "write_merged_count", "busy_time"});
#elif defined(_WIN32) || defined(__APPLE__)
  return object_of(
      d, all,
      {"read_count", "write_count", "read_bytes", "write_bytes", "read_time", "write_time"});
#else  // the BSDs
  return object_of(d, all,
                   {"read_count", "write_count", "read_bytes", "write_bytes", "read_time",
                    "write_time", "busy_time"});
#endif
}

node net_io_node(const psinfo::net_io_counters_t& c) {
  return node::object()
      .add("bytes_sent", node::uinteger(c.bytes_sent, unit::bytes))
      .add("bytes_recv", node::uinteger(c.bytes_recv, unit::bytes))
      .add("packets_sent", node::uinteger(c.packets_sent))
      .add("packets_recv", node::uinteger(c.packets_recv))
      .add("errin", node::uinteger(c.errin))
      .add("errout", node::uinteger(c.errout))
      .add("dropin", node::uinteger(c.dropin))
      .add("dropout", node::uinteger(c.dropout));
}

template <class T, class F>
node keyed(const std::map<std::string, T>& m, F make) {
  node out = node::object();
  for (const auto& [key, value] : m) out.add(key, make(value));
  return out;
}

template <class T, class F>
node list_of(const std::vector<T>& v, F make) {
  node out = node::array();
  for (const auto& x : v) out.push(make(x));
  return out;
}

node opt_string(const std::optional<std::string>& s) {
  return node::maybe(s, [](const std::string& x) { return node::string(x); });
}

node net_if_addr_node(const psinfo::net_if_addr_t& a) {
  return node::object()
      .add("family", node::string(psinfo::to_string(a.family)))
      .add("address", opt_string(a.address))
      .add("netmask", opt_string(a.netmask))
      .add("broadcast", opt_string(a.broadcast))
      .add("ptp", opt_string(a.ptp));
}

node net_if_stats_node(const psinfo::net_if_stats_t& s) {
  return node::object()
      .add("isup", node::boolean(s.isup))
      .add("duplex", node::string(psinfo::to_string(s.duplex)))
      .add("speed", node::integer(s.speed))
      .add("mtu", node::integer(s.mtu))
      .add("flags", node::string(s.flags));
}

}  // namespace

node address_node(const std::optional<psinfo::address_t>& a) {
  return node::maybe(a, [](const psinfo::address_t& x) {
    return node::object().add("ip", node::string(x.ip)).add("port", node::integer(x.port));
  });
}

// psutil's sconn. For AF_UNIX psutil puts the path (a string) in laddr and "" in raddr: so
// does the JSON here, so that it reads like psutil's.
node connection_node(const psinfo::connection_t& c) {
  const bool unix_socket = c.family == psinfo::address_family::unix_;
  return node::object()
      .add("fd", node::integer(c.fd))
      .add("family", node::string(psinfo::to_string(c.family)))
      .add("type", node::string(psinfo::to_string(c.type)))
      .add("laddr", unix_socket ? node::string(c.path) : address_node(c.laddr))
      .add("raddr", unix_socket ? node::string("") : address_node(c.raddr))
      .add("status", node::string(c.status))
      .add("pid", node::maybe(c.pid, [](long p) { return node::integer(p); }));
}

namespace {

node temperature_node(const psinfo::sensors_temperature_t& t) {
  return node::object()
      .add("label", node::string(t.label))
      .add("current", node::number(t.current))
      .add("high", opt_number(t.high, unit::none))
      .add("critical", opt_number(t.critical, unit::none));
}

node fan_node(const psinfo::sensors_fan_t& f) {
  return node::object()
      .add("label", node::string(f.label))
      .add("current", node::integer(f.current));
}

node battery_node(const psinfo::sensors_battery_t& b) {
  return node::object()
      .add("percent", node::number(b.percent, unit::percent))
      .add("secsleft", node::integer(b.secsleft))
      .add("power_plugged", node::maybe(b.power_plugged, node::boolean));
}

double interval_of(const options& o) { return o.interval.value_or(default_interval); }

node percent_list(const std::vector<double>& v) {
  node out = node::array();
  for (double x : v) out.push(node::number(x, unit::percent));
  return out;
}

const std::vector<function_info> table = {
    {"cpu_times", opt_percpu, "time spent by the CPUs in each mode, in seconds", "",
     [](const options& o) {
       return o.percpu ? cpu_times_list(psinfo::cpu_times_percpu(), unit::none)
                       : cpu_times_node(psinfo::cpu_times(), unit::none);
     }},
    {"cpu_percent", opt_percpu | opt_interval, "CPU utilisation as a percentage", "",
     [](const options& o) {
       return o.percpu ? percent_list(psinfo::cpu_percent_percpu(interval_of(o)))
                       : node::number(psinfo::cpu_percent(interval_of(o)), unit::percent);
     }},
    {"cpu_times_percent", opt_percpu | opt_interval,
     "percentage of time the CPUs spent in each mode",
     "As psutil does, each mode is divided by max(1 s, the CPU time that passed): over a "
     "short interval the percentages add up to less than 100.",
     [](const options& o) {
       return o.percpu
                  ? cpu_times_list(psinfo::cpu_times_percent_percpu(interval_of(o)), unit::percent)
                  : cpu_times_node(psinfo::cpu_times_percent(interval_of(o)), unit::percent);
     }},
    {"cpu_count", opt_no_logical, "number of logical CPUs (physical cores with --no-logical)",
     "Prints null when it cannot be determined.",
     [](const options& o) {
       return node::maybe(psinfo::cpu_count(o.logical), [](int n) { return node::integer(n); });
     }},
    {"cpu_stats", 0, "context switches, interrupts, soft interrupts, syscalls", "",
     [](const options&) { return cpu_stats_node(psinfo::cpu_stats()); }},
    {"cpu_freq", opt_percpu, "CPU frequency in MHz (current, min, max)",
     "Prints null when no frequency is known (with --percpu: an empty list). min and max "
     "are null where the system does not tell them (no cpufreq in /sys).",
     [](const options& o) {
       if (o.percpu) {
         node out = node::array();
         for (const auto& f : psinfo::cpu_freq_percpu()) out.push(cpu_freq_node(f));
         return out;
       }
       return node::maybe(psinfo::cpu_freq(), cpu_freq_node);
     }},
    {"getloadavg", 0, "load average over 1, 5 and 15 minutes", "",
     [](const options&) {
       node out = node::array();
       for (double x : psinfo::getloadavg()) out.push(node::number(x));
       return out;
     }},
    {"virtual_memory", 0, "memory usage, in bytes", "",
     [](const options&) { return virtual_memory_node(psinfo::virtual_memory()); }},
    {"swap_memory", 0, "swap usage, in bytes", "",
     [](const options&) { return swap_memory_node(psinfo::swap_memory()); }},
    {"boot_time", 0, "system boot time, in seconds since the epoch", "",
     [](const options&) { return node::number(psinfo::boot_time(), unit::timestamp); }},
    {"users", 0, "users logged in",
     "JSON strings are UTF-8; a byte that is not valid UTF-8 is written as \\ufffd.",
     [](const options&) {
       node out = node::array();
       for (const auto& u : psinfo::users()) out.push(user_node(u));
       return out;
     }},
    {"disk_partitions", opt_all, "mounted filesystems (physical ones without --all)",
     "Physical: a device, and a filesystem type /proc/filesystems does not mark nodev.",
     [](const options& o) { return list_of(psinfo::disk_partitions(o.all), partition_node); }},
    {"disk_usage", opt_path, "total, used and free bytes of the filesystem of --path",
     "free is what an unprivileged user may still use; percent = used / (used + free). "
     "A path that does not exist is an error (exit status 1).",
     [](const options& o) { return disk_usage_node(psinfo::disk_usage(*o.path)); }, opt_path},
    {"disk_io_counters", opt_perdisk | opt_no_nowrap, "disk I/O counters since boot",
     "Whole disks summed (partitions left out, as psutil does); null when there is no disk. "
     "Times in milliseconds; bytes are sectors * 512.",
     [](const options& o) {
       if (o.perdisk) return keyed(psinfo::disk_io_counters_perdisk(o.nowrap), disk_io_node);
       return node::maybe(psinfo::disk_io_counters(o.nowrap), disk_io_node);
     },
     0, "disk"},
    {"net_io_counters", opt_pernic | opt_no_nowrap, "network I/O counters since boot",
     "Every interface summed, lo included; null when there is none.",
     [](const options& o) {
       if (o.pernic) return keyed(psinfo::net_io_counters_pernic(o.nowrap), net_io_node);
       return node::maybe(psinfo::net_io_counters(o.nowrap), net_io_node);
     },
     0, "nic"},
    {"net_if_addrs", 0, "addresses of each network interface",
     "family is AF_INET, AF_INET6 or AF_LINK (a MAC address), as psutil names them.",
     [](const options&) {
       return keyed(psinfo::net_if_addrs(), [](const std::vector<psinfo::net_if_addr_t>& v) {
         return list_of(v, net_if_addr_node);
       });
     }},
    {"net_if_stats", 0, "state of each interface (up, duplex, speed, MTU, flags)",
     "isup is true when the interface is running (IFF_RUNNING, as psutil); speed in Mbit/s, "
     "0 when unknown.",
     [](const options&) { return keyed(psinfo::net_if_stats(), net_if_stats_node); }, 0, "nic"},
    {"net_connections", opt_kind, "sockets of the system (--kind K, inet by default)",
     "An address is {\"ip\": ..., \"port\": ...}, null when unbound or unconnected. For unix "
     "sockets laddr is the path (\"\" if none) and raddr is \"\", as in psutil. pid is null "
     "and fd -1 for a socket whose process cannot be seen.",
     [](const options& o) { return list_of(psinfo::net_connections(o.kind), connection_node); }},
    {"sensors_temperatures", opt_fahrenheit, "hardware temperatures, in Celsius",
     "Keyed by chip; high and critical are null when the chip gives none.",
     [](const options& o) {
       return keyed(psinfo::sensors_temperatures(o.fahrenheit),
                    [](const std::vector<psinfo::sensors_temperature_t>& v) {
                      return list_of(v, temperature_node);
                    });
     }},
    {"sensors_fans", 0, "fan speeds, in RPM", "Keyed by chip.",
     [](const options&) {
       return keyed(psinfo::sensors_fans(), [](const std::vector<psinfo::sensors_fan_t>& v) {
         return list_of(v, fan_node);
       });
     }},
    {"sensors_battery", 0, "battery charge, time left, power source (or null)",
     "secsleft in seconds: -1 when unknown (psutil.POWER_TIME_UNKNOWN), -2 when plugged in "
     "(POWER_TIME_UNLIMITED). power_plugged is null when it cannot be determined.",
     [](const options&) { return node::maybe(psinfo::sensors_battery(), battery_node); }},
};

}  // namespace

const std::vector<function_info>& functions() { return table; }

const function_info* find_function(std::string_view name) {
  for (const function_info& f : table)
    if (name == f.name) return &f;
  return nullptr;
}

int run_function(const function_info& f, const options& opts) {
  node result = f.call(opts);
  if (opts.json) {
    fmt::print("{}\n", to_json(result));
  } else {
    fmt::print("{}", to_text(result, opts.percpu ? rows::per_cpu : rows::plain, f.key_label));
  }
  return 0;
}

void print_function_help(const function_info& f) {
  std::string usage = fmt::format("usage: psinfo {}", f.name);
  if (f.accepts & opt_path) usage += (f.requires & opt_path) ? " --path P" : " [--path P]";
  if (f.accepts & opt_percpu) usage += " [--percpu]";
  if (f.accepts & opt_perdisk) usage += " [--perdisk]";
  if (f.accepts & opt_pernic) usage += " [--pernic]";
  if (f.accepts & opt_no_nowrap) usage += " [--no-nowrap]";
  if (f.accepts & opt_all) usage += " [--all]";
  if (f.accepts & opt_kind) usage += " [--kind K]";
  if (f.accepts & opt_fahrenheit) usage += " [--fahrenheit]";
  if (f.accepts & opt_no_logical) usage += " [--no-logical]";
  if (f.accepts & opt_interval) usage += " [--interval S]";
  usage += " [--json]";
  fmt::print("{}\n\n{}: psutil.{}().\n", usage, f.name, f.name);
  if (*f.details) fmt::print("{}", wrap(f.details));
  fmt::print("\n");
  if (f.accepts & opt_path)
    fmt::print("--path P      the file or directory whose filesystem is measured\n");
  if (f.accepts & opt_percpu)
    fmt::print("--percpu      one result per CPU (psutil's percpu=True)\n");
  if (f.accepts & opt_perdisk)
    fmt::print("--perdisk     one result per disk and partition, by name (perdisk=True)\n");
  if (f.accepts & opt_pernic)
    fmt::print("--pernic      one result per interface, keyed by name (pernic=True)\n");
  if (f.accepts & opt_no_nowrap)
    fmt::print(
        "--no-nowrap   the kernel's raw counters (nowrap=False). A one-shot command has\n"
        "              no earlier reading to correct a wrap against: both forms agree.\n");
  if (f.accepts & opt_all)
    fmt::print("--all         every mounted filesystem, pseudo ones included (all=True)\n");
  if (f.accepts & opt_kind) {
    std::string kinds;
    for (const char* k : connection_kinds) kinds += std::string(kinds.empty() ? "" : ", ") + k;
    fmt::print("--kind K      which sockets, psutil's kinds (default inet):\n              {}\n",
               kinds);
  }
  if (f.accepts & opt_fahrenheit)
    fmt::print("--fahrenheit  degrees Fahrenheit instead of Celsius (fahrenheit=True)\n");
  if (f.accepts & opt_no_logical)
    fmt::print("--no-logical  physical cores instead of logical CPUs (logical=False)\n");
  if (f.accepts & opt_interval)
    fmt::print(
        "--interval S  seconds between the two samples compared (default {}).\n"
        "              psutil's interval=None compares with the previous call; a one-shot\n"
        "              command has none, so 0 compares two back-to-back samples (~0.0).\n",
        default_interval);
  fmt::print(
      "--json        print the result as JSON, with psutil's field names and order\n"
      "              (null for a value this system does not have)\n"
      "--help        show this help\n");
}

}  // namespace psinfo_cli
