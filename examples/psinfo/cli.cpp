// psinfo CLI — the table (table.cpp) as CLI11's parser, and as --help.
//
// CLI11 gets an App for each command named on the command line, and an App gets its options
// and its subcommands when CLI11 reaches it (its pre-parse callback): startup does not pay for
// the ~70 commands that are not run. A word that names no command is left over, and reported
// as an unknown command from the table.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <deque>
#include <memory>

#include "cli.hpp"
#include "text.hpp"
#include "values.hpp"

namespace psinfo_cli {

// ---- the parsers of option values -------------------------------------------------------------

usage_error not_one_of(std::string_view text, const std::vector<std::string>& choices) {
  std::string list;
  for (const std::string& c : choices) list += (list.empty() ? "" : " ") + c;
  return usage_error("invalid value '" + std::string(text) + "': expected one of " + list);
}

std::string any_text(const option<std::string>&, std::string_view text) {
  if (text.empty()) throw usage_error("needs a non-empty value");
  return std::string(text);
}

std::string one_of(const option<std::string>& o, std::string_view text) {
  const std::vector<std::string> choices = o.choices();
  if (std::find(choices.begin(), choices.end(), text) == choices.end())
    throw not_one_of(text, choices);
  return std::string(text);
}

namespace {

double seconds_from(std::string_view text, double least, const char* shown) {
  double v = 0;
  if (!parse_decimal(text, v) || v < least)
    throw usage_error("invalid value '" + std::string(text) +
                      "': expected a number of seconds >= " + shown);
  return v;
}

}  // namespace

double seconds(const option<double>&, std::string_view text) { return seconds_from(text, 0, "0"); }

long pid_number(const option<long>&, std::string_view text) {
  long v = 0;
  if (!parse_pid(text, v))
    throw usage_error("invalid value '" + std::string(text) +
                      "': expected a process ID (an integer from 0 to 2147483647)");
  return v;
}

double refresh_seconds(const option<double>&, std::string_view text) {
  // Below a tenth of a second, the kernel's tick (a hundredth) makes a CPU% off by 10 % or
  // more: 313% for one thread on two CPUs.
  return seconds_from(text, 0.1, "0.1");
}

long count_number(const option<long>&, std::string_view text) {
  long v = 0;
  if (!parse_pid(text, v) || v < 1)
    throw usage_error("invalid value '" + std::string(text) + "': expected a count >= 1");
  return v;
}

long nice_number(const option<long>&, std::string_view text) {
  long v = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (!parse_pid(negative ? text.substr(1) : text, v) || v > 1000)
    throw usage_error("invalid value '" + std::string(text) + "': expected an integer");
  return negative ? -v : v;
}

std::vector<long> parse_pid_list(std::string_view text) {
  std::vector<long> out;
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find_first_of(", ", at);
    if (end == std::string_view::npos) end = text.size();
    if (end > at) {
      long v = 0;
      if (!parse_pid(text.substr(at, end - at), v))
        throw usage_error("invalid process ID '" + std::string(text.substr(at, end - at)) + "'");
      out.push_back(v);
    }
    at = end + 1;
  }
  if (out.empty()) throw usage_error("needs a process ID");
  return out;
}

namespace {

// ---- --help -----------------------------------------------------------------------------------

constexpr size_t width = 79;   // help fits an 80-column terminal
constexpr size_t column = 14;  // where an option's text starts

// `text` wrapped to the width, its first line after `head` (padded to `indent` columns; on a
// line of its own when that leaves fewer than `gap` blanks), the others indented by `indent`.
std::string hang(const std::string& head, const std::string& text, size_t indent, size_t gap = 2) {
  std::string out = head;
  if (head.size() + gap > indent) {
    out += '\n';
    out += std::string(indent, ' ');
  } else {
    out += std::string(indent - head.size(), ' ');
  }
  const std::string lines = wrap(text, width - indent);
  for (size_t at = 0; at < lines.size();) {
    const size_t nl = lines.find('\n', at);
    if (at) out += std::string(indent, ' ');
    out.append(lines, at, nl - at + 1);
    at = nl + 1;
  }
  return out;
}

}  // namespace

std::vector<std::string> option_names(const option_spec& o) {
  std::vector<std::string> out;
  for (std::string_view s = o.names; !s.empty();) {
    const size_t comma = std::min(s.find(','), s.size());
    std::string_view name = s.substr(0, comma);
    if (!name.empty() && name[0] == '!') name.remove_prefix(1);
    out.emplace_back(name);
    s.remove_prefix(std::min(comma + 1, s.size()));
  }
  return out;
}

