// Linux processes (stub until implemented).
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "process_state.hpp"

namespace psinfo {
namespace {
[[noreturn]] void todo(const char* what) {
  throw not_supported(std::string(what) + ": not implemented yet");
}
}  // namespace

int process::nice() const { todo("nice"); }
void process::nice(int) { todo("nice"); }
ionice_t process::ionice() const { todo("ionice"); }
void process::ionice(ioprio_class, std::optional<int>) { todo("ionice"); }
rlimit_t process::rlimit(int) const { todo("rlimit"); }
void process::rlimit(int, rlimit_t) { todo("rlimit"); }
std::vector<int> process::cpu_affinity() const { todo("cpu_affinity"); }
void process::cpu_affinity(const std::vector<int>&) { todo("cpu_affinity"); }
void process::send_signal(int) { todo("send_signal"); }
std::optional<int> process::wait(std::optional<double>) { todo("wait"); }

}  // namespace psinfo
