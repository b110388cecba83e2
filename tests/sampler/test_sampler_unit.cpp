// psinfo::sampler: the same results as the free functions (on recorded trees exactly, on the
// live machine between two free calls), fresh data through the kept descriptors when a file
// changes in place, its own nowrap and cpu_percent state, a procfs root change, no fd leak.
#include <catch2/catch.hpp>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <psinfo/psinfo.hpp>

#include "fixtures.hpp"

namespace {

// Field-by-field views of the result types (they have no operator==).
auto key(const psinfo::cpu_times_t& t) {
  return std::make_tuple(t.user, t.system, t.idle, t.nice, t.iowait, t.irq, t.softirq, t.steal,
                         t.guest, t.guest_nice, t.interrupt, t.dpc);
}
auto key(const psinfo::cpu_stats_t& s) {
  return std::make_tuple(s.ctx_switches, s.interrupts, s.soft_interrupts, s.syscalls);
}
auto key(const psinfo::virtual_memory_t& m) {
  return std::make_tuple(m.total, m.available, m.percent, m.used, m.free, m.active, m.inactive,
                         m.buffers, m.cached, m.shared, m.slab, m.wired);
}
auto key(const psinfo::swap_memory_t& s) {
  return std::make_tuple(s.total, s.used, s.free, s.percent, s.sin, s.sout);
}
auto key(const psinfo::disk_io_counters_t& d) {
  return std::make_tuple(d.read_count, d.write_count, d.read_bytes, d.write_bytes, d.read_time,
                         d.write_time, d.read_merged_count, d.write_merged_count, d.busy_time);
}
auto key(const psinfo::net_io_counters_t& n) {
  return std::make_tuple(n.bytes_sent, n.bytes_recv, n.packets_sent, n.packets_recv, n.errin,
                         n.errout, n.dropin, n.dropout);
}
template <class T>
auto key(const std::vector<T>& v) {
  std::vector<decltype(key(v[0]))> out;
  for (const T& x : v) out.push_back(key(x));
  return out;
}
template <class T>
auto key(const std::map<std::string, T>& m) {
  std::map<std::string, decltype(key(m.begin()->second))> out;
  for (const auto& [k, x] : m) out.emplace(k, key(x));
  return out;
}
template <class T>
auto key(const std::optional<T>& o) {
  return o ? std::optional<decltype(key(*o))>(key(*o)) : std::nullopt;
}
auto key(const std::array<double, 3>& a) { return a; }

// What a call gives: its value, or the type and message of what it threw.
template <class F>
std::string outcome(F f) {
  try {
    auto k = key(f());
    (void)k;
    return "value";
  } catch (const psinfo::error& e) {
    return std::string("error: ") + e.what();
  }
}

// A call of the sampler and of the free function give the same value, or the same error.
#define SAME(sampler_call, free_call)                                           \
  do {                                                                          \
    std::string so = outcome([&] { return sampler_call; });                     \
    std::string fo = outcome([&] { return free_call; });                        \
    INFO(#sampler_call << " -> " << so << " ; " << #free_call << " -> " << fo); \
    REQUIRE(so == fo);                                                          \
    if (so == "value") CHECK(key(sampler_call) == key(free_call));              \
  } while (0)

int count_fds() {
  int n = 0;
  DIR* d = ::opendir("/proc/self/fd");
  REQUIRE(d != nullptr);
  while (struct dirent* e = ::readdir(d))
    if (e->d_name[0] != '.') ++n;
  ::closedir(d);
  return n - 1;  // the directory's own descriptor
}

// Rewrites a file in place: the same inode (O_TRUNC, no rename), so only a pread through a kept
// descriptor can see the new text.
void rewrite(const std::string& path, const std::string& text) {
  struct stat before, after;
  REQUIRE(::stat(path.c_str(), &before) == 0);
  int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  ::close(fd);
  REQUIRE(::stat(path.c_str(), &after) == 0);
  REQUIRE(before.st_ino == after.st_ino);
}

// The tree of this machine recorded by scripts/record-fixture.sh (tests/fixtures).
const char* const kRecorded = "recorded-vm";

// A writable proc tree in a temporary directory, seeded from the recorded tree, the roots
// pointed at it; removed (and the roots restored) at the end.
struct temp_tree {
  std::string dir;
  std::optional<test::fixture_root> roots;
  temp_tree() {
    char tmpl[] = "/tmp/psinfo-sampler-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    dir = tmpl;
    REQUIRE(::mkdir((dir + "/proc").c_str(), 0755) == 0);
    REQUIRE(::mkdir((dir + "/proc/net").c_str(), 0755) == 0);
    REQUIRE(::mkdir((dir + "/sys").c_str(), 0755) == 0);
    REQUIRE(::mkdir((dir + "/sys/block").c_str(), 0755) == 0);
    REQUIRE(::mkdir((dir + "/sys/block/sda").c_str(), 0755) == 0);
    // A recorded tree's files, then rewritten by the tests.
    const std::string rec = test::own_fixture(std::string(kRecorded) + "/proc/");
    for (const char* f : {"stat", "meminfo", "diskstats", "net/dev", "loadavg", "vmstat"})
      write(std::string("proc/") + f, test::slurp(rec + f));
    roots.emplace(dir);
  }
  ~temp_tree() {
    roots.reset();
    psinfo::cache_clear();
    std::string cmd = "rm -rf '" + dir + "'";
    if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "cannot remove %s\n", dir.c_str());
  }
  void write(const std::string& rel, const std::string& text) {
    std::ofstream(dir + "/" + rel, std::ios::binary) << text;
  }
  std::string path(const std::string& rel) const { return dir + "/" + rel; }
};

const char* const net_header =
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs "
    "drop fifo colls carrier compressed\n";

std::string net_dev(unsigned long long eth0_recv) {
  return std::string(net_header) + "  eth0: " + std::to_string(eth0_recv) +
         " 10 0 0 0 0 0 0 500 5 0 0 0 0 0 0\n    lo: 100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0\n";
}

std::string diskstats(unsigned long long sda_reads) {
  return "   8       0 sda " + std::to_string(sda_reads) +
         " 2 3000 4 5 6 7000 8 0 9 10\n   8       1 sda1 1 2 3 4 5 6 7 8 0 9 10\n";
}

// Every function of s against the free function on the same files.
void same_as_free_functions(psinfo::sampler& s) {
  SAME(s.cpu_times(), psinfo::cpu_times());
  SAME(s.cpu_times_percpu(), psinfo::cpu_times_percpu());
  SAME(s.cpu_stats(), psinfo::cpu_stats());
  SAME(s.getloadavg(), psinfo::getloadavg());
  SAME(s.virtual_memory(), psinfo::virtual_memory());
  SAME(s.swap_memory(), psinfo::swap_memory());
  SAME(s.disk_io_counters(false), psinfo::disk_io_counters(false));
  SAME(s.disk_io_counters_perdisk(false), psinfo::disk_io_counters_perdisk(false));
  SAME(s.net_io_counters(false), psinfo::net_io_counters(false));
  SAME(s.net_io_counters_pernic(false), psinfo::net_io_counters_pernic(false));
}

}  // namespace

