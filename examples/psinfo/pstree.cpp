// psinfo CLI — `psinfo pstree` (psutil's scripts/pstree.py).
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <psinfo/errors.hpp>
#include <psinfo/process.hpp>
#include <set>
#include <string>
#include <vector>

#include "commands.hpp"
#include "text.hpp"

namespace psinfo_cli {

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

}  // namespace psinfo_cli
