// BSD host: kern.boottime; the logged-in users from each BSD's login records (freebsd_host.cpp:
// utmpx; openbsd_host.cpp: utmp(5)).
#include "bsd/bsd.hpp"

namespace psinfo::detail {

double boot_time() { return posix::boot_time(); }
std::vector<user_t> users() { return bsd::users_now(); }

}  // namespace psinfo::detail
