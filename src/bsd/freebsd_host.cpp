// FreeBSD users: utmpx (getutxent), psutil's rows without reboot/shutdown records.
#include "bsd/bsd.hpp"

namespace psinfo::detail::bsd {

std::vector<user_t> users_now() { return posix::users_utmpx(/*skip_tilde=*/true); }

}  // namespace psinfo::detail::bsd
