// macOS: the Mach host calls of cpu.cpp and memory.cpp, with the host port given back and the
// failure named once.
#pragma once

#include <psinfo/errors.hpp>

#include <mach/mach.h>
#include <mach/mach_host.h>

#include <string>

namespace psinfo::detail::macos {

// mach_host_self() hands out a send right each call: given back at scope exit.
class host_port {
 public:
  host_port() : port_(mach_host_self()) {
    if (port_ == MACH_PORT_NULL) throw error("mach_host_self() returned MACH_PORT_NULL");
  }
  ~host_port() { mach_port_deallocate(mach_task_self(), port_); }
  host_port(const host_port&) = delete;
  host_port& operator=(const host_port&) = delete;
  mach_port_t get() const { return port_; }

 private:
  mach_port_t port_;
};

[[noreturn]] inline void mach_error(const char* call, kern_return_t kr) {
  throw error(std::string(call) + " failed: " + mach_error_string(kr));
}

// host_statistics or host_statistics64 (`call`) of `flavor` into a T; count is the flavor's
// *_COUNT in integer_t words.
template <class T, class Call>
T host_stats(Call call, host_flavor_t flavor, mach_msg_type_number_t count, const char* what) {
  host_port host;
  T out{};
  const kern_return_t kr = call(host.get(), flavor, reinterpret_cast<integer_t*>(&out), &count);
  if (kr != KERN_SUCCESS) mach_error(what, kr);
  return out;
}

}  // namespace psinfo::detail::macos
