// Windows services on the POSIX systems (Linux, macOS, the BSDs): none, as psutil has no
// win_service_* there: not_supported. The contract file src/<os>/winservice.cpp of each of them
// only points here; cmake/sources.cmake lists this file for them.
#include <psinfo/errors.hpp>

#include "platform.hpp"

namespace psinfo::detail {

namespace {
[[noreturn]] void windows_only(const char* what) {
  throw not_supported(std::string(what) + ": Windows only");
}
}  // namespace

std::vector<std::pair<std::string, std::string>> win_service_enumerate() {
  windows_only("win_service_iter");
}
void win_service_query_config(const std::string&, win_service_info_t&) {
  windows_only("win_service_get");
}
void win_service_query_status(const std::string&, win_service_info_t&) {
  windows_only("win_service_get");
}
std::string win_service_query_description(const std::string&) { windows_only("win_service_get"); }

}  // namespace psinfo::detail
