// psinfo CLI — the Windows side of platform.hpp and of live_screen: console modes, a console
// control handler, and a wait on the console input handle.
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
// After windows.h, which it needs.
#include <shellapi.h>

#include <fcntl.h>
#include <io.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "platform.hpp"
#include "term.hpp"

// Older mingw-w64 headers lack it (Windows 10 1511 and later).
#ifndef ENABLE_VIRTUAL_TERMINAL_PROCESSING
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#endif

namespace psinfo_cli {

namespace {

bool is_console(HANDLE h, DWORD& mode) {
  return h != INVALID_HANDLE_VALUE && h != nullptr && GetConsoleMode(h, &mode);
}

std::string to_utf8(const wchar_t* w) {
  const int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, nullptr, 0, nullptr, nullptr);
  if (n <= 1) return {};
  std::string out(static_cast<size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, w, -1, &out[0], n, nullptr, nullptr);
  out.resize(static_cast<size_t>(n) - 1);
  return out;
}

UINT saved_output_cp = 0;
void restore_output_cp() { SetConsoleOutputCP(saved_output_cp); }

}  // namespace

std::vector<std::string> utf8_arguments(int argc, char** argv) {
  DWORD mode = 0;
  if (is_console(GetStdHandle(STD_OUTPUT_HANDLE), mode) && GetConsoleOutputCP() != CP_UTF8) {
    // The console's code page outlives us (it is the console's, not the process's).
    saved_output_cp = GetConsoleOutputCP();
    if (SetConsoleOutputCP(CP_UTF8)) std::atexit(restore_output_cp);
  }
  int n = 0;
  wchar_t** w = CommandLineToArgvW(GetCommandLineW(), &n);
  if (!w || n != argc) {  // keep the CRT's parse if the two disagree
    if (w) LocalFree(w);
    return std::vector<std::string>(argv, argv + argc);
  }
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(to_utf8(w[i]));
  LocalFree(w);
  return out;
}

std::optional<double> seconds_since_boot() { return static_cast<double>(GetTickCount64()) / 1000; }

void binary_stdout() {
  std::fflush(stdout);
  _setmode(_fileno(stdout), _O_BINARY);
}

bool terminal_size(int& columns, int& lines) {
  CONSOLE_SCREEN_BUFFER_INFO info;
  if (!GetConsoleScreenBufferInfo(GetStdHandle(STD_OUTPUT_HANDLE), &info)) return false;
  columns = info.srWindow.Right - info.srWindow.Left + 1;
  lines = info.srWindow.Bottom - info.srWindow.Top + 1;
  return true;
}

std::map<std::string, socket_queue> socket_queues(const std::string&) { return {}; }

const std::vector<signal_name>& signal_names() {
  // psutil on Windows: signal.SIGTERM, signal.CTRL_C_EVENT, signal.CTRL_BREAK_EVENT.
  static const std::vector<signal_name> names = {
      {"SIGTERM", SIGTERM}, {"CTRL_C_EVENT", CTRL_C_EVENT}, {"CTRL_BREAK_EVENT", CTRL_BREAK_EVENT}};
  return names;
}

const std::vector<rlimit_name>& rlimit_names() {
  static const std::vector<rlimit_name> none;
  return none;
}

namespace {

// Set by the console control handler, which runs on a thread of its own.
HANDLE quit_event = nullptr;
DWORD saved_in_mode = 0, saved_out_mode = 0;

BOOL WINAPI on_console_ctrl(DWORD type) {
  if (type != CTRL_C_EVENT && type != CTRL_BREAK_EVENT && type != CTRL_CLOSE_EVENT) return FALSE;
  SetEvent(quit_event);
  return TRUE;
}

}  // namespace

live_screen::live_screen(bool full_screen_allowed) {
  quit_event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  if (quit_event) SetConsoleCtrlHandler(on_console_ctrl, TRUE);
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE), in = GetStdHandle(STD_INPUT_HANDLE);
  // The escapes need a console that interprets them; else frames follow one another.
  full_ = full_screen_allowed && is_console(out, saved_out_mode) &&
          SetConsoleMode(
              out, saved_out_mode | ENABLE_PROCESSED_OUTPUT | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
  if (full_ && is_console(in, saved_in_mode)) {
    // Keys one at a time, not echoed; ENABLE_PROCESSED_INPUT stays: Ctrl-C reaches the handler.
    raw_ = SetConsoleMode(
        in, (saved_in_mode & ~static_cast<DWORD>(ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT)) |
                ENABLE_PROCESSED_INPUT);
  }
  if (full_) enter_full_screen();
}

live_screen::~live_screen() {
  if (full_) {
    leave_full_screen();
    SetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), saved_out_mode);
  }
  if (raw_) SetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), saved_in_mode);
  if (quit_event) {
    SetConsoleCtrlHandler(on_console_ctrl, FALSE);
    CloseHandle(quit_event);
    quit_event = nullptr;
  }
}

bool live_screen::wait_quit(double seconds) {
  using clock = std::chrono::steady_clock;
  const auto end = clock::now() + std::chrono::duration_cast<clock::duration>(
                                      std::chrono::duration<double>(seconds));
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - clock::now());
    if (left.count() <= 0) return false;
    HANDLE handles[2];
    DWORD count = 0;
    if (quit_event) handles[count++] = quit_event;
    if (raw_) handles[count++] = in;
    if (count == 0) {
      Sleep(static_cast<DWORD>(left.count()));
      return false;
    }
    const DWORD r = WaitForMultipleObjects(count, handles, FALSE, static_cast<DWORD>(left.count()));
    if (r == WAIT_TIMEOUT) return false;
    if (r >= WAIT_OBJECT_0 + count) {  // WAIT_FAILED: wait out the time as if nothing came
      Sleep(static_cast<DWORD>(left.count()));
      return false;
    }
    if (handles[r - WAIT_OBJECT_0] == quit_event) return true;
    // Console input: key presses, and mouse, focus and resize events, which are dropped.
    INPUT_RECORD records[16];
    DWORD got = 0;
    if (!ReadConsoleInputW(in, records, 16, &got)) return true;
    bool typed = false;
    for (DWORD i = 0; i < got; ++i) {
      const KEY_EVENT_RECORD& key = records[i].Event.KeyEvent;
      if (records[i].EventType != KEY_EVENT || !key.bKeyDown) continue;
      const auto c = static_cast<unsigned>(key.uChar.UnicodeChar);
      if (is_quit_key(c)) return true;
      if (c > 0 && c < 0x80) keys_ += static_cast<char>(c), typed = true;
    }
    if (typed) return false;  // a key: the caller acts on it at once
  }
}

}  // namespace psinfo_cli
