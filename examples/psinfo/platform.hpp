// psinfo CLI — what differs between POSIX systems and Windows. Each function is defined once in
// platform_posix.cpp and once in platform_windows.cpp (CMakeLists.txt compiles one of them),
// together with the OS half of live_screen (term.hpp).
#pragma once

#include <ctime>
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

// Puts stdout in binary mode: text written there reaches the file or pipe byte for byte (the
// Windows CRT's text mode writes "\r\n" for "\n", which the Prometheus text format does not
// allow). Nothing to do on POSIX.
void binary_stdout();

// The size of the terminal on stdout; false when stdout is not a terminal.
bool terminal_size(int& columns, int& lines);

// The resources `process rlimit --resource` accepts, with the number process::rlimit takes
// (getrlimit's RLIMIT_*). Empty where there are no resource limits (Windows).
struct rlimit_name {
  const char* name;
  int value;
};
const std::vector<rlimit_name>& rlimit_names();

}  // namespace psinfo_cli
