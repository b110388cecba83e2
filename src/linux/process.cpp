// Linux processes, the core: the data methods of psinfo::process that read /proc/<pid>/{stat,
// status, statm, io, cmdline, environ, exe, cwd, fd, task}, the module functions behind pids()
// and pid_exists(), and the bulk snapshot behind process_iter(attrs).
#include <psinfo/errors.hpp>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "linux/cgroup.hpp"
#include "linux/parse.hpp"
#include "linux/process_common.hpp"
#include "linux/process_parse.hpp"
#include "linux/procfs.hpp"
#include "paths.hpp"
#include "platform.hpp"
#include "util.hpp"

namespace psinfo {
namespace detail {
namespace {

double ticks(std::uint64_t t) { return static_cast<double>(t) / clock_ticks(); }
double ticks(std::int64_t t) { return static_cast<double>(t) / clock_ticks(); }

bool pid_fits(long pid) { return pid >= 0 && pid <= INT_MAX; }

// A per-thread buffer for the methods (not scratch(): boot_time() and others use that one
// while a method may still hold a view of its file).
file_buffer& method_buffer() {
  thread_local file_buffer buf;
  return buf;
}

// Reads a /proc file whose whole content one read() returns when the buffer is big enough
// (seq_file records such as stat/status/statm/io, and cmdline): a short read is the end, which
// saves the second read() that would only return 0. Regular files (fixture trees) behave the
// same. False with errno in err.
bool read_once(const char* path, file_buffer& buf, int& err) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    err = errno;
    return false;
  }
  if (buf.capacity() < 4096) buf.grow(4096);
  std::size_t used = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf.data() + used, buf.capacity() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      err = errno;
      ::close(fd);
      buf.set_size(0);
      return false;
    }
    used += static_cast<std::size_t>(n);
    if (n == 0 || used < buf.capacity()) break;
    buf.set_size(used);
    buf.grow(used * 2);
  }
  ::close(fd);
  buf.set_size(used);
  return true;
}

// The files of one PID: "<root>/<pid>/" built once, each file name appended in place.
class pid_files {
 public:
  pid_files() = default;
  pid_files(long pid, const std::string& root) { reset(pid, root); }
  void reset(long pid, const std::string& root) {
    pid_ = pid;
    path_.assign(root);
    path_ += '/';
    char digits[24];
    auto r = std::to_chars(digits, digits + sizeof digits, pid);
    path_.append(digits, r.ptr);
    path_ += '/';
    base_ = path_.size();
  }
  long pid() const { return pid_; }
  const std::string& at(std::string_view rel) {
    path_.resize(base_);
    path_.append(rel);
    return path_;
  }
  std::string dir() const { return path_.substr(0, base_ - 1); }

  // Reads rel; failures go through psutil 8's mapping.
  std::string_view read(std::string_view rel, file_buffer& buf) {
    int err = 0;
    const std::string& p = at(rel);
    if (!read_once(p.c_str(), buf, err)) throw_proc_error(pid_, err, p);
    return buf.view();
  }

 private:
  long pid_ = 0;
  std::string path_;
  std::size_t base_ = 0;
};

pid_files files_of(long pid) { return pid_files(pid, *procfs_root()); }

// A text that does not parse: the process vanished mid-read (empty file) or the file is odd.
[[noreturn]] void throw_malformed(pid_files& f, std::string_view rel) {
  std::string path = f.at(rel);
  if (!path_exists(f.dir())) throw_proc_error(f.pid(), ENOENT, path);
  throw error("malformed " + path);
}

void load_stat(pid_files& f, file_buffer& buf, proc_stat& out) {
  if (!parse_proc_stat(f.read("stat", buf), out)) throw_malformed(f, "stat");
}
void load_statm(pid_files& f, file_buffer& buf, proc_statm& out) {
  auto m = parse_proc_statm(f.read("statm", buf));
  if (!m) throw_malformed(f, "statm");
  out = *m;
}
void load_status(pid_files& f, file_buffer& buf, proc_status_fields& out,
                 unsigned want = status_all) {
  std::string_view text = f.read("status", buf);
  if (text.empty()) throw_malformed(f, "status");
  out = parse_proc_status(text, want);
}

