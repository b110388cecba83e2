// psinfo — what psutil tells Python, from the command line.
//
// Exit status: 0 ok; 1 an error from the library (one line on stderr, from what());
// 2 a usage error, or a value the library refuses as invalid (one line on stderr and a hint
// to --help).
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <psinfo/errors.hpp>

#include "cli.hpp"
#include "text.hpp"
#include "platform.hpp"

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
  } catch (const psinfo::invalid_argument& e) {
    // A value the command line gave that the library refuses (ionice --set idle,5): a usage
    // error too.
    std::fflush(stdout);
    fmt::print(stderr, "psinfo: {} (see {} --help)\n", one_line(e.what()), hint);
    return 2;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "psinfo: {}\n", one_line(e.what()));
    return 1;
  }
}
