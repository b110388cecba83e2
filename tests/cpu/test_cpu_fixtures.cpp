// The CPU functions on recorded trees (../shared/fixtures, cases tagged [shared]) and
// hand-made ones (tests/fixtures). Expected values are read off the fixture files by hand (the
// arithmetic is in the comments) or are what psutil 5.9.4 returns with PROCFS_PATH pointed at
// the same tree.
#include <catch2/catch.hpp>

#include <psinfo/psinfo.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>

#include <sys/stat.h>

#include "fixtures.hpp"

using test::fixture_root;
using test::own_fixture;
using test::shared_fixture;

namespace {
double tck() { return static_cast<double>(sysconf(_SC_CLK_TCK)); }
bool exists(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}
}  // namespace

TEST_CASE("node-exporter tree: cpu_times, percpu, stats, boot time, load", "[shared]") {
  fixture_root root(shared_fixture("node-exporter"));
  auto t = psinfo::cpu_times();
  // /proc/stat: cpu  301854 612 111922 8979004 3552 2 3944 0 44 36
  CHECK(t.user == 301854 / tck());
  CHECK(*t.nice == 612 / tck());
  CHECK(t.system == 111922 / tck());
  CHECK(t.idle == 8979004 / tck());
  CHECK(*t.iowait == 3552 / tck());
  CHECK(*t.irq == 2 / tck());
  CHECK(*t.softirq == 3944 / tck());
  CHECK(*t.steal == 0.0);
  CHECK(*t.guest == 44 / tck());
  CHECK(*t.guest_nice == 36 / tck());
  auto per = psinfo::cpu_times_percpu();
  REQUIRE(per.size() == 8);
  // cpu7 29098 268 10164 1139282 555 0 31 0 9 8
  CHECK(per[7].user == 29098 / tck());
  CHECK(*per[7].guest_nice == 8 / tck());
  auto st = psinfo::cpu_stats();
  CHECK(st.ctx_switches == 38014093u);
  CHECK(st.interrupts == 8885917u);
  CHECK(*st.soft_interrupts == 5057579u);
  CHECK_FALSE(st.syscalls);
  CHECK(psinfo::boot_time() == 1418183276.0);
  CHECK(psinfo::getloadavg() == std::array<double, 3>{0.21, 0.37, 0.39});
}

TEST_CASE("node-exporter tree: cpu_freq from cpuN/cpufreq dirs", "[shared]") {
  fixture_root root(shared_fixture("node-exporter"));
  // 4 cpufreq dirs but 8 `cpu MHz` lines: the sysfs scaling_cur_freq is used.
  auto f = psinfo::cpu_freq_percpu();
  REQUIRE(f.size() == 4);
  CHECK(f[0].current == 1699.981);
  CHECK(*f[0].min == 800.0);
  CHECK(*f[0].max == 3700.0);
  CHECK(f[2].current == 8.0);
  CHECK(*f[2].min == 1.0);
  CHECK(*f[3].max == 4200.0);
  auto avg = psinfo::cpu_freq();
  REQUIRE(avg);
  CHECK(avg->current == Approx((1699.981 * 2 + 8 * 2) / 4));
  CHECK(*avg->min == Approx((800 * 2 + 1 * 2) / 4.0));
  CHECK(*avg->max == Approx((3700 * 2 + 4200 * 2) / 4.0));
}

TEST_CASE("node-exporter tree: counts", "[shared]") {
  fixture_root root(shared_fixture("node-exporter"));
  CHECK(psinfo::cpu_count() == 4);  // sys/devices/system/cpu/online: 0-3
  // topology has no core_cpus_list/thread_siblings_list: /proc/cpuinfo, one package of 4 cores.
  CHECK(psinfo::cpu_count(false) == 4);
}

