// Linux: the cgroup.cpp contract (psinfo/container.hpp). Where each hierarchy is comes from
// /proc/PID/cgroup and the cgroup mounts of /proc/self/mountinfo (not a fixed /sys/fs/cgroup),
// so v1, v2, hybrid layouts, v1 named hierarchies, cgroup namespaces and bind-mounted
// container trees are found the same way; the files are then read where each controller is
// (the unified hierarchy for the controllers it has, else the v1 hierarchy that has it).
// Mount points under /sys go through sys_path(), /proc through proc_path() (fixtures).
#include "linux/cgroup.hpp"

#include <psinfo/errors.hpp>

#include <errno.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linux/cgroup_parse.hpp"
#include "linux/process_common.hpp"
#include "linux/process_parse.hpp"
#include "linux/procfs.hpp"
#include "paths.hpp"
#include "platform.hpp"

namespace psinfo::detail {

namespace {

// v1 shows "no limit" as PAGE_COUNTER_MAX pages in bytes: LONG_MAX rounded down to the page
// size (9223372036854771712 with 4 KiB pages). Anything this close to 2^63 is that.
constexpr std::uint64_t v1_unlimited = (1ull << 63) - (1ull << 20);

std::optional<std::uint64_t> v1_limit(std::optional<std::uint64_t> v) {
  if (v && *v >= v1_unlimited) return std::nullopt;
  return v;
}

template <class T>
void keep_min(std::optional<T>& best, T v) {
  if (!best || v < *best) best = v;
}

// Reads cgroup files through one buffer and one path string. A file the cgroup or the kernel
// lacks (or that may not be read) is absent; text the parsers refuse is an error naming it.
class reader {
 public:
  std::optional<std::string_view> text(const std::string& dir, std::string_view name) {
    path_.assign(dir).append(1, '/').append(name);
    return text_of(path_);
  }
  std::optional<std::string_view> text_of(const std::string& path) {
    if (&path != &path_) path_ = path;
    int err = 0;
    if (try_read_file(path_, buf_, &err)) return buf_.view();
    switch (err) {
      case ENOENT:
      case ENODEV:
      case ENOTDIR:
      case EOPNOTSUPP:
      case EACCES:
      case EPERM:
        return std::nullopt;
      default:
        throw_errno(err, "cannot read", path_);
    }
  }
  [[noreturn]] void malformed() const {
    std::string_view shown = buf_.view().substr(0, 120);
    throw error("cannot parse " + path_ + ": '" + std::string(shown) + "'");
  }
  std::optional<std::uint64_t> number(const std::string& dir, std::string_view name) {
    const auto t = text(dir, name);
    if (!t) return std::nullopt;
    std::uint64_t v;
    if (!parse_cgroup_u64(*t, v)) malformed();
    return v;
  }
  // "max" / "-1" and a missing file are both no limit.
  std::optional<std::uint64_t> limit(const std::string& dir, std::string_view name) {
    const auto t = text(dir, name);
    if (!t) return std::nullopt;
    std::optional<std::uint64_t> v;
    if (!parse_cgroup_limit(*t, v)) malformed();
    return v;
  }
  // f(key, value) for a flat keyed file; false when it is missing.
  template <class F>
  bool keyed(const std::string& dir, std::string_view name, F&& f) {
    const auto t = text(dir, name);
    if (!t) return false;
    if (!for_each_keyed(*t, f)) malformed();
    return true;
  }
  std::optional<std::vector<int>> list(const std::string& dir, std::string_view name) {
    const auto t = text(dir, name);
    if (!t) return std::nullopt;
    std::vector<int> v;
    if (!parse_cgroup_list(*t, v)) malformed();
    return v;
  }
  std::optional<psi_t> psi(const std::string& path) {
    const auto t = text_of(path);
    if (!t) return std::nullopt;
    psi_t p;
    if (!parse_psi(*t, p)) malformed();
    return p;
  }

