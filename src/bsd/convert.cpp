// The BSD kernels' numbers turned into psutil's results (see convert.hpp).
#include "bsd/convert.hpp"

#include <psinfo/errors.hpp>

#include <cstring>
#include <limits>

#include "util.hpp"

namespace psinfo::detail::bsd {

namespace {

constexpr std::uint64_t k_u64_max = std::numeric_limits<std::uint64_t>::max();

// a * b, saturating at UINT64_MAX (a page count from a bad read must not wrap to a small size).
std::uint64_t mul_sat(std::uint64_t a, std::uint64_t b) noexcept {
  if (a != 0 && b > k_u64_max / a) return k_u64_max;
  return a * b;
}

std::uint64_t add_sat(std::uint64_t a, std::uint64_t b) noexcept {
  return b > k_u64_max - a ? k_u64_max : a + b;
}

// The leading decimal number of s (digits only), absent when s does not start with one.
std::optional<double> leading_number(std::string_view s) {
  std::size_t i = 0;
  double v = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
  if (i == 0) return std::nullopt;
  return v;
}

}  // namespace

// ---- CPU ------------------------------------------------------------------------------------

cpu_ticks operator+(const cpu_ticks& a, const cpu_ticks& b) noexcept {
  return {a.user + b.user, a.nice + b.nice, a.sys + b.sys, a.intr + b.intr, a.idle + b.idle};
}

cpu_times_t cpu_times_from_ticks(const cpu_ticks& t, int stathz) {
  if (stathz <= 0)
    throw invalid_argument("cpu_times: the statistics clock rate must be > 0 (got " +
                           std::to_string(stathz) + ")");
  const double hz = stathz;
  cpu_times_t c;
  c.user = static_cast<double>(t.user) / hz;
  c.system = static_cast<double>(t.sys) / hz;
  c.idle = static_cast<double>(t.idle) / hz;
  c.nice = static_cast<double>(t.nice) / hz;
  c.irq = static_cast<double>(t.intr) / hz;
  return c;
}

std::pair<std::optional<double>, std::optional<double>> freq_levels_min_max(std::string_view s) {
  // Levels are separated by single spaces; each starts with its MHz.
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.empty()) return {};
  std::size_t last_space = s.rfind(' ');
  std::string_view first = s.substr(0, s.find(' '));
  std::string_view last = last_space == std::string_view::npos ? s : s.substr(last_space + 1);
  return {leading_number(last), leading_number(first)};
}

// ---- memory ---------------------------------------------------------------------------------

namespace {

// What both BSDs compute from their counters once they are bytes (psutil's formulas).
virtual_memory_t vm_from_bytes(std::uint64_t total, std::uint64_t active, std::uint64_t inactive,
                               std::uint64_t wired, std::uint64_t free, std::uint64_t cached) {
  virtual_memory_t m;
  m.total = total;
  m.available = add_sat(add_sat(inactive, cached), free);
  m.used = add_sat(add_sat(active, wired), cached);
  m.free = free;
  m.active = active;
  m.inactive = inactive;
  m.wired = wired;
  const double avail = static_cast<double>(m.available);
  m.percent = percent1(static_cast<double>(total) - avail, static_cast<double>(total));
  return m;
}

}  // namespace

virtual_memory_t virtual_memory_from(const freebsd_vm& v) {
  const std::uint64_t ps = v.page_size;
  const std::uint64_t cached = v.cache ? mul_sat(*v.cache, ps) : 0;
  virtual_memory_t m = vm_from_bytes(v.physmem, mul_sat(v.active, ps), mul_sat(v.inactive, ps),
                                     mul_sat(v.wired, ps), mul_sat(v.free, ps), cached);
  if (v.cache) m.cached = cached;
  m.buffers = v.bufspace;
  m.shared = mul_sat(add_sat(v.vmshr, v.rmshr), ps);
  return m;
}

virtual_memory_t virtual_memory_from(const openbsd_vm& v) {
  const std::uint64_t ps = v.page_size;
  const std::uint64_t cached = mul_sat(v.bufpages, ps);
  virtual_memory_t m = vm_from_bytes(v.physmem, mul_sat(v.active, ps), mul_sat(v.inactive, ps),
                                     mul_sat(v.wired, ps), mul_sat(v.free, ps), cached);
  m.buffers = cached;
  m.cached = cached;
  m.shared = mul_sat(v.rmshr, ps);
  return m;
}

