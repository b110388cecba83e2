// Process memory / files parsers on recorded and hand-made files, and the per-PID readers on
// /proc trees built here (the recorded 26231 with fd links rebuilt, hand-made PIDs).
// Expected values come from the files themselves: counted by hand (noted) or re-parsed here
// with a deliberately different, simple parser.
#include <catch2/catch.hpp>

#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <psinfo/process.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "linux/proc_mem_parse.hpp"

using namespace psinfo;
namespace fs = std::filesystem;

namespace {

const std::string kShared = PSINFO_SHARED_FIXTURES "/procfs/proc/";
const std::string kOwn = PSINFO_TEST_FIXTURES "/";
constexpr std::uint64_t KB = 1024;

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// The reference: an istringstream parser of smaps, one entry per mapping.
struct ref_map {
  std::string addr, perms, path;
  std::map<std::string, std::uint64_t> kb;  // "Rss" -> kB
};
std::vector<ref_map> ref_smaps(const std::string& text) {
  std::vector<ref_map> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string first;
    if (!(ls >> first)) continue;
    if (first.back() != ':') {
      ref_map m;
      std::string off, dev, ino;
      ls >> m.perms >> off >> dev >> ino;
      m.addr = first;
      std::getline(ls, m.path);
      size_t a = m.path.find_first_not_of(" \t");
      size_t b = m.path.find_last_not_of(" \t");
      m.path = a == std::string::npos ? "" : m.path.substr(a, b - a + 1);
      if (m.path.empty()) m.path = "[anon]";
      out.push_back(m);
    } else if (first != "VmFlags:") {
      std::uint64_t v = 0;
      ls >> v;
      out.back().kb[first.substr(0, first.size() - 1)] = v;
    }
  }
  return out;
}

std::uint64_t get(const ref_map& m, const char* key) {
  auto it = m.kb.find(key);
  return it == m.kb.end() ? 0 : it->second * KB;
}

void check_same(const memory_map_t& got, const ref_map& want) {
  INFO(want.addr << " " << want.path);
  CHECK(got.path == want.path);
  CHECK(got.rss == get(want, "Rss"));
  CHECK(got.size == get(want, "Size"));
  CHECK(got.pss == get(want, "Pss"));
  CHECK(got.shared_clean == get(want, "Shared_Clean"));
  CHECK(got.shared_dirty == get(want, "Shared_Dirty"));
  CHECK(got.private_clean == get(want, "Private_Clean"));
  CHECK(got.private_dirty == get(want, "Private_Dirty"));
  CHECK(got.referenced == get(want, "Referenced"));
  CHECK(got.anonymous == get(want, "Anonymous"));
  CHECK(got.swap == get(want, "Swap"));
}

// Nothing " (deleted)" exists, except one path.
bool exists_stub(const std::string& p) { return p == "/keep/me (deleted)"; }

struct procfs_guard {
  std::string old = psinfo::procfs_path();
  explicit procfs_guard(const std::string& root) { psinfo::set_procfs_path(root); }
  ~procfs_guard() { psinfo::set_procfs_path(old == "/proc" ? "" : old); }
};

struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string t = (fs::temp_directory_path() / "psinfo-procmem-XXXXXX").string();
    REQUIRE(::mkdtemp(t.data()) != nullptr);
    path = t;
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << text;
  REQUIRE(f.good());
}

// A stat line for a PID of a hand-made tree, in state `st`.
std::string stat_line(long pid, char st) {
  return std::to_string(pid) + " (x) " + st +
         " 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0 18446744073709551615 0 0 0 0 0 0 0 0 "
         "0 0 0 0 17 0 0 0 0 0 0\n";
}

}  // namespace