// psutil 8's cmdline(): an empty file is a zombie's (zombie_process) or a kernel thread's ([]).
// state: the stat state already known (0: read it).
std::vector<std::string> load_cmdline(pid_files& f, file_buffer& buf, char state = 0) {
  std::string_view data = f.read("cmdline", buf);
  if (data.empty()) {
    if (state ? state == 'Z' : is_zombie(f.pid()))
      throw_proc_error(f.pid(), ESRCH, f.at("cmdline"));
    return {};
  }
  return parse_proc_cmdline(data);
}

bool readlink_str(const char* path, std::string& out, int& err) {
  std::size_t cap = 256;
  for (;;) {
    out.resize(cap);
    ssize_t n = ::readlink(path, &out[0], cap);
    if (n < 0) {
      err = errno;
      return false;
    }
    if (static_cast<std::size_t>(n) < cap) {
      out.resize(static_cast<std::size_t>(n));
      return true;
    }
    cap *= 4;
  }
}

bool exists_strict(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}
bool lexists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

// psutil 8's exe()/cwd() readlink: a link that cannot be read although <proc>/<pid> is there
// is a zombie's (zombie_process) or a kernel thread's ("").
std::string load_link(pid_files& f, std::string_view rel) {
  std::string target;
  int err = 0;
  const std::string& p = f.at(rel);
  if (readlink_str(p.c_str(), target, err))
    return clean_link_target(target, [](const std::string& s) { return exists_strict(s); });
  std::string path = p;
  if (err == ENOENT || err == ESRCH) {
    if (is_zombie(f.pid())) throw_proc_error(f.pid(), err, path);
    if (lexists(f.dir())) return "";
  }
  throw_proc_error(f.pid(), err, path);
}

