// A platform psinfo does not support: processes: memory (see unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

memory_full_info_t proc_memory_full_info(const proc_ref&) { unsupported("memory_full_info"); }
memory_footprint_t proc_memory_footprint(const proc_ref&) { unsupported("memory_footprint"); }
std::vector<memory_map_t> proc_memory_maps(const proc_ref&, bool) { unsupported("memory_maps"); }

}  // namespace psinfo::detail
