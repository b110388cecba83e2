// Leaks and growth: every public function of the C++ and the C API called many times; every
// list the C API returns freed with its own free function. In the ASan build LeakSanitizer
// (detect_leaks=1) fails the run on any leak at exit; in the normal build VmRSS (read from the
// kernel) must stay flat within a generous bound. PSINFO_LEAK_SCALE scales the loops.
#include <catch2/catch.hpp>
#include <psinfo/psinfo.h>
#include <psinfo/psinfo.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "common.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define REL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REL_ASAN 1
#endif
#endif

namespace {

// PSINFO_LEAK_SCALE multiplies every loop count (default 1; 0.02 for a valgrind run).
double scale() {
  const char* v = std::getenv("PSINFO_LEAK_SCALE");
  double r = v ? std::strtod(v, nullptr) : 1;
  return r > 0 ? r : 1;
}

struct counted {
  const char* name;
  int times;  // per round
  std::function<void()> fn;
};

// Runs each function `times * rounds` times (after one warm-up call); returns the call count.
long run_all(const std::vector<counted>& fns) {
  long calls = 0;
  for (const auto& f : fns) {
    try {
      f.fn();  // warm-up: caches, thread_local state, first-use allocations
    } catch (const psinfo::error&) {
    }
  }
  const double k = scale();
  for (const auto& f : fns) {
    const long n = std::max(1L, static_cast<long>(f.times * k));
    for (long i = 0; i < n; ++i) {
      try {
        f.fn();
      } catch (const psinfo::error&) {
        // An error path must not leak either (e.g. access_denied on another user's process).
      }
      ++calls;
    }
  }
  return calls;
}

void check_rss(long before_kb, long after_kb, long calls, const char* what) {
  std::printf("%s: %ld calls, VmRSS %ld kB -> %ld kB\n", what, calls, before_kb, after_kb);
#ifdef REL_ASAN
  (void)calls;
  // ASan's quarantine keeps freed memory (up to 256 MB): RSS says nothing here; LeakSanitizer
  // does the checking at exit.
#else
  // Under valgrind (its preload library in LD_PRELOAD) freed blocks are held back too.
  const char* pre = std::getenv("LD_PRELOAD");
  if (pre && std::strstr(pre, "vgpreload")) return;
  CHECK(after_kb - before_kb < 16 * 1024);
#endif
}

}  // namespace

