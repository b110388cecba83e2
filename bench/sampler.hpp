// bench_system's sampler rows: psinfo::sampler (include/psinfo/sampler.hpp) next to the
// kept-open floor (pread from offset 0 on a descriptor kept open, no parsing) and, under the
// same names in the psinfo/ and floor/ kinds, the free functions and their open/read/close floor.
#pragma once

#include <functional>
#include <string>

namespace bench_sampler {

using add_fn = void (*)(const std::string& kind, const std::string& name, std::function<void()> f);

// Registers the rows sampler/NAME and pread/NAME (and psinfo/monitor_tick, floor/monitor_tick).
void register_rows(add_fn add);

// bench_system --check: the sampler gives the free functions' data, and fresh data on every
// read. Returns the process exit status.
int check();

}  // namespace bench_sampler
