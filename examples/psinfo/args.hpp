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
  opt_perdisk = 1u << 4,
  opt_pernic = 1u << 5,
  opt_no_nowrap = 1u << 6,
  opt_all = 1u << 7,
  opt_kind = 1u << 8,
  opt_path = 1u << 9,
  opt_fahrenheit = 1u << 10,
  opt_pid = 1u << 11,        // --pid N
  opt_grouped = 1u << 12,    // --grouped / --no-grouped
  opt_recursive = 1u << 13,  // --recursive
  opt_memtype = 1u << 14,    // --memtype T
  opt_resource = 1u << 15,   // --resource NAME
  opt_once = 1u << 16,       // --once
  opt_attrs = 1u << 17,      // --attrs A,B
  opt_last = opt_attrs,
};

// psutil's net_connections kinds, in psutil's order. --kind takes one of these.
extern const char* const connection_kinds[11];

struct options {
  std::string command;  // empty: the overview
  bool help = false;
  bool version = false;
  bool percpu = false;
  bool logical = true;
  bool json = false;
  bool perdisk = false;
  bool pernic = false;
  bool nowrap = true;
  bool all = false;
  bool fahrenheit = false;
  std::optional<double> interval;
  std::string kind = "inet";  // psutil's default
  std::optional<std::string> path;
  std::string method;                   // `psinfo process METHOD`: the one positional argument
  std::optional<long> pid;              // --pid
  bool grouped = true;                  // --grouped (psutil's default) / --no-grouped
  bool recursive = false;               // --recursive
  std::string memtype = "rss";          // --memtype (psutil's default)
  std::optional<std::string> resource;  // --resource, as written
  bool once = false;                    // --once
  std::optional<std::string> attrs;     // --attrs, as written (comma-separated)
  unsigned given = 0;                   // the `option` bits seen on the command line
};

// A mistake on the command line: exit status 2, message on one line.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses argv. Throws usage_error on an unknown option, a missing or bad --interval value
// (not a finite number >= 0), a --kind that is not one of psutil's, an empty or missing --path
// value, a --pid that is not an integer >= 0, or a stray argument (`process` takes one: the
// method). Does not know which command takes which
// option: check_options does that.
options parse_args(int argc, char** argv);

// Throws usage_error naming the first option in opts.given that `accepted` lacks.
void check_options(const options& opts, unsigned accepted);

// Throws usage_error naming the first option in `required` that opts.given lacks.
void check_required(const options& opts, unsigned required);

}  // namespace psinfo_cli
