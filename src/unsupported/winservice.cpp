// A platform psinfo does not support: Windows services (see unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

std::vector<std::pair<std::string, std::string>> win_service_enumerate() {
  unsupported("win_service_iter");
}
void win_service_query_config(const std::string&, win_service_info_t&) {
  unsupported("win_service_get");
}
void win_service_query_status(const std::string&, win_service_info_t&) {
  unsupported("win_service_get");
}
std::string win_service_query_description(const std::string&) { unsupported("win_service_get"); }

}  // namespace psinfo::detail
