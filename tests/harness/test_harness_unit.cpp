// The harness: a case that points the library at a fixture tree and then fails must not leave
// the next case reading that tree (issue 21: after a failed fixture case, later live cases saw
// 0 NICs). The guards of fixtures.hpp restore what they changed however a case ends, and
// catch_main.cpp fails the run of a case that changed the roots, a PSINFO_* variable or the
// working directory without restoring them. The hidden cases [.harness-demo] and
// [.harness-leak] are run by this program in a child of itself.
#include <catch2/catch.hpp>

#include <psinfo/host.hpp>
#include <psinfo/net.hpp>
#include <psinfo/process.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "fixtures.hpp"

namespace fs = std::filesystem;

namespace {

struct run_result {
  int status = -1;  // exit status, or -1
  std::string out;  // stdout and stderr
};

// This program again, with the given test spec.
run_result run_self(const std::string& spec) {
  const std::string cmd = "'" + fs::read_symlink("/proc/self/exe").string() + "' '" + spec +
                          "' --order decl --use-colour no 2>&1";
  run_result r;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = ::pclose(p);
  if (WIFEXITED(st)) r.status = WEXITSTATUS(st);
  return r;
}

}  // namespace

TEST_CASE(
    "harness: the guards put back the roots, a variable and the directory when a case throws") {
  const std::string proc0 = psinfo::procfs_path(), sys0 = psinfo::sysfs_path();
  const fs::path cwd0 = fs::current_path();
  const char* env0 = std::getenv("PSINFO_SYSFS_PATH");
  try {
    test::fixture_root root(test::own_fixture("old-kernel"));
    test::env_guard env("PSINFO_SYSFS_PATH", std::string("/nonexistent-psinfo"));
    test::cwd_guard cwd(fs::temp_directory_path());
    CHECK(psinfo::procfs_path() == test::own_fixture("old-kernel/proc"));
    CHECK(psinfo::sysfs_path() == test::own_fixture("old-kernel/sys"));
    CHECK(std::string(std::getenv("PSINFO_SYSFS_PATH")) == "/nonexistent-psinfo");
    CHECK(fs::current_path() == fs::temp_directory_path());
    throw std::runtime_error("a check that failed");
  } catch (const std::runtime_error&) {
  }
  CHECK(psinfo::procfs_path() == proc0);
  CHECK(psinfo::sysfs_path() == sys0);
  CHECK(fs::current_path() == cwd0);
  CHECK((std::getenv("PSINFO_SYSFS_PATH") == nullptr) == (env0 == nullptr));
}

TEST_CASE("harness: guards nest, each putting back what it found") {
  const std::string proc0 = psinfo::procfs_path();
  {
    test::procfs_guard a(test::own_fixture("old-kernel/proc"));
    {
      test::procfs_guard b(test::own_fixture("stat-extra-column/proc"));
      CHECK(psinfo::procfs_path() == test::own_fixture("stat-extra-column/proc"));
    }
    CHECK(psinfo::procfs_path() == test::own_fixture("old-kernel/proc"));
  }
  CHECK(psinfo::procfs_path() == proc0);
}

TEST_CASE("harness: a failed fixture case leaves the live machine to the next case") {
  run_result r = run_self("[.harness-demo]");
  INFO(r.out);
  CHECK(r.status == 1);  // Catch: the number of failed cases
  CHECK(r.out.find("a fixture check that failed") != std::string::npos);
  CHECK(r.out.find("test cases: 2 | 1 passed | 1 failed") != std::string::npos);
  CHECK(r.out.find("did not restore") == std::string::npos);
}

TEST_CASE("harness: a case that does not restore what it changed fails the run") {
  run_result r = run_self("[.harness-leak]");
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK(r.out.find("test case \"harness demo: a case that leaks\" did not restore:") !=
        std::string::npos);
  CHECK(r.out.find("procfs root " + test::own_fixture("old-kernel/proc")) != std::string::npos);
  CHECK(r.out.find("$PSINFO_SHARED_FIXTURES") != std::string::npos);
  CHECK(r.out.find("working directory") != std::string::npos);
  // The next case saw none of it: the harness put everything back.
  CHECK(r.out.find("All tests passed") != std::string::npos);
}

// ---- run by the cases above, in a child ---------------------------------------------------

TEST_CASE("harness demo: a fixture case that fails", "[.harness-demo]") {
  test::fixture_root root(test::own_fixture("net-noipv6"));
  CHECK(psinfo::procfs_path() == test::own_fixture("net-noipv6/proc"));
  FAIL("a fixture check that failed");
}

TEST_CASE("harness demo: a live case after it", "[.harness-demo]") {
  CHECK(psinfo::procfs_path() == "/proc");
  CHECK(psinfo::sysfs_path() == "/sys");
  CHECK_FALSE(psinfo::net_io_counters_pernic().empty());  // at least lo
  CHECK(psinfo::pid_exists(::getpid()));
}

TEST_CASE("harness demo: a case that leaks", "[.harness-leak]") {
  psinfo::set_procfs_path(test::own_fixture("old-kernel/proc"));
  ::setenv("PSINFO_SHARED_FIXTURES", "/nonexistent-psinfo-leak", 1);
  fs::current_path(fs::temp_directory_path());
  SUCCEED("changed the procfs root, $PSINFO_SHARED_FIXTURES and the working directory");
}

TEST_CASE("harness demo: the case after the leak", "[.harness-leak]") {
  CHECK(psinfo::procfs_path() == "/proc");
  const char* shared = std::getenv("PSINFO_SHARED_FIXTURES");
  CHECK((shared == nullptr || std::string(shared) != "/nonexistent-psinfo-leak"));
  CHECK(fs::current_path() != fs::temp_directory_path());
}
