// A platform psinfo does not support: processes: open files (see unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

std::vector<open_file_t> proc_open_files(const proc_ref&) { unsupported("open_files"); }

}  // namespace psinfo::detail
