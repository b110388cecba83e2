// psinfo CLI — `psinfo top` (psutil's scripts/top.py) and `psinfo iotop` (scripts/iotop.py):
// live full-screen views refreshed every --interval seconds, or one frame with --once.
#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <psinfo/psinfo.hpp>
#include <string>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "container.hpp"
#include "term.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

// Frame size: COLUMNS/LINES or the terminal's; 80x24 when neither says (--once into a pipe
// prints every process, as `top -b` does).
struct frame_size {
  int cols;
  int lines;  // 0: no limit
};

frame_size size_of_frame(bool full_screen, bool batch = false) {
  int cols = output_columns();
  int lines = batch ? batch_lines() : output_lines();
  if (cols <= 0) cols = 80;
  if (lines <= 0 && full_screen) lines = 24;
  return {cols, lines};
}

// top.py's bar: "[|||||     ]", `width` columns between the brackets.
std::string bar(double percent, int width) {
  if (width <= 0) return "";
  int filled = static_cast<int>(std::clamp(percent, 0.0, 100.0) / 100.0 * width);
  return "[" + std::string(filled, '|') + std::string(width - filled, ' ') + "]";
}

// str(timedelta) without the fraction: "2:03:04", "1 day, 2:03:04".
std::string uptime_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  auto s = static_cast<long>(seconds);
  long days = s / 86400;
  std::string hms = fmt::format("{}:{:02}:{:02}", s % 86400 / 3600, s % 3600 / 60, s % 60);
  if (!days) return hms;
  return fmt::format("{} day{}, {}", days, days == 1 ? "" : "s", hms);
}

// top's TIME+: minutes:seconds.hundredths of the process's own CPU time (user + system).
std::string time_plus(const psinfo::process_cpu_times_t& c) {
  const auto cs = static_cast<long>((c.user + c.system) * 100);
  return fmt::format(FMT_COMPILE("{}:{:02}.{:02}"), cs / 6000, cs / 100 % 60, cs % 100);
}

// The widths of a bar line: " CPU0  " or " Mem   ", the bar, and the tail.
constexpr int bar_head = 7;
constexpr int cpu_tail = 7;   // " 100.0%"
constexpr int mem_tail = 23;  // " 100.0% 1023.9G/1023.9G", at most

// One width for every bar of the frame (at most 40 columns between the brackets): what the
// narrowest line (a CPU cell, or a memory line) leaves; 0 when that is below 4 columns.
int bar_width(int cpu_cell, frame_size fs) {
  const int w =
      std::min({40, cpu_cell - bar_head - cpu_tail - 2, fs.cols - bar_head - mem_tail - 2});
  return w >= 4 ? w : 0;
}

