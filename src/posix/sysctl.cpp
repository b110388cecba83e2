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

bool sysctl_bytes_into(const int* mib, unsigned n, std::vector<char>& buf) {
  buf.clear();
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::size_t len = 0;
    if (call(mib, n, nullptr, &len) != 0) return false;
    if (len == 0) return true;
    len += len / 8;  // room for what appears between the two calls
    buf.resize(len);
    if (call(mib, n, buf.data(), &len) == 0) {
      buf.resize(len);
      return true;
    }
    if (errno != ENOMEM) return false;
  }
  errno = EBUSY;
  return false;
}

std::vector<char> sysctl_bytes(const int* mib, unsigned n, const char* what) {
  std::vector<char> buf;
  if (sysctl_bytes_into(mib, n, buf)) return buf;
  const int err = errno;
  if (err == EBUSY) throw error(name_of(mib, n, what) + ": the table keeps growing");
  throw_errno(err, name_of(mib, n, what));
}

#if !defined(__OpenBSD__)
bool sysctlbyname_into(const char* name, void* out, std::size_t size) {
  std::size_t len = size;
  return ::sysctlbyname(name, out, &len, nullptr, 0) == 0;
}
#endif

}  // namespace psinfo::detail::posix
