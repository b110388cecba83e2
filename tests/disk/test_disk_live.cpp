// Disk functions on the running machine, against what the kernel and the system's tools say:
// /proc/self/mounts, /proc/filesystems and /proc/diskstats read here, statvfs(3), `df -B1`,
// `findmnt`. Counters move, so they are bracketed between a read before and a read after.
#include <dirent.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <psinfo/disk.hpp>
#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "error_checks.hpp"
#include "fixtures.hpp"

namespace {

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

std::vector<std::string> split_ws(const std::string& line) {
  std::istringstream is(line);
  std::vector<std::string> v;
  std::string t;
  while (is >> t) v.push_back(t);
  return v;
}

// The kernel escapes space, tab, newline and backslash as \ooo in /proc/self/mounts.
std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() + 0 && std::isdigit((unsigned char)s[i + 1])) {
      out += static_cast<char>(std::strtol(s.substr(i + 1, 3).c_str(), nullptr, 8));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

constexpr std::uint64_t slack = 64ull << 20;  // other processes write while the test runs

}  // namespace

TEST_CASE("live: disk_partitions(all=true) is /proc/self/mounts, in order") {
  std::vector<std::vector<std::string>> rows;
  std::istringstream is(test::read_file("/proc/self/mounts"));
  std::string line;
  while (std::getline(is, line))
    if (!line.empty()) rows.push_back(split_ws(line));
  auto v = psinfo::disk_partitions(true);
  REQUIRE(v.size() == rows.size());
  for (size_t i = 0; i < v.size(); ++i) {
    INFO("mount " << i << ": " << rows[i][1]);
    std::string dev = unescape(rows[i][0]);
    if (dev == "none") dev = "";
    if (dev != "/dev/root" && dev != "rootfs") CHECK(v[i].device == dev);
    CHECK(v[i].mountpoint == unescape(rows[i][1]));
    CHECK(v[i].fstype == rows[i][2]);
    CHECK(v[i].opts == rows[i][3]);
  }
}

TEST_CASE("live: disk_partitions(all=true) has findmnt's mount points") {
  std::string out = run("findmnt -rn -o TARGET 2>/dev/null");
  if (out.empty()) {
    WARN("findmnt not available: skipped");
    return;
  }
  std::multiset<std::string> theirs, ours;
  std::istringstream is(out);
  std::string line;
  while (std::getline(is, line))
    if (!line.empty()) theirs.insert(line);
  for (const auto& p : psinfo::disk_partitions(true)) {
    if (p.mountpoint.find_first_of(" \t\\") != std::string::npos) continue;  // findmnt escapes
    ours.insert(p.mountpoint);
  }
  for (auto it = theirs.begin(); it != theirs.end();)
    if (it->find("\\x") != std::string::npos)
      it = theirs.erase(it);
    else
      ++it;
  CHECK(ours == theirs);
}

TEST_CASE("live: disk_partitions(all=false) keeps physical filesystems with a device") {
  std::set<std::string> physical;
  std::istringstream fs(test::read_file("/proc/filesystems"));
  std::string line;
  while (std::getline(fs, line)) {
    auto t = split_ws(line);
    if (t.size() == 1) physical.insert(t[0]);
    if (t.size() == 2 && t[0] == "nodev" && t[1] == "zfs") physical.insert("zfs");
  }
  size_t expected = 0;
  std::istringstream ms(test::read_file("/proc/self/mounts"));
  while (std::getline(ms, line)) {
    auto t = split_ws(line);
    if (t.size() >= 3 && t[0] != "none" && physical.count(t[2])) ++expected;
  }
  auto v = psinfo::disk_partitions(false);
  CHECK(v.size() == expected);
  for (const auto& p : v) {
    CHECK_FALSE(p.device.empty());
    CHECK(physical.count(p.fstype) == 1);
  }
}

TEST_CASE("live: disk_usage against statvfs and df -B1") {
  for (std::string path : {"/", "/tmp", "/dev/shm", "/etc/hostname"}) {
    struct statvfs a, b;
    if (statvfs(path.c_str(), &a) != 0) continue;
    INFO(path);
    auto u = psinfo::disk_usage(path);
    REQUIRE(statvfs(path.c_str(), &b) == 0);
    const std::uint64_t fr = a.f_frsize;
    CHECK(u.total == std::uint64_t(a.f_blocks) * fr);
    auto used_a = std::uint64_t(a.f_blocks - a.f_bfree) * fr;
    auto used_b = std::uint64_t(b.f_blocks - b.f_bfree) * fr;
    CHECK(u.used + slack >= std::min(used_a, used_b));
    CHECK(u.used <= std::max(used_a, used_b) + slack);
    auto free_a = std::uint64_t(a.f_bavail) * fr, free_b = std::uint64_t(b.f_bavail) * fr;
    CHECK(u.free + slack >= std::min(free_a, free_b));
    CHECK(u.free <= std::max(free_a, free_b) + slack);
    double pct = (used_a + free_a) ? 100.0 * used_a / double(used_a + free_a) : 0.0;
    CHECK(u.percent == Approx(pct).margin(0.5));
    // df: 1B-blocks, Used, Avail.
    auto df = split_ws(run("df -B1 --output=size,used,avail '" + path + "' 2>/dev/null | tail -1"));
    if (df.size() == 3) {
      CHECK(u.total == std::stoull(df[0]));
      CHECK(u.used + slack >= std::stoull(df[1]));
      CHECK(u.used <= std::stoull(df[1]) + slack);
      CHECK(u.free + slack >= std::stoull(df[2]));
      CHECK(u.free <= std::stoull(df[2]) + slack);
    }
  }
  auto proc = psinfo::disk_usage("/proc");
  CHECK(proc.total == 0);
  CHECK(proc.percent == 0.0);
}

