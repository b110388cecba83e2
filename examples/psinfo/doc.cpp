// psinfo CLI — the man page and the bash completion, made from the table (table.cpp) that
// --help is made from, by the build (psinfo_doc, doc_main.cpp).
#include "doc.hpp"

#include <fmt/format.h>

#include <psinfo/psinfo.hpp>
#include <algorithm>
#include <string>
#include <vector>

#include "cli.hpp"

namespace psinfo_cli {

namespace {

// Text for roff: backslashes escaped, every '-' a minus (options, copy-pasted, must stay
// ASCII), and a line that would start with a control character ('.' or '\'') guarded.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
    line_start = c == '\n';
  }
  return out;
}

// The options of a command as a roff list.
std::string option_list(const command& c) {
  std::string out;
  for (const use& u : c.uses) {
    out += ".TP\n.B " + roff(option_head(u)) + "\n" + roff(option_text(u)) + "\n";
    if (u.opt->choices) {
      std::string list;
      for (const std::string& v : u.opt->choices()) list += (list.empty() ? "" : " ") + v;
      if (!list.empty()) out += "One of: " + roff(list) + "\n";
    }
  }
  return out;
}

std::string entry(const command& c, const std::string& path) {
  std::string out = ".SS \"" + roff(usage_of(c, path)) + "\"\n";
  // A method's intro already holds its summary.
  std::string about = c.intro ? c.intro(c) : std::string();
  about += c.about[0] ? c.about : c.intro ? "" : c.summary;
  out += roff(about) + "\n";
  return out + option_list(c);
}

// The root's about text, up to the environment and exit status (which have sections).
std::string description(const command& root) {
  std::string about = root.about;
  return about.substr(0, about.find("\nEnvironment:"));
}

// The usage lines of --help, each without the indent that lines them up after "usage: ".
std::string synopsis_lines(std::string_view usage) {
  std::string out;
  while (!usage.empty()) {
    const size_t nl = std::min(usage.find('\n'), usage.size());
    std::string_view line = usage.substr(0, nl);
    line.remove_prefix(std::min(line.find_first_not_of(' '), line.size()));
    out += std::string(line) + (nl < usage.size() ? "\n" : "");
    usage.remove_prefix(std::min(nl + 1, usage.size()));
  }
  return out;
}

}  // namespace

std::string man_page() {
  const command& root = program();
  std::string out = fmt::format(
      ".\\\" Made by psinfo_doc from psinfo's command table (the one its --help shows).\n"
      ".TH PSINFO 1 \"\" \"psinfo {}\" \"User Commands\"\n"
      ".SH NAME\npsinfo \\- what psutil tells Python, from the command line\n"
      ".SH SYNOPSIS\n.nf\n{}\n.fi\n.SH DESCRIPTION\n{}\n",
      psinfo::version(), roff(synopsis_lines(root.usage)), roff(description(root)));
  out += option_list(root);
  const std::pair<const char*, const char*> sections[] = {{"commands", "COMMANDS"},
                                                          {"functions", "FUNCTIONS"}};
  for (const auto& [group, title] : sections) {
    out += fmt::format(".SH {}\n", title);
    for (const command& c : root.subcommands()) {
      if (std::string_view(c.group) != group) continue;
      out += entry(c, std::string("psinfo ") + c.name);
      if (!c.has_subcommands()) continue;
      for (const command& m : c.subcommands())
        out += entry(m, std::string("psinfo ") + c.name + " " + m.name);
    }
  }
  out +=
      ".SH ENVIRONMENT\n"
      ".TP\n.B PSINFO_PROCFS_PATH\nRead /proc there instead (a recorded tree).\n"
      ".TP\n.B PSINFO_SYSFS_PATH\nRead /sys there instead.\n"
      ".TP\n.B COLUMNS, LINES\nThe size ps, top and iotop fit their output to (else the "
      "terminal's).\n"
      ".SH \"EXIT STATUS\"\n0 ok; 1 an error (one line on stderr naming the cause); 2 a usage "
      "error (one line on stderr, and the command whose \\-\\-help to read).\n"
      ".SH \"SEE ALSO\"\n"
      ".BR free (1),\n.BR df (1),\n.BR ps (1),\n.BR top (1),\n.BR pmap (1),\n.BR who (1),\n"
      ".BR uptime (1),\n.BR ss (8),\n"
      "and psutil's documentation: https://psutil.readthedocs.io\n";
  return out;
}

