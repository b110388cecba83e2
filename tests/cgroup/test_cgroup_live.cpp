// The C++ API of psinfo/container.hpp: on the fixture trees (process_iter's cgroup attribute
// and as_dict, which the CLI tests do not reach), and on the running machine against its own
// files read here: /proc/self/cgroup, the cgroupfs, /proc/pressure, sched_getaffinity.
#include <catch2/catch.hpp>
#include <psinfo/psinfo.hpp>

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <map>
#include <sstream>
#include <string>

#include "fixtures.hpp"

namespace {

using test::read_file;

// {controllers ("" for v2): path} of /proc/self/cgroup, read here.
std::map<std::string, std::string> own_cgroups() {
  std::map<std::string, std::string> out;
  std::istringstream in(read_file("/proc/self/cgroup"));
  std::string line;
  while (std::getline(in, line)) {
    const auto a = line.find(':'), b = line.find(':', a + 1);
    out[line.substr(a + 1, b - a - 1)] = line.substr(b + 1);
  }
  return out;
}

// The "some"/"full" line of a PSI file: {avg10, avg60, avg300, total}.
bool psi_line(const std::string& text, const char* kind, double v[4]) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(kind, 0) != 0) continue;
    unsigned long long total = 0;
    if (std::sscanf(line.c_str() + 4, " avg10=%lf avg60=%lf avg300=%lf total=%llu", &v[0], &v[1],
                    &v[2], &total) != 4)
      return false;
    v[3] = static_cast<double>(total);
    return true;
  }
  return false;
}

}  // namespace

TEST_CASE("fixtures: process_iter(cgroup) and as_dict agree with cgroup(pid)") {
  test::fixture_root root(test::own_fixture("cgroup-v2-container"));
  const psinfo::cgroup_t one = psinfo::cgroup(4242);
  CHECK(one.version == psinfo::cgroup_version::v2);
  CHECK(one.cpu.limit == 1.5);
  CHECK(one.cpu.effective_cpus == 2);
  CHECK(one.memory.effective_max == 536870912u);
  CHECK(one.io.at("8:0").wiops == 120u);
  CHECK(!one.io.at("8:0").wbps);
  REQUIRE(one.pressure.irq);
  CHECK(!one.pressure.irq->some);
  CHECK(one.pressure.irq->full->total == 3000u);

  const auto all = psinfo::process_iter(psinfo::attr::pid | psinfo::attr::cgroup);
  REQUIRE(all.size() == 2);  // 4242 and 4243, the tree's processes
  for (const auto& info : all) {
    REQUIRE(info.cgroup);
    if (info.pid == 4242) {
      CHECK(info.cgroup->memory.available == one.memory.available);
      CHECK(info.cgroup->cpu.effective_cpus == 2);
      CHECK(info.cgroup->memory.stat == one.memory.stat);
    } else {
      CHECK(info.cgroup->paths.at("unified") == "/../../system.slice/other.scope");
      CHECK(!info.cgroup->memory.max);
      CHECK(info.cgroup->cpu.effective_cpus == 8);
    }
  }
  psinfo::process p(4242);
  const auto d = psinfo::as_dict(p, psinfo::attr::cgroup);
  REQUIRE(d.cgroup);
  CHECK(d.cgroup->pids.max == 100u);
  // Not in supported_attrs() (psutil's as_dict() keys): as_dict() without attributes leaves it.
  CHECK(!psinfo::has(psinfo::supported_attrs(), psinfo::attr::cgroup));
  CHECK(std::string(psinfo::to_string(psinfo::attr::cgroup)) == "cgroup");
  CHECK(psinfo::attr_from_string("cgroup") == psinfo::attr::cgroup);

  const auto vm = psinfo::virtual_memory_effective();
  CHECK(vm.limit == 536870912u);
  CHECK(vm.total == 536870912u);
  CHECK(vm.used == vm.total - vm.available);
  CHECK(std::fabs(vm.percent - vm.used * 100.0 / vm.total) <= 0.05);
}

