// psinfo CLI — `psinfo ps` (psutil's scripts/ps.py), `psinfo pstree` (scripts/pstree.py) and
// `psinfo pmap --pid N` (scripts/pmap.py).
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <iterator>
#include <map>
#include <psinfo/errors.hpp>
#include <psinfo/process.hpp>
#include <set>
#include <string>
#include <vector>

#include "commands.hpp"
#include "platform.hpp"
#include "term.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

// ps.py's START: "HH:MM" for a process started today, else "MonDD".
std::string start_column(double create_time) {
  std::time_t t = static_cast<std::time_t>(create_time);
  std::time_t now = std::time(nullptr);
  std::tm then{}, today{};
  if (!to_local_tm(t, then) || !to_local_tm(now, today)) return "";
  char buf[16];
  const bool same_day = then.tm_year == today.tm_year && then.tm_yday == today.tm_yday;
  std::strftime(buf, sizeof buf, same_day ? "%H:%M" : "%b%d", &then);
  return buf;
}

}  // namespace

int run_ps() {
  using psinfo::attr;
  const attr attrs = attr::pid | attr::memory_percent | attr::name | attr::cmdline |
                     attr::cpu_times | attr::create_time | attr::memory_info | attr::status |
                     attr::nice | attr::username | attr::uids;
  const std::vector<psinfo::process_info_t> procs = psinfo::process_iter(attrs);
  const int width = output_columns();
  const char* templ = "{:<10} {:>5} {:>5} {:>7} {:>7} {:>5} {:>6} {:>6} {:>6}  {}";
  std::string out = clip(fmt::format(templ, "USER", "PID", "%MEM", "VSZ", "RSS", "NICE", "STATUS",
                                     "START", "TIME", "CMDLINE"),
                         width) +
                    "\n";
  for (const psinfo::process_info_t& p : procs) {
    std::string user = p.username.value_or("");
    if (user.empty() && p.uids) user = fmt::format("{}", p.uids->real);
    user = user.substr(0, 9);
    const std::string start = p.create_time ? start_column(*p.create_time) : "";
    std::string time;
    if (p.cpu_times) {
      // ps.py: strftime("%M:%S") of the sum of the CPU times.
      const auto& c = *p.cpu_times;
      const auto s = static_cast<long>(c.user + c.system + c.children_user + c.children_system +
                                       c.iowait.value_or(0));
      time = fmt::format("{:02}:{:02}", s / 60 % 60, s % 60);
    }
    const std::string vsz = p.memory_info ? bytes2human(p.memory_info->vms) : "";
    const std::string rss = p.memory_info ? bytes2human(p.memory_info->rss) : "";
    const std::string mem = p.memory_percent ? fmt::format("{:.1f}", *p.memory_percent) : "";
    const std::string nice = p.nice && *p.nice ? fmt::format("{}", *p.nice) : "";
    const std::string status = p.status ? p.status->substr(0, 5) : "";
    std::string cmd =
        printable(p.cmdline && !p.cmdline->empty() ? join(*p.cmdline) : p.name.value_or(""));
    for (char& ch : cmd)
      if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    out +=
        clip(fmt::format(templ, user, p.pid, mem, vsz, rss, nice, status, start, time, cmd), width);
    out += '\n';
  }
  fmt::print("{}", out);
  return 0;
}

namespace {

struct tree_printer {
  std::map<long, std::vector<long>> children;
  std::map<long, std::string> names;
  std::string out;

  void print(long pid, const std::string& indent, int depth) {
    auto n = names.find(pid);
    out += fmt::format("{} {}\n", pid, n == names.end() ? "?" : n->second);
    auto c = children.find(pid);
    if (c == children.end() || c->second.empty() || depth > 4096) return;
    const std::vector<long>& kids = c->second;
    for (size_t i = 0; i + 1 < kids.size(); ++i) {
      out += indent + "|- ";
      print(kids[i], indent + "| ", depth + 1);
    }
    out += indent + "`_ ";
    print(kids.back(), indent + "  ", depth + 1);
  }
};

}  // namespace

int run_pstree(std::optional<long> pid) {
  using psinfo::attr;
  tree_printer t;
  std::set<long> listed;
  for (const psinfo::process_info_t& p :
       psinfo::process_iter(attr::pid | attr::ppid | attr::name)) {
    listed.insert(p.pid);
    if (p.name) t.names[p.pid] = printable(*p.name);
    if (p.ppid && *p.ppid != p.pid) t.children[*p.ppid].push_back(p.pid);
  }
  long root;
  if (pid) {
    root = *pid;
    if (!t.names.count(root) && !t.children.count(root))
      throw psinfo::no_such_process(root, fmt::format("process PID not found (pid={})", root));
  } else {
    if (t.children.empty()) return 0;
    root = t.children.begin()->first;  // the smallest parent PID: 0 on Linux and Windows
    // Windows does not re-parent orphans: a process whose parent has exited hangs under the
    // root instead of dropping out of the tree (on Linux only a race does this).
    std::vector<long>& top = t.children[root];
    for (auto it = std::next(t.children.begin()); it != t.children.end();) {
      if (listed.count(it->first)) {
        ++it;
        continue;
      }
      top.insert(top.end(), it->second.begin(), it->second.end());
      it = t.children.erase(it);
    }
    std::sort(top.begin(), top.end());
  }
  t.print(root, "", 0);
  fmt::print("{}", t.out);
  return 0;
}

int run_pmap(long pid) {
  psinfo::process p(pid);
  const std::vector<psinfo::memory_map_t> maps = p.memory_maps(false);
  const int width = output_columns();
  const char* templ = "{:<20} {:>10}  {:<7} {}";
  std::string out = clip(fmt::format(templ, "Address", "RSS", "Mode", "Mapping"), width) + "\n";
  std::uint64_t total = 0;
  for (const psinfo::memory_map_t& m : maps) {
    total += m.rss;
    std::string addr = m.addr.value_or("");
    addr = addr.substr(0, addr.find('-'));
    if (addr.size() < 16) addr.insert(0, 16 - addr.size(), '0');
    out += clip(fmt::format(templ, addr, bytes2human(m.rss), m.perms.value_or(""), m.path), width);
    out += '\n';
  }
  out += std::string(31, '-') + "\n";
  out += clip(fmt::format(templ, "Total", bytes2human(total), "", ""), width);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += '\n';
  std::string name;
  try {
    name = p.name();
  } catch (const psinfo::error&) {
    name = "?";
  }
  out += fmt::format("PID = {}, name = {}\n", p.pid(), printable(name));
  fmt::print("{}", out);
  return 0;
}

}  // namespace psinfo_cli