TEST_CASE("sampler: the free functions' results on recorded trees", "[shared]") {
  for (const char* tree : {"procfs", "node-exporter"}) {
    INFO(tree);
    test::fixture_root root(test::shared_fixture(tree));
    psinfo::sampler s;
    same_as_free_functions(s);
    // Twice through the same descriptors: the same again.
    SAME(s.disk_io_counters_perdisk(false), psinfo::disk_io_counters_perdisk(false));
    SAME(s.virtual_memory(), psinfo::virtual_memory());
  }
}

TEST_CASE("sampler: the free functions' results on the recorded tree of this project") {
  test::fixture_root root(test::own_fixture(kRecorded));
  psinfo::sampler s;
  same_as_free_functions(s);
}

TEST_CASE("sampler: the free functions' results on the live machine") {
  psinfo::sampler s;
  // Counters only grow: free <= sampler <= free, read in that order.
  auto c1 = psinfo::cpu_times();
  auto cs = s.cpu_times();
  auto c2 = psinfo::cpu_times();
  CHECK(c1.idle <= cs.idle);
  CHECK(cs.idle <= c2.idle);
  CHECK(c1.user <= cs.user);
  CHECK(cs.user <= c2.user);
  CHECK(s.cpu_times_percpu().size() == psinfo::cpu_times_percpu().size());
  auto st1 = psinfo::cpu_stats();
  auto sts = s.cpu_stats();
  auto st2 = psinfo::cpu_stats();
  CHECK(st1.ctx_switches <= sts.ctx_switches);
  CHECK(sts.ctx_switches <= st2.ctx_switches);
  CHECK(s.virtual_memory().total == psinfo::virtual_memory().total);
  CHECK(s.swap_memory().total == psinfo::swap_memory().total);
  // Per disk and per NIC: the same names, each counter between the two free calls.
  auto between = [](const auto& before, const auto& sampled, const auto& after, auto field) {
    for (const auto& [name, c] : sampled) {
      INFO(name);
      REQUIRE(before.count(name));
      REQUIRE(after.count(name));
      CHECK(before.at(name).*field <= c.*field);
      CHECK(c.*field <= after.at(name).*field);
    }
    CHECK(sampled.size() == before.size());
  };
  // (Read into variables first: the order of a call's arguments is unspecified.)
  auto d1 = psinfo::disk_io_counters_perdisk(false);
  auto ds = s.disk_io_counters_perdisk(false);
  auto d2 = psinfo::disk_io_counters_perdisk(false);
  between(d1, ds, d2, &psinfo::disk_io_counters_t::read_count);
  auto n1 = psinfo::net_io_counters_pernic(false);
  auto ns = s.net_io_counters_pernic(false);
  auto n2 = psinfo::net_io_counters_pernic(false);
  between(n1, ns, n2, &psinfo::net_io_counters_t::bytes_recv);
}

