// POSIX helpers: boot time, users, user names, terminals (see posix.hpp).
#include <psinfo/errors.hpp>

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
// sys/types.h first: the BSDs' sys/sysctl.h needs its types.
#include <sys/sysctl.h>
#include <unistd.h>
#if !defined(__OpenBSD__)
#include <utmpx.h>
#endif

#include <memory>
#include <mutex>
#include <unordered_map>

#include "posix/posix.hpp"

namespace psinfo::detail::posix {

double boot_time() {
  const struct timeval tv =
      sysctl_value<struct timeval>({CTL_KERN, KERN_BOOTTIME}, "kern.boottime");
  return static_cast<double>(tv.tv_sec);
}

#if !defined(__OpenBSD__)
std::vector<user_t> users_utmpx(bool skip_tilde) {
  // getutxent() walks one cursor per process: one walk at a time.
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::vector<user_t> out;
  setutxent();
  while (const struct utmpx* ut = getutxent()) {
    if (ut->ut_type != USER_PROCESS) continue;
    // The fields are fixed-size arrays, not always NUL-terminated.
    std::string line(ut->ut_line, strnlen(ut->ut_line, sizeof ut->ut_line));
    if (skip_tilde && line == "~") continue;  // reboot or shutdown
    if (ut->ut_tv.tv_sec == 0) continue;      // psutil: no timestamp, no session
    user_t u;
    u.name.assign(ut->ut_user, strnlen(ut->ut_user, sizeof ut->ut_user));
    if (!line.empty()) u.terminal = std::move(line);
    u.host.assign(ut->ut_host, strnlen(ut->ut_host, sizeof ut->ut_host));
    if (u.host.empty() || u.host == ":0" || u.host == ":0.0") u.host = "localhost";
    u.started = static_cast<double>(ut->ut_tv.tv_sec);
    u.pid = static_cast<long>(ut->ut_pid);
    out.push_back(std::move(u));
  }
  endutxent();
  return out;
}
#endif

std::string user_name(long uid) {
  long hint = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::size_t size = hint > 0 ? static_cast<std::size_t>(hint) : 1024;
  for (;;) {
    std::unique_ptr<char[]> mem(new char[size]);
    struct passwd pw;
    struct passwd* res = nullptr;
    int rc = ::getpwuid_r(static_cast<uid_t>(uid), &pw, mem.get(), size, &res);
    if (rc == ERANGE && size < (1u << 20)) {
      size *= 2;
      continue;
    }
    if (rc == 0 && res && res->pw_name) return res->pw_name;
    return std::to_string(uid);
  }
}

namespace {
using tty_map = std::unordered_map<std::uint64_t, std::string>;

// fn(path) for each entry of dir whose name starts with prefix.
template <class Fn>
void each_entry(const std::string& dir, const char* prefix, Fn fn) {
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(dir.c_str()), ::closedir);
  if (!d) return;
  const std::size_t plen = strlen(prefix);
  while (const struct dirent* e = ::readdir(d.get())) {
    if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, plen) != 0) continue;
    fn(dir + "/" + e->d_name);
  }
}

tty_map scan_ttys() {
  tty_map m;
  auto add = [&m](const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) m.emplace(static_cast<std::uint64_t>(st.st_rdev), path);
  };
  each_entry("/dev", "tty", add);
  each_entry("/dev/pts", "", add);
  return m;
}
}  // namespace

std::optional<std::string> terminal_of(std::uint64_t rdev) {
  static std::mutex mu;
  static tty_map* map = nullptr;  // never destroyed: usable during exit
  std::lock_guard<std::mutex> lock(mu);
  for (int pass = 0; pass < 2; ++pass) {
    if (!map || pass == 1) {
      tty_map fresh = scan_ttys();
      if (map)
        *map = std::move(fresh);
      else
        map = new tty_map(std::move(fresh));
    }
    auto it = map->find(rdev);
    if (it != map->end()) return it->second;
  }
  return std::nullopt;
}

}  // namespace psinfo::detail::posix
