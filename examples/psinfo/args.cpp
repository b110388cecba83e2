// psinfo CLI — argument parsing.
#include "args.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace psinfo_cli {

const char* const connection_kinds[11] = {"inet", "inet4", "inet6", "tcp",  "tcp4", "tcp6",
                                          "udp",  "udp4",  "udp6",  "unix", "all"};

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

// Checked here, before any library call: a bad kind is a mistake on the command line.
std::string parse_kind(std::string_view text) {
  for (const char* k : connection_kinds)
    if (text == k) return std::string(text);
  std::string list;
  for (const char* k : connection_kinds) list += std::string(list.empty() ? "" : ", ") + k;
  throw usage_error("invalid --kind value '" + std::string(text) + "': expected one of " + list);
}

std::string parse_path(std::string_view text) {
  if (text.empty()) throw usage_error("option --path needs a non-empty value");
  return std::string(text);
}

long parse_pid(std::string_view text) {
  long v = 0;
  const char* end = text.data() + text.size();
  auto r = std::from_chars(text.data(), end, v);
  if (text.empty() || r.ec != std::errc() || r.ptr != end || v < 0)
    throw usage_error("invalid --pid value '" + std::string(text) +
                      "': expected a process ID (an integer >= 0)");
  return v;
}

std::string parse_nonempty(const char* name, std::string_view text) {
  if (text.empty()) throw usage_error(std::string("option ") + name + " needs a non-empty value");
  return std::string(text);
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
    case opt_perdisk:
      return "--perdisk";
    case opt_pernic:
      return "--pernic";
    case opt_no_nowrap:
      return "--no-nowrap";
    case opt_all:
      return "--all";
    case opt_kind:
      return "--kind";
    case opt_path:
      return "--path";
    case opt_fahrenheit:
      return "--fahrenheit";
    case opt_pid:
      return "--pid";
    case opt_grouped:
      return "--grouped";
    case opt_recursive:
      return "--recursive";
    case opt_memtype:
      return "--memtype";
    case opt_resource:
      return "--resource";
    case opt_once:
      return "--once";
    case opt_attrs:
      return "--attrs";
    default:
      return "?";
  }
}

// The value of an option written `--name VALUE` or `--name=VALUE`, or nullopt when argv[i]
// is not that option. Advances i past a separate value.
std::optional<std::string_view> value_option(std::string_view name, int argc, char** argv, int& i) {
  std::string_view a = argv[i];
  if (a == name) {
    if (i + 1 >= argc) throw usage_error("option " + std::string(name) + " needs a value");
    return std::string_view(argv[++i]);
  }
  if (a.size() > name.size() && a.substr(0, name.size()) == name && a[name.size()] == '=')
    return a.substr(name.size() + 1);
  return std::nullopt;
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
    } else if (a == "--perdisk") {
      o.perdisk = true;
      o.given |= opt_perdisk;
    } else if (a == "--pernic") {
      o.pernic = true;
      o.given |= opt_pernic;
    } else if (a == "--no-nowrap") {
      o.nowrap = false;
      o.given |= opt_no_nowrap;
    } else if (a == "--all") {
      o.all = true;
      o.given |= opt_all;
    } else if (a == "--fahrenheit") {
      o.fahrenheit = true;
      o.given |= opt_fahrenheit;
    } else if (a == "--grouped" || a == "--no-grouped") {
      o.grouped = a == "--grouped";
      o.given |= opt_grouped;
    } else if (a == "--recursive") {
      o.recursive = true;
      o.given |= opt_recursive;
    } else if (a == "--once") {
      o.once = true;
      o.given |= opt_once;
    } else if (auto v = value_option("--pid", argc, argv, i)) {
      o.pid = parse_pid(*v);
      o.given |= opt_pid;
    } else if (auto v = value_option("--memtype", argc, argv, i)) {
      o.memtype = parse_nonempty("--memtype", *v);
      o.given |= opt_memtype;
    } else if (auto v = value_option("--resource", argc, argv, i)) {
      o.resource = parse_nonempty("--resource", *v);
      o.given |= opt_resource;
    } else if (auto v = value_option("--attrs", argc, argv, i)) {
      o.attrs = parse_nonempty("--attrs", *v);
      o.given |= opt_attrs;
    } else if (auto v = value_option("--interval", argc, argv, i)) {
      o.interval = parse_interval(*v);
      o.given |= opt_interval;
    } else if (auto v = value_option("--kind", argc, argv, i)) {
      o.kind = parse_kind(*v);
      o.given |= opt_kind;
    } else if (auto v = value_option("--path", argc, argv, i)) {
      o.path = parse_path(*v);
      o.given |= opt_path;
    } else if (!a.empty() && a[0] == '-') {
      throw usage_error("unknown option '" + std::string(a) + "'");
    } else if (o.command == "process" && o.method.empty()) {
      o.method = std::string(a);
    } else if (o.command.empty() && !o.help && !o.version) {
      throw usage_error("options must follow the command: '" + std::string(a) + "'");
    } else {
      throw usage_error("unexpected argument '" + std::string(a) + "'");
    }
  }
  return o;
}

void check_options(const options& opts, unsigned accepted) {
  for (unsigned bit = 1; bit <= opt_last; bit <<= 1) {
    if ((opts.given & bit) && !(accepted & bit)) {
      std::string where = opts.command.empty() ? "the overview" : "'" + opts.command + "'";
      throw usage_error(std::string("option ") + option_name(bit) + " does not apply to " + where);
    }
  }
}

void check_required(const options& opts, unsigned required) {
  for (unsigned bit = 1; bit <= opt_last; bit <<= 1) {
    if ((required & bit) && !(opts.given & bit))
      throw usage_error("'" + opts.command + "' needs option " + option_name(bit));
  }
}

}  // namespace psinfo_cli
