// psinfo CLI — the POSIX side of platform.hpp and of live_screen: termios, poll, signals.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "platform.hpp"
#include "term.hpp"

namespace psinfo_cli {

std::vector<std::string> utf8_arguments(int argc, char** argv) {
  return std::vector<std::string>(argv, argv + argc);
}

std::optional<double> seconds_since_boot() {
#ifdef CLOCK_BOOTTIME
  timespec ts{};
  if (::clock_gettime(CLOCK_BOOTTIME, &ts) == 0)
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
#endif
  return std::nullopt;
}

void binary_stdout() {}

bool terminal_size(int& columns, int& lines) {
  winsize ws{};
  if (!::isatty(STDOUT_FILENO) || ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0) return false;
  columns = ws.ws_col;
  lines = ws.ws_row;
  return true;
}

namespace {

// "0100007F:0016" (the kernel's words in host order, then the port) -> "127.0.0.1:22"; "-"
// for the unbound 0.0.0.0:0 and [::]:0.
std::string proc_net_address(std::string_view hex, int family) {
  const size_t colon = hex.find(':');
  if (colon == std::string_view::npos) return "";
  unsigned char raw[16] = {};
  const size_t words = family == AF_INET ? 1 : 4;
  if (colon != words * 8) return "";
  for (size_t w = 0; w < words; ++w) {
    const std::uint32_t v = static_cast<std::uint32_t>(
        std::strtoul(std::string(hex.substr(w * 8, 8)).c_str(), nullptr, 16));
    std::memcpy(raw + w * 4, &v, 4);
  }
  const long port = std::strtol(std::string(hex.substr(colon + 1)).c_str(), nullptr, 16);
  char text[INET6_ADDRSTRLEN] = "";
  if (!::inet_ntop(family, raw, text, sizeof text)) return "";
  bool zero = port == 0;
  for (size_t i = 0; i < words * 4; ++i) zero &= raw[i] == 0;
  if (zero) return "-";
  return family == AF_INET6 ? fmt::format("[{}]:{}", text, port) : fmt::format("{}:{}", text, port);
}

}  // namespace

std::map<std::string, socket_queue> socket_queues(const std::string& procfs) {
  std::map<std::string, socket_queue> out;
  const std::pair<const char*, int> files[] = {
      {"tcp", AF_INET}, {"tcp6", AF_INET6}, {"udp", AF_INET}, {"udp6", AF_INET6}};
  for (const auto& [name, family] : files) {
    std::FILE* f = std::fopen((procfs + "/net/" + name).c_str(), "re");
    if (!f) continue;
    char line[512];
    // "sl local_address rem_address st tx_queue:rx_queue ...", after a header line.
    while (std::fgets(line, sizeof line, f)) {
      char local[64], remote[64];
      unsigned st = 0;
      unsigned long long tx = 0, rx = 0;
      if (std::sscanf(line, " %*[0-9]: %63s %63s %x %llx:%llx", local, remote, &st, &tx, &rx) != 5)
        continue;
      const std::string l = proc_net_address(local, family), r = proc_net_address(remote, family);
      if (l.empty() || r.empty()) continue;
      out[std::string(name) + ' ' + l + ' ' + r] = {rx, tx};
    }
    std::fclose(f);
  }
  return out;
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

const std::vector<signal_name>& signal_names() {
  static const std::vector<signal_name> names = {
      {"SIGHUP", SIGHUP},     {"SIGINT", SIGINT},   {"SIGQUIT", SIGQUIT}, {"SIGABRT", SIGABRT},
      {"SIGKILL", SIGKILL},   {"SIGUSR1", SIGUSR1}, {"SIGUSR2", SIGUSR2}, {"SIGPIPE", SIGPIPE},
      {"SIGALRM", SIGALRM},   {"SIGTERM", SIGTERM}, {"SIGCHLD", SIGCHLD}, {"SIGCONT", SIGCONT},
      {"SIGSTOP", SIGSTOP},   {"SIGTSTP", SIGTSTP}, {"SIGTTIN", SIGTTIN}, {"SIGTTOU", SIGTTOU},
      {"SIGWINCH", SIGWINCH},
  };
  return names;
}

namespace {

volatile std::sig_atomic_t quit_signal = 0;
extern "C" void on_quit_signal(int) { quit_signal = 1; }

termios saved_termios;
struct sigaction saved_int, saved_term, saved_hup;

}  // namespace

live_screen::live_screen(bool full_screen_allowed) {
  quit_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = on_quit_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: poll() returns at once
  ::sigaction(SIGINT, &sa, &saved_int);
  ::sigaction(SIGTERM, &sa, &saved_term);
  ::sigaction(SIGHUP, &sa, &saved_hup);
  full_ = full_screen_allowed && ::isatty(STDOUT_FILENO);
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
      for (ssize_t i = 0; i < got; ++i) {
        if (is_quit_key(static_cast<unsigned char>(buf[i]))) return true;
        keys_ += buf[i];
      }
      return false;  // a key: the caller acts on it at once
    }
  }
}

}  // namespace psinfo_cli
