// psinfo CLI — the terminal: its size, and a full-screen live view without curses (ANSI
// escapes; termios or the Windows console modes, in platform_*.cpp).
#pragma once

#include <string>
#include <vector>

namespace psinfo_cli {

// The width to cut lines at, as Python's shutil.get_terminal_size() finds it: COLUMNS when it
// is a number > 0, else the width of the terminal on stdout; 0 (no limit) when stdout is not
// a terminal.
int output_columns();
// LINES when it is a number > 0, else the height of the terminal on stdout, else 0.
int output_lines();
// LINES when it is a number > 0, else 0 (no limit): top -b's height.
int batch_lines();

// `s` cut to `width` display columns (UTF-8 aware: a multi-byte character counts as one);
// width 0: unchanged.
std::string clip(const std::string& s, int width);

// A live view. When stdout is a terminal: switches to the alternate screen, hides the cursor,
// and (when stdin is a terminal) turns off line buffering and echo so that a key press is
// seen at once; SIGINT, SIGTERM and SIGHUP (Windows: Ctrl-C, Ctrl-Break, closing the console)
// ask to quit. Everything is restored by the destructor (also when an exception leaves the
// loop). When stdout is not a terminal (or a Windows console without ANSI escapes), frames
// are printed one after the other, separated by a blank line.
class live_screen {
 public:
  // full_screen_allowed false: frames one after another even on a terminal (top -b).
  explicit live_screen(bool full_screen_allowed = true);
  ~live_screen();
  live_screen(const live_screen&) = delete;
  live_screen& operator=(const live_screen&) = delete;

  bool full_screen() const { return full_; }
  // Waits up to `seconds`, or until a key is pressed; true when the user asked to quit (q, Q,
  // Ctrl-C or a signal).
  bool wait_quit(double seconds);
  // The keys pressed (other than those that quit) since the last call.
  std::string take_keys() { return std::move(keys_); }
  // Replaces the screen's content with `lines` (already cut to the width).
  void draw(const std::vector<std::string>& lines);

 private:
  // The parts both OSes share (term.cpp).
  static void enter_full_screen();
  static void leave_full_screen();
  static bool is_quit_key(unsigned c) { return c == 'q' || c == 'Q' || c == 3; }

  bool full_ = false;
  bool raw_ = false;
  std::string keys_;
};

}  // namespace psinfo_cli
