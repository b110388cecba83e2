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

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "fixtures.hpp"
#include "smaps_ref.hpp"
#include "linux/process_mem_parse.hpp"
#include "platform.hpp"

using namespace psinfo;
namespace fs = std::filesystem;

namespace {

// The recorded /proc of the shared fixtures (cases tagged [shared] only).
std::string shared_proc() { return test::shared_fixture("procfs/proc/"); }
const std::string kOwn = PSINFO_TEST_FIXTURES "/";
constexpr std::uint64_t KB = 1024;

using test::ref_map;
using test::ref_smaps;

void check_same(const memory_map_t& got, const ref_map& want) {
  INFO(want.addr << " " << want.path);
  CHECK(got.path == want.path);
  CHECK(got.rss == want.bytes("Rss"));
  CHECK(got.size == want.bytes("Size"));
  CHECK(got.pss == want.bytes("Pss"));
  CHECK(got.shared_clean == want.bytes("Shared_Clean"));
  CHECK(got.shared_dirty == want.bytes("Shared_Dirty"));
  CHECK(got.private_clean == want.bytes("Private_Clean"));
  CHECK(got.private_dirty == want.bytes("Private_Dirty"));
  CHECK(got.referenced == want.bytes("Referenced"));
  CHECK(got.anonymous == want.bytes("Anonymous"));
  CHECK(got.swap == want.bytes("Swap"));
}

// Nothing " (deleted)" exists, except one path.
bool exists_stub(const std::string& p) { return p == "/keep/me (deleted)"; }

// A stat line for a PID of a hand-made tree, in state `st`.
std::string stat_line(long pid, char st) {
  return std::to_string(pid) + " (x) " + st +
         " 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0 18446744073709551615 0 0 0 0 0 0 0 0 "
         "0 0 0 0 17 0 0 0 0 0 0\n";
}

}  // namespace

TEST_CASE("smaps_rollup of the recorded process 26231", "[shared][procmem][parse]") {
  std::string text = test::slurp(shared_proc() + "26231/smaps_rollup");
  auto t = detail::parse_smaps_rollup(text);
  // Read off the file: Private_Clean 15548 + Private_Dirty 14396 + Private_Hugetlb 0.
  CHECK(t.uss == (15548 + 14396) * KB);
  CHECK(t.pss == 29944 * KB);  // not SwapPss 1940
  CHECK(t.swap == 1940 * KB);
  CHECK_THROWS_AS(detail::parse_smaps_rollup("Rss: 1 kB\nPss: x kB\n"), error);
  CHECK_THROWS_AS(detail::parse_smaps_rollup("Private_Dirty:\n"), error);
  auto empty = detail::parse_smaps_rollup("");
  CHECK((empty.uss == 0 && empty.pss == 0 && empty.swap == 0));
}

TEST_CASE("smaps of 26231: totals and maps against a reference parse", "[shared][procmem][parse]") {
  std::string text = test::slurp(shared_proc() + "26231/smaps");
  auto ref = ref_smaps(text);
  REQUIRE(ref.size() == 12);  // 12 header lines in the file

  std::uint64_t uss = 0, pss = 0, swap = 0;
  for (auto& m : ref) {
    uss += m.bytes("Private_Clean") + m.bytes("Private_Dirty") + m.bytes("Private_Hugetlb");
    pss += m.bytes("Pss");
    swap += m.bytes("Swap");
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
    rss[m.path] += m.bytes("Rss");
    size[m.path] += m.bytes("Size");
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
  std::string text = test::slurp(kOwn + "procmem-smaps/smaps");
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
      detail::parse_smaps(test::slurp(kOwn + "procmem-junk/smaps-value"), true, out, exists_stub),
      error);
  CHECK_THROWS_AS(
      detail::parse_smaps(test::slurp(kOwn + "procmem-junk/smaps-header"), false, out, exists_stub),
      error);
  CHECK_THROWS_AS(
      detail::parse_smaps("1000-2000 r--p 0 08:02\nRss: 1 kB\n", false, out, exists_stub), error);
  // "Rss:12" is one token without a trailing ':' for psutil: a header of too few fields.
  CHECK_THROWS_AS(
      detail::parse_smaps("1000-2000 r--p 0 08:02 7 /x\nRss:12 kB\n", false, out, exists_stub),
      error);
  out.clear();
  detail::parse_smaps("", true, out, exists_stub);
  detail::parse_smaps("\n \n", false, out, exists_stub);
  CHECK(out.empty());
  // The regex-like totals ignore what they cannot read, as psutil's regexes do.
  auto t = detail::parse_smaps_totals(test::slurp(kOwn + "procmem-junk/smaps-header"));
  CHECK(t.pss == 150 * KB);
}

