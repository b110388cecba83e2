// Shared layer: the OS-independent parts of psinfo::process (identity, oneshot, percentages,
// the process tree, as_dict, wait_procs), written once on top of src/platform.hpp and the
// per-OS methods.
#include <psinfo/cpu.hpp>
#include <psinfo/errors.hpp>
#include <psinfo/memory.hpp>
#include <psinfo/process.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "paths.hpp"
#include "platform.hpp"
#include "util.hpp"

namespace psinfo {
namespace {

double monotonic() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// psutil's _LOWEST_PID: the smallest PID seen by pids(), for parent(). -1 = not known yet.
std::atomic<long> g_lowest_pid{-1};
// psutil's _TOTAL_PHYMEM: the last virtual_memory().total, for memory_percent(). 0 = not known.
std::atomic<std::uint64_t> g_total_phymem{0};

std::vector<long> list_pids() {
  std::vector<long> v = detail::pids();
  if (!v.empty()) g_lowest_pid.store(v.front(), std::memory_order_relaxed);
  return v;
}

long lowest_pid() {
  long low = g_lowest_pid.load(std::memory_order_relaxed);
  if (low >= 0) return low;
  std::vector<long> v = list_pids();
  return v.empty() ? -1 : v.front();
}

// cpu_percent()'s CPU count. psutil asks cpu_count() on every call (a /sys read); the count
// moves only with CPU hotplug, so it is read again after a second, or when a root changes.
double cpu_count_for_percent() {
  struct slot {
    std::mutex mu;
    std::shared_ptr<const std::string> proc, sys;  // held: their addresses stay unique
    double read_at = 0;
    double n = 0;
  };
  static slot* s = new slot;  // never destroyed: usable during exit
  std::shared_ptr<const std::string> proc = detail::procfs_root(), sys = detail::sysfs_root();
  const double now = monotonic();
  std::lock_guard<std::mutex> lock(s->mu);
  if (s->n == 0 || !(now - s->read_at < 1.0) || s->proc != proc || s->sys != sys) {
    s->n = static_cast<double>(cpu_count(true).value_or(1));
    s->read_at = now;
    s->proc = std::move(proc);
    s->sys = std::move(sys);
  }
  return s->n;
}

// The attribute names, in bit order (bit i = names[i]).
constexpr const char* k_attr_names[] = {
    "pid",
    "ppid",
    "name",
    "exe",
    "cmdline",
    "environ",
    "create_time",
    "status",
    "cwd",
    "username",
    "uids",
    "gids",
    "terminal",
    "nice",
    "ionice",
    "io_counters",
    "num_ctx_switches",
    "num_fds",
    "num_threads",
    "threads",
    "cpu_times",
    "cpu_percent",
    "cpu_num",
    "cpu_affinity",
    "memory_info",
    "memory_full_info",
    "memory_percent",
    "memory_maps",
    "page_faults",
    "open_files",
    "net_connections",
    "num_handles",
    "cgroup",
};
constexpr std::size_t k_attr_count = sizeof(k_attr_names) / sizeof(k_attr_names[0]);
static_assert(k_attr_count == 33, "one name per attr bit");

// A memory field of S that a platform may not give, by psutil's name (memory_percent's memtype).
template <class S>
struct named_field {
  std::string_view name;
  std::optional<std::uint64_t> S::*member;
};

// memory_info's fields past rss and vms (which every platform gives).
constexpr named_field<memory_info_t> k_info_fields[] = {
    {"shared", &memory_info_t::shared},
    {"text", &memory_info_t::text},
    {"data", &memory_info_t::data},
    {"num_page_faults", &memory_info_t::num_page_faults},
    {"peak_wset", &memory_info_t::peak_wset},
    {"wset", &memory_info_t::wset},
    {"peak_paged_pool", &memory_info_t::peak_paged_pool},
    {"paged_pool", &memory_info_t::paged_pool},
    {"peak_nonpaged_pool", &memory_info_t::peak_nonpaged_pool},
    {"nonpaged_pool", &memory_info_t::nonpaged_pool},
    {"pagefile", &memory_info_t::pagefile},
    {"peak_pagefile", &memory_info_t::peak_pagefile},
    {"private", &memory_info_t::private_},
};

// memory_info_ex's own fields, by psutil 8's names.
constexpr named_field<memory_info_ex_t> k_ex_fields[] = {
    {"peak_rss", &memory_info_ex_t::peak_rss},
    {"peak_vms", &memory_info_ex_t::peak_vms},
    {"rss_anon", &memory_info_ex_t::rss_anon},
    {"rss_file", &memory_info_ex_t::rss_file},
    {"rss_shmem", &memory_info_ex_t::rss_shmem},
    {"swap", &memory_info_ex_t::swap},
    {"hugetlb", &memory_info_ex_t::hugetlb},
    {"virtual", &memory_info_ex_t::virtual_},
    {"peak_virtual", &memory_info_ex_t::peak_virtual},
    {"wired", &memory_info_ex_t::wired},
    {"compressed", &memory_info_ex_t::compressed},
    {"phys_footprint", &memory_info_ex_t::phys_footprint},
    {"stack", &memory_info_ex_t::stack},
};

// memory_footprint's fields past uss (psutil 8's pfootprint; its swap comes before
// memory_info_ex's).
constexpr named_field<memory_footprint_t> k_footprint_fields[] = {
    {"pss", &memory_footprint_t::pss},
    {"swap", &memory_footprint_t::swap},
};

// The field of table called name, nullptr if none is.
template <class S, std::size_t N>
const named_field<S>* find_field(const named_field<S> (&table)[N], std::string_view name) {
  for (const named_field<S>& f : table)
    if (f.name == name) return &f;
  return nullptr;
}

[[noreturn]] void throw_pid_reused(long pid) {
  throw no_such_process(pid, "process no longer exists and its PID has been reused (pid=" +
                                 std::to_string(pid) + ")");
}

[[noreturn]] void bad_memtype(std::string_view memtype) {
  throw invalid_argument("invalid memtype '" + std::string(memtype) +
                         "'; valid types are the fields of memory_info, memory_info_ex and "
                         "memory_footprint (rss, vms, shared, text, data, peak_rss, peak_vms, "
                         "rss_anon, rss_file, rss_shmem, swap, hugetlb, uss, pss ...: those this "
                         "platform reports)");
}

}  // namespace

namespace detail {
// psutil 8's _raise_if_pid_reused(): throws no_such_process only when the PID now belongs to
// another process. A process that is simply gone is left to the caller's own syscall.
void raise_if_pid_reused(long pid, double start) {
  if (start == 0) return;
  double now;
  try {
    now = proc_start_time(pid);
  } catch (const no_such_process&) {
    return;
  } catch (const access_denied&) {
    return;
  }
  if (now != 0 && now != start) throw_pid_reused(pid);
}
}  // namespace detail

// ---- identity -------------------------------------------------------------------------------

process::process(long pid) : pid_(pid), state_(std::make_unique<state>()) {
  if (pid < 0)
    throw invalid_argument("pid must be a positive integer (got " + std::to_string(pid) + ")");
  // psutil 8: a PID beyond pid_t (a C int wherever psinfo runs) cannot exist.
  if (pid > static_cast<long>(std::numeric_limits<int>::max()))
    throw no_such_process(pid, "process PID out of range (pid=" + std::to_string(pid) + ")");
  try {
    start_ = detail::proc_start_time(pid);
  } catch (const zombie_process&) {
    start_ = 0;  // psutil ignores ZombieProcess here: a zombie still has its PID
  } catch (const no_such_process&) {
    throw no_such_process(pid, "process PID not found (pid=" + std::to_string(pid) + ")");
  } catch (const access_denied&) {
    start_ = 0;
  }
}

process process::self() { return process(detail::self_pid()); }

process::process(const process& o)
    : pid_(o.pid_), start_(o.start_), state_(std::make_unique<state>()) {}

process& process::operator=(const process& o) {
  if (this != &o) {
    pid_ = o.pid_;
    start_ = o.start_;
    state_ = std::make_unique<state>();
  }
  return *this;
}

process::process(process&&) noexcept = default;
process& process::operator=(process&&) noexcept = default;
process::~process() = default;

bool process::operator==(const process& other) const noexcept {
  if (pid_ != other.pid_) return false;
  return start_ == 0 || other.start_ == 0 || start_ == other.start_;
}

bool process::is_running() const {
  double now;
  try {
    now = detail::proc_start_time(pid_);
  } catch (const zombie_process&) {
    return true;  // still has its PID: psutil's ZombieProcess branch
  } catch (const no_such_process&) {
    return false;
  } catch (const access_denied&) {
    return true;  // psutil's Process(pid) ignores AccessDenied: start time 0 matches any
  }
  return start_ == 0 || now == 0 || now == start_;
}

// ---- oneshot --------------------------------------------------------------------------------

process::oneshot_guard::oneshot_guard(const process& p) : p_(&p), owner_(false) {
  if (state* st = p.state_.get()) owner_ = st->oneshot_depth++ == 0;
}

process::oneshot_guard::~oneshot_guard() {
  state* st = p_->state_.get();
  if (!st || st->oneshot_depth == 0) return;
  if (--st->oneshot_depth == 0) st->os.reset();
}

// ---- the methods: the shared policy, then the OS's detail::proc_* -----------------------------

long process::ppid() const {
  // psutil 8 checks ppid() for a reused PID: the parent of another process would be wrong. The
  // backend reports the start time it saw in the same read, so this costs no extra read.
  const detail::ppid_t r = detail::proc_ppid(state::ref(*this));
  if (start_ != 0 && r.start != 0 && r.start != start_) throw_pid_reused(pid_);
  return r.ppid;
}

std::string process::name() const { return detail::proc_name(state::ref(*this)); }

std::string process::exe() const {
  if (state_ && state_->exe) return *state_->exe;
  std::string exe = detail::proc_exe(state::ref(*this));
  if (state_) state_->exe = exe;
  return exe;
}

std::vector<std::string> process::cmdline() const {
  return detail::proc_cmdline(state::ref(*this));
}
std::map<std::string, std::string> process::environ() const {
  return detail::proc_environ(state::ref(*this));
}

double process::create_time() const {
  if (state_ && state_->create_time) return *state_->create_time;
  const double t = detail::proc_create_time(state::ref(*this));
  if (state_) state_->create_time = t;
  return t;
}

std::string process::status() const { return detail::proc_status(state::ref(*this)); }
std::string process::cwd() const { return detail::proc_cwd(state::ref(*this)); }
std::string process::username() const { return detail::proc_username(state::ref(*this)); }
uids_t process::uids() const { return detail::proc_uids(state::ref(*this)); }
gids_t process::gids() const { return detail::proc_gids(state::ref(*this)); }
std::optional<std::string> process::terminal() const {
  return detail::proc_terminal(state::ref(*this));
}

int process::nice() const { return detail::proc_nice(state::ref(*this)); }
void process::nice(int value) {
  detail::raise_if_pid_reused(pid_, start_);
  detail::proc_set_nice(state::ref(*this), value);
}
ionice_t process::ionice() const { return detail::proc_ionice(state::ref(*this)); }
void process::ionice(ioprio_class ioclass, std::optional<int> value) {
  detail::raise_if_pid_reused(pid_, start_);
  detail::proc_set_ionice(state::ref(*this), ioclass, value);
}
rlimit_t process::rlimit(int resource) const {
  return detail::proc_rlimit(state::ref(*this), resource);
}
void process::rlimit(int resource, rlimit_t limits) {
  detail::raise_if_pid_reused(pid_, start_);
  detail::proc_set_rlimit(state::ref(*this), resource, limits);
}

io_counters_t process::io_counters() const { return detail::proc_io_counters(state::ref(*this)); }
ctx_switches_t process::num_ctx_switches() const {
  return detail::proc_num_ctx_switches(state::ref(*this));
}
int process::num_fds() const { return detail::proc_num_fds(state::ref(*this)); }
int process::num_handles() const { return detail::proc_num_handles(state::ref(*this)); }
int process::num_threads() const { return detail::proc_num_threads(state::ref(*this)); }
std::vector<thread_t> process::threads() const { return detail::proc_threads(state::ref(*this)); }

process_cpu_times_t process::cpu_times() const { return detail::proc_cpu_times(state::ref(*this)); }
std::optional<int> process::cpu_num() const { return detail::proc_cpu_num(state::ref(*this)); }
std::vector<int> process::cpu_affinity() const {
  return detail::proc_cpu_affinity(state::ref(*this));
}
void process::cpu_affinity(const std::vector<int>& cpus) {
  detail::raise_if_pid_reused(pid_, start_);
  detail::proc_set_cpu_affinity(state::ref(*this), cpus);
}

memory_info_t process::memory_info() const { return detail::proc_memory_info(state::ref(*this)); }
memory_full_info_t process::memory_full_info() const {
  return detail::proc_memory_full_info(state::ref(*this));
}
memory_info_ex_t process::memory_info_ex() const {
  return detail::proc_memory_info_ex(state::ref(*this));
}
memory_footprint_t process::memory_footprint() const {
  return detail::proc_memory_footprint(state::ref(*this));
}
std::vector<memory_map_t> process::memory_maps(bool grouped) const {
  return detail::proc_memory_maps(state::ref(*this), grouped);
}
page_faults_t process::page_faults() const { return detail::proc_page_faults(state::ref(*this)); }
std::vector<open_file_t> process::open_files() const {
  return detail::proc_open_files(state::ref(*this));
}
std::vector<connection_t> process::net_connections(std::string_view kind) const {
  std::vector<connection_t> rows =
      detail::proc_net_connections(state::ref(*this), detail::connection_kinds_from(kind));
  for (connection_t& c : rows) c.pid.reset();  // psutil's Process rows have no pid
  return rows;
}

void process::send_signal(int sig) {
  detail::raise_if_pid_reused(pid_, start_);
  detail::proc_send_signal(state::ref(*this), sig);
}
void process::suspend() {
  detail::raise_if_pid_reused(pid_, start_);
  detail::proc_suspend(state::ref(*this));
}
void process::resume() {
  detail::raise_if_pid_reused(pid_, start_);
  detail::proc_resume(state::ref(*this));
}
void process::terminate() {
  detail::raise_if_pid_reused(pid_, start_);
  detail::proc_terminate(state::ref(*this));
}
void process::kill() {
  detail::raise_if_pid_reused(pid_, start_);
  detail::proc_kill(state::ref(*this));
}

// ---- percentages ----------------------------------------------------------------------------

double process::cpu_percent(double interval) {
  if (!(interval >= 0))  // also NaN
    throw invalid_argument("interval is not positive (got " + std::to_string(interval) + ")");
  if (!state_) state_ = std::make_unique<state>();
  const double ncpus = cpu_count_for_percent();
  auto timer = [ncpus] { return monotonic() * ncpus; };

  double st1, st2, delta_proc;
  if (interval > 0) {
    st1 = timer();
    process_cpu_times_t pt1 = cpu_times();
    std::this_thread::sleep_for(std::chrono::duration<double>(interval));
    st2 = timer();
    process_cpu_times_t pt2 = cpu_times();
    delta_proc = (pt2.user - pt1.user) + (pt2.system - pt1.system);
    state_->last_cpu = std::make_pair(st2, pt2.user + pt2.system);
  } else {
    st2 = timer();
    process_cpu_times_t pt2 = cpu_times();
    auto last = state_->last_cpu;
    state_->last_cpu = std::make_pair(st2, pt2.user + pt2.system);
    if (!last) return 0.0;
    st1 = last->first;
    delta_proc = (pt2.user + pt2.system) - last->second;
  }
  double delta_time = st2 - st1;
  if (delta_time == 0) return 0.0;
  double overall = (delta_proc / delta_time) * 100;
  return detail::round1(overall * ncpus);
}

double process::memory_percent(std::string_view memtype) const {
  // The name is checked before the process is read, as psutil does; a field this platform
  // does not give is refused too.
  std::optional<std::uint64_t> v;
  if (memtype == "rss" || memtype == "vms") {
    const memory_info_t m = memory_info();
    v = memtype == "rss" ? m.rss : m.vms;
  } else if (memtype == "uss") {
    v = memory_footprint().uss;
  } else if (const auto* fp = find_field(k_footprint_fields, memtype)) {
    v = memory_footprint().*(fp->member);
  } else if (const auto* info = find_field(k_info_fields, memtype)) {
    v = memory_info().*(info->member);
  } else if (const auto* ex = find_field(k_ex_fields, memtype)) {
    v = memory_info_ex().*(ex->member);
  }
  if (!v) bad_memtype(memtype);
  const double value = static_cast<double>(*v);
  std::uint64_t total = g_total_phymem.load(std::memory_order_relaxed);
  if (total == 0) {
    total = virtual_memory().total;
    g_total_phymem.store(total, std::memory_order_relaxed);
  }
  if (total == 0) return 0.0;
  return (value / static_cast<double>(total)) * 100;
}

// ---- the process tree -----------------------------------------------------------------------

std::optional<process> process::parent() const {
  if (pid_ == lowest_pid()) return std::nullopt;
  long ppid_value = ppid();
  double ctime = create_time();
  try {
    process par(ppid_value);
    if (par.create_time() <= ctime) return par;
  } catch (const no_such_process&) {
  }
  return std::nullopt;  // gone, or the PID was reused by a younger process
}

std::vector<process> process::parents() const {
  std::vector<process> out;
  std::set<long> seen{pid_};
  std::optional<process> p = parent();
  while (p && seen.insert(p->pid()).second) {
    // p was constructed just now: its ppid is in the stat its constructor read.
    p->state_->ppid_from_ctor = true;
    std::optional<process> next = p->parent();
    p->state_->ppid_from_ctor = false;
    out.push_back(std::move(*p));
    p = std::move(next);
  }
  return out;
}

std::vector<process> process::children(bool recursive) const {
  detail::raise_if_pid_reused(pid_, start_);
  std::map<long, long> ppids = detail::ppid_map();
  std::unordered_map<long, std::vector<long>> kids;
  for (const auto& [pid, ppid] : ppids) kids[ppid].push_back(pid);

  std::vector<process> out;
  std::optional<double> my_ctime;
  // psutil: keep a child only if it is not older than us (else its PID was reused).
  auto adopt = [&](long child_pid) -> bool {
    try {
      process child(child_pid);
      if (!my_ctime) my_ctime = create_time();
      if (*my_ctime <= child.create_time()) {
        out.push_back(std::move(child));
        return true;
      }
    } catch (const no_such_process&) {  // and zombie_process
    }
    return false;
  };

  if (!recursive) {
    auto it = kids.find(pid_);
    if (it != kids.end())
      for (long c : it->second) adopt(c);
    return out;
  }
  std::set<long> seen;
  std::vector<long> stack{pid_};
  while (!stack.empty()) {
    long pid = stack.back();
    stack.pop_back();
    if (!seen.insert(pid).second) continue;  // a cycle in a tree read while it changed
    auto it = kids.find(pid);
    if (it == kids.end()) continue;
    for (long c : it->second)
      if (adopt(c)) stack.push_back(c);
  }
  return out;
}

inline namespace PSINFO_ABI {
// ---- names ----------------------------------------------------------------------------------

// psinfo's own cgroup is no key of psutil's as_dict(): named, it is there.
attr supported_attrs() noexcept {
  return static_cast<attr>(static_cast<std::uint64_t>(detail::os_supported_attrs()) &
                           ~static_cast<std::uint64_t>(attr::cgroup));
}
const char* to_string(ioprio_class c) noexcept { return detail::ioprio_class_name(c); }

const char* to_string(attr a) noexcept {
  auto v = static_cast<std::uint64_t>(a);
  if (v == 0 || (v & (v - 1)) != 0) return "?";  // not exactly one attribute
  for (std::size_t i = 0; i < k_attr_count; ++i)
    if (v == (1ull << i)) return k_attr_names[i];
  return "?";
}

attr attr_from_string(std::string_view name) {
  for (std::size_t i = 0; i < k_attr_count; ++i)
    if (name == k_attr_names[i]) return static_cast<attr>(1ull << i);
  throw invalid_argument("invalid attr name '" + std::string(name) + "'");
}

// ---- as_dict --------------------------------------------------------------------------------

process_info_t as_dict(process& p, attr attrs) {
  process_info_t info;
  info.pid = p.pid();
  const bool explicit_attrs = attrs != all_attrs && attrs != supported_attrs();
  // psutil's as_dict() without attrs: the attributes this OS has.
  if (!explicit_attrs) attrs = supported_attrs();
  process::oneshot_guard guard(p);
  // psutil's as_dict: AccessDenied and ZombieProcess give ad_value (absent); NoSuchProcess
  // propagates; NotImplementedError only when the attribute was asked for by name.
  auto get = [&](attr a, auto& field, auto&& fn) {
    if (!has(attrs, a)) return;
    try {
      field = fn();
    } catch (const zombie_process&) {
    } catch (const access_denied&) {
    } catch (const not_supported&) {
      if (explicit_attrs) throw;
    }
  };
  get(attr::ppid, info.ppid, [&] { return p.ppid(); });
  get(attr::name, info.name, [&] { return p.name(); });
  get(attr::exe, info.exe, [&] { return p.exe(); });
  get(attr::cmdline, info.cmdline, [&] { return p.cmdline(); });
  get(attr::environ, info.environ, [&] { return p.environ(); });
  get(attr::create_time, info.create_time, [&] { return p.create_time(); });
  get(attr::status, info.status, [&] { return p.status(); });
  get(attr::cwd, info.cwd, [&] { return p.cwd(); });
  get(attr::username, info.username, [&] { return p.username(); });
  get(attr::uids, info.uids, [&] { return p.uids(); });
  get(attr::gids, info.gids, [&] { return p.gids(); });
  get(attr::terminal, info.terminal, [&] { return p.terminal(); });
  get(attr::nice, info.nice, [&] { return p.nice(); });
  get(attr::ionice, info.ionice, [&] { return p.ionice(); });
  get(attr::io_counters, info.io_counters, [&] { return p.io_counters(); });
  get(attr::num_ctx_switches, info.num_ctx_switches, [&] { return p.num_ctx_switches(); });
  get(attr::num_fds, info.num_fds, [&] { return p.num_fds(); });
  get(attr::num_handles, info.num_handles, [&] { return p.num_handles(); });
  get(attr::num_threads, info.num_threads, [&] { return p.num_threads(); });
  get(attr::threads, info.threads, [&] { return p.threads(); });
  get(attr::cpu_times, info.cpu_times, [&] { return p.cpu_times(); });
  get(attr::cpu_percent, info.cpu_percent, [&] { return p.cpu_percent(0.0); });
  get(attr::cpu_num, info.cpu_num, [&] { return p.cpu_num(); });
  get(attr::cpu_affinity, info.cpu_affinity, [&] { return p.cpu_affinity(); });
  get(attr::memory_info, info.memory_info, [&] { return p.memory_info(); });
  get(attr::memory_full_info, info.memory_full_info, [&] { return p.memory_full_info(); });
  get(attr::memory_percent, info.memory_percent, [&] { return p.memory_percent("rss"); });
  get(attr::memory_maps, info.memory_maps, [&] { return p.memory_maps(true); });
  get(attr::page_faults, info.page_faults, [&] { return p.page_faults(); });
  get(attr::open_files, info.open_files, [&] { return p.open_files(); });
  get(attr::net_connections, info.net_connections, [&] { return p.net_connections("inet"); });
  get(attr::cgroup, info.cgroup, [&] { return p.cgroup(); });
  return info;
}
}  // namespace PSINFO_ABI

// ---- snapshot cpu_percent ------------------------------------------------------------------

namespace {
struct cpu_sample {
  std::uint64_t start = 0;
  double clock = 0;
  double total = 0;
};
std::mutex snapshot_cpu_mu;
std::unordered_map<long, cpu_sample>& snapshot_cpu_prev() {
  static std::unordered_map<long, cpu_sample> prev;
  return prev;
}
}  // namespace

struct detail::snapshot_cpu::impl {
  std::unique_lock<std::mutex> lock{snapshot_cpu_mu};
  std::unordered_map<long, cpu_sample> next;
  double ncpu = static_cast<double>(detail::cpu_count_logical().value_or(1));
  double clock = monotonic() * ncpu;
};

detail::snapshot_cpu::snapshot_cpu(bool active) {
  if (active) impl_ = std::make_unique<impl>();
}
detail::snapshot_cpu::~snapshot_cpu() = default;

double detail::snapshot_cpu::percent(long pid, std::uint64_t start, double total) {
  if (!impl_) return 0.0;
  const auto& prev = snapshot_cpu_prev();
  auto it = prev.find(pid);
  double pct = 0.0;
  if (it != prev.end() && it->second.start == start) {
    const double dt = impl_->clock - it->second.clock;
    if (dt > 0) pct = round1((total - it->second.total) / dt * 100.0 * impl_->ncpu);
  }
  impl_->next[pid] = cpu_sample{start, impl_->clock, total};
  return pct;
}

void detail::snapshot_cpu::commit() {
  if (impl_) snapshot_cpu_prev().swap(impl_->next);
}

// ---- wait -----------------------------------------------------------------------------------

// psutil caches the result: a child reaped once keeps its exit code for later calls.
std::optional<int> process::wait(std::optional<double> timeout) {
  if (state_->exitcode) return *state_->exitcode;
  if (timeout && !(*timeout >= 0))
    throw invalid_argument("timeout must be a positive number (got " + std::to_string(*timeout) +
                           ")");
  std::optional<int> code = detail::proc_wait(state::ref(*this), timeout);
  state_->exitcode = code;
  return code;
}

// ---- snapshot helper ------------------------------------------------------------------------

void detail::fill_by_methods(long pid, attr attrs, process_info_t& info) {
  if (!needs_methods(attrs)) return;
  std::optional<process> obj;
  soft([&] { obj.emplace(pid); });
  if (!obj) return;
  process& p = *obj;
  auto guard = p.oneshot();
  auto want = [attrs](attr a) { return has(attrs, a); };
  if (want(attr::nice)) soft([&] { info.nice = p.nice(); });
  if (want(attr::ionice)) soft([&] { info.ionice = p.ionice(); });
  if (want(attr::cpu_affinity)) soft([&] { info.cpu_affinity = p.cpu_affinity(); });
  if (want(attr::memory_full_info)) soft([&] { info.memory_full_info = p.memory_full_info(); });
  if (want(attr::memory_maps)) soft([&] { info.memory_maps = p.memory_maps(); });
  if (want(attr::open_files)) soft([&] { info.open_files = p.open_files(); });
  if (want(attr::net_connections)) soft([&] { info.net_connections = p.net_connections(); });
}

inline namespace PSINFO_ABI {
// ---- module functions -----------------------------------------------------------------------

std::vector<long> pids() { return list_pids(); }

bool pid_exists(long pid) { return pid >= 0 && detail::pid_exists(pid); }

std::vector<process> process_iter() {
  std::vector<process> out;
  for (long pid : list_pids()) {
    try {
      out.emplace_back(pid);
    } catch (const no_such_process&) {  // vanished while listed
    }
  }
  return out;
}

std::vector<process_info_t> process_iter(attr attrs) { return detail::process_snapshot(attrs); }

wait_procs_result wait_procs(
    std::vector<process> procs, std::optional<double> timeout,
    const std::function<void(const process&, std::optional<int>)>& callback) {
  if (timeout && !(*timeout >= 0))
    throw invalid_argument("timeout must be a positive number (got " + std::to_string(*timeout) +
                           ")");
  wait_procs_result res;
  std::vector<process> alive = std::move(procs);
  const std::optional<double> deadline =
      timeout ? std::optional<double>(monotonic() + *timeout) : std::nullopt;

  // psutil's check_gone: a wait that returns (a code, or absent for a non-child that is no
  // longer running) makes the process gone.
  auto check_gone = [&](process& p, double t) -> bool {
    std::optional<int> code;
    try {
      code = p.wait(t);
    } catch (const timeout_expired&) {
      return false;
    }
    if (!code && p.is_running()) return false;
    if (callback) callback(p, code);
    res.gone.emplace_back(std::move(p), code);
    return true;
  };
  auto sweep = [&](auto&& timeout_for) {
    std::vector<process> still;
    bool stop = false;
    for (auto& p : alive) {
      std::optional<double> t = stop ? std::nullopt : timeout_for();
      if (!t) {
        stop = true;
        still.push_back(std::move(p));
        continue;
      }
      if (!check_gone(p, *t)) still.push_back(std::move(p));
    }
    alive = std::move(still);
    return !stop;
  };

  // Each process is waited on in turn with a short timeout that doubles every round, up to
  // psutil's bound of one second per round in total, so an early exit is seen soon and no
  // round spins.
  double step = 0.001;
  while (!alive.empty()) {
    if (timeout && *timeout <= 0) break;
    const double max_each = 1.0 / static_cast<double>(alive.size());
    const double per = std::min(step, max_each);
    bool complete = sweep([&]() -> std::optional<double> {
      if (!deadline) return per;
      double left = *deadline - monotonic();
      if (left <= 0) return std::nullopt;
      return std::min(per, left);
    });
    if (!complete) break;
    step = std::min(step * 2, 1.0);
  }
  // psutil's last attempt: a non-blocking look at the survivors.
  if (!alive.empty()) sweep([]() -> std::optional<double> { return 0.0; });
  res.alive = std::move(alive);
  return res;
}
}  // namespace PSINFO_ABI

}  // namespace psinfo