TEST_CASE("sampler: the kernel's /proc/stat, read directly") {
  psinfo::sampler s;
  const double tck = static_cast<double>(::sysconf(_SC_CLK_TCK));
  auto idle_of = [tck](const std::string& text) {
    std::istringstream in(text);
    std::string cpu;
    double user, nice, system, idle;
    in >> cpu >> user >> nice >> system >> idle;
    return idle / tck;
  };
  double before = idle_of(test::slurp("/proc/stat"));
  double mine = s.cpu_times().idle;
  double after = idle_of(test::slurp("/proc/stat"));
  CHECK(before <= mine + 1e-9);
  CHECK(mine <= after + 1e-9);
}

TEST_CASE("sampler: files rewritten in place are seen through the kept descriptors") {
  temp_tree t;
  psinfo::sampler s;
  t.write("proc/stat",
          "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 100 0 100 800 0 0 0 0 0 0\n"
          "ctxt 1000\nbtime 1\nintr 50 1 2\nsoftirq 7 1\n");
  rewrite(t.path("proc/diskstats"), diskstats(10));
  rewrite(t.path("proc/net/dev"), net_dev(1000));
  const double tck = static_cast<double>(::sysconf(_SC_CLK_TCK));
  CHECK(s.cpu_times().user == 100 / tck);
  CHECK(s.cpu_stats().ctx_switches == 1000);
  CHECK(s.disk_io_counters_perdisk()["sda"].read_count == 10);
  CHECK(s.disk_io_counters()->read_count ==
        10);  // sda only: sda1 is no whole disk (no sys/block/sda1)
  CHECK(s.net_io_counters_pernic()["eth0"].bytes_recv == 1000);
  CHECK(s.cpu_percent() == 0.0);  // first call: two back-to-back samples of the same text
  const int fds = count_fds();

  rewrite(t.path("proc/stat"),
          "cpu  250 0 100 850 0 0 0 0 0 0\ncpu0 250 0 100 850 0 0 0 0 0 0\n"
          "ctxt 2000\nbtime 1\nintr 60 1 2\nsoftirq 8 1\n");
  rewrite(t.path("proc/diskstats"), diskstats(20));
  rewrite(t.path("proc/net/dev"), net_dev(3000));
  CHECK(s.cpu_times().user == 250 / tck);
  CHECK(s.cpu_stats().ctx_switches == 2000);
  CHECK(s.disk_io_counters_perdisk()["sda"].read_count == 20);
  CHECK(s.net_io_counters_pernic()["eth0"].bytes_recv == 3000);
  // busy 150 of 200 ticks since the previous cpu_percent call: psutil's 75.0.
  CHECK(s.cpu_percent() == 75.0);
  // The same descriptors: nothing was opened again.
  CHECK(count_fds() == fds);
  // A larger file than the buffer's first 4 KiB: the buffer grows.
  std::string big = "cpu  300 0 100 900 0 0 0 0 0 0\n";
  for (int i = 0; i < 400; ++i) big += "cpu" + std::to_string(i) + " 1 0 1 8 0 0 0 0 0 0\n";
  big += "ctxt 3000\nintr 70\n";
  REQUIRE(big.size() > 8192);
  rewrite(t.path("proc/stat"), big);
  CHECK(s.cpu_times_percpu().size() == 400);
  CHECK(s.cpu_stats().ctx_switches == 3000);
  SAME(s.cpu_times_percpu(), psinfo::cpu_times_percpu());
}

