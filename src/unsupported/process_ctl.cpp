// A platform psinfo does not support: processes: priorities, limits, affinity, signals, wait (see
// unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

int proc_nice(const proc_ref&) { unsupported("nice"); }
void proc_set_nice(const proc_ref&, int) { unsupported("nice"); }
ionice_t proc_ionice(const proc_ref&) { unsupported("ionice"); }
void proc_set_ionice(const proc_ref&, ioprio_class, std::optional<int>) { unsupported("ionice"); }
rlimit_t proc_rlimit(const proc_ref&, int) { unsupported("rlimit"); }
void proc_set_rlimit(const proc_ref&, int, rlimit_t) { unsupported("rlimit"); }
std::vector<int> proc_cpu_affinity(const proc_ref&) { unsupported("cpu_affinity"); }
void proc_set_cpu_affinity(const proc_ref&, const std::vector<int>&) {
  unsupported("cpu_affinity");
}
void proc_send_signal(const proc_ref&, int) { unsupported("send_signal"); }
void proc_suspend(const proc_ref&) { unsupported("suspend"); }
void proc_resume(const proc_ref&) { unsupported("resume"); }
void proc_terminate(const proc_ref&) { unsupported("terminate"); }
void proc_kill(const proc_ref&) { unsupported("kill"); }
std::optional<int> proc_wait(const proc_ref&, std::optional<double>) { unsupported("wait"); }
const char* ioprio_class_name(ioprio_class) noexcept { return "?"; }

}  // namespace psinfo::detail
