// Points the library's /proc and /sys roots at a fixture tree for one scope.
#pragma once

#include <psinfo/host.hpp>

#include <string>

namespace test {

inline std::string shared_fixture(const std::string& rel) {
  return std::string(PSINFO_SHARED_FIXTURES) + "/" + rel;
}
inline std::string own_fixture(const std::string& rel) {
  return std::string(PSINFO_TEST_FIXTURES) + "/" + rel;
}

class fixture_root {
 public:
  // tree: a directory holding proc/ and/or sys/.
  explicit fixture_root(const std::string& tree) {
    psinfo::set_procfs_path(tree + "/proc");
    psinfo::set_sysfs_path(tree + "/sys");
  }
  ~fixture_root() {
    psinfo::set_procfs_path("");
    psinfo::set_sysfs_path("");
  }
  fixture_root(const fixture_root&) = delete;
  fixture_root& operator=(const fixture_root&) = delete;
};

}  // namespace test
