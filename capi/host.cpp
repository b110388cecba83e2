// The C API of include/psinfo/host.hpp: boot time, users, where /proc and /sys are read, and
// the nowrap state.
#include <psinfo/psinfo.h>

#include <string>
#include <string_view>

#include "common.hpp"

using namespace psinfo::capi;

static_assert(sizeof(void*) != 8 || sizeof(psinfo_user_t) == 48, "ABI: psinfo_user_t");

namespace {

int copy_path(char* buf, size_t* size, const std::string& s, const char* fn) {
  not_null(size, "size");
  if (buf == nullptr && *size != 0) bad_arg("buf is NULL but *size is not 0");
  if (*size < s.size() + 1) {
    size_t have = *size;
    *size = s.size() + 1;
    return fail(PSINFO_ENOBUFS, fn, "the path needs %zu bytes, the buffer has %zu", s.size() + 1,
                have);
  }
  std::memcpy(buf, s.c_str(), s.size() + 1);
  *size = s.size();
  return 0;
}

}  // namespace

extern "C" {

int psinfo_boot_time(double* out) {
  return out_value(__func__, out, [] { return psinfo::boot_time(); });
}

int psinfo_users(psinfo_user_t** out, size_t* count, size_t elem_size) {
  return out_list(__func__, out, count, elem_size, [] { return psinfo::users(); });
}
PSINFO_CAPI_FREE(users, psinfo_user_t)

int psinfo_set_procfs_path(const char* path) {
  return guard(__func__, [&] {
    not_null(path, "path");
    psinfo::set_procfs_path(path);
    return 0;
  });
}

int psinfo_set_sysfs_path(const char* path) {
  return guard(__func__, [&] {
    not_null(path, "path");
    psinfo::set_sysfs_path(path);
    return 0;
  });
}

int psinfo_procfs_path(char* buf, size_t* size) {
  return guard(__func__,
               [&](const char* fn) { return copy_path(buf, size, psinfo::procfs_path(), fn); });
}

int psinfo_sysfs_path(char* buf, size_t* size) {
  return guard(__func__,
               [&](const char* fn) { return copy_path(buf, size, psinfo::sysfs_path(), fn); });
}

int psinfo_cache_clear(const char* name) {
  return guard(__func__, [&] {
    not_null(name, "name");
    std::string_view n(name);
    if (!n.empty() && n != "disk_io_counters" && n != "net_io_counters")
      bad_arg("unknown name '" + std::string(n) +
              "'; choose between disk_io_counters, net_io_counters, or \"\" for both");
    psinfo::cache_clear(n);
    return 0;
  });
}

}  // extern "C"
