// A platform psinfo does not support: memory (see unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

virtual_memory_t virtual_memory() { unsupported("virtual_memory"); }
swap_memory_t swap_memory() { unsupported("swap_memory"); }
heap_info_t heap_info() { unsupported("heap_info"); }
void heap_trim() { unsupported("heap_trim"); }

}  // namespace psinfo::detail
