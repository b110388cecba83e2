// BSD processes: memory maps (FreeBSD: kern.proc.vmmap, freebsd_process.cpp). psutil has no
// memory_full_info of its own on the BSDs (its memory_full_info() is memory_info's fields
// there), and psinfo's memory_full_info_t needs a uss, which no BSD gives.
#include <psinfo/errors.hpp>

#include "bsd/bsd.hpp"

namespace psinfo::detail {

memory_full_info_t proc_memory_full_info(const proc_ref&) {
  throw not_supported(
      "memory_full_info: the BSDs give no USS (psutil's is memory_info's fields there)");
}

memory_footprint_t proc_memory_footprint(const proc_ref&) {
  throw not_supported(
      "memory_footprint: the BSDs give no USS (psutil has no memory_footprint there)");
}

std::vector<memory_map_t> proc_memory_maps(const proc_ref& p, bool grouped) {
  return bsd::memory_maps(bsd::kinfo(p), grouped);
}

}  // namespace psinfo::detail