 private:
  file_buffer buf_;
  std::string path_;
};

// One reader per thread: its buffer and path keep their capacity between calls.
reader& thread_reader() {
  thread_local reader r;
  return r;
}

// ---- Where the hierarchies are -------------------------------------------------------------

// A mount point as this process reaches it: under the sysfs root (sys) when it lies under /sys.
std::string host_path(const std::string& mount_point, const std::string& sys) {
  if (mount_point.compare(0, 4, "/sys") != 0 || (mount_point.size() > 4 && mount_point[4] != '/'))
    return mount_point;
  return sys + mount_point.substr(4);
}

// One hierarchy of the process: its directory (empty when not mounted here or outside what
// this process's mounts show) and the top of what can be seen (the mount point).
struct hierarchy {
  std::string controllers;  // "cpu,cpuacct"; "" for the unified hierarchy
  std::string dir;
  std::string top;
  bool mounted = false;
};

// The directory of cgroup `path` in the mounts of its hierarchy.
void resolve(const std::vector<cgroup_mount>& mounts, hierarchy& h, std::string_view path,
             const std::string& sys) {
  const bool v2 = h.controllers.empty();
  constexpr std::string_view deleted = " (deleted)";
  const bool gone =
      path.size() > deleted.size() && path.substr(path.size() - deleted.size()) == deleted;
  // A process outside this process's cgroup namespace shows as "/../..": out of reach.
  const bool escapes = path.find("/..") != std::string_view::npos;
  for (const cgroup_mount& m : mounts) {
    if (m.v2 != v2) continue;
    if (!v2) {
      bool all = !h.controllers.empty();
      std::string_view list = h.controllers;
      while (all && !list.empty()) {
        const std::size_t comma = list.find(',');
        const std::string_view c = list.substr(0, comma);
        all = m.has_option(c);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
      }
      if (!all) continue;
    }
    h.mounted = true;
    if (gone || escapes) return;
    std::string_view rel;
    const std::string_view root = m.root;
    if (root == "/")
      rel = path;
    else if (path == root)
      rel = "/";
    else if (path.size() > root.size() && path.substr(0, root.size()) == root &&
             path[root.size()] == '/')
      rel = path.substr(root.size());
    else
      continue;  // another bind mount of the hierarchy may hold it
    h.top = host_path(m.mount_point, sys);
    h.dir = h.top;
    if (rel != "/") h.dir.append(rel.data(), rel.size());
    return;
  }
}

struct layout {
  cgroup_version version = cgroup_version::none;
  std::vector<hierarchy> v1;
  std::optional<hierarchy> v2;
  std::map<std::string, std::string> paths;

  // The reachable v1 hierarchy with this controller, or null.
  const hierarchy* v1_with(std::string_view controller) const {
    for (const hierarchy& h : v1)
      if (!h.dir.empty() && list_has(h.controllers, controller)) return &h;
    return nullptr;
  }
};

// The hierarchies of entries (consumed) in mounts; with_paths: cgroup_t::paths too.
layout locate(std::vector<cgroup_entry>&& entries, const std::vector<cgroup_mount>& mounts,
              bool with_paths) {
  layout out;
  bool v1_controllers = false;
  const std::shared_ptr<const std::string> sys = sysfs_root();
  for (cgroup_entry& e : entries) {
    hierarchy h;
    h.controllers = std::move(e.controllers);
    resolve(mounts, h, e.path, *sys);
    if (with_paths) out.paths.emplace(h.controllers.empty() ? "unified" : h.controllers, e.path);
    if (h.controllers.empty()) {
      out.v2 = std::move(h);
      continue;
    }
    if (h.mounted) {
      std::string_view list = h.controllers;
      while (!list.empty() && !v1_controllers) {
        const std::size_t comma = list.find(',');
        v1_controllers = list.substr(0, comma).substr(0, 5) != "name=";
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
      }
    }
    out.v1.push_back(std::move(h));
  }
  const bool v2 =
      std::any_of(mounts.begin(), mounts.end(), [](const cgroup_mount& m) { return m.v2; });
  out.version = v1_controllers && v2 ? cgroup_version::hybrid
                : v1_controllers     ? cgroup_version::v1
                : v2                 ? cgroup_version::v2
                                     : cgroup_version::none;
  return out;
}

// Each level from h's directory up to the top of what can be seen, the directory first.
template <class F>
void for_each_level(const hierarchy& h, F&& f) {
  std::string dir = h.dir;
  for (;;) {
    f(static_cast<const std::string&>(dir));
    if (dir.size() <= h.top.size()) break;
    dir.resize(dir.rfind('/'));
  }
}

// Where each controller is read.
struct sources {
  const hierarchy* v2 = nullptr;  // the unified directory, when reachable
  std::string v2_controllers;     // its cgroup.controllers
  const hierarchy *cpu, *cpuacct, *cpuset, *memory, *pids, *blkio;

