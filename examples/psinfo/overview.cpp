// psinfo CLI — `psinfo` with no command: one screen, 80 columns.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <psinfo/psinfo.hpp>
#include <string>
#include <thread>

#include "commands.hpp"
#include "json.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

constexpr int screen_width = 80;
constexpr double sample_seconds = 0.2;

std::string bar(double percent, int width) {
  if (width <= 0) return "";
  int filled = static_cast<int>(std::clamp(percent, 0.0, 100.0) / 100.0 * width + 0.5);
  return "[" + std::string(filled, '|') + std::string(width - filled, ' ') + "]";
}

// "label [|||||     ]  42.0%" in exactly `width` columns (the bar shrinks to fit; below
// 4 columns of bar it is left out).
std::string meter(const std::string& label, double percent, int width) {
  std::string pct = fmt::format("{:5.1f}%", percent);
  int bar_width = width - static_cast<int>(label.size()) - 1 - 2 - 1 - static_cast<int>(pct.size());
  std::string b = bar_width >= 4 ? bar(percent, bar_width) + " " : "";
  std::string s = label + " " + b + pct;
  return fmt::format("{:<{}}", s, width);
}

void print_cpus(const std::vector<double>& per, double total) {
  const size_t n = per.size();
  fmt::print("CPU   {:.1f}% over {} s, {} CPU{}\n", total, sample_seconds, n, n == 1 ? "" : "s");
  // Columns so that even a large machine stays within about 16 lines.
  const size_t cols = n <= 8 ? 1 : n <= 32 ? 2 : n <= 64 ? 4 : 8;
  // A leading space, then cells separated by two spaces: 78 columns in all, at most.
  const int cell = (screen_width - 2 - 2 * (static_cast<int>(cols) - 1)) / static_cast<int>(cols);
  const size_t label_width = fmt::format("cpu{}", n ? n - 1 : 0).size();
  for (size_t i = 0; i < n; i += cols) {
    std::string line = " ";
    for (size_t c = 0; c < cols && i + c < n; ++c) {
      if (cols == 8) {  // too narrow for bars: "127 100%"
        line += fmt::format("{:>3} {:>3.0f}%", i + c, per[i + c]) + "  ";
        continue;
      }
      std::string label = fmt::format("{:<{}}", fmt::format("cpu{}", i + c), label_width);
      line += meter(label, per[i + c], cell) + "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print("{}\n", line.substr(0, screen_width));
  }
}

void print_memory(const char* label, double percent, std::uint64_t used, std::uint64_t total) {
  // The widest tail is "  1023.9G / 1023.9G": a fixed meter width keeps Mem and Swap aligned.
  std::string tail = fmt::format("  {} / {}", bytes2human(used), bytes2human(total));
  std::string line = meter(fmt::format("{:<5}", label), percent, screen_width - 20) + tail;
  fmt::print("{}\n", line);
}

void print_users(const std::vector<psinfo::user_t>& users) {
  if (users.empty()) {
    fmt::print("Users 0\n");
    return;
  }
  fmt::print("Users {}\n", users.size());
  constexpr size_t max_lines = 5;
  for (size_t i = 0; i < users.size() && i < max_lines; ++i) {
    const psinfo::user_t& u = users[i];
    std::string line = fmt::format("  {:<12} {:<10} {:<20} since {}", u.name,
                                   u.terminal.value_or("-"), u.host, local_time(u.started));
    fmt::print("{}\n", line.substr(0, screen_width));
  }
  if (users.size() > max_lines) fmt::print("  ... and {} more\n", users.size() - max_lines);
}

}  // namespace

int run_overview() {
  // Each sampler method keeps its own previous sample: seed both, wait, compare.
  psinfo::cpu_sampler sampler;
  sampler.percent();
  sampler.percent_percpu();
  std::this_thread::sleep_for(std::chrono::duration<double>(sample_seconds));
  const double total = sampler.percent();
  const std::vector<double> per = sampler.percent_percpu();

  const psinfo::virtual_memory_t vm = psinfo::virtual_memory();
  const psinfo::swap_memory_t sw = psinfo::swap_memory();
  const std::array<double, 3> load = psinfo::getloadavg();
  const double boot = psinfo::boot_time();
  const std::vector<psinfo::user_t> users = psinfo::users();

  print_cpus(per, total);
  print_memory("Mem", vm.percent, vm.used, vm.total);
  if (sw.total > 0)
    print_memory("Swap", sw.percent, sw.used, sw.total);
  else
    fmt::print("Swap  none\n");
  fmt::print("Load  {:.2f} {:.2f} {:.2f}\n", load[0], load[1], load[2]);
  const double now = static_cast<double>(std::time(nullptr));
  fmt::print("Up    {} (booted {})\n", duration(now - boot), local_time(boot));
  print_users(users);
  return 0;
}

}  // namespace psinfo_cli
