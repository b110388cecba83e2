// The memory parsers (/proc/meminfo, zoneinfo, vmstat) and the virtual memory arithmetic, on
// hand-written text whose expected values are read off the text.
#include <catch2/catch.hpp>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <psinfo/errors.hpp>

#include "linux/parse.hpp"
#include "util.hpp"

using namespace psinfo::detail;

TEST_CASE("meminfo keys are exact, values are KiB") {
  auto m = parse_meminfo(
      "MemTotal:        3742148 kB\nActive(file):     213412 kB\nActive:          2233416 kB\n"
      "HugePages_Total:       0\nShadowCallStack:10373888 kB\nbroken line\nMemFree: x kB\n");
  CHECK(*m.mem_total == 3742148ull * 1024);
  CHECK(*m.active_file == 213412ull * 1024);
  CHECK(*m.active == 2233416ull * 1024);
  CHECK_FALSE(m.mem_free);  // unparsable value
  CHECK_FALSE(m.mem_available);
}

namespace {
// The plain reading parse_meminfo must give: lines split at '\n', the key before the first
// ':', the first whitespace-separated token after it, which must be all digits and fit in 64
// bits (later lines win).
std::map<std::string, std::uint64_t> ref_meminfo(const std::string& text) {
  std::map<std::string, std::uint64_t> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    const std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::size_t b = colon + 1;
    while (b < line.size() && std::isspace(static_cast<unsigned char>(line[b]))) ++b;
    std::size_t e = b;
    while (e < line.size() && !std::isspace(static_cast<unsigned char>(line[e]))) ++e;
    if (e == b) continue;
    bool digits = true;
    unsigned __int128 v = 0;
    for (std::size_t i = b; i < e && digits; ++i) {
      digits = line[i] >= '0' && line[i] <= '9';
      v = v * 10 + static_cast<unsigned>(line[i] - '0');
      if (v > ~std::uint64_t{0}) digits = false;
    }
    if (digits) out[line.substr(0, colon)] = static_cast<std::uint64_t>(v) * 1024;
  }
  return out;
}
}  // namespace

TEST_CASE("meminfo: every key, separator and odd value as the plain reading has it") {
  const std::pair<const char*, std::optional<std::uint64_t> meminfo::*> keys[] = {
      {"MemTotal", &meminfo::mem_total},
      {"MemFree", &meminfo::mem_free},
      {"MemAvailable", &meminfo::mem_available},
      {"Buffers", &meminfo::buffers},
      {"Cached", &meminfo::cached},
      {"SwapCached", &meminfo::swap_cached},
      {"Active", &meminfo::active},
      {"Inactive", &meminfo::inactive},
      {"Active(file)", &meminfo::active_file},
      {"Inactive(file)", &meminfo::inactive_file},
      {"Inact_dirty", &meminfo::inact_dirty},
      {"Inact_clean", &meminfo::inact_clean},
      {"Inact_laundry", &meminfo::inact_laundry},
      {"Shmem", &meminfo::shmem},
      {"MemShared", &meminfo::mem_shared},
      {"Slab", &meminfo::slab},
      {"SReclaimable", &meminfo::sreclaimable},
      {"SwapTotal", &meminfo::swap_total},
      {"SwapFree", &meminfo::swap_free}};
  const char* const others[] = {"Active(anon)",
                                "HugePages_Total",
                                "DirectMap4k",
                                "Mem",
                                "MemTotalX",
                                "memtotal",
                                "Slab ",
                                " Slab",
                                "ShmemPmdMapped",
                                "ShadowCallStack",
                                "HardwareCorrupted",
                                "Committed_AS"};
  const char* const values[] = {"0",
                                "7",
                                "3742148",
                                "18014398509481983",
                                "18014398509481984",
                                "18446744073709551615",
                                "18446744073709551616",
                                "00000000000000000000012",
                                "12a",
                                "-1",
                                "+3",
                                "x",
                                ""};
  const char* const seps[] = {" ", "        ", "\t", " \t ", "\r", "\v", "", "   \x01"};
  std::mt19937 rng(20261125);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text;
    const std::size_t lines = pick(30);
    for (std::size_t l = 0; l < lines; ++l) {
      const bool wanted = pick(3) != 0;
      const std::string key =
          wanted ? keys[pick(std::size(keys))].first : others[pick(std::size(others))];
      if (pick(3) == 0) {
        // Exactly as the kernel's show_val_kb prints it (the fixed-width fast path): the key
        // and ':' padded to 16 columns, the value right-aligned in 8 (9+ digits overflow it).
        const unsigned long long v = pick(4) == 0 ? rng() % 100000000000ull : rng() % 100000000;
        char buf[96];
        std::snprintf(buf, sizeof buf, "%-16s%8llu kB", (key + ":").c_str(), v);
        text += buf;
      } else {
        text += key;
        if (pick(30) != 0) text += ':';
        if (pick(2) == 0) {  // padded to 16 + 8 columns of the text (not of the line)
          char buf[64];
          std::snprintf(buf, sizeof buf, "%*llu kB", static_cast<int>(8 + 16 - text.size() % 16),
                        static_cast<unsigned long long>(rng() % 100000000));
          text += buf;
        } else {
          text += seps[pick(std::size(seps))];
          text += values[pick(std::size(values))];
          if (pick(2) == 0) text += std::string(seps[pick(std::size(seps))]) + "kB";
        }
      }
      if (pick(8) == 0 && !text.empty()) {
        const char swaps[] = {' ', '\t', ':', '\n', '\0', '9', 'k'};
        text[pick(text.size())] = swaps[pick(sizeof swaps)];
      }
      if (l + 1 < lines || pick(2) == 0) text += '\n';
    }
    INFO("text: '" << text << "'");
    const auto ref = ref_meminfo(text);
    const meminfo m = parse_meminfo(text);
    for (const auto& [key, field] : keys) {
      auto it = ref.find(key);
      INFO("key " << key);
      CHECK(m.*field ==
            (it == ref.end() ? std::nullopt : std::optional<std::uint64_t>(it->second)));
    }
  }
}