// psutil's Process.exe(): the link, else (empty or denied) cmdline[0] when it is an absolute
// path to an executable regular file. `get_cmdline` is called only if needed.
template <class CmdlineFn>
std::string exe_with_fallback(pid_files& f, CmdlineFn get_cmdline) {
  auto guess = [&]() -> std::optional<std::string> {
    std::vector<std::string> cmd = get_cmdline();
    if (!cmd.empty() && !cmd[0].empty() && cmd[0][0] == '/') {
      struct stat st;
      if (::stat(cmd[0].c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
          ::access(cmd[0].c_str(), X_OK) == 0)
        return cmd[0];
    }
    return std::nullopt;
  };
  std::string exe;
  try {
    exe = load_link(f, "exe");
  } catch (const access_denied&) {
    if (auto g = guess()) return *g;
    throw;
  }
  if (exe.empty()) {
    try {
      if (auto g = guess()) exe = *g;
    } catch (const access_denied&) {
    }
  }
  return exe;
}

int count_dir(pid_files& f, std::string_view rel) {
  const std::string& p = f.at(rel);
  int n = 0;
  if (int err = for_each_name(p, [&n](const char*) { ++n; })) throw_proc_error(f.pid(), err, p);
  return n;
}

// psutil's threads(): task/ names sorted as strings; a thread that vanished is skipped.
std::vector<thread_t> load_threads(pid_files& f, file_buffer& buf) {
  std::string task = f.at("task");
  std::vector<std::string> names;
  if (int err = for_each_name(task, [&names](const char* name) { names.emplace_back(name); }))
    throw_proc_error(f.pid(), err, task);
  std::sort(names.begin(), names.end());
  std::vector<thread_t> out;
  out.reserve(names.size());
  bool vanished = false;
  proc_stat st;
  std::string rel;
  for (const std::string& tid : names) {
    rel = "task/" + tid + "/stat";
    int err = 0;
    const std::string& p = f.at(rel);
    if (!read_once(p.c_str(), buf, err)) {
      if (err == ENOENT || err == ESRCH) {
        vanished = true;
        continue;
      }
      throw_proc_error(f.pid(), err, p);
    }
    // Unlike psutil (text after the first ')'), the last ')' so a thread named "a) b" parses.
    if (!parse_proc_stat(buf.view(), st)) {
      vanished = true;
      continue;
    }
    auto id = to_i64(tid);
    if (!id) continue;
    out.push_back(thread_t{static_cast<long>(*id), ticks(st.utime), ticks(st.stime)});
  }
  if (vanished && !lexists(f.dir())) throw_proc_error(f.pid(), ENOENT, f.dir());
  return out;
}

process_cpu_times_t cpu_times_of(const proc_stat& s) {
  process_cpu_times_t t;
  t.user = ticks(s.utime);
  t.system = ticks(s.stime);
  t.children_user = ticks(s.cutime);
  t.children_system = ticks(s.cstime);
  if (s.blkio_ticks) t.iowait = ticks(*s.blkio_ticks);
  return t;
}

// --- user names ---------------------------------------------------------------------------

// psutil's pwd.getpwuid(uid).pw_name, else str(uid).
std::string lookup_user_name(long uid, bool& definite) {
  std::size_t size = 1024;
  long hint = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  if (hint > 0) size = static_cast<std::size_t>(hint);
  std::unique_ptr<char[]> mem;
  for (;;) {
    mem.reset(new char[size]);
    struct passwd pw, *res = nullptr;
    int rc = ::getpwuid_r(static_cast<uid_t>(uid), &pw, mem.get(), size, &res);
    if (rc == ERANGE && size < (1u << 20)) {
      size *= 4;
      continue;
    }
    definite = rc == 0;  // found, or known not to exist; not a failure to look
    if (rc == 0 && res) return res->pw_name;
    return std::to_string(uid);
  }
}

// uid -> name, kept while /etc/passwd stays the same file: getpwuid_r costs two nscd probes,
// a stat of nsswitch.conf and a parse of /etc/passwd per call; this costs one stat.
class user_name_cache {
 public:
  struct file_id {
    dev_t dev = 0;
    ino_t ino = 0;
    off_t size = -1;
    struct timespec mtime = {0, 0}, ctime = {0, 0};
    bool operator==(const file_id& o) const {
      return dev == o.dev && ino == o.ino && size == o.size && mtime.tv_sec == o.mtime.tv_sec &&
             mtime.tv_nsec == o.mtime.tv_nsec && ctime.tv_sec == o.ctime.tv_sec &&
             ctime.tv_nsec == o.ctime.tv_nsec;
    }
  };

  // The identity of /etc/passwd now; the names cached for another one are dropped.
  file_id check() {
    file_id id;
    struct stat st;
    if (::stat("/etc/passwd", &st) == 0)
      id = file_id{st.st_dev, st.st_ino, st.st_size, st.st_mtim, st.st_ctim};
    std::lock_guard<std::mutex> lock(mu_);
    if (!(id == id_)) {
      names_.clear();
      id_ = id;
    }
    return id;
  }

  // The name of uid; `id` is what check() returned before (a name looked up after a change of
  // the file is kept only under the new identity).
  std::string name(long uid, const file_id& id) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = names_.find(uid);
      if (it != names_.end()) return it->second;
    }
    bool definite = false;
    std::string n = lookup_user_name(uid, definite);
    if (definite) {
      std::lock_guard<std::mutex> lock(mu_);
      if (id == id_) names_.emplace(uid, n);
    }
    return n;
  }

 private:
  std::mutex mu_;
  file_id id_;
  std::unordered_map<long, std::string> names_;
};

user_name_cache& user_names() {
  static user_name_cache* c = new user_name_cache;  // never destroyed: usable during exit
  return *c;
}

std::string user_name(long uid) {
  user_name_cache& c = user_names();
  return c.name(uid, c.check());
}

// --- terminals ----------------------------------------------------------------------------

class terminal_map {
 public:
  // The /dev path of a tty_nr; with allow_rebuild, a miss rebuilds the map once (psutil 8).
  std::optional<std::string> find(std::int64_t tty_nr, bool allow_rebuild) {
    if (tty_nr == 0) return std::nullopt;
    auto nr = static_cast<std::uint64_t>(tty_nr);
    dev_t dev = makedev(static_cast<unsigned>((nr >> 8) & 0xfff),
                        static_cast<unsigned>((nr & 0xff) | ((nr >> 12) & 0xfff00)));
    std::lock_guard<std::mutex> lock(mu_);
    if (!built_)
      rebuild();
    else if (map_.find(dev) == map_.end() && allow_rebuild)
      rebuild();
    auto it = map_.find(dev);
    if (it == map_.end()) return std::nullopt;
    return it->second;
  }

 private:
  void add_dir(const std::string& dir, const char* prefix) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    std::size_t plen = std::strlen(prefix);
    while (struct dirent* e = ::readdir(d)) {
      if (e->d_name[0] == '.' || std::strncmp(e->d_name, prefix, plen) != 0) continue;
      std::string path = dir + "/" + e->d_name;
      struct stat st;
      if (::stat(path.c_str(), &st) == 0) map_[st.st_rdev] = std::move(path);
    }
    ::closedir(d);
  }
  void rebuild() {
    map_.clear();
    add_dir("/dev", "tty");
    add_dir("/dev/pts", "");
    built_ = true;
  }

  std::mutex mu_;
  std::unordered_map<dev_t, std::string> map_;
  bool built_ = false;
};

