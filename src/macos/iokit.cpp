// macOS: dictionary helpers over the declared CoreFoundation calls (see iokit.hpp).
#include "macos/iokit.hpp"

#include <vector>

namespace psinfo::detail::iokit {

cf_type dict_get(cf_type dict, const char* key) {
  if (!dict) return nullptr;
  cf_ptr k(cf_string_create(nullptr, key, cf_string_encoding_utf8));
  return k ? cf_dictionary_get_value(dict, k.get()) : nullptr;
}

std::optional<std::int64_t> dict_number(cf_type dict, const char* key) {
  cf_type v = dict_get(dict, key);
  std::int64_t n = 0;
  if (!v || cf_get_type_id(v) != cf_number_type_id() ||
      !cf_number_get_value(v, cf_number_sint64, &n))
    return std::nullopt;
  return n;
}

std::optional<std::string> string_of(cf_type s) {
  if (!s || cf_get_type_id(s) != cf_string_type_id()) return std::nullopt;
  std::vector<char> buf(256);
  for (int attempt = 0; attempt < 3; ++attempt, buf.resize(buf.size() * 16)) {
    if (cf_string_get_cstring(s, buf.data(), static_cast<cf_index>(buf.size()),
                              cf_string_encoding_utf8))
      return std::string(buf.data());
  }
  return std::nullopt;
}

std::optional<std::string> dict_string(cf_type dict, const char* key) {
  return string_of(dict_get(dict, key));
}

}  // namespace psinfo::detail::iokit
