// The pure parsers of src/linux/cgroup_parse.hpp on text written after the kernel's
// documentation (Documentation/admin-guide/cgroup-v2.rst, cgroup-v1/*.rst,
// accounting/psi.rst, filesystems/proc.rst for mountinfo), odd and malformed text included;
// and the effective CPU count's formula.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "linux/cgroup_parse.hpp"
#include "linux/process_parse.hpp"
#include "platform.hpp"

using namespace psinfo::detail;
using psinfo::psi_t;

TEST_CASE("mountinfo: the cgroup and cgroup2 mounts, their roots and v1 options") {
  const char* text =
      "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n"
      "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
      "32 31 0:29 /docker/ab /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:9 master:3 - cgroup "
      "cgroup rw,cpu,cpuacct\n"
      "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup ro,xattr,name=systemd\n"
      "41 31 0:38 /a\\040b /sys/fs/cgroup/unified\\134x rw - cgroup2 cgroup2 rw,nsdelegate\n";
  std::vector<cgroup_mount> m;
  REQUIRE(parse_mountinfo_cgroups(text, m));
  REQUIRE(m.size() == 3);
  CHECK(!m[0].v2);
  CHECK(m[0].root == "/docker/ab");
  CHECK(m[0].mount_point == "/sys/fs/cgroup/cpu,cpuacct");
  CHECK(m[0].options == "rw,cpu,cpuacct");
  CHECK(m[0].has_option("cpu"));
  CHECK(m[0].has_option("cpuacct"));
  CHECK(!m[0].has_option("cpuset"));
  CHECK(!m[0].has_option("cp"));
  CHECK(m[1].has_option("name=systemd"));
  CHECK(!m[1].has_option("systemd"));
  CHECK(m[2].v2);
  CHECK(m[2].root == "/a b");                              // \040: a space
  CHECK(m[2].mount_point == "/sys/fs/cgroup/unified\\x");  // \134: a backslash
  CHECK(m[2].options.empty());
  // No cgroup mount at all, an empty file: nothing, no error.
  CHECK(parse_mountinfo_cgroups("22 1 259:2 / / rw - ext4 /dev/sda rw\n", m));
  CHECK(m.empty());
  CHECK(parse_mountinfo_cgroups("", m));
  // Malformed: too few fields, no separator, nothing after it.
  CHECK(!parse_mountinfo_cgroups("garbage\n", m));
  CHECK(!parse_mountinfo_cgroups("1 2 3:4 / /x rw cgroup cgroup rw\n", m));
  CHECK(!parse_mountinfo_cgroups("1 2 3:4 / /x rw -\n", m));
  CHECK(!parse_mountinfo_cgroups("1 2 3:4 / /x rw - cgroup\n", m));
}

TEST_CASE("/proc/PID/cgroup: hierarchies and paths") {
  std::vector<cgroup_entry> e;
  REQUIRE(parse_proc_cgroup("12:pids:/docker/x\n3:cpu,cpuacct:/a:b\n1:name=systemd:/\n0::/\n", e));
  REQUIRE(e.size() == 4);
  CHECK(e[0].controllers == "pids");
  CHECK(e[1].controllers == "cpu,cpuacct");
  CHECK(e[1].path == "/a:b");  // a ':' in the path stays in it
  CHECK(e[2].controllers == "name=systemd");
  CHECK(e[3].controllers.empty());
  CHECK(e[3].path == "/");
  REQUIRE(parse_proc_cgroup("0::/x (deleted)\n0::/../../y\n", e));
  CHECK(e[0].path == "/x (deleted)");
  CHECK(e[1].path == "/../../y");
  CHECK(parse_proc_cgroup("", e));
  CHECK(e.empty());
  CHECK(!parse_proc_cgroup("x::/\n", e));
  CHECK(!parse_proc_cgroup("0:/\n", e));
  CHECK(!parse_proc_cgroup("0::relative\n", e));
  CHECK(!parse_proc_cgroup("0::\n", e));
}