TEST_CASE("procfs tree: counts and cpu_freq from a policy dir", "[shared]") {
  fixture_root root(shared_fixture("procfs"));
  // No `online` file: /proc/cpuinfo's 8 processors.
  CHECK(psinfo::cpu_count() == 8);
  // thread_siblings_list: cpu0 "0,4", cpu1 "1,5".
  CHECK(psinfo::cpu_count(false) == 2);
  const std::string policy1 = shared_fixture("procfs/sys/devices/system/cpu/cpufreq/policy1");
  if (exists(policy1)) {
    // The upstream tree has an empty policy1 (git drops it unless restored): it claims cpu1,
    // which has no current frequency and is not offline. psutil raises NotImplementedError.
    CHECK_THROWS_AS(psinfo::cpu_freq_percpu(), psinfo::not_supported);
  } else {
    auto f = psinfo::cpu_freq_percpu();
    REQUIRE(f.size() == 1);
    CHECK(f[0].current == 1219.917);
    CHECK(*f[0].min == 800.0);
    CHECK(*f[0].max == 2400.0);
  }
}

namespace {
void write_file(const std::string& path, const std::string& text) {
  FILE* f = std::fopen(path.c_str(), "w");
  REQUIRE(f);
  std::fputs(text.c_str(), f);
  std::fclose(f);
}
}  // namespace

TEST_CASE("cpu_count(logical=false) is re-read when `online` changes or a root is set") {
  char dir[] = "/tmp/psinfo-cores-XXXXXX";
  REQUIRE(mkdtemp(dir));
  const std::string root = dir, cpu = root + "/sys/devices/system/cpu";
  for (const std::string& d :
       {root + "/sys", root + "/sys/devices", root + "/sys/devices/system", cpu, cpu + "/cpu0",
        cpu + "/cpu0/topology", cpu + "/cpu1", cpu + "/cpu1/topology", root + "/proc"})
    REQUIRE(mkdir(d.c_str(), 0755) == 0);
  write_file(cpu + "/online", "0-1\n");
  write_file(cpu + "/cpu0/topology/core_cpus_list", "0-1\n");  // one core, two threads
  write_file(cpu + "/cpu1/topology/core_cpus_list", "0-1\n");
  {
    fixture_root r(root);
    CHECK(psinfo::cpu_count(false) == 1);
    // Topology alone changed: the kept answer (the files are not read again).
    write_file(cpu + "/cpu1/topology/core_cpus_list", "1\n");
    write_file(cpu + "/cpu0/topology/core_cpus_list", "0\n");
    CHECK(psinfo::cpu_count(false) == 1);
    // `online` changed: the topology is scanned again.
    write_file(cpu + "/online", "0,1\n");
    CHECK(psinfo::cpu_count(false) == 2);
    write_file(cpu + "/cpu1/topology/core_cpus_list", "0\n");
    CHECK(psinfo::cpu_count(false) == 2);
  }
  {
    fixture_root r(root);  // the same paths set again: read again
    CHECK(psinfo::cpu_count(false) == 1);
  }
  // Without `online`, every call scans.
  REQUIRE(unlink((cpu + "/online").c_str()) == 0);
  {
    fixture_root r(root);
    CHECK(psinfo::cpu_count(false) == 1);
    write_file(cpu + "/cpu1/topology/core_cpus_list", "1\n");
    CHECK(psinfo::cpu_count(false) == 2);
  }
  for (const char* f : {"/cpu0/topology/core_cpus_list", "/cpu1/topology/core_cpus_list"})
    unlink((cpu + f).c_str());
  for (const std::string& d :
       {cpu + "/cpu0/topology", cpu + "/cpu1/topology", cpu + "/cpu0", cpu + "/cpu1", cpu,
        root + "/sys/devices/system", root + "/sys/devices", root + "/sys", root + "/proc", root})
    rmdir(d.c_str());
}