TEST_CASE("C++ API: every function many times, flat RSS", "[leaks]") {
  psinfo::sampler sampler;
  auto self = psinfo::process::self();
  psinfo::process init(1);
  std::vector<counted> fns = {
      {"cpu_times", 2000, [] { (void)psinfo::cpu_times(); }},
      {"cpu_times_percpu", 1000, [] { (void)psinfo::cpu_times_percpu(); }},
      {"cpu_percent", 2000, [] { (void)psinfo::cpu_percent(); }},
      {"cpu_percent_percpu", 1000, [] { (void)psinfo::cpu_percent_percpu(); }},
      {"cpu_times_percent", 1000, [] { (void)psinfo::cpu_times_percent(); }},
      {"cpu_times_percent_percpu", 1000, [] { (void)psinfo::cpu_times_percent_percpu(); }},
      {"sampler", 1000,
       [&] {
         (void)sampler.cpu_percent();
         (void)sampler.cpu_percent_percpu();
         (void)sampler.cpu_times_percent();
         (void)sampler.cpu_times_percent_percpu();
       }},
      {"sampler objects", 1000,
       [] {
         psinfo::sampler s;
         (void)s.cpu_percent();
       }},
      {"cpu_count", 2000,
       [] {
         (void)psinfo::cpu_count(true);
         (void)psinfo::cpu_count(false);
       }},
      {"cpu_stats", 2000, [] { (void)psinfo::cpu_stats(); }},
      {"cpu_freq", 500,
       [] {
         (void)psinfo::cpu_freq();
         (void)psinfo::cpu_freq_percpu();
       }},
      {"getloadavg", 2000, [] { (void)psinfo::getloadavg(); }},
      {"virtual_memory", 2000, [] { (void)psinfo::virtual_memory(); }},
      {"swap_memory", 2000, [] { (void)psinfo::swap_memory(); }},
      {"boot_time", 2000, [] { (void)psinfo::boot_time(); }},
      {"users", 1000, [] { (void)psinfo::users(); }},
      {"procfs paths", 2000,
       [] {
         psinfo::set_procfs_path("/proc");
         psinfo::set_sysfs_path("/sys");
         (void)psinfo::procfs_path();
         (void)psinfo::sysfs_path();
         psinfo::set_procfs_path("");
         psinfo::set_sysfs_path("");
       }},
      {"version", 2000, [] { (void)psinfo::version(); }},
      {"disk_partitions", 300, [] { (void)psinfo::disk_partitions(true); }},
      {"disk_usage", 2000, [] { (void)psinfo::disk_usage("/"); }},
      {"disk_usage(missing)", 1000, [] { (void)psinfo::disk_usage("/nonexistent/x"); }},
      {"disk_io_counters", 1000,
       [] {
         (void)psinfo::disk_io_counters();
         (void)psinfo::disk_io_counters_perdisk();
         psinfo::cache_clear("disk_io_counters");
       }},
      {"net_io_counters", 1000,
       [] {
         (void)psinfo::net_io_counters();
         (void)psinfo::net_io_counters_pernic();
         psinfo::cache_clear();
       }},
      {"net_if_addrs", 500, [] { (void)psinfo::net_if_addrs(); }},
      {"net_if_stats", 500, [] { (void)psinfo::net_if_stats(); }},
      {"net_connections", 100, [] { (void)psinfo::net_connections("all"); }},
      {"net_connections(bad)", 1000, [] { (void)psinfo::net_connections("bogus"); }},
      {"sensors", 300,
       [] {
         (void)psinfo::sensors_temperatures();
         (void)psinfo::sensors_fans();
         (void)psinfo::sensors_battery();
       }},
      {"pids", 1000,
       [] {
         (void)psinfo::pids();
         (void)psinfo::pid_exists(1);
       }},
      {"process_iter", 100, [] { (void)psinfo::process_iter(); }},
      {"process_iter(all)", 10, [] { (void)psinfo::process_iter(psinfo::all_attrs); }},
      {"process(bad pid)", 1000, [] { psinfo::process p(0); }},
      {"process methods (self)", 300,
       [&] {
         auto g = self.oneshot();
         (void)self.ppid();
         (void)self.name();
         (void)self.exe();
         (void)self.cmdline();
         (void)self.environ();
         (void)self.create_time();
         (void)self.status();
         (void)self.cwd();
         (void)self.username();
         (void)self.uids();
         (void)self.gids();
         (void)self.terminal();
         (void)self.nice();
         (void)self.ionice();
         (void)self.rlimit(RLIMIT_NOFILE);
         (void)self.io_counters();
         (void)self.num_ctx_switches();
         (void)self.num_fds();
         (void)self.num_threads();
         (void)self.threads();
         (void)self.cpu_times();
         (void)self.cpu_percent();
         (void)self.cpu_num();
         (void)self.cpu_affinity();
         (void)self.memory_info();
         (void)self.memory_full_info();
         (void)self.memory_percent();
         (void)self.page_faults();
         (void)self.open_files();
         (void)self.parent();
         (void)self.parents();
         (void)self.children(true);
         (void)self.is_running();
         (void)psinfo::as_dict(self);
       }},
      {"memory_maps", 100,
       [&] {
         (void)self.memory_maps(true);
         (void)self.memory_maps(false);
       }},
      {"net_connections(self)", 100, [&] { (void)self.net_connections("all"); }},
      {"process methods (pid 1)", 300,
       [&] {
         (void)init.name();
         (void)init.exe();
         (void)init.environ();
         (void)init.cwd();
         (void)init.open_files();
         (void)init.memory_full_info();
         (void)init.io_counters();
       }},
      {"setters (self)", 500,
       [&] {
         self.nice(self.nice());
         self.cpu_affinity(self.cpu_affinity());
         self.rlimit(RLIMIT_CORE, self.rlimit(RLIMIT_CORE));
       }},
      {"wait_procs", 300,
       [] {
         pid_t pid = fork();
         if (pid == 0) _exit(3);
         std::vector<psinfo::process> v;
         v.emplace_back(pid);
         (void)psinfo::wait_procs(std::move(v), 5.0);
       }},
      {"errors", 2000,
       [] {
         try {
           (void)psinfo::cpu_percent(-1);
         } catch (const psinfo::invalid_argument&) {
         }
         try {
           (void)psinfo::attr_from_string("bogus");
         } catch (const psinfo::invalid_argument&) {
         }
       }},
  };
  long before = rel::vm_rss_kb();
  long calls = run_all(fns);
  long after = rel::vm_rss_kb();
  check_rss(before, after, calls, "leaks C++");
  if (scale() >= 1) CHECK(calls > 40000);
}