TEST_CASE("smaps_rollup of the recorded process 26231", "[procmem][parse]") {
  std::string text = slurp(kShared + "26231/smaps_rollup");
  auto t = detail::parse_smaps_rollup(text);
  // Read off the file: Private_Clean 15548 + Private_Dirty 14396 + Private_Hugetlb 0.
  CHECK(t.uss == (15548 + 14396) * KB);
  CHECK(t.pss == 29944 * KB);   // not SwapPss 1940
  CHECK(t.swap == 1940 * KB);
  CHECK_THROWS_AS(detail::parse_smaps_rollup("Rss: 1 kB\nPss: x kB\n"), error);
  CHECK_THROWS_AS(detail::parse_smaps_rollup("Private_Dirty:\n"), error);
  auto empty = detail::parse_smaps_rollup("");
  CHECK((empty.uss == 0 && empty.pss == 0 && empty.swap == 0));
}

TEST_CASE("smaps of 26231: totals and maps against a reference parse", "[procmem][parse]") {
  std::string text = slurp(kShared + "26231/smaps");
  auto ref = ref_smaps(text);
  REQUIRE(ref.size() == 12);  // 12 header lines in the file

  std::uint64_t uss = 0, pss = 0, swap = 0;
  for (auto& m : ref) {
    uss += get(m, "Private_Clean") + get(m, "Private_Dirty") + get(m, "Private_Hugetlb");
    pss += get(m, "Pss");
    swap += get(m, "Swap");
  }
  auto t = detail::parse_smaps_totals(text);
  CHECK(t.uss == uss);
  CHECK(t.pss == pss);
  CHECK(t.swap == swap);

  std::vector<memory_map_t> flat;
  detail::parse_smaps(text, false, flat, exists_stub);
  REQUIRE(flat.size() == ref.size());
  for (size_t i = 0; i < ref.size(); ++i) {
    CHECK(flat[i].addr == ref[i].addr);
    CHECK(flat[i].perms == ref[i].perms);
    check_same(flat[i], ref[i]);
  }
  CHECK(flat[0].path == "/bin/alertmanager");
  CHECK(flat[3].path == "[anon]");
  CHECK(flat[8].path == "[stack]");

  std::vector<memory_map_t> grouped;
  detail::parse_smaps(text, true, grouped, exists_stub);
  std::vector<std::string> order;
  std::map<std::string, std::uint64_t> rss, size;
  for (auto& m : ref) {
    if (!rss.count(m.path)) order.push_back(m.path);
    rss[m.path] += get(m, "Rss");
    size[m.path] += get(m, "Size");
  }
  REQUIRE(grouped.size() == order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    CHECK(grouped[i].path == order[i]);
    CHECK(grouped[i].rss == rss[order[i]]);
    CHECK(grouped[i].size == size[order[i]]);
    CHECK(!grouped[i].addr);
    CHECK(!grouped[i].perms);
  }
}