TEST_CASE("offline CPU: counts, per-CPU times and frequencies skip it") {
  fixture_root root(own_fixture("offline-cpus"));
  CHECK(psinfo::cpu_count() == 3);       // online: 0,2-3
  CHECK(psinfo::cpu_count(false) == 2);  // core_cpus_list "0,2" and "3" (cpuinfo would say 4)
  auto per = psinfo::cpu_times_percpu();
  REQUIRE(per.size() == 3);
  CHECK(per[1].user == 300 / tck());  // the line of cpu2
  auto f = psinfo::cpu_freq_percpu();
  // policy0..3 claim 4 CPUs, cpuinfo lists 3: sysfs values. cpu1 has none and is offline.
  REQUIRE(f.size() == 3);
  CHECK(f[0].current == 1800.123);
  CHECK(f[1].current == 2400.999);  // cpuinfo_cur_freq when scaling_cur_freq is missing
  CHECK(f[2].current == 3000.0);
  CHECK(*f[2].max == 3600.0);
  CHECK_FALSE(f[2].min);  // policy3 has no scaling_min_freq: absent, not 0
  auto avg = psinfo::cpu_freq();
  REQUIRE(avg);
  CHECK(avg->current == Approx((1800.123 + 2400.999 + 3000.0) / 3));
  CHECK_FALSE(avg->min);
  CHECK_FALSE(avg->max);
  auto st = psinfo::cpu_stats();
  CHECK(st.ctx_switches == 67890u);
  CHECK(st.interrupts == 12345u);
  CHECK(*st.soft_interrupts == 555u);
  CHECK(psinfo::boot_time() == 1700000000.0);
  CHECK(psinfo::getloadavg() == std::array<double, 3>{2.5, 1.25, 0.75});
}

TEST_CASE("no cpufreq in sysfs: cpu_freq from /proc/cpuinfo, min/max absent") {
  // offline-cpus/proc with the node-exporter-less sys of the old-kernel tree (no cpufreq).
  test::procfs_guard proc(own_fixture("offline-cpus/proc"));
  test::sysfs_guard sys(own_fixture("old-kernel/sys-does-not-exist"));
  auto f = psinfo::cpu_freq_percpu();
  auto avg = psinfo::cpu_freq();
  REQUIRE(f.size() == 3);
  CHECK(f[0].current == 2100.5);
  CHECK(f[2].current == 2300.125);
  CHECK_FALSE(f[0].min);
  CHECK_FALSE(f[0].max);
  REQUIRE(avg);
  CHECK(avg->current == Approx((2100.5 + 2200.25 + 2300.125) / 3));
  CHECK_FALSE(avg->min);
}

TEST_CASE("an unknown extra column in /proc/stat is ignored") {
  fixture_root root(own_fixture("stat-extra-column"));
  auto t = psinfo::cpu_times();
  CHECK(t.user == 100 / tck());
  CHECK(*t.guest_nice == 10 / tck());
  CHECK(psinfo::cpu_times_percpu().size() == 1);
}

TEST_CASE("steal going backwards counts as zero in percentages") {
  REQUIRE(tck() == 100);  // the percentages below are worked out for 100 ticks per second
  psinfo::sampler s;
  double pct;
  psinfo::cpu_times_t tp;
  std::vector<double> per;
  {
    test::procfs_guard a(own_fixture("steal-backwards/a/proc"));
    s.cpu_percent();
    s.cpu_times_percent();
    s.cpu_percent_percpu();
  }
  {
    test::procfs_guard b(own_fixture("steal-backwards/b/proc"));
    pct = s.cpu_percent();
    tp = s.cpu_times_percent();
    per = s.cpu_percent_percpu();
  }
  // deltas: user 100, system 50, idle 300, steal -100 -> 0; all = 450, busy = 150
  CHECK(pct == 33.3);
  REQUIRE(per.size() == 1);
  CHECK(per[0] == 33.3);
  // times_percent: all = 4.5 s, scale = 100 / 4.5
  CHECK(tp.user == 22.2);
  CHECK(tp.system == 11.1);
  CHECK(tp.idle == 66.7);
  CHECK(*tp.steal == 0.0);
  CHECK(*tp.nice == 0.0);
}
