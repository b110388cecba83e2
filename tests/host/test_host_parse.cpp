// The utmp parser, against glibc's own reading of the same file.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utmp.h>
#include <utmpx.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "linux/parse.hpp"

using namespace psinfo::detail;

TEST_CASE("parse_utmp: the USER_PROCESS records glibc's getutxent reads from the same file") {
  char path[] = "/tmp/psinfo-utmp-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  struct rec {
    short type;
    const char *user, *line, *host;
    int pid, sec;
  };
  const rec recs[] = {{BOOT_TIME, "reboot", "~", "6.1", 0, 100},
                      {USER_PROCESS, "alice", "pts/0", "10.0.0.1", 1234, 1700000000},
                      {DEAD_PROCESS, "", "pts/1", "", 99, 5},
                      {USER_PROCESS, "bob", "tty1", "", 42, 1700000100},
                      {LOGIN_PROCESS, "LOGIN", "tty2", "", 43, 7},
                      {USER_PROCESS, "carol-with-a-name-of-exactly-32-c", "", ":0", 44, 8},
                      {USER_PROCESS, "dave", ":1", ":0.0", 45, 9}};
  REQUIRE(utmpxname(path) == 0);
  setutxent();
  for (const rec& r : recs) {
    struct utmpx u {};
    u.ut_type = r.type;
    u.ut_pid = r.pid;
    std::strncpy(u.ut_user, r.user, sizeof u.ut_user);  // not NUL-terminated when full
    std::strncpy(u.ut_line, r.line, sizeof u.ut_line);
    std::strncpy(u.ut_host, r.host, sizeof u.ut_host);
    std::snprintf(u.ut_id, sizeof u.ut_id, "%d", r.pid);
    u.ut_tv.tv_sec = r.sec;
    REQUIRE(pututxline(&u) != nullptr);
  }
  // Read back with glibc: the independent reading.
  std::vector<psinfo::user_t> want;
  setutxent();
  while (struct utmpx* u = getutxent()) {
    if (u->ut_type != USER_PROCESS) continue;
    psinfo::user_t e;
    e.name.assign(u->ut_user, strnlen(u->ut_user, sizeof u->ut_user));
    std::string line(u->ut_line, strnlen(u->ut_line, sizeof u->ut_line));
    if (!line.empty()) e.terminal = line;
    e.host.assign(u->ut_host, strnlen(u->ut_host, sizeof u->ut_host));
    if (e.host.empty() || e.host == ":0" || e.host == ":0.0") e.host = "localhost";
    e.started = u->ut_tv.tv_sec;
    e.pid = u->ut_pid;
    want.push_back(e);
  }
  endutxent();
  utmpxname(_PATH_UTMP);
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unlink(path);
  REQUIRE(data.size() == std::size(recs) * sizeof(struct utmpx));
  REQUIRE(want.size() == 4);
  CHECK(want[2].name == "carol-with-a-name-of-exactly-32-");  // 32 bytes, no NUL
  for (const std::string& tail : {std::string(), std::string(100, 'x')}) {
    auto got = parse_utmp(data + tail);  // a short last record is ignored, as by getutxent
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      CHECK(got[i].name == want[i].name);
      CHECK(got[i].terminal == want[i].terminal);
      CHECK(got[i].host == want[i].host);
      CHECK(got[i].started == want[i].started);
      CHECK(got[i].pid == want[i].pid);
    }
  }
  CHECK(parse_utmp("").empty());
  CHECK(parse_utmp(data.substr(0, sizeof(struct utmpx) - 1)).empty());
}
