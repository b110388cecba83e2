// What every fuzz target file uses: FUZZ_CHECK (a broken invariant aborts, which libFuzzer
// reports as a crash), guarded() (psinfo::error is the parsers' documented answer to malformed
// input) and take_byte() (a parameter taken from the input's front).
#pragma once

#include <psinfo/errors.hpp>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace psinfo_fuzz {

[[noreturn]] inline void check_failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "fuzz check failed (%s:%d): %s\n", file, line, what);
  std::abort();
}
#define FUZZ_CHECK(cond)                                                 \
  do {                                                                   \
    if (!(cond)) ::psinfo_fuzz::check_failed(#cond, __FILE__, __LINE__); \
  } while (0)

// Runs f; psinfo::error is a documented outcome for malformed input.
template <class F>
void guarded(F&& f) {
  try {
    f();
  } catch (const psinfo::error&) {
  }
}

// A small number taken from the front of the input (to vary a parameter), the rest returned.
inline unsigned take_byte(std::string_view& d) {
  if (d.empty()) return 0;
  const unsigned b = static_cast<unsigned char>(d.front());
  d.remove_prefix(1);
  return b;
}

}  // namespace psinfo_fuzz
