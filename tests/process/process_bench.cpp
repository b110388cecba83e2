// The bulk snapshot's cost per process, next to the floor: opendir(/proc) plus open/read/close
// of the same files (stat, statm, status, cmdline) into one buffer, nothing parsed.
//   process_bench [snapshot|nouser|floor|floor-nouser|all] [rounds]
// Prints microseconds per process (wall clock: noisy on a busy machine; run it under
// `valgrind --tool=callgrind` with rounds=1 for instruction counts).
#include <psinfo/process.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

using psinfo::attr;
const attr with_user = attr::pid | attr::name | attr::username | attr::cpu_times |
                       attr::memory_info | attr::status | attr::num_threads | attr::cmdline;
const attr no_user = attr::pid | attr::name | attr::cpu_times | attr::memory_info | attr::status |
                     attr::num_threads | attr::cmdline;

size_t floor_scan(bool status) {
  static char buf[65536];
  size_t n = 0;
  DIR* d = opendir("/proc");
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    ++n;
    const char* files[] = {"stat", "statm", "cmdline", "status"};
    for (int i = 0; i < (status ? 4 : 3); ++i) {
      char path[300];
      std::snprintf(path, sizeof path, "/proc/%s/%s", e->d_name, files[i]);
      int fd = open(path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      ssize_t r = read(fd, buf, sizeof buf);
      (void)r;
      close(fd);
    }
  }
  closedir(d);
  return n;
}

template <class F>
void time_it(const char* label, int rounds, F fn) {
  size_t procs = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < rounds; ++i) procs += fn();
  auto t1 = std::chrono::steady_clock::now();
  double us = std::chrono::duration<double, std::micro>(t1 - t0).count();
  std::printf("%-14s %6.2f us/process (%zu processes x %d rounds)\n", label,
              us / static_cast<double>(procs), procs / static_cast<size_t>(rounds), rounds);
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "all";
  int rounds = argc > 2 ? std::atoi(argv[2]) : 50;
  if (mode == "snapshot" || mode == "all")
    time_it("snapshot", rounds, [] { return psinfo::process_iter(with_user).size(); });
  if (mode == "nouser" || mode == "all")
    time_it("snapshot-nouser", rounds, [] { return psinfo::process_iter(no_user).size(); });
  if (mode == "floor" || mode == "all") time_it("floor", rounds, [] { return floor_scan(true); });
  if (mode == "floor-nouser" || mode == "all")
    time_it("floor-nouser", rounds, [] { return floor_scan(false); });
  return 0;
}
