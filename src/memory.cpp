// Shared layer: memory. The OS directory computes the fields; nothing to post-process yet.
#include <psinfo/memory.hpp>

#include "platform.hpp"

namespace psinfo {

inline namespace PSINFO_ABI {
virtual_memory_t virtual_memory() { return detail::virtual_memory(); }
swap_memory_t swap_memory() { return detail::swap_memory(); }
heap_info_t heap_info() { return detail::heap_info(); }
void heap_trim() { detail::heap_trim(); }
}  // namespace PSINFO_ABI

}  // namespace psinfo