TEST_CASE("single values, limits and cpu.max") {
  std::uint64_t v = 0;
  CHECK(parse_cgroup_u64("1024\n", v));
  CHECK(v == 1024);
  CHECK(parse_cgroup_u64(" 18446744073709551615 ", v));
  CHECK(v == 18446744073709551615ull);
  CHECK(!parse_cgroup_u64("18446744073709551616", v));
  CHECK(!parse_cgroup_u64("-1", v));
  CHECK(!parse_cgroup_u64("", v));
  CHECK(!parse_cgroup_u64("12 13", v));

  std::optional<std::uint64_t> l = 5;
  CHECK(parse_cgroup_limit("max\n", l));
  CHECK(!l);
  CHECK(parse_cgroup_limit("-1\n", l));
  CHECK(!l);
  CHECK(parse_cgroup_limit("536870912\n", l));
  CHECK(l == 536870912u);
  CHECK(!parse_cgroup_limit("maximum", l));
  CHECK(!parse_cgroup_limit("-2", l));

  std::optional<std::uint64_t> quota;
  std::uint64_t period = 0;
  CHECK(parse_cpu_max("max 100000\n", quota, period));
  CHECK(!quota);
  CHECK(period == 100000);
  CHECK(parse_cpu_max("150000 100000\n", quota, period));
  CHECK(quota == 150000u);
  CHECK(!parse_cpu_max("150000\n", quota, period));
  CHECK(!parse_cpu_max("150000 100000 7\n", quota, period));
  CHECK(!parse_cpu_max("-1 100000\n", quota, period));
  CHECK(!parse_cpu_max("150000 max\n", quota, period));
}

TEST_CASE("CPU and memory node lists") {
  std::vector<int> v;
  CHECK(parse_cgroup_list("0-3,8,10-11\n", v));
  CHECK(v == std::vector<int>{0, 1, 2, 3, 8, 10, 11});
  CHECK(parse_cgroup_list("\n", v));  // an empty cpuset
  CHECK(v.empty());
  CHECK(!parse_cgroup_list("3-1\n", v));
  CHECK(!parse_cgroup_list("a\n", v));
}

TEST_CASE("PSI: some and full, irq's full alone, unknown lines skipped") {
  psi_t p;
  REQUIRE(
      parse_psi("some avg10=12.34 avg60=0.00 avg300=100.00 total=987654321\n"
                "full avg10=0.01 avg60=0.02 avg300=0.03 total=5\n",
                p));
  REQUIRE(p.some);
  CHECK(p.some->avg10 == 12.34);
  CHECK(p.some->avg300 == 100.0);
  CHECK(p.some->total == 987654321u);
  REQUIRE(p.full);
  CHECK(p.full->avg60 == 0.02);
  CHECK(p.full->total == 5u);
  REQUIRE(parse_psi("full avg10=0.10 avg60=0.05 avg300=0.02 total=3000\n", p));
  CHECK(!p.some);
  CHECK(p.full->avg10 == 0.10);
  REQUIRE(parse_psi("some avg10=0.00 avg60=0.00 avg300=0.00 total=0 extra=1\nnew x=1\n", p));
  CHECK(p.some);
  CHECK(!p.full);
  CHECK(parse_psi("", p));
  CHECK(!p.some);
  CHECK(!parse_psi("some avg10=0.00 avg60=0.00 total=0\n", p));  // avg300 missing
  CHECK(!parse_psi("some avg10=x avg60=0.00 avg300=0.00 total=0\n", p));
  CHECK(!parse_psi("some avg10=-1.00 avg60=0.00 avg300=0.00 total=0\n", p));
  CHECK(!parse_psi("some avg10 avg60=0.00 avg300=0.00 total=0\n", p));
  CHECK(!parse_psi("full avg10=0.00 avg60=0.00 avg300=0.00 total=-4\n", p));
}

TEST_CASE("Cpus_allowed_list of /proc/PID/status (the affinity of effective_cpus)") {
  CHECK(
      parse_proc_status_cpus_allowed("Name:\tx\nCpus_allowed:\tff\nCpus_allowed_list:\t0-3,6\n") ==
      std::vector<int>{0, 1, 2, 3, 6});
  CHECK(parse_proc_status_cpus_allowed("Name:\tx\n").empty());
  CHECK(parse_proc_status_cpus_allowed("Cpus_allowed_list:\tjunk\n").empty());
}

