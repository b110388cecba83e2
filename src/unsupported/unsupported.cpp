// The backend of a platform psinfo does not support yet: every call throws not_supported,
// so the library still builds and links everywhere (like Rust sysinfo's unknown/ backend).
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "process_state.hpp"

namespace psinfo::detail {

[[noreturn]] void unsupported(const char* what) {
  throw not_supported(std::string(what) + ": not supported on this platform");
}

cpu_times_t cpu_times() { unsupported("cpu_times"); }
std::vector<cpu_times_t> cpu_times_percpu() { unsupported("cpu_times"); }
std::optional<int> cpu_count_logical() { unsupported("cpu_count"); }
std::optional<int> cpu_count_physical() { unsupported("cpu_count"); }
cpu_stats_t cpu_stats() { unsupported("cpu_stats"); }
std::vector<cpu_freq_t> cpu_freq_percpu() { unsupported("cpu_freq"); }
std::array<double, 3> getloadavg() { unsupported("getloadavg"); }
virtual_memory_t virtual_memory() { unsupported("virtual_memory"); }
swap_memory_t swap_memory() { unsupported("swap_memory"); }
double boot_time() { unsupported("boot_time"); }
std::vector<user_t> users() { unsupported("users"); }
std::vector<partition_t> disk_partitions(bool) { unsupported("disk_partitions"); }
disk_usage_t disk_usage(const std::string&) { unsupported("disk_usage"); }
std::map<std::string, disk_io_counters_t> disk_io_counters(bool) {
  unsupported("disk_io_counters");
}
std::map<std::string, net_io_counters_t> net_io_counters() { unsupported("net_io_counters"); }
std::map<std::string, std::vector<net_if_addr_t>> net_if_addrs() { unsupported("net_if_addrs"); }
std::map<std::string, net_if_stats_t> net_if_stats() { unsupported("net_if_stats"); }
std::vector<connection_t> net_connections(const connection_kinds&, std::optional<long>) {
  unsupported("net_connections");
}
std::map<std::string, std::vector<sensors_temperature_t>> sensors_temperatures() {
  unsupported("sensors_temperatures");
}
std::map<std::string, std::vector<sensors_fan_t>> sensors_fans() { unsupported("sensors_fans"); }
std::optional<sensors_battery_t> sensors_battery() { unsupported("sensors_battery"); }

double proc_start_time(long) { unsupported("proc_start_time"); }
std::vector<long> pids() { unsupported("pids"); }
long self_pid() { unsupported("self_pid"); }
bool pid_exists(long) { unsupported("pid_exists"); }
std::map<long, long> ppid_map() { unsupported("ppid_map"); }
std::vector<process_info_t> process_snapshot(attr) { unsupported("process_iter"); }
std::optional<int> wait_for(long, double, std::optional<double>) { unsupported("wait"); }
}  // namespace psinfo::detail

namespace psinfo {

long process::ppid() const { detail::unsupported("ppid"); }
std::string process::name() const { detail::unsupported("name"); }
std::string process::exe() const { detail::unsupported("exe"); }
std::vector<std::string> process::cmdline() const { detail::unsupported("cmdline"); }
std::map<std::string, std::string> process::environ() const { detail::unsupported("environ"); }
double process::create_time() const { detail::unsupported("create_time"); }
std::string process::status() const { detail::unsupported("status"); }
std::string process::cwd() const { detail::unsupported("cwd"); }
std::string process::username() const { detail::unsupported("username"); }
uids_t process::uids() const { detail::unsupported("uids"); }
gids_t process::gids() const { detail::unsupported("gids"); }
std::optional<std::string> process::terminal() const { detail::unsupported("terminal"); }
io_counters_t process::io_counters() const { detail::unsupported("io_counters"); }
ctx_switches_t process::num_ctx_switches() const { detail::unsupported("num_ctx_switches"); }
int process::num_fds() const { detail::unsupported("num_fds"); }
int process::num_handles() const { detail::unsupported("num_handles"); }
void process::suspend() { detail::unsupported("suspend"); }
void process::resume() { detail::unsupported("resume"); }
void process::terminate() { detail::unsupported("terminate"); }
void process::kill() { detail::unsupported("kill"); }
attr supported_attrs() noexcept { return all_attrs; }
const char* to_string(ioprio_class) noexcept { return "?"; }
int process::num_threads() const { detail::unsupported("num_threads"); }
std::vector<thread_t> process::threads() const { detail::unsupported("threads"); }
process_cpu_times_t process::cpu_times() const { detail::unsupported("cpu_times"); }
std::optional<int> process::cpu_num() const { detail::unsupported("cpu_num"); }
memory_info_t process::memory_info() const { detail::unsupported("memory_info"); }
page_faults_t process::page_faults() const { detail::unsupported("page_faults"); }
int process::nice() const { detail::unsupported("nice"); }
void process::nice(int) { detail::unsupported("nice"); }
ionice_t process::ionice() const { detail::unsupported("ionice"); }
void process::ionice(ioprio_class, std::optional<int>) { detail::unsupported("ionice"); }
rlimit_t process::rlimit(int) const { detail::unsupported("rlimit"); }
void process::rlimit(int, rlimit_t) { detail::unsupported("rlimit"); }
std::vector<int> process::cpu_affinity() const { detail::unsupported("cpu_affinity"); }
void process::cpu_affinity(const std::vector<int>&) { detail::unsupported("cpu_affinity"); }
void process::send_signal(int) { detail::unsupported("send_signal"); }
memory_full_info_t process::memory_full_info() const { detail::unsupported("memory_full_info"); }
std::vector<memory_map_t> process::memory_maps(bool) const { detail::unsupported("memory_maps"); }
std::vector<open_file_t> process::open_files() const { detail::unsupported("open_files"); }
std::vector<connection_t> process::net_connections(std::string_view) const {
  detail::unsupported("net_connections");
}

}  // namespace psinfo
