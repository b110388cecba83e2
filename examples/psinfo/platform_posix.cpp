// psinfo CLI — the POSIX side of platform.hpp and of live_screen: termios, poll, signals.
#include <fmt/format.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>

#include "platform.hpp"
#include "term.hpp"

namespace psinfo_cli {

std::vector<std::string> utf8_arguments(int argc, char** argv) {
  return std::vector<std::string>(argv, argv + argc);
}

void binary_stdout() {}

bool terminal_size(int& columns, int& lines) {
  winsize ws{};
  if (!::isatty(STDOUT_FILENO) || ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0) return false;
  columns = ws.ws_col;
  lines = ws.ws_row;
  return true;
}

const std::vector<rlimit_name>& rlimit_names() {
  static const std::vector<rlimit_name> names = {
#ifdef RLIMIT_AS  // not on OpenBSD
      {"RLIMIT_AS", RLIMIT_AS},
#endif
      {"RLIMIT_CORE", RLIMIT_CORE},
      {"RLIMIT_CPU", RLIMIT_CPU},
      {"RLIMIT_DATA", RLIMIT_DATA},
      {"RLIMIT_FSIZE", RLIMIT_FSIZE},
#ifdef RLIMIT_LOCKS
      {"RLIMIT_LOCKS", RLIMIT_LOCKS},
#endif
      {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
#ifdef RLIMIT_MSGQUEUE
      {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
#endif
#ifdef RLIMIT_NICE
      {"RLIMIT_NICE", RLIMIT_NICE},
#endif
      {"RLIMIT_NOFILE", RLIMIT_NOFILE},
      {"RLIMIT_NPROC", RLIMIT_NPROC},
      {"RLIMIT_RSS", RLIMIT_RSS},
#ifdef RLIMIT_RTPRIO
      {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},
#endif
#ifdef RLIMIT_RTTIME
      {"RLIMIT_RTTIME", RLIMIT_RTTIME},
#endif
#ifdef RLIMIT_SIGPENDING
      {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
#endif
      {"RLIMIT_STACK", RLIMIT_STACK},
  };
  return names;
}

namespace {

volatile std::sig_atomic_t quit_signal = 0;
extern "C" void on_quit_signal(int) { quit_signal = 1; }

termios saved_termios;
struct sigaction saved_int, saved_term, saved_hup;

}  // namespace

live_screen::live_screen() {
  quit_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = on_quit_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: poll() returns at once
  ::sigaction(SIGINT, &sa, &saved_int);
  ::sigaction(SIGTERM, &sa, &saved_term);
  ::sigaction(SIGHUP, &sa, &saved_hup);
  full_ = ::isatty(STDOUT_FILENO);
  if (full_ && ::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &saved_termios) == 0) {
    termios t = saved_termios;
    t.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);  // ISIG stays: Ctrl-C is SIGINT
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    raw_ = ::tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0;
  }
  if (full_) enter_full_screen();
}

live_screen::~live_screen() {
  if (full_) leave_full_screen();
  if (raw_) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
  ::sigaction(SIGINT, &saved_int, nullptr);
  ::sigaction(SIGTERM, &saved_term, nullptr);
  ::sigaction(SIGHUP, &saved_hup, nullptr);
}

bool live_screen::wait_quit(double seconds) {
  using clock = std::chrono::steady_clock;
  const auto end = clock::now() + std::chrono::duration_cast<clock::duration>(
                                      std::chrono::duration<double>(seconds));
  for (;;) {
    if (quit_signal) return true;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - clock::now());
    if (left.count() <= 0) return false;
    pollfd pfd{STDIN_FILENO, POLLIN, 0};
    const int n = ::poll(&pfd, raw_ ? 1 : 0, static_cast<int>(left.count()));
    if (n < 0 && errno != EINTR) return false;
    if (n > 0 && raw_) {
      if (pfd.revents & (POLLHUP | POLLERR)) return true;
      char buf[64];
      const ssize_t got = ::read(STDIN_FILENO, buf, sizeof buf);
      if (got <= 0) return true;  // end of input
      for (ssize_t i = 0; i < got; ++i)
        if (is_quit_key(static_cast<unsigned char>(buf[i]))) return true;
    }
  }
}

}  // namespace psinfo_cli