namespace {

std::vector<std::string> names_of(const option_spec& o) { return option_names(o); }

// How a use of an option reads in the usage line: "[--percpu]", "--pid N", "[PATH...]".
std::string synopsis(const use& u) {
  std::string s = u.opt->is_operand() ? std::string(u.opt->meta) : names_of(*u.opt).front();
  if (!u.opt->is_flag() && !u.opt->is_operand()) s += std::string(" ") + u.opt->meta;
  if (u.opt->is_operand() && u.opt->many) s += "...";
  return u.required ? s : "[" + s + "]";
}

const char* fallback_of(const use& u) { return u.fallback ? u.fallback : u.opt->fallback; }

}  // namespace

std::string option_head(const use& u) {
  if (u.opt->is_operand()) return u.opt->meta;
  std::string head;
  for (const std::string& n : names_of(*u.opt)) head += (head.empty() ? "" : ", ") + n;
  if (!u.opt->is_flag()) head += std::string(" ") + u.opt->meta;
  return head;
}

std::string option_text(const use& u) {
  std::string text = u.help ? u.help : u.opt->help;
  if (const char* def = fallback_of(u); def && !u.opt->is_flag()) {
    const std::string shown = fmt::format("(default {})", def);
    const size_t at = text.find("(default)");
    if (at != std::string::npos)
      text.replace(at, 9, shown);
    else
      text += " " + shown;
  }
  return text;
}

std::string usage_of(const command& c, const std::string& path) {
  if (c.usage) return c.usage;
  std::string usage = path;
  for (const use& u : c.uses) usage += " " + synopsis(u);
  return usage;
}

namespace {

std::string option_help(const use& u) {
  std::string out = hang(option_head(u), option_text(u), column);
  if (u.opt->choices) {
    // The values, under the text: each line indented to it.
    std::string list;
    for (const std::string& c : u.opt->choices()) list += (list.empty() ? "" : " ") + c;
    out.back() = ':';
    out += '\n' + hang("", list.empty() ? "(none on this platform)" : list, column);
  }
  return out;
}

// "methods" -> "method".
std::string singular(std::string group) {
  if (!group.empty() && group.back() == 's') group.pop_back();
  return group;
}

std::string help_text(const command& c, const std::string& path) {
  std::string out;
  if (c.usage)
    out = "usage: " + std::string(c.usage) + "\n";  // given whole, with its own lines
  else
    out = hang("usage: ", usage_of(c, path), 7, 0);
  out += "\n" + wrap((c.intro ? c.intro(c) : "") + c.about);
  // The subcommands, by group, in the table's order; then the options each group takes.
  std::vector<std::string> groups;
  for (const command& s : c.subcommands())
    if (std::find(groups.begin(), groups.end(), s.group) == groups.end()) groups.push_back(s.group);
  if (!groups.empty()) out += "\n";
  for (const std::string& g : groups) {
    out += g + ":\n";
    for (const command& s : c.subcommands())
      if (s.group == g) out += fmt::format("  {:<20} {}\n", s.name, s.summary);
  }
  for (const std::string& g : groups) {
    std::vector<std::string> names;
    for (const command& s : c.subcommands())
      for (const use& u : s.uses)
        if (s.group == g) {
          const std::string n = names_of(*u.opt).front();
          if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
        }
    if (names.empty()) continue;
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : " ") + n;
    out += fmt::format("\noptions of the {} (each takes its own, as its --help says):\n", g);
    out += hang("", list, 2);
  }
  if (c.has_subcommands())
    out += fmt::format("\n'{} NAME --help' tells what NAME does, with its options.\n", path);
  out += "\n";
  bool short_h = false;
  for (const use& u : c.uses) {
    out += option_help(u);
    for (const std::string& n : names_of(*u.opt)) short_h |= n == "-h";
  }
  out += hang(short_h ? "--help" : "-h, --help", "show this help", column);
  return out;
}

// The command at `path` ("psinfo process name"), from the table.
const command& command_at(const std::string& path) {
  const command* c = &program();
  size_t at = path.find(' ');
  while (at != std::string::npos) {
    const size_t next = path.find(' ', at + 1);
    const std::string name = path.substr(at + 1, next - at - 1);
    for (const command& s : c->subcommands())
      if (name == s.name) c = &s;
    at = next;
  }
  return *c;
}

