// A platform psinfo does not support: processes: the process table and the data methods (see
// unsupported.hpp).
#include "unsupported/unsupported.hpp"

namespace psinfo::detail {

double proc_start_time(long) { unsupported("proc_start_time"); }
std::vector<long> pids() { unsupported("pids"); }
long self_pid() { unsupported("self_pid"); }
bool pid_exists(long) { unsupported("pid_exists"); }
std::map<long, long> ppid_map() { unsupported("ppid_map"); }
std::vector<process_info_t> process_snapshot(attr) { unsupported("process_iter"); }
attr os_supported_attrs() noexcept { return all_attrs; }
ppid_t proc_ppid(const proc_ref&) { unsupported("ppid"); }
std::string proc_name(const proc_ref&) { unsupported("name"); }
std::string proc_exe(const proc_ref&) { unsupported("exe"); }
std::vector<std::string> proc_cmdline(const proc_ref&) { unsupported("cmdline"); }
std::map<std::string, std::string> proc_environ(const proc_ref&) { unsupported("environ"); }
double proc_create_time(const proc_ref&) { unsupported("create_time"); }
std::string proc_status(const proc_ref&) { unsupported("status"); }
std::string proc_cwd(const proc_ref&) { unsupported("cwd"); }
std::string proc_username(const proc_ref&) { unsupported("username"); }
uids_t proc_uids(const proc_ref&) { unsupported("uids"); }
gids_t proc_gids(const proc_ref&) { unsupported("gids"); }
std::optional<std::string> proc_terminal(const proc_ref&) { unsupported("terminal"); }
io_counters_t proc_io_counters(const proc_ref&) { unsupported("io_counters"); }
ctx_switches_t proc_num_ctx_switches(const proc_ref&) { unsupported("num_ctx_switches"); }
int proc_num_fds(const proc_ref&) { unsupported("num_fds"); }
int proc_num_handles(const proc_ref&) { unsupported("num_handles"); }
int proc_num_threads(const proc_ref&) { unsupported("num_threads"); }
std::vector<thread_t> proc_threads(const proc_ref&) { unsupported("threads"); }
process_cpu_times_t proc_cpu_times(const proc_ref&) { unsupported("cpu_times"); }
std::optional<int> proc_cpu_num(const proc_ref&) { unsupported("cpu_num"); }
memory_info_t proc_memory_info(const proc_ref&) { unsupported("memory_info"); }
memory_info_ex_t proc_memory_info_ex(const proc_ref&) { unsupported("memory_info_ex"); }
page_faults_t proc_page_faults(const proc_ref&) { unsupported("page_faults"); }

}  // namespace psinfo::detail