TEST_CASE("virtual memory with MemAvailable") {
  meminfo m = parse_meminfo(
      "MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 600 kB\nBuffers: 10 kB\n"
      "Cached: 300 kB\nSReclaimable: 50 kB\nShmem: 5 kB\nActive: 200 kB\nInactive: 250 kB\n"
      "Slab: 70 kB\n");
  auto vm = compute_virtual_memory(m, std::nullopt);
  CHECK(vm.total == 1024000);
  CHECK(vm.available == 614400);
  CHECK(vm.used == 1024000 - 614400);
  CHECK(vm.percent == 40.0);
  CHECK(vm.free == 102400);
  CHECK(*vm.cached == 350 * 1024);
  CHECK(*vm.buffers == 10240);
  CHECK(*vm.shared == 5120);
  CHECK(*vm.active == 204800);
  CHECK(*vm.inactive == 256000);
  CHECK(*vm.slab == 71680);
  CHECK_FALSE(vm.wired);
}

TEST_CASE("virtual memory: missing fields are absent, not zero") {
  meminfo m = parse_meminfo("MemTotal: 1000 kB\nMemFree: 400 kB\n");
  auto vm = compute_virtual_memory(m, std::nullopt);
  CHECK_FALSE(vm.buffers);
  CHECK_FALSE(vm.cached);
  CHECK_FALSE(vm.shared);
  CHECK_FALSE(vm.active);
  CHECK_FALSE(vm.inactive);
  CHECK_FALSE(vm.slab);
  // No MemAvailable and no page-cache figures: psutil's fallback free + Cached (0 here).
  CHECK(vm.available == 409600);
  CHECK_THROWS_AS(compute_virtual_memory(parse_meminfo("MemFree: 1 kB\n"), std::nullopt),
                  psinfo::error);
}

TEST_CASE("available is clamped to [0, total]") {
  // The estimate goes negative when the low watermark exceeds everything reclaimable.
  meminfo m = parse_meminfo(
      "MemTotal: 1000 kB\nMemFree: 10 kB\nCached: 0 kB\nActive(file): 0 kB\n"
      "Inactive(file): 0 kB\nSReclaimable: 0 kB\n");
  CHECK(compute_virtual_memory(m, 1024000u).available == 0);
  // MemAvailable above MemTotal (seen on some containers): psutil falls back to free.
  meminfo big = parse_meminfo("MemTotal: 1000 kB\nMemFree: 300 kB\nMemAvailable: 2000 kB\n");
  CHECK(compute_virtual_memory(big, std::nullopt).available == 307200);
}

TEST_CASE("zoneinfo low watermarks are summed") {
  CHECK(parse_zoneinfo_low("Node 0, zone DMA\n  pages free 3\n        min 10\n        low      12\n"
                           "        high 14\nNode 0, zone Normal\n        low 6250\n") == 6262);
  CHECK(parse_zoneinfo_low("nothing here\n") == 0);
}

TEST_CASE("vmstat swap counters") {
  auto s = parse_vmstat_swap("nr_free_pages 1\npswpin 1476\npswpout 35045\n");
  CHECK(*s.pswpin == 1476);
  CHECK(*s.pswpout == 35045);
  CHECK_FALSE(parse_vmstat_swap("nr_free_pages 1\n").pswpin);
  // Only whole keys at the start of a line count.
  auto t = parse_vmstat_swap("xpswpin 9\npswpin_extra 8\npswpout 3\npswpin 7");
  CHECK(*t.pswpin == 7);
  CHECK(*t.pswpout == 3);
  CHECK_FALSE(parse_vmstat_swap("pswpin\n").pswpin);
}
