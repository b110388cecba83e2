// psinfo CLI — the table of library functions that `psinfo <function>` prints.
#pragma once

#include <string_view>
#include <vector>

#include <optional>
#include <psinfo/net.hpp>

#include "args.hpp"
#include "node.hpp"

namespace psinfo_cli {

struct function_info {
  const char* name;     // psutil's name
  unsigned accepts;     // the `option` bits it accepts besides --json
  const char* summary;  // one line for `psinfo --help`
  const char* details;  // extra lines for `psinfo NAME --help` (may be empty)
  node (*call)(const options&);
  unsigned requires = 0;           // the `option` bits it cannot do without
  const char* key_label = "name";  // first column of the readable per-device table
};

const std::vector<function_info>& functions();
// nullptr when there is no such function.
const function_info* find_function(std::string_view name);

// What `psinfo NAME` prints: JSON with --json, else the readable form.
int run_function(const function_info& f, const options& opts);
void print_function_help(const function_info& f);

// psutil's sconn as a node (an address is {"ip", "port"} or null; unix: the path and "").
node address_node(const std::optional<psinfo::address_t>& a);
node connection_node(const psinfo::connection_t& c);

// The interval cpu_percent and cpu_times_percent use when --interval is not given.
constexpr double default_interval = 0.1;

}  // namespace psinfo_cli
