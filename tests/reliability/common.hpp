// Helpers shared by the reliability tests.
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

namespace rel {

// VmRSS of this process in kB, read from the kernel directly (not through psinfo).
inline long vm_rss_kb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.compare(0, 6, "VmRSS:") == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

// Seconds from the environment variable (the stress tests' duration), or the default.
inline double env_seconds(const char* name, double def) {
  const char* v = std::getenv(name);
  if (!v || !*v) return def;
  double d = std::strtod(v, nullptr);
  return d > 0 ? d : def;
}

// A PID that existed and has just exited (reaped): fork, _exit, waitpid.
inline pid_t exited_pid() {
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  int st = 0;
  waitpid(pid, &st, 0);
  return pid;
}

// Runs fn in a child as user nobody (65534) and returns its exit status, or -1 when this
// process cannot switch user (not root). fn returns the child's exit status.
template <class Fn>
int as_nobody(Fn&& fn) {
  if (geteuid() != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    if (setgid(65534) != 0 || setuid(65534) != 0) _exit(120);
    _exit(fn());
  }
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

using clock = std::chrono::steady_clock;

// What went wrong, from any thread; the first `cap` kept for the report.
struct failures {
  explicit failures(std::size_t cap) : cap(cap) {}
  void add(const std::string& s) {
    std::lock_guard<std::mutex> l(m);
    if (list.size() < cap) list.push_back(s);
  }
  std::size_t cap;
  std::mutex m;
  std::vector<std::string> list;
};

}  // namespace rel
