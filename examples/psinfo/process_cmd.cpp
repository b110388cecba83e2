// psinfo CLI — `psinfo process METHOD`: the values of its options, and its readable output
// (process_cmd.hpp). The methods themselves are in the table (table.cpp).
#include "process_cmd.hpp"

#include <cctype>
#include <psinfo/errors.hpp>

#include "cli.hpp"
#include "json.hpp"
#include "platform.hpp"
#include "text.hpp"

namespace psinfo_cli {

std::vector<std::string> rlimit_choices() {
  std::vector<std::string> names;
  for (const rlimit_name& r : rlimit_names()) names.emplace_back(r.name);
  return names;
}

long parse_resource(std::string_view text) {
  const std::vector<rlimit_name>& rlimits = rlimit_names();
  if (rlimits.empty()) throw psinfo::not_supported("rlimit: no resource limits on this platform");
  std::string up;
  for (char c : text) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (up.rfind("RLIMIT_", 0) != 0) up = "RLIMIT_" + up;
  for (const rlimit_name& r : rlimits)
    if (up == r.name) return r.value;
  throw not_one_of(text, rlimit_choices());
}

psinfo::attr parse_attrs(std::string_view text) {
  std::uint64_t bits = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string name(text.substr(start, comma - start));
    try {
      bits |= static_cast<std::uint64_t>(psinfo::attr_from_string(name));
    } catch (const psinfo::error&) {
      throw usage_error("unknown attribute '" + name + "'");
    }
    start = comma + 1;
  }
  return static_cast<psinfo::attr>(bits);
}

namespace {

// The readable form of a value inside an object: `k=v k=v` for an object, `a, b` for a list of
// scalars, JSON for anything deeper (to_text prints one line per field of the top object).
std::string inline_text(const node& n) {
  auto scalar = [](const node& x) {
    if (x.k == node::kind::string) return x.s;
    if (x.k == node::kind::array || x.k == node::kind::object) return to_json(x);
    return to_text(x).substr(0, to_text(x).size() - 1);
  };
  std::string out;
  if (n.k == node::kind::object) {
    for (const auto& [k, v] : n.fields) out += (out.empty() ? "" : " ") + k + "=" + scalar(v);
    return out.empty() ? "{}" : out;
  }
  for (const node& item : n.items) {
    if (item.k == node::kind::array || item.k == node::kind::object) return to_json(n);
    out += (out.empty() ? "" : ", ") + scalar(item);
  }
  return out.empty() ? "[]" : out;
}

}  // namespace

std::string method_text(node n) {
  if (n.k == node::kind::object) {
    bool nested = false;
    for (const auto& f : n.fields)
      nested |= f.second.k == node::kind::object || f.second.k == node::kind::array;
    if (nested)
      for (auto& f : n.fields)
        if (f.second.k == node::kind::object || f.second.k == node::kind::array)
          f.second = node::string(inline_text(f.second));
  }
  return to_text(n);
}

}  // namespace psinfo_cli