namespace {

// One bash case branch: `key) opts="..."; values="..." ;;`.
struct completion_key {
  std::string key;         // "", "free", "process nice"
  std::string opts;        // every option name
  std::string value_opts;  // those that take a value
  std::string words;       // the commands, functions or methods after it
  std::string choices;     // case branches "opt) c1 c2 ;;" for options with listed values
  bool files = false;      // operands are files (df)
};

completion_key key_of(const command& c, const std::string& key) {
  completion_key k;
  k.key = key;
  bool short_h = false;
  for (const use& u : c.uses) {
    if (u.opt->is_operand()) {
      k.files = true;
      continue;
    }
    for (const std::string& n : option_names(*u.opt)) {
      k.opts += (k.opts.empty() ? "" : " ") + n;
      short_h |= n == "-h";
      if (!u.opt->is_flag()) k.value_opts += (k.value_opts.empty() ? "" : " ") + n;
    }
    if (u.opt->choices && !u.opt->is_flag()) {
      std::string list;
      for (const std::string& v : u.opt->choices()) list += (list.empty() ? "" : " ") + v;
      std::string names;
      for (const std::string& n : option_names(*u.opt)) names += (names.empty() ? "" : "|") + n;
      k.choices += fmt::format("        {}) values=\"{}\" ;;\n", names, list);
    }
  }
  k.opts += short_h ? " --help" : " -h --help";
  // Before the method is named (`process --pid 12 na`), any method's option may come.
  for (const command& s : c.subcommands()) {
    k.words += (k.words.empty() ? "" : " ") + std::string(s.name);
    for (const use& u : s.uses)
      if (!key.empty() && !u.opt->is_flag() && !u.opt->is_operand())
        for (const std::string& n : option_names(*u.opt))
          if ((" " + k.value_opts + " ").find(" " + n + " ") == std::string::npos)
            k.value_opts += (k.value_opts.empty() ? "" : " ") + n;
  }
  return k;
}

}  // namespace

std::string bash_completion() {
  const command& root = program();
  std::vector<completion_key> keys{key_of(root, "")};
  for (const command& c : root.subcommands()) {
    keys.push_back(key_of(c, c.name));
    for (const command& m : c.subcommands())
      keys.push_back(key_of(m, std::string(c.name) + " " + m.name));
  }
  std::string branches, value_branches;
  for (const completion_key& k : keys) {
    branches +=
        fmt::format("    \"{}\") opts=\"{}\"; value_opts=\" {} \"; words=\"{}\"; files={} ;;\n",
                    k.key, k.opts, k.value_opts, k.words, k.files ? 1 : 0);
    if (!k.choices.empty())
      value_branches += fmt::format("      \"{}\")\n        case $prev in\n{}        esac ;;\n",
                                    k.key, k.choices);
  }
  return fmt::format(
      R"SH(# bash completion for psinfo {version}, made by psinfo_doc from psinfo's command table
# (the one its --help shows). Installed as share/bash-completion/completions/psinfo.

# The options, the values of options, and the words (commands, functions, methods) that may
# follow the words typed so far, identified by `key`: "", a command, or "process METHOD".
_psinfo_key() {{
  case $1 in
{branches}    *) opts=""; value_opts=" "; words=""; files=0 ;;
  esac
}}

_psinfo() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  local key="" opts value_opts words files values="" i w skip=0
  _psinfo_key ""
  # The command (and the method of `process`) among the words before the cursor; an option's
  # value is not one.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${{COMP_WORDS[i]}}
    if ((skip)); then skip=0; continue; fi
    case $w in
      --*=*) ;;
      -*) [[ $value_opts == *" $w "* ]] && skip=1 ;;
      *)
        if [[ -z $key ]]; then key=$w
        elif [[ $key == process ]]; then key="process $w"
        else continue
        fi
        _psinfo_key "$key" ;;
    esac
  done
  if [[ $value_opts == *" $prev "* ]]; then
    case $key in
{value_branches}    esac
    if [[ -n $values ]]; then
      COMPREPLY=($(compgen -W "$values" -- "$cur"))
    elif [[ $prev == --pid || ( $prev == -p && $key == ps ) ]]; then
      COMPREPLY=($(compgen -W "$(cd /proc 2>/dev/null && printf '%s ' [0-9]*)" -- "$cur"))
    elif [[ $prev == --path ]]; then
      COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return 0
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -n $words ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  elif ((files)); then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
  return 0
}}
complete -F _psinfo psinfo
)SH",
      fmt::arg("version", psinfo::version()), fmt::arg("branches", branches),
      fmt::arg("value_branches", value_branches));
}

}  // namespace psinfo_cli
