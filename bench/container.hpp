// bench_system's container rows: cgroup(), pressure(), cpu_count_effective() and
// virtual_memory_effective() next to their floors (bench/container.cpp).
#pragma once

#include <functional>
#include <string>

namespace bench_container {

using add_fn = void (*)(const std::string& kind, const std::string& name, std::function<void()> f);

// Registers psinfo/NAME and floor/NAME for the four calls.
void register_rows(add_fn add);

}  // namespace bench_container
