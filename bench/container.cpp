// bench_system's container rows (psinfo/container.hpp): cgroup(), pressure(),
// cpu_count_effective(), virtual_memory_effective() next to their floors: the files each call
// opens, worked out here from /proc/self/cgroup and the cgroup lines of /proc/self/mountinfo
// (v1 hierarchies and the unified one, as psinfo finds them), opened, read to EOF and closed
// (a file the cgroup lacks is still an open that fails, as psinfo's is).
#include "container.hpp"

#include <benchmark/benchmark.h>
#include <sched.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <psinfo/psinfo.hpp>

#include "floor.hpp"

namespace bench_container {

namespace {

std::string text_of(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// A hierarchy's directory for the calling process and its ancestors up to the mount point.
struct where {
  std::string dir, top;
  std::vector<std::string> levels() const {
    std::vector<std::string> out;
    for (std::string d = dir;; d.resize(d.rfind('/'))) {
      out.push_back(d);
      if (d.size() <= top.size()) break;
    }
    return out;
  }
};

// {"unified" or a v1 controller: where} of the calling process (mount roots of "/": a host).
std::map<std::string, where> hierarchies() {
  std::map<std::string, std::string> paths;  // controller -> path
  std::istringstream cg(text_of("/proc/self/cgroup"));
  for (std::string line; std::getline(cg, line);) {
    const auto a = line.find(':'), b = line.find(':', a + 1);
    std::string ctl = line.substr(a + 1, b - a - 1), path = line.substr(b + 1);
    if (ctl.empty()) ctl = "unified";
    std::istringstream list(ctl);
    for (std::string c; std::getline(list, c, ',');) paths[c] = path;
  }
  std::map<std::string, where> out;
  std::istringstream mi(text_of("/proc/self/mountinfo"));
  for (std::string line; std::getline(mi, line);) {
    std::istringstream f(line);
    std::string id, parent, dev, root, mp, tok, fstype, src, opts;
    f >> id >> parent >> dev >> root >> mp;
    while (f >> tok && tok != "-") {
    }
    f >> fstype >> src >> opts;
    if (root != "/") continue;
    if (fstype == "cgroup2" && paths.count("unified"))
      out["unified"] = {mp + (paths["unified"] == "/" ? "" : paths["unified"]), mp};
    if (fstype != "cgroup") continue;
    std::istringstream o(opts);
    for (std::string c; std::getline(o, c, ',');)
      if (paths.count(c)) out[c] = {mp + (paths[c] == "/" ? "" : paths[c]), mp};
  }
  return out;
}

bool has_word(const std::string& text, const std::string& w) {
  std::istringstream in(text);
  for (std::string t; in >> t;)
    if (t == w) return true;
  return false;
}

// The files cgroup() opens (all: true) or those of its CPU limit / memory limit alone.
enum class part { all, cpu_limit, memory_limit };
std::vector<std::string> files(part what) {
  // psinfo reads the process's own files by PID (cgroup(): its stat for the process object).
  const std::string me = "/proc/" + std::to_string(::getpid());
  std::vector<std::string> f = {"/proc/self/mountinfo",
                                what == part::all ? me + "/cgroup" : "/proc/self/cgroup"};
  if (what == part::all) {
    f.push_back(me + "/stat");
    f.push_back(me + "/status");
  }
  const auto h = hierarchies();
  auto in = [&](const std::string& dir, std::initializer_list<const char*> names) {
    for (const char* n : names) f.push_back(dir + "/" + n);
  };
  std::string v2ctl;
  const where* v2 = h.count("unified") ? &h.at("unified") : nullptr;
  if (v2) {
    f.push_back(v2->dir + "/cgroup.controllers");
    v2ctl = text_of(v2->dir + "/cgroup.controllers");
  }
  auto on_v2 = [&](const char* c) { return v2 && has_word(v2ctl, c); };
  auto v1 = [&](const char* c) -> const where* {
    return h.count(c) && !on_v2(c) ? &h.at(c) : nullptr;
  };
  auto number = [](const std::string& p) {
    const std::string t = text_of(p);
    return t.empty() || t[0] == 'm' ? -1 : std::stoll(t);
  };
  // The ancestors' limits (the cgroup's own is read with its other files).
  auto walk = [&](const where& w, auto each) {
    const auto lv = w.levels();
    for (std::size_t i = 1; i < lv.size(); ++i) each(lv[i]);
  };
  if (what != part::memory_limit) {
    if (on_v2("cpu")) {
      if (what == part::all)
        in(v2->dir, {"cpu.max", "cpu.weight", "cpu.stat"});
      else
        in(v2->dir, {"cpu.max"});
      walk(*v2, [&](const std::string& d) { in(d, {"cpu.max"}); });
    } else if (const where* c = v1("cpu")) {
      auto quota_level = [&](const std::string& d) {
        in(d, {"cpu.cfs_quota_us"});
        if (number(d + "/cpu.cfs_quota_us") >= 0) in(d, {"cpu.cfs_period_us"});
      };
      if (what == part::all)
        in(c->dir, {"cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.shares", "cpu.stat"});
      else
        quota_level(c->dir);
      walk(*c, quota_level);
    }
  }
  if (what == part::all) {
    if (const where* a = v1("cpuacct"))
      in(a->dir, {"cpuacct.usage", "cpuacct.stat"});
    else if (v2 && !on_v2("cpu"))
      in(v2->dir, {"cpu.stat"});
    if (on_v2("cpuset"))
      in(v2->dir, {"cpuset.cpus.effective", "cpuset.mems.effective"});
    else if (const where* c = v1("cpuset"))
      in(c->dir, {"cpuset.effective_cpus", "cpuset.effective_mems"});
  }
  if (what != part::cpu_limit) {
    const bool mv2 = on_v2("memory");
    const where* m = mv2 ? v2 : v1("memory");
    if (m) {
      const char* limit = mv2 ? "memory.max" : "memory.limit_in_bytes";
      const char* usage = mv2 ? "memory.current" : "memory.usage_in_bytes";
      if (what == part::all && mv2)
        in(m->dir, {"memory.max", "memory.high", "memory.low", "memory.min", "memory.swap.max",
                    "memory.current", "memory.peak", "memory.swap.current", "memory.stat",
                    "memory.events"});
      else if (what == part::all)
        in(m->dir,
           {"memory.limit_in_bytes", "memory.soft_limit_in_bytes", "memory.memsw.limit_in_bytes",
            "memory.usage_in_bytes", "memory.max_usage_in_bytes", "memory.memsw.usage_in_bytes",
            "memory.stat", "memory.oom_control"});
      else
        in(m->dir, {limit, usage, "memory.stat"});
      walk(*m, [&](const std::string& d) {
        in(d, {limit});
        const long long l = number(d + "/" + limit);
        if (l >= 0 && l < (1ll << 62)) in(d, {usage, "memory.stat"});
      });
    }
  }
  if (what == part::all) {
    if (on_v2("pids"))
      in(v2->dir, {"pids.max", "pids.current"});
    else if (const where* p = v1("pids"))
      in(p->dir, {"pids.max", "pids.current"});
    if (on_v2("io"))
      in(v2->dir, {"io.max", "io.stat"});
    else if (const where* b = v1("blkio"))
      in(b->dir,
         {"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
          "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
          "blkio.throttle.io_service_bytes_recursive", "blkio.throttle.io_serviced_recursive"});
    if (v2) in(v2->dir, {"cpu.pressure", "memory.pressure", "io.pressure", "irq.pressure"});
  }
  return f;
}

}  // namespace

void register_rows(add_fn add) {
  static const auto all = files(part::all);
  static const auto cpu = files(part::cpu_limit);
  static const auto mem = files(part::memory_limit);
  auto slurp_all = [](const std::vector<std::string>& v) {
    for (const auto& p : v) benchmark::DoNotOptimize(floor_::slurp(p));
  };
  add("psinfo", "cgroup", [] { benchmark::DoNotOptimize(psinfo::cgroup()); });
  add("floor", "cgroup", [slurp_all] { slurp_all(all); });
  add("psinfo", "pressure", [] { benchmark::DoNotOptimize(psinfo::pressure()); });
  add("floor", "pressure", [] {
    for (const char* r : {"cpu", "memory", "io", "irq"})
      benchmark::DoNotOptimize(floor_::slurp(std::string("/proc/pressure/") + r));
  });
  add("psinfo", "cpu_count_effective",
      [] { benchmark::DoNotOptimize(psinfo::cpu_count_effective()); });
  add("floor", "cpu_count_effective", [slurp_all] {
    cpu_set_t set;
    benchmark::DoNotOptimize(::sched_getaffinity(0, sizeof set, &set));
    slurp_all(cpu);
  });
  add("psinfo", "virtual_memory_effective",
      [] { benchmark::DoNotOptimize(psinfo::virtual_memory_effective()); });
  add("floor", "virtual_memory_effective", [slurp_all] {
    benchmark::DoNotOptimize(floor_::slurp("/proc/meminfo"));
    slurp_all(mem);
  });
}

}  // namespace bench_container
