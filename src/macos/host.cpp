// macOS host: boot time (kern.boottime) and users (utmpx), as psutil (src/posix).
#include "platform.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail {

double boot_time() { return posix::boot_time(); }

// psutil leaves out the reboot / shutdown records ("~" as the tty).
std::vector<user_t> users() { return posix::users_utmpx(true); }

}  // namespace psinfo::detail
