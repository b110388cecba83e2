// Linux half of psinfo::sampler: the /proc files a monitor re-reads stay open and are re-read
// with pread at offset 0. procfs regenerates a seq_file's text when it is read from offset 0,
// so each read is fresh; what is saved is the path walk, the struct file and the seq_file set
// up and torn down by every open/close (about 1 us a file). The text goes to the same parsers
// and result builders as the free functions' (linux/results.hpp), so the results are equal.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <vector>

#include "linux/disk_parse.hpp"

#include "linux/net_parse.hpp"
#include "linux/parse.hpp"
#include "linux/procfs.hpp"
#include "linux/results.hpp"
#include "paths.hpp"
#include "platform.hpp"
#include "util.hpp"

namespace psinfo::detail {

namespace {
enum kept_file { k_stat, k_meminfo, k_vmstat, k_diskstats, k_netdev, k_count };
constexpr const char* kept_names[k_count] = {"stat", "meminfo", "vmstat", "diskstats", "net/dev"};

// The per-device map of the previous read, with its entries in file order and the line each
// was read from: while the file lists the same names in the same order (the usual case), a
// new read only overwrites the values, instead of building the map again (a node, a string and
// a tree insert per device), and a line byte-for-byte the same as before (an idle device: loop
// devices, a NIC without traffic) is not parsed again.
template <class T>
struct kept_map {
  std::map<std::string, T> map;
  std::vector<typename std::map<std::string, T>::iterator> order;
  std::vector<std::string> lines;  // lines[i]: the text order[i]'s value was parsed from
  bool reuse_lines = false;        // no name repeated: each line owns its entry's value

  // The entries of text after its first `skip` lines; parse(line, name, value) reads one line
  // (false: a blank line, skipped; a malformed one throws), as parse_diskstats_line.
  template <class Parse>
  void update(std::string_view text, int skip, Parse&& parse) {
    std::string_view line, name;
    for (int k = 0; k < skip && next_line(text, line); ++k) {
    }
    const std::string_view data = text;
    T v{};
    std::size_t i = 0;
    bool same = true;
    while (same && next_line(text, line)) {
      if (reuse_lines && i < order.size() && lines[i] == line) {
        ++i;  // unchanged: so is its value
        continue;
      }
      if (!parse(line, name, v)) continue;
      if (i < order.size() && same_name(order[i]->first, name)) {
        order[i]->second = v;
        lines[i].assign(line.data(), line.size());
        ++i;
      } else {
        same = false;
      }
    }
    if (same && i == order.size()) return;
    // Not the same devices: the map built again (as the free functions do, later lines win).
    order.clear();
    map.clear();
    lines.clear();
    reuse_lines = false;
    text = data;
    while (next_line(text, line)) {
      if (!parse(line, name, v)) continue;
      order.push_back(map.insert_or_assign(map.end(), std::string(name), v));
      lines.emplace_back(line);
    }
    // A repeated name: its entry takes the last line's value, which a skipped earlier line
    // must not leave behind; every line is parsed then.
    reuse_lines = map.size() == order.size();
  }

  // out = map, overwriting the values of out's nodes in place when it has the same names (the
  // caller's map of the previous tick); otherwise a copy (which reuses out's nodes too).
  void copy_to(std::map<std::string, T>& out) const {
    if (out.size() == map.size()) {
      auto o = out.begin();
      auto m = map.begin();
      for (; m != map.end() && same_name(o->first, m->first); ++m, ++o) o->second = m->second;
      if (m == map.end()) return;
    }
    out = map;
  }
};
}  // namespace

struct sampler_backend {
  struct kept {
    int fd = -1;
    std::string path;  // for messages
    file_buffer buf;   // grows to the largest text seen, kept between reads
  };
  kept files[k_count];
  kept_map<disk_io_counters_t> perdisk;  // disk_io_counters(perdisk=true)
  kept_map<net_io_counters_t> nics;
  // The procfs root the descriptors were opened under: set_procfs_path() makes a new string,
  // so a different pointer means "reopen under the new root".
  std::shared_ptr<const std::string> root;

