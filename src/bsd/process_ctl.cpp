// BSD processes: nice (read from the kinfo_proc, as psutil), rlimit and cpu_affinity (FreeBSD:
// freebsd_process.cpp), signals and wait (src/posix). The BSDs have no I/O priority. The shared
// layer has checked that the PID still names the process before every setter and signal.
#include <psinfo/errors.hpp>

#include "bsd/bsd.hpp"

namespace psinfo::detail {

// psutil reads it from the kinfo_proc rather than getpriority(2), which fails for a process
// still being created (psutil's issue 2903).
int proc_nice(const proc_ref& p) { return bsd::kinfo(p).nice; }
void proc_set_nice(const proc_ref& p, int value) { posix::set_nice(p.pid, value); }

ionice_t proc_ionice(const proc_ref&) {
  throw not_supported("ionice: not available on the BSDs (psutil has none there)");
}
void proc_set_ionice(const proc_ref&, ioprio_class, std::optional<int>) {
  throw not_supported("ionice: not available on the BSDs (psutil has none there)");
}
const char* ioprio_class_name(ioprio_class) noexcept { return "?"; }

rlimit_t proc_rlimit(const proc_ref& p, int resource) { return bsd::get_rlimit(p.pid, resource); }
void proc_set_rlimit(const proc_ref& p, int resource, rlimit_t limits) {
  bsd::set_rlimit(p.pid, resource, limits);
}

std::vector<int> proc_cpu_affinity(const proc_ref& p) { return bsd::get_affinity(p.pid); }
void proc_set_cpu_affinity(const proc_ref& p, const std::vector<int>& cpus) {
  bsd::set_affinity(p.pid, cpus);
}

// proc_send_signal, proc_suspend ... proc_wait: src/posix/signals.cpp.

}  // namespace psinfo::detail
