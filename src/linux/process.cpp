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

long process::ppid() const { todo("ppid"); }
std::string process::name() const { todo("name"); }
std::string process::exe() const { todo("exe"); }
std::vector<std::string> process::cmdline() const { todo("cmdline"); }
std::map<std::string, std::string> process::environ() const { todo("environ"); }
double process::create_time() const { todo("create_time"); }
std::string process::status() const { todo("status"); }
std::string process::cwd() const { todo("cwd"); }
std::string process::username() const { todo("username"); }
uids_t process::uids() const { todo("uids"); }
gids_t process::gids() const { todo("gids"); }
std::optional<std::string> process::terminal() const { todo("terminal"); }
io_counters_t process::io_counters() const { todo("io_counters"); }
ctx_switches_t process::num_ctx_switches() const { todo("num_ctx_switches"); }
int process::num_fds() const { todo("num_fds"); }
int process::num_threads() const { todo("num_threads"); }
std::vector<thread_t> process::threads() const { todo("threads"); }
process_cpu_times_t process::cpu_times() const { todo("cpu_times"); }
std::optional<int> process::cpu_num() const { todo("cpu_num"); }
memory_info_t process::memory_info() const { todo("memory_info"); }
page_faults_t process::page_faults() const { todo("page_faults"); }

namespace detail {
double proc_start_time(long) { todo("proc_start_time"); }
std::vector<long> pids() { todo("pids"); }
bool pid_exists(long) { todo("pid_exists"); }
std::map<long, long> ppid_map() { todo("ppid_map"); }
std::vector<process_info_t> process_snapshot(attr) { todo("process_iter"); }
}  // namespace detail

}  // namespace psinfo
