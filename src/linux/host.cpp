// Linux host: boot time from /proc/stat, users from utmp.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>
#include <utmpx.h>

#include <string>

#include "linux/parse.hpp"
#include "linux/procfs.hpp"
#include "platform.hpp"

namespace psinfo::detail {

double boot_time() {
  stat_counters c = parse_stat_counters(read_file(proc_path("stat"), scratch()));
  if (!c.btime) throw error(proc_path("stat") + ": no 'btime' line");
  return static_cast<double>(*c.btime);
}

std::vector<user_t> users() {
  // glibc's getutxent probes for /var/run/utmpx (which it would read instead), opens
  // /var/run/utmp and takes and drops a read lock around each 384-byte record read; here: one
  // open, one lock, the whole file read. utmpx is tried only when utmp does not exist (the
  // two together, glibc would read utmpx). Unreadable or absent: nobody, as from getutxent.
  int fd = ::open(_PATH_UTMP, O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) fd = ::open(_PATH_UTMP "x", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  // An open file description lock, as glibc's readers and writers lock the file: it waits
  // for a writer's record (held for one write) a bounded time, then reads anyway.
  struct flock fl {};
  fl.l_type = F_RDLCK;
  fl.l_whence = SEEK_SET;
  for (int tries = 0; tries < 100 && ::fcntl(fd, F_OFD_SETLK, &fl) != 0; ++tries) {
    if (errno != EAGAIN && errno != EACCES && errno != EINTR) break;  // e.g. EINVAL: no lock
    struct timespec ms = {0, 1000 * 1000};
    ::nanosleep(&ms, nullptr);
  }
  std::string data;
  struct stat st;
  data.resize(::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1
                                                      : 4096);
  std::size_t len = 0;
  for (;;) {
    if (len == data.size()) data.resize(data.size() * 2);
    ssize_t n = ::read(fd, &data[len], data.size() - len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    len += static_cast<std::size_t>(n);
  }
  ::close(fd);  // drops the lock
  data.resize(len);
  return parse_utmp(data);
}

}  // namespace psinfo::detail
