// The C API of include/psinfo/winservice.hpp: Windows services (PSINFO_ENOTSUP elsewhere).
#include <psinfo/psinfo.h>

#include <optional>
#include <string>
#include <vector>

#include "common.hpp"

using namespace psinfo::capi;

static_assert(sizeof(void*) != 8 || sizeof(psinfo_win_service_t) == 72,
              "ABI: psinfo_win_service_t");

namespace {

// One row of the C list: the names always, the rest only from psinfo_win_service_get.
struct service_row {
  std::string name, display_name;
  std::optional<std::string> binpath, username, start_type, status, description;
  std::optional<long> pid;
};

}  // namespace

extern "C" {

int psinfo_win_service_iter(psinfo_win_service_t** out, size_t* count, size_t elem_size) {
  return out_list(__func__, out, count, elem_size, [] {
    std::vector<service_row> rows;
    for (const psinfo::win_service& s : psinfo::win_service_iter())
      rows.push_back({s.name(), s.display_name(), {}, {}, {}, {}, {}, {}});
    return rows;
  });
}
PSINFO_CAPI_FREE(win_service_iter, psinfo_win_service_t)

int psinfo_win_service_get(psinfo_win_service_t** out, size_t* count, size_t elem_size,
                           const char* name) {
  return out_list(__func__, out, count, elem_size, [&] {
    not_null(name, "name");
    const psinfo::win_service_info_t d = psinfo::win_service_get(name).as_dict();
    return std::vector<service_row>{{d.name, d.display_name, d.binpath, d.username, d.start_type,
                                     d.status, d.description, d.pid}};
  });
}
PSINFO_CAPI_FREE(win_service_get, psinfo_win_service_t)

}  // extern "C"