TEST_CASE("sampler: its own nowrap state, apart from the global one and other samplers") {
  temp_tree t;
  rewrite(t.path("proc/net/dev"), net_dev(4294967000ull));
  rewrite(t.path("proc/diskstats"), diskstats(4294967000ull));
  psinfo::cache_clear();
  psinfo::sampler a;
  CHECK(a.net_io_counters_pernic()["eth0"].bytes_recv == 4294967000ull);
  CHECK(a.disk_io_counters_perdisk()["sda"].read_count == 4294967000ull);

  // The 32-bit counters wrap.
  rewrite(t.path("proc/net/dev"), net_dev(100));
  rewrite(t.path("proc/diskstats"), diskstats(50));
  psinfo::sampler b;  // first call of its own: raw values
  CHECK(b.net_io_counters_pernic()["eth0"].bytes_recv == 100);
  // The global state never saw the first values: raw too.
  CHECK(psinfo::net_io_counters_pernic()["eth0"].bytes_recv == 100);
  CHECK(psinfo::disk_io_counters_perdisk()["sda"].read_count == 50);
  // nowrap=false: raw, the state untouched.
  CHECK(a.net_io_counters_pernic(false)["eth0"].bytes_recv == 100);
  // a saw 4294967000 then 100: the wrap is added.
  CHECK(a.net_io_counters_pernic()["eth0"].bytes_recv == 4294967000ull + 100);
  CHECK(a.net_io_counters()->bytes_recv == 4294967000ull + 100 + 100);  // + lo
  CHECK(a.disk_io_counters_perdisk()["sda"].read_count == 4294967000ull + 50);
  CHECK(a.disk_io_counters()->read_count == 4294967000ull + 50);
  // Clearing the global state changes nothing for a sampler.
  psinfo::cache_clear();
  CHECK(a.net_io_counters_pernic()["eth0"].bytes_recv == 4294967000ull + 100);
  // Its own cache_clear does.
  a.cache_clear("net_io_counters");
  CHECK(a.net_io_counters_pernic()["eth0"].bytes_recv == 100);
  CHECK(a.disk_io_counters_perdisk()["sda"].read_count == 4294967000ull + 50);
  a.cache_clear();
  CHECK(a.disk_io_counters_perdisk()["sda"].read_count == 50);
}

