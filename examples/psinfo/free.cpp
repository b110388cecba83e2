// psinfo CLI — `psinfo free`, laid out like procps free: rows Mem and Swap (and Total with -t),
// columns total used free shared buff/cache available (buffers and cache apart with -w), in
// KiB by default, in bytes, powers of 1024 or 1000, or human units as free -b/-k/-m/-g/-h/--si.
#include <fmt/format.h>

#include <optional>
#include <psinfo/memory.hpp>
#include <string>

#include "commands.hpp"
#include "container.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

// One value as procps free's scale_size() prints it. Absent: "-" (a value this system does
// not have, never 0).
std::string scaled(const std::optional<std::uint64_t>& bytes, const free_options& o) {
  if (!bytes) return "-";
  const double base = o.si ? 1000 : 1024;
  if (o.human) return free_human(*bytes, o.si);
  if (o.power == 0) return fmt::format("{}", *bytes);  // -b: bytes, never SI
  double divisor = 1;
  for (int i = 0; i < o.power; ++i) divisor *= base;
  return fmt::format("{}", static_cast<std::uint64_t>(static_cast<double>(*bytes) / divisor));
}

void row(const char* label, std::initializer_list<std::string> cells) {
  std::string line = fmt::format("{:<9}", label);
  bool first = true;
  for (const std::string& c : cells) {
    line += fmt::format(first ? "{:>11}" : " {:>11}", c);
    first = false;
  }
  fmt::print("{}\n", line);
}

}  // namespace

int run_free(const free_options& o) {
  const psinfo::virtual_memory_t vm = psinfo::virtual_memory();
  const psinfo::swap_memory_t sw = psinfo::swap_memory();
  auto s = [&o](std::optional<std::uint64_t> v) { return scaled(v, o); };
  if (o.wide)
    row("", {"total", "used", "free", "shared", "buffers", "cache", "available"});
  else
    row("", {"total", "used", "free", "shared", "buff/cache", "available"});
  // buff/cache: Buffers + Cached + SReclaimable, as procps (psutil's cached has SReclaimable).
  std::optional<std::uint64_t> buff_cache;
  if (vm.buffers || vm.cached) buff_cache = vm.buffers.value_or(0) + vm.cached.value_or(0);
  if (o.wide)
    row("Mem:", {s(vm.total), s(vm.used), s(vm.free), s(vm.shared), s(vm.buffers), s(vm.cached),
                 s(vm.available)});
  else
    row("Mem:",
        {s(vm.total), s(vm.used), s(vm.free), s(vm.shared), s(buff_cache), s(vm.available)});
  row("Swap:", {s(sw.total), s(sw.used), s(sw.free)});
  if (o.total) row("Total:", {s(vm.total + sw.total), s(vm.used + sw.used), s(vm.free + sw.free)});
  if (auto line = container_line()) fmt::print("{}\n", line->substr(1));
  return 0;
}

}  // namespace psinfo_cli
