// psinfo CLI — `psinfo ps`: psutil's scripts/ps.py by default, or the columns of procps ps
// named with -o; processes chosen with -p, -u, --ppid (every process otherwise, as -e), sorted
// with --sort; --json prints psutil's process_iter(attrs) entries for the columns' attributes.
#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <functional>
#include <optional>
#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <psinfo/memory.hpp>
#include <psinfo/process.hpp>
#include <string>
#include <vector>

#include "cli.hpp"
#include "commands.hpp"
#include "json.hpp"
#include "platform.hpp"
#include "proc_nodes.hpp"
#include "term.hpp"
#include "text.hpp"
#include "values.hpp"

namespace psinfo_cli {

namespace {

using info = psinfo::process_info_t;
using psinfo::attr;

// What every cell may need besides the process.
struct context {
  std::time_t now = 0;
  double now_exact = 0;            // seconds since the epoch
  std::uint64_t total_memory = 0;  // bytes
  double boot_time = 0;            // psinfo::boot_time(), when %CPU is wanted
  std::optional<double> uptime;    // seconds since boot, when the OS tells it
};

// A value to sort by: a number, or text when the column is text.
struct sort_value {
  double number = 0;
  std::string text;
  bool operator<(const sort_value& o) const {
    return number != o.number ? number < o.number : text < o.text;
  }
};

struct column {
  const char* key;     // the -o name (and --sort's)
  const char* header;  // procps's header
  bool left;           // left-aligned (text)
  attr needs;
  std::string (*cell)(const info&, const context&);
  sort_value (*order)(const info&, const context&);
};

double own_cpu(const info& p) { return p.cpu_times ? p.cpu_times->user + p.cpu_times->system : 0; }

// procps's TIME: [DD-]HH:MM:SS of the process's own CPU time.
std::string cpu_clock(double seconds) {
  const auto t = static_cast<long>(seconds);
  const long dd = t / 86400, hh = t / 3600 % 24, mm = t / 60 % 60, ss = t % 60;
  if (dd) return fmt::format(FMT_COMPILE("{}-{:02}:{:02}:{:02}"), dd, hh, mm, ss);
  return fmt::format(FMT_COMPILE("{:02}:{:02}:{:02}"), hh, mm, ss);
}

// procps's ELAPSED: [[DD-]HH:]MM:SS.
std::string elapsed(long t) {
  const long dd = t / 86400, hh = t / 3600 % 24, mm = t / 60 % 60, ss = t % 60;
  if (dd) return fmt::format(FMT_COMPILE("{}-{:02}:{:02}:{:02}"), dd, hh, mm, ss);
  if (hh) return fmt::format(FMT_COMPILE("{:02}:{:02}:{:02}"), hh, mm, ss);
  return fmt::format(FMT_COMPILE("{:02}:{:02}"), mm, ss);
}

long age(const info& p, const context& c) {
  if (!p.create_time) return 0;
  return std::max(0L, static_cast<long>(c.now - static_cast<std::time_t>(*p.create_time)));
}

// The kernel's one-letter state from psutil's status string.
char state_letter(const std::string& status) {
  static const std::pair<const char*, char> letters[] = {
      {"running", 'R'},      {"sleeping", 'S'}, {"disk-sleep", 'D'}, {"stopped", 'T'},
      {"tracing-stop", 't'}, {"zombie", 'Z'},   {"dead", 'X'},       {"wake-kill", 'K'},
      {"waking", 'W'},       {"idle", 'I'},     {"parked", 'P'},     {"locked", 'L'},
      {"waiting", 'W'},      {"suspended", 'T'}};
  for (const auto& [name, letter] : letters)
    if (status == name) return letter;
  return '?';
}

std::string number(long long v) {
  char buf[24];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}
sort_value by(double v) { return {v, {}}; }
sort_value by(std::string s) { return {0, std::move(s)}; }

std::string joined(const info& p) {
  std::string out;
  if (p.cmdline)
    for (const std::string& a : *p.cmdline) out += (out.empty() ? "" : " ") + a;
  return out;
}

// procps's CMD/COMMAND: the command line, or the name in brackets (a kernel thread), a
// newline as a blank and other control characters as '?', as procps shows them.
std::string command_line(const info& p) {
  std::string s = joined(p);
  if (s.empty()) s = "[" + p.name.value_or("?") + "]";
  if (p.status && *p.status == "zombie") s += " <defunct>";
  for (char& c : s)
    if (c == '\n') c = ' ';
  return printable(s);
}

std::string terminal(const info& p) {
  if (!p.terminal) return "?";
  const std::string& t = *p.terminal;
  return t.rfind("/dev/", 0) == 0 ? t.substr(5) : t;
}

std::string user(const info& p) {
  if (p.username) return *p.username;
  return p.uids ? number(p.uids->effective) : "?";
}

// procps's %CPU: CPU time (whole milliseconds) over the time since the process started, in
// tenths, truncated.
double pcpu(const info& p, const context& c) {
  if (!p.create_time) return 0;
  // create_time - boot_time is the start since boot, exact (boot_time is whole seconds).
  const double secs =
      c.uptime ? *c.uptime - (*p.create_time - c.boot_time) : c.now_exact - *p.create_time;
  if (secs <= 0) return 0;
  return std::floor(std::floor(own_cpu(p) * 1000 + 1e-6) / secs) / 10;
}
// procps's %MEM: resident KiB over total KiB, in tenths, truncated.
double pmem(const info& p, const context& c) {
  if (!p.memory_info || c.total_memory == 0) return 0;
  return static_cast<double>(p.memory_info->rss / 1024 * 1000 / (c.total_memory / 1024)) / 10;
}

// procps's STARTED: HH:MM:SS within a day, else "Mon DD".
std::string started(const info& p, const context& c) {
  if (!p.create_time) return "?";
  const auto t = static_cast<std::time_t>(*p.create_time);
  std::tm tm{};
  if (!to_local_tm(t, tm)) return "?";
  char buf[16];
  std::strftime(buf, sizeof buf, t + 86400 > c.now ? "%H:%M:%S" : "%b %d", &tm);
  return buf;
}

// ps.py's START (procps's STIME): HH:MM today, else MonDD.
std::string start_day(const info& p, const context& c) {
  if (!p.create_time) return "";
  const auto t = static_cast<std::time_t>(*p.create_time);
  // Processes start in bursts (a boot, a build): the last second's answer is kept.
  thread_local std::time_t last = -1;
  thread_local std::string last_text;
  if (t == last) return last_text;
  std::tm then{}, today{};
  if (!to_local_tm(t, then) || !to_local_tm(c.now, today)) return "";
  const bool same_day = then.tm_year == today.tm_year && then.tm_yday == today.tm_yday;
  char buf[16];
  std::strftime(buf, sizeof buf, same_day ? "%H:%M" : "%b%d", &then);
  last = t;
  last_text = buf;
  return last_text;
}

// procps's STAT: the state letter, then < (high priority), N (low priority), l (threads).
std::string stat_flags(const info& p) {
  std::string s(1, state_letter(p.status.value_or("?")));
  if (p.nice && *p.nice < 0) s += '<';
  if (p.nice && *p.nice > 0) s += 'N';
  if (p.num_threads && *p.num_threads > 1) s += 'l';
  return s;
}

const attr times = attr::cpu_times | attr::create_time;

// The columns -o takes: procps's names (some with their aliases) and headers.
const std::vector<column>& columns() {
  static const std::vector<column> all = {
      {"pid", "PID", false, attr::pid, [](const info& p, const context&) { return number(p.pid); },
       [](const info& p, const context&) { return by(static_cast<double>(p.pid)); }},
      {"ppid", "PPID", false, attr::ppid,
       [](const info& p, const context&) { return p.ppid ? number(*p.ppid) : "?"; },
       [](const info& p, const context&) { return by(static_cast<double>(p.ppid.value_or(-1))); }},
      {"user", "USER", true, attr::username | attr::uids,
       [](const info& p, const context&) { return user(p); },
       [](const info& p, const context&) { return by(user(p)); }},
      {"uid", "UID", false, attr::uids,
       [](const info& p, const context&) { return p.uids ? number(p.uids->effective) : "?"; },
       [](const info& p, const context&) {
         return by(p.uids ? static_cast<double>(p.uids->effective) : -1.0);
       }},
      {"%cpu", "%CPU", false, times,
       [](const info& p, const context& c) {
         return fmt::format(FMT_COMPILE("{:.1f}"), pcpu(p, c));
       },
       [](const info& p, const context& c) { return by(pcpu(p, c)); }},
      {"%mem", "%MEM", false, attr::memory_info,
       [](const info& p, const context& c) {
         return fmt::format(FMT_COMPILE("{:.1f}"), pmem(p, c));
       },
       [](const info& p, const context& c) { return by(pmem(p, c)); }},
      {"vsz", "VSZ", false, attr::memory_info,
       [](const info& p, const context&) {
         return p.memory_info ? number(static_cast<long long>(p.memory_info->vms / 1024)) : "-";
       },
       [](const info& p, const context&) {
         return by(p.memory_info ? static_cast<double>(p.memory_info->vms) : -1.0);
       }},
      {"rss", "RSS", false, attr::memory_info,
       [](const info& p, const context&) {
         return p.memory_info ? number(static_cast<long long>(p.memory_info->rss / 1024)) : "-";
       },
       [](const info& p, const context&) {
         return by(p.memory_info ? static_cast<double>(p.memory_info->rss) : -1.0);
       }},
      {"tty", "TT", true, attr::terminal, [](const info& p, const context&) { return terminal(p); },
       [](const info& p, const context&) { return by(terminal(p)); }},
      {"stat", "STAT", true, attr::status | attr::nice | attr::num_threads,
       [](const info& p, const context&) { return stat_flags(p); },
       [](const info& p, const context&) { return by(stat_flags(p)); }},
      {"s", "S", true, attr::status,
       [](const info& p, const context&) {
         return std::string(1, state_letter(p.status.value_or("?")));
       },
       [](const info& p, const context&) { return by(p.status.value_or("")); }},
      {"start", "STARTED", false, attr::create_time,
       [](const info& p, const context& c) { return started(p, c); },
       [](const info& p, const context&) { return by(p.create_time.value_or(0)); }},
      {"stime", "STIME", true, attr::create_time,
       [](const info& p, const context& c) { return start_day(p, c); },
       [](const info& p, const context&) { return by(p.create_time.value_or(0)); }},
      {"time", "TIME", false, attr::cpu_times,
       [](const info& p, const context&) { return cpu_clock(own_cpu(p)); },
       [](const info& p, const context&) { return by(own_cpu(p)); }},
      {"etime", "ELAPSED", false, attr::create_time,
       [](const info& p, const context& c) { return elapsed(age(p, c)); },
       [](const info& p, const context& c) { return by(static_cast<double>(age(p, c))); }},
      {"nice", "NI", false, attr::nice,
       [](const info& p, const context&) { return p.nice ? number(*p.nice) : "-"; },
       [](const info& p, const context&) { return by(static_cast<double>(p.nice.value_or(0))); }},
      {"nlwp", "NLWP", false, attr::num_threads,
       [](const info& p, const context&) { return p.num_threads ? number(*p.num_threads) : "-"; },
       [](const info& p, const context&) {
         return by(static_cast<double>(p.num_threads.value_or(0)));
       }},
      {"psr", "PSR", false, attr::cpu_num,
       [](const info& p, const context&) { return p.cpu_num ? number(*p.cpu_num) : "-"; },
       [](const info& p, const context&) {
         return by(static_cast<double>(p.cpu_num.value_or(-1)));
       }},
      {"comm", "COMMAND", true, attr::name,
       [](const info& p, const context&) { return printable(p.name.value_or("?")); },
       [](const info& p, const context&) { return by(p.name.value_or("")); }},
      {"args", "COMMAND", true, attr::cmdline | attr::name | attr::status,
       [](const info& p, const context&) { return command_line(p); },
       [](const info& p, const context&) { return by(command_line(p)); }},
      {"cmd", "CMD", true, attr::cmdline | attr::name | attr::status,
       [](const info& p, const context&) { return command_line(p); },
       [](const info& p, const context&) { return by(command_line(p)); }},
  };
  return all;
}

// procps's other names for the same columns.
const std::pair<const char*, const char*> aliases[] = {
    {"pcpu", "%cpu"},        {"pmem", "%mem"},    {"vsize", "vsz"},    {"rssize", "rss"},
    {"rsz", "rss"},          {"tt", "tty"},       {"tname", "tty"},    {"state", "s"},
    {"cputime", "time"},     {"ni", "nice"},      {"thcount", "nlwp"}, {"ucomm", "comm"},
    {"ucmd", "comm"},        {"command", "args"}, {"euid", "uid"},     {"euser", "user"},
    {"start_time", "stime"}, {"lwp", "pid"}};

// ps.py's layout, the default: human sizes, NICE blank when 0, the state's name, START as
// ps.py, TIME as [H:]MM:SS, the command line (the name for a kernel thread).
const std::vector<column>& default_columns() {
  static const std::vector<column> all = {
      {"user", "USER", true, attr::username | attr::uids,
       [](const info& p, const context&) { return user(p); }, nullptr},
      {"pid", "PID", false, attr::pid, [](const info& p, const context&) { return number(p.pid); },
       nullptr},
      {"%mem", "%MEM", false, attr::memory_percent,
       [](const info& p, const context&) {
         return p.memory_percent ? fmt::format(FMT_COMPILE("{:.1f}"), *p.memory_percent) : "";
       },
       nullptr},
      {"vsz", "VSZ", false, attr::memory_info,
       [](const info& p, const context&) {
         return p.memory_info ? bytes2human(p.memory_info->vms) : "";
       },
       nullptr},
      {"rss", "RSS", false, attr::memory_info,
       [](const info& p, const context&) {
         return p.memory_info ? bytes2human(p.memory_info->rss) : "";
       },
       nullptr},
      {"nice", "NICE", false, attr::nice,
       [](const info& p, const context&) {
         return p.nice && *p.nice ? number(*p.nice) : std::string();
       },
       nullptr},
      {"status", "STATUS", true, attr::status,
       [](const info& p, const context&) { return p.status.value_or(""); }, nullptr},
      {"stime", "START", false, attr::create_time,
       [](const info& p, const context& c) { return start_day(p, c); }, nullptr},
      {"time", "TIME", false, attr::cpu_times,
       [](const info& p, const context&) -> std::string {
         if (!p.cpu_times) return "";
         const auto s = static_cast<long>(own_cpu(p));
         if (s >= 3600)
           return fmt::format(FMT_COMPILE("{}:{:02}:{:02}"), s / 3600, s / 60 % 60, s % 60);
         return fmt::format(FMT_COMPILE("{:02}:{:02}"), s / 60, s % 60);
       },
       nullptr},
      {"cmdline", "CMDLINE", true, attr::cmdline | attr::name,
       [](const info& p, const context&) {
         std::string s = joined(p);
         return printable(s.empty() ? p.name.value_or("") : s);
       },
       nullptr},
  };
  return all;
}

const column& column_named(std::string_view name) {
  for (const auto& [alias, key] : aliases)
    if (name == alias) name = key;
  for (const column& c : columns())
    if (name == c.key) return c;
  throw not_one_of(name, ps_columns());
}

std::vector<std::string> split_list(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    size_t at = 0;
    while (at <= v.size()) {
      size_t end = v.find_first_of(", ", at);
      if (end == std::string::npos) end = v.size();
      if (end > at) out.push_back(v.substr(at, end - at));
      at = end + 1;
    }
  }
  return out;
}

long as_number(const std::string& s, const char* what) {
  long v = 0;
  if (!parse_pid(s, v)) throw usage_error(fmt::format("invalid {} '{}'", what, s));
  return v;
}

struct selection {
  std::vector<long> pids, ppids;
  std::vector<std::string> users;
  bool any() const { return !pids.empty() || !ppids.empty() || !users.empty(); }
  bool wants(const info& p) const {
    if (!any()) return true;
    if (std::find(pids.begin(), pids.end(), p.pid) != pids.end()) return true;
    if (p.ppid && std::find(ppids.begin(), ppids.end(), *p.ppid) != ppids.end()) return true;
    for (const std::string& u : users) {
      // A Windows name is DOMAIN\user: the user alone matches too.
      if (p.username && (*p.username == u ||
                         (p.username->size() > u.size() &&
                          p.username->compare(p.username->size() - u.size(), u.size(), u) == 0 &&
                          (*p.username)[p.username->size() - u.size() - 1] == '\\')))
        return true;
      if (p.uids && (u == number(p.uids->effective) || u == number(p.uids->real))) return true;
    }
    return false;
  }
};

}  // namespace

