// psinfo CLI — one entry per library function: its options, its help, and how its result
// becomes a node in psutil's field names and order.
#include "functions.hpp"

#include <fmt/format.h>

#include <functional>
#include <psinfo/psinfo.hpp>

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
     "As psutil does, each mode is divided by max(1 s, the CPU time that passed): over a\n"
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
    {"cpu_stats", 0, "context switches, interrupts, soft interrupts, syscalls since boot", "",
     [](const options&) { return cpu_stats_node(psinfo::cpu_stats()); }},
    {"cpu_freq", opt_percpu, "CPU frequency in MHz (current, min, max)",
     "Prints null when no frequency is known (with --percpu: an empty list). min and max\n"
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
    fmt::print("{}", to_text(result, opts.percpu ? rows::per_cpu : rows::plain));
  }
  return 0;
}

void print_function_help(const function_info& f) {
  std::string usage = fmt::format("usage: psinfo {}", f.name);
  if (f.accepts & opt_percpu) usage += " [--percpu]";
  if (f.accepts & opt_no_logical) usage += " [--no-logical]";
  if (f.accepts & opt_interval) usage += " [--interval S]";
  usage += " [--json]";
  fmt::print("{}\n\n{}: psutil.{}().\n", usage, f.name, f.name);
  if (*f.details) fmt::print("{}\n", f.details);
  fmt::print("\n");
  if (f.accepts & opt_percpu)
    fmt::print("--percpu      one result per CPU (psutil's percpu=True)\n");
  if (f.accepts & opt_no_logical)
    fmt::print("--no-logical  physical cores instead of logical CPUs (logical=False)\n");
  if (f.accepts & opt_interval)
    fmt::print(
        "--interval S  seconds between the two samples compared (default {}). psutil's\n"
        "              interval=None compares with the previous call; a one-shot command has\n"
        "              none, so 0 compares two back-to-back samples (about 0.0).\n",
        default_interval);
  fmt::print(
      "--json        print the result as JSON, with psutil's field names and order (null for\n"
      "              a value this system does not have)\n"
      "--help        show this help\n");
}

}  // namespace psinfo_cli