terminal_map& terminals() {
  static terminal_map* m = new terminal_map;  // never destroyed: usable during exit
  return *m;
}

// --- the oneshot cache --------------------------------------------------------------------

// A parsed /proc/<pid> file: from the oneshot cache when one is active (filled on first use),
// else read now.
template <class T, class Load>
T cached(const proc_ref& p, std::optional<T> proc_oneshot::*slot, Load load) {
  proc_oneshot* c = oneshot_cache<proc_oneshot>(p);
  if (c && c->*slot) return *(c->*slot);
  pid_files f = files_of(p.pid);
  T v;
  load(f, method_buffer(), v);
  if (c) c->*slot = v;
  return v;
}

proc_stat get_stat(const proc_ref& p) { return cached(p, &proc_oneshot::stat, load_stat); }
// want: the lines the caller needs. Outside oneshot only those are parsed (Uid and Gid are
// near the top of ~55 lines); a oneshot cache keeps them all.
proc_status_fields get_status(const proc_ref& p, unsigned want) {
  if (!oneshot_cache<proc_oneshot>(p)) {
    pid_files f = files_of(p.pid);
    proc_status_fields s;
    load_status(f, method_buffer(), s, want);
    return s;
  }
  return cached(p, &proc_oneshot::status,
                [](pid_files& f, file_buffer& b, proc_status_fields& s) { load_status(f, b, s); });
}
proc_statm get_statm(const proc_ref& p) { return cached(p, &proc_oneshot::statm, load_statm); }

[[noreturn]] void throw_missing(long pid, const char* what) {
  throw error(pid_path(pid, "status") + ": no valid '" + what + "' line");
}

std::vector<long> list_pids() {
  std::vector<long> out;
  std::string root = *procfs_root();
  const int err = for_each_name(root, [&out](const char* s) {
    if (*s < '0' || *s > '9') return;
    long v = 0;
    auto r = std::from_chars(s, s + std::strlen(s), v);
    if (r.ec == std::errc() && *r.ptr == 0) out.push_back(v);
  });
  if (err) throw_errno(err, "cannot list", root);
  std::sort(out.begin(), out.end());
  return out;
}

// psutil's BOOT_TIME: create_time() adds the boot time it read once (btime is fixed for the
// boot). Keyed on the procfs root object: set_procfs_path() makes a new one, and holding it
// keeps its address from being reused.
double cached_boot_time() {
  struct slot {
    std::mutex mu;
    std::shared_ptr<const std::string> root;
    double btime = 0;
  };
  static slot* s = new slot;  // never destroyed: usable during exit
  std::shared_ptr<const std::string> root = procfs_root();
  std::lock_guard<std::mutex> lock(s->mu);
  if (s->root != root) {
    s->btime = boot_time();
    s->root = std::move(root);
  }
  return s->btime;
}

// The last stat proc_start_time() read on this thread, for parents(): the ancestor it has just
// constructed answers its first ppid() from that read (see process::state::ppid_from_ctor).
struct ctor_stat {
  long pid = -1;
  std::uint64_t starttime = 0;
  long ppid = 0;
};
ctor_stat& last_ctor_stat() {
  thread_local ctor_stat s;
  return s;
}

}  // namespace

// --- the internal contract ----------------------------------------------------------------

double proc_start_time(long pid) {
  if (!pid_fits(pid))
    throw no_such_process(pid, "process PID not found (pid=" + std::to_string(pid) + ")");
  pid_files f = files_of(pid);
  int err = 0;
  file_buffer& buf = method_buffer();
  const std::string& p = f.at("stat");
  if (!read_once(p.c_str(), buf, err)) {
    if (err == ENOENT || err == ESRCH)
      throw no_such_process(pid, "process PID not found (pid=" + std::to_string(pid) + ")");
    throw_proc_error(pid, err, p);
  }
  proc_stat s;
  if (!parse_proc_stat(buf.view(), s)) throw_malformed(f, "stat");
  last_ctor_stat() = ctor_stat{pid, s.starttime, s.ppid};
  return ticks(s.starttime);
}

