// Many threads at once on the stateful parts (cpu_percent without interval, psinfo::sampler
// objects, the nowrap counters and cache_clear, process cpu_percent on separate objects,
// process_iter(attrs), set_procfs_path) and on every other system function, for
// PSINFO_STRESS_SECONDS (default 2). Built normally and with ThreadSanitizer
// (scripts/reliability.sh), which is what finds the races; here it must not crash, hang,
// throw anything but psinfo's documented errors, or return impossible values.
#include <catch2/catch.hpp>
#include <psinfo/psinfo.h>
#include <psinfo/psinfo.hpp>

#include <atomic>
#include <cmath>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common.hpp"

namespace {

bool percent_ok(double p, double max = 100.0) { return p >= 0 && p <= max + 1e-6; }

}  // namespace

TEST_CASE("every function from many threads at once", "[threads]") {
  const double seconds = rel::env_seconds("PSINFO_STRESS_SECONDS", 2);
  std::atomic<bool> stop{false};
  std::atomic<long> calls{0};
  rel::failures fail(20);

  using job = std::function<void()>;
  auto check = [&](bool ok, const char* what) {
    if (!ok) fail.add(what);
  };
  std::vector<std::pair<const char*, job>> jobs = {
      {"cpu_percent", [&] { check(percent_ok(psinfo::cpu_percent()), "cpu_percent range"); }},
      {"cpu_percent_percpu",
       [&] {
         for (double p : psinfo::cpu_percent_percpu()) check(percent_ok(p), "percpu range");
       }},
      {"cpu_times_percent", [&] { (void)psinfo::cpu_times_percent(); }},
      {"cpu_times_percent_percpu", [&] { (void)psinfo::cpu_times_percent_percpu(); }},
      {"sampler",
       [&] {
         thread_local psinfo::sampler s;
         check(percent_ok(s.cpu_percent()), "sampler range");
         (void)s.cpu_percent_percpu();
         (void)s.cpu_times_percent();
         (void)s.cpu_times_percent_percpu();
       }},
      {"c_sampler",
       [&] {
         psinfo_sampler_t* s = nullptr;
         double d;
         check(psinfo_sampler_new(&s) == 0, "sampler_new");
         check(psinfo_sampler_cpu_percent(&d, s, 0) == 0, "c sampler percent");
         check(psinfo_cpu_percent(&d, 0) == 0, "c cpu_percent");
         psinfo_sampler_free(s);
       }},
      {"cpu_times",
       [&] {
         (void)psinfo::cpu_times();
         (void)psinfo::cpu_times_percpu();
       }},
      {"cpu_misc",
       [&] {
         (void)psinfo::cpu_count(true);
         (void)psinfo::cpu_count(false);
         (void)psinfo::cpu_stats();
         (void)psinfo::cpu_freq();
         (void)psinfo::cpu_freq_percpu();
         (void)psinfo::getloadavg();
       }},
      {"memory",
       [&] {
         auto v = psinfo::virtual_memory();
         check(v.total > 0 && percent_ok(v.percent), "virtual_memory");
         (void)psinfo::swap_memory();
       }},
      {"host",
       [&] {
         (void)psinfo::boot_time();
         (void)psinfo::users();
       }},
      {"disk_io_nowrap",
       [&] {
         (void)psinfo::disk_io_counters(true);
         (void)psinfo::disk_io_counters_perdisk(true);
       }},
      {"net_io_nowrap",
       [&] {
         (void)psinfo::net_io_counters(true);
         (void)psinfo::net_io_counters_pernic(true);
       }},
      {"cache_clear",
       [&] {
         psinfo::cache_clear("disk_io_counters");
         psinfo::cache_clear("net_io_counters");
         psinfo::cache_clear();
         (void)psinfo::disk_io_counters(false);
         (void)psinfo::net_io_counters(false);
       }},
      {"disks",
       [&] {
         (void)psinfo::disk_partitions(false);
         (void)psinfo::disk_usage("/");
       }},
      {"net",
       [&] {
         (void)psinfo::net_if_addrs();
         (void)psinfo::net_if_stats();
         (void)psinfo::net_connections("all");
       }},
      {"sensors",
       [&] {
         (void)psinfo::sensors_temperatures();
         (void)psinfo::sensors_fans();
         (void)psinfo::sensors_battery();
       }},
      {"process_cpu_percent",
       [&] {
         thread_local psinfo::process self = psinfo::process::self();
         // No upper bound: over a back-to-back interval the 1/100 s tick granularity of
         // utime/stime can give any multiple of 100 (psutil's too).
         double p = self.cpu_percent();
         check(p >= 0 && std::isfinite(p), "process cpu_percent");
         psinfo::process other(1);
         (void)other.cpu_percent();
       }},
      {"process_iter_attrs",
       [&] {
         auto v = psinfo::process_iter(psinfo::attr::pid | psinfo::attr::name |
                                       psinfo::attr::cpu_percent | psinfo::attr::memory_info |
                                       psinfo::attr::status | psinfo::attr::num_threads);
         check(!v.empty(), "process_iter empty");
       }},
      {"process_methods",
       [&] {
         auto self = psinfo::process::self();
         auto g = self.oneshot();
         (void)self.name();
         (void)self.cpu_times();
         (void)self.memory_info();
         (void)self.num_threads();
         (void)self.threads();
         (void)self.open_files();
         (void)psinfo::pids();
         (void)psinfo::process_iter();
       }},
      {"c_error_messages",
       [&] {
         // psinfo_last_error_message is per thread: each thread reads its own cause.
         psinfo_process_t* h = nullptr;
         check(psinfo_process_open(&h, -1) == PSINFO_EINVAL, "open(-1) code");
         check(std::string(psinfo_last_error_message()).find("-1") != std::string::npos,
               "open(-1) message");
         psinfo_disk_usage_t u = PSINFO_DISK_USAGE_INIT;
         check(psinfo_disk_usage(&u, "/nonexistent/rel-thread") == PSINFO_EIO, "du code");
         check(std::string(psinfo_last_error_message()).find("/nonexistent/rel-thread") !=
                   std::string::npos,
               "du message");
       }},
      {"pid_exists", [&] { check(psinfo::pid_exists(getpid()), "pid_exists(self)"); }},
      {"procfs_path",
       [&] {
         // Switch between two spellings of the same root while the others read.
         psinfo::set_procfs_path("/proc/");
         (void)psinfo::procfs_path();
         psinfo::set_procfs_path("");
         psinfo::set_sysfs_path("/sys/");
         psinfo::set_sysfs_path("");
       }},
  };

  std::vector<std::thread> threads;
  // Two threads per job, so that each stateful part is also raced with itself.
  for (int copy = 0; copy < 2; ++copy)
    for (std::size_t j = 0; j < jobs.size(); ++j)
      threads.emplace_back([&, j] {
        long n = 0;
        while (!stop.load(std::memory_order_relaxed)) {
          try {
            jobs[j].second();
          } catch (const psinfo::no_such_process&) {
          } catch (const psinfo::access_denied&) {
          } catch (const psinfo::error& e) {
            // The procfs switch means a reader may momentarily see "/proc/" paths; a real
            // error of a function is still a failure.
            fail.add(std::string(jobs[j].first) + ": " + e.what());
          } catch (const std::exception& e) {
            fail.add(std::string(jobs[j].first) + ": non-psinfo exception: " + e.what());
          }
          ++n;
        }
        calls += n;
      });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  psinfo::set_procfs_path("");
  std::printf("reliability_threads: %zu threads, %.1f s, %ld calls\n", threads.size(), seconds,
              calls.load());
  for (auto& f : fail.list) FAIL_CHECK(f);
  CHECK(fail.list.empty());
  CHECK(calls.load() > static_cast<long>(jobs.size()));
}
