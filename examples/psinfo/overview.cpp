// psinfo CLI — `psinfo` with no command: one screen (24 lines), 80 columns.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <exception>
#include <map>
#include <psinfo/errors.hpp>
#include <psinfo/psinfo.hpp>
#include <string>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "json.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

constexpr int screen_width = 80;
constexpr size_t screen_lines = 24;
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

// Returns the number of lines printed.
size_t print_cpus(const std::vector<double>& per, double total) {
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
  return 1 + (n + cols - 1) / cols;
}

void print_memory(const char* label, double percent, std::uint64_t used, std::uint64_t total) {
  // The widest tail is "  1023.9G / 1023.9G": a fixed meter width keeps Mem and Swap aligned.
  std::string tail = fmt::format("  {} / {}", bytes2human(used), bytes2human(total));
  std::string line = meter(fmt::format("{:<5}", label), percent, screen_width - 20) + tail;
  fmt::print("{}\n", line);
}

// `items` in at most `budget` lines (at least one): when they do not fit, the last line says
// how many were left out.
void print_limited(const std::vector<std::string>& items, size_t budget) {
  if (budget == 0) return;
  const bool cut = items.size() > budget;
  if (cut && budget == 1) {  // the first line keeps the section's label, and says the rest
    std::string more = fmt::format("  (+{} more)", items.size() - 1);
    fmt::print("{}{}\n", items[0].substr(0, screen_width - more.size()), more);
    return;
  }
  const size_t shown = cut ? budget - 1 : items.size();
  for (size_t i = 0; i < shown; ++i) fmt::print("{}\n", items[i].substr(0, screen_width));
  if (cut) fmt::print("      ... and {} more\n", items.size() - shown);
}

std::vector<std::string> user_lines(const std::vector<psinfo::user_t>& users) {
  std::vector<std::string> out;
  for (const psinfo::user_t& u : users)
    out.push_back(fmt::format("  {:<12} {:<10} {:<20} since {}", u.name, u.terminal.value_or("-"),
                              u.host, local_time(u.started)));
  return out;
}

// A section that could not be read: one line with the reason.
std::string unavailable(const char* label, const std::exception& e) {
  std::string why = e.what();
  for (char& c : why)
    if (c == '\n' || c == '\r') c = ' ';
  return fmt::format("{:<5} unavailable: {}", label, why).substr(0, screen_width);
}

// "/very/long/mount" -> "...long/mount", to fit `width` columns.
std::string fit(const std::string& s, size_t width) {
  if (s.size() <= width) return s;
  return "..." + s.substr(s.size() - (width - 3));
}

// Mounted physical partitions, one line each (the first mount of each device), with a bar of
// psutil's percent and used / total.
std::vector<std::string> disk_lines() {
  std::vector<std::string> out;
  std::vector<std::string> seen;
  for (const psinfo::partition_t& p : psinfo::disk_partitions(false)) {
    if (std::find(seen.begin(), seen.end(), p.device) != seen.end()) continue;
    psinfo::disk_usage_t u;
    try {
      u = psinfo::disk_usage(p.mountpoint);
    } catch (const psinfo::error&) {
      continue;  // not ours to look into, or gone
    }
    seen.push_back(p.device);
    std::string label =
        fmt::format("{:<5} {:<14}", out.empty() ? "Disk" : "", fit(p.mountpoint, 14));
    std::string tail = fmt::format("  {} / {}", bytes2human(u.used), bytes2human(u.total));
    out.push_back(meter(label, u.percent, screen_width - 20) + tail);
  }
  if (out.empty()) out.push_back("Disk  none");
  return out;
}