TEST_CASE("hand-made smaps: VmFlags, deleted, empty path, spaces, repeats", "[procmem][parse]") {
  std::string text = slurp(kOwn + "procmem-smaps/smaps");
  std::vector<memory_map_t> flat;
  detail::parse_smaps(text, false, flat, exists_stub);
  // Counted by hand from the file (kB).
  REQUIRE(flat.size() == 9);
  CHECK(flat[0].path == "/usr/bin/dbus-daemon");
  CHECK(flat[0].addr == "00400000-00452000");
  CHECK(flat[0].perms == "r-xp");
  CHECK(flat[0].rss == 300 * KB);
  CHECK(flat[0].size == 328 * KB);
  CHECK(flat[0].pss == 150 * KB);  // Pss_Dirty is another key
  CHECK(flat[0].shared_clean == 300 * KB);
  CHECK(flat[1].swap == 8 * KB);  // SwapPss is another key
  CHECK(flat[2].path == "[anon]");
  CHECK(flat[2].size == 12 * KB);
  CHECK(flat[2].swap == 16 * KB);
  CHECK(flat[3].path == "/memfd:psinfo-test");  // " (deleted)" and the path does not exist
  CHECK(flat[3].perms == "rw-s");
  CHECK(flat[3].shared_dirty == 4 * KB);
  CHECK(flat[3].private_dirty == 0);  // absent keys are 0, not the previous block's
  CHECK(flat[3].swap == 0);
  CHECK(flat[4].path == "/opt/psinfo test/lib with spaces.so");  // trailing blanks stripped
  CHECK(flat[5].path == flat[4].path);
  CHECK(flat[6].path == "[anon]");
  CHECK(flat[6].rss == 2 * KB);  // a repeated key: the last wins
  CHECK(flat[7].path == "[stack]");
  CHECK(flat[8].path == "[vsyscall]");
  CHECK(flat[8].perms == "--xp");
  CHECK(flat[8].size == 4 * KB);

  std::vector<memory_map_t> g;
  detail::parse_smaps(text, true, g, exists_stub);
  REQUIRE(g.size() == 6);
  CHECK(g[0].path == "/usr/bin/dbus-daemon");
  CHECK(g[0].rss == 304 * KB);
  CHECK(g[0].size == 332 * KB);
  CHECK(g[0].pss == 154 * KB);
  CHECK(g[0].private_dirty == 4 * KB);
  CHECK(g[0].swap == 8 * KB);
  CHECK(g[1].path == "[anon]");
  CHECK(g[1].rss == 10 * KB);
  CHECK(g[1].size == 16 * KB);
  CHECK(g[1].pss == 12 * KB);
  CHECK(g[1].anonymous == 12 * KB);
  CHECK(g[2].path == "/memfd:psinfo-test");
  CHECK(g[3].path == "/opt/psinfo test/lib with spaces.so");
  CHECK(g[3].rss == 12 * KB);
  CHECK(g[3].pss == 9 * KB);
  CHECK(g[3].shared_clean == 4 * KB);
  CHECK(g[3].private_clean == 8 * KB);
  CHECK(g[4].path == "[stack]");
  CHECK(g[5].path == "[vsyscall]");

  auto t = detail::parse_smaps_totals(text);
  CHECK(t.uss == 44 * KB);   // Private_*: 4 + 8 + 8 + 4 + 20
  CHECK(t.pss == 197 * KB);  // Pss: 150+4+8+2+8+1+4+20+0
  CHECK(t.swap == 28 * KB);  // Swap: 8+16+4

  // A " (deleted)" path that exists literally is kept whole.
  std::vector<memory_map_t> keep;
  detail::parse_smaps("1000-2000 r--p 00000000 08:02 7 /keep/me (deleted)\nRss: 4 kB\n", false,
                      keep, exists_stub);
  REQUIRE(keep.size() == 1);
  CHECK(keep[0].path == "/keep/me (deleted)");
  CHECK(keep[0].rss == 4 * KB);
}

TEST_CASE("junk in smaps is an error; empty smaps is no mapping", "[procmem][parse]") {
  std::vector<memory_map_t> out;
  CHECK_THROWS_AS(
      detail::parse_smaps(slurp(kOwn + "procmem-junk/smaps-value"), true, out, exists_stub),
      error);
  CHECK_THROWS_AS(
      detail::parse_smaps(slurp(kOwn + "procmem-junk/smaps-header"), false, out, exists_stub),
      error);
  CHECK_THROWS_AS(detail::parse_smaps("1000-2000 r--p 0 08:02\nRss: 1 kB\n", false, out,
                                      exists_stub),
                  error);
  // "Rss:12" is one token without a trailing ':' for psutil: a header of too few fields.
  CHECK_THROWS_AS(detail::parse_smaps("1000-2000 r--p 0 08:02 7 /x\nRss:12 kB\n", false, out,
                                      exists_stub),
                  error);
  out.clear();
  detail::parse_smaps("", true, out, exists_stub);
  detail::parse_smaps("\n \n", false, out, exists_stub);
  CHECK(out.empty());
  // The regex-like totals ignore what they cannot read, as psutil's regexes do.
  auto t = detail::parse_smaps_totals(slurp(kOwn + "procmem-junk/smaps-header"));
  CHECK(t.pss == 150 * KB);
}

