// main() of every Catch2 test program (the psinfo_catch_main library).
//
// Besides Catch's own options:
//   --psinfo-list   one line per visible test case, for tests/cmake/catch_discover.cmake:
//                   NAME <tab> SPEC <tab> SOURCE FILE <tab> TAGS (comma-separated); SPEC is the
//                   argument that runs exactly that case.
// Test cases tagged [shared] need the recorded trees of ../shared/fixtures (fixtures.hpp says
// where). Where that folder is missing they are not run: a program asked to run only such
// cases prints why and exits 77 (ctest's SKIP_RETURN_CODE), and any other run leaves them out
// and says how many.
// After every case, a listener checks that the case left the working directory, the PSINFO_*
// environment variables and the library's /proc and /sys roots as it found them (the guards
// of fixtures.hpp restore them even when a check fails); a case that did not fails the run.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <psinfo/host.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace {

bool g_case_is_shared = false;
int g_harness_errors = 0;

bool has_tag(const Catch::TestCaseInfo& tc, const char* tag) {
  for (const std::string& t : tc.lcaseTags)
    if (t == tag) return true;
  return false;
}

// The test spec that selects exactly the case called `name`: Catch reads ',' '[' ']' and '\'
// in a name as syntax unless escaped.
std::string spec_of(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '\\' || c == ',' || c == '[' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

std::vector<Catch::TestCase> matching(const Catch::IConfig& config, const Catch::TestSpec& spec) {
  return Catch::filterTests(Catch::getAllTestCasesSorted(config), spec, config);
}

int list_cases(Catch::Session& session) {
  const auto& config = session.config();
  int bad = 0;
  for (const Catch::TestCase& tc : Catch::getAllTestCasesSorted(config)) {
    if (tc.isHidden()) continue;
    const std::string spec = spec_of(tc.name);
    if (tc.name.find_first_of("\t\n") != std::string::npos || tc.name.find_first_of("\"~* ") == 0 ||
        matching(config,
                 Catch::TestSpecParser(Catch::ITagAliasRegistry::get()).parse(spec).testSpec())
                .size() != 1) {
      std::fprintf(
          stderr,
          "test case name unfit for ctest (it must select itself alone; no tab or newline): %s\n",
          tc.name.c_str());
      ++bad;
      continue;
    }
    std::string tags;
    for (const std::string& t : tc.tags) tags += (tags.empty() ? "" : ",") + t;
    std::printf("%s\t%s\t%s\t%s\n", tc.name.c_str(), spec.c_str(), tc.lineInfo.file, tags.c_str());
  }
  return bad ? 1 : 0;
}

// What a case may change and must put back.
struct state {
  std::string procfs, sysfs, cwd;
  std::vector<std::optional<std::string>> env;

  static constexpr const char* env_names[] = {"PSINFO_PROCFS_PATH", "PSINFO_SYSFS_PATH",
                                              "PSINFO_SHARED_FIXTURES", "PSINFO_STRESS_SECONDS"};

  static state now() {
    state s;
    s.procfs = psinfo::procfs_path();
    s.sysfs = psinfo::sysfs_path();
    std::error_code ec;
    s.cwd = std::filesystem::current_path(ec).string();
    for (const char* n : env_names) {
      const char* v = std::getenv(n);
      s.env.push_back(v ? std::optional<std::string>(v) : std::nullopt);
    }
    return s;
  }

  // What differs from `before`, "" if nothing; puts it back.
  std::string restore(const state& before) const {
    std::string diff;
    if (procfs != before.procfs) {
      diff += " procfs root " + procfs + " (was " + before.procfs + ");";
      psinfo::set_procfs_path(before.procfs);
    }
    if (sysfs != before.sysfs) {
      diff += " sysfs root " + sysfs + " (was " + before.sysfs + ");";
      psinfo::set_sysfs_path(before.sysfs);
    }
    if (cwd != before.cwd) {
      diff += " working directory " + cwd + " (was " + before.cwd + ");";
      std::error_code ec;
      std::filesystem::current_path(before.cwd, ec);
    }
    for (std::size_t i = 0; i < env.size(); ++i) {
      if (env[i] == before.env[i]) continue;
      diff += std::string(" $") + env_names[i] + ";";
      test::set_env(env_names[i], before.env[i]);
    }
    return diff;
  }
};

struct leak_listener : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
  state before;

  void testCaseStarting(const Catch::TestCaseInfo& info) override {
    g_case_is_shared = has_tag(info, "shared");
    before = state::now();
  }
  void testCaseEnded(const Catch::TestCaseStats& stats) override {
    const std::string diff = state::now().restore(before);
    if (!diff.empty())
      test::harness::report_harness_error("test case \"" + stats.testInfo.name +
                                          "\" did not restore:" + diff);
    g_case_is_shared = false;
  }
};

}  // namespace

CATCH_REGISTER_LISTENER(leak_listener)

namespace test {

namespace harness {
bool running_case_is_shared() { return g_case_is_shared; }
void report_harness_error(const std::string& what) {
  std::fprintf(stderr, "psinfo test harness: %s\n", what.c_str());
  std::fflush(stderr);
  ++g_harness_errors;
}
}  // namespace harness

std::string shared_fixture(const std::string& rel) {
  if (!harness::running_case_is_shared())
    FAIL("this test case reads the shared fixtures: tag it [shared]");
  if (!have_shared_fixtures()) FAIL("the shared fixtures are missing: " << shared_fixtures_dir());
  return shared_fixtures_dir() + "/" + rel;
}

}  // namespace test

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (argc == 2 && std::strcmp(argv[1], "--psinfo-list") == 0) return list_cases(session);

  if (int rc = session.applyCommandLine(argc, argv)) return rc;
  const auto& config = session.config();
  const bool listing = config.listTests() || config.listTestNamesOnly() || config.listTags() ||
                       config.listReporters() || session.configData().showHelp;
  if (!listing && !test::have_shared_fixtures()) {
    std::vector<std::string> runnable;
    std::size_t skipped = 0;
    for (const Catch::TestCase& tc : matching(config, config.testSpec())) {
      if (has_tag(tc, "shared"))
        ++skipped;
      else
        runnable.push_back(spec_of(tc.name));
    }
    if (skipped) {
      std::printf(
          "skipped %zu test case%s tagged [shared]: the shared fixtures are missing (%s; "
          "set PSINFO_SHARED_FIXTURES)\n",
          skipped, skipped == 1 ? "" : "s", test::shared_fixtures_dir().c_str());
      std::fflush(stdout);
      if (runnable.empty()) return 77;
      std::string only;
      for (const std::string& s : runnable) only += (only.empty() ? "" : ",") + s;
      Catch::ConfigData data = session.configData();
      data.testsOrTags = {only};
      session.useConfigData(data);
    }
  }
  int rc = session.run();
  if (g_harness_errors) {
    std::fprintf(stderr, "psinfo test harness: %d error%s (see above)\n", g_harness_errors,
                 g_harness_errors == 1 ? "" : "s");
    if (rc == 0) rc = 1;
  }
  return rc;
}
