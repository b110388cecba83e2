// The fuzz targets (see targets.hpp). A target calls every pure parser of one kind of kernel
// text on the input, and, where the parser's contract promises something that does not depend
// on the text being well formed, checks it (a failed check aborts: libFuzzer reports it as a
// crash). Only psinfo::error may leave a parser; any other exception escapes to libFuzzer.
#include "targets.hpp"

#include <psinfo/errors.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "check.hpp"
#include "linux/disk_parse.hpp"
#include "linux/net_parse.hpp"
#include "linux/netlink.hpp"
#include "linux/parse.hpp"
#include "linux/process_mem_parse.hpp"
#include "linux/process_parse.hpp"
#include "linux/sensors_parse.hpp"
#include "targets_bsd.hpp"
#include "targets_macos.hpp"

namespace psinfo_fuzz {
namespace {

using namespace psinfo;
using namespace psinfo::detail;

// /proc/stat: the cpu lines (every line, as a cpu line), the aggregate, per-CPU, counters.
void fuzz_stat(std::string_view d) {
  const double tck = 100.0;
  std::string_view text = d, line;
  while (next_line(text, line)) {
    auto t = parse_stat_cpu_line(line, tck);
    (void)t;
  }
  guarded([&] { (void)parse_stat_cpu_total(d, tck); });
  guarded([&] {
    auto v = parse_stat_cpu_percpu(d, tck);
    FUZZ_CHECK(static_cast<int>(v.size()) <= count_stat_cpus(d));
  });
  guarded([&] { (void)parse_stat_counters(d); });
}

// /proc/meminfo and virtual_memory's arithmetic on it.
void fuzz_meminfo(std::string_view d) {
  meminfo mi;
  guarded([&] { mi = parse_meminfo(d); });
  (void)needs_available_estimate(mi);
  guarded([&] { (void)compute_virtual_memory(mi, std::nullopt); });
  guarded([&] { (void)compute_virtual_memory(mi, std::uint64_t{1} << 20); });
  guarded([&] { (void)compute_virtual_memory(mi, UINT64_MAX); });
}

void fuzz_zoneinfo(std::string_view d) {
  guarded([&] { (void)parse_zoneinfo_low(d); });
}

void fuzz_vmstat(std::string_view d) {
  guarded([&] { (void)parse_vmstat_swap(d); });
}

void fuzz_cpuinfo(std::string_view d) {
  guarded([&] { (void)parse_cpuinfo_mhz(d); });
  guarded([&] { FUZZ_CHECK(count_cpuinfo_processors(d) >= 0); });
  guarded([&] { FUZZ_CHECK(count_cpuinfo_cores(d) >= 0); });
}

// A CPU list: the result is documented as ascending.
void fuzz_cpu_list(std::string_view d) {
  guarded([&] {
    auto v = parse_cpu_list(d);
    for (std::size_t i = 1; i < v.size(); ++i) FUZZ_CHECK(v[i - 1] <= v[i]);
  });
}

void fuzz_loadavg(std::string_view d) {
  guarded([&] { (void)parse_loadavg(d); });
}

// /proc/diskstats lines, a sysfs block stat, /proc/filesystems, /proc/partitions, uevent.
void fuzz_diskstats(std::string_view d) {
  std::string_view text = d, line;
  while (next_line(text, line)) {
    guarded([&] {
      std::string_view name;
      disk_io_counters_t c;
      (void)parse_diskstats_line(line, name, c);
    });
  }
  guarded([&] { (void)parse_sysfs_block_stat(d); });
  guarded([&] { (void)parse_physical_filesystems(d); });
  guarded([&] {
    (void)find_partition_name(d, 8, 0);
    (void)find_partition_name(d, 0, 0);
    (void)find_partition_name(d, 259, 1);
  });
  guarded([&] { (void)parse_uevent_devname(d); });
}

// A mount table, its line splitter and getmntent's unescaping.
void fuzz_mounts(std::string_view d) {
  guarded([&] { (void)parse_mount_table(d); });
  std::string_view text = d, line;
  while (next_line(text, line)) {
    std::string_view f[4];
    if (split_mount_line(line, f))
      for (auto& s : f) FUZZ_CHECK(decode_mount_field(s).size() <= s.size());
  }
}

void fuzz_net_dev(std::string_view d) {
  guarded([&] { (void)parse_net_dev(d); });
  std::size_t n = 0;
  for_each_net_dev_name(d, [&](std::string_view name) {
    FUZZ_CHECK(name.size() <= d.size());
    ++n;
  });
}

// /proc/net/tcp, tcp6, udp, udp6 (both families and types on the same text), and the
// formatting of the addresses found.
void fuzz_net_inet(std::string_view d) {
  std::vector<inet_socket> out;
  for (auto fam : {address_family::inet, address_family::inet6})
    for (auto type : {socket_type::stream, socket_type::dgram})
      guarded([&] { parse_proc_net_inet(d, fam, type, out); });
  for (const auto& s : out) {
    (void)format_ip(s.family, s.laddr.data());
    (void)format_ip(s.family, s.raddr.data());
    (void)tcp_status_name(s.state);
  }
  // The raw bytes as addresses, and every state number.
  if (d.size() >= 16) {
    const auto* p = reinterpret_cast<const unsigned char*>(d.data());
    (void)format_ip(address_family::inet, p);
    (void)format_ip(address_family::inet6, p);
  }
  if (d.size() >= 4) {
    int st;
    std::memcpy(&st, d.data(), sizeof st);
    (void)tcp_status_name(st);
  }
}

// /proc/net/unix, and the sun_path bytes of a sock_diag UNIX_DIAG_NAME attribute.
void fuzz_net_unix(std::string_view d) {
  std::vector<unix_socket> out;
  guarded([&] { parse_proc_net_unix(d, out); });
  (void)unix_path_from_sun_path(d);
}

// A sock_diag reply buffer (what recv() gives sock_diag::dump), walked as inet_diag and as
// unix_diag messages. The bytes are copied to an nlmsghdr-aligned buffer, as recv's is; the
// sequence number asked for is the first message's, so the messages are really parsed.
void fuzz_sock_diag(std::string_view d) {
  std::vector<std::uint64_t> aligned((d.size() + 7) / 8 + 1);
  std::memcpy(aligned.data(), d.data(), d.size());
  const char* buf = reinterpret_cast<const char*>(aligned.data());
  unsigned seq = 0;
  if (d.size() >= 12) std::memcpy(&seq, buf + 8, sizeof seq);  // nlmsghdr.nlmsg_seq
  std::vector<inet_socket> inet;
  std::vector<unix_socket> unix_;
  (void)walk_inet_diag(buf, d.size(), seq, socket_type::stream, true, true, inet);
  (void)walk_unix_diag(buf, d.size(), seq, unix_);
  FUZZ_CHECK(inet.size() <= d.size() / 16);
  FUZZ_CHECK(unix_.size() <= d.size() / 16);
}

// /proc/<pid>/stat, with every state char and the comm name.
void fuzz_pid_stat(std::string_view d) {
  proc_stat st;
  if (parse_proc_stat(d, st)) {
    FUZZ_CHECK(st.name.size() <= d.size());
    (void)proc_status_string(st.state);
  }
  auto o = parse_proc_stat(d);
  FUZZ_CHECK(o.has_value() == parse_proc_stat(d, st));
  char c = parse_proc_stat_state(d);
  (void)proc_status_string(c);
  if (!d.empty()) (void)proc_status_string(d.front());
}

void fuzz_pid_status(std::string_view d) {
  unsigned want = take_byte(d) & status_all;
  (void)parse_proc_status(d, want);
  (void)parse_proc_status(d);
  (void)parse_proc_status_tgid(d);
}

void fuzz_pid_statm(std::string_view d) {
  auto m = parse_proc_statm(d);
  if (m) {
    (void)statm_to_memory_info(*m, 4096);
    (void)statm_to_memory_info(*m, 65536);
    (void)statm_to_memory_info(*m, UINT64_MAX);
  }
}

void fuzz_pid_io(std::string_view d) {
  guarded([&] { (void)parse_proc_io(d); });
}

// cmdline / environ (NUL-separated), psutil's long-name rule and readlink cleanup.
void fuzz_pid_cmdline(std::string_view d) {
  auto args = parse_proc_cmdline(d);
  // environ against psutil's loop: up to an empty or unterminated entry, "k=v" with k not
  // empty, split at the first '=', the last of a key wins.
  std::map<std::string, std::string> want;
  for (std::string_view rest = d;;) {
    const std::size_t nul = rest.find('\0');
    if (nul == 0 || nul == std::string_view::npos) break;
    const std::string_view item = rest.substr(0, nul);
    const std::size_t eq = item.find('=');
    if (eq != 0 && eq != std::string_view::npos)
      want[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
    rest.remove_prefix(nul + 1);
  }
  FUZZ_CHECK(parse_proc_environ(d) == want);
  std::string_view comm = d.substr(0, 15);
  (void)long_process_name(comm, args);
  (void)long_process_name(d, args);
  auto t1 = clean_link_target(d, [](const std::string&) { return false; });
  auto t2 = clean_link_target(d, [](const std::string&) { return true; });
  FUZZ_CHECK(t1.size() <= d.size() && t2.size() <= d.size());
}

bool fake_exists(const std::string& path) { return path.size() % 2 == 0; }

// smaps (per mapping and grouped), its totals, smaps_rollup.
void fuzz_smaps(std::string_view d) {
  guarded([&] { (void)parse_smaps_rollup(d); });
  guarded([&] { (void)parse_smaps_totals(d); });
  for (bool grouped : {false, true})
    guarded([&] {
      std::vector<memory_map_t> out;
      parse_smaps(d, grouped, out, fake_exists);
    });
}

void fuzz_fdinfo(std::string_view d) {
  guarded([&] {
    auto f = parse_fdinfo(d);
    (void)file_mode(f.flags);
  });
  if (d.size() >= 4) {
    int flags;
    std::memcpy(&flags, d.data(), sizeof flags);
    (void)file_mode(flags);
  }
}

// sysfs sensor values and the battery arithmetic. The input is split at '\n' into the files
// a battery has; the first byte says which of them exist.
void fuzz_sensors(std::string_view d) {
  using namespace psinfo::detail::sensors;
  (void)py_float(d);
  (void)py_int(d);
  (void)strip(d);
  (void)cut_at_underscore(d);
  (void)matches_prefix_underscore(d, "temp");
  (void)trip_point_key(d);
  (void)supply_value::from(d);

  unsigned present = take_byte(d);
  std::string_view parts[8];
  std::string_view text = d, line;
  for (auto& p : parts) {
    if (!next_line(text, line)) break;
    p = line;
  }
  battery_files f;
  f.name = std::string(parts[0]);
  auto value = [&](int i) {
    return (present >> i) & 1 ? supply_value::from(parts[i]) : supply_value{};
  };
  f.now = value(1);
  f.power = value(2);
  f.full = value(3);
  f.tte = value(4);
  if ((present >> 5) & 1) f.capacity = std::string(parts[5]);
  f.online = value(6);
  if ((present >> 7) & 1) f.status = std::string(parts[7]);
  guarded([&] {
    auto b = compute_battery(f);
    if (b) (void)b->secsleft;
  });
}

const target kTargets[] = {
    {"stat", fuzz_stat, "*/proc/stat"},
    {"meminfo", fuzz_meminfo, "*/meminfo"},
    {"zoneinfo", fuzz_zoneinfo, "*/zoneinfo"},
    {"vmstat", fuzz_vmstat, "*/proc/vmstat"},
    {"cpuinfo", fuzz_cpuinfo, "*/cpuinfo"},
    {"cpu_list", fuzz_cpu_list,
     "*/cpu/online */cpu/offline */cpu/possible */cpu/present */cpulist *cpus_list"},
    {"loadavg", fuzz_loadavg, "*/loadavg"},
    {"diskstats", fuzz_diskstats, "*/diskstats */partitions */filesystems */uevent */block/*/stat"},
    {"mounts", fuzz_mounts, "*/mounts */mountinfo */mtab"},
    {"net_dev", fuzz_net_dev, "*/net/dev"},
    {"net_inet", fuzz_net_inet, "*/net/tcp */net/tcp6 */net/udp */net/udp6"},
    {"net_unix", fuzz_net_unix, "*/net/unix"},
    {"pid_stat", fuzz_pid_stat, "*/proc/[0-9]*/stat */proc/self/stat */task/*/stat"},
    {"pid_status", fuzz_pid_status, "*/status"},
    {"pid_statm", fuzz_pid_statm, "*/statm"},
    {"pid_io", fuzz_pid_io, "*/proc/*/io"},
    {"pid_cmdline", fuzz_pid_cmdline, "*/cmdline */environ */comm"},
    {"smaps", fuzz_smaps, "*/smaps */smaps_rollup"},
    {"fdinfo", fuzz_fdinfo, "*/fdinfo/*"},
    {"sensors", fuzz_sensors,
     "*/hwmon*/*_input */hwmon*/*_max */power_supply/*/* */thermal_zone*/temp"},
    {"sock_diag", fuzz_sock_diag, ""},
    // The BSD backend's table parsers (targets_bsd.cpp); seeds in fuzz/regressions/bsd_*/.
    {"bsd_pcblist", fuzz_bsd_pcblist, ""},
    {"bsd_unpcblist", fuzz_bsd_unpcblist, ""},
    {"bsd_xfile", fuzz_bsd_xfile, ""},
    {"bsd_kinfo_file", fuzz_bsd_kinfo_file, ""},
    {"bsd_vmmap", fuzz_bsd_vmmap, ""},
    {"bsd_devstat", fuzz_bsd_devstat, ""},
    {"bsd_utmp", fuzz_bsd_utmp, ""},
    {"bsd_strings", fuzz_bsd_strings, ""},
    // The macOS backend's buffer parsers (targets_macos.cpp); seeds in fuzz/regressions/.
    {"procargs", fuzz_procargs, ""},
    {"iflist2", fuzz_iflist2, ""},
};

}  // namespace

const target* targets(std::size_t* n) {
  *n = sizeof kTargets / sizeof kTargets[0];
  return kTargets;
}

const target* find_target(std::string_view name) {
  for (const auto& t : kTargets)
    if (name == t.name) return &t;
  return nullptr;
}

}  // namespace psinfo_fuzz