TEST_CASE("keyed files: flat, nested, v1 per device") {
  std::vector<std::pair<std::string, std::uint64_t>> got;
  auto collect = [&got](std::string_view k, std::uint64_t v) { got.emplace_back(k, v); };
  CHECK(for_each_keyed("usage_usec 10\nnr_periods 2\n\n", collect));
  CHECK(got == decltype(got){{"usage_usec", 10}, {"nr_periods", 2}});
  CHECK(!for_each_keyed("anon twelve\n", collect));
  CHECK(!for_each_keyed("anon\n", collect));
  CHECK(!for_each_keyed("anon 1 2\n", collect));

  std::vector<std::string> seen;
  auto nested = [&seen](std::string_view d, std::string_view k, std::string_view v) {
    seen.push_back(std::string(d) + " " + std::string(k) + "=" + std::string(v));
    return k != "bad";
  };
  CHECK(for_each_nested_keyed("8:0 rbps=1 wbps=max\n253:0 cost.vrate=135.00\n", nested));
  CHECK(seen == std::vector<std::string>{"8:0 rbps=1", "8:0 wbps=max", "253:0 cost.vrate=135.00"});
  CHECK(!for_each_nested_keyed("8:0 bad=1\n", nested));  // the callback refused it
  CHECK(!for_each_nested_keyed("sda rbps=1\n", nested));
  CHECK(!for_each_nested_keyed("8:0 rbps\n", nested));
  CHECK(!for_each_nested_keyed("8:0 =1\n", nested));

  std::vector<std::string> dv;
  auto device_value = [&dv](std::string_view d, std::uint64_t v) {
    dv.push_back(std::string(d) + "=" + std::to_string(v));
  };
  CHECK(for_each_device_value("8:0 1048576\n8:16 5\n", device_value));
  CHECK(dv == std::vector<std::string>{"8:0=1048576", "8:16=5"});
  CHECK(!for_each_device_value("8:0\n", device_value));
  CHECK(!for_each_device_value("8-0 5\n", device_value));

  std::vector<std::string> ops;
  auto device_op = [&ops](std::string_view d, std::string_view op, std::uint64_t v) {
    ops.push_back(std::string(d) + " " + std::string(op) + " " + std::to_string(v));
  };
  CHECK(for_each_device_op("8:0 Read 4096\n8:0 Write 0\nTotal 4096\n", device_op));
  CHECK(ops == std::vector<std::string>{"8:0 Read 4096", "8:0 Write 0"});
  CHECK(for_each_device_op("Total 0\n", device_op));
  CHECK(!for_each_device_op("Total\n", device_op));
  CHECK(!for_each_device_op("8:0 Read\n", device_op));
  CHECK(!for_each_device_op("8:0 Read x\n", device_op));

  CHECK(is_device("254:0"));
  CHECK(!is_device("254:"));
  CHECK(!is_device(":0"));
  CHECK(!is_device("254"));
}

TEST_CASE("effective CPU count: min(affinity, ceil(limit)), at least 1") {
  CHECK(effective_cpu_count(8, std::nullopt) == 8);
  CHECK(effective_cpu_count(8, 0.5) == 1);
  CHECK(effective_cpu_count(8, 1.5) == 2);
  CHECK(effective_cpu_count(8, 2.0) == 2);
  CHECK(effective_cpu_count(8, 3.0000001) == 4);
  CHECK(effective_cpu_count(2, 16.0) == 2);
  CHECK(effective_cpu_count(8, 0.0) == 1);
  CHECK(effective_cpu_count(std::nullopt, 2.5) == 3);
  CHECK(!effective_cpu_count(std::nullopt, std::nullopt));
  // quota/period of two integers of microseconds: exact where an integer is meant.
  CHECK(effective_cpu_count(64, 300000.0 / 100000.0) == 3);
  CHECK(effective_cpu_count(64, 30000000.0 / 1000000.0) == 30);
}