TEST_CASE("fdinfo and open modes", "[shared][procmem][parse]") {
  auto a = detail::parse_fdinfo(test::slurp(shared_proc() + "26231/fdinfo/0"));
  CHECK(a.pos == 0);
  CHECK(a.flags == 02004000);
  auto b = detail::parse_fdinfo(test::slurp(shared_proc() + "26231/fdinfo/1"));
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

TEST_CASE("readers on a /proc tree: 26231 with rebuilt links, hand-made PIDs",
          "[shared][procmem][tree]") {
  test::temp_dir tmp;
  const fs::path root = tmp / "proc";
  const fs::path src = shared_proc() + "26231";
  const fs::path p = root / "26231";
  fs::create_directories(p / "fd");
  for (const char* f : {"stat", "statm", "smaps", "smaps_rollup"}) fs::copy_file(src / f, p / f);
  fs::copy(src / "fdinfo", p / "fdinfo");
  // The recorded links (fixtures/MANIFESTS/procfs.tsv): relative targets, which psutil drops.
  for (auto [fd, target] : std::map<std::string, std::string>{
           {"0", "abc"}, {"1", "def"}, {"2", "ghi"}, {"3", "uvw"}, {"10", "xyz"}})
    fs::create_symlink("../../symlinktargets/" + target, p / "fd" / fd);
  // Added: one regular file by absolute path (kept), and what must not be kept.
  const fs::path files = tmp / "files";
  tmp.write(files / "data.bin", std::string(8192, 'x'));
  fs::create_symlink(files / "data.bin", p / "fd" / "20");
  tmp.write(p / "fdinfo" / "20", "pos:\t4096\nflags:\t0102002\nmnt_id:\t9\n");
  fs::create_symlink("socket:[4242]", p / "fd" / "21");
  fs::create_symlink("pipe:[77]", p / "fd" / "22");
  fs::create_symlink(files, p / "fd" / "23");  // a directory
  fs::create_symlink((files / "gone.txt").string() + " (deleted)", p / "fd" / "24");
  fs::create_symlink("/dev/null", p / "fd" / "25");
  fs::create_symlink(files / "data.bin", p / "fd" / "26");  // no fdinfo/26: closed meanwhile
  tmp.write(p / "fd" / "27", "not a link");                 // EINVAL: skipped

  // 4242: hand-made smaps, no smaps_rollup (the fallback); 4343: a zombie; 4444: a kernel
  // thread (empty smaps, alive).
  tmp.write(root / "4242" / "stat", stat_line(4242, 'S'));
  fs::copy_file(kOwn + "procmem-smaps/smaps", root / "4242" / "smaps");
  tmp.write(root / "4343" / "stat", stat_line(4343, 'Z'));
  tmp.write(root / "4343" / "smaps", "");
  tmp.write(root / "4444" / "stat", stat_line(4444, 'S'));
  tmp.write(root / "4444" / "smaps", "");

  test::procfs_guard guard(root.string());

  auto files_got = detail::proc_open_files({26231, 0, nullptr});
  REQUIRE(files_got.size() == 1);
  CHECK(files_got[0].path == (files / "data.bin").string());
  CHECK(files_got[0].fd == 20);
  CHECK(files_got[0].position == 4096u);
  CHECK(files_got[0].flags == 0102002);
  CHECK(files_got[0].mode == "a+");

  auto t = detail::smaps_totals_of(26231);  // smaps_rollup (this kernel has it)
  CHECK(t.uss == (15548 + 14396) * KB);
  CHECK(t.pss == 29944 * KB);
  CHECK(t.swap == 1940 * KB);
  auto maps = detail::memory_maps_of(26231, false);
  CHECK(maps.size() == 12);

  auto t2 = detail::smaps_totals_of(4242);  // ENOENT on smaps_rollup -> smaps
  CHECK(t2.uss == 44 * KB);
  CHECK(t2.pss == 197 * KB);
  CHECK(t2.swap == 28 * KB);
  CHECK(detail::memory_maps_of(4242, true).size() == 6);

  CHECK_THROWS_AS(detail::memory_maps_of(4343, true), zombie_process);
  CHECK_THROWS_AS(detail::smaps_totals_of(4343), zombie_process);
  try {
    detail::memory_maps_of(4343, false);
  } catch (const zombie_process& z) {
    CHECK(z.pid() == 4343);
    CHECK(z.ppid() == 1);
  }
  CHECK(detail::memory_maps_of(4444, true).empty());
  auto k = detail::smaps_totals_of(4444);
  CHECK((k.uss == 0 && k.pss == 0 && k.swap == 0));

  CHECK_THROWS_AS(detail::memory_maps_of(999999, true), no_such_process);
  CHECK_THROWS_AS(detail::smaps_totals_of(999999), no_such_process);
  CHECK_THROWS_AS(detail::proc_open_files({999999, 0, nullptr}), no_such_process);
}

TEST_CASE("smaps is read once per oneshot (psutil memoizes it), again outside", "[procmem][tree]") {
  test::temp_dir tmp;
  const fs::path root = tmp / "proc";
  // No smaps_rollup: memory_full_info falls back to smaps, as memory_maps reads it.
  tmp.write(root / "4545" / "stat", stat_line(4545, 'S'));
  tmp.write(root / "4545" / "statm", "10 5 2 1 0 3 0\n");
  auto smaps = [&](int rss, int pss) {
    tmp.write(root / "4545" / "smaps",
              "00400000-00401000 r-xp 00000000 08:01 12 /bin/x\nRss: " + std::to_string(rss) +
                  " kB\nPss: " + std::to_string(pss) + " kB\nPrivate_Dirty: 1 kB\n");
  };
  smaps(4, 3);
  test::procfs_guard guard(root.string());
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

// ---- parse_smaps against a plain reference, on recorded, live and mutated text ----
namespace {

bool py_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Python's bytes.split(): the whitespace-separated tokens of s, each with its end offset.
std::vector<std::pair<std::string, size_t>> py_split(const std::string& s) {
  std::vector<std::pair<std::string, size_t>> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && py_space(s[i])) ++i;
    if (i == s.size()) break;
    size_t j = i;
    while (j < s.size() && !py_space(s[j])) ++j;
    out.emplace_back(s.substr(i, j - i), j);
    i = j;
  }
  return out;
}

std::string py_strip(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && py_space(s[a])) ++a;
  while (b > a && py_space(s[b - 1])) --b;
  return s.substr(a, b - a);
}