TEST_CASE("sampler: set_procfs_path switches a sampler made before it", "[shared]") {
  psinfo::sampler s;
  auto live = s.cpu_times();
  {
    test::fixture_root root(test::shared_fixture("procfs"));
    SAME(s.cpu_times(), psinfo::cpu_times());
    SAME(s.net_io_counters_pernic(false), psinfo::net_io_counters_pernic(false));
    CHECK(key(s.cpu_times()) != key(live));
  }
  {
    test::fixture_root root(test::shared_fixture("node-exporter"));
    SAME(s.cpu_times(), psinfo::cpu_times());
    SAME(s.net_io_counters_pernic(false), psinfo::net_io_counters_pernic(false));
  }
  // Back on /proc.
  auto c1 = psinfo::cpu_times();
  auto cs = s.cpu_times();
  CHECK(c1.idle <= cs.idle);
}

TEST_CASE("sampler: errors are the free functions'") {
  temp_tree t;
  psinfo::sampler s;
  REQUIRE(::unlink(t.path("proc/meminfo").c_str()) == 0);
  SAME(s.virtual_memory(), psinfo::virtual_memory());
  CHECK_THROWS_AS(s.virtual_memory(), psinfo::error);
  t.write("proc/stat", "nothing here\n");
  SAME(s.cpu_times(), psinfo::cpu_times());
  SAME(s.cpu_stats(), psinfo::cpu_stats());
  // A malformed file is named as read (under the tree, not /proc).
  CHECK_THROWS_WITH(s.cpu_times(), Catch::Matchers::StartsWith(t.path("proc/stat") + ": "));
  t.write("proc/meminfo", "MemTotal: x kB\n");
  SAME(s.virtual_memory(), psinfo::virtual_memory());
  CHECK_THROWS_WITH(s.virtual_memory(), Catch::Matchers::StartsWith(t.path("proc/meminfo") + ": "));
  CHECK_THROWS_AS(s.cpu_percent(-1), psinfo::invalid_argument);
  // A file that appears later is opened then.
  t.write("proc/meminfo", test::slurp(test::own_fixture(std::string(kRecorded) + "/proc/meminfo")));
  SAME(s.virtual_memory(), psinfo::virtual_memory());
}

TEST_CASE("sampler: no descriptor left after close() or destruction") {
  const int before = count_fds();
  {
    psinfo::sampler s;
    CHECK(count_fds() == before);  // opens nothing yet
    s.cpu_times();
    s.virtual_memory();
    s.swap_memory();
    s.disk_io_counters_perdisk();
    s.net_io_counters_pernic();
    CHECK(count_fds() == before + 5);
    s.close();
    CHECK(count_fds() == before);
    s.cpu_stats();
    CHECK(count_fds() == before + 1);
    psinfo::sampler moved(std::move(s));
    CHECK(count_fds() == before + 1);
    moved.cpu_times();  // the same descriptor
    CHECK(count_fds() == before + 1);
    s.cpu_times();  // a moved-from sampler works as a new one
    CHECK(count_fds() == before + 2);
    s = std::move(moved);
    CHECK(count_fds() == before + 1);
  }
  CHECK(count_fds() == before);
  {
    // Root changes close the old descriptors.
    psinfo::sampler s;
    for (int i = 0; i < 3; ++i) {
      test::fixture_root root(test::own_fixture(kRecorded));
      s.cpu_times();
      s.net_io_counters_pernic();
    }
    s.cpu_times();
    CHECK(count_fds() == before + 1);
  }
  CHECK(count_fds() == before);
}

