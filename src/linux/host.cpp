// Linux host: boot time from /proc/stat, users from utmp.
#include <psinfo/errors.hpp>

#include <string.h>
#include <utmpx.h>

#include <mutex>

#include "linux/parse.hpp"
#include "linux/procfs.hpp"
#include "platform.hpp"

namespace psinfo::detail {

double boot_time() {
  stat_counters c = parse_stat_counters(read_file(proc_path("stat"), scratch()));
  if (!c.btime) throw error(proc_path("stat") + ": no 'btime' line");
  return static_cast<double>(*c.btime);
}

namespace {
template <size_t N>
std::string field(const char (&s)[N]) {
  return std::string(s, ::strnlen(s, N));
}
}  // namespace

std::vector<user_t> users() {
  // getutxent keeps its position in static state: one reader at a time.
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::vector<user_t> out;
  ::setutxent();
  while (struct utmpx* u = ::getutxent()) {
    if (u->ut_type != USER_PROCESS) continue;
    user_t e;
    e.name = field(u->ut_user);
    std::string line = field(u->ut_line);
    if (!line.empty()) e.terminal = line;
    e.host = field(u->ut_host);
    if (e.host.empty() || e.host == ":0" || e.host == ":0.0") e.host = "localhost";
    e.started = static_cast<double>(u->ut_tv.tv_sec);
    e.pid = static_cast<long>(u->ut_pid);
    out.push_back(std::move(e));
  }
  ::endutxent();
  return out;
}

}  // namespace psinfo::detail
