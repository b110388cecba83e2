// The fuzz targets of psinfo's kernel-text parsers, one function per parser group. Each takes
// arbitrary bytes and must neither crash nor trip a sanitizer; psinfo::error (the parsers'
// documented answer to malformed text) is caught. Used by the libFuzzer binaries
// (fuzz_main.cpp, one per target) and replayed by tests/reliability (the seeds and the
// regression inputs under fuzz/regressions/<target>/).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace psinfo_fuzz {

using target_fn = void (*)(std::string_view data);

struct target {
  const char* name;
  target_fn fn;
  // `find -path` patterns of the fixture files that seed this target, space-separated.
  const char* seeds;
};

// Every target, in a fixed order; count in *n.
const target* targets(std::size_t* n);
// The target called `name`, nullptr if none.
const target* find_target(std::string_view name);

}  // namespace psinfo_fuzz