// Per-CPU bars, top.py's " CPU0  [|||   ]  12.3%", in as many columns as keep them within
// about a third of the screen.
void cpu_lines(std::vector<std::string>& out, const std::vector<double>& per, frame_size fs,
               int& bars) {
  const size_t n = per.size();
  size_t cols = 1;
  const size_t budget = fs.lines > 0 ? std::max<size_t>(2, static_cast<size_t>(fs.lines) / 3) : 16;
  while (cols < 8 && (n + cols - 1) / cols > budget) cols *= 2;
  const int cell = fs.cols / static_cast<int>(cols);
  bars = bar_width(cell, fs);
  const size_t label = fmt::format("{}", n ? n - 1 : 0).size();
  for (size_t i = 0; i < n; i += cols) {
    std::string line;
    for (size_t c = 0; c < cols && i + c < n; ++c) {
      std::string head = fmt::format(" CPU{:<{}} ", i + c, std::max<size_t>(label, 2));
      std::string tail = fmt::format(" {:5.1f}%", per[i + c]);
      std::string text = bars ? head + bar(per[i + c], bars) + tail
                              : fmt::format(" {:>3} {:3.0f}%", i + c, per[i + c]);
      line += fmt::format("{:<{}}", text, cell);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out.push_back(line);
  }
}

void memory_line(std::vector<std::string>& out, const char* label, double percent,
                 std::uint64_t used, std::uint64_t total, int bars) {
  std::string tail =
      fmt::format(" {:5.1f}% {:>6}/{}", percent, bytes2human(used), bytes2human(total));
  std::string head = fmt::format(" {:<5} ", label);
  out.push_back(head + (bars ? bar(percent, bars) : "") + tail);
}

// The keys top sorts by: each one's --sort name, interactive key and title.
enum class top_key { cpu, mem, time, pid };
struct top_key_names {
  top_key key;
  const char* name;
  char letter;
  const char* title;
};
constexpr top_key_names top_keys[] = {{top_key::cpu, "cpu", 'P', "CPU%"},
                                      {top_key::mem, "mem", 'M', "MEM%"},
                                      {top_key::time, "time", 'T', "TIME+"},
                                      {top_key::pid, "pid", 'N', "PID"}};

top_key top_key_of(const std::string& name) {  // cpu for any other name
  for (const top_key_names& k : top_keys)
    if (name == k.name) return k.key;
  return top_key::cpu;
}

const char* top_key_title(top_key key) {
  for (const top_key_names& k : top_keys)
    if (k.key == key) return k.title;
  return "CPU%";
}

struct top_row {
  const psinfo::process_info_t* p;
  double key;  // ascending
};

// One process's line. A frame makes thousands: compiled formats into one buffer.
std::string top_line(const psinfo::process_info_t& p) {
  fmt::memory_buffer b;
  auto out = std::back_inserter(b);
  auto cell = [&](auto&& write, int width, bool left) {
    const size_t at = b.size();
    write();
    const size_t n = b.size() - at;
    if (n < static_cast<size_t>(width)) {
      const size_t pad = static_cast<size_t>(width) - n;
      if (left) {
        b.append(std::string(pad, ' '));
      } else {
        b.resize(b.size() + pad);
        std::move_backward(b.begin() + at, b.end() - pad, b.end());
        std::fill(b.begin() + at, b.begin() + at + pad, ' ');
      }
    }
    b.push_back(' ');
  };
  const std::string_view user = p.username ? std::string_view(*p.username).substr(0, 8) : "";
  cell([&] { fmt::format_to(out, FMT_COMPILE("{}"), p.pid); }, 7, true);
  cell([&] { b.append(user); }, 8, true);
  cell(
      [&] {
        if (p.nice) fmt::format_to(out, FMT_COMPILE("{}"), *p.nice);
      },
      4, false);
  cell(
      [&] {
        if (p.memory_info) b.append(bytes2human(p.memory_info->vms));
      },
      6, false);
  cell(
      [&] {
        if (p.memory_info) b.append(bytes2human(p.memory_info->rss));
      },
      6, false);
  cell(
      [&] {
        if (p.cpu_percent) fmt::format_to(out, FMT_COMPILE("{:.1f}"), *p.cpu_percent);
      },
      5, false);
  cell(
      [&] {
        if (p.memory_percent) fmt::format_to(out, FMT_COMPILE("{:.1f}"), *p.memory_percent);
      },
      5, false);
  cell(
      [&] {
        if (p.cpu_times) b.append(time_plus(*p.cpu_times));
      },
      9, false);
  b.push_back(' ');
  b.append(printable(p.name.value_or("")));
  return fmt::to_string(b);
}

// The user names of the processes on screen, read once per process (its status file, which
// costs the kernel as much as the rest of a frame) and kept while the process lives: a name
// follows the real user ID, which a process rarely changes.
class user_names {
 public:
  // Fills each process's username: kept, else read (a process new since the last frame).
  void fill(std::vector<psinfo::process_info_t>& procs) {
    std::map<std::pair<long, double>, std::string> now;
    for (psinfo::process_info_t& p : procs) {
      const std::pair<long, double> key{p.pid, p.create_time.value_or(0)};
      auto it = names_.find(key);
      if (it != names_.end()) {
        p.username = it->second;
      } else if (!p.username) {
        try {
          p.username = psinfo::process(p.pid).username();
        } catch (const psinfo::error&) {
          continue;  // gone, or not ours to read: blank
        }
      }
      if (p.username) now.emplace(key, *p.username);
    }
    names_.swap(now);  // the processes gone since drop out
  }

 private:
  std::map<std::pair<long, double>, std::string> names_;
};

// The attributes of top's lines, but the user's name (user_names).
constexpr psinfo::attr top_attrs =
    psinfo::attr::pid | psinfo::attr::nice | psinfo::attr::memory_info |
    psinfo::attr::memory_percent | psinfo::attr::cpu_percent | psinfo::attr::cpu_times |
    psinfo::attr::name | psinfo::attr::status | psinfo::attr::create_time;

std::vector<std::string> top_frame(psinfo::sampler& sampler, user_names& users, frame_size fs,
                                   top_key sort, double seconds) {
  std::vector<psinfo::process_info_t> procs = psinfo::process_iter(top_attrs);
  users.fill(procs);
  std::vector<std::string> out;
  int bars = 0;
  cpu_lines(out, sampler.cpu_percent_percpu(), fs, bars);
  const psinfo::virtual_memory_t vm = psinfo::virtual_memory();
  memory_line(out, "Mem", vm.percent, vm.used, vm.total, bars);
  const psinfo::swap_memory_t sw = psinfo::swap_memory();
  memory_line(out, "Swap", sw.percent, sw.used, sw.total, bars);
  if (auto line = container_line()) out.push_back(std::move(*line));

  // " Processes: 120 (running=1, sleeping=119)": running and sleeping first, as top.py.
  std::map<std::string, int> by_status;
  for (const auto& p : procs) ++by_status[p.status.value_or("?")];
  std::vector<std::string> st;
  for (const char* first : {"running", "sleeping"}) {
    auto it = by_status.find(first);
    if (it != by_status.end()) {
      st.push_back(fmt::format("{}={}", it->first, it->second));
      by_status.erase(it);
    }
  }
  for (const auto& [s, n] : by_status) st.push_back(fmt::format("{}={}", s, n));
  std::string list;
  for (const auto& s : st) list += (list.empty() ? "" : ", ") + s;
  out.push_back(fmt::format(" Processes: {} ({})", procs.size(), list));
  std::string load = "-";  // a missing performance counter on Windows (Wine)
  try {
    const auto l = psinfo::getloadavg();
    load = fmt::format("{:.2f} {:.2f} {:.2f}", l[0], l[1], l[2]);
  } catch (const psinfo::error&) {
  }
  const double up = static_cast<double>(std::time(nullptr)) - psinfo::boot_time();
  out.push_back(fmt::format(" Load average: {}  Uptime: {}", load, uptime_text(up)));
  out.push_back(fmt::format(" CPU% over {:.1f} s, sorted by {}", seconds, top_key_title(sort)));

  out.push_back(fmt::format(FMT_COMPILE("{:<7} {:<8} {:>4} {:>6} {:>6} {:>5} {:>5} {:>9}  {}"),
                            "PID", "USER", "NI", "VIRT", "RES", "CPU%", "MEM%", "TIME+", "NAME"));
  std::vector<top_row> rows;
  rows.reserve(procs.size());
  for (const auto& p : procs) {
    double key = 0;
    switch (sort) {
      case top_key::cpu:
        key = -p.cpu_percent.value_or(0);
        break;
      case top_key::mem:
        key = p.memory_info ? -static_cast<double>(p.memory_info->rss) : 0;
        break;
      case top_key::time:
        key = p.cpu_times ? -(p.cpu_times->user + p.cpu_times->system) : 0;
        break;
      case top_key::pid:
        key = static_cast<double>(p.pid);
        break;
    }
    rows.push_back({&p, key});
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const top_row& a, const top_row& b) { return a.key < b.key; });
  // Only the lines that fit are made.
  for (const top_row& r : rows) {
    if (fs.lines > 0 && out.size() >= static_cast<size_t>(fs.lines)) break;
    out.push_back(top_line(*r.p));
  }
  for (std::string& l : out) l = clip(l, fs.cols);
  return out;
}

