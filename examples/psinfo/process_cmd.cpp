// psinfo CLI — `psinfo process METHOD`: the values of its options, and its readable output
// (process_cmd.hpp). The methods themselves are in the table (table.cpp).
#include "process_cmd.hpp"

#include <cctype>
#include <psinfo/errors.hpp>

#include "cli.hpp"
#include "json.hpp"
#include "platform.hpp"
#include "text.hpp"
#include "values.hpp"

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

std::vector<std::string> signal_choices() {
  std::vector<std::string> names;
  for (const signal_name& s : signal_names()) names.emplace_back(s.name);
  return names;
}

long parse_signal(std::string_view text) {
  long n = 0;
  if (parse_pid(text, n)) return n;
  std::string up;
  for (char c : text) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const signal_name& s : signal_names())
    if (up == s.name || "SIG" + up == s.name) return s.value;
  throw not_one_of(text, signal_choices());
}

namespace {

// A comma-separated pair "a,b" (b may be absent).
std::pair<std::string_view, std::optional<std::string_view>> pair_of(std::string_view text) {
  const size_t comma = text.find(',');
  if (comma == std::string_view::npos) return {text, std::nullopt};
  return {text.substr(0, comma), text.substr(comma + 1)};
}

long integer_of(std::string_view text, const char* what) {
  long v = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (!parse_pid(negative ? text.substr(1) : text, v))
    throw usage_error("invalid " + std::string(what) + " '" + std::string(text) + "'");
  return negative ? -v : v;
}

}  // namespace

std::vector<std::string> ionice_choices() {
  std::vector<std::string> names;
  for (int c = 0; c < 4; ++c)
    names.emplace_back(psinfo::to_string(static_cast<psinfo::ioprio_class>(c)));
  return names;
}

std::pair<psinfo::ioprio_class, std::optional<int>> parse_ionice(std::string_view text) {
  const auto [cls, value] = pair_of(text);
  std::string up;
  for (char c : cls) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::vector<std::string> names = ionice_choices();
  for (size_t c = 0; c < names.size(); ++c) {
    const std::string& n = names[c];
    // "IOPRIO_CLASS_BE", "BE", "be"; "IOPRIO_HIGH", "HIGH".
    const size_t last = n.rfind('_');
    if (up == n || up == n.substr(last + 1) || up == std::to_string(c)) {
      std::optional<int> v;
      if (value) v = static_cast<int>(integer_of(*value, "I/O priority"));
      return {static_cast<psinfo::ioprio_class>(c), v};
    }
  }
  throw not_one_of(cls, names);
}

psinfo::rlimit_t parse_rlimit(std::string_view text) {
  const auto [soft, hard] = pair_of(text);
  auto limit = [](std::string_view t) -> std::int64_t {
    if (t == "infinity" || t == "unlimited") return psinfo::rlim_infinity;
    const long v = integer_of(t, "limit");
    if (v < -1) throw usage_error("invalid limit '" + std::string(t) + "'");
    return v;
  };
  if (!hard) throw usage_error("expected SOFT,HARD, not '" + std::string(text) + "'");
  return {limit(soft), limit(*hard)};
}

std::vector<int> parse_cpus(std::string_view text) {
  if (text == "all") return {};
  std::vector<int> out;
  for (long n : parse_pid_list(text)) out.push_back(static_cast<int>(n));
  return out;
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

namespace {}  // namespace

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
