// macOS processes: nice (get and set), signals, suspend / resume / terminate / kill and wait,
// as psutil's _psosx.py and _psposix.py do them (src/posix). macOS has no ionice, rlimit or
// cpu_affinity in psutil. (The shared layer has checked that the PID still names the process
// before every setter and signal.)
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail {

namespace {
[[noreturn]] void not_on_macos(const char* what) {
  throw not_supported(std::string(what) + ": not available on macOS");
}
}  // namespace

int proc_nice(const proc_ref& p) { return posix::get_nice(p.pid); }
void proc_set_nice(const proc_ref& p, int value) { posix::set_nice(p.pid, value); }

ionice_t proc_ionice(const proc_ref&) { not_on_macos("ionice"); }
void proc_set_ionice(const proc_ref&, ioprio_class, std::optional<int>) { not_on_macos("ionice"); }
rlimit_t proc_rlimit(const proc_ref&, int) { not_on_macos("rlimit"); }
void proc_set_rlimit(const proc_ref&, int, rlimit_t) { not_on_macos("rlimit"); }
std::vector<int> proc_cpu_affinity(const proc_ref&) { not_on_macos("cpu_affinity"); }
void proc_set_cpu_affinity(const proc_ref&, const std::vector<int>&) {
  not_on_macos("cpu_affinity");
}

// proc_send_signal, proc_suspend ... proc_wait: src/posix/signals.cpp.

const char* ioprio_class_name(ioprio_class) noexcept { return "?"; }

}  // namespace psinfo::detail
