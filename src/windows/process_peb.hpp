// Windows processes: what is read from the target's PEB (src/windows/process_peb.cpp).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace psinfo::detail {

// psutil's cmdline(), environ() and cwd() on Windows: the System processes (PIDs 0 and 4) have
// none; a process that cannot be read raises access_denied, one that is gone no_such_process.
std::vector<std::string> cmdline_of(long pid);
std::map<std::string, std::string> environ_of(long pid);
std::string cwd_of(long pid);

}  // namespace psinfo::detail
