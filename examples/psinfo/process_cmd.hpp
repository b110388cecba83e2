// psinfo CLI — what `psinfo process METHOD` needs besides the table: the values of its options
// that name something of the platform's, and the readable form of a method's result.
#pragma once

#include <psinfo/process.hpp>
#include <optional>
#include <string>
#include <utility>
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

// The signals `--signal` takes by name (the platform's), and a name or number -> its number.
std::vector<std::string> signal_choices();
long parse_signal(std::string_view text);
// The I/O classes `ionice --set` takes, and "CLASS[,VALUE]" -> the class and the value.
std::vector<std::string> ionice_choices();
std::pair<psinfo::ioprio_class, std::optional<int>> parse_ionice(std::string_view text);
// "SOFT,HARD" (-1 or infinity: no limit) -> the limits.
psinfo::rlimit_t parse_rlimit(std::string_view text);
// "0,1,3" -> the CPUs; "all" -> none (every eligible CPU, as psutil's cpu_affinity([])).
std::vector<int> parse_cpus(std::string_view text);

// "name,cmdline" -> the attributes; usage_error naming an unknown one.
psinfo::attr parse_attrs(std::string_view text);

// A method's result as text: an object's fields one per line, and a field that holds an
// object or a list (as_dict) on one line.
std::string method_text(node n);

}  // namespace psinfo_cli
