// psinfo CLI — terminal size and the live view.
#include "term.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "platform.hpp"

namespace psinfo_cli {

namespace {

int env_number(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return 0;
  char* end = nullptr;
  long n = std::strtol(v, &end, 10);
  return (*end == '\0' && n > 0 && n < 100000) ? static_cast<int>(n) : 0;
}

}  // namespace

int output_columns() {
  if (int n = env_number("COLUMNS")) return n;
  int cols = 0, lines = 0;
  if (terminal_size(cols, lines) && cols > 0) return cols;
  return 0;
}

int batch_lines() { return env_number("LINES"); }

int output_lines() {
  if (int n = env_number("LINES")) return n;
  int cols = 0, lines = 0;
  if (terminal_size(cols, lines) && lines > 0) return lines;
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

void live_screen::enter_full_screen() {
  fmt::print("\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J");  // alternate screen, no cursor, clear
  std::fflush(stdout);
}

void live_screen::leave_full_screen() {
  fmt::print("\x1b[?25h\x1b[?1049l");  // cursor back, main screen back
  std::fflush(stdout);
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