TEST_CASE("fdinfo and open modes", "[procmem][parse]") {
  auto a = detail::parse_fdinfo(slurp(kShared + "26231/fdinfo/0"));
  CHECK(a.pos == 0);
  CHECK(a.flags == 02004000);
  auto b = detail::parse_fdinfo(slurp(kShared + "26231/fdinfo/1"));
  CHECK(b.flags == 02004002);
  auto c = detail::parse_fdinfo("pos:\t12345\nflags:\t0102001\nmnt_id:\t9\nino:\t77\n");
  CHECK(c.pos == 12345);
  CHECK(c.flags == 0102001);
  CHECK_THROWS_AS(detail::parse_fdinfo("pos:\t1\n"), error);
  CHECK_THROWS_AS(detail::parse_fdinfo("pos:\tx\nflags:\t0\n"), error);
  CHECK_THROWS_AS(detail::parse_fdinfo("pos:\t1\nflags:\t09\n"), error);

  // psutil's file_flags_to_mode table.
  CHECK(detail::file_mode(O_RDONLY) == "r");
  CHECK(detail::file_mode(O_WRONLY) == "w");
  CHECK(detail::file_mode(O_RDWR) == "r+");
  CHECK(detail::file_mode(O_WRONLY | O_APPEND) == "a");
  CHECK(detail::file_mode(O_RDWR | O_APPEND) == "a+");
  CHECK(detail::file_mode(O_RDONLY | O_APPEND) == "r");
  CHECK(detail::file_mode(O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC) == "w");
  CHECK(!detail::file_mode(O_ACCMODE));
}

TEST_CASE("readers on a /proc tree: 26231 with rebuilt links, hand-made PIDs", "[procmem][tree]") {
  temp_dir tmp;
  const fs::path root = tmp.path / "proc";
  const fs::path src = kShared + "26231";
  const fs::path p = root / "26231";
  fs::create_directories(p / "fd");
  for (const char* f : {"stat", "statm", "smaps", "smaps_rollup"}) fs::copy_file(src / f, p / f);
  fs::copy(src / "fdinfo", p / "fdinfo");
  // The recorded links (fixtures/MANIFESTS/procfs.tsv): relative targets, which psutil drops.
  for (auto [fd, target] : std::map<std::string, std::string>{{"0", "abc"}, {"1", "def"},
                                                               {"2", "ghi"}, {"3", "uvw"},
                                                               {"10", "xyz"}})
    fs::create_symlink("../../symlinktargets/" + target, p / "fd" / fd);
  // Added: one regular file by absolute path (kept), and what must not be kept.
  const fs::path files = tmp.path / "files";
  write_file(files / "data.bin", std::string(8192, 'x'));
  fs::create_symlink(files / "data.bin", p / "fd" / "20");
  write_file(p / "fdinfo" / "20", "pos:\t4096\nflags:\t0102002\nmnt_id:\t9\n");
  fs::create_symlink("socket:[4242]", p / "fd" / "21");
  fs::create_symlink("pipe:[77]", p / "fd" / "22");
  fs::create_symlink(files, p / "fd" / "23");  // a directory
  fs::create_symlink((files / "gone.txt").string() + " (deleted)", p / "fd" / "24");
  fs::create_symlink("/dev/null", p / "fd" / "25");
  fs::create_symlink(files / "data.bin", p / "fd" / "26");  // no fdinfo/26: closed meanwhile
  write_file(p / "fd" / "27", "not a link");                  // EINVAL: skipped

  // 4242: hand-made smaps, no smaps_rollup (the fallback); 4343: a zombie; 4444: a kernel
  // thread (empty smaps, alive).
  write_file(root / "4242" / "stat", stat_line(4242, 'S'));
  fs::copy_file(kOwn + "procmem-smaps/smaps", root / "4242" / "smaps");
  write_file(root / "4343" / "stat", stat_line(4343, 'Z'));
  write_file(root / "4343" / "smaps", "");
  write_file(root / "4444" / "stat", stat_line(4444, 'S'));
  write_file(root / "4444" / "smaps", "");

  procfs_guard guard(root.string());

  auto files_got = detail::proc_open_files(26231);
  REQUIRE(files_got.size() == 1);
  CHECK(files_got[0].path == (files / "data.bin").string());
  CHECK(files_got[0].fd == 20);
  CHECK(files_got[0].position == 4096u);
  CHECK(files_got[0].flags == 0102002);
  CHECK(files_got[0].mode == "a+");

  auto t = detail::proc_smaps_totals(26231);  // smaps_rollup (this kernel has it)
  CHECK(t.uss == (15548 + 14396) * KB);
  CHECK(t.pss == 29944 * KB);
  CHECK(t.swap == 1940 * KB);
  auto maps = detail::proc_memory_maps(26231, false);
  CHECK(maps.size() == 12);

  auto t2 = detail::proc_smaps_totals(4242);  // ENOENT on smaps_rollup -> smaps
  CHECK(t2.uss == 44 * KB);
  CHECK(t2.pss == 197 * KB);
  CHECK(t2.swap == 28 * KB);
  CHECK(detail::proc_memory_maps(4242, true).size() == 6);

  CHECK_THROWS_AS(detail::proc_memory_maps(4343, true), zombie_process);
  CHECK_THROWS_AS(detail::proc_smaps_totals(4343), zombie_process);
  try {
    detail::proc_memory_maps(4343, false);
  } catch (const zombie_process& z) {
    CHECK(z.pid() == 4343);
    CHECK(z.ppid() == 1);
  }
  CHECK(detail::proc_memory_maps(4444, true).empty());
  auto k = detail::proc_smaps_totals(4444);
  CHECK((k.uss == 0 && k.pss == 0 && k.swap == 0));

  CHECK_THROWS_AS(detail::proc_memory_maps(999999, true), no_such_process);
  CHECK_THROWS_AS(detail::proc_smaps_totals(999999), no_such_process);
  CHECK_THROWS_AS(detail::proc_open_files(999999), no_such_process);
}

