// psinfo CLI — the shape of the command line: options, commands, and the values a command is
// run with. The table itself (every option, command, function and process method, each written
// once) is in table.cpp; cli.cpp turns it into CLI11's parser and into --help.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace psinfo_cli {

// A mistake on the command line: exit status 2, one line on stderr.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One option. `names` is CLI11's form: "--percpu"; "!--no-logical" (false when given);
// "--grouped,!--no-grouped"; "-p,--pid"; a name without a dash is an operand ("PATH"). A flag
// has no `meta`.
struct option_spec {
  const char* names;
  const char* meta;      // the value's name in --help ("S", "N"); nullptr for a flag
  const char* help;      // what it does, for --help
  const char* fallback;  // the value when not given, as written ("0.1", "true"); may be nullptr
  // The values it takes, listed in --help under the option; nullptr when any value goes.
  std::vector<std::string> (*choices)();
  // Given more than once, every value counts (options::all), not only the last; an operand
  // that is `many` takes every word left.
  bool many = false;

  option_spec(const char* names, const char* meta, const char* help, const char* fallback,
              std::vector<std::string> (*choices)())
      : names(names), meta(meta), help(help), fallback(fallback), choices(choices) {}
  virtual ~option_spec() = default;
  option_spec(const option_spec&) = delete;
  option_spec& operator=(const option_spec&) = delete;

  bool is_flag() const { return meta == nullptr; }
  bool is_operand() const { return names[0] != '-' && names[0] != '!'; }
  // Throws usage_error (the message without the option's name) when `text` is not a value.
  virtual void check(std::string_view text) const = 0;
};

// An option whose value is a T: std::string, long, double, or bool (a flag).
template <class T>
struct option : option_spec {
  // `text` as a T; throws usage_error when it is not one.
  using parser = T (*)(const option& self, std::string_view text);
  parser parse;

  option(const char* names, const char* meta, const char* help, parser parse,
         const char* fallback = nullptr, std::vector<std::string> (*choices)() = nullptr,
         bool many = false)
      : option_spec(names, meta, help, fallback, choices), parse(parse) {
    this->many = many;
  }
  void check(std::string_view text) const override { parse(*this, text); }
};

template <>
struct option<bool> : option_spec {
  option(const char* names, const char* help, bool fallback = false)
      : option_spec(names, nullptr, help, fallback ? "true" : "false", nullptr) {}
  void check(std::string_view) const override {}
};

// The values of the options of the command being run: those given, in the order given, then
// the defaults of the others.
class options {
 public:
  bool operator[](const option<bool>& flag) const {
    const std::string* text = find(flag);
    return text ? *text == "true" : false;
  }
  // The last value given, else the default.
  template <class T>
  std::optional<T> operator[](const option<T>& opt) const {
    const std::string* text = find(opt);
    if (!text) return std::nullopt;
    return opt.parse(opt, *text);
  }
  // Every value given (of a `many` option), in order; else the default, if any.
  template <class T>
  std::vector<T> all(const option<T>& opt) const {
    std::vector<T> out;
    for (const auto& [o, text] : values_)
      if (o == &opt) out.push_back(opt.parse(opt, text));
    return out;
  }
  // Whether it was on the command line (not its default).
  bool given(const option_spec& opt) const {
    for (size_t i = 0; i < given_; ++i)
      if (values_[i].first == &opt) return true;
    return false;
  }
  // How many times it was on the command line.
  size_t count(const option_spec& opt) const {
    size_t n = 0;
    for (size_t i = 0; i < given_; ++i) n += values_[i].first == &opt;
    return n;
  }
  void set_given(const option_spec& opt, std::string text) {
    values_.emplace(values_.begin() + static_cast<std::ptrdiff_t>(given_++), &opt, std::move(text));
  }
  void set(const option_spec& opt, std::string text) {
    values_.emplace_back(&opt, std::move(text));
  }

