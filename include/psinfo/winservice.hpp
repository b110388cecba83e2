// psinfo — Windows services (psutil.win_service_iter, psutil.win_service_get). Windows only:
// every other OS throws not_supported, as psutil has no such names there.
#pragma once

#include <psinfo/export.h>

#include <optional>
#include <string>
#include <vector>

namespace psinfo {
inline namespace PSINFO_ABI {

// WindowsService.as_dict(): everything about one service, queried at once.
struct win_service_info_t {
  std::string name;          // the service (key) name: what win_service_get() takes
  std::string display_name;  // the name the Services console shows
  std::string binpath;       // the command line of its program, arguments included
  std::string username;      // the account it runs as ("LocalSystem", "NT AUTHORITY\...")
  std::string start_type;    // "automatic", "manual", "disabled" (psutil: "unknown" otherwise)
  std::optional<long> pid;   // its process while it runs; absent when the SCM says 0
  // "running", "paused", "start_pending", "pause_pending", "continue_pending",
  // "stop_pending", "stopped" ("unknown" otherwise)
  std::string status;
  std::string description;  // "" when it has none
};

// psutil.WindowsService: an installed service, named by its key name. name() and
// display_name() are kept in the object; every other method asks the Service Control Manager
// again. A service that is gone (or a name that never was one) throws no_such_process
// (psutil's NoSuchProcess, pid 0: "service 'X' does not exist"); one the caller may not query
// throws access_denied.
class PSINFO_API win_service {
 public:
  win_service(std::string name, std::string display_name)
      : name_(std::move(name)), display_name_(std::move(display_name)) {}

  const std::string& name() const noexcept { return name_; }
  const std::string& display_name() const noexcept { return display_name_; }
  std::string binpath() const;
  std::string username() const;
  std::string start_type() const;
  std::optional<long> pid() const;
  std::string status() const;
  std::string description() const;
  // All of the above (psutil's as_dict(): the configuration, the status, the description).
  win_service_info_t as_dict() const;

  // psutil: two services are equal when their names are.
  bool operator==(const win_service& other) const noexcept { return name_ == other.name_; }
  bool operator!=(const win_service& other) const noexcept { return !(*this == other); }

 private:
  std::string name_;
  std::string display_name_;
};

// psutil.win_service_iter(): every Win32 service (not the drivers), as the SCM enumerates
// them, each with its name and display name.
PSINFO_API std::vector<win_service> win_service_iter();

// psutil.win_service_get(name): the service of that key name, its display name read now.
// no_such_process when there is none.
PSINFO_API win_service win_service_get(const std::string& name);

}  // namespace PSINFO_ABI
}  // namespace psinfo
