#include <catch2/catch.hpp>

#include "linux/parse.hpp"

using namespace psinfo::detail;

TEST_CASE("parse_cpu_list reads ranges and singles") {
  CHECK(parse_cpu_list("0-3,8\n") == std::vector<int>{0, 1, 2, 3, 8});
  CHECK(parse_cpu_list("5") == std::vector<int>{5});
  CHECK(parse_cpu_list("3-1").empty());
}