  sources(const layout& l, reader& r)
      : cpu(l.v1_with("cpu")),
        cpuacct(l.v1_with("cpuacct")),
        cpuset(l.v1_with("cpuset")),
        memory(l.v1_with("memory")),
        pids(l.v1_with("pids")),
        blkio(l.v1_with("blkio")) {
    if (l.v2 && !l.v2->dir.empty()) {
      v2 = &*l.v2;
      if (auto t = r.text(v2->dir, "cgroup.controllers")) v2_controllers = std::string(*t);
    }
  }
  // The unified hierarchy's directory when the controller is enabled there, else null.
  const hierarchy* on_v2(std::string_view controller) const {
    if (!v2) return nullptr;
    std::string_view list = v2_controllers, tok;
    while (next_token(list, tok))
      if (tok == controller) return v2;
    return nullptr;
  }
};

// ---- The controllers -----------------------------------------------------------------------

// Kernel integers to seconds by division: 100000 us is exactly the double nearest 0.1.
double seconds(std::uint64_t v, double per_second) { return static_cast<double>(v) / per_second; }
constexpr double usec = 1e6, nsec = 1e9;

// The smallest quota / period over the levels of h (v2 cpu.max, v1 cfs_quota_us/period_us);
// the first level's own when `own` is given (already read: not read again).
std::optional<double> cpu_limit(reader& r, const hierarchy& h, bool v2,
                                const std::optional<std::optional<double>>& own = std::nullopt) {
  std::optional<double> best;
  bool first = true;
  for_each_level(h, [&](const std::string& dir) {
    if (first && own) {
      first = false;
      best = *own;
      return;
    }
    first = false;
    std::optional<std::uint64_t> quota;
    std::uint64_t period = 0;
    if (v2) {
      const auto t = r.text(dir, "cpu.max");
      if (!t) return;
      if (!parse_cpu_max(*t, quota, period)) r.malformed();
    } else {
      quota = r.limit(dir, "cpu.cfs_quota_us");
      if (!quota) return;
      period = r.number(dir, "cpu.cfs_period_us").value_or(0);
    }
    if (quota && period > 0)
      keep_min(best, static_cast<double>(*quota) / static_cast<double>(period));
  });
  return best;
}

// A cgroup's own quota / period, absent without a quota.
std::optional<double> ratio(std::optional<std::uint64_t> quota, std::uint64_t period) {
  if (!quota || period == 0) return std::nullopt;
  return static_cast<double>(*quota) / static_cast<double>(period);
}

// The CPU limit alone: what cpu_count_effective() needs.
std::optional<double> cpu_limit_of(const layout& l, reader& r) {
  const sources s(l, r);
  if (const hierarchy* h = s.on_v2("cpu")) return cpu_limit(r, *h, true);
  if (s.cpu) return cpu_limit(r, *s.cpu, false);
  return std::nullopt;
}

void read_cpu(reader& r, const sources& s, cgroup_cpu_t& c) {
  auto throttling = [&c](std::string_view k, std::uint64_t v, double unit) {
    if (k == "nr_periods")
      c.nr_periods = v;
    else if (k == "nr_throttled")
      c.nr_throttled = v;
    else if (k == "throttled_usec" || k == "throttled_time")
      c.throttled_time = seconds(v, unit);
  };
  // The unified cpu.stat's usage (always there), unless cpuacct is a v1 controller.
  auto usage = [&c, &s](std::string_view k, std::uint64_t v) {
    if (s.cpuacct) return;
    if (k == "usage_usec") c.usage = seconds(v, usec);
    if (k == "user_usec") c.user = seconds(v, usec);
    if (k == "system_usec") c.system = seconds(v, usec);
  };
  const hierarchy* v2cpu = s.on_v2("cpu");
  if (v2cpu) {
    std::optional<std::uint64_t> quota;
    std::uint64_t period = 0;
    const auto t = r.text(v2cpu->dir, "cpu.max");
    if (t) {
      if (!parse_cpu_max(*t, quota, period)) r.malformed();
      if (quota) c.quota = seconds(*quota, usec);
      c.period = seconds(period, usec);
    }
    c.weight = r.number(v2cpu->dir, "cpu.weight");
    c.limit = cpu_limit(r, *v2cpu, true, ratio(quota, period));
    r.keyed(v2cpu->dir, "cpu.stat", [&](std::string_view k, std::uint64_t v) {
      throttling(k, v, usec);
      usage(k, v);
    });
  } else if (s.cpu) {
    const std::string& dir = s.cpu->dir;
    const auto quota = r.limit(dir, "cpu.cfs_quota_us");
    const auto period = r.number(dir, "cpu.cfs_period_us");
    if (quota) c.quota = seconds(*quota, usec);
    if (period) c.period = seconds(*period, usec);
    c.shares = r.number(dir, "cpu.shares");
    c.limit = cpu_limit(r, *s.cpu, false, ratio(quota, period.value_or(0)));
    r.keyed(dir, "cpu.stat", [&](std::string_view k, std::uint64_t v) { throttling(k, v, nsec); });
  }
  if (s.cpuacct) {
    if (const auto ns = r.number(s.cpuacct->dir, "cpuacct.usage")) c.usage = seconds(*ns, nsec);
    const double tick = clock_ticks();
    r.keyed(s.cpuacct->dir, "cpuacct.stat", [&](std::string_view k, std::uint64_t v) {
      if (k == "user") c.user = seconds(v, tick);
      if (k == "system") c.system = seconds(v, tick);
    });
  } else if (s.v2 && !v2cpu) {
    r.keyed(s.v2->dir, "cpu.stat", usage);
  }
  if (const hierarchy* h = s.on_v2("cpuset")) {
    c.cpus = r.list(h->dir, "cpuset.cpus.effective");
    c.mems = r.list(h->dir, "cpuset.mems.effective");
  } else if (s.cpuset) {
    const std::string& dir = s.cpuset->dir;
    c.cpus = r.list(dir, "cpuset.effective_cpus");
    if (!c.cpus) c.cpus = r.list(dir, "cpuset.cpus");
    c.mems = r.list(dir, "cpuset.effective_mems");
    if (!c.mems) c.mems = r.list(dir, "cpuset.mems");
  }
}

// One level's working set for the memory walk: usage - inactive_file.
struct level_use {
  std::uint64_t usage = 0, inactive_file = 0;
};

std::uint64_t minus(std::uint64_t a, std::uint64_t b) { return a > b ? a - b : 0; }

// effective_max and available from the levels of h: limit_of(dir) gives a level's limit,
// use_of(dir) its use (the cgroup's own, already read, for the first level).
template <class Limit, class Use>
void memory_walk(const hierarchy& h, cgroup_memory_t& m, Limit limit_of, Use use_of) {
  bool first = true;
  for_each_level(h, [&](const std::string& dir) {
    const std::optional<std::uint64_t> lim = first ? m.max : limit_of(dir);
    if (lim) {
      level_use u;
      if (first)
        u = {m.current.value_or(0), m.inactive_file.value_or(0)};
      else
        u = use_of(dir);
      keep_min(m.effective_max, *lim);
      keep_min(m.available, minus(*lim, minus(u.usage, u.inactive_file)));
    }
    first = false;
  });
}

void memory_stat_fields(cgroup_memory_t& m, bool v2) {
  auto get = [&m](const char* k) -> std::optional<std::uint64_t> {
    const auto it = m.stat.find(k);
    if (it == m.stat.end()) return std::nullopt;
    return it->second;
  };
  m.anon = get(v2 ? "anon" : "total_rss");
  m.file = get(v2 ? "file" : "total_cache");
  if (v2) m.kernel = get("kernel");
  m.shmem = get(v2 ? "shmem" : "total_shmem");
  m.active_file = get(v2 ? "active_file" : "total_active_file");
  m.inactive_file = get(v2 ? "inactive_file" : "total_inactive_file");
}

void read_memory_stat(reader& r, const std::string& dir, cgroup_memory_t& m) {
  r.keyed(dir, "memory.stat",
          [&m](std::string_view k, std::uint64_t v) { m.stat.emplace(std::string(k), v); });
}

// inactive_file (v2) or total_inactive_file (v1) of a memory.stat.
std::uint64_t inactive_file_of(reader& r, const std::string& dir, bool v2) {
  std::uint64_t out = 0;
  const std::string_view key = v2 ? "inactive_file" : "total_inactive_file";
  r.keyed(dir, "memory.stat", [&](std::string_view k, std::uint64_t v) {
    if (k == key) out = v;
  });
  return out;
}

void read_memory_v2(reader& r, const hierarchy& h, cgroup_memory_t& m) {
  const std::string& dir = h.dir;
  m.max = r.limit(dir, "memory.max");
  m.high = r.limit(dir, "memory.high");
  m.low = r.limit(dir, "memory.low");
  m.min = r.limit(dir, "memory.min");
  m.swap_max = r.limit(dir, "memory.swap.max");
  m.current = r.number(dir, "memory.current");
  m.peak = r.number(dir, "memory.peak");
  m.swap_current = r.number(dir, "memory.swap.current");
  read_memory_stat(r, dir, m);
  memory_stat_fields(m, true);
  r.keyed(dir, "memory.events", [&m](std::string_view k, std::uint64_t v) {
    if (k == "oom") m.oom = v;
    if (k == "oom_kill") m.oom_kill = v;
  });
}

void read_memory_v1(reader& r, const hierarchy& h, cgroup_memory_t& m) {
  const std::string& dir = h.dir;
  m.max = v1_limit(r.number(dir, "memory.limit_in_bytes"));
  m.low = v1_limit(r.number(dir, "memory.soft_limit_in_bytes"));
  const auto memsw = v1_limit(r.number(dir, "memory.memsw.limit_in_bytes"));
  if (memsw && m.max && *memsw >= *m.max) m.swap_max = *memsw - *m.max;
  m.current = r.number(dir, "memory.usage_in_bytes");
  m.peak = r.number(dir, "memory.max_usage_in_bytes");
  const auto memsw_use = r.number(dir, "memory.memsw.usage_in_bytes");
  if (memsw_use && m.current) m.swap_current = minus(*memsw_use, *m.current);
  read_memory_stat(r, dir, m);
  memory_stat_fields(m, false);
  r.keyed(dir, "memory.oom_control", [&m](std::string_view k, std::uint64_t v) {
    if (k == "oom_kill") m.oom_kill = v;
  });
}

void memory_limits(reader& r, const hierarchy& h, cgroup_memory_t& m, bool v2) {
  if (v2) {
    memory_walk(
        h, m, [&r](const std::string& dir) { return r.limit(dir, "memory.max"); },
        [&r](const std::string& dir) {
          level_use u;
          u.usage = r.number(dir, "memory.current").value_or(0);
          u.inactive_file = inactive_file_of(r, dir, true);
          return u;
        });
    return;
  }
  memory_walk(
      h, m,
      [&r](const std::string& dir) { return v1_limit(r.number(dir, "memory.limit_in_bytes")); },
      [&r](const std::string& dir) {
        level_use u;
        u.usage = r.number(dir, "memory.usage_in_bytes").value_or(0);
        u.inactive_file = inactive_file_of(r, dir, false);
        return u;
      });
  // A limit of an ancestor out of sight (a container's v1 tree mounted at its own cgroup)
  // still shows in hierarchical_memory_limit; its use is not known, the cgroup's own is the
  // least it can be.
  const auto it = m.stat.find("hierarchical_memory_limit");
  if (it != m.stat.end() && it->second < v1_unlimited &&
      (!m.effective_max || it->second < *m.effective_max)) {
    m.effective_max = it->second;
    const std::uint64_t ws = minus(m.current.value_or(0), m.inactive_file.value_or(0));
    keep_min(m.available, minus(it->second, ws));
  }
}

void read_memory(reader& r, const sources& s, cgroup_memory_t& m) {
  if (const hierarchy* h = s.on_v2("memory")) {
    read_memory_v2(r, *h, m);
    memory_limits(r, *h, m, true);
  } else if (s.memory) {
    read_memory_v1(r, *s.memory, m);
    memory_limits(r, *s.memory, m, false);
  } else {
    return;
  }
  if (m.current && m.inactive_file) m.working_set = minus(*m.current, *m.inactive_file);
}

// The memory limit alone: what virtual_memory_effective() needs.
std::optional<cgroup_memory_limit> memory_limit_of(const layout& l, reader& r) {
  const sources s(l, r);
  cgroup_memory_t m;
  const hierarchy* h = s.on_v2("memory");
  const bool v2 = h != nullptr;
  if (!h) h = s.memory;
  if (!h) return std::nullopt;
  if (v2) {
    m.max = r.limit(h->dir, "memory.max");
    m.current = r.number(h->dir, "memory.current");
    m.inactive_file = inactive_file_of(r, h->dir, true);
  } else {
    m.max = v1_limit(r.number(h->dir, "memory.limit_in_bytes"));
    m.current = r.number(h->dir, "memory.usage_in_bytes");
    // Of memory.stat, what memory_limits uses: hierarchical_memory_limit (kept in m.stat)
    // and total_inactive_file.
    r.keyed(h->dir, "memory.stat", [&m](std::string_view k, std::uint64_t v) {
      if (k == "total_inactive_file") m.inactive_file = v;
      if (k == "hierarchical_memory_limit") m.stat.emplace(std::string(k), v);
    });
  }
  memory_limits(r, *h, m, v2);
  if (!m.effective_max || !m.available) return std::nullopt;
  return cgroup_memory_limit{*m.effective_max, *m.available};
}

void read_pids(reader& r, const sources& s, cgroup_pids_t& p) {
  const hierarchy* h = s.on_v2("pids");
  if (!h) h = s.pids;
  if (!h) return;
  p.max = r.limit(h->dir, "pids.max");
  p.current = r.number(h->dir, "pids.current");
}

void read_io(reader& r, const sources& s, std::map<std::string, cgroup_io_t>& io) {
  auto dev = [&io](std::string_view d) -> cgroup_io_t& {
    return io.try_emplace(std::string(d)).first->second;
  };
  if (const hierarchy* h = s.on_v2("io")) {
    using field = std::optional<std::uint64_t> cgroup_io_t::*;
    const std::pair<std::string_view, field> limits[] = {{"rbps", &cgroup_io_t::rbps},
                                                         {"wbps", &cgroup_io_t::wbps},
                                                         {"riops", &cgroup_io_t::riops},
                                                         {"wiops", &cgroup_io_t::wiops}};
    const std::pair<std::string_view, field> stats[] = {
        {"rbytes", &cgroup_io_t::rbytes}, {"wbytes", &cgroup_io_t::wbytes},
        {"rios", &cgroup_io_t::rios},     {"wios", &cgroup_io_t::wios},
        {"dbytes", &cgroup_io_t::dbytes}, {"dios", &cgroup_io_t::dios}};
    auto nested = [&](const char* name, const auto& keys) {
      const auto t = r.text(h->dir, name);
      if (!t) return;
      const bool ok = for_each_nested_keyed(
          *t, [&](std::string_view d, std::string_view k, std::string_view text) {
            for (const auto& [key, m] : keys) {
              if (k != key) continue;
              std::optional<std::uint64_t> v;
              if (!parse_cgroup_limit(text, v)) return false;
              dev(d).*m = v;
            }
            return true;
          });
      if (!ok) r.malformed();
    };
    nested("io.max", limits);
    nested("io.stat", stats);
    return;
  }
  if (!s.blkio) return;
  const std::string& dir = s.blkio->dir;
  using field = std::optional<std::uint64_t> cgroup_io_t::*;
  const std::pair<const char*, field> limits[] = {
      {"blkio.throttle.read_bps_device", &cgroup_io_t::rbps},
      {"blkio.throttle.write_bps_device", &cgroup_io_t::wbps},
      {"blkio.throttle.read_iops_device", &cgroup_io_t::riops},
      {"blkio.throttle.write_iops_device", &cgroup_io_t::wiops}};
  for (const auto& [name, m] : limits) {
    const auto t = r.text(dir, name);
    if (t && !for_each_device_value(
                 *t, [&, m = m](std::string_view d, std::uint64_t v) { dev(d).*m = v; }))
      r.malformed();
  }
  struct counted {
    const char* recursive;
    const char* own;
    field read, write, discard;
  };
  const counted counters[] = {
      {"blkio.throttle.io_service_bytes_recursive", "blkio.throttle.io_service_bytes",
       &cgroup_io_t::rbytes, &cgroup_io_t::wbytes, &cgroup_io_t::dbytes},
      {"blkio.throttle.io_serviced_recursive", "blkio.throttle.io_serviced", &cgroup_io_t::rios,
       &cgroup_io_t::wios, &cgroup_io_t::dios}};
  for (const counted& c : counters) {
    auto t = r.text(dir, c.recursive);
    if (!t) t = r.text(dir, c.own);
    if (t && !for_each_device_op(*t, [&](std::string_view d, std::string_view op, std::uint64_t v) {
          field m = op == "Read"      ? c.read
                    : op == "Write"   ? c.write
                    : op == "Discard" ? c.discard
                                      : nullptr;
          if (m) dev(d).*m = v;
        }))
      r.malformed();
  }
}

// The four PSI files of a directory (prefix: "<dir>/"), or of /proc/pressure ("<proc>/pressure/").
pressure_t read_pressure(reader& r, const std::string& prefix, const char* suffix) {
  pressure_t p;
  std::string path;
  auto one = [&](const char* name) {
    path.assign(prefix).append(name).append(suffix);
    return r.psi(path);
  };
  p.cpu = one("cpu");
  p.memory = one("memory");
  p.io = one("io");
  p.irq = one("irq");
  return p;
}

pressure_t cgroup_pressure(reader& r, const sources& s) {
  if (s.v2) return read_pressure(r, s.v2->dir + "/", ".pressure");
  // No unified hierarchy: files of those names in the v1 directories of their resources,
  // read where a kernel gives them.
  pressure_t p;
  std::string path;
  if (s.cpu) p.cpu = r.psi(path.assign(s.cpu->dir).append("/cpu.pressure"));
  if (s.memory) p.memory = r.psi(path.assign(s.memory->dir).append("/memory.pressure"));
  if (s.blkio) p.io = r.psi(path.assign(s.blkio->dir).append("/io.pressure"));
  if (s.cpu) p.irq = r.psi(path.assign(s.cpu->dir).append("/irq.pressure"));
  return p;
}

// Everything but effective_cpus, from /proc/PID/cgroup's text (read from `what`).
cgroup_t read_cgroup(reader& r, const std::vector<cgroup_mount>& mounts, std::string_view text,
                     const std::string& what) {
  std::vector<cgroup_entry> entries;
  if (!parse_proc_cgroup(text, entries))
    throw error("cannot parse " + what + ": '" + std::string(text.substr(0, 120)) + "'");
  layout l = locate(std::move(entries), mounts, true);
  cgroup_t out;
  out.version = l.version;
  out.paths = std::move(l.paths);
  const sources s(l, r);
  read_cpu(r, s, out.cpu);
  read_memory(r, s, out.memory);
  read_pids(r, s, out.pids);
  read_io(r, s, out.io);
  out.pressure = cgroup_pressure(r, s);
  return out;
}

// The cgroup mounts of /proc/self/mountinfo, parsed again only when its text differs from this
// thread's last read (gen counts the parses).
struct mounts_cache {
  std::string text;
  std::vector<cgroup_mount> mounts;
  std::uint64_t gen = 0;
  bool valid = false;
};
const mounts_cache& cached_mounts(reader& r) {
  thread_local mounts_cache c;
  const auto mi = r.text_of(proc_path("self/mountinfo"));
  const std::string_view text = mi ? *mi : std::string_view{};
  if (c.valid && text == c.text) return c;
  c.valid = false;  // a parse error leaves nothing to reuse
  c.text.assign(text);
  if (!parse_mountinfo_cgroups(c.text, c.mounts))
    throw error("cannot parse " + proc_path("self/mountinfo") + ": '" + c.text.substr(0, 120) +
                "'");
  ++c.gen;
  c.valid = true;
  return c;
}

// The calling process's layout (null without /proc/self/cgroup: a kernel without cgroups),
// made again only when the mounts, /proc/self/cgroup or the sysfs root differ from this
// thread's last call: a monitor asking every tick reads the two files and compares them.
const layout* self_layout(reader& r) {
  thread_local struct {
    std::uint64_t gen = 0;
    std::string cgroup;
    std::shared_ptr<const std::string> sys;
    std::optional<layout> made;
  } last;
  const mounts_cache& m = cached_mounts(r);
  bool same = last.made.has_value() && last.gen == m.gen;
  const auto cg = r.text_of(proc_path("self/cgroup"));
  if (!cg) return nullptr;
  if (!same || *cg != last.cgroup) {
    same = false;
    last.cgroup.assign(*cg);
  }
  std::shared_ptr<const std::string> sys = sysfs_root();
  if (sys != last.sys) {
    same = false;
    last.sys = std::move(sys);
  }
  if (same) return &*last.made;
  last.made.reset();  // a parse error below leaves nothing to reuse
  std::vector<cgroup_entry> entries;
  if (!parse_proc_cgroup(last.cgroup, entries))
    throw error("cannot parse " + proc_path("self/cgroup") + ": '" + last.cgroup.substr(0, 120) +
                "'");
  last.made = locate(std::move(entries), m.mounts, false);
  last.gen = m.gen;
  return &*last.made;
}

// The CPUs of the process's affinity mask (Cpus_allowed_list of its status).
std::optional<int> affinity_of(long pid) {
  const auto cpus = parse_proc_status_cpus_allowed(read_pid_file(pid, "status", scratch()));
  if (cpus.empty()) return std::nullopt;
  return static_cast<int>(cpus.size());
}

}  // namespace

// ---- process_iter(cgroup) ------------------------------------------------------------------

cgroup_scan::cgroup_scan() : mounts_(cached_mounts(thread_reader()).mounts) {}

namespace {

// /proc/PID/cgroup's text into buf ("" on a kernel without cgroups); the process gone:
// no_such_process.
std::string_view proc_cgroup_text(long pid, const std::string& path, file_buffer& buf) {
  int err = 0;
  if (try_read_file(path, buf, &err)) return buf.view();
  if (!(err == ENOENT && path_exists(pid_path(pid, "stat")))) throw_proc_error(pid, err, path);
  return {};
}

}  // namespace

cgroup_t cgroup_scan::get(long pid) {
  const std::string path = pid_path(pid, "cgroup");
  const std::string_view text = proc_cgroup_text(pid, path, scratch());
  auto it = by_text_.find(text);
  if (it == by_text_.end()) {
    std::string key(text);
    cgroup_t c = read_cgroup(thread_reader(), mounts_, key, path);
    it = by_text_.emplace(std::move(key), std::move(c)).first;
  }
  cgroup_t out = it->second;
  out.cpu.effective_cpus = effective_cpu_count(affinity_of(pid), out.cpu.limit);
  return out;
}

// ---- the contract --------------------------------------------------------------------------

cgroup_t proc_cgroup(const proc_ref& p) {
  reader& r = thread_reader();
  const std::vector<cgroup_mount>& mounts = cached_mounts(r).mounts;
  const std::string path = pid_path(p.pid, "cgroup");
  file_buffer& buf = scratch();
  cgroup_t out = read_cgroup(r, mounts, proc_cgroup_text(p.pid, path, buf), path);
  out.cpu.effective_cpus = effective_cpu_count(affinity_of(p.pid), out.cpu.limit);
  return out;
}

std::optional<double> cgroup_cpu_limit_self() {
  reader& r = thread_reader();
  const layout* l = self_layout(r);
  if (!l) return std::nullopt;
  return cpu_limit_of(*l, r);
}

std::optional<cgroup_memory_limit> cgroup_memory_limit_self() {
  reader& r = thread_reader();
  const layout* l = self_layout(r);
  if (!l) return std::nullopt;
  return memory_limit_of(*l, r);
}

pressure_t pressure() {
  reader& r = thread_reader();
  return read_pressure(r, proc_path("pressure/"), "");
}

}  // namespace psinfo::detail
