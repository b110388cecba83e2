// FreeBSD CPU: kern.cp_time / kern.cp_times (long[CPUSTATES] per CPU), kern.smp.cores,
// vm.stats.sys.*, dev.cpu.N.freq and freq_levels (cpufreq(4)), as psutil reads them.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <sys/types.h>
// sys/types.h first: the sysctl and resource headers need its types.
#include <sys/resource.h>
#include <sys/sysctl.h>

#include <cstring>
#include <string>

#include "bsd/bsd.hpp"
#include "bsd/freebsd.hpp"

namespace psinfo::detail::bsd {

namespace {

static_assert(CPUSTATES == 5 && CP_USER == 0 && CP_NICE == 1 && CP_SYS == 2 && CP_INTR == 3 &&
                  CP_IDLE == 4,
              "FreeBSD's CP_* states");

cpu_ticks ticks_of(const long* t) {
  auto u = [](long v) { return v > 0 ? static_cast<std::uint64_t>(v) : 0; };
  return {u(t[CP_USER]), u(t[CP_NICE]), u(t[CP_SYS]), u(t[CP_INTR]), u(t[CP_IDLE])};
}

}  // namespace

cpu_ticks cp_time() {
  long t[CPUSTATES];
  if (!posix::sysctlbyname_into("kern.cp_time", t, sizeof t))
    posix::throw_errno(errno, "sysctl kern.cp_time");
  return ticks_of(t);
}

// One row per CPU id up to mp_maxid; an absent CPU's row is all zeros and is left out.
std::vector<cpu_ticks> cp_times() {
  const std::vector<char> buf = freebsd::bytes_by_name("kern.cp_times");
  const std::size_t row = sizeof(long) * CPUSTATES;
  std::vector<cpu_ticks> out;
  for (std::size_t off = 0; off + row <= buf.size(); off += row) {
    long t[CPUSTATES];
    std::memcpy(t, buf.data() + off, row);
    const cpu_ticks c = ticks_of(t);
    if (c.any()) out.push_back(c);
  }
  return out;
}

std::optional<int> physical_cores() { return posix::sysctlbyname_value<int>("kern.smp.cores"); }

cpu_stats_t cpu_stats_now() {
  cpu_stats_t s;
  s.ctx_switches = freebsd::counter_or_throw("vm.stats.sys.v_swtch");
  s.interrupts = freebsd::counter_or_throw("vm.stats.sys.v_intr");
  s.soft_interrupts = freebsd::counter_or_throw("vm.stats.sys.v_soft");
  s.syscalls = freebsd::counter_or_throw("vm.stats.sys.v_syscall");
  return s;
}

// psutil: every CPU that has dev.cpu.N.freq (often only CPU 0, whose frequency the others
// share), min and max from its freq_levels.
std::vector<cpu_freq_t> cpu_freqs() {
  std::vector<cpu_freq_t> out;
  for (const freebsd::cpu_value& c : freebsd::per_cpu_values("freq")) {
    cpu_freq_t f;
    f.current = c.value;
    if (std::optional<std::string> levels =
            freebsd::string_by_name((c.node + "freq_levels").c_str())) {
      auto [mn, mx] = freq_levels_min_max(*levels);
      f.min = mn;
      f.max = mx;
    }
    out.push_back(f);
  }
  return out;
}

}  // namespace psinfo::detail::bsd
