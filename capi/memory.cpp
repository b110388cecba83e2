// The C API of include/psinfo/memory.hpp.
#include <psinfo/psinfo.h>

#include "common.hpp"

using namespace psinfo::capi;

static_assert(sizeof(psinfo_virtual_memory_t) == 104, "ABI: psinfo_virtual_memory_t");
static_assert(sizeof(psinfo_swap_memory_t) == 56, "ABI: psinfo_swap_memory_t");
static_assert(sizeof(psinfo_heap_info_t) == 32, "ABI: psinfo_heap_info_t");
static_assert(PSINFO_VIRTUAL_MEMORY_MIN_SIZE == 48,
              "ABI: the smallest accepted sizes never change");

extern "C" {

int psinfo_virtual_memory(psinfo_virtual_memory_t* out) {
  return out_struct(__func__, out, [] { return psinfo::virtual_memory(); });
}

int psinfo_swap_memory(psinfo_swap_memory_t* out) {
  return out_struct(__func__, out, [] { return psinfo::swap_memory(); });
}

int psinfo_heap_info(psinfo_heap_info_t* out) {
  return out_struct(__func__, out, [] { return psinfo::heap_info(); });
}

int psinfo_heap_trim(void) {
  return guard(__func__, [] {
    psinfo::heap_trim();
    return 0;
  });
}

}  // extern "C"