TEST_CASE("C API: every function many times, lists freed by their own free", "[leaks][capi]") {
  std::vector<counted> fns;
  auto add = [&](const char* n, int times, std::function<void()> f) {
    fns.push_back({n, times, std::move(f)});
  };
  add("scalars", 3000, [] {
    psinfo_cpu_times_t t = PSINFO_CPU_TIMES_INIT;
    psinfo_cpu_times(&t);
    double d;
    psinfo_cpu_percent(&d, 0);
    psinfo_cpu_times_percent(&t, 0);
    int32_t i;
    psinfo_cpu_count(&i, 1);
    psinfo_cpu_stats_t cs = PSINFO_CPU_STATS_INIT;
    psinfo_cpu_stats(&cs);
    double la[3];
    psinfo_getloadavg(la);
    psinfo_virtual_memory_t vm = PSINFO_VIRTUAL_MEMORY_INIT;
    psinfo_virtual_memory(&vm);
    psinfo_swap_memory_t sm = PSINFO_SWAP_MEMORY_INIT;
    psinfo_swap_memory(&sm);
    psinfo_boot_time(&d);
    psinfo_disk_usage_t du = PSINFO_DISK_USAGE_INIT;
    psinfo_disk_usage(&du, "/");
    psinfo_disk_usage(&du, "/nonexistent/x");  // the error path
    psinfo_disk_io_counters_t dio = PSINFO_DISK_IO_COUNTERS_INIT;
    psinfo_disk_io_counters(&dio, 1);
    psinfo_net_io_counters_t nio = PSINFO_NET_IO_COUNTERS_INIT;
    psinfo_net_io_counters(&nio, 1);
    psinfo_cache_clear("");
    char buf[256];
    size_t sz = sizeof buf;
    psinfo_procfs_path(buf, &sz);
    psinfo_set_procfs_path("");
    psinfo_pid_exists(&i, 1);
    (void)psinfo_last_error_message();
  });
  add("cpu lists", 1000, [] {
    size_t n;
    psinfo_cpu_times_t* t = nullptr;
    if (psinfo_cpu_times_percpu(&t, &n, sizeof *t) == 0) psinfo_free_cpu_times_percpu(t, n);
    double* p = nullptr;
    if (psinfo_cpu_percent_percpu(&p, &n, 0) == 0) psinfo_free_cpu_percent_percpu(p, n);
    if (psinfo_cpu_times_percent_percpu(&t, &n, sizeof *t, 0) == 0)
      psinfo_free_cpu_times_percent_percpu(t, n);
    psinfo_cpu_freq_t* f = nullptr;
    if (psinfo_cpu_freq_percpu(&f, &n, sizeof *f) == 0) psinfo_free_cpu_freq_percpu(f, n);
    psinfo_sampler_t* s = nullptr;
    if (psinfo_sampler_new(&s) == 0) {
      double d;
      psinfo_sampler_cpu_percent(&d, s, 0);
      if (psinfo_sampler_cpu_percent_percpu(&p, &n, s, 0) == 0)
        psinfo_free_cpu_percent_percpu(p, n);
      psinfo_sampler_free(s);
    }
  });
  add("disk/net/sensor/user lists", 300, [] {
    size_t n;
    psinfo_partition_t* pa = nullptr;
    if (psinfo_disk_partitions(&pa, &n, sizeof *pa, 1) == 0) psinfo_free_disk_partitions(pa, n);
    psinfo_disk_io_counters_t* d = nullptr;
    if (psinfo_disk_io_counters_perdisk(&d, &n, sizeof *d, 1) == 0)
      psinfo_free_disk_io_counters_perdisk(d, n);
    psinfo_net_io_counters_t* ni = nullptr;
    if (psinfo_net_io_counters_pernic(&ni, &n, sizeof *ni, 1) == 0)
      psinfo_free_net_io_counters_pernic(ni, n);
    psinfo_net_if_addr_t* a = nullptr;
    if (psinfo_net_if_addrs(&a, &n, sizeof *a) == 0) psinfo_free_net_if_addrs(a, n);
    psinfo_net_if_stats_t* st = nullptr;
    if (psinfo_net_if_stats(&st, &n, sizeof *st) == 0) psinfo_free_net_if_stats(st, n);
    psinfo_sensors_temperature_t* te = nullptr;
    if (psinfo_sensors_temperatures(&te, &n, sizeof *te, 0) == 0)
      psinfo_free_sensors_temperatures(te, n);
    psinfo_sensors_fan_t* fa = nullptr;
    if (psinfo_sensors_fans(&fa, &n, sizeof *fa) == 0) psinfo_free_sensors_fans(fa, n);
    psinfo_sensors_battery_t b = PSINFO_SENSORS_BATTERY_INIT;
    psinfo_sensors_battery(&b);
    psinfo_user_t* u = nullptr;
    if (psinfo_users(&u, &n, sizeof *u) == 0) psinfo_free_users(u, n);
  });
  add("net_connections", 100, [] {
    size_t n;
    psinfo_connection_t* c = nullptr;
    if (psinfo_net_connections(&c, &n, sizeof *c, "all") == 0) psinfo_free_net_connections(c, n);
    psinfo_net_connections(&c, &n, sizeof *c, "bogus");
  });
  add("process", 300, [] {
    size_t n;
    psinfo_process_t* h = nullptr;
    if (psinfo_process_self(&h) != 0) return;
    psinfo_process_t* dup = nullptr;
    if (psinfo_process_dup(&dup, h) == 0) psinfo_process_close(dup);
    psinfo_process_oneshot_begin(h);
    char* s = nullptr;
    if (psinfo_process_name(&s, h) == 0) psinfo_free_string(s);
    if (psinfo_process_exe(&s, h) == 0) psinfo_free_string(s);
    if (psinfo_process_cwd(&s, h) == 0) psinfo_free_string(s);
    if (psinfo_process_username(&s, h) == 0) psinfo_free_string(s);
    if (psinfo_process_status(&s, h) == 0) psinfo_free_string(s);
    if (psinfo_process_terminal(&s, h) == 0) psinfo_free_string(s);
    char** l = nullptr;
    if (psinfo_process_cmdline(&l, &n, h) == 0) psinfo_free_process_cmdline(l, n);
    if (psinfo_process_environ(&l, &n, h) == 0) psinfo_free_process_environ(l, n);
    int64_t i64;
    double d;
    int32_t i32, j32;
    psinfo_process_ppid(&i64, h);
    psinfo_process_create_time(&d, h);
    psinfo_uids_t u = PSINFO_UIDS_INIT;
    psinfo_process_uids(&u, h);
    psinfo_process_gids(&u, h);
    psinfo_process_nice(&i32, h);
    psinfo_process_ionice(&i32, &j32, h);
    int64_t soft, hard;
    psinfo_process_rlimit(&soft, &hard, h, RLIMIT_NOFILE);
    psinfo_process_io_counters_t io = PSINFO_PROCESS_IO_COUNTERS_INIT;
    psinfo_process_io_counters(&io, h);
    psinfo_ctx_switches_t cx = PSINFO_CTX_SWITCHES_INIT;
    psinfo_process_num_ctx_switches(&cx, h);
    psinfo_process_num_fds(&i32, h);
    psinfo_process_num_threads(&i32, h);
    psinfo_thread_t* th = nullptr;
    if (psinfo_process_threads(&th, &n, sizeof *th, h) == 0) psinfo_free_process_threads(th, n);
    psinfo_process_cpu_times_t ct = PSINFO_PROCESS_CPU_TIMES_INIT;
    psinfo_process_cpu_times(&ct, h);
    psinfo_process_cpu_percent(&d, h, 0);
    psinfo_process_cpu_num(&i32, h);
    int32_t* aff = nullptr;
    if (psinfo_process_cpu_affinity(&aff, &n, h) == 0) psinfo_free_process_cpu_affinity(aff, n);
    psinfo_memory_info_t mi = PSINFO_MEMORY_INFO_INIT;
    psinfo_process_memory_info(&mi, h);
    psinfo_memory_full_info_t mf = PSINFO_MEMORY_FULL_INFO_INIT;
    psinfo_process_memory_full_info(&mf, &mi, h);
    psinfo_process_memory_percent(&d, h, "rss");
    psinfo_memory_map_t* mm = nullptr;
    if (psinfo_process_memory_maps(&mm, &n, sizeof *mm, h, 1) == 0)
      psinfo_free_process_memory_maps(mm, n);
    psinfo_page_faults_t pf = PSINFO_PAGE_FAULTS_INIT;
    psinfo_process_page_faults(&pf, h);
    psinfo_open_file_t* of = nullptr;
    if (psinfo_process_open_files(&of, &n, sizeof *of, h) == 0)
      psinfo_free_process_open_files(of, n);
    psinfo_connection_t* c = nullptr;
    if (psinfo_process_net_connections(&c, &n, sizeof *c, h, "all") == 0)
      psinfo_free_net_connections(c, n);
    psinfo_process_t* par = nullptr;
    if (psinfo_process_parent(&par, h) == 0) psinfo_process_close(par);
    psinfo_process_t** pl = nullptr;
    if (psinfo_process_parents(&pl, &n, h) == 0) psinfo_free_process_list(pl, n);
    if (psinfo_process_children(&pl, &n, h, 1) == 0) psinfo_free_process_list(pl, n);
    psinfo_process_is_running(&i32, h);
    psinfo_process_info_t* info = nullptr;
    if (psinfo_process_as_dict(&info, &n, sizeof *info, h, ~0ull) == 0)
      psinfo_free_process_snapshot(info, n);
    psinfo_process_oneshot_end(h);
    psinfo_process_close(h);
    psinfo_process_open(&h, 0);  // the error path
  });
  add("pids and snapshot", 20, [] {
    size_t n;
    int64_t* p = nullptr;
    if (psinfo_pids(&p, &n) == 0) psinfo_free_pids(p, n);
    psinfo_process_info_t* info = nullptr;
    if (psinfo_process_snapshot(&info, &n, sizeof *info, ~0ull) == 0)
      psinfo_free_process_snapshot(info, n);
  });
  long before = rel::vm_rss_kb();
  long calls = run_all(fns);
  long after = rel::vm_rss_kb();
  check_rss(before, after, calls, "leaks C API");
  if (scale() >= 1) CHECK(calls > 3000);
}