void sleep_for(double seconds) {
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

}  // namespace

int run_top(const top_options& o) {
  top_key sort = top_key_of(o.sort);
  psinfo::sampler sampler;
  sampler.cpu_percent_percpu();
  // The CPU% baseline, and every user name once.
  user_names users;
  {
    auto procs = psinfo::process_iter(psinfo::attr::pid | psinfo::attr::cpu_percent |
                                      psinfo::attr::create_time | psinfo::attr::username);
    users.fill(procs);
  }
  auto started = std::chrono::steady_clock::now();
  auto since = [&started] {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - started).count();
    started = now;
    return s;
  };
  // The first frame comes soon, its CPU% over a short wait; then one per interval.
  double wait = o.first_wait;
  if (o.iterations == 1) {
    sleep_for(wait);
    std::string text;
    for (const std::string& l :
         top_frame(sampler, users, size_of_frame(false, o.batch), sort, since()))
      text += l + "\n";
    fmt::print("{}", text);
    return 0;
  }
  live_screen screen(!o.batch);
  for (long frame = 0; o.iterations == 0 || frame < o.iterations; ++frame) {
    if (screen.wait_quit(wait)) break;
    // top's keys: P (CPU%), M (memory), T (time), N (PID).
    for (char c : screen.take_keys())
      for (const top_key_names& k : top_keys)
        if (c == k.letter) sort = k.key;
    screen.draw(
        top_frame(sampler, users, size_of_frame(screen.full_screen(), o.batch), sort, since()));
    wait = o.interval;
  }
  return 0;
}