// int() of a token of digits that fits 64 bits.
bool ref_uint(const std::string& t, std::uint64_t& v) {
  if (t.empty()) return false;
  v = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return false;
    const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  return true;
}

struct ref_outcome {
  bool threw = false;
  std::vector<memory_map_t> maps;
};

// psutil's memory_maps, line by line: the first line and every line whose first token lacks a
// trailing ':' start a block; "Key: n ..." sets a field (the last wins); VmFlags is skipped.
ref_outcome ref_memory_maps(const std::string& raw, bool grouped,
                            bool (*exists)(const std::string&)) {
  ref_outcome r;
  const std::string text = py_strip(raw);
  if (text.empty()) return r;
  std::vector<std::string> lines;
  for (size_t a = 0;;) {
    size_t nl = text.find('\n', a);
    lines.push_back(text.substr(a, nl == std::string::npos ? std::string::npos : nl - a));
    if (nl == std::string::npos) break;
    a = nl + 1;
  }
  std::vector<memory_map_t> blocks;
  for (size_t i = 0; i < lines.size(); ++i) {
    auto toks = py_split(lines[i]);
    if (toks.empty()) {
      r.threw = true;
      return r;
    }
    const std::string& key = toks[0].first;
    if (i > 0 && key.back() == ':') {
      std::uint64_t v = 0;
      if (toks.size() >= 2 && ref_uint(toks[1].first, v)) {
        memory_map_t& m = blocks.back();
        const std::uint64_t b = v * 1024;
        if (key == "Rss:")
          m.rss = b;
        else if (key == "Size:")
          m.size = b;
        else if (key == "Pss:")
          m.pss = b;
        else if (key == "Shared_Clean:")
          m.shared_clean = b;
        else if (key == "Shared_Dirty:")
          m.shared_dirty = b;
        else if (key == "Private_Clean:")
          m.private_clean = b;
        else if (key == "Private_Dirty:")
          m.private_dirty = b;
        else if (key == "Referenced:")
          m.referenced = b;
        else if (key == "Anonymous:")
          m.anonymous = b;
        else if (key == "Swap:")
          m.swap = b;
      } else if (key.compare(0, 8, "VmFlags:") != 0) {
        r.threw = true;
        return r;
      }
      continue;
    }
    if (toks.size() < 5) {
      r.threw = true;
      return r;
    }
    memory_map_t m;
    m.addr = key;
    m.perms = toks[1].first;
    std::string path = py_strip(lines[i].substr(toks[4].second));
    const std::string del = " (deleted)";
    if (path.empty())
      path = "[anon]";
    else if (path.size() >= del.size() &&
             path.compare(path.size() - del.size(), del.size(), del) == 0 && !exists(path))
      path.resize(path.size() - del.size());
    m.path = path;
    blocks.push_back(m);
  }
  if (!grouped) {
    r.maps = blocks;
    return r;
  }
  for (const memory_map_t& b : blocks) {
    memory_map_t* g = nullptr;
    for (auto& x : r.maps)
      if (x.path == b.path) g = &x;
    if (!g) {
      r.maps.emplace_back();
      g = &r.maps.back();
      g->path = b.path;
    }
    g->rss += b.rss;
    g->size += b.size;
    g->pss += b.pss;
    g->shared_clean += b.shared_clean;
    g->shared_dirty += b.shared_dirty;
    g->private_clean += b.private_clean;
    g->private_dirty += b.private_dirty;
    g->referenced += b.referenced;
    g->anonymous += b.anonymous;
    g->swap += b.swap;
  }
  return r;
}

