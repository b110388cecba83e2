// Shared layer: the OS-independent parts of psinfo::process (stub until implemented).
#include <psinfo/errors.hpp>
#include <psinfo/process.hpp>

#include "platform.hpp"
#include "process_state.hpp"

namespace psinfo {
namespace {
[[noreturn]] void todo(const char* what) {
  throw not_supported(std::string(what) + ": not implemented yet");
}
}  // namespace

process::process(long) { todo("process"); }
process process::self() { todo("process"); }
process::process(const process&) { todo("process"); }
process& process::operator=(const process&) { todo("process"); }
bool process::operator==(const process&) const noexcept { return false; }
bool process::is_running() const { todo("is_running"); }
double process::cpu_percent(double) { todo("cpu_percent"); }
double process::memory_percent(std::string_view) const { todo("memory_percent"); }
std::optional<process> process::parent() const { todo("parent"); }
std::vector<process> process::parents() const { todo("parents"); }
std::vector<process> process::children(bool) const { todo("children"); }
void process::suspend() { todo("suspend"); }
void process::resume() { todo("resume"); }
void process::terminate() { todo("terminate"); }
void process::kill() { todo("kill"); }
attr attr_from_string(std::string_view) { todo("attr_from_string"); }
process_info_t as_dict(process&, attr) { todo("as_dict"); }
std::vector<long> pids() { todo("pids"); }
bool pid_exists(long) { todo("pid_exists"); }
std::vector<process> process_iter() { todo("process_iter"); }
std::vector<process_info_t> process_iter(attr) { todo("process_iter"); }
wait_procs_result wait_procs(std::vector<process>, std::optional<double>, const std::function<void(const process&, std::optional<int>)>&) { todo("wait_procs"); }
process::process(process&&) noexcept = default;
process& process::operator=(process&&) noexcept = default;
process::~process() = default;
process::oneshot_guard::oneshot_guard(const process& p) : p_(&p), owner_(false) {}
process::oneshot_guard::~oneshot_guard() = default;
const char* to_string(ioprio_class) noexcept { return "?"; }
const char* to_string(attr) noexcept { return "?"; }

}  // namespace psinfo
