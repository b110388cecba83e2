// psinfo — what psutil tells Python, from the command line.
//
// Exit status: 0 ok; 1 an error from the library (one line on stderr, from what());
// 2 a usage error (one line on stderr and a hint to --help).
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli.hpp"
#include "platform.hpp"

namespace {

// what() on one line, whatever the library put in it.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace psinfo_cli;
  const std::vector<std::string> args = utf8_arguments(argc, argv);
  std::string hint;
  try {
    const int rc = run_command_line(args, hint);
    std::fflush(stdout);
    return rc;
  } catch (const usage_error& e) {
    fmt::print(stderr, "psinfo: {} (see {} --help)\n", one_line(e.what()), hint);
    return 2;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "psinfo: {}\n", one_line(e.what()));
    return 1;
  }
}