TEST_CASE("sampler: cpu_percent is the sampler's own") {
  temp_tree t;
  auto stat = [](int user, int idle) {
    return "cpu  " + std::to_string(user) + " 0 0 " + std::to_string(idle) + " 0 0 0 0 0 0\ncpu0 " +
           std::to_string(user) + " 0 0 " + std::to_string(idle) + " 0 0 0 0 0 0\nctxt 1\nintr 1\n";
  };
  rewrite(t.path("proc/stat"), stat(100, 100));
  psinfo::sampler s, other;
  s.cpu_percent();
  s.cpu_percent_percpu();
  s.cpu_times_percent();
  rewrite(t.path("proc/stat"), stat(130, 170));
  other.cpu_percent();  // another sampler's call moves nothing of s
  psinfo::cpu_percent();
  // From user 100 -> 130 and idle 100 -> 170 ticks: 30 of 100 ticks busy.
  CHECK(s.cpu_percent() == 30.0);
  CHECK(s.cpu_percent_percpu() == std::vector<double>{30.0});
  const psinfo::cpu_times_t tp = s.cpu_times_percent();
  CHECK(tp.user == 30.0);
  CHECK(tp.idle == 70.0);
  CHECK(tp.system == 0.0);
  rewrite(t.path("proc/stat"), stat(230, 170));
  CHECK(s.cpu_percent() == 100.0);
  // The first call of this method compares two samples of the same text: no time passed.
  CHECK(s.cpu_times_percent_percpu().at(0).user == 0.0);
}

