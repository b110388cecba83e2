// psinfo CLI — option values as written on the command line, read as numbers. Independent of
// the locale (LC_NUMERIC) and of std::from_chars for floating point, which libc++ lacks.
#pragma once

#include <string_view>

namespace psinfo_cli {

// A decimal number: an optional '-', digits with an optional fraction and exponent ("2",
// "0.5", ".5", "-1e-3"), as std::from_chars reads them. False for anything else: a '+', blanks,
// hex, "nan", "inf", trailing junk, a value too large for a double.
bool parse_decimal(std::string_view text, double& out);

// A PID: decimal digits whose value fits pid_t (0 to 2147483647, a C int wherever psinfo runs);
// false for anything else.
bool parse_pid(std::string_view text, long& out);

}  // namespace psinfo_cli
