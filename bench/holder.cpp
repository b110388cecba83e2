#include "holder.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

extern char** environ;

namespace bench_holder {
namespace {

volatile sig_atomic_t stop = 0;
void on_signal(int) { stop = 1; }

// A socket of `type` bound to the loopback of `family` (the kernel picks the port), listening
// when `listening`; its address in *addr. -1 when the family or the loopback is unavailable.
int loopback(int family, int type, bool listening, sockaddr_storage* addr) {
  int s = ::socket(family, type | SOCK_CLOEXEC, 0);
  if (s < 0) return -1;
  sockaddr_storage a{};
  socklen_t len;
  if (family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&a);
    in->sin_family = AF_INET;
    in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof *in;
  } else {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&a);
    in6->sin6_family = AF_INET6;
    in6->sin6_addr = in6addr_loopback;
    len = sizeof *in6;
  }
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), len) != 0 || (listening && ::listen(s, 4) != 0)) {
    ::close(s);
    return -1;
  }
  len = sizeof *addr;
  ::getsockname(s, reinterpret_cast<sockaddr*>(addr), &len);
  return s;
}

}  // namespace

int hold_main() {
  // Hold only what is made below, whatever the parent left open (0, 1 and 2 stay).
  ::syscall(SYS_close_range, 3u, ~0u, 0u);
  char dir[] = "/tmp/psinfo-bench-hold.XXXXXX";
  if (!::mkdtemp(dir)) {
    std::perror("bench_system --hold: mkdtemp");
    return 1;
  }
  std::vector<int> fds;
  std::vector<std::string> paths;
  int status = 0;
  const int modes[4] = {O_RDONLY, O_WRONLY, O_RDWR, O_WRONLY | O_APPEND};  // r, w, r+, a
  for (int i = 0; i < kFiles && status == 0; ++i) {
    paths.push_back(std::string(dir) + "/f" + std::to_string(i));
    int fd = ::open(paths.back().c_str(), modes[i % 4] | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
      std::perror("bench_system --hold: open");
      status = 1;
      break;
    }
    fds.push_back(fd);
    if (i % 4 != 0 && ::write(fd, "psinfo bench\n", 13) != 13) status = 1;  // position 13
  }
  sockaddr_storage a;
  int tcp = loopback(AF_INET, SOCK_STREAM, true, &a);
  if (tcp < 0) {
    std::perror("bench_system --hold: TCP listener on 127.0.0.1");
    status = 1;
  } else {
    fds.push_back(tcp);
    int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (client >= 0) fds.push_back(client);
    int accepted = -1;
    if (client >= 0 && ::connect(client, reinterpret_cast<sockaddr*>(&a), sizeof(sockaddr_in)) == 0)
      accepted = ::accept4(tcp, nullptr, nullptr, SOCK_CLOEXEC);
    if (accepted < 0) {
      std::perror("bench_system --hold: TCP connection on 127.0.0.1");
      status = 1;
    } else {
      fds.push_back(accepted);
    }
  }
  for (auto [family, type] : {std::pair{AF_INET, SOCK_DGRAM}, std::pair{AF_INET6, SOCK_STREAM},
                              std::pair{AF_INET6, SOCK_DGRAM}}) {
    int s = loopback(family, type, type == SOCK_STREAM, &a);
    if (s >= 0) fds.push_back(s);  // IPv6 may be off: then the IPv4 sockets only
  }

  if (status == 0) {
    // Signals end the wait below (ppoll unblocks them only while it waits: none is lost).
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigset_t block, waiting;
    sigemptyset(&block);
    for (int sig : {SIGTERM, SIGINT, SIGHUP}) {
      ::sigaction(sig, &sa, nullptr);
      sigaddset(&block, sig);
    }
    ::sigprocmask(SIG_BLOCK, &block, &waiting);
    // stderr, then stdout once the PID is out, to /dev/null (not a regular file): the held
    // set is the same whether they were files, pipes or a terminal.
    int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) ::dup2(null, 2);
    std::printf("%ld\n", static_cast<long>(::getpid()));
    std::fflush(stdout);
    if (null >= 0) {
      ::dup2(null, 1);
      ::close(null);
    }
    pollfd in{0, POLLIN, 0};
    while (!stop) {
      int r = ::ppoll(&in, 1, nullptr, &waiting);
      if (r < 0 && errno == EINTR) continue;
      char c[64];
      if (r < 0 || ::read(0, c, sizeof c) <= 0) break;  // EOF: the parent is done
    }
  }
  for (int fd : fds) ::close(fd);
  for (const std::string& p : paths) ::unlink(p.c_str());
  ::rmdir(dir);
  return status;
}

long held_pid() {
  static const long pid = []() -> long {
    if (const char* e = std::getenv("PSINFO_BENCH_HELD_PID")) return std::strtol(e, nullptr, 10);
    // This very binary with --hold (readlink: under valgrind, /proc/self/exe is the tool's).
    char self[4096];
    ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    int in[2], out[2];
    if (n <= 0 || ::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) return -1;
    self[n] = 0;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    char hold[] = "--hold";
    char* argv[] = {self, hold, nullptr};
    pid_t child = -1;
    int err = ::posix_spawn(&child, self, &fa, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(in[0]);
    ::close(out[1]);
    // in[1] stays open until this process ends: then the holder reads EOF and cleans up.
    char line[32] = {};
    std::size_t got = 0;
    while (err == 0 && got < sizeof line - 1) {
      ssize_t r = ::read(out[0], line + got, sizeof line - 1 - got);
      if (r <= 0) break;
      got += static_cast<std::size_t>(r);
      if (std::memchr(line, '\n', got)) break;
    }
    ::close(out[0]);
    long p = std::strtol(line, nullptr, 10);
    if (p <= 0) std::fprintf(stderr, "bench_system: the held process did not start\n");
    return p > 0 ? p : -1;
  }();
  return pid;
}

}  // namespace bench_holder
