// libFuzzer entry point of one target: compiled once per target with -DPSINFO_FUZZ_TARGET=name.
#include <cstdio>
#include <cstdlib>

#include "targets.hpp"

#ifndef PSINFO_FUZZ_TARGET
#error "define PSINFO_FUZZ_TARGET"
#endif
#define PSINFO_FUZZ_STR2(x) #x
#define PSINFO_FUZZ_STR(x) PSINFO_FUZZ_STR2(x)

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const psinfo_fuzz::target* t = [] {
    const psinfo_fuzz::target* found =
        psinfo_fuzz::find_target(PSINFO_FUZZ_STR(PSINFO_FUZZ_TARGET));
    if (!found) {
      std::fprintf(stderr, "unknown fuzz target %s\n", PSINFO_FUZZ_STR(PSINFO_FUZZ_TARGET));
      std::abort();
    }
    return found;
  }();
  t->fn(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
