// The CLI's option values as numbers (values.hpp): the forms std::from_chars reads, whatever
// the locale's decimal point, and nothing else.
#include <catch2/catch.hpp>
#include <clocale>
#include <string>

#include "values.hpp"

using psinfo_cli::parse_decimal;
using psinfo_cli::parse_pid;

namespace {
bool reads(const char* text, double want) {
  double v = -123;
  return parse_decimal(text, v) && v == want;
}
bool rejects(const char* text) {
  double v = -123;
  return !parse_decimal(text, v) && v == -123;
}
}  // namespace

TEST_CASE("parse_decimal reads digits, a fraction and an exponent") {
  CHECK(reads("2", 2));
  CHECK(reads("0.5", 0.5));
  CHECK(reads(".5", 0.5));
  CHECK(reads("5.", 5));
  CHECK(reads("1e-3", 0.001));
  CHECK(reads("1E+2", 100));
  CHECK(reads("0.1", 0.1));  // the nearest double, as strtod and from_chars give it
  CHECK(reads("-0.25", -0.25));
  CHECK(reads("-0", 0));
  CHECK(reads("1e-400", 0));  // underflow reads as 0, as from_chars does not; still >= 0
}

TEST_CASE("parse_decimal rejects everything else") {
  for (const char* bad :
       {"",    "-",   ".",   "e1",   "1e",       "1e+",   "+1",   " 1",    "1 ", "1,5", "0x10",
        "nan", "NaN", "inf", "-inf", "infinity", "1e999", "1..2", "1e2.5", "1s", "--1"})
    CHECK(rejects(bad));
}

TEST_CASE("parse_decimal does not depend on LC_NUMERIC") {
  // A locale whose decimal point is ',' (where one is installed): strtod alone would read
  // "0.5" as 0 and stop at the '.'.
  const std::string before = std::setlocale(LC_NUMERIC, nullptr);
  const char* comma = nullptr;
  for (const char* name :
       {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "de_DE", "German_Germany.1252"})
    if (std::setlocale(LC_NUMERIC, name)) {
      comma = name;
      break;
    }
  if (!comma) {
    WARN("no locale with a decimal comma is installed: only the C locale was checked");
  } else {
    INFO("LC_NUMERIC=" << comma);
    CHECK(reads("0.5", 0.5));
    CHECK(reads("1.25e1", 12.5));
    CHECK(rejects("0,5"));
  }
  std::setlocale(LC_NUMERIC, before.c_str());
  CHECK(reads("0.5", 0.5));
}

TEST_CASE("parse_pid takes 0 to INT_MAX") {
  long v = -1;
  CHECK((parse_pid("0", v) && v == 0));
  CHECK((parse_pid("2147483647", v) && v == 2147483647));
  for (const char* bad : {"", "-1", "+1", " 1", "1x", "2147483648", "4294967297",
                          "99999999999999999999", "0x10", "1.0"})
    CHECK_FALSE(parse_pid(bad, v));
}