TEST_CASE("live: cgroup() is /proc/self/cgroup, with the files' values") {
  const psinfo::cgroup_t c = psinfo::cgroup();
  const auto mine = own_cgroups();
  REQUIRE(c.paths.size() == mine.size());
  for (const auto& [ctl, path] : mine) CHECK(c.paths.at(ctl.empty() ? "unified" : ctl) == path);
  const std::string mountinfo = read_file("/proc/self/mountinfo");
  const bool v2 = mountinfo.find(" - cgroup2 ") != std::string::npos;
  const bool v1 = mountinfo.find(" - cgroup ") != std::string::npos;
  if (!v1 && !v2) CHECK(c.version == psinfo::cgroup_version::none);
  if (v2 && !v1) CHECK(c.version == psinfo::cgroup_version::v2);
  if (v1)
    CHECK((c.version == psinfo::cgroup_version::v1 || c.version == psinfo::cgroup_version::hybrid));
  // The same call for the calling process's PID, through a process object; as_dict() without
  // attributes (psutil's keys) leaves it out.
  psinfo::process self = psinfo::process::self();
  CHECK(self.cgroup().paths == c.paths);
  CHECK(!psinfo::as_dict(self).cgroup);
  CHECK(psinfo::as_dict(self, psinfo::attr::cgroup).cgroup->paths == c.paths);
  // The memory limit, against the file where this machine has it (v1 at /sys/fs/cgroup/memory).
  if (mine.count("memory")) {
    const std::string limit =
        read_file("/sys/fs/cgroup/memory" + mine.at("memory") + "/memory.limit_in_bytes");
    if (!limit.empty()) {
      const unsigned long long v = std::stoull(limit);
      if (v < (1ull << 62))
        CHECK(c.memory.max == v);
      else
        CHECK(!c.memory.max);
    }
  }
}

TEST_CASE("live: cpu_count_effective() against the affinity mask and the quota") {
  cpu_set_t set;
  REQUIRE(sched_getaffinity(0, sizeof set, &set) == 0);
  const int affinity = CPU_COUNT(&set);
  const psinfo::cgroup_t c = psinfo::cgroup();
  const auto n = psinfo::cpu_count_effective();
  REQUIRE(n);
  CHECK(*n >= 1);
  CHECK(*n <= affinity);
  CHECK(c.cpu.effective_cpus == n);
  if (!c.cpu.limit) CHECK(*n == affinity);
  if (c.cpu.limit) CHECK(*n == std::min<int>(affinity, static_cast<int>(std::ceil(*c.cpu.limit))));
}

TEST_CASE("live: pressure() against /proc/pressure read before and after") {
  for (const char* res : {"cpu", "memory", "io", "irq"}) {
    const std::string path = std::string("/proc/pressure/") + res;
    for (int attempt = 0;; ++attempt) {
      const std::string before = read_file(path);
      const psinfo::pressure_t p = psinfo::pressure();
      const std::string after = read_file(path);
      const std::optional<psinfo::psi_t>& r = std::string(res) == "cpu"      ? p.cpu
                                              : std::string(res) == "memory" ? p.memory
                                              : std::string(res) == "io"     ? p.io
                                                                             : p.irq;
      if (before.empty()) {
        CHECK(!r);
        break;
      }
      REQUIRE(r);
      bool same = true;
      for (const char* kind : {"some", "full"}) {
        double b[4], a[4];
        const bool has = psi_line(before, kind, b);
        REQUIRE(has == psi_line(after, kind, a));
        const auto& line = std::string(kind) == "some" ? r->some : r->full;
        REQUIRE(has == line.has_value());
        if (!has) continue;
        CHECK(static_cast<double>(line->total) >= b[3]);
        CHECK(static_cast<double>(line->total) <= a[3]);
        same &= b[0] == a[0] && b[1] == a[1] && b[2] == a[2];
        if (b[0] == a[0] && b[1] == a[1] && b[2] == a[2]) {
          CHECK(line->avg10 == b[0]);
          CHECK(line->avg60 == b[1]);
          CHECK(line->avg300 == b[2]);
        }
      }
      if (same || attempt == 5) break;  // the averages moved (every 2 s): read again
    }
  }
}

TEST_CASE("live: a process that is gone is no_such_process") {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) _exit(0);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK_THROWS_AS(psinfo::cgroup(child), psinfo::no_such_process);
}

TEST_CASE("live: virtual_memory_effective() is virtual_memory() capped by the limit") {
  const auto host = psinfo::virtual_memory();
  const auto vm = psinfo::virtual_memory_effective();
  const auto c = psinfo::cgroup();
  CHECK(vm.limit == c.memory.effective_max);
  if (!vm.limit) {
    CHECK(vm.total == host.total);
  } else {
    CHECK(vm.total == std::min<std::uint64_t>(host.total, *vm.limit));
    CHECK(vm.available <= vm.total);
  }
  CHECK(vm.used == vm.total - vm.available);
}
