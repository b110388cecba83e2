// Helpers for the live tests: the test's own readers of /proc and /sys and a way to run the
// system's tools. Deliberately independent of the library's parsers: every expected value
// in the live tests comes from here (or from a system tool), never from psinfo itself.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace live {

inline std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// The lines of a file; none when it cannot be read.
inline std::vector<std::string> file_lines(const std::string& path) {
  auto text = read_text(path);
  return text ? lines_of(*text) : std::vector<std::string>{};
}

inline std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

struct command_result {
  bool ran = false;  // the shell could run it and it exited 0
  std::string out;
};

// Runs a shell command with LC_ALL=C and returns its stdout.
inline command_result run(const std::string& cmd) {
  command_result r;
  std::string full = "LC_ALL=C " + cmd + " 2>/dev/null";
  FILE* p = ::popen(full.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.ran = status == 0;
  return r;
}

inline double clk_tck() { return static_cast<double>(::sysconf(_SC_CLK_TCK)); }

// /proc/stat, parsed here: the cpu lines as raw tick counts, and the named counters.
struct proc_stat {
  std::vector<std::uint64_t> total;                // the `cpu ` line's numbers
  std::vector<std::vector<std::uint64_t>> percpu;  // the `cpuN` lines, file order
  std::vector<int> percpu_ids;                     // N of each `cpuN` line
  std::map<std::string, std::uint64_t> counters;   // ctxt, btime, processes, first of intr/softirq
};

inline proc_stat read_proc_stat() {
  proc_stat s;
  for (const std::string& line : file_lines("/proc/stat")) {
    std::vector<std::string> w = words_of(line);
    if (w.size() < 2) continue;
    if (w[0].compare(0, 3, "cpu") == 0) {
      std::vector<std::uint64_t> v;
      for (size_t i = 1; i < w.size(); ++i) v.push_back(std::stoull(w[i]));
      if (w[0] == "cpu") {
        s.total = v;
      } else {
        s.percpu.push_back(v);
        s.percpu_ids.push_back(std::stoi(w[0].substr(3)));
      }
    } else {
      s.counters[w[0]] = std::stoull(w[1]);
    }
  }
  return s;
}

// /proc/meminfo, parsed here: key -> bytes (the kB value * 1024).
inline std::map<std::string, std::uint64_t> read_meminfo() {
  std::map<std::string, std::uint64_t> m;
  for (const std::string& line : file_lines("/proc/meminfo")) {
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::vector<std::string> w = words_of(line.substr(colon + 1));
    if (w.empty()) continue;
    std::uint64_t v = std::stoull(w[0]);
    m[line.substr(0, colon)] = (w.size() > 1 && w[1] == "kB") ? v * 1024 : v;
  }
  return m;
}

// /proc/vmstat: key -> value.
inline std::map<std::string, std::uint64_t> read_vmstat() {
  std::map<std::string, std::uint64_t> m;
  for (const std::string& line : file_lines("/proc/vmstat")) {
    std::vector<std::string> w = words_of(line);
    if (w.size() == 2) m[w[0]] = std::stoull(w[1]);
  }
  return m;
}

// A kernel CPU list ("0-3,8") -> set of CPUs.
inline std::set<int> parse_list(const std::string& text) {
  std::set<int> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    std::vector<std::string> w = words_of(item);
    if (w.empty()) continue;
    const std::string& t = w[0];
    size_t dash = t.find('-');
    int a = std::stoi(t.substr(0, dash));
    int b = dash == std::string::npos ? a : std::stoi(t.substr(dash + 1));
    for (int i = a; i <= b; ++i) out.insert(i);
  }
  return out;
}

// Python's round(x / y * 100, 1) for integers, computed exactly on rationals (ties to even).
// Differs from Python only when x/y*100 lies within one ulp of a tie, which real memory sizes
// do not hit.
inline double percent_of(std::uint64_t x, std::uint64_t y) {
  if (y == 0) return 0.0;
  unsigned __int128 num = static_cast<unsigned __int128>(x) * 1000;
  unsigned __int128 q = num / y, r = num % y;
  if (2 * r > y || (2 * r == y && (q & 1))) ++q;
  return static_cast<double>(static_cast<std::uint64_t>(q)) / 10.0;
}

}  // namespace live