namespace {

struct io_sample {
  double create_time;
  std::uint64_t read_bytes, write_bytes;
};

std::map<long, io_sample> io_scan(std::vector<psinfo::process_info_t>* keep) {
  using psinfo::attr;
  attr attrs = attr::pid | attr::create_time | attr::io_counters;
  if (keep) attrs = attrs | attr::username | attr::cmdline | attr::name;
  std::vector<psinfo::process_info_t> procs = psinfo::process_iter(attrs);
  std::map<long, io_sample> out;
  for (const auto& p : procs)
    if (p.io_counters)  // left out where it is not permitted
      out[p.pid] = {p.create_time.value_or(0), p.io_counters->read_bytes,
                    p.io_counters->write_bytes};
  if (keep) *keep = std::move(procs);
  return out;
}

std::optional<psinfo::disk_io_counters_t> disk_totals() {
  try {
    return psinfo::disk_io_counters(true);
  } catch (const psinfo::error&) {
    return std::nullopt;
  }
}

struct io_state {
  std::map<long, io_sample> before;
  std::optional<psinfo::disk_io_counters_t> disk_before;
  std::chrono::steady_clock::time_point when;
};

std::vector<std::string> iotop_frame(io_state& s, frame_size fs) {
  std::vector<psinfo::process_info_t> procs;
  std::map<long, io_sample> after = io_scan(&procs);
  auto disk_after = disk_totals();
  const auto now = std::chrono::steady_clock::now();
  double secs = std::chrono::duration<double>(now - s.when).count();
  if (secs <= 0) secs = 1;
  auto rate = [secs](std::uint64_t a, std::uint64_t b) {
    return bytes2human(b > a ? static_cast<std::uint64_t>((b - a) / secs) : 0) + "/s";
  };
  std::vector<std::string> out;
  if (s.disk_before && disk_after)
    out.push_back(fmt::format("Total DISK READ: {} | Total DISK WRITE: {}",
                              rate(s.disk_before->read_bytes, disk_after->read_bytes),
                              rate(s.disk_before->write_bytes, disk_after->write_bytes)));
  else
    out.push_back("Total DISK READ: - | Total DISK WRITE: - (no disk counters)");
  struct row {
    std::uint64_t total;
    std::string line;
  };
  std::vector<row> rows;
  const char* templ = "{:<7} {:<8} {:>11} {:>11}  {}";
  for (const auto& p : procs) {
    auto a = after.find(p.pid);
    auto b = s.before.find(p.pid);
    if (a == after.end() || b == s.before.end()) continue;
    if (b->second.create_time != a->second.create_time) continue;  // a reused PID
    const std::uint64_t r = a->second.read_bytes > b->second.read_bytes
                                ? a->second.read_bytes - b->second.read_bytes
                                : 0;
    const std::uint64_t w = a->second.write_bytes > b->second.write_bytes
                                ? a->second.write_bytes - b->second.write_bytes
                                : 0;
    std::string cmd;
    if (p.cmdline)
      for (const auto& c : *p.cmdline) cmd += (cmd.empty() ? "" : " ") + c;
    if (cmd.empty()) cmd = p.name.value_or("?");
    for (char& ch : cmd)
      if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    cmd = printable(cmd);
    rows.push_back({r + w, fmt::format(templ, p.pid, p.username.value_or("").substr(0, 8),
                                       rate(0, r), rate(0, w), cmd)});
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const row& x, const row& y) { return x.total > y.total; });
  out.push_back(fmt::format("{} process{} whose I/O can be read, over {:.1f} s", rows.size(),
                            rows.size() == 1 ? "" : "es", secs));
  out.push_back("");
  out.push_back(fmt::format(templ, "PID", "USER", "DISK READ", "DISK WRITE", "COMMAND"));
  for (const row& r : rows) {
    if (fs.lines > 0 && out.size() >= static_cast<size_t>(fs.lines)) break;
    out.push_back(r.line);
  }
  for (std::string& l : out) l = clip(l, fs.cols);
  s.before = std::move(after);
  s.disk_before = disk_after;
  s.when = now;
  return out;
}

}  // namespace

int run_iotop(const top_options& o) {
  io_state s;
  s.before = io_scan(nullptr);
  s.disk_before = disk_totals();
  s.when = std::chrono::steady_clock::now();
  double wait = o.first_wait;
  if (o.iterations == 1) {
    sleep_for(wait);
    std::string text;
    for (const std::string& l : iotop_frame(s, size_of_frame(false, o.batch))) text += l + "\n";
    fmt::print("{}", text);
    return 0;
  }
  live_screen screen(!o.batch);
  for (long frame = 0; o.iterations == 0 || frame < o.iterations; ++frame) {
    if (screen.wait_quit(wait)) break;
    screen.take_keys();
    screen.draw(iotop_frame(s, size_of_frame(screen.full_screen(), o.batch)));
    wait = o.interval;
  }
  return 0;
}

}  // namespace psinfo_cli
