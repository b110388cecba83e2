// Helpers for the process control tests: children the test makes (always reaped), the test's
// own readers of /proc/<pid>/stat and status, and a way to run the system's tools. Nothing
// here uses psinfo, so every expected value comes from the kernel or a tool.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "live_util.hpp"

namespace ctl {

using live::read_text;

// Fields of /proc/<pid>/stat after the last ')': [0] = state, [1] = ppid, [19] = starttime.
inline std::vector<std::string> stat_fields(long pid) {
  std::vector<std::string> out;
  auto text = read_text("/proc/" + std::to_string(pid) + "/stat");
  if (!text) return out;
  size_t close = text->rfind(')');
  if (close == std::string::npos) return out;
  std::istringstream in(text->substr(close + 1));
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

inline char proc_state(long pid) {
  auto f = stat_fields(pid);
  return f.empty() ? '\0' : f[0][0];
}

inline long proc_ppid(long pid) {
  auto f = stat_fields(pid);
  return f.size() > 1 ? std::stol(f[1]) : -1;
}

inline unsigned long long proc_starttime(long pid) {
  auto f = stat_fields(pid);
  return f.size() > 19 ? std::stoull(f[19]) : 0;
}

// The value after "<key>:" in /proc/<pid>/status (or /proc/meminfo), trimmed.
inline std::optional<std::string> status_value(const std::string& path, const std::string& key) {
  auto text = read_text(path);
  if (!text) return std::nullopt;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size() + 1, key + ":") != 0) continue;
    std::string v = line.substr(key.size() + 1);
    size_t a = v.find_first_not_of(" \t"), b = v.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : v.substr(a, b - a + 1);
  }
  return std::nullopt;
}

// "0-3,8" -> {0,1,2,3,8}; the test's own reading of the kernel's list syntax.
inline std::vector<int> cpu_list(const std::string& s) {
  std::vector<int> out;
  std::istringstream in(s);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (part.empty()) continue;
    size_t dash = part.find('-');
    int a = std::stoi(part.substr(0, dash));
    int b = dash == std::string::npos ? a : std::stoi(part.substr(dash + 1));
    for (int c = a; c <= b; ++c) out.push_back(c);
  }
  return out;
}

// Runs a shell command; its stdout, or nullopt if it did not exit 0.
inline std::optional<std::string> run(const std::string& cmd) {
  FILE* f = ::popen(cmd.c_str(), "r");
  if (!f) return std::nullopt;
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  int rc = ::pclose(f);
  if (rc != 0) return std::nullopt;
  return out;
}

inline std::string trim(std::string s) {
  size_t a = s.find_first_not_of(" \t\n"), b = s.find_last_not_of(" \t\n");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// Polls until pred() holds or about 5 s passed (a wait for the kernel, not a timing check).
template <class P>
bool eventually(P pred) {
  for (int i = 0; i < 500; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

// A child of the test. Killed and reaped on scope exit unless something reaped it already
// (then its PID is no longer ours and is left alone).
class child {
 public:
  // argv[0] is the program path; stdout goes to a pipe readable with read_line() if wanted.
  explicit child(std::vector<std::string> argv, bool pipe_out = false) {
    int fds[2] = {-1, -1};
    if (pipe_out && ::pipe2(fds, O_CLOEXEC) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      if (pipe_out) ::dup2(fds[1], 1);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    if (pipe_out) {
      ::close(fds[1]);
      out_ = fds[0];
    }
  }
  // A child that spins on the CPU until killed.
  static child busy() {
    child c;
    c.pid_ = ::fork();
    if (c.pid_ == 0) {
      volatile unsigned long n = 0;
      for (;;) n = n + 1;
    }
    return c;
  }
  static child sleep(const std::string& secs) { return child({"/bin/sleep", secs}); }
  static child sh(const std::string& script, bool pipe_out = false) {
    return child({"/bin/sh", "-c", script}, pipe_out);
  }

  child(child&& o) noexcept : pid_(o.pid_), out_(o.out_) { o.pid_ = -1, o.out_ = -1; }
  child(const child&) = delete;
  child& operator=(const child&) = delete;
  ~child() {
    if (out_ >= 0) ::close(out_);
    if (!ours()) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }

  pid_t pid() const { return pid_; }

  // Still an unreaped child of ours (alive or zombie): only then may its PID be signalled.
  bool ours() const {
    if (pid_ <= 0) return false;
    siginfo_t si{};
    return ::waitid(P_PID, static_cast<id_t>(pid_), &si, WEXITED | WNOHANG | WNOWAIT) == 0;
  }

  // Blocking reap by the test itself; the raw wait status.
  int reap() {
    int st = 0;
    ::waitpid(pid_, &st, 0);
    return st;
  }

  // One line of the child's stdout ("" at EOF).
  std::string read_line() {
    std::string s;
    char c;
    while (out_ >= 0 && ::read(out_, &c, 1) == 1 && c != '\n') s += c;
    return s;
  }

 private:
  child() = default;
  pid_t pid_ = -1;
  int out_ = -1;
};

}  // namespace ctl