TEST_CASE("sampler: devices added, removed, renamed, reordered or repeated between reads") {
  // The sampler keeps the previous per-device map and overwrites its values while the file
  // lists the same names in the same order, and does not parse again a line unchanged since
  // the previous read: every change of the list and of any line must be seen.
  temp_tree t;
  psinfo::sampler s;
  auto disk = [](const char* name, int v) {
    return "   8       0 " + std::string(name) + " " + std::to_string(v) +
           " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
  };
  auto nic = [](const char* name, int v) {
    return std::string("  ") + name + ": " + std::to_string(v) + " 1 0 0 0 0 0 0 5 1 0 0 0 0 0 0\n";
  };
  const std::vector<std::vector<std::pair<const char*, int>>> lists = {
      {{"sda", 1}, {"sdb", 2}, {"loop0", 3}},
      {{"sda", 4}, {"sdb", 5}, {"loop0", 6}},               // same names: values only
      {{"sdb", 7}, {"sda", 8}, {"loop0", 9}},               // reordered
      {{"sda", 10}, {"sdb", 11}, {"loop0", 12}, {"x", 1}},  // one more
      {{"sda", 13}, {"sdb", 14}},                           // fewer
      {{"sda", 15}, {"sdc", 16}},                           // renamed
      {{"sda", 17}, {"sda", 18}, {"sdc", 19}},              // repeated: the last line wins
      {{"sda", 20}, {"sda", 21}, {"sdc", 22}},
      {{"sda", 23}, {"sda", 21}, {"sdc", 22}},  // repeated, the last line unchanged
      {{"sda", 1}, {"sdb", 2}, {"loop0", 3}},
      {{"sda", 1}, {"sdb", 5}, {"loop0", 3}},  // one line of three changed
      {{"sda", 1}, {"sdb", 5}, {"loop0", 3}},  // none changed
      {{"sda", 1}, {"sdb", 5}, {"loop0", 3}, {"loop1", 3}},
      {},  // none
      {{"sda", 23}},
  };
  // The maps a monitor keeps for the fill overloads, across every list.
  std::map<std::string, psinfo::disk_io_counters_t> kept_disks;
  std::map<std::string, psinfo::net_io_counters_t> kept_nics;
  for (const auto& list : lists) {
    std::string d, n = net_header;
    for (const auto& [name, v] : list) {
      d += disk(name, v);
      n += nic(name, v);
    }
    rewrite(t.path("proc/diskstats"), d);
    rewrite(t.path("proc/net/dev"), n);
    INFO("diskstats:\n" << d);
    SAME(s.disk_io_counters_perdisk(false), psinfo::disk_io_counters_perdisk(false));
    SAME(s.net_io_counters_pernic(false), psinfo::net_io_counters_pernic(false));
    SAME(s.disk_io_counters_perdisk(), psinfo::disk_io_counters_perdisk());
    SAME(s.net_io_counters_pernic(), psinfo::net_io_counters_pernic());
    CHECK(s.disk_io_counters_perdisk(false).size() == s.net_io_counters_pernic(false).size());
    s.disk_io_counters_perdisk(kept_disks, false);
    s.net_io_counters_pernic(kept_nics);
    SAME(kept_disks, psinfo::disk_io_counters_perdisk(false));
    SAME(kept_nics, psinfo::net_io_counters_pernic());
  }
  // The fill overloads reuse the caller's nodes while the names are unchanged, and replace
  // whatever the caller put in the map otherwise.
  rewrite(t.path("proc/diskstats"), disk("sda", 30) + disk("sdb", 31));
  rewrite(t.path("proc/net/dev"), std::string(net_header) + nic("lo", 30) + nic("eth0", 31));
  s.disk_io_counters_perdisk(kept_disks);
  s.net_io_counters_pernic(kept_nics);
  const psinfo::disk_io_counters_t* sda = &kept_disks.at("sda");
  const psinfo::net_io_counters_t* eth0 = &kept_nics.at("eth0");
  rewrite(t.path("proc/diskstats"), disk("sda", 32) + disk("sdb", 33));
  rewrite(t.path("proc/net/dev"), std::string(net_header) + nic("lo", 32) + nic("eth0", 33));
  s.disk_io_counters_perdisk(kept_disks, false);  // raw: sda wrapped (21 -> 1) in the lists
  s.net_io_counters_pernic(kept_nics);
  CHECK(&kept_disks.at("sda") == sda);
  CHECK(kept_disks.at("sda").read_count == 32);
  CHECK(&kept_nics.at("eth0") == eth0);
  CHECK(kept_nics.at("eth0").bytes_recv == 33);
  kept_disks.erase("sdb");
  kept_disks["zzz"].read_count = 99;
  kept_nics["extra"].bytes_recv = 99;
  s.disk_io_counters_perdisk(kept_disks);
  s.net_io_counters_pernic(kept_nics);
  SAME(kept_disks, psinfo::disk_io_counters_perdisk());
  SAME(kept_nics, psinfo::net_io_counters_pernic());
  CHECK(kept_disks.count("zzz") == 0);
  CHECK(kept_nics.count("extra") == 0);
  // A malformed line after a good one: the error, then the next good text read in full.
  rewrite(t.path("proc/diskstats"), disk("sda", 1) + "   8       1 sdb x\n");
  rewrite(t.path("proc/net/dev"), std::string(net_header) + nic("sda", 1) + "  eth0: 1 x\n");
  SAME(s.disk_io_counters_perdisk(false), psinfo::disk_io_counters_perdisk(false));
  SAME(s.net_io_counters_pernic(false), psinfo::net_io_counters_pernic(false));
  rewrite(t.path("proc/diskstats"), disk("sda", 2) + disk("sdb", 3));
  rewrite(t.path("proc/net/dev"), std::string(net_header) + nic("sda", 2) + nic("eth0", 3));
  SAME(s.disk_io_counters_perdisk(false), psinfo::disk_io_counters_perdisk(false));
  SAME(s.net_io_counters_pernic(false), psinfo::net_io_counters_pernic(false));
  CHECK(s.disk_io_counters_perdisk(false).at("sdb").read_count == 3);
  CHECK(s.net_io_counters_pernic(false).at("eth0").bytes_recv == 3);
}
