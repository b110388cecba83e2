// What the Windows backend does not implement yet (issue 5): network connections and the
// whole process API. Each call throws not_supported so that the library links and callers can
// tell "not yet" from a value.
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "process_state.hpp"

namespace psinfo::detail {

[[noreturn]] void not_yet(const char* what) {
  throw not_supported(std::string(what) + ": not implemented on Windows yet");
}

std::vector<connection_t> net_connections(const connection_kinds&, std::optional<long>) {
  not_yet("net_connections");
}

double proc_start_time(long) { not_yet("proc_start_time"); }
std::vector<long> pids() { not_yet("pids"); }
long self_pid() { not_yet("self_pid"); }
bool pid_exists(long) { not_yet("pid_exists"); }
std::map<long, long> ppid_map() { not_yet("ppid_map"); }
std::vector<process_info_t> process_snapshot(attr) { not_yet("process_iter"); }
}  // namespace psinfo::detail

namespace psinfo {

long process::ppid() const { detail::not_yet("ppid"); }
std::string process::name() const { detail::not_yet("name"); }
std::string process::exe() const { detail::not_yet("exe"); }
std::vector<std::string> process::cmdline() const { detail::not_yet("cmdline"); }
std::map<std::string, std::string> process::environ() const { detail::not_yet("environ"); }
double process::create_time() const { detail::not_yet("create_time"); }
std::string process::status() const { detail::not_yet("status"); }
std::string process::cwd() const { detail::not_yet("cwd"); }
std::string process::username() const { detail::not_yet("username"); }
uids_t process::uids() const { detail::not_yet("uids"); }
gids_t process::gids() const { detail::not_yet("gids"); }
std::optional<std::string> process::terminal() const { detail::not_yet("terminal"); }
io_counters_t process::io_counters() const { detail::not_yet("io_counters"); }
ctx_switches_t process::num_ctx_switches() const { detail::not_yet("num_ctx_switches"); }
int process::num_fds() const { detail::not_yet("num_fds"); }
int process::num_threads() const { detail::not_yet("num_threads"); }
std::vector<thread_t> process::threads() const { detail::not_yet("threads"); }
process_cpu_times_t process::cpu_times() const { detail::not_yet("cpu_times"); }
std::optional<int> process::cpu_num() const { detail::not_yet("cpu_num"); }
memory_info_t process::memory_info() const { detail::not_yet("memory_info"); }
page_faults_t process::page_faults() const { detail::not_yet("page_faults"); }
int process::nice() const { detail::not_yet("nice"); }
void process::nice(int) { detail::not_yet("nice"); }
ionice_t process::ionice() const { detail::not_yet("ionice"); }
void process::ionice(ioprio_class, std::optional<int>) { detail::not_yet("ionice"); }
rlimit_t process::rlimit(int) const { detail::not_yet("rlimit"); }
void process::rlimit(int, rlimit_t) { detail::not_yet("rlimit"); }
std::vector<int> process::cpu_affinity() const { detail::not_yet("cpu_affinity"); }
void process::cpu_affinity(const std::vector<int>&) { detail::not_yet("cpu_affinity"); }
void process::send_signal(int) { detail::not_yet("send_signal"); }
std::optional<int> process::wait(std::optional<double>) { detail::not_yet("wait"); }
memory_full_info_t process::memory_full_info() const { detail::not_yet("memory_full_info"); }
std::vector<memory_map_t> process::memory_maps(bool) const { detail::not_yet("memory_maps"); }
std::vector<open_file_t> process::open_files() const { detail::not_yet("open_files"); }
std::vector<connection_t> process::net_connections(std::string_view) const {
  detail::not_yet("net_connections");
}

}  // namespace psinfo