bool same_maps(const std::vector<memory_map_t>& a, const std::vector<memory_map_t>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const memory_map_t &x = a[i], &y = b[i];
    if (x.path != y.path || x.addr != y.addr || x.perms != y.perms || x.rss != y.rss ||
        x.size != y.size || x.pss != y.pss || x.shared_clean != y.shared_clean ||
        x.shared_dirty != y.shared_dirty || x.private_clean != y.private_clean ||
        x.private_dirty != y.private_dirty || x.referenced != y.referenced ||
        x.anonymous != y.anonymous || x.swap != y.swap)
      return false;
  }
  return true;
}

// Both ways (flat, grouped): the same maps, or both an error. Returns false on a mismatch.
bool smaps_agree(const std::string& text) {
  for (bool grouped : {false, true}) {
    ref_outcome want = ref_memory_maps(text, grouped, exists_stub);
    std::vector<memory_map_t> got;
    bool threw = false;
    try {
      detail::parse_smaps(text, grouped, got, exists_stub);
    } catch (const error&) {
      threw = true;
    }
    if (threw != want.threw || (!threw && !same_maps(got, want.maps))) {
      UNSCOPED_INFO("grouped=" << grouped << " threw=" << threw << " want.threw=" << want.threw
                               << " got " << got.size() << " maps, want " << want.maps.size());
      return false;
    }
  }
  return true;
}

// smaps in the kernel's own layout (key padded to 16 columns, value in 8, " kB"), values of
// 1 to 12 digits so that some overflow the column.
std::string kernel_smaps(std::mt19937& rng, int blocks) {
  static const char* const keys[] = {"Size:",
                                     "KernelPageSize:",
                                     "MMUPageSize:",
                                     "Rss:",
                                     "Pss:",
                                     "Pss_Dirty:",
                                     "Pss_Anon:",
                                     "Shared_Clean:",
                                     "Shared_Dirty:",
                                     "Private_Clean:",
                                     "Private_Dirty:",
                                     "Referenced:",
                                     "Anonymous:",
                                     "KSM:",
                                     "LazyFree:",
                                     "AnonHugePages:",
                                     "ShmemPmdMapped:",
                                     "FilePmdMapped:",
                                     "Shared_Hugetlb:",
                                     "Private_Hugetlb:",
                                     "Swap:",
                                     "SwapPss:",
                                     "Locked:",
                                     "Unknown_Key:"};
  static const char* const paths[] = {"",
                                      "/usr/lib/libc.so.6",
                                      "[heap]",
                                      "/memfd:x (deleted)",
                                      "/keep/me (deleted)",
                                      "/a b/with spaces.so"};
  std::string s;
  char buf[160];
  for (int b = 0; b < blocks; ++b) {
    snprintf(buf, sizeof buf, "%08x-%08x rw-p %08x fd:01 %u", b * 4096u, (b + 1) * 4096u,
             static_cast<unsigned>(rng()), static_cast<unsigned>(rng() % 100000));
    s += buf;
    const char* path = paths[rng() % 6];
    if (*path) s += std::string(20 + rng() % 20, ' ') + path;
    s += '\n';
    for (const char* k : keys) {
      if (rng() % 8 == 0) continue;
      const int digits = 1 + static_cast<int>(rng() % 12);
      std::string v;
      for (int d = 0; d < digits; ++d) v += static_cast<char>('0' + rng() % 10);
      // The kernel's own width for Private_Hugetlb, and now and then the 16-column form that
      // leaves no blank after its ':' (psutil then reads a header).
      if (std::string(k) == "Private_Hugetlb:" && rng() % 4 != 0)
        snprintf(buf, sizeof buf, "%s %7s kB\n", k, v.c_str());
      else
        snprintf(buf, sizeof buf, "%-16s%8s kB\n", k, v.c_str());
      s += buf;
    }
    s += "THPeligible:    0\nVmFlags: rd wr mr mw me ac sd\n";
  }
  return s;
}

