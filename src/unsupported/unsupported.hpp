// The backend of a platform psinfo does not support yet: every function of the contract
// (src/platform.hpp) throws not_supported, so the library still builds and links everywhere
// (like Rust sysinfo's unknown/ backend). It is also the template of a new port: copy this
// directory to src/<os>/, file by file, and replace each body (docs/architecture.md).
#pragma once

#include <psinfo/errors.hpp>

#include <string>

#include "platform.hpp"

namespace psinfo::detail {

[[noreturn]] inline void unsupported(const char* what) {
  throw not_supported(std::string(what) + ": not supported on this platform");
}

}  // namespace psinfo::detail