// CLI11's --help: the table's.
struct table_formatter : CLI::Formatter {
  std::string make_help(const CLI::App*, std::string path, CLI::AppFormatMode) const override {
    return help_text(command_at(path), path);
  }
};

// ---- the parser -------------------------------------------------------------------------------

// One command as CLI11 parses it: its App and, once CLI11 has reached it, its options.
struct parsed {
  const command* cmd;
  CLI::App* app;
  std::vector<CLI::Option*> opts;  // one per cmd->uses
};

class parser {
 public:
  explicit parser(const std::vector<std::string>& args) : root_("", "psinfo"), args_(args) {
    root_.set_help_flag();  // each App gets its own when reached (add)
    root_.formatter(std::make_shared<table_formatter>());
    add(program(), &root_);
  }

  // Parses the arguments; the commands named, outermost first.
  std::vector<parsed*> parse() {
    std::vector<std::string> reversed(args_.rbegin(), args_.rend());
    root_.parse(reversed);
    return chain();
  }

  // The commands CLI11 has entered so far, outermost first (also after a parse error).
  std::vector<parsed*> chain() {
    std::vector<parsed*> out{&reached_.front()};
    for (;;) {
      const std::vector<CLI::App*> subs = out.back()->app->get_subcommands();
      if (subs.empty()) break;
      auto it = std::find_if(reached_.begin(), reached_.end(),
                             [&](const parsed& p) { return p.app == subs.front(); });
      if (it == reached_.end()) break;
      out.push_back(&*it);
    }
    return out;
  }

  CLI::App& root() { return root_; }

 private:
  // `app` becomes `c`: its options, its help flag, and its subcommands (names only).
  void add(const command& c, CLI::App* app) {
    reached_.push_back(parsed{&c, app, {}});
    parsed& p = reached_.back();
    bool short_h = false;
    for (const use& u : c.uses) {
      CLI::Option* o =
          u.opt->is_flag() ? app->add_flag(u.opt->names) : app->add_option(u.opt->names);
      if (u.opt->is_flag()) {
        o->disable_flag_override();
      } else {
        o->type_name(u.opt->meta);
        if (u.opt->is_operand() && u.opt->many)
          o->expected(0, CLI::detail::expected_max_vector_size)->allow_extra_args();
        else
          o->expected(1);
        o->multi_option_policy(u.opt->many ? CLI::MultiOptionPolicy::TakeAll
                                           : CLI::MultiOptionPolicy::TakeLast);
        const option_spec* spec = u.opt;
        o->check(CLI::Validator(
            [spec](std::string& text) {
              try {
                spec->check(text);
                return std::string();
              } catch (const usage_error& e) {
                return std::string(e.what());
              }
            },
            ""));
      }
      if (u.required) o->required();
      for (const std::string& n : names_of(*u.opt)) short_h |= n == "-h";
      p.opts.push_back(o);
    }
    for (const command& s : c.subcommands()) {
      if (std::find(args_.begin(), args_.end(), s.name) == args_.end()) continue;
      CLI::App* sub = app->add_subcommand(s.name);
      sub->preparse_callback([this, &s, sub](size_t) { add(s, sub); });
    }
    app->require_subcommand(0, 1);
    app->allow_extras();
    // A command whose own options take -h (free -h, later) keeps --help alone.
    app->set_help_flag(short_h ? "--help" : "-h,--help", "show this help");
  }

  CLI::App root_;
  const std::vector<std::string> args_;  // argv without argv[0]
  std::deque<parsed> reached_;           // stable addresses
};

// The values the command runs with: each option given, in the order given, else its default.
options values_of(const parsed& p) {
  options o;
  std::vector<size_t> taken(p.opts.size());  // results of each option already set
  for (const CLI::Option* given : p.app->parse_order()) {
    const size_t i =
        static_cast<size_t>(std::find(p.opts.begin(), p.opts.end(), given) - p.opts.begin());
    if (i == p.opts.size() || taken[i] >= given->results().size()) continue;
    o.set_given(*p.cmd->uses[i].opt, given->results()[taken[i]++]);
  }
  for (size_t i = 0; i < p.cmd->uses.size(); ++i) {
    const use& u = p.cmd->uses[i];
    if (taken[i] == 0)
      if (const char* def = fallback_of(u)) o.set(*u.opt, def);
  }
  return o;
}

