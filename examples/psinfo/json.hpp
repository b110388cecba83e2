// psinfo CLI — JSON output, shaped like `json.dumps(x._asdict())` in Python.
#pragma once

#include <string>
#include <string_view>

#include "node.hpp"

namespace psinfo_cli {

// One line, with Python's default separators (", " and ": "), so that the output of
// `json.dumps(psutil.f()._asdict())` and ours can be compared as text where the values agree.
// Doubles: shortest round-trip form, with ".0" added to integral values so they stay floats
// for a reader (1.0, not 1); NaN and infinities (which JSON lacks) become null.
std::string to_json(const node& n);

// A JSON string literal: quotes, backslash and control characters escaped; valid UTF-8 is
// passed through; each byte that is not part of a valid UTF-8 sequence becomes \ufffd.
std::string json_quote(std::string_view s);

// Length of the valid UTF-8 sequence starting at s[i], or 0 if the byte there does not start
// one (overlong forms, surrogates and code points above U+10FFFF are invalid too).
size_t utf8_sequence(std::string_view s, size_t i);

// The shortest round-trip form of a double, as Python's repr() writes it ("1.0", "1e-05").
std::string format_double(double v);

}  // namespace psinfo_cli
