// OpenBSD CPU: kern.cptime2.N (uint64_t[CPUSTATES] per CPU; kern.cp_time is an average, so the
// total is their sum, as psutil makes it), uvmexp's counters, hw.cpuspeed.
#include <psinfo/errors.hpp>

#include <errno.h>
#include <sys/types.h>
// sys/types.h first: the sysctl headers need its types.
#include <sys/sched.h>
#include <sys/sysctl.h>
#include <uvm/uvmexp.h>

#include "bsd/bsd.hpp"

namespace psinfo::detail::bsd {

static_assert(CPUSTATES == 6 && CP_USER == 0 && CP_NICE == 1 && CP_SYS == 2 && CP_SPIN == 3 &&
                  CP_INTR == 4 && CP_IDLE == 5,
              "OpenBSD's CP_* states");

std::vector<cpu_ticks> cp_times() {
  std::vector<cpu_ticks> out;
  const int n = ncpu();
  for (int cpu = 0; cpu < n; ++cpu) {
    std::uint64_t t[CPUSTATES];
    const int mib[] = {CTL_KERN, KERN_CPTIME2, cpu};
    posix::sysctl_or_throw(mib, 3, t, sizeof t, "kern.cptime2");
    // CP_SPIN (spinning on a lock) is not one of psutil's fields.
    out.push_back({t[CP_USER], t[CP_NICE], t[CP_SYS], t[CP_INTR], t[CP_IDLE]});
  }
  return out;
}

cpu_ticks cp_time() {
  cpu_ticks total;
  for (const cpu_ticks& t : cp_times()) total = total + t;
  return total;
}

// psutil: OpenBSD does not say; 1 when there is one logical CPU, else unknown.
std::optional<int> physical_cores() {
  if (ncpu() == 1) return 1;
  return std::nullopt;
}

cpu_stats_t cpu_stats_now() {
  const struct uvmexp uv = posix::sysctl_value<struct uvmexp>({CTL_VM, VM_UVMEXP}, "vm.uvmexp");
  auto u = [](int v) { return v > 0 ? static_cast<std::uint64_t>(v) : 0; };
  cpu_stats_t s;
  s.ctx_switches = u(uv.swtch);
  s.interrupts = u(uv.intrs);
  s.soft_interrupts = u(uv.softs);
  s.syscalls = u(uv.syscalls);
  return s;
}

// hw.cpuspeed: the current MHz of the machine, one entry (psutil reports min and max as 0.0:
// unknown, absent here). A machine without it (EOPNOTSUPP) has no frequency.
std::vector<cpu_freq_t> cpu_freqs() {
  int mhz = 0;
  const int mib[] = {CTL_HW, HW_CPUSPEED};
  if (!posix::sysctl_into(mib, 2, &mhz, sizeof mhz)) {
    if (errno == EOPNOTSUPP) return {};
    posix::throw_errno(errno, "sysctl hw.cpuspeed");
  }
  cpu_freq_t f;
  f.current = mhz;
  return {f};
}

}  // namespace psinfo::detail::bsd
