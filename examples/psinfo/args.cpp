// psinfo CLI — argument parsing.
#include "args.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace psinfo_cli {

namespace {

double parse_interval(std::string_view text) {
  double v = 0;
  const char* end = text.data() + text.size();
  auto r = std::from_chars(text.data(), end, v);
  if (text.empty() || r.ec != std::errc() || r.ptr != end || !std::isfinite(v) || v < 0)
    throw usage_error("invalid --interval value '" + std::string(text) +
                      "': expected a number of seconds >= 0");
  return v;
}

const char* option_name(unsigned bit) {
  switch (bit) {
    case opt_percpu:
      return "--percpu";
    case opt_no_logical:
      return "--no-logical";
    case opt_interval:
      return "--interval";
    case opt_json:
      return "--json";
    default:
      return "?";
  }
}

}  // namespace

options parse_args(int argc, char** argv) {
  options o;
  int i = 1;
  // Program-level options come before the command.
  if (i < argc) {
    std::string_view a = argv[i];
    if (a == "--help" || a == "-h") {
      o.help = true;
      ++i;
    } else if (a == "--version" || a == "-V") {
      o.version = true;
      ++i;
    } else if (!a.empty() && a[0] != '-') {
      o.command = std::string(a);
      ++i;
    }
  }
  for (; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--percpu") {
      o.percpu = true;
      o.given |= opt_percpu;
    } else if (a == "--no-logical") {
      o.logical = false;
      o.given |= opt_no_logical;
    } else if (a == "--json") {
      o.json = true;
      o.given |= opt_json;
    } else if (a == "--interval") {
      if (i + 1 >= argc) throw usage_error("option --interval needs a value (seconds)");
      o.interval = parse_interval(argv[++i]);
      o.given |= opt_interval;
    } else if (a.substr(0, 11) == "--interval=") {
      o.interval = parse_interval(a.substr(11));
      o.given |= opt_interval;
    } else if (!a.empty() && a[0] == '-') {
      throw usage_error("unknown option '" + std::string(a) + "'");
    } else if (o.command.empty() && !o.help && !o.version) {
      throw usage_error("options must follow the command: '" + std::string(a) + "'");
    } else {
      throw usage_error("unexpected argument '" + std::string(a) + "'");
    }
  }
  return o;
}

void check_options(const options& opts, unsigned accepted) {
  for (unsigned bit = 1; bit <= opt_json; bit <<= 1) {
    if ((opts.given & bit) && !(accepted & bit)) {
      std::string where = opts.command.empty() ? "the overview" : "'" + opts.command + "'";
      throw usage_error(std::string("option ") + option_name(bit) + " does not apply to " + where);
    }
  }
}

}  // namespace psinfo_cli
