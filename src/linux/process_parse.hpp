// Pure parsers of /proc/<pid>/ files (stat, status, statm, io, cmdline, environ): text in,
// struct out, no file access, so each is tested on recorded and hand-made inputs. Shared by
// every Linux process file (process.cpp, process_mem.cpp, process_ctl.cpp ...).
#pragma once

#include <psinfo/process.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util.hpp"  // long_process_name

namespace psinfo::detail {

// /proc/<pid>/stat (also task/<tid>/stat). Field numbers are counted after the last ')',
// 0 being the state, as in PSUTIL-LINUX.md section 7.
struct proc_stat {
  std::string name;              // comm: between the first '(' and the last ')', raw bytes
  char state = '?';              // 0
  long ppid = 0;                 // 1
  std::int64_t tty_nr = 0;       // 4 (the kernel's new_encode_dev form)
  std::uint64_t minflt = 0;      // 7
  std::uint64_t majflt = 0;      // 9
  std::uint64_t utime = 0;       // 11, ticks
  std::uint64_t stime = 0;       // 12
  std::int64_t cutime = 0;       // 13 (signed in the kernel)
  std::int64_t cstime = 0;       // 14
  int nice = 0;                  // 16 (getpriority(PRIO_PROCESS, pid)'s value)
  long num_threads = 0;          // 17
  std::uint64_t starttime = 0;   // 19, ticks since boot
  std::optional<int> processor;  // 36, absent on kernels that do not have it
  std::optional<std::uint64_t> blkio_ticks;  // 39, delay accounting's blkio ticks
};
// False when the text is not a stat line (no "(...)", fewer than 20 fields after ')', or a
// field that is not a number); `out` is then unspecified.
bool parse_proc_stat(std::string_view text, proc_stat& out);
std::optional<proc_stat> parse_proc_stat(std::string_view text);
// The state char (2 bytes after the last ')'), 0 if there is none. The zombie test.
char parse_proc_stat_state(std::string_view text);

// psutil's status() string for a stat state char ("running", "sleeping" ... "?").
const char* proc_status_string(char state) noexcept;

// /proc/<pid>/status: the lines psutil reads. Absent when the line is missing or malformed.
struct proc_status_fields {
  std::optional<long> tgid;
  std::optional<uids_t> uids;  // Uid: real effective saved
  std::optional<gids_t> gids;  // Gid:
  std::optional<long> threads;
  // voluntary_ctxt_switches / nonvoluntary_ctxt_switches: absent unless both are there.
  std::optional<ctx_switches_t> ctx_switches;
  // memory_info_ex's lines (status_mem), bytes (kB * 1024): VmPeak, VmHWM, RssAnon, RssFile,
  // RssShmem, VmSwap, HugetlbPages. A kernel thread has none of them.
  std::optional<std::uint64_t> vm_peak, vm_hwm, rss_anon, rss_file, rss_shmem, vm_swap, hugetlb;
};
// want: which lines are needed (status_all by default); parsing stops once they were seen.
enum : unsigned {
  status_tgid = 1,
  status_ids = 2,
  status_threads = 4,
  status_ctx = 8,
  status_mem = 16,
  status_all = 31
};
proc_status_fields parse_proc_status(std::string_view text, unsigned want = status_all);
// Only the Tgid: line (pid_exists), stopping at it.
std::optional<long> parse_proc_status_tgid(std::string_view text);
// The CPUs of the Cpus_allowed_list: line (the affinity mask), ascending; empty without one
// or when it does not parse.
std::vector<int> parse_proc_status_cpus_allowed(std::string_view text);

// /proc/<pid>/statm, pages.
struct proc_statm {
  std::uint64_t size = 0, resident = 0, shared = 0, text = 0, lib = 0, data = 0, dirty = 0;
};
std::optional<proc_statm> parse_proc_statm(std::string_view text);
// psutil 8's memory_info (rss, vms, shared, text, data) in bytes; a product that would
// overflow 64 bits saturates at UINT64_MAX.
memory_info_t statm_to_memory_info(const proc_statm& m, std::uint64_t page_size);

// /proc/<pid>/io. Throws psinfo::error when the text is empty or a key psutil needs is
// missing (psutil: RuntimeError / ValueError).
io_counters_t parse_proc_io(std::string_view text);

// /proc/<pid>/cmdline by psutil's rules (empty text -> empty list; the caller decides about
// zombies).
std::vector<std::string> parse_proc_cmdline(std::string_view text);
// /proc/<pid>/environ by psutil's rules.
std::map<std::string, std::string> parse_proc_environ(std::string_view text);

// A readlink() target of exe/cwd/fd as psutil cleans it: cut at the first NUL; drop a
// trailing " (deleted)" when `literal_exists` (does the path with the suffix exist?) is false.
// The caller supplies that test so this stays pure.
template <class ExistsFn>
std::string clean_link_target(std::string_view target, ExistsFn literal_exists) {
  std::size_t nul = target.find('\0');
  if (nul != std::string_view::npos) target = target.substr(0, nul);
  constexpr std::string_view deleted = " (deleted)";
  std::string path(target);
  if (target.size() >= deleted.size() && target.substr(target.size() - deleted.size()) == deleted &&
      !literal_exists(path))
    path.resize(path.size() - deleted.size());
  return path;
}

// The Linux backend's oneshot cache, kept behind process::state::os while a oneshot_guard
// lives: the parsed files of process.cpp, and a free slot for other backend files (smaps...).
struct proc_oneshot {
  std::optional<proc_stat> stat;
  std::optional<proc_status_fields> status;
  std::optional<proc_statm> statm;
  std::optional<std::string> smaps;  // the text: psutil memoizes _read_smaps_file too
  std::shared_ptr<void> more;        // for process_mem.cpp & co.
};

}  // namespace psinfo::detail
