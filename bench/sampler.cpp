#include "sampler.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "linux/disk_parse.hpp"
#include "linux/net_parse.hpp"
#include "linux/parse.hpp"
#include "linux/procfs.hpp"

namespace proto {
namespace {

// One pass over a diskstats line: numbers are accumulated as they are scanned, no token array,
// no second pass. Handles the 14- and >=18-field layouts (every kernel since 2.6.25); returns
// false for anything else, and the caller falls back to psinfo's general parser.
bool fast_diskstats_line(std::string_view line, std::string_view& name,
                         psinfo::disk_io_counters_t& out) {
  std::uint64_t v[14];
  std::size_t n = 0;
  const char* p = line.data();
  const char* const end = p + line.size();
  for (;;) {
    while (p != end && (*p == ' ' || *p == '\t')) ++p;
    if (p == end) break;
    if (n == 2) {
      const char* b = p;
      while (p != end && *p != ' ' && *p != '\t') ++p;
      name = std::string_view(b, static_cast<std::size_t>(p - b));
    } else {
      std::uint64_t x = 0;
      const char* b = p;
      for (; p != end && *p >= '0' && *p <= '9'; ++p) x = x * 10 + static_cast<unsigned>(*p - '0');
      if (p == b || (p != end && *p != ' ' && *p != '\t') || p - b > 19) return false;
      if (n < 14) v[n] = x;
    }
    ++n;
  }
  if (n != 14 && n < 18) return false;
  out = psinfo::disk_io_counters_t{};
  out.read_count = v[3];
  out.read_merged_count = v[4];
  out.read_bytes = v[5] * 512;
  out.read_time = v[6];
  out.write_count = v[7];
  out.write_merged_count = v[8];
  out.write_bytes = v[9] * 512;
  out.write_time = v[10];
  out.busy_time = v[12];
  return true;
}

bool diskstats_line(std::string_view line, std::string_view& name,
                    psinfo::disk_io_counters_t& out) {
  if (line.empty()) return false;
  return fast_diskstats_line(line, name, out) ||
         psinfo::detail::parse_diskstats_line(line, name, out);
}

}  // namespace

sampler::~sampler() { close(); }

bool sampler::same_as_psinfo(std::string_view line) {
  std::string_view n1, n2;
  psinfo::disk_io_counters_t a, b;
  bool ok1 = fast_diskstats_line(line, n1, a);
  bool ok2 = psinfo::detail::parse_diskstats_line(line, n2, b);
  if (!ok1) return true;  // the fallback is psinfo's parser itself
  return ok2 && n1 == n2 && a.read_count == b.read_count && a.write_count == b.write_count &&
         a.read_bytes == b.read_bytes && a.write_bytes == b.write_bytes &&
         a.read_time == b.read_time && a.write_time == b.write_time &&
         a.read_merged_count == b.read_merged_count &&
         a.write_merged_count == b.write_merged_count && a.busy_time == b.busy_time;
}

void sampler::close() {
  for (int& fd : fd_) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

std::string_view sampler::read(which w) {
  static const char* const names[count_] = {"stat", "meminfo", "diskstats", "net/dev"};
  int& fd = fd_[w];
  if (fd < 0) {
    fd = ::open(psinfo::detail::proc_path(names[w]).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw psinfo::error(std::string("cannot open /proc/") + names[w]);
  }
  std::string& b = buf_[w];
  if (b.size() < 4096) b.resize(4096);
  std::size_t len = 0;
  for (;;) {
    if (len == b.size()) b.resize(b.size() * 2);
    ssize_t n = ::pread(fd, &b[len], b.size() - len, static_cast<off_t>(len));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw psinfo::error(std::string("cannot read /proc/") + names[w]);
    }
    if (n == 0) break;
    len += static_cast<std::size_t>(n);
  }
  return std::string_view(b.data(), len);
}

psinfo::cpu_times_t sampler::cpu_times() {
  return psinfo::detail::parse_stat_cpu_total(read(stat_), psinfo::detail::clock_ticks());
}

std::vector<psinfo::cpu_times_t> sampler::cpu_times_percpu() {
  return psinfo::detail::parse_stat_cpu_percpu(read(stat_), psinfo::detail::clock_ticks());
}

psinfo::virtual_memory_t sampler::virtual_memory() {
  auto mi = psinfo::detail::parse_meminfo(read(meminfo_));
  return psinfo::detail::compute_virtual_memory(mi, std::nullopt);
}

std::map<std::string, psinfo::disk_io_counters_t> sampler::disk_io_counters_perdisk() {
  std::map<std::string, psinfo::disk_io_counters_t> out;
  std::string_view text = read(diskstats_), line, name;
  while (psinfo::detail::next_line(text, line)) {
    psinfo::disk_io_counters_t c;
    if (diskstats_line(line, name, c)) out[std::string(name)] = c;
  }
  return out;
}

const sampler::disk_table& sampler::disk_io_counters_perdisk_ref() {
  std::string_view text = read(diskstats_), line, name;
  std::size_t seen = 0;
  while (psinfo::detail::next_line(text, line)) {
    psinfo::disk_io_counters_t c;
    if (!diskstats_line(line, name, c)) continue;
    auto it = disks_.find(name);
    if (it == disks_.end()) it = disks_.emplace(std::string(name), c).first;
    else it->second = c;
    ++seen;
  }
  if (seen != disks_.size()) {  // a disk went away: rebuild (rare)
    disks_.clear();
    return disk_io_counters_perdisk_ref();
  }
  return disks_;
}

std::map<std::string, psinfo::net_io_counters_t> sampler::net_io_counters_pernic() {
  return psinfo::detail::parse_net_dev(read(netdev_));
}

}  // namespace proto
