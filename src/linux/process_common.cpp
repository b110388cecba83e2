#include "linux/process_common.hpp"

#include <psinfo/errors.hpp>

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <optional>

#include "linux/parse.hpp"

namespace psinfo::detail {

std::string pid_path(long pid, std::string_view rel) {
  std::string p = proc_path(std::to_string(pid));
  if (!rel.empty()) {
    p += '/';
    p += rel;
  }
  return p;
}

namespace {
// The state char and ppid of <proc>/<pid>/stat, if readable.
bool read_state(long pid, char& state, std::optional<long>& ppid) {
  file_buffer buf;
  if (!try_read_file(pid_path(pid, "stat"), buf)) return false;
  std::string_view s = buf.view();
  size_t close = s.rfind(')');
  if (close == std::string_view::npos || close + 2 >= s.size()) return false;
  state = s[close + 2];
  std::string_view rest = s.substr(close + 3), tok;
  if (next_token(rest, tok))
    if (auto v = to_i64(tok)) ppid = static_cast<long>(*v);
  return true;
}
}  // namespace

bool is_zombie(long pid) {
  char state = 0;
  std::optional<long> ppid;
  return read_state(pid, state, ppid) && state == 'Z';
}

void throw_proc_error(long pid, int err, const std::string& what) {
  std::string msg = what + " (pid=" + std::to_string(pid) + "): " + strerror(err);
  if (err == EACCES || err == EPERM) throw access_denied(msg, err);
  if (err == ESRCH || err == ENOENT) {
    char state = 0;
    std::optional<long> ppid;
    bool have_stat = read_state(pid, state, ppid);
    if (have_stat && state == 'Z')
      throw zombie_process(
          pid, ppid, "process still exists but it's a zombie (pid=" + std::to_string(pid) + ")");
    if (!have_stat || err == ESRCH)
      throw no_such_process(pid, "process no longer exists (pid=" + std::to_string(pid) + ")");
  }
  throw error(msg, err);
}

void assert_alive(long pid) {
  std::string dir = pid_path(pid, "");
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ESRCH)
      throw no_such_process(pid, "process no longer exists (pid=" + std::to_string(pid) + ")");
    throw_proc_error(pid, errno, dir);
  }
}

std::string_view read_pid_file(long pid, std::string_view rel, file_buffer& buf) {
  int err = 0;
  std::string path = pid_path(pid, rel);
  if (!try_read_file(path, buf, &err)) throw_proc_error(pid, err, path);
  return buf.view();
}

}  // namespace psinfo::detail
