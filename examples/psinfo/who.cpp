// psinfo CLI — `psinfo who` (like coreutils who) and `psinfo uptime` (like procps uptime), from
// psutil.users(), boot_time() and getloadavg().
#include <fmt/format.h>

#include <clocale>
#include <cmath>
#include <cstring>
#include <ctime>
#include <psinfo/cpu.hpp>
#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <string>
#include <vector>

#include "commands.hpp"
#include "platform.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

// who's TIME: "2024-01-31 09:05" in a locale other than C/POSIX, "Jan 31 09:05" in those.
std::string who_time(double epoch, bool iso) {
  std::tm tm{};
  if (!to_local_tm(static_cast<std::time_t>(epoch), tm)) return "?";
  char buf[32];
  if (iso) {
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
  }
  // "%b %e %H:%M"; Windows' strftime has no %e (the day padded with a blank).
  std::strftime(buf, sizeof buf, "%b", &tm);
  char hm[16];
  std::strftime(hm, sizeof hm, "%H:%M", &tm);
  return fmt::format("{} {:>2} {}", buf, tm.tm_mday, hm);
}

// coreutils who's line: NAME (8) LINE (12) TIME COMMENT, without trailing blanks.
void who_line(const std::string& name, const std::string& line, const std::string& time,
              size_t time_width, const std::string& comment) {
  std::string s = fmt::format("{:<8} {:<12} {:<{}} {}", name, line, time, time_width, comment);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  fmt::print("{}\n", s);
}

}  // namespace

int run_who(const who_options& o) {
  // The format follows LC_TIME, as who's does.
  const char* lc = std::setlocale(LC_TIME, "");
  const bool iso = lc && std::strcmp(lc, "C") != 0 && std::strcmp(lc, "POSIX") != 0;
  const size_t time_width = iso ? 16 : 12;
  const std::vector<psinfo::user_t> users = psinfo::users();
  if (o.count) {
    std::string names;
    for (const psinfo::user_t& u : users) names += (names.empty() ? "" : " ") + u.name;
    fmt::print("{}\n# users={}\n", names, users.size());
    return 0;
  }
  if (o.heading) who_line("NAME", "LINE", "TIME", time_width, "COMMENT");
  if (o.boot) who_line("", "system boot", who_time(psinfo::boot_time(), iso), time_width, "");
  if (o.boot) return 0;
  for (const psinfo::user_t& u : users) {
    // psutil writes "localhost" for a local session (an empty host, or the display ":0"):
    // who shows nothing there.
    const std::string comment = u.host.empty() || u.host == "localhost" ? "" : "(" + u.host + ")";
    who_line(printable(u.name), printable(u.terminal.value_or("?")), who_time(u.started, iso),
             time_width, printable(comment));
  }
  return 0;
}

namespace {

// procps's "N unit" in the plural when N > 1, as uptime prints it.
std::string count(long n, const char* unit) {
  return fmt::format("{} {}{}", n, unit, n > 1 ? "s" : "");
}

// procps uptime -p: "up 2 weeks, 3 days, 4 hours, 5 minutes".
std::string pretty(long secs) {
  const long minutes = secs / 60 % 60, hours = secs / 3600 % 24, days = secs / 86400 % 7,
             weeks = secs / (86400 * 7) % 52, years = secs / (86400 * 365);
  std::string out;
  auto add = [&out](long n, const char* unit) {
    if (n) out += (out.empty() ? "" : ", ") + count(n, unit);
  };
  add(years, "year");
  add(weeks, "week");
  add(days, "day");
  add(hours, "hour");
  add(minutes, "minute");
  if (out.empty()) out = count(minutes, "minute");
  return "up " + out;
}

// A load average to two places, rounded half up as /proc/loadavg rounds it.
std::string load2(double v) { return fmt::format("{:.2f}", std::floor(v * 100 + 0.5) / 100); }

}  // namespace

int run_uptime(const uptime_options& o) {
  // Seconds since boot as the kernel counts them (/proc/uptime's), else from boot_time(),
  // which is whole seconds.
  const std::time_t now = std::time(nullptr);
  const double up_exact =
      seconds_since_boot().value_or(static_cast<double>(now) - psinfo::boot_time());
  const long up = std::max(0L, static_cast<long>(up_exact));
  if (o.since) {
    std::tm tm{};
    char buf[32] = "?";
    const double boot = static_cast<double>(now) - up_exact;
    if (to_local_tm(static_cast<std::time_t>(boot), tm))
      std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    fmt::print("{}\n", buf);
    return 0;
  }
  if (o.pretty) {
    fmt::print("{}\n", pretty(up));
    return 0;
  }
  std::tm tm{};
  char clock[16] = "??:??:??";
  if (to_local_tm(now, tm)) std::strftime(clock, sizeof clock, "%H:%M:%S", &tm);
  std::string s = fmt::format(" {} up ", clock);
  if (const long days = up / 86400) s += count(days, "day") + ", ";
  const long hours = up / 3600 % 24, minutes = up / 60 % 60;
  s += hours ? fmt::format("{:2}:{:02}, ", hours, minutes) : fmt::format("{} min, ", minutes);
  const size_t n = psinfo::users().size();
  s += fmt::format("{:2} {}, ", n, n > 1 ? "users" : "user");
  // Windows computes the load from a performance counter that may be missing (Wine has
  // none): the rest is still shown, and why not the load.
  std::string why;
  try {
    const auto load = psinfo::getloadavg();
    s += fmt::format(" load average: {}, {}, {}", load2(load[0]), load2(load[1]), load2(load[2]));
  } catch (const psinfo::error& e) {
    s += " load average: -";
    why = one_line(e.what());
  }
  fmt::print("{}\n", s);
  if (!why.empty()) fmt::print(stderr, "psinfo: uptime: {}\n", why);
  return 0;
}

}  // namespace psinfo_cli