// One random edit of the kinds that move a line off the kernel's layout (or keep it there
// with other digits).
void mutate(std::string& s, std::mt19937& rng) {
  if (s.empty()) {
    s = "x";
    return;
  }
  auto pos = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  static const char junk[] = {' ', '\t', '\r', '\n', ':', 'x', '0', '9', '\0', '\xff', 'A', '\v'};
  switch (rng() % 10) {
    case 0: {  // another digit
      for (int t = 0; t < 50; ++t) {
        size_t i = pos(s.size());
        if (s[i] >= '0' && s[i] <= '9') {
          s[i] = static_cast<char>('0' + rng() % 10);
          break;
        }
      }
      break;
    }
    case 1: {  // a wider value: 9+ digits
      for (int t = 0; t < 50; ++t) {
        size_t i = pos(s.size());
        if (s[i] >= '0' && s[i] <= '9') {
          s.insert(i, std::string(1 + rng() % 12, static_cast<char>('1' + rng() % 9)));
          break;
        }
      }
      break;
    }
    case 2:
      s.insert(pos(s.size() + 1), 1, rng() % 2 ? ' ' : '\t');
      break;
    case 3:
      s.erase(pos(s.size()), 1);
      break;
    case 4:
      s.resize(pos(s.size() + 1));
      break;
    case 5:
      s[pos(s.size())] = junk[rng() % sizeof junk];
      break;
    case 6: {  // a line doubled
      size_t a = s.rfind('\n', pos(s.size()));
      a = a == std::string::npos ? 0 : a + 1;
      size_t b = s.find('\n', a);
      b = b == std::string::npos ? s.size() : b + 1;
      s.insert(a, s.substr(a, b - a));
      break;
    }
    case 7: {  // CRLF
      size_t i = s.find('\n', pos(s.size()));
      if (i != std::string::npos) s.insert(i, 1, '\r');
      break;
    }
    case 8: {  // a value's padding squeezed out
      size_t i = s.find("  ", pos(s.size()));
      if (i != std::string::npos) s.erase(i, 1 + rng() % 6);
      break;
    }
    default:
      s.insert(pos(s.size() + 1), 1, junk[rng() % sizeof junk]);
      break;
  }
}

}  // namespace

TEST_CASE("parse_smaps == a plain reference: recorded, live, generated",
          "[shared][procmem][parse]") {
  std::vector<std::string> texts = {
      test::slurp(shared_proc() + "26231/smaps"), test::slurp(kOwn + "procmem-smaps/smaps"),
      test::slurp(kOwn + "procmem-junk/smaps-value"),
      test::slurp(kOwn + "procmem-junk/smaps-header"), test::slurp("/proc/self/smaps")};
  std::mt19937 rng(20261125);
  for (int i = 0; i < 20; ++i) texts.push_back(kernel_smaps(rng, 1 + static_cast<int>(rng() % 6)));
  for (const std::string& t : texts) {
    INFO(t.substr(0, 200));
    CHECK(smaps_agree(t));
  }
  // The fast path is taken: the live file parses to the reference's numbers (not all zero).
  std::vector<memory_map_t> live;
  detail::parse_smaps(texts[4], false, live, exists_stub);
  std::uint64_t rss = 0;
  for (auto& m : live) rss += m.rss;
  CHECK(rss > 0);
}

TEST_CASE("parse_smaps == a plain reference: mutated text", "[shared][procmem][parse]") {
  std::mt19937 rng(6);
  const std::vector<std::string> seeds = {test::slurp(shared_proc() + "26231/smaps"),
                                          test::slurp(kOwn + "procmem-smaps/smaps")};
  int failures = 0;
  for (int i = 0; i < 4000 && failures < 5; ++i) {
    std::string t;
    switch (i % 3) {
      case 0:
        t = seeds[0].substr(0, 900 + rng() % 3000);
        break;  // the first blocks
      case 1:
        t = seeds[1];
        break;
      default:
        t = kernel_smaps(rng, 1 + static_cast<int>(rng() % 3));
        break;
    }
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) mutate(t, rng);
    if (!smaps_agree(t)) {
      ++failures;
      FAIL_CHECK("mutant " << i << ": " << t);
    }
  }
  CHECK(failures == 0);
}