swap_memory_t swap_memory_from(std::uint64_t total, std::uint64_t used, std::uint64_t unit,
                               std::uint64_t pages_in, std::uint64_t pages_out,
                               std::uint64_t page_size) {
  swap_memory_t s;
  if (used > total) used = total;  // the counters are read at different instants
  s.total = mul_sat(total, unit);
  s.used = mul_sat(used, unit);
  s.free = mul_sat(total - used, unit);
  s.percent = percent1(static_cast<double>(s.used), static_cast<double>(s.total));
  s.sin = mul_sat(pages_in, page_size);
  s.sout = mul_sat(pages_out, page_size);
  return s;
}

std::pair<std::uint64_t, std::uint64_t> swap_totals(const std::vector<swap_device>& devices) {
  std::uint64_t total = 0, used = 0;
  for (const swap_device& d : devices) {
    if (!d.enabled) continue;
    total = add_sat(total, d.blocks);
    used = add_sat(used, d.in_use < d.blocks ? d.in_use : d.blocks);
  }
  return {total, used};
}

// ---- disks ----------------------------------------------------------------------------------

std::uint64_t bintime_ms(std::int64_t sec, std::uint64_t frac) noexcept {
  if (sec < 0) return 0;
  // The top 32 bits of the fraction in nanoseconds, then milliseconds (psutil's
  // PSUTIL_BT2MSEC): exact to well under a millisecond.
  const std::uint64_t ns = (1000000000ull * (frac >> 32)) >> 32;
  return add_sat(mul_sat(static_cast<std::uint64_t>(sec), 1000), ns / 1000000);
}

disk_io_counters_t io_counters_from(const devstat_entry& d) {
  disk_io_counters_t c;
  c.read_count = d.read_ops;
  c.write_count = d.write_ops;
  c.read_bytes = d.read_bytes;
  c.write_bytes = d.write_bytes;
  c.read_time = bintime_ms(d.read_sec, d.read_frac);
  c.write_time = bintime_ms(d.write_sec, d.write_frac);
  c.busy_time = bintime_ms(d.busy_sec, d.busy_frac);
  return c;
}

disk_io_counters_t io_counters_from(const diskstats_entry& d) {
  disk_io_counters_t c;
  c.read_count = d.rxfer;
  c.write_count = d.wxfer;
  c.read_bytes = d.rbytes;
  c.write_bytes = d.wbytes;
  if (d.busy_sec >= 0 && d.busy_usec >= 0)
    c.busy_time = add_sat(mul_sat(static_cast<std::uint64_t>(d.busy_sec), 1000),
                          static_cast<std::uint64_t>(d.busy_usec) / 1000);
  return c;
}

std::string fixed_string(const char* s, std::size_t size) {
  const void* nul = std::memchr(s, '\0', size);
  return std::string(s, nul ? static_cast<const char*>(nul) - s : size);
}

std::string device_name(const char* name, std::size_t size, long unit) {
  return fixed_string(name, size) + std::to_string(unit);
}

// ---- processes ------------------------------------------------------------------------------

const char* status_name(flavor f, int stat) noexcept {
  switch (stat) {
    case 1:
      return "idle";  // SIDL
    case 2:
      return f == flavor::openbsd ? "waking" : "running";  // SRUN
    case 3:
      return "sleeping";  // SSLEEP
    case 4:
      return "stopped";  // SSTOP
    case 5:
      return "zombie";  // SZOMB
    case 6:
      return f == flavor::openbsd ? "zombie" : "waiting";  // SDEAD / SWAIT
    case 7:
      return f == flavor::openbsd ? "running" : "locked";  // SONPROC / SLOCK
    default:
      return "?";
  }
}

bool is_zombie(flavor f, int stat) noexcept {
  return stat == 5 || (f == flavor::openbsd && stat == 6);
}

memory_info_t memory_info_from(const kproc& k, std::uint64_t page_size) {
  memory_info_t m;
  m.rss = mul_sat(k.rss, page_size);
  m.vms = k.vsize ? *k.vsize : mul_sat(add_sat(add_sat(k.text, k.data), k.stack), page_size);
  m.text = mul_sat(k.text, page_size);
  m.data = mul_sat(k.data, page_size);
  return m;
}

