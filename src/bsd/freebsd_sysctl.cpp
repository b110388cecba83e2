// FreeBSD's sysctls by name (see freebsd.hpp).
#include <psinfo/errors.hpp>

#include <errno.h>
#include <string.h>
#include <sys/types.h>
// sys/types.h first: sys/sysctl.h needs its types.
#include <sys/sysctl.h>

#include "bsd/bsd.hpp"
#include "bsd/freebsd.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail::bsd::freebsd {

std::vector<char> bytes_by_name(const char* name) {
  int mib[CTL_MAXNAME];
  size_t n = CTL_MAXNAME;
  if (::sysctlnametomib(name, mib, &n) != 0)
    posix::throw_errno(errno, std::string("sysctl ") + name);
  return posix::sysctl_bytes(mib, static_cast<unsigned>(n), name);
}

std::optional<std::uint64_t> counter(const char* name) {
  unsigned char buf[8] = {};
  size_t len = sizeof buf;
  if (::sysctlbyname(name, buf, &len, nullptr, 0) != 0) return std::nullopt;
  if (len == sizeof(std::uint64_t)) {
    std::uint64_t v;
    memcpy(&v, buf, sizeof v);
    return v;
  }
  if (len == sizeof(std::uint32_t)) {
    std::uint32_t v;
    memcpy(&v, buf, sizeof v);
    return v;
  }
  errno = EBADMSG;
  return std::nullopt;
}

std::uint64_t counter_or_throw(const char* name) {
  std::optional<std::uint64_t> v = counter(name);
  if (!v) posix::throw_errno(errno, std::string("sysctl ") + name);
  return *v;
}

std::optional<std::string> string_by_name(const char* name) {
  size_t len = 0;
  if (::sysctlbyname(name, nullptr, &len, nullptr, 0) != 0) return std::nullopt;
  std::string s(len + 1, '\0');
  len = s.size();
  if (::sysctlbyname(name, s.data(), &len, nullptr, 0) != 0) return std::nullopt;
  s.resize(strnlen(s.data(), len));
  return s;
}

std::vector<cpu_value> per_cpu_values(const char* leaf) {
  std::vector<cpu_value> out;
  const int n = ncpu();
  for (int cpu = 0; cpu < n; ++cpu) {
    std::string node = "dev.cpu." + std::to_string(cpu) + ".";
    std::optional<int> v = posix::sysctlbyname_value<int>((node + leaf).c_str());
    if (!v) {
      if (errno == ENOENT) continue;
      posix::throw_errno(errno, "sysctl " + node + leaf);
    }
    out.push_back(cpu_value{cpu, std::move(node), *v});
  }
  return out;
}

}  // namespace psinfo::detail::bsd::freebsd
