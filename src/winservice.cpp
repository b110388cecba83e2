// Shared layer: Windows services. psutil's WindowsService is a name and a display name; every
// other method asks the backend again (src/<os>/winservice.cpp).
#include <psinfo/winservice.hpp>

#include "platform.hpp"

namespace psinfo {
inline namespace PSINFO_ABI {

namespace {

win_service_info_t config_of(const std::string& name) {
  win_service_info_t info;
  detail::win_service_query_config(name, info);
  return info;
}

win_service_info_t status_of(const std::string& name) {
  win_service_info_t info;
  detail::win_service_query_status(name, info);
  return info;
}

}  // namespace

std::string win_service::binpath() const { return config_of(name_).binpath; }
std::string win_service::username() const { return config_of(name_).username; }
std::string win_service::start_type() const { return config_of(name_).start_type; }
std::optional<long> win_service::pid() const { return status_of(name_).pid; }
std::string win_service::status() const { return status_of(name_).status; }
std::string win_service::description() const {
  return detail::win_service_query_description(name_);
}

// psutil: the configuration, then the status, then the name, the display name kept in the
// object and the description.
win_service_info_t win_service::as_dict() const {
  win_service_info_t info = config_of(name_);
  detail::win_service_query_status(name_, info);
  info.name = name_;
  info.display_name = display_name_;
  info.description = detail::win_service_query_description(name_);
  return info;
}

std::vector<win_service> win_service_iter() {
  std::vector<win_service> out;
  for (auto& [name, display] : detail::win_service_enumerate())
    out.emplace_back(std::move(name), std::move(display));
  return out;
}

win_service win_service_get(const std::string& name) {
  return win_service(name, config_of(name).display_name);
}

}  // namespace PSINFO_ABI
}  // namespace psinfo