std::vector<long> pids() { return list_pids(); }

bool pid_exists(long pid) {
  if (pid < 0 || pid > INT_MAX) return false;
  if (pid == 0) {
    std::vector<long> all = list_pids();
    return std::binary_search(all.begin(), all.end(), 0L);
  }
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
  file_buffer& buf = method_buffer();
  pid_files f = files_of(pid);
  int err = 0;
  if (read_once(f.at("status").c_str(), buf, err))
    if (auto tgid = parse_proc_status_tgid(buf.view())) return *tgid == pid;
  std::vector<long> all = list_pids();
  return std::binary_search(all.begin(), all.end(), pid);
}

std::map<long, long> ppid_map() {
  std::map<long, long> out;
  std::string root = *procfs_root();
  file_buffer& buf = method_buffer();
  pid_files f;
  proc_stat s;
  for (long pid : list_pids()) {
    f.reset(pid, root);
    int err = 0;
    const std::string& p = f.at("stat");
    if (!read_once(p.c_str(), buf, err)) {
      if (err == EACCES || err == EPERM) throw_proc_error(pid, err, p);
      continue;  // vanished
    }
    if (parse_proc_stat(buf.view(), s)) out.emplace_hint(out.end(), pid, s.ppid);
  }
  return out;
}

namespace {}  // namespace

