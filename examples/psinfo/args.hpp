// psinfo CLI — the command line: `psinfo [COMMAND] [OPTIONS]`.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

namespace psinfo_cli {

// The options a command may accept; each command declares the set it takes.
enum option : unsigned {
  opt_percpu = 1u << 0,
  opt_no_logical = 1u << 1,
  opt_interval = 1u << 2,
  opt_json = 1u << 3,
};

struct options {
  std::string command;  // empty: the overview
  bool help = false;
  bool version = false;
  bool percpu = false;
  bool logical = true;
  bool json = false;
  std::optional<double> interval;
  unsigned given = 0;  // the `option` bits seen on the command line
};

// A mistake on the command line: exit status 2, message on one line.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses argv. Throws usage_error on an unknown option, a missing or bad --interval value
// (not a finite number >= 0) or a stray argument. Does not know which command takes which
// option: check_options does that.
options parse_args(int argc, char** argv);

// Throws usage_error naming the first option in opts.given that `accepted` lacks.
void check_options(const options& opts, unsigned accepted);

}  // namespace psinfo_cli
