// POSIX helpers: sysctl(2) (see posix.hpp).
#include <psinfo/errors.hpp>

#include <errno.h>
#include <sys/types.h>
// sys/types.h first: the BSDs' sys/sysctl.h needs its types.
#include <sys/sysctl.h>

#include "posix/posix.hpp"

namespace psinfo::detail::posix {

namespace {
// macOS declares sysctl(int*, ...), FreeBSD and OpenBSD sysctl(const int*, ...).
int call(const int* mib, unsigned n, void* out, std::size_t* len) {
  return ::sysctl(const_cast<int*>(mib), n, out, len, nullptr, 0);
}

std::string name_of(const int* mib, unsigned n, const char* what) {
  std::string s = std::string("sysctl ") + what + " {";
  for (unsigned i = 0; i < n; ++i) s += (i ? "," : "") + std::to_string(mib[i]);
  return s + "}";
}
}  // namespace

bool sysctl_into(const int* mib, unsigned n, void* out, std::size_t size, std::size_t* got) {
  std::size_t len = size;
  if (call(mib, n, out, &len) != 0) return false;
  if (got) *got = len;
  return true;
}

void sysctl_or_throw(const int* mib, unsigned n, void* out, std::size_t size, const char* what) {
  if (!sysctl_into(mib, n, out, size)) throw_errno(errno, name_of(mib, n, what));
}

std::vector<char> sysctl_bytes(const int* mib, unsigned n, const char* what) {
  std::vector<char> buf;
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::size_t len = 0;
    if (call(mib, n, nullptr, &len) != 0) throw_errno(errno, name_of(mib, n, what));
    if (len == 0) return buf;
    len += len / 8;  // room for what appears between the two calls
    buf.resize(len);
    if (call(mib, n, buf.data(), &len) == 0) {
      buf.resize(len);
      return buf;
    }
    if (errno != ENOMEM) throw_errno(errno, name_of(mib, n, what));
  }
  throw error(name_of(mib, n, what) + ": the table keeps growing");
}

#if !defined(__OpenBSD__)
bool sysctlbyname_into(const char* name, void* out, std::size_t size) {
  std::size_t len = size;
  return ::sysctlbyname(name, out, &len, nullptr, 0) == 0;
}
#endif

}  // namespace psinfo::detail::posix
