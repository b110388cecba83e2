// The C API's errors and version: psinfo_strerror, psinfo_err_name (both generated from
// PSINFO_ERRNO_MAP), psinfo_last_error_message, psinfo_version.
#include <psinfo/psinfo.h>

#include "common.hpp"

extern "C" {

const char* psinfo_strerror(int code) {
  switch (code) {
    case 0:
      return "success";
#define PSINFO_STRERROR_CASE_(name, code, desc) \
  case code:                                    \
    return desc;
      PSINFO_ERRNO_MAP(PSINFO_STRERROR_CASE_)
#undef PSINFO_STRERROR_CASE_
  }
  return "unknown error code";
}

const char* psinfo_err_name(int code) {
  switch (code) {
    case 0:
      return "OK";
#define PSINFO_ERR_NAME_CASE_(name, code, desc) \
  case code:                                    \
    return #name;
      PSINFO_ERRNO_MAP(PSINFO_ERR_NAME_CASE_)
#undef PSINFO_ERR_NAME_CASE_
  }
  return "UNKNOWN";
}

const char* psinfo_last_error_message(void) { return psinfo::capi::last_error; }

const char* psinfo_version(void) { return psinfo::version(); }

uint32_t psinfo_version_hex(void) { return PSINFO_VERSION_HEX; }

}  // extern "C"