memory_info_ex_t memory_info_ex_from(const kproc& k, std::uint64_t page_size) {
  memory_info_ex_t m;
  m.info = memory_info_from(k, page_size);
  m.stack = mul_sat(k.stack, page_size);
  m.peak_rss = mul_sat(k.maxrss_kib, 1024);
  return m;
}

process_cpu_times_t cpu_times_from(const kproc& k) {
  process_cpu_times_t t;
  t.user = us_to_seconds(k.utime_us);
  t.system = us_to_seconds(k.stime_us);
  t.children_user = us_to_seconds(k.cutime_us);
  t.children_system = us_to_seconds(k.cstime_us);
  return t;
}

std::optional<int> cpu_num_from(flavor f, const kproc& k) {
  if (f != flavor::freebsd) return std::nullopt;
  const int cpu = (k.stat == 2 && k.oncpu >= 0) ? k.oncpu : k.lastcpu;
  if (cpu < 0) return std::nullopt;
  return cpu;
}

// ---- sensors --------------------------------------------------------------------------------

double decikelvin_to_celsius(int dk) noexcept { return (dk - 2731) / 10.0; }

sensors_temperature_t core_temperature(int cpu, int temp_dk, std::optional<int> tjmax_dk) {
  sensors_temperature_t t;
  t.label = "Core " + std::to_string(cpu);
  t.current = decikelvin_to_celsius(temp_dk);
  if (tjmax_dk) {
    const double high = decikelvin_to_celsius(*tjmax_dk);
    if (high > 0) {
      t.high = high;
      t.critical = high;
    }
  }
  return t;
}

sensors_battery_t battery_from(int life, int minutes_left, int acline) {
  sensors_battery_t b;
  b.percent = life;
  b.power_plugged = acline == 1;
  if (acline == 1)
    b.secsleft = power_time_unlimited;
  else if (minutes_left < 0)
    b.secsleft = power_time_unknown;
  else
    b.secsleft = static_cast<long>(minutes_left) * 60;
  return b;
}

// ---- users ----------------------------------------------------------------------------------

std::optional<user_t> user_from_utmp(const std::string& line, const std::string& name,
                                     const std::string& host, std::int64_t time) {
  if (name.empty() || line == "~") return std::nullopt;
  user_t u;
  u.name = name;
  if (!line.empty()) u.terminal = line;
  u.host = (host.empty() || host == ":0" || host == ":0.0") ? "localhost" : host;
  u.started = static_cast<double>(time);
  return u;
}

// ---- lists of strings -----------------------------------------------------------------------

std::vector<std::string> split_nul_list(std::string_view buf) {
  std::vector<std::string> out;
  while (!buf.empty()) {
    std::size_t nul = buf.find('\0');
    if (nul == std::string_view::npos) {
      out.emplace_back(buf);
      break;
    }
    out.emplace_back(buf.substr(0, nul));
    buf.remove_prefix(nul + 1);
  }
  return out;
}

std::map<std::string, std::string> environ_from(const std::vector<std::string>& entries) {
  std::map<std::string, std::string> env;
  for (const std::string& e : entries) {
    std::size_t eq = e.find('=');
    if (eq == std::string::npos) continue;
    env[e.substr(0, eq)] = e.substr(eq + 1);
  }
  return env;
}

std::vector<std::string> split_pointer_list(std::string_view buf, std::uint64_t base,
                                            std::size_t pointer_size) {
  std::vector<std::string> out;
  if (pointer_size != 4 && pointer_size != 8) return out;
  for (std::size_t off = 0; off + pointer_size <= buf.size(); off += pointer_size) {
    std::uint64_t p = 0;
    if (pointer_size == 8) {
      std::memcpy(&p, buf.data() + off, 8);
    } else {
      std::uint32_t p32;
      std::memcpy(&p32, buf.data() + off, 4);
      p = p32;
    }
    if (p == 0) break;
    if (p < base || p - base >= buf.size()) break;
    const std::size_t at = static_cast<std::size_t>(p - base);
    const std::size_t nul = buf.find('\0', at);
    if (nul == std::string_view::npos) break;
    out.emplace_back(buf.substr(at, nul - at));
  }
  return out;
}

}  // namespace psinfo::detail::bsd
