// Live tests: boot_time() and users() against /proc/stat, `uptime -s`, `who -b` and `who`;
// version() against the project version CMake was given.
#include <catch2/catch.hpp>

#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <psinfo/winservice.hpp>

#include <cmath>
#include <ctime>
#include <cstdio>

#include "live_util.hpp"

namespace {

// "YYYY-MM-DD HH:MM[:SS]" in local time -> seconds since the epoch, or nullopt.
std::optional<double> local_time(const std::string& text) {
  // sscanf rather than <regex>: GCC 12's <regex> trips -Wmaybe-uninitialized under ASan.
  std::tm tm{};
  int sec = 0;
  size_t at = text.find_first_of("0123456789");
  if (at == std::string::npos) return std::nullopt;
  int n = std::sscanf(text.c_str() + at, "%4d-%2d-%2d %2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
                      &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &sec);
  if (n < 5) return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_sec = n == 6 ? sec : 0;
  tm.tm_isdst = -1;
  return static_cast<double>(std::mktime(&tm));
}

}  // namespace

TEST_CASE("live: boot_time matches /proc/stat btime", "[live][host]") {
  std::uint64_t a = live::read_proc_stat().counters.at("btime");
  double ours = psinfo::boot_time();
  std::uint64_t b = live::read_proc_stat().counters.at("btime");
  // btime is recomputed from the wall clock at each read: an NTP step may move it between
  // the two readings, which bracket ours.
  CHECK(ours >= static_cast<double>(std::min(a, b)));
  CHECK(ours <= static_cast<double>(std::max(a, b)));
  CHECK(ours == std::floor(ours));  // whole seconds, as the kernel gives it
}

TEST_CASE("live: boot_time matches uptime -s and who -b", "[live][host]") {
  double ours = psinfo::boot_time();
  auto up = live::run("uptime -s");
  if (up.ran) {
    std::optional<double> t = local_time(up.out);
    REQUIRE(t.has_value());
    INFO("uptime -s: " << up.out << " ours " << ours);
    CHECK(std::abs(ours - *t) <= 2.0);
  } else {
    WARN("uptime -s not available");
  }
  auto who = live::run("who -b");
  std::optional<double> t = who.ran ? local_time(who.out) : std::nullopt;
  if (t) {
    // who shows the minute only: ours lies in that minute, give or take 2 s.
    INFO("who -b: " << who.out << " ours " << ours);
    CHECK(ours >= *t - 2.0);
    CHECK(ours < *t + 60.0 + 2.0);
  } else {
    WARN("who -b shows no boot record here (no wtmp/utmp boot entry): not compared");
  }
}

TEST_CASE("live: users matches who", "[live][host]") {
  auto who = live::run("who");
  std::vector<psinfo::user_t> ours = psinfo::users();
  if (!who.ran) {
    WARN("`who` not available: only the shape of users() is checked");
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const std::string& line : live::lines_of(who.out))
      if (!live::words_of(line).empty()) rows.push_back(live::words_of(line));
    INFO("who:\n" << who.out);
    CHECK(ours.size() == rows.size());
    if (ours.empty()) WARN("nobody is logged in: users() returned an empty list, as `who` shows");
    // Match by (name, terminal), who's columns 1 and 2; who shows the start to the minute.
    std::multiset<std::pair<std::string, std::string>> theirs, mine;
    for (const auto& r : rows) theirs.emplace(r[0], r.size() > 1 ? r[1] : "");
    for (const auto& u : ours) mine.emplace(u.name, u.terminal.value_or(""));
    CHECK(mine == theirs);
    for (const auto& u : ours) {
      for (const auto& r : rows) {
        if (r[0] != u.name || r.size() < 4 || r[1] != u.terminal.value_or("")) continue;
        std::optional<double> t = local_time(r[2] + " " + r[3]);
        if (!t) continue;
        INFO("user " << u.name << " started " << u.started << " who " << r[2] << " " << r[3]);
        CHECK(u.started >= *t);
        CHECK(u.started < *t + 60.0);
      }
    }
  }
  // Well-formed entries, whatever their number.
  const double now = static_cast<double>(std::time(nullptr));
  for (const auto& u : ours) {
    INFO("user " << u.name);
    CHECK_FALSE(u.name.empty());
    CHECK_FALSE(u.host.empty());  // psutil 8: "localhost" for local sessions, never ""
    CHECK(u.started > 0);
    CHECK(u.started <= now + 1);
    if (u.terminal) CHECK_FALSE(u.terminal->empty());
    if (u.pid) CHECK(*u.pid > 0);
  }
  // Calling it again gives the same sessions (utmp is re-read from the start each time).
  CHECK(psinfo::users().size() == ours.size());
}

TEST_CASE("live: version() is the project version", "[live][host]") {
  CHECK(std::string(psinfo::version()) == PSINFO_EXPECTED_VERSION);
}

// psutil has win_service_iter/win_service_get on Windows only; here every entry point says so.
TEST_CASE("live: Windows services are not supported here", "[live][host]") {
  CHECK_THROWS_AS(psinfo::win_service_iter(), psinfo::not_supported);
  CHECK_THROWS_AS(psinfo::win_service_get("RpcSs"), psinfo::not_supported);
  const psinfo::win_service s("RpcSs", "Remote Procedure Call (RPC)");
  CHECK(s.name() == "RpcSs");  // the object itself holds only the names
  CHECK_THROWS_AS(s.status(), psinfo::not_supported);
  CHECK_THROWS_AS(s.binpath(), psinfo::not_supported);
  CHECK_THROWS_AS(s.as_dict(), psinfo::not_supported);
}
