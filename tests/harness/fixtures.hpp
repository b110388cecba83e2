// The test harness for C++ test cases: where the fixture trees are, and scoped guards for
// everything a case may change that the next case must not see (the library's /proc and /sys
// roots, environment variables, the working directory). tests/harness/catch_main.cpp checks
// after every case that nothing was left changed.
#pragma once

#include <catch2/catch.hpp>
#include <psinfo/host.hpp>

#include <stdlib.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace test {

namespace harness {
// Set by catch_main.cpp's listener: whether the running case is tagged [shared].
bool running_case_is_shared();
// Records a failure the running case cannot report itself (catch_main.cpp prints it and
// makes the program exit non-zero).
void report_harness_error(const std::string& what);
}  // namespace harness

// The recorded trees of ../shared/fixtures (node_exporter's and prometheus/procfs' test
// data): $PSINFO_SHARED_FIXTURES when set, else the CMake cache variable of the same name.
inline std::string shared_fixtures_dir() {
  const char* env = std::getenv("PSINFO_SHARED_FIXTURES");
  return env && *env ? env : PSINFO_SHARED_FIXTURES_DEFAULT;
}

inline bool have_shared_fixtures() {
  std::error_code ec;
  return std::filesystem::is_directory(shared_fixtures_dir(), ec);
}

// A path in the shared trees. Only test cases tagged [shared] may ask: the harness skips them
// (exit status 77, a ctest skip) where the folder is missing, so an untagged case fails here.
std::string shared_fixture(const std::string& rel);

// A path in the project's own trees (tests/fixtures), present in every clone.
inline std::string own_fixture(const std::string& rel) {
  return std::string(PSINFO_TEST_FIXTURES) + "/" + rel;
}

// The whole file, "" if it cannot be read (a /proc file of a process that has gone).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// A file the case needs (a fixture, a file it wrote): the case fails if it cannot be read.
inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  INFO(path.string());
  REQUIRE(f.good());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// The `count` unsigned numbers of `text`, separated by white space (a line of a kernel file
// copied into a case): the case fails unless there are exactly that many.
inline std::vector<std::uint64_t> numbers_of(const std::string& text, std::size_t count) {
  INFO(text);
  std::istringstream in(text);
  std::vector<std::uint64_t> v;
  for (std::uint64_t x; in >> x;) v.push_back(x);
  REQUIRE(in.eof());
  REQUIRE(v.size() == count);
  return v;
}

#ifndef _WIN32
// A directory under the system's temporary directory, removed with what is in it at the end.
struct temp_dir {
  std::string path;
  temp_dir() {
    std::string t = (std::filesystem::temp_directory_path() / "psinfo-test-XXXXXX").string();
    REQUIRE(::mkdtemp(t.data()) != nullptr);
    path = t;
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  std::filesystem::path operator/(const std::string& rel) const {
    return std::filesystem::path(path) / rel;
  }
  // Writes a file below it (rel may hold directories, made as needed; an absolute path is
  // taken as it is).
  void write(const std::filesystem::path& rel, const std::string& text) const {
    const std::filesystem::path full = std::filesystem::path(path) / rel;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream f(full, std::ios::binary);
    f << text;
    REQUIRE(f.good());
  }
};
#endif

// Sets one of the library's roots for one scope, and puts back the one before.
class root_guard {
 public:
  root_guard(std::string (*get)(), void (*set)(const std::string&), const std::string& root)
      : set_(set), saved_(get()) {
    set_(root);
  }
  ~root_guard() { set_(saved_); }
  root_guard(const root_guard&) = delete;
  root_guard& operator=(const root_guard&) = delete;

 private:
  void (*set_)(const std::string&);
  std::string saved_;
};

struct procfs_guard : root_guard {
  explicit procfs_guard(const std::string& root)
      : root_guard(psinfo::procfs_path, psinfo::set_procfs_path, root) {}
};

struct sysfs_guard : root_guard {
  explicit sysfs_guard(const std::string& root)
      : root_guard(psinfo::sysfs_path, psinfo::set_sysfs_path, root) {}
};

// Points both roots at a fixture tree (a directory holding proc/ and/or sys/) for one scope.
class fixture_root {
 public:
  explicit fixture_root(const std::string& tree) : proc_(tree + "/proc"), sys_(tree + "/sys") {}

 private:
  procfs_guard proc_;
  sysfs_guard sys_;
};

// Sets an environment variable, or with nullopt unsets it.
inline void set_env(const std::string& name, const std::optional<std::string>& value) {
#ifdef _WIN32
  _putenv_s(name.c_str(), value ? value->c_str() : "");
#else
  if (value)
    ::setenv(name.c_str(), value->c_str(), 1);
  else
    ::unsetenv(name.c_str());
#endif
}

// Sets (or, with nullopt, unsets) an environment variable for one scope.
class env_guard {
 public:
  env_guard(std::string name, const std::optional<std::string>& value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) saved_ = old;
    set_env(name_, value);
  }
  ~env_guard() { set_env(name_, saved_); }
  env_guard(const env_guard&) = delete;
  env_guard& operator=(const env_guard&) = delete;

 private:
  std::string name_;
  std::optional<std::string> saved_;
};

// Changes the working directory for one scope.
class cwd_guard {
 public:
  explicit cwd_guard(const std::filesystem::path& dir) : saved_(std::filesystem::current_path()) {
    std::filesystem::current_path(dir);
  }
  ~cwd_guard() {
    std::error_code ec;
    std::filesystem::current_path(saved_, ec);
  }
  cwd_guard(const cwd_guard&) = delete;
  cwd_guard& operator=(const cwd_guard&) = delete;

 private:
  std::filesystem::path saved_;
};

}  // namespace test
