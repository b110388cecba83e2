// Replays through every fuzz target (fuzz/targets.cpp) its seeds from the fixture trees, the
// regression inputs of fuzz/regressions/<target>/ (crashes the fuzzers found), and a few
// hand-made hostile inputs, in the normal and the ASan+UBSan builds. A target aborts on a
// broken invariant; an exception other than psinfo::error fails the test.
#include <catch2/catch.hpp>

#include <fnmatch.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "targets.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_patterns(const char* s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Files under root whose path matches one of the patterns (as `find -path`).
std::vector<fs::path> seeds_of(const psinfo_fuzz::target& t, const std::string& root) {
  std::vector<fs::path> out;
  auto pats = split_patterns(t.seeds);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(
           root, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    std::string p = it->path().string();
    for (auto& pat : pats)
      if (fnmatch(pat.c_str(), p.c_str(), 0) == 0) {
        out.push_back(it->path());
        break;
      }
  }
  return out;
}

// Each seed file whole, and truncated at a third and two thirds; the number of seeds.
size_t replay_seeds(const psinfo_fuzz::target& t, const std::string& root) {
  auto seeds = seeds_of(t, root);
  for (const auto& p : seeds) {
    CAPTURE(p.string());
    std::string data = test::slurp(p);
    CHECK_NOTHROW(t.fn(data));
    // Truncations of a real file: every line boundary and the middle of a line.
    for (size_t cut = data.size() / 3; cut < data.size(); cut += data.size() / 3 + 1)
      CHECK_NOTHROW(t.fn(std::string_view(data).substr(0, cut)));
  }
  return seeds.size();
}

const std::vector<std::string>& hostile_inputs() {
  static const std::vector<std::string> v = {
      "",
      "\n",
      " ",
      std::string(1, '\0'),
      std::string("\0\0\0", 3),
      "(",
      ")",
      ")(",
      "()",
      "1 (a) R",
      "1 ((x)) Z 1 2 3",
      ":",
      "::::",
      "-",
      "0-",
      "-0",
      "0--1",
      "0-4294967296",
      "18446744073709551616",
      "-9223372036854775809",
      "1e999",
      "nan",
      "inf",
      "-inf",
      "cpu",
      "cpu ",
      "cpu0 1",
      "cpu 1 2 3 4 5 6 7 8 9 10 11 12 13 14",
      "MemTotal:",
      "MemTotal: 18446744073709551615 kB\nMemFree: 18446744073709551615 kB\n",
      "MemTotal: 1 kB\nMemFree: 2 kB\nMemAvailable: 3 kB\n",
      "a\n b\n  c\n",
      std::string(5000, '('),
      std::string(5000, ' '),
      std::string(5000, '0'),
      "Pss: x kB\nPrivate_Clean: 99999999999999999999 kB\n",
      "00400000-00452000 r-xp 00000000 08:02 173521 /usr/bin/dbus-daemon\nRss: 1 kB\n",
      "pos:\t1\nflags:\t0999\n",
      "pos: 18446744073709551615\nflags: 77777777777777\n",
      "\x01\n1\n2\n3\n4\n5\n6\n7",
      "\xff\n-1\n-1\n0\n-1\nnan\n2\ncharging",
      "\xff\n9223372036854775807\n1\n1\n9223372036854775807\n\n0\n",
  };
  return v;
}

}  // namespace

TEST_CASE("fuzz targets replay seeds, regressions and hostile inputs", "[fuzz_replay]") {
  size_t n = 0;
  const psinfo_fuzz::target* ts = psinfo_fuzz::targets(&n);
  REQUIRE(n >= 20);
  for (size_t i = 0; i < n; ++i) {
    const auto& t = ts[i];
    CAPTURE(t.name);
    for (const auto& in : hostile_inputs()) {
      CAPTURE(in);
      CHECK_NOTHROW(t.fn(in));
    }
    replay_seeds(t, PSINFO_TEST_FIXTURES);
    fs::path reg = fs::path(PSINFO_FUZZ_DIR) / "regressions" / t.name;
    std::error_code ec;
    if (fs::is_directory(reg, ec))
      for (const auto& e : fs::directory_iterator(reg)) {
        CAPTURE(e.path().string());
        CHECK_NOTHROW(t.fn(test::slurp(e.path())));
      }
  }
}

TEST_CASE("fuzz targets replay the recorded trees of the shared fixtures",
          "[fuzz_replay][shared]") {
  size_t n = 0;
  const psinfo_fuzz::target* ts = psinfo_fuzz::targets(&n);
  REQUIRE(n >= 20);
  const std::string root = test::shared_fixture("");
  size_t total_seeds = 0;
  for (size_t i = 0; i < n; ++i) {
    CAPTURE(ts[i].name);
    total_seeds += replay_seeds(ts[i], root);
  }
  CHECK(total_seeds > 100);
}