std::vector<std::string> ps_columns() {
  std::vector<std::string> out;
  for (const column& c : columns()) out.emplace_back(c.key);
  return out;
}

int run_ps(const ps_options& o) {
  // The columns, and the attributes they need.
  std::vector<const column*> cols;
  if (o.format.empty()) {
    for (const column& c : default_columns()) cols.push_back(&c);
  } else {
    for (const std::string& name : split_list(o.format)) cols.push_back(&column_named(name));
  }
  struct sort_key {
    const column* col;
    bool descending;
  };
  std::vector<sort_key> keys;
  for (std::string k : split_list(o.sort)) {
    bool descending = false;
    if (!k.empty() && (k[0] == '-' || k[0] == '+')) {
      descending = k[0] == '-';
      k.erase(0, 1);
    }
    keys.push_back({&column_named(k), descending});
  }
  selection sel;
  for (const std::string& s : split_list(o.pids)) sel.pids.push_back(as_number(s, "process ID"));
  for (const std::string& s : split_list(o.ppids))
    sel.ppids.push_back(as_number(s, "parent process ID"));
  sel.users = split_list(o.users);

  attr want = attr::pid;
  for (const column* c : cols) want = want | c->needs;
  for (const sort_key& k : keys) want = want | k.col->needs;
  if (!sel.ppids.empty()) want = want | attr::ppid;
  if (!sel.users.empty()) want = want | attr::username | attr::uids;

  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  context ctx;
  ctx.now = std::time(nullptr);
  ctx.now_exact = std::chrono::duration<double>(since_epoch).count();
  if (has(want, attr::memory_info) && !o.format.empty())
    ctx.total_memory = psinfo::virtual_memory().total;
  if (has(want, attr::cpu_times) && has(want, attr::create_time)) {
    ctx.boot_time = psinfo::boot_time();
    ctx.uptime = seconds_since_boot();
  }
  std::vector<info> procs = psinfo::process_iter(want);
  if (sel.any())
    procs.erase(
        std::remove_if(procs.begin(), procs.end(), [&](const info& p) { return !sel.wants(p); }),
        procs.end());
  if (!keys.empty()) {
    // Each key's value once per process, then a stable sort on them.
    std::vector<std::pair<std::vector<sort_value>, size_t>> order(procs.size());
    for (size_t i = 0; i < procs.size(); ++i) {
      order[i].second = i;
      for (const sort_key& k : keys) order[i].first.push_back(k.col->order(procs[i], ctx));
    }
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
      for (size_t k = 0; k < keys.size(); ++k) {
        if (a.first[k] < b.first[k]) return !keys[k].descending;
        if (b.first[k] < a.first[k]) return keys[k].descending;
      }
      return false;
    });
    std::vector<info> sorted;
    sorted.reserve(procs.size());
    for (const auto& e : order) sorted.push_back(std::move(procs[e.second]));
    procs = std::move(sorted);
  }

  if (o.json) {
    node out = node::array();
    for (const info& p : procs) out.push(info_node(p, want));
    fmt::print("{}\n", to_json(out));
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  rows.reserve(procs.size() + 1);
  std::vector<bool> left;
  rows.emplace_back();
  for (const column* c : cols) {
    rows.back().emplace_back(c->header);
    left.push_back(c->left);
  }
  for (const info& p : procs) {
    std::vector<std::string> r;
    r.reserve(cols.size());
    for (const column* c : cols) r.push_back(c->cell(p, ctx));
    rows.push_back(std::move(r));
  }
  const std::string text = aligned(rows, left);
  const int width = output_columns();
  if (width <= 0) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const size_t nl = text.find('\n', at);
    out += clip(text.substr(at, nl - at), width) + '\n';
    at = nl + 1;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace psinfo_cli