std::vector<process_info_t> process_snapshot(attr attrs) {
  auto want = [attrs](attr a) { return has(attrs, a); };
  const bool want_cpu_percent = want(attr::cpu_percent);
  const bool need_stat = want(attr::ppid) || want(attr::name) || want(attr::status) ||
                         want(attr::num_threads) || want(attr::cpu_times) || want(attr::cpu_num) ||
                         want(attr::create_time) || want(attr::page_faults) ||
                         want(attr::terminal) || want(attr::nice) || want_cpu_percent;
  // nice comes from the stat line read anyway (what getpriority says for the PID, in the same
  // read), not through a process object (a second stat read, then getpriority).
  const attr by_method_attrs = static_cast<attr>(static_cast<std::uint64_t>(attrs) &
                                                 ~static_cast<std::uint64_t>(attr::nice));
  const bool need_statm = want(attr::memory_info) || want(attr::memory_percent);
  const bool need_status =
      want(attr::uids) || want(attr::gids) || want(attr::username) || want(attr::num_ctx_switches);

  const std::string root = *procfs_root();
  std::vector<long> all = list_pids();
  std::vector<process_info_t> out;
  out.reserve(all.size());

  std::optional<double> btime;
  if (want(attr::create_time)) btime = cached_boot_time();
  std::optional<double> mem_total;
  if (want(attr::memory_percent)) mem_total = static_cast<double>(detail::virtual_memory().total);

  snapshot_cpu cpu(want_cpu_percent);
  // The cgroup files once per distinct cgroup of the scan.
  std::optional<cgroup_scan> cgroups;
  if (want(attr::cgroup)) cgroups.emplace();

  // uid -> name: /etc/passwd checked once for the scan.
  user_name_cache::file_id passwd_id;
  if (want(attr::username)) passwd_id = user_names().check();
  auto name_of = [&passwd_id](long uid) { return user_names().name(uid, passwd_id); };
  bool tty_rebuilt = false;

  thread_local file_buffer buf;
  pid_files f;
  proc_stat st;
  proc_statm sm;
  proc_status_fields ss;
  const std::uint64_t page = page_size();

  for (long pid : all) {
    f.reset(pid, root);
    process_info_t info;
    info.pid = pid;
    try {
      char known_state = 0;  // lets cmdline skip re-reading stat for its zombie test
      if (need_stat) {
        bool have = false;
        soft([&] {
          load_stat(f, buf, st);
          have = true;
        });
        if (have) {
          known_state = st.state;
          if (want(attr::ppid)) info.ppid = st.ppid;
          if (want(attr::name)) info.name = st.name;
          if (want(attr::status)) info.status = proc_status_string(st.state);
          if (want(attr::num_threads)) info.num_threads = static_cast<int>(st.num_threads);
          if (want(attr::nice)) info.nice = st.nice;
          if (want(attr::cpu_times)) info.cpu_times = cpu_times_of(st);
          if (want(attr::cpu_num) && st.processor) info.cpu_num = st.processor;
          if (want(attr::create_time)) info.create_time = ticks(st.starttime) + *btime;
          if (want(attr::page_faults)) info.page_faults = page_faults_t{st.minflt, st.majflt};
          if (want(attr::terminal)) {
            info.terminal = terminals().find(st.tty_nr, false);
            if (!info.terminal && st.tty_nr != 0 && !tty_rebuilt) {
              tty_rebuilt = true;
              info.terminal = terminals().find(st.tty_nr, true);
            }
          }
          if (want_cpu_percent) {
            info.cpu_percent = cpu.percent(pid, st.starttime, ticks(st.utime) + ticks(st.stime));
          }
        }
      }
      if (need_statm) {
        soft([&] {
          load_statm(f, buf, sm);
          memory_info_t mi = statm_to_memory_info(sm, page);
          if (mem_total && *mem_total > 0)
            info.memory_percent = static_cast<double>(mi.rss) / *mem_total * 100.0;
          if (want(attr::memory_info)) info.memory_info = mi;
        });
      }
      if (need_status) {
        soft([&] {
          unsigned mask =
              (want(attr::uids) || want(attr::gids) || want(attr::username) ? status_ids : 0u) |
              (want(attr::num_ctx_switches) ? status_ctx : 0u);
          load_status(f, buf, ss, mask);
          if (want(attr::uids)) info.uids = ss.uids;
          if (want(attr::gids)) info.gids = ss.gids;
          if (want(attr::username) && ss.uids) info.username = name_of(ss.uids->real);
          if (want(attr::num_ctx_switches)) info.num_ctx_switches = ss.ctx_switches;
        });
      }
      // cmdline: asked for, or needed by a long name or by exe's fallback (loaded once).
      std::optional<std::vector<std::string>> cmd;
      bool cmd_tried = false;
      auto get_cmdline = [&]() -> const std::vector<std::string>& {
        if (!cmd_tried) {
          cmd_tried = true;
          soft([&] { cmd = load_cmdline(f, buf, known_state); });
        }
        if (!cmd) throw access_denied("cmdline");  // the caller treats it as unavailable
        return *cmd;
      };
      if (want(attr::cmdline)) {
        cmd_tried = true;
        soft([&] { cmd = load_cmdline(f, buf, known_state); });
        info.cmdline = cmd;
      }
      if (info.name && info.name->size() >= 15) {
        try {
          info.name = long_process_name(*info.name, get_cmdline());
        } catch (const access_denied&) {
        }
      }
      if (want(attr::exe))
        soft([&] { info.exe = exe_with_fallback(f, [&] { return get_cmdline(); }); });
      if (want(attr::cwd)) soft([&] { info.cwd = load_link(f, "cwd"); });
      if (want(attr::environ))
        soft([&] {
          file_buffer& eb = method_buffer();
          const std::string& p = f.at("environ");
          int err = 0;
          if (!try_read_file(p, eb, &err)) throw_proc_error(pid, err, p);
          info.environ = parse_proc_environ(eb.view());
        });
      if (want(attr::io_counters))
        soft([&] { info.io_counters = parse_proc_io(f.read("io", buf)); });
      if (want(attr::num_fds)) soft([&] { info.num_fds = count_dir(f, "fd"); });
      if (want(attr::threads)) soft([&] { info.threads = load_threads(f, buf); });
      if (cgroups) soft([&] { info.cgroup = cgroups->get(pid); });
      fill_by_methods(pid, by_method_attrs, info);
    } catch (const no_such_process&) {
      continue;  // vanished mid-scan
    }
    out.push_back(std::move(info));
  }
  cpu.commit();
  return out;
}

// --- the data methods -----------------------------------------------------------------------

ppid_t proc_ppid(const proc_ref& p) {
  if (p.st && p.st->ppid_from_ctor) {
    p.st->ppid_from_ctor = false;
    ctor_stat& c = last_ctor_stat();
    if (c.pid == p.pid && p.start != 0 && ticks(c.starttime) == p.start) {
      c.pid = -1;
      return {c.ppid, p.start};
    }
  }
  proc_stat s = get_stat(p);
  return {s.ppid, ticks(s.starttime)};
}

std::string proc_name(const proc_ref& p) {
  proc_stat s = get_stat(p);
  if (s.name.size() < 15) return s.name;
  try {
    return long_process_name(s.name, proc_cmdline(p));
  } catch (const access_denied&) {
  } catch (const zombie_process&) {
  }
  return s.name;
}