std::string path_of(const std::vector<parsed*>& chain) {
  std::string path = "psinfo";
  for (size_t i = 1; i < chain.size(); ++i) path += " " + chain[i]->app->get_name();
  return path;
}

bool looks_like_option(const std::string& arg) {
  return arg.size() > 1 && arg[0] == '-' && !(arg[1] >= '0' && arg[1] <= '9');
}

// The number of single-character edits (insert, delete, replace, swap two neighbours) that
// turn a into b.
size_t edits(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// "; did you mean 'name'?" for the candidate nearest to `word` (a few edits away, or the only
// one it begins), else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  size_t best_edits = std::max<size_t>(2, word.size() / 3) + 1;
  size_t prefixed = 0;
  const std::string* prefix = nullptr;
  for (const std::string& c : candidates) {
    if (c.size() > word.size() && c.compare(0, word.size(), word) == 0) ++prefixed, prefix = &c;
    const size_t e = edits(word, c);
    if (e < best_edits) best_edits = e, best = &c;
  }
  if (!best && prefixed == 1) best = prefix;
  return best ? "; did you mean '" + *best + "'?" : "";
}

// What CLI11 left over, as a usage error: the first argument no command took.
void check_leftovers(const std::vector<parsed*>& chain, std::string& hint) {
  for (size_t i = 0; i < chain.size(); ++i) {
    const std::vector<std::string> left = chain[i]->app->remaining(false);
    if (left.empty()) continue;
    hint = path_of({chain.begin(), chain.begin() + i + 1});
    const std::string& arg = left.front();
    const command& c = *chain[i]->cmd;
    if (looks_like_option(arg)) {
      std::vector<std::string> names{"--help"};
      for (const use& u : c.uses)
        for (const std::string& n : names_of(*u.opt)) names.push_back(n);
      const std::string word = arg.substr(0, arg.find('='));
      // A one-letter option is a few edits from any other: no guess for those.
      throw usage_error("unknown option " + word +
                        (word.size() > 2 ? did_you_mean(word, names) : ""));
    }
    if (i + 1 == chain.size() && c.has_subcommands()) {
      std::string what;
      std::vector<std::string> names;
      for (const command& s : c.subcommands()) {
        names.emplace_back(s.name);
        if (what.find(singular(s.group)) == std::string::npos)
          what += (what.empty() ? "" : " or ") + singular(s.group);
      }
      throw usage_error("unknown " + what + " '" + arg + "'" + did_you_mean(arg, names));
    }
    throw usage_error("unexpected argument '" + arg + "'");
  }
}

// CLI11's messages, on one line in psinfo's words where they are common.
std::string message_of(const CLI::ParseError& e) {
  std::string m = e.what();
  if (e.get_name() == "ArgumentMismatch") {
    const size_t colon = m.find(':');
    if (m.size() > 8 && m.compare(m.size() - 8, 8, " missing") == 0 && colon != std::string::npos)
      return "option " + m.substr(0, colon) + " needs a value";
    const size_t flag = m.find(" was given a disallowed flag override");
    if (flag != std::string::npos) return "option --" + m.substr(0, flag) + " takes no value";
  }
  if (e.get_name() == "RequiredError" && m.rfind("--", 0) == 0) return "option " + m;
  if (!m.empty()) m[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(m[0])));
  return m;
}

}  // namespace

int run_command_line(const std::vector<std::string>& args, std::string& hint) {
  parser p({args.begin() + 1, args.end()});
  std::vector<parsed*> chain;
  hint = "psinfo";
  try {
    chain = p.parse();
  } catch (const CLI::CallForHelp&) {
    fmt::print("{}", p.root().help());
    return 0;
  } catch (const CLI::ParseError& e) {
    // What no command took explains more than what CLI11 stopped at (e.g. a missing --pid
    // given before the method's name).
    chain = p.chain();
    check_leftovers(chain, hint);
    hint = path_of(chain);
    throw usage_error(message_of(e));
  }
  hint = path_of(chain);
  check_leftovers(chain, hint);
  const parsed& last = *chain.back();
  if (!last.cmd->run)
    throw usage_error(fmt::format("'{}' needs a {}", hint.substr(hint.find(' ') + 1),
                                  singular(last.cmd->subcommands().front().group)));
  return last.cmd->run(values_of(last));
}

}  // namespace psinfo_cli