 private:
  const std::string* find(const option_spec& opt) const {
    for (size_t i = values_.size(); i-- > 0;)
      if (values_[i].first == &opt) return &values_[i].second;
    return nullptr;
  }
  std::vector<std::pair<const option_spec*, std::string>> values_;
  size_t given_ = 0;  // values_[0, given_) were on the command line
};

// Parsers for option<T>::parse. Their messages leave the option's name out (CLI11 puts it
// in front): "invalid value 'x': expected ...".
std::string any_text(const option<std::string>&, std::string_view text);  // not empty
std::string one_of(const option<std::string>& o, std::string_view text);  // one of o.choices()
double seconds(const option<double>&, std::string_view text);             // a number >= 0
long pid_number(const option<long>&, std::string_view text);              // 0 to INT_MAX
double refresh_seconds(const option<double>&, std::string_view text);     // a number >= 0.1
long count_number(const option<long>&, std::string_view text);            // 1 to INT_MAX
long nice_number(const option<long>&, std::string_view text);             // -20 to 19 or so
// "12,13 14" -> the PIDs; usage_error naming one that is not a PID.
std::vector<long> parse_pid_list(std::string_view text);
// The message for `text` that is not one of `choices`.
usage_error not_one_of(std::string_view text, const std::vector<std::string>& choices);

// An option as one command takes it.
struct use {
  const option_spec* opt;
  const char* fallback = nullptr;  // this command's default (else the option's)
  const char* help = nullptr;      // this command's words for it (else the option's)
  bool required = false;

  use(const option_spec& o, const char* fallback = nullptr, const char* help = nullptr)
      : opt(&o), fallback(fallback), help(help) {}
};
inline use required(const option_spec& o, const char* help = nullptr) {
  use u(o, nullptr, help);
  u.required = true;
  return u;
}

// A command, a psutil function, or a process method: `psinfo NAME`, `psinfo process NAME`.
struct command {
  const char* name;
  const char* summary;  // one line, in the list of the parent's --help
  const char* group;    // the heading of that list: "commands", "functions", "methods"
  const char* about;    // NAME --help: what it does, after the usage line
  std::vector<use> uses;
  // Prints the result; returns the exit status. Empty: one of the subcommands must be named.
  std::function<int(const options&)> run;
  // Makes the subcommands (the methods of `process`); nullptr when there are none.
  std::vector<command> (*make_subcommands)() = nullptr;
  const char* usage = nullptr;  // replaces the usage line made from `uses`
  // What --help says before `about` (made when asked: the table is built at every start).
  std::string (*intro)(const command&) = nullptr;

  bool has_subcommands() const { return make_subcommands != nullptr; }
  // Made when first asked for: a run builds only the part of the table it names.
  const std::vector<command>& subcommands() const {
    if (make_subcommands && !made_) {
      subs_ = make_subcommands();
      made_ = true;
    }
    return subs_;
  }

  // subcommands()'s cache (public: the table is written as aggregates).
  mutable std::vector<command> subs_{};
  mutable bool made_ = false;
};

// The program: `psinfo` itself, whose subcommands are the commands and functions (table.cpp).
const command& program();

// The parts of --help (cli.cpp), which the man page and the bash completion (doc.cpp) share.
// "!--no-grouped,--grouped" -> {"--no-grouped", "--grouped"}.
std::vector<std::string> option_names(const option_spec& o);
// "-b, --bytes", "--pid N", "PATH".
std::string option_head(const use& u);
// What it does, with its default.
std::string option_text(const use& u);
// The usage line of `c`, whose words are `path` ("psinfo process nice"), without "usage: ".
std::string usage_of(const command& c, const std::string& path);

// Parses argv (UTF-8, argv[0] the program) with CLI11 and runs the command it names: prints
// --help, or the result. Returns the exit status; throws usage_error (and prints nothing) for a
// mistake on the command line, with `hint` set to the command whose --help to point at.
int run_command_line(const std::vector<std::string>& args, std::string& hint);

}  // namespace psinfo_cli