std::string proc_exe(const proc_ref& p) {
  pid_files f = files_of(p.pid);
  return exe_with_fallback(f, [&p] { return proc_cmdline(p); });
}

std::vector<std::string> proc_cmdline(const proc_ref& p) {
  pid_files f = files_of(p.pid);
  return load_cmdline(f, method_buffer());
}

std::map<std::string, std::string> proc_environ(const proc_ref& p) {
  pid_files f = files_of(p.pid);
  file_buffer& buf = method_buffer();
  const std::string& path = f.at("environ");
  int err = 0;
  if (!try_read_file(path, buf, &err)) throw_proc_error(p.pid, err, path);
  return parse_proc_environ(buf.view());
}

double proc_create_time(const proc_ref& p) {
  const double start = p.start != 0 ? p.start : ticks(get_stat(p).starttime);
  return start + cached_boot_time();
}

std::string proc_status(const proc_ref& p) { return proc_status_string(get_stat(p).state); }

std::string proc_cwd(const proc_ref& p) {
  pid_files f = files_of(p.pid);
  return load_link(f, "cwd");
}

std::string proc_username(const proc_ref& p) { return user_name(proc_uids(p).real); }

uids_t proc_uids(const proc_ref& p) {
  proc_status_fields s = get_status(p, status_ids);
  if (!s.uids) throw_missing(p.pid, "Uid:");
  return *s.uids;
}

gids_t proc_gids(const proc_ref& p) {
  proc_status_fields s = get_status(p, status_ids);
  if (!s.gids) throw_missing(p.pid, "Gid:");
  return *s.gids;
}

std::optional<std::string> proc_terminal(const proc_ref& p) {
  return terminals().find(get_stat(p).tty_nr, true);
}

io_counters_t proc_io_counters(const proc_ref& p) {
  pid_files f = files_of(p.pid);
  return parse_proc_io(f.read("io", method_buffer()));
}

ctx_switches_t proc_num_ctx_switches(const proc_ref& p) {
  proc_status_fields s = get_status(p, status_ctx);
  if (!s.ctx_switches)
    throw not_supported(
        "num_ctx_switches: no 'voluntary_ctxt_switches' and "
        "'nonvoluntary_ctxt_switches' lines in " +
        pid_path(p.pid, "status"));
  return *s.ctx_switches;
}

int proc_num_fds(const proc_ref& p) {
  pid_files f = files_of(p.pid);
  return count_dir(f, "fd");
}

int proc_num_handles(const proc_ref&) { throw not_supported("num_handles: Windows only"); }

int proc_num_threads(const proc_ref& p) { return static_cast<int>(get_stat(p).num_threads); }

std::vector<thread_t> proc_threads(const proc_ref& p) {
  pid_files f = files_of(p.pid);
  return load_threads(f, method_buffer());
}

process_cpu_times_t proc_cpu_times(const proc_ref& p) { return cpu_times_of(get_stat(p)); }

std::optional<int> proc_cpu_num(const proc_ref& p) { return get_stat(p).processor; }

memory_info_t proc_memory_info(const proc_ref& p) {
  return statm_to_memory_info(get_statm(p), page_size());
}

// psutil 8's _pslinux memory_info_ex: statm's memory_info and the status lines. A kernel
// thread has no Vm*/Rss* lines: those fields stay absent (psutil gives 0).
memory_info_ex_t proc_memory_info_ex(const proc_ref& p) {
  memory_info_ex_t m;
  m.info = proc_memory_info(p);
  proc_status_fields s = get_status(p, status_mem);
  m.peak_rss = s.vm_hwm;
  m.peak_vms = s.vm_peak;
  m.rss_anon = s.rss_anon;
  m.rss_file = s.rss_file;
  m.rss_shmem = s.rss_shmem;
  m.swap = s.vm_swap;
  m.hugetlb = s.hugetlb;
  return m;
}

page_faults_t proc_page_faults(const proc_ref& p) {
  proc_stat s = get_stat(p);
  return page_faults_t{s.minflt, s.majflt};
}

attr os_supported_attrs() noexcept {
  return static_cast<attr>(static_cast<std::uint64_t>(all_attrs) &
                           ~static_cast<std::uint64_t>(attr::num_handles));
}

}  // namespace detail
}  // namespace psinfo
