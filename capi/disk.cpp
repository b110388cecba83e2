// The C API of include/psinfo/disk.hpp.
#include <psinfo/psinfo.h>

#include "common.hpp"

using namespace psinfo::capi;

static_assert(sizeof(psinfo_disk_usage_t) == 40, "ABI: psinfo_disk_usage_t");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_partition_t) == 40, "ABI: psinfo_partition_t");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_disk_io_counters_t) == 88,
              "ABI: psinfo_disk_io_counters_t");
static_assert(PSINFO_DISK_IO_COUNTERS_MIN_SIZE == 16 + 4 * 8 || sizeof(void*) != 8,
              "ABI: the smallest accepted sizes never change");

extern "C" {

int psinfo_disk_partitions(psinfo_partition_t** out, size_t* count, size_t elem_size, int all) {
  return out_list(__func__, out, count, elem_size,
                  [&] { return psinfo::disk_partitions(all != 0); });
}
PSINFO_CAPI_FREE(disk_partitions, psinfo_partition_t)

int psinfo_disk_usage(psinfo_disk_usage_t* out, const char* path) {
  return out_struct(__func__, out, [&] {
    not_null(path, "path");
    return psinfo::disk_usage(path);
  });
}

int psinfo_disk_io_counters(psinfo_disk_io_counters_t* out, int nowrap) {
  return out_struct(
      __func__, out, [&] { return psinfo::disk_io_counters(nowrap != 0); }, "no disk is listed");
}

int psinfo_disk_io_counters_perdisk(psinfo_disk_io_counters_t** out, size_t* count,
                                    size_t elem_size, int nowrap) {
  return out_list(__func__, out, count, elem_size,
                  [&] { return psinfo::disk_io_counters_perdisk(nowrap != 0); });
}
PSINFO_CAPI_FREE(disk_io_counters_perdisk, psinfo_disk_io_counters_t)

}  // extern "C"
