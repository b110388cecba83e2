// BSD processes: the process table (pids, pid_exists, process_iter's snapshot) and the data
// methods, as psutil's _psbsd.py: nearly everything comes from the process's struct kinfo_proc
// (one sysctl, kept while a oneshot lasts), the rest from each BSD's own sysctls
// (freebsd_process.cpp / openbsd_process.cpp).
#include <psinfo/errors.hpp>

#include <errno.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

#include "bsd/bsd.hpp"
#include "util.hpp"

namespace psinfo::detail {

namespace {

using bsd::kinfo;

// The identity of a process: its start time in seconds since boot. The kernels give the start
// as boot time + uptime at fork, so the difference stays the same when the clock is set (the
// boot time moves with it); 0 when the kernel does not say (a zombie).
double start_of(const bsd::kproc& k, std::int64_t boot_us) {
  if (k.start_us == 0) return 0;
  return bsd::us_to_seconds(k.start_us - boot_us);
}

[[noreturn]] void not_on_bsd(const char* what) {
  throw not_supported(std::string(what) + ": not available on this BSD (psutil has none here)");
}

}  // namespace

double proc_start_time(long pid) {
  if (pid < 0 || pid > INT_MAX)
    throw no_such_process(pid, "process PID not found (pid=" + std::to_string(pid) + ")");
  return start_of(bsd::read_kproc(pid), bsd::boot_time_us());
}

std::vector<long> pids() {
  std::vector<long> out;
  for (const bsd::kproc& k : bsd::all_kprocs()) out.push_back(k.pid);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

long self_pid() { return static_cast<long>(::getpid()); }

// psutil: kill(pid, 0) (EPERM: it exists); PID 0 and, on OpenBSD, where kill(2) also finds
// thread IDs, the process table decides.
bool pid_exists(long pid) {
  if (pid < 0 || pid > INT_MAX) return false;
  if (pid != 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
  if (pid != 0 && bsd::k_flavor == bsd::flavor::freebsd) return true;
  std::vector<long> all = pids();
  return std::binary_search(all.begin(), all.end(), pid);
}

std::map<long, long> ppid_map() {
  std::map<long, long> out;
  for (const bsd::kproc& k : bsd::all_kprocs())
    if (k.pid != k.ppid) out.emplace(k.pid, k.ppid);  // PID 0 is its own parent
  return out;
}

// ---- the data methods -------------------------------------------------------------------------

ppid_t proc_ppid(const proc_ref& p) {
  const bsd::kproc k = kinfo(p);
  return {k.ppid, start_of(k, bsd::boot_time_us())};
}

// psutil's POSIX rule: a name of 15 characters or more may be cut (COMMLEN); the base name of
// cmdline[0] is used when it starts with it.
std::string proc_name(const proc_ref& p) {
  const bsd::kproc k = kinfo(p);
  if (k.name.size() < 15) return k.name;
  std::vector<std::string> args;
  try {
    args = bsd::cmdline(k);
  } catch (const zombie_process&) {
  } catch (const access_denied&) {
  }
  return long_process_name(k.name, args);
}

std::string proc_exe(const proc_ref& p) { return bsd::exe(kinfo(p)); }
std::vector<std::string> proc_cmdline(const proc_ref& p) { return bsd::cmdline(kinfo(p)); }
std::map<std::string, std::string> proc_environ(const proc_ref& p) {
  return bsd::environ(kinfo(p));
}
double proc_create_time(const proc_ref& p) { return bsd::us_to_seconds(kinfo(p).start_us); }
std::string proc_status(const proc_ref& p) {
  return bsd::status_name(bsd::k_flavor, kinfo(p).stat);
}
std::string proc_cwd(const proc_ref& p) { return bsd::cwd(kinfo(p)); }
std::string proc_username(const proc_ref& p) { return posix::user_name(kinfo(p).ruid); }

uids_t proc_uids(const proc_ref& p) {
  const bsd::kproc k = kinfo(p);
  return {k.ruid, k.euid, k.suid};
}

gids_t proc_gids(const proc_ref& p) {
  const bsd::kproc k = kinfo(p);
  return {k.rgid, k.egid, k.sgid};
}

std::optional<std::string> proc_terminal(const proc_ref& p) {
  const bsd::kproc k = kinfo(p);
  if (!k.tdev) return std::nullopt;
  return posix::terminal_of(*k.tdev);
}

// psutil gives the rusage block counts with read_bytes / write_bytes -1 (unknown); psinfo's
// io_counters_t has no way yet to say that those two are absent, and a zero would be a lie.
io_counters_t proc_io_counters(const proc_ref&) {
  throw not_supported(
      "io_counters: the BSDs count block operations only, not bytes (psutil reports -1 "
      "for read_bytes and write_bytes); not available until those fields can be absent");
}

ctx_switches_t proc_num_ctx_switches(const proc_ref& p) {
  const bsd::kproc k = kinfo(p);
  return {k.nvcsw, k.nivcsw};
}

int proc_num_fds(const proc_ref& p) { return bsd::num_fds(kinfo(p)); }
int proc_num_handles(const proc_ref&) { not_on_bsd("num_handles"); }

int proc_num_threads(const proc_ref& p) {
  const bsd::kproc k = kinfo(p);
  if (k.num_threads) return *k.num_threads;
  return static_cast<int>(bsd::threads(k).size());
}

std::vector<thread_t> proc_threads(const proc_ref& p) { return bsd::threads(kinfo(p)); }
process_cpu_times_t proc_cpu_times(const proc_ref& p) { return bsd::cpu_times_from(kinfo(p)); }

std::optional<int> proc_cpu_num(const proc_ref& p) {
  if (bsd::k_flavor != bsd::flavor::freebsd) not_on_bsd("cpu_num");
  return bsd::cpu_num_from(bsd::k_flavor, kinfo(p));
}

memory_info_t proc_memory_info(const proc_ref& p) {
  return bsd::memory_info_from(kinfo(p), bsd::page_size());
}

memory_info_ex_t proc_memory_info_ex(const proc_ref& p) {
  return bsd::memory_info_ex_from(kinfo(p), bsd::page_size());
}

page_faults_t proc_page_faults(const proc_ref& p) {
  const bsd::kproc k = kinfo(p);
  return {k.minflt, k.majflt};
}

// ---- process_iter(attrs) ----------------------------------------------------------------------

// The BSDs have no ionice, num_handles, io_counters (see proc_io_counters) or
// memory_full_info (psutil's is memory_info alone there; memory_full_info_t needs uss);
// OpenBSD has no cpu_num, cpu_affinity or memory_maps either.
attr os_supported_attrs() noexcept {
  std::uint64_t none = static_cast<std::uint64_t>(attr::ionice | attr::num_handles |
                                                  attr::io_counters | attr::memory_full_info);
  if (bsd::k_flavor == bsd::flavor::openbsd)
    none |= static_cast<std::uint64_t>(attr::cpu_num | attr::cpu_affinity | attr::memory_maps);
  return static_cast<attr>(static_cast<std::uint64_t>(all_attrs) & ~none);
}

// One process table read gives every kinfo_proc; the attributes that need more (cmdline, cwd
// ...) are read per process, each left absent when denied (soft).
std::vector<process_info_t> process_snapshot(attr attrs) {
  auto want = [attrs](attr a) { return has(attrs, a); };
  const bool want_cpu_percent = want(attr::cpu_percent);
  std::optional<double> mem_total;
  if (want(attr::memory_percent)) mem_total = static_cast<double>(detail::virtual_memory().total);
  const std::uint64_t ps = bsd::page_size();
  snapshot_cpu cpu(want_cpu_percent);

  std::vector<bsd::kproc> all = bsd::all_kprocs();
  std::sort(all.begin(), all.end(),
            [](const bsd::kproc& a, const bsd::kproc& b) { return a.pid < b.pid; });
  std::vector<process_info_t> out;
  out.reserve(all.size());
  for (const bsd::kproc& k : all) {
    if (!out.empty() && out.back().pid == k.pid) continue;
    process_info_t info;
    info.pid = k.pid;
    try {
      if (want(attr::ppid)) info.ppid = k.ppid;
      if (want(attr::nice)) info.nice = k.nice;
      if (want(attr::name))
        soft([&] {
          std::vector<std::string> args;
          if (k.name.size() >= 15) soft([&] { args = bsd::cmdline(k); });
          info.name = long_process_name(k.name, args);
        });
      if (want(attr::create_time)) info.create_time = bsd::us_to_seconds(k.start_us);
      if (want(attr::status)) info.status = bsd::status_name(bsd::k_flavor, k.stat);
      if (want(attr::uids)) info.uids = uids_t{k.ruid, k.euid, k.suid};
      if (want(attr::gids)) info.gids = gids_t{k.rgid, k.egid, k.sgid};
      if (want(attr::username)) info.username = posix::user_name(k.ruid);
      if (want(attr::terminal) && k.tdev) info.terminal = posix::terminal_of(*k.tdev);
      if (want(attr::num_ctx_switches)) info.num_ctx_switches = ctx_switches_t{k.nvcsw, k.nivcsw};
      if (want(attr::cpu_times)) info.cpu_times = bsd::cpu_times_from(k);
      if (want(attr::cpu_num) && bsd::k_flavor == bsd::flavor::freebsd)
        info.cpu_num = bsd::cpu_num_from(bsd::k_flavor, k);
      if (want(attr::memory_info) || mem_total) {
        const memory_info_t m = bsd::memory_info_from(k, ps);
        if (want(attr::memory_info)) info.memory_info = m;
        if (mem_total && *mem_total > 0)
          info.memory_percent = static_cast<double>(m.rss) / *mem_total * 100.0;
      }
      if (want(attr::page_faults)) info.page_faults = page_faults_t{k.minflt, k.majflt};
      if (want_cpu_percent) {
        const process_cpu_times_t t = bsd::cpu_times_from(k);
        info.cpu_percent =
            cpu.percent(k.pid, static_cast<std::uint64_t>(k.start_us), t.user + t.system);
      }
      if (want(attr::num_threads))
        soft([&] {
          info.num_threads =
              k.num_threads ? *k.num_threads : static_cast<int>(bsd::threads(k).size());
        });
      if (want(attr::threads)) soft([&] { info.threads = bsd::threads(k); });
      if (want(attr::exe)) soft([&] { info.exe = bsd::exe(k); });
      if (want(attr::cmdline)) soft([&] { info.cmdline = bsd::cmdline(k); });
      if (want(attr::environ)) soft([&] { info.environ = bsd::environ(k); });
      if (want(attr::cwd)) soft([&] { info.cwd = bsd::cwd(k); });
      if (want(attr::num_fds)) soft([&] { info.num_fds = bsd::num_fds(k); });
      // nice is the kinfo_proc's, read above.
      fill_by_methods(k.pid,
                      static_cast<attr>(static_cast<std::uint64_t>(attrs) &
                                        ~static_cast<std::uint64_t>(attr::nice)),
                      info);
    } catch (const no_such_process&) {
      continue;  // vanished mid-scan
    }
    out.push_back(std::move(info));
  }
  cpu.commit();
  return out;
}

}  // namespace psinfo::detail
