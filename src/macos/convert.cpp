// macOS: the pure conversions (see convert.hpp).
#include "macos/convert.hpp"

#include <algorithm>
#include <cstring>

#include "posix/posix.hpp"
#include "posix/route_msg.hpp"
#include "util.hpp"

namespace psinfo::detail::macos {

// ---- CPU ------------------------------------------------------------------------------------

cpu_times_t cpu_times_from_ticks(const std::uint32_t ticks[4]) {
  cpu_times_t t;
  t.user = ticks[cpu_state_user] / clk_tck;
  t.system = ticks[cpu_state_system] / clk_tck;
  t.idle = ticks[cpu_state_idle] / clk_tck;
  t.nice = ticks[cpu_state_nice] / clk_tck;
  return t;
}

cpu_stats_t cpu_stats_from_vm_words(const std::uint32_t words[5]) {
  cpu_stats_t s;
  s.ctx_switches = words[0];     // v_swtch
  s.syscalls = words[2];         // v_syscall
  s.interrupts = words[3];       // v_intr
  s.soft_interrupts = words[4];  // v_soft
  return s;
}

std::optional<cpu_freq_t> cpu_freq_from_pmgr(const std::vector<freq_table>& props) {
  constexpr std::string_view prefix = "voltage-states", suffix = "-sram";
  std::uint32_t lo = UINT32_MAX, hi = 0;
  for (const freq_table& p : props) {
    std::string_view k = p.key;
    // psutil copies the key into a 64-byte buffer first: longer keys never match.
    if (k.size() >= 64 || k.size() < prefix.size() + 1 + suffix.size()) continue;
    if (k.substr(0, prefix.size()) != prefix || k.substr(k.size() - suffix.size()) != suffix)
      continue;
    std::string_view digits = k.substr(prefix.size(), k.size() - prefix.size() - suffix.size());
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    std::uint32_t tlo = UINT32_MAX, thi = 0;
    for (std::size_t off = 0; off + 4 <= p.data.size(); off += 8) {
      const auto* b = reinterpret_cast<const unsigned char*>(p.data.data() + off);
      const std::uint32_t raw = static_cast<std::uint32_t>(b[0]) | (std::uint32_t{b[1]} << 8) |
                                (std::uint32_t{b[2]} << 16) | (std::uint32_t{b[3]} << 24);
      const std::uint32_t mhz = raw > 100000000u ? raw / 1000u / 1000u : raw / 1000u;
      if (mhz < 500 || mhz > 20000) continue;
      tlo = std::min(tlo, mhz);
      thi = std::max(thi, mhz);
    }
    if (thi < 2000) continue;  // no value, or a GPU / NPU / fabric table
    lo = std::min(lo, tlo);
    hi = std::max(hi, thi);
  }
  if (hi == 0) return std::nullopt;
  // No current frequency is published on Apple silicon: psutil reports the maximum.
  cpu_freq_t f;
  f.current = hi;
  f.min = lo;
  f.max = hi;
  return f;
}

cpu_freq_t cpu_freq_from_hz(std::uint64_t cur, std::uint64_t min, std::uint64_t max) {
  // psutil: integer MHz (Hz / 1000 / 1000, truncated), 0 for an unknown min / max.
  cpu_freq_t f;
  f.current = static_cast<double>(cur / 1000 / 1000);
  f.min = static_cast<double>(min / 1000 / 1000);
  f.max = static_cast<double>(max / 1000 / 1000);
  return f;
}

// ---- memory ---------------------------------------------------------------------------------

virtual_memory_t virtual_memory_from(std::uint64_t memsize, const vm_pages& vm,
                                     std::uint64_t pagesize) {
  virtual_memory_t m;
  m.total = memsize;
  const std::uint64_t free = vm.free * pagesize;
  m.active = vm.active * pagesize;
  m.inactive = vm.inactive * pagesize;
  m.wired = vm.wire * pagesize;
  m.available = *m.inactive + free;
  m.used = *m.active + *m.wired;
  const std::uint64_t speculative = vm.speculative * pagesize;
  m.free = free > speculative ? free - speculative : 0;
  const double total = static_cast<double>(m.total);
  m.percent = percent1(total - static_cast<double>(m.available), total);
  return m;
}

swap_memory_t swap_memory_from(const xsw& x, const vm_pages& vm, std::uint64_t pagesize) {
  swap_memory_t s;
  s.total = x.total;
  s.used = x.used;
  s.free = x.avail;
  s.percent = percent1(static_cast<double>(x.used), static_cast<double>(x.total));
  s.sin = vm.pageins * pagesize;
  s.sout = vm.pageouts * pagesize;
  return s;
}

// ---- disks ----------------------------------------------------------------------------------

disk_io_counters_t disk_counters_from(const number_lookup& stats) {
  auto count = [&](const char* key) -> std::uint64_t {
    std::optional<std::int64_t> v = stats(key);
    return v && *v > 0 ? static_cast<std::uint64_t>(*v) : 0;
  };
  auto ms = [&](const char* key) -> std::optional<std::uint64_t> {
    std::optional<std::int64_t> v = stats(key);
    if (!v) return std::nullopt;
    return *v > 0 ? static_cast<std::uint64_t>(*v) / 1000 / 1000 : 0;  // ns -> ms
  };
  disk_io_counters_t d;
  d.read_count = count("Operations (Read)");
  d.write_count = count("Operations (Write)");
  d.read_bytes = count("Bytes (Read)");
  d.write_bytes = count("Bytes (Write)");
  d.read_time = ms("Total Time (Read)");
  d.write_time = ms("Total Time (Write)");
  return d;
}

std::string mount_opts_from(std::uint64_t flags) {
  // MNT_* of <sys/mount.h>, psutil's order (checked against the header in src/macos/disk.cpp).
  static const posix::mount_flag table[] = {
      {0x00000002, "sync"},              // MNT_SYNCHRONOUS
      {0x00000004, "noexec"},            // MNT_NOEXEC
      {0x00000008, "nosuid"},            // MNT_NOSUID
      {0x00000020, "union"},             // MNT_UNION
      {0x00000040, "async"},             // MNT_ASYNC
      {0x00000100, "exported"},          // MNT_EXPORTED
      {0x00001000, "local"},             // MNT_LOCAL
      {0x00002000, "quota"},             // MNT_QUOTA
      {0x00004000, "rootfs"},            // MNT_ROOTFS
      {0x00008000, "dovolfs"},           // MNT_DOVOLFS
      {0x00100000, "dontbrowse"},        // MNT_DONTBROWSE
      {0x00200000, "ignore-ownership"},  // MNT_IGNORE_OWNERSHIP
      {0x00400000, "automounted"},       // MNT_AUTOMOUNTED
      {0x00800000, "journaled"},         // MNT_JOURNALED
      {0x01000000, "nouserxattr"},       // MNT_NOUSERXATTR
      {0x02000000, "defwrite"},          // MNT_DEFWRITE
      {0x00010000, "update"},            // MNT_UPDATE
      {0x00040000, "reload"},            // MNT_RELOAD
      {0x00080000, "force"},             // MNT_FORCE
      {0x000f0000, "cmdflags"},          // MNT_CMDFLAGS (UPDATE|NOBLOCK|RELOAD|FORCE)
      {0x00000400, "quarantine"},        // MNT_QUARANTINE
      {0x04000000, "multilabel"},        // MNT_MULTILABEL
      {0x10000000, "noatime"},           // MNT_NOATIME
  };
  return posix::mount_opts(flags, (flags & 0x1) != 0, std::begin(table), std::end(table));
}

// ---- network --------------------------------------------------------------------------------

std::map<std::string, net_io_counters_t> net_io_from_iflist2(const unsigned char* buf,
                                                             std::size_t len) {
  // The if_data64 fields read, as a struct of their own: if_data_counters takes field names.
  struct data64 {
    std::uint64_t ifi_ipackets, ifi_ierrors, ifi_opackets, ifi_oerrors, ifi_ibytes, ifi_obytes,
        ifi_iqdrops;
  };
  std::map<std::string, net_io_counters_t> out;
  posix::for_each_route_msg(buf, len, [&](const posix::route_msg& m) {
    if (m.type != iflist2::rtm_ifinfo2 || m.len < iflist2::msghdr2_size) return;
    std::optional<std::string> name = posix::dl_name(m, iflist2::msghdr2_size);
    if (!name) return;
    auto at = [&](std::size_t field) {
      return *posix::read_at<std::uint64_t>(m, iflist2::data_offset + field);
    };
    const data64 d{at(iflist2::ipackets), at(iflist2::ierrors), at(iflist2::opackets),
                   at(iflist2::oerrors),  at(iflist2::ibytes),  at(iflist2::obytes),
                   at(iflist2::iqdrops)};
    out.insert_or_assign(std::move(*name), posix::if_data_counters(d));
  });
  return out;
}

namespace {
// <net/if_media.h> (macOS): the masks and the subtypes psutil's table names.
constexpr std::uint64_t ifm_nmask = 0xe0;        // IFM_NMASK: network type
constexpr std::uint64_t ifm_tmask = 0x000f001f;  // IFM_TMASK: subtype, with the extended bits
constexpr std::uint64_t ifm_ether = 0x20, ifm_token = 0x40, ifm_ieee80211 = 0x80;
constexpr std::uint64_t ifm_fdx = 0x00100000, ifm_hdx = 0x00200000;
// IFM_X(x): a subtype past 31 keeps its low 5 bits and moves the rest to bits 16-19.
constexpr std::uint64_t ifm_x(std::uint64_t x) { return (x & 0x1f) | ((x & 0x1e0) << 11); }
}  // namespace

int media_speed(std::uint64_t active) {
  const std::uint64_t sub = active & ifm_tmask;
  switch (active & ifm_nmask) {
    case ifm_ether:
      switch (sub) {
        case 17:  // IFM_HPNA_1
          return 1;
        case 3:   // IFM_10_T
        case 4:   // IFM_10_2
        case 5:   // IFM_10_5
        case 12:  // IFM_10_STP
        case 13:  // IFM_10_FL
          return 10;
        case 6:   // IFM_100_TX
        case 7:   // IFM_100_FX
        case 8:   // IFM_100_T4
        case 9:   // IFM_100_VG
        case 10:  // IFM_100_T2
          return 100;
        case 11:  // IFM_1000_SX
        case 14:  // IFM_1000_LX
        case 15:  // IFM_1000_CX
        case 16:  // IFM_1000_T
          return 1000;
        case 18:         // IFM_10G_SR
        case 19:         // IFM_10G_LR
        case 20:         // IFM_10G_CX4
        case 21:         // IFM_10G_T
        case ifm_x(33):  // IFM_10G_TWINAX
        case ifm_x(34):  // IFM_10G_TWINAX_LONG
          return 10000;
        case ifm_x(32):  // IFM_2500_SX
          return 2500;
        default:
          return 0;
      }
    case ifm_token:
      switch (sub) {
        case 3:  // IFM_TOK_STP4
        case 5:  // IFM_TOK_UTP4
          return 4;
        case 4:  // IFM_TOK_STP16
        case 6:  // IFM_TOK_UTP16
          return 16;
        case 7:  // IFM_TOK_STP100
        case 8:  // IFM_TOK_UTP100
          return 100;
        default:
          return 0;
      }
    case ifm_ieee80211:
      switch (sub) {
        case 3:  // IFM_IEEE80211_FH1
        case 8:  // IFM_IEEE80211_DS1
          return 1;
        case 4:  // IFM_IEEE80211_FH2
        case 5:  // IFM_IEEE80211_DS2
          return 2;
        case 6:  // IFM_IEEE80211_DS5
          return 5;
        case 7:  // IFM_IEEE80211_DS11
          return 11;
        case 9:  // IFM_IEEE80211_DS22
          return 22;
        default:
          return 0;
      }
    default:
      return 0;
  }
}

nic_duplex media_duplex(std::uint64_t active) {
  if (active & ifm_fdx) return nic_duplex::full;
  if (active & ifm_hdx) return nic_duplex::half;
  return nic_duplex::unknown;
}

const char* tcp_state_name(int state) {
  static const char* const names[] = {"CLOSE",       "LISTEN",     "SYN_SENT",  "SYN_RECV",
                                      "ESTABLISHED", "CLOSE_WAIT", "FIN_WAIT1", "CLOSING",
                                      "LAST_ACK",    "FIN_WAIT2",  "TIME_WAIT"};
  if (state < 0 || state >= static_cast<int>(sizeof names / sizeof names[0])) return "NONE";
  return names[state];
}

// ---- processes ------------------------------------------------------------------------------

std::string status_from(int p_stat, int p_flag, int e_flag) {
  int s = p_stat;
  if (s != kinfo::szomb && s != kinfo::sstop) {
    if (p_flag & (kinfo::p_system | kinfo::p_wexit | kinfo::p_ppwait))
      s = kinfo::sidl;
    else if (e_flag & kinfo::eproc_sleader)
      s = kinfo::ssleep;
  }
  switch (s) {
    case kinfo::sidl:
      return "idle";
    case kinfo::srun:
      return "running";
    case kinfo::ssleep:
      return "sleeping";
    case kinfo::sstop:
      return "stopped";
    case kinfo::szomb:
      return "zombie";
    default:
      return "?";
  }
}

procargs parse_procargs(const char* buf, std::size_t len) {
  procargs out;
  std::int32_t argc = 0;
  if (len < sizeof argc) return out;
  std::memcpy(&argc, buf, sizeof argc);
  const char* p = buf + sizeof argc;
  const char* end = buf + len;
  // The executable path, then the NUL bytes that pad it.
  const char* nul =
      static_cast<const char*>(std::memchr(p, '\0', static_cast<std::size_t>(end - p)));
  if (!nul) return out;  // cut inside the path: nothing else can be trusted
  out.exe.assign(p, nul);
  p = nul;
  while (p < end && *p == '\0') ++p;
  // argc arguments, each with its NUL; one cut short is dropped.
  for (; argc > 0 && p < end; --argc) {
    nul = static_cast<const char*>(std::memchr(p, '\0', static_cast<std::size_t>(end - p)));
    if (!nul) return out;
    out.argv.emplace_back(p, nul);
    p = nul + 1;
  }
  if (argc > 0) return out;
  // The environment: strings up to an empty one (or the end).
  while (p < end && *p != '\0') {
    nul = static_cast<const char*>(std::memchr(p, '\0', static_cast<std::size_t>(end - p)));
    if (!nul) break;
    out.env.emplace_back(p, static_cast<std::size_t>(nul - p));
    p = nul + 1;
  }
  return out;
}

std::map<std::string, std::string> environ_from(const std::vector<std::string_view>& env) {
  std::map<std::string, std::string> out;
  for (std::string_view s : env) {
    const std::size_t eq = s.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    out.insert_or_assign(std::string(s.substr(0, eq)), std::string(s.substr(eq + 1)));
  }
  return out;
}

std::string long_name(const std::string& comm, const std::vector<std::string>& cmdline) {
  if (comm.size() < 15 || cmdline.empty()) return comm;
  const std::string& arg0 = cmdline.front();
  const std::size_t slash = arg0.rfind('/');
  std::string base = slash == std::string::npos ? arg0 : arg0.substr(slash + 1);
  return base.compare(0, comm.size(), comm) == 0 ? base : comm;
}

page_faults_t page_faults_from(std::int64_t faults, std::int64_t pageins) {
  page_faults_t f;
  f.major = pageins > 0 ? static_cast<std::uint64_t>(pageins) : 0;
  f.minor = faults > pageins ? static_cast<std::uint64_t>(faults - pageins) : 0;
  return f;
}

std::uint64_t uss_pages(const std::vector<region>& regions, shared_range shared) {
  std::uint64_t pages = 0;
  for (const region& r : regions) {
    const bool in_shared =
        shared.size != 0 && r.address >= shared.base && r.address - shared.base < shared.size;
    if (in_shared && r.share_mode != share_mode::private_) continue;
    switch (r.share_mode) {
      case share_mode::large_page:  // never shared, always resident
      case share_mode::private_:
        pages += r.private_pages_resident + r.shared_pages_resident;
        break;
      case share_mode::cow:
        pages += r.private_pages_resident;
        if (r.ref_count == 1) pages += r.shared_pages_resident;  // copy-on-write, ours alone
        break;
      default:
        break;
    }
  }
  return pages;
}

double mach_units_to_seconds(std::uint64_t units, std::uint64_t tbfrequency) {
  return tbfrequency ? static_cast<double>(units) / static_cast<double>(tbfrequency) : 0.0;
}

// ---- sensors --------------------------------------------------------------------------------

sensors_battery_t battery_from(std::int64_t capacity, std::optional<std::int64_t> minutes_left,
                               const std::string& state) {
  sensors_battery_t b;
  b.percent = static_cast<double>(capacity);
  b.power_plugged = state == "AC Power";
  if (*b.power_plugged)
    b.secsleft = power_time_unlimited;
  else if (!minutes_left || *minutes_left == -1)
    b.secsleft = power_time_unknown;
  else
    b.secsleft = static_cast<long>(*minutes_left * 60);
  return b;
}

}  // namespace psinfo::detail::macos
