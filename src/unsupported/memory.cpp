// A platform psinfo does not support: memory (see unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

virtual_memory_t virtual_memory() { unsupported("virtual_memory"); }
swap_memory_t swap_memory() { unsupported("swap_memory"); }

}  // namespace psinfo::detail
