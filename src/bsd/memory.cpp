// BSD memory: virtual_memory and swap_memory with psutil's BSD fields, from each BSD's counters
// (freebsd_memory.cpp / openbsd_memory.cpp) through convert.hpp's formulas.
#include "bsd/bsd.hpp"

namespace psinfo::detail {

virtual_memory_t virtual_memory() { return bsd::virtual_memory_now(); }
swap_memory_t swap_memory() { return bsd::swap_memory_now(); }
heap_info_t heap_info() { return bsd::heap_info_now(); }
void heap_trim() { bsd::heap_trim_now(); }

}  // namespace psinfo::detail
