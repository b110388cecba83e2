// psinfo CLI — what `psinfo process METHOD` needs besides the table: the values of its options
// that name something of the platform's, and the readable form of a method's result.
#pragma once

#include <psinfo/process.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "node.hpp"

namespace psinfo_cli {

// The resources `--resource` takes: the platform's RLIMIT_ names (none on Windows).
std::vector<std::string> rlimit_choices();
// "RLIMIT_NOFILE", "nofile" or "NOFILE" -> RLIMIT_NOFILE's number. Throws usage_error for an
// unknown name and psinfo::not_supported where there are no resource limits at all (the
// method itself is what is not supported there).
long parse_resource(std::string_view text);

// "name,cmdline" -> the attributes; usage_error naming an unknown one.
psinfo::attr parse_attrs(std::string_view text);

// A method's result as text: an object's fields one per line, and a field that holds an
// object or a list (as_dict) on one line.
std::string method_text(node n);

}  // namespace psinfo_cli
