// psinfo CLI — the man page and the bash completion, made from the command table.
#pragma once

#include <string>

namespace psinfo_cli {

// psinfo(1) in roff: every command, function and process method with its options, in the
// words of their --help.
std::string man_page();
// A bash completion script: commands, functions, methods, their options, and the values of
// the options that list them (PIDs for --pid, files for paths).
std::string bash_completion();

}  // namespace psinfo_cli
