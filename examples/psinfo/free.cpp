// psinfo CLI — `psinfo free`, after psutil's scripts/free.py: rows Mem and Swap, columns
// total used free shared buffers cache, in KiB (bytes / 1024, truncated).
#include <fmt/format.h>

#include <optional>
#include <psinfo/memory.hpp>
#include <string>

#include "commands.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

std::string kib(std::uint64_t bytes) { return fmt::format("{}", bytes / 1024); }
// psutil's script prints 0 for a field the platform lacks; we print "-" (absent, not zero).
std::string kib(const std::optional<std::uint64_t>& bytes) { return bytes ? kib(*bytes) : "-"; }

void row(const std::string& label, const std::string& total, const std::string& used,
         const std::string& free, const std::string& shared, const std::string& buffers,
         const std::string& cache) {
  std::string line = fmt::format("{:<7} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}", label, total,
                                 used, free, shared, buffers, cache);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  fmt::print("{}\n", line);
}

}  // namespace

int run_free() {
  psinfo::virtual_memory_t vm = psinfo::virtual_memory();
  psinfo::swap_memory_t sw = psinfo::swap_memory();
  row("", "total", "used", "free", "shared", "buffers", "cache");
  row("Mem:", kib(vm.total), kib(vm.used), kib(vm.free), kib(vm.shared), kib(vm.buffers),
      kib(vm.cached));
  // Swap has no shared/buffers/cache: blank, as in psutil's script.
  row("Swap:", kib(sw.total), kib(sw.used), kib(sw.free), "", "", "");
  return 0;
}

}  // namespace psinfo_cli
