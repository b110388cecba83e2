// Internal to the C API: the process handle (psinfo_process_t), shared by the files of the
// process's functions (process.cpp, container.cpp).
#pragma once

#include <psinfo/psinfo.h>

#include <memory>
#include <psinfo/process.hpp>
#include <utility>

#include "common.hpp"

// The handle: the C++ object and the oneshot guards the C caller opened on it.
struct psinfo_process_s {
  explicit psinfo_process_s(psinfo::process&& q) : p(std::move(q)) {}
  psinfo::process p;
  std::unique_ptr<psinfo::process::oneshot_guard> oneshot;
  int oneshot_depth = 0;
};

namespace psinfo::capi {

// The process of a handle; NULL is PSINFO_EINVAL.
inline const psinfo::process& proc_of(const psinfo_process_t* h) {
  if (h == nullptr) bad_arg("the process handle is NULL");
  return h->p;
}
inline psinfo::process& proc_of(psinfo_process_t* h) {
  if (h == nullptr) bad_arg("the process handle is NULL");
  return h->p;
}

}  // namespace psinfo::capi