// Per interface (lo left out unless it is the only one): receive and transmit rates over the
// sample, and the totals since boot.
std::vector<std::string> net_lines(const std::map<std::string, psinfo::net_io_counters_t>& before,
                                   const std::map<std::string, psinfo::net_io_counters_t>& after,
                                   double seconds) {
  std::vector<std::string> out;
  auto rate = [seconds](std::uint64_t a, std::uint64_t b) {
    return bytes2human(b >= a ? static_cast<std::uint64_t>((b - a) / seconds) : 0) + "/s";
  };
  for (const auto& [nic, n] : after) {
    if (nic == "lo" && after.size() > 1) continue;
    auto b = before.find(nic);
    const psinfo::net_io_counters_t& p = b != before.end() ? b->second : n;
    std::string line = fmt::format(
        "{:<5} {:<10} rx {:>9}  tx {:>9}  (total rx {}, tx {})", out.empty() ? "Net" : "",
        fit(nic, 10), rate(p.bytes_recv, n.bytes_recv), rate(p.bytes_sent, n.bytes_sent),
        bytes2human(n.bytes_recv), bytes2human(n.bytes_sent));
    out.push_back(line);
  }
  if (out.empty()) out.push_back("Net   none");
  return out;
}

// Lines of the sections below the fixed ones, within what is left of a 24-line screen: each
// gets at least one line; the longest gives way first.
void share_lines(size_t available, std::vector<size_t*> wanted) {
  for (;;) {
    size_t sum = 0;
    size_t* largest = nullptr;
    for (size_t* w : wanted) {
      sum += *w;
      if (*w > 1 && (!largest || *w > *largest)) largest = w;
    }
    if (sum <= available || !largest) return;
    --*largest;
  }
}

}  // namespace

int run_overview() {
  // Each sampler method keeps its own previous sample: seed both, wait, compare. The network
  // counters are read at both ends of the same window.
  psinfo::sampler sampler;
  sampler.cpu_percent();
  sampler.cpu_percent_percpu();
  std::map<std::string, psinfo::net_io_counters_t> net_before;
  std::string net_error;
  try {
    net_before = psinfo::net_io_counters_pernic(false);
  } catch (const psinfo::error& e) {
    net_error = unavailable("Net", e);
  }
  const auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(sample_seconds));
  const double total = sampler.cpu_percent();
  const std::vector<double> per = sampler.cpu_percent_percpu();
  std::vector<std::string> net;
  if (net_error.empty()) {
    try {
      auto net_after = psinfo::net_io_counters_pernic(false);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      net = net_lines(net_before, net_after, seconds > 0 ? seconds : sample_seconds);
    } catch (const psinfo::error& e) {
      net_error = unavailable("Net", e);
    }
  }
  if (!net_error.empty()) net = {net_error};

  const psinfo::virtual_memory_t vm = psinfo::virtual_memory();
  const psinfo::swap_memory_t sw = psinfo::swap_memory();
  // Windows computes it from a performance counter that may be missing (Wine has none).
  std::string load_line;
  try {
    const std::array<double, 3> load = psinfo::getloadavg();
    load_line = fmt::format("Load  {:.2f} {:.2f} {:.2f}", load[0], load[1], load[2]);
  } catch (const psinfo::error& e) {
    load_line = unavailable("Load", e);
  }
  const double boot = psinfo::boot_time();
  const std::vector<psinfo::user_t> users = psinfo::users();
  std::vector<std::string> disks;
  try {
    disks = disk_lines();
  } catch (const psinfo::error& e) {
    disks = {unavailable("Disk", e)};
  }

  const size_t cpu_lines = print_cpus(per, total);
  print_memory("Mem", vm.percent, vm.used, vm.total);
  if (sw.total > 0)
    print_memory("Swap", sw.percent, sw.used, sw.total);
  else
    fmt::print("Swap  none\n");
  fmt::print("{}\n", load_line);
  const double now = static_cast<double>(std::time(nullptr));
  fmt::print("Up    {} (booted {})\n", duration(now - boot), local_time(boot));

  const std::vector<std::string> user_list = user_lines(users);
  size_t disk_budget = std::min<size_t>(disks.size(), 4);
  size_t net_budget = std::min<size_t>(net.size(), 4);
  size_t user_budget = 1 + std::min<size_t>(user_list.size(), 6);  // the "Users N" line too
  const size_t used = cpu_lines + 4;
  share_lines(screen_lines > used ? screen_lines - used : 0,
              {&disk_budget, &net_budget, &user_budget});
  print_limited(disks, disk_budget);
  print_limited(net, net_budget);
  fmt::print("Users {}\n", users.size());
  print_limited(user_list, user_budget - 1);
  return 0;
}

}  // namespace psinfo_cli
