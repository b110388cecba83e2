// Shared layer: host functions and the /proc and /sys roots.
#include <psinfo/host.hpp>

#include <cstdlib>
#include <mutex>

#include "paths.hpp"
#include "platform.hpp"

namespace psinfo {
namespace {

struct roots {
  std::mutex mu;
  std::shared_ptr<const std::string> procfs;
  std::shared_ptr<const std::string> sysfs;
};

std::string from_env(const char* var, const char* fallback) {
  const char* v = std::getenv(var);
  std::string s = (v && *v) ? v : fallback;
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

roots& the_roots() {
  static roots r;
  return r;
}

std::shared_ptr<const std::string> get(std::shared_ptr<const std::string> roots::*which,
                                       const char* var, const char* fallback) {
  roots& r = the_roots();
  std::lock_guard<std::mutex> lock(r.mu);
  auto& slot = r.*which;
  if (!slot) slot = std::make_shared<const std::string>(from_env(var, fallback));
  return slot;
}

void set(std::shared_ptr<const std::string> roots::*which, const std::string& path, const char* var,
         const char* fallback) {
  std::string p = path.empty() ? from_env(var, fallback) : path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  roots& r = the_roots();
  std::lock_guard<std::mutex> lock(r.mu);
  r.*which = std::make_shared<const std::string>(std::move(p));
}

}  // namespace

namespace detail {
std::shared_ptr<const std::string> procfs_root() {
  return get(&roots::procfs, "PSINFO_PROCFS_PATH", "/proc");
}
std::shared_ptr<const std::string> sysfs_root() {
  return get(&roots::sysfs, "PSINFO_SYSFS_PATH", "/sys");
}
}  // namespace detail

inline namespace PSINFO_ABI {
void set_procfs_path(const std::string& path) {
  set(&roots::procfs, path, "PSINFO_PROCFS_PATH", "/proc");
}
void set_sysfs_path(const std::string& path) {
  set(&roots::sysfs, path, "PSINFO_SYSFS_PATH", "/sys");
}
std::string procfs_path() { return *detail::procfs_root(); }
std::string sysfs_path() { return *detail::sysfs_root(); }

const char* version() noexcept {
#define PSINFO_STR2(x) #x
#define PSINFO_STR(x) PSINFO_STR2(x)
  return PSINFO_STR(PSINFO_VERSION_MAJOR) "." PSINFO_STR(PSINFO_VERSION_MINOR) "." PSINFO_STR(
      PSINFO_VERSION_PATCH);
#undef PSINFO_STR
#undef PSINFO_STR2
}

double boot_time() { return detail::boot_time(); }
std::vector<user_t> users() { return detail::users(); }
}  // namespace PSINFO_ABI

}  // namespace psinfo
