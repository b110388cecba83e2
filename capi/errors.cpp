// The C API's errors and version: psinfo_strerror and psinfo_err_name (from PSINFO_ERRNO_MAP),
// psinfo_last_error_message, psinfo_last_errno, psinfo_version.
#include <psinfo/psinfo.h>

#include "common.hpp"

namespace {

// The code's name (name != 0) or description, from the one list of psinfo.h.
const char* describe(int code, bool name) {
  switch (code) {
    case 0:
      return name ? "OK" : "success";
#define PSINFO_ERRNO_CASE_(n, c, desc) \
  case c:                              \
    return name ? #n : desc;
      PSINFO_ERRNO_MAP(PSINFO_ERRNO_CASE_)
#undef PSINFO_ERRNO_CASE_
  }
  return name ? "UNKNOWN" : "unknown error code";
}

}  // namespace

extern "C" {

const char* psinfo_strerror(int code) { return describe(code, false); }

const char* psinfo_err_name(int code) { return describe(code, true); }

const char* psinfo_last_error_message(void) { return psinfo::capi::last_error; }

int psinfo_last_errno(void) { return psinfo::capi::last_errno; }

const char* psinfo_version(void) { return psinfo::version(); }

uint32_t psinfo_version_hex(void) { return PSINFO_VERSION_HEX; }

}  // extern "C"
