// psinfo CLI — what differs between POSIX systems and Windows. Each function is defined once in
// platform_posix.cpp and once in platform_windows.cpp (CMakeLists.txt compiles one of them),
// together with the OS half of live_screen (term.hpp).
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace psinfo_cli {

// Called first thing in main(): the arguments as UTF-8 (Windows passes argv in the ANSI code
// page, which loses what it cannot encode; the library takes UTF-8 paths), and UTF-8 output
// on a Windows console (put back at exit).
std::vector<std::string> utf8_arguments(int argc, char** argv);

// localtime_r / localtime_s (the CRT's, arguments swapped); false when `t` has no local time.
// Inline: text.cpp, which calls it, is also compiled into cli_json_tests on its own.
inline bool to_local_tm(std::time_t t, std::tm& out) {
#ifdef _WIN32
  return localtime_s(&out, &t) == 0;
#else
  return localtime_r(&t, &out) != nullptr;
#endif
}

// Seconds since boot by the clock the kernel dates processes with (Linux: CLOCK_BOOTTIME,
// /proc/uptime's); absent where there is none.
std::optional<double> seconds_since_boot();

// Puts stdout in binary mode: text written there reaches the file or pipe byte for byte (the
// Windows CRT's text mode writes "\r\n" for "\n", which the Prometheus text format does not
// allow). Nothing to do on POSIX.
void binary_stdout();

// The size of the terminal on stdout; false when stdout is not a terminal.
bool terminal_size(int& columns, int& lines);

// The receive and send queues of the TCP and UDP sockets, in bytes, keyed by "proto local
// remote" as netstat writes them ("tcp6 [::1]:22 [::1]:40000", "-" for no remote end): Linux
// reads them from <procfs>/net/{tcp,tcp6,udp,udp6}; empty where there is no such file.
struct socket_queue {
  std::uint64_t recv, send;
};
std::map<std::string, socket_queue> socket_queues(const std::string& procfs);

// The resources `process rlimit --resource` accepts, with the number process::rlimit takes
// (getrlimit's RLIMIT_*). Empty where there are no resource limits (Windows).
struct rlimit_name {
  const char* name;
  int value;
};
const std::vector<rlimit_name>& rlimit_names();

// The signals `process send_signal --signal` takes by name, with their numbers: POSIX's
// SIGHUP ...; on Windows the three psutil can send (SIGTERM, CTRL_C_EVENT, CTRL_BREAK_EVENT).
struct signal_name {
  const char* name;
  int value;
};
const std::vector<signal_name>& signal_names();

}  // namespace psinfo_cli
