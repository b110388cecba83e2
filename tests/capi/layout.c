/* Prints every public struct of psinfo.h as this C compiler lays it out (sizeof, and each
 * member's offset, size and present bit), generated from the tables of capi/tables.h, and the
 * PSINFO_ATTR_* bits, as JSON:
 *   {"structs": {"psinfo_cpu_times_t": {"size": 104, "fields": [["struct_size", 0, 4, 0], ...]},
 *    ...}, "attrs": {"pid": 1, ...}}
 * tests/capi/test_layout.py compares it with the ctypes module (examples/python/psinfo.py). */
#include <psinfo/psinfo.h>
#include <stddef.h>
#include <stdio.h>

#include "tables.h"

static const char* sep = "";

static void begin(const char* name, size_t size) {
  printf("%s\n  \"%s\": {\"size\": %zu, \"fields\": [", sep, name, size);
  sep = "";
}

static void member(const char* name, size_t offset, size_t size, unsigned long long bit) {
  printf("%s\n    [\"%s\", %zu, %zu, %llu]", sep, name, offset, size, bit);
  sep = ",";
}

static void end(void) {
  printf("]}");
  sep = ",";
}

#define MEMBER_(m, bit) member(#m, offsetof(T, m), sizeof(((T*)0)->m), (unsigned long long)(bit));
#define L_H(m) MEMBER_(m, 0)
#define L_F(m) MEMBER_(m, 0)
#define L_O(m, bit) MEMBER_(m, bit)
#define L_FX(m, expr) MEMBER_(m, 0)
#define L_OX(m, expr, bit) MEMBER_(m, bit)
#define L_A(attr, m, expr, bit) MEMBER_(m, bit)
#define STRUCT_(NAME, TYPE)                                   \
  {                                                           \
    typedef TYPE T;                                           \
    begin(#TYPE, sizeof(T));                                  \
    PSINFO_CAPI_##NAME(L_H, L_F, L_O, L_FX, L_OX, L_A) end(); \
  }
#define ATTR_(NAME, name)                                                           \
  printf("%s\n  \"%s\": %llu", sep, #name, (unsigned long long)PSINFO_ATTR_##NAME); \
  sep = ",";

int main(void) {
  printf("{\"structs\": {");
  PSINFO_CAPI_STRUCTS(STRUCT_)
  printf("},\n\"attrs\": {");
  sep = "";
  PSINFO_CAPI_ATTRS(ATTR_)
  printf("}}\n");
  return 0;
}