TEST_CASE("live: disk_usage errors") {
  CHECK_THROWS_AS(psinfo::disk_usage(""), psinfo::invalid_argument);
  const std::string missing = "/nonexistent-psinfo-disk-test/x";
  test::check_missing_path([&] { psinfo::disk_usage(missing); }, missing);
}

TEST_CASE("live: disk_usage on a path it may not search is access_denied") {
  char tmpl[] = "/tmp/psinfo-disk-XXXXXX";
  REQUIRE(mkdtemp(tmpl));
  const std::string dir = tmpl;
  REQUIRE(chmod(dir.c_str(), 0700) == 0);
  const std::string target = dir + "/inner";
  // Root searches any directory, so the check runs in a child that drops to `nobody`; the
  // directory stays root's with mode 0700.
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (getuid() == 0) {
      if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
    } else if (chmod(dir.c_str(), 0) != 0) {
      _exit(3);
    }
    try {
      psinfo::disk_usage(target);
    } catch (const psinfo::access_denied&) {
      _exit(0);
    } catch (...) {
      _exit(2);
    }
    _exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  chmod(dir.c_str(), 0700);
  rmdir(dir.c_str());
  REQUIRE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 3) {
    WARN("cannot drop privileges here: access_denied check skipped");
    return;
  }
  CHECK(WEXITSTATUS(status) == 0);
}

namespace {
using row = std::array<std::uint64_t, 9>;  // psutil's field order
std::map<std::string, row> read_diskstats() {
  std::map<std::string, row> m;
  std::istringstream is(test::read_file("/proc/diskstats"));
  std::string line;
  while (std::getline(is, line)) {
    auto t = split_ws(line);
    if (t.size() < 14) continue;
    auto n = [&](int i) { return std::stoull(t[i]); };
    m[t[2]] = {n(3), n(7), n(5) * 512, n(9) * 512, n(6), n(10), n(4), n(8), n(12)};
  }
  return m;
}
row as_row(const psinfo::disk_io_counters_t& c) {
  return {c.read_count,
          c.write_count,
          c.read_bytes,
          c.write_bytes,
          c.read_time.value_or(~0ull),
          c.write_time.value_or(~0ull),
          c.read_merged_count.value_or(~0ull),
          c.write_merged_count.value_or(~0ull),
          c.busy_time.value_or(~0ull)};
}
void check_between(const row& lo, const row& v, const row& hi) {
  for (size_t i = 0; i < v.size(); ++i) {
    INFO("field " << i);
    CHECK(lo[i] <= v[i]);
    CHECK(v[i] <= hi[i]);
  }
}
std::set<std::string> sys_block() {
  std::set<std::string> s;
  if (DIR* d = opendir("/sys/block")) {
    while (auto* e = readdir(d))
      if (e->d_name[0] != '.') s.insert(e->d_name);
    closedir(d);
  }
  return s;
}
}  // namespace

TEST_CASE("live: disk_io_counters_perdisk between two reads of /proc/diskstats") {
  if (access("/proc/diskstats", R_OK) != 0) {
    WARN("no /proc/diskstats: skipped");
    return;
  }
  psinfo::cache_clear("disk_io_counters");
  for (bool nowrap : {false, true, true}) {
    auto before = read_diskstats();
    auto p = psinfo::disk_io_counters_perdisk(nowrap);
    auto after = read_diskstats();
    REQUIRE(p.size() == after.size());
    for (const auto& [name, c] : p) {
      INFO(name << " nowrap=" << nowrap);
      REQUIRE(before.count(name));
      REQUIRE(after.count(name));
      check_between(before[name], as_row(c), after[name]);
    }
  }
}

TEST_CASE("live: disk_io_counters sums the devices of /sys/block") {
  auto whole = sys_block();
  auto sum = [&](const std::map<std::string, row>& m) {
    row s{};
    for (const auto& [name, r] : m) {
      std::string key = name;
      std::replace(key.begin(), key.end(), '/', '!');
      if (!whole.count(key)) continue;
      for (size_t i = 0; i < s.size(); ++i) s[i] += r[i];
    }
    return s;
  };
  auto before = read_diskstats();
  auto t = psinfo::disk_io_counters(false);
  auto after = read_diskstats();
  if (!t) {
    CHECK(sum(after) == row{});
    return;
  }
  check_between(sum(before), as_row(*t), sum(after));
}
