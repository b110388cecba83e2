// psinfo CLI — terminal size and the live view.
#include "term.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace psinfo_cli {

namespace {

int env_number(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return 0;
  char* end = nullptr;
  long n = std::strtol(v, &end, 10);
  return (*end == '\0' && n > 0 && n < 100000) ? static_cast<int>(n) : 0;
}

bool window_size(winsize& ws) {
  return ::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0;
}

volatile std::sig_atomic_t quit_signal = 0;
extern "C" void on_quit_signal(int) { quit_signal = 1; }

termios saved_termios;
struct sigaction saved_int, saved_term, saved_hup;

}  // namespace

int output_columns() {
  if (int n = env_number("COLUMNS")) return n;
  winsize ws{};
  if (window_size(ws) && ws.ws_col > 0) return ws.ws_col;
  return 0;
}

int output_lines() {
  if (int n = env_number("LINES")) return n;
  winsize ws{};
  if (window_size(ws) && ws.ws_row > 0) return ws.ws_row;
  return 0;
}

std::string clip(const std::string& s, int width) {
  if (width <= 0) return s;
  int cols = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    // A UTF-8 continuation byte belongs to the character before it.
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (cols == width) return s.substr(0, i);
    ++cols;
  }
  return s;
}

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
  if (full_) {
    fmt::print("\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J");  // alternate screen, no cursor, clear
    std::fflush(stdout);
  }
}

live_screen::~live_screen() {
  if (full_) {
    fmt::print("\x1b[?25h\x1b[?1049l");  // cursor back, main screen back
    std::fflush(stdout);
  }
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
        if (buf[i] == 'q' || buf[i] == 'Q' || buf[i] == 3) return true;
    }
  }
}

void live_screen::draw(const std::vector<std::string>& lines) {
  std::string out;
  if (full_) {
    out = "\x1b[H";  // home; each line then clears what is left of the previous frame's
    for (size_t i = 0; i < lines.size(); ++i) {
      out += lines[i];
      out += "\x1b[K";
      if (i + 1 < lines.size()) out += "\r\n";
    }
    out += "\x1b[J";  // and everything below
  } else {
    for (const std::string& l : lines) out += l + "\n";
    out += "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

}  // namespace psinfo_cli
