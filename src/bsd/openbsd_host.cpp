// OpenBSD users: OpenBSD has no utmpx; psutil reads /var/run/utmp's struct utmp records, parsed
// here by kbuf.hpp with the headers' layout.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>
#include <utmp.h>

#include <cstddef>
#include <string>

#include "bsd/bsd.hpp"
#include "bsd/kbuf.hpp"

namespace psinfo::detail::bsd {

namespace {

constexpr utmp_layout k_utmp{sizeof(struct utmp),   offsetof(struct utmp, ut_line),
                             sizeof(utmp::ut_line), offsetof(struct utmp, ut_name),
                             sizeof(utmp::ut_name), offsetof(struct utmp, ut_host),
                             sizeof(utmp::ut_host), offsetof(struct utmp, ut_time)};
static_assert(sizeof(time_t) == 8, "struct utmp: a 64-bit ut_time");
#if defined(__amd64__)
static_assert(same_layout(k_utmp, k_openbsd7_amd64_utmp), "struct utmp moved: update kbuf.hpp");
#endif

std::string read_all(const char* path) {
  posix::unique_fd fd(::open(path, O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) posix::throw_errno(errno, path);
  std::string buf;
  char chunk[16384];
  for (;;) {
    const ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      posix::throw_errno(errno, path);
    }
    if (n == 0) return buf;
    buf.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace

std::vector<user_t> users_now() {
  std::vector<user_t> out;
  for (const utmp_entry& e : parse_utmp(read_all(_PATH_UTMP), k_utmp))
    if (std::optional<user_t> u = user_from_utmp(e.line, e.name, e.host, e.time))
      out.push_back(std::move(*u));
  return out;
}

}  // namespace psinfo::detail::bsd
