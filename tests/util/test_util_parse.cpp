// The shared parsing helpers (util.hpp, linux/parse.hpp), on values whose expected results
// come from the C library or from Python.
#include <catch2/catch.hpp>

#include <cctype>
#include <string>
#include <string_view>

#include "linux/parse.hpp"
#include "util.hpp"

using namespace psinfo::detail;

TEST_CASE("is_space is the C locale's isspace for every byte") {
  for (int b = 0; b < 256; ++b) {
    INFO("byte " << b);
    CHECK(psinfo::detail::is_space(static_cast<char>(b)) == (std::isspace(b) != 0));
  }
  std::string_view text("a\x01b c");  // a control byte is part of the token
  std::string_view tok;
  REQUIRE(psinfo::detail::next_token(text, tok));
  CHECK(tok == "a\x01b");
}

TEST_CASE("number parsing rejects junk") {
  CHECK(to_u64("18446744073709551615") == 18446744073709551615ull);
  CHECK_FALSE(to_u64("18446744073709551616"));
  CHECK_FALSE(to_u64("-1"));
  CHECK_FALSE(to_u64("12a"));
  CHECK_FALSE(to_u64(""));
  CHECK(to_i64("-5") == -5);
  CHECK(to_double("2599.998") == 2599.998);
}

TEST_CASE("round1 is Python's round(x, 1)") {
  // Values Python gives (python3 -c 'print(round(x, 1))'): ties go to the even neighbour of
  // the exact binary value.
  CHECK(psinfo::detail::round1(0.25) == 0.2);
  CHECK(psinfo::detail::round1(0.35) == 0.3);  // 0.34999999999999997779...
  CHECK(psinfo::detail::round1(0.45) == 0.5);  // 0.45000000000000001110...
  CHECK(psinfo::detail::round1(2.675) == 2.7);
  CHECK(psinfo::detail::round1(33.33333) == 33.3);
  CHECK(psinfo::detail::round1(-0.05) == -0.1);   // -0.05000000000000000277...
  CHECK(psinfo::detail::round1(99.95) == 100.0);  // 99.9500000000000028421...
  CHECK(psinfo::detail::round1(1e300) == 1e300);
  // The fast path agrees with the sure one on many values, ties and near-ties included.
  unsigned long long seed = 12345;
  for (int i = 0; i < 200000; ++i) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    double x = static_cast<double>(seed >> 11) / static_cast<double>(1ull << 53) * 200.0 - 50.0;
    if (i % 4 == 0) x = (static_cast<double>(static_cast<long long>(x * 100)) + 5) / 100;  // x.x5
    INFO(x);
    CHECK(psinfo::detail::round1(x) == psinfo::detail::round1_exact(x));
  }
}