TEST_CASE("smaps is read once per oneshot (psutil memoizes it), again outside", "[procmem][tree]") {
  temp_dir tmp;
  const fs::path root = tmp.path / "proc";
  // No smaps_rollup: memory_full_info falls back to smaps, as memory_maps reads it.
  write_file(root / "4545" / "stat", stat_line(4545, 'S'));
  write_file(root / "4545" / "statm", "10 5 2 1 0 3 0\n");
  auto smaps = [&](int rss, int pss) {
    write_file(root / "4545" / "smaps",
               "00400000-00401000 r-xp 00000000 08:01 12 /bin/x\nRss: " + std::to_string(rss) +
                   " kB\nPss: " + std::to_string(pss) + " kB\nPrivate_Dirty: 1 kB\n");
  };
  smaps(4, 3);
  procfs_guard guard(root.string());
  process p(4545);
  {
    auto g = p.oneshot();
    CHECK(p.memory_maps()[0].rss == 4 * KB);
    smaps(8, 7);  // what a second read would see
    CHECK(p.memory_maps(false)[0].rss == 4 * KB);
    CHECK(p.memory_full_info().pss == 3 * KB);
    CHECK(p.memory_maps()[0].rss == 4 * KB);
  }
  CHECK(p.memory_maps()[0].rss == 8 * KB);
  CHECK(p.memory_full_info().pss == 7 * KB);
  {
    auto g = p.oneshot();  // a new oneshot reads it again, first for memory_full_info
    CHECK(p.memory_full_info().pss == 7 * KB);
    smaps(16, 15);
    CHECK(p.memory_maps()[0].rss == 8 * KB);
  }
  CHECK(p.memory_full_info().pss == 15 * KB);
}