  ~sampler_backend() { close(*this); }
};

void sampler_backend_deleter::operator()(sampler_backend* b) const noexcept { delete b; }

sampler_backend_ptr new_sampler_backend() { return sampler_backend_ptr(new sampler_backend); }

void close(sampler_backend& b) noexcept {
  for (sampler_backend::kept& k : b.files) {
    if (k.fd >= 0) ::close(k.fd);
    k.fd = -1;
  }
}

namespace {

// The whole text of file f, from a descriptor opened on first use (or after a root change).
// False with errno in *err when it cannot be opened or read (the descriptor is then dropped, so
// the next call opens the path again).
bool try_read(sampler_backend& b, kept_file f, int* err) {
  std::shared_ptr<const std::string> root = procfs_root();
  if (root != b.root) {
    close(b);
    b.root = std::move(root);
  }
  sampler_backend::kept& k = b.files[f];
  if (k.fd < 0) {
    k.path = *b.root + '/' + kept_names[f];
    k.fd = ::open(k.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (k.fd < 0) {
      *err = errno;
      return false;
    }
  }
  if (read_fd(k.fd, k.buf, true, err)) return true;
  ::close(k.fd);  // the next call opens the path again
  k.fd = -1;
  return false;
}

// As read_file(): throws what the free functions throw for a file that cannot be read.
std::string_view read(sampler_backend& b, kept_file f) {
  int err = 0;
  if (!try_read(b, f, &err)) throw_errno(err, "cannot read", *b.root + '/' + kept_names[f]);
  return b.files[f].buf.view();
}

}  // namespace

cpu_times_t cpu_times(sampler_backend& b) {
  const std::string_view text = read(b, k_stat);
  return parse_named([&] { return b.files[k_stat].path; },
                     [&] { return parse_stat_cpu_total(text, clock_ticks()); });
}

std::vector<cpu_times_t> cpu_times_percpu(sampler_backend& b) {
  const std::string_view text = read(b, k_stat);
  return parse_named([&] { return b.files[k_stat].path; },
                     [&] { return parse_stat_cpu_percpu(text, clock_ticks()); });
}

cpu_stats_t cpu_stats(sampler_backend& b) {
  std::string_view text = read(b, k_stat);
  return cpu_stats_from(text, b.files[k_stat].path);
}

// One sysinfo(2) call on the real /proc: nothing to keep open.
std::array<double, 3> getloadavg(sampler_backend&) { return getloadavg(); }

virtual_memory_t virtual_memory(sampler_backend& b) {
  const meminfo mi = parse_meminfo(read(b, k_meminfo));
  return parse_named([&] { return b.files[k_meminfo].path; },
                     [&] { return virtual_memory_from(mi); });
}

swap_memory_t swap_memory(sampler_backend& b) {
  meminfo mi = parse_meminfo(read(b, k_meminfo));
  int err = 0;
  if (!try_read(b, k_vmstat, &err)) return swap_memory_from(mi, nullptr);
  vmstat_swap v = parse_vmstat_swap(b.files[k_vmstat].buf.view());
  return swap_memory_from(mi, &v);
}

void disk_io_counters(sampler_backend& b, bool perdisk,
                      std::map<std::string, disk_io_counters_t>& out) {
  int err = 0;
  if (try_read(b, k_diskstats, &err)) {
    const std::string_view text = b.files[k_diskstats].buf.view();
    if (!perdisk) {
      diskstats_counters(text, perdisk, out);
      return;
    }
    b.perdisk.update(text, 0, parse_diskstats_line);
    b.perdisk.copy_to(out);
    return;
  }
  // No diskstats (the /sys/block fallback) or an error: the free function's answer, or its error.
  out = disk_io_counters(perdisk);
}

void net_io_counters(sampler_backend& b, std::map<std::string, net_io_counters_t>& out) {
  const std::string_view text = read(b, k_netdev);
  b.nics.update(text, 2, parse_net_dev_line);  // after the two header lines, as for_each_net_dev
  b.nics.copy_to(out);
}

}  // namespace psinfo::detail
