// A platform psinfo does not support: host (see unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

double boot_time() { unsupported("boot_time"); }
std::vector<user_t> users() { unsupported("users"); }

}  // namespace psinfo::detail
