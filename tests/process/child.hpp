// Children for the process tests: each is killed and reaped when its handle goes, even when a
// check fails.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace test {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The state char of /proc/<pid>/stat ('\0' if unreadable).
inline char proc_state(pid_t pid) {
  std::string s = read_text("/proc/" + std::to_string(pid) + "/stat");
  auto close = s.rfind(')');
  return close == std::string::npos || close + 2 >= s.size() ? '\0' : s[close + 2];
}

// A "Key:" line of /proc/<pid>/status, value part (tabs kept).
inline std::string status_field(pid_t pid, const std::string& key) {
  std::istringstream in(read_text("/proc/" + std::to_string(pid) + "/status"));
  std::string line;
  while (std::getline(in, line))
    if (line.compare(0, key.size() + 1, key + ":") == 0) {
      std::string v = line.substr(key.size() + 1);
      while (!v.empty() && (v[0] == '\t' || v[0] == ' ')) v.erase(0, 1);
      return v;
    }
  return "";
}

inline bool wait_until(const std::function<bool()>& cond, int ms = 5000) {
  for (int i = 0; i < ms / 5; ++i) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return cond();
}

class child {
 public:
  // fork(); the child runs fn() then _exit(0) (fn usually never returns). The parent waits
  // until the child has signalled readiness through a pipe (fn must call ready()).
  template <class F>
  explicit child(F fn) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork");
    if (pid_ == 0) {
      ::close(fds[0]);
      ready_fd() = fds[1];
      fn();
      ::_exit(0);
    }
    ::close(fds[1]);
    char c;
    ssize_t n = ::read(fds[0], &c, 1);  // EOF (exec or exit) also ends the wait
    (void)n;
    ::close(fds[0]);
  }
  // Runs path with argv (argv[0] as given) after optional setup in the child.
  // env: the new environment (absent: inherited); cwd: chdir first.
  static child exec(const std::string& path, std::vector<std::string> argv,
                    std::optional<std::vector<std::string>> env = std::nullopt,
                    const std::string& cwd = "") {
    return child([&] {
      std::vector<char*> av, ev;
      for (auto& a : argv) av.push_back(&a[0]);
      av.push_back(nullptr);
      if (env)
        for (auto& e : *env) ev.push_back(&e[0]);
      ev.push_back(nullptr);
      if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
      ::fcntl(ready_fd(), F_SETFD, FD_CLOEXEC);  // exec closes it: the parent sees EOF
      ::execve(path.c_str(), av.data(), env ? ev.data() : environ);
      ::_exit(127);
    });
  }
  static void ready() {
    char c = 'r';
    ssize_t n = ::write(ready_fd(), &c, 1);
    (void)n;
  }
  // Sleeps forever (in the child).
  [[noreturn]] static void idle() {
    ready();
    for (;;) ::pause();
  }

  child(child&& o) noexcept : pid_(o.pid_), reaped_(o.reaped_) { o.pid_ = -1; }
  child(const child&) = delete;
  ~child() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      int st;
      ::waitpid(pid_, &st, 0);
    }
  }
  pid_t pid() const { return pid_; }
  void reap() {
    int st;
    ::waitpid(pid_, &st, 0);
    reaped_ = true;
  }
  void kill_and_reap() {
    ::kill(pid_, SIGKILL);
    reap();
  }

  static int& ready_fd() {
    static int fd = -1;
    return fd;
  }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

// Output of a command (stdout), via popen.
inline std::string run(const std::string& cmd) {
  std::string out;
  FILE* f = ::popen(cmd.c_str(), "r");
  if (!f) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  ::pclose(f);
  return out;
}

}  // namespace test
