// Bad inputs: every row of docs/errors.md that the C++ and C APIs answer. The CLI rows are in
// test_cli_errors.py; the rows for an unprivileged user also run as `nobody` (tag
// [unprivileged], run_unprivileged.sh).
#include <catch2/catch.hpp>
#include <psinfo/psinfo.h>
#include <psinfo/psinfo.hpp>

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>

#include "common.hpp"
#include "error_checks.hpp"
#include "fixtures.hpp"

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string last_msg() { return psinfo_last_error_message(); }

}  // namespace

// ---- PIDs -------------------------------------------------------------------------------

TEST_CASE("pid -1: invalid_argument / EINVAL", "[bad_input]") {
  CHECK_THROWS_AS(psinfo::process(-1), psinfo::invalid_argument);
  CHECK_FALSE(psinfo::pid_exists(-1));
  psinfo_process_t* h = nullptr;
  CHECK(psinfo_process_open(&h, -1) == PSINFO_EINVAL);
  CHECK(h == nullptr);
  CHECK(last_msg().find("-1") != std::string::npos);
  int32_t e = 7;
  CHECK(psinfo_pid_exists(&e, -1) == 0);
  CHECK(e == 0);
}

TEST_CASE("pid 0 and 2^31-1: no_such_process / ENOSUCHPROCESS", "[bad_input]") {
  for (long pid : {0L, static_cast<long>(INT32_MAX)}) {
    CAPTURE(pid);
    // Independent check: the kernel has no such directory.
    struct stat sb;
    REQUIRE(::stat(("/proc/" + std::to_string(pid)).c_str(), &sb) != 0);
    try {
      psinfo::process p(pid);
      FAIL("no exception");
    } catch (const psinfo::no_such_process& e) {
      CHECK(e.pid() == pid);
      CHECK(std::string(e.what()).find(std::to_string(pid)) != std::string::npos);
    }
    CHECK_FALSE(psinfo::pid_exists(pid));
    psinfo_process_t* h = nullptr;
    CHECK(psinfo_process_open(&h, pid) == PSINFO_ENOSUCHPROCESS);
    CHECK(h == nullptr);
    CHECK(last_msg().find(std::to_string(pid)) != std::string::npos);
  }
}

TEST_CASE("a pid that just exited: no_such_process; an old object: is_running false",
          "[bad_input]") {
  // An object made while the child lives, used after it was reaped.
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  if (pid == 0) {
    char c;
    close(fds[1]);
    (void)!read(fds[0], &c, 1);
    _exit(0);
  }
  close(fds[0]);
  psinfo::process p(pid);
  psinfo_process_t* h = nullptr;
  REQUIRE(psinfo_process_open(&h, pid) == 0);
  close(fds[1]);  // the child exits
  int st;
  REQUIRE(waitpid(pid, &st, 0) == pid);
  struct stat sb;
  if (::stat(("/proc/" + std::to_string(pid)).c_str(), &sb) == 0) {
    WARN("PID " << pid << " was reused at once; skipping");
    psinfo_process_close(h);
    return;
  }
  CHECK_FALSE(p.is_running());
  CHECK_THROWS_AS(p.name(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.cpu_times(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.memory_info(), psinfo::no_such_process);
  CHECK_THROWS_AS(p.send_signal(0), psinfo::no_such_process);
  CHECK_THROWS_AS(psinfo::process(pid), psinfo::no_such_process);
  int32_t running = 1;
  CHECK(psinfo_process_is_running(&running, h) == 0);
  CHECK(running == 0);
  char* name = nullptr;
  CHECK(psinfo_process_name(&name, h) == PSINFO_ENOSUCHPROCESS);
  CHECK(name == nullptr);
  CHECK(last_msg().find(std::to_string(pid)) != std::string::npos);
  CHECK(psinfo_process_kill(h) == PSINFO_ENOSUCHPROCESS);
  psinfo_process_close(h);

  pid_t gone = rel::exited_pid();
  if (::stat(("/proc/" + std::to_string(gone)).c_str(), &sb) != 0)
    CHECK_THROWS_AS(psinfo::process(gone), psinfo::no_such_process);
}

// ---- Arguments --------------------------------------------------------------------------

TEST_CASE("unknown connection kind: invalid_argument / EINVAL naming it", "[bad_input]") {
  try {
    psinfo::net_connections("bogus");
    FAIL("no exception");
  } catch (const psinfo::invalid_argument& e) {
    CHECK(std::string(e.what()).find("bogus") != std::string::npos);
  }
  CHECK_THROWS_AS(psinfo::process::self().net_connections("bogus"), psinfo::invalid_argument);
  CHECK_THROWS_AS(psinfo::net_connections(""), psinfo::invalid_argument);
  psinfo_connection_t* list = nullptr;
  size_t n = 0;
  CHECK(psinfo_net_connections(&list, &n, sizeof *list, "bogus") == PSINFO_EINVAL);
  CHECK(last_msg().find("bogus") != std::string::npos);
  CHECK(list == nullptr);
  CHECK(psinfo_net_connections(&list, &n, sizeof *list, nullptr) == PSINFO_EINVAL);
  psinfo_process_t* self = nullptr;
  REQUIRE(psinfo_process_self(&self) == 0);
  CHECK(psinfo_process_net_connections(&list, &n, sizeof *list, self, "bogus") == PSINFO_EINVAL);
  CHECK(last_msg().find("bogus") != std::string::npos);
  psinfo_process_close(self);
}

TEST_CASE("negative or NaN interval / timeout: invalid_argument / EINVAL", "[bad_input]") {
  for (double bad : {-1.0, -1e-9, kNaN, -std::numeric_limits<double>::infinity()}) {
    CAPTURE(bad);
    test::check_bad_interval(bad);
    auto self = psinfo::process::self();
    CHECK_THROWS_AS(self.cpu_percent(bad), psinfo::invalid_argument);
    CHECK_THROWS_AS(self.wait(bad), psinfo::invalid_argument);
    double d = 0;
    CHECK(psinfo_cpu_percent(&d, bad) == PSINFO_EINVAL);
    CHECK(last_msg().find("interval") != std::string::npos);
    psinfo_cpu_times_t t = PSINFO_CPU_TIMES_INIT;
    CHECK(psinfo_cpu_times_percent(&t, bad) == PSINFO_EINVAL);
    psinfo_sampler_t* cs = nullptr;
    REQUIRE(psinfo_sampler_new(&cs) == 0);
    CHECK(psinfo_sampler_cpu_percent(&d, cs, bad) == PSINFO_EINVAL);
    CHECK(psinfo_sampler_cpu_times_percent(&t, cs, bad) == PSINFO_EINVAL);
    psinfo_sampler_free(cs);
    psinfo_process_t* h = nullptr;
    REQUIRE(psinfo_process_self(&h) == 0);
    CHECK(psinfo_process_cpu_percent(&d, h, bad) == PSINFO_EINVAL);
    psinfo_process_close(h);
  }
  // +inf is not a finite interval either (it would block forever).
  const double inf = std::numeric_limits<double>::infinity();
  test::check_bad_interval(inf);
  double d = 0;
  CHECK(psinfo_cpu_percent(&d, inf) == PSINFO_EINVAL);
}

TEST_CASE("unknown attribute / memtype / cache name: invalid_argument / EINVAL", "[bad_input]") {
  CHECK_THROWS_AS(psinfo::attr_from_string("bogus"), psinfo::invalid_argument);
  CHECK_THROWS_AS(psinfo::process::self().memory_percent("bogus"), psinfo::invalid_argument);
  // C++: an unknown cache name is a no-op, as psutil's cache_clear(name) (dict.pop(name,
  // None)); the C API documents EINVAL for it.
  CHECK_NOTHROW(psinfo::cache_clear("bogus"));
  CHECK(psinfo_cache_clear("bogus") == PSINFO_EINVAL);
  CHECK(psinfo_cache_clear(nullptr) == PSINFO_EINVAL);
  psinfo_process_t* h = nullptr;
  REQUIRE(psinfo_process_self(&h) == 0);
  double d;
  CHECK(psinfo_process_memory_percent(&d, h, "bogus") == PSINFO_EINVAL);
  CHECK(last_msg().find("bogus") != std::string::npos);
  psinfo_process_close(h);
}

// ---- disk_usage -------------------------------------------------------------------------

TEST_CASE("disk_usage: missing path, a file, NULL", "[bad_input]") {
  const std::string missing = "/nonexistent/psinfo-reliability";
  test::check_missing_path([&] { psinfo::disk_usage(missing); }, missing);
  psinfo_disk_usage_t u = PSINFO_DISK_USAGE_INIT;
  CHECK(psinfo_disk_usage(&u, missing.c_str()) == PSINFO_EIO);
  CHECK(last_msg().find(missing) != std::string::npos);
  CHECK(psinfo_disk_usage(&u, nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_disk_usage(nullptr, "/") == PSINFO_EINVAL);
  // A file: statvfs works on it, as psutil's disk_usage does (no error).
  test::temp_dir tmp;
  std::string file = tmp.path + "/f";
  std::ofstream(file) << "x";
  auto a = psinfo::disk_usage(file);
  auto b = psinfo::disk_usage(tmp.path);
  CHECK(a.total == b.total);
  CHECK(psinfo_disk_usage(&u, file.c_str()) == 0);
}

TEST_CASE("disk_usage: a path with no permission: access_denied / EACCES", "[bad_input]") {
  test::temp_dir tmp;
  std::string locked = tmp.path + "/locked";
  REQUIRE(mkdir(locked.c_str(), 0700) == 0);
  REQUIRE(mkdir((locked + "/inner").c_str(), 0700) == 0);
  REQUIRE(chmod(tmp.path.c_str(), 0755) == 0);
  const std::string target = locked + "/inner";
  int rc = rel::as_nobody([&] {
    // Independent check first: the kernel refuses.
    if (access(target.c_str(), F_OK) == 0 || errno != EACCES) return 10;
    try {
      psinfo::disk_usage(target);
      return 11;
    } catch (const psinfo::access_denied& e) {
      if (std::string(e.what()).find(target) == std::string::npos) return 12;
    } catch (...) {
      return 13;
    }
    psinfo_disk_usage_t u = PSINFO_DISK_USAGE_INIT;
    if (psinfo_disk_usage(&u, target.c_str()) != PSINFO_EACCES) return 14;
    if (std::string(psinfo_last_error_message()).find(target) == std::string::npos) return 15;
    return 0;
  });
  if (rc == -1) {
    WARN("not root: cannot test as nobody");
    return;
  }
  CHECK(rc == 0);
}

// ---- procfs root ------------------------------------------------------------------------

TEST_CASE("procfs root unset: the default /proc", "[bad_input]") {
  test::procfs_guard restore("");
  const char* env = std::getenv("PSINFO_PROCFS_PATH");
  CHECK(psinfo::procfs_path() == (env && *env ? std::string(env) : std::string("/proc")));
  char buf[2];
  size_t size = sizeof buf;
  CHECK(psinfo_procfs_path(buf, &size) == PSINFO_ENOBUFS);
  CHECK(size == psinfo::procfs_path().size() + 1);
  CHECK(psinfo_set_procfs_path(nullptr) == PSINFO_EINVAL);
}

TEST_CASE("broken procfs root: error naming the file", "[bad_input]") {
  test::procfs_guard restore(psinfo::procfs_path());
  test::temp_dir tmp;
  std::string file = tmp.path + "/file";
  std::ofstream(file) << "x";
  std::string empty = tmp.path + "/empty";
  REQUIRE(mkdir(empty.c_str(), 0755) == 0);
  for (const std::string& root : {std::string("/nonexistent/proc"), file, empty}) {
    CAPTURE(root);
    psinfo::set_procfs_path(root);
    auto expect_error = [&](auto&& fn, const char* what) {
      CAPTURE(what);
      test::check_missing_path(fn, root);
    };
    expect_error([] { psinfo::cpu_times(); }, "cpu_times");
    expect_error([] { psinfo::virtual_memory(); }, "virtual_memory");
    expect_error([] { psinfo::swap_memory(); }, "swap_memory");
    expect_error([] { psinfo::boot_time(); }, "boot_time");
    expect_error([] { psinfo::cpu_stats(); }, "cpu_stats");
    expect_error([] { psinfo::getloadavg(); }, "getloadavg");
    if (root == empty) {
      CHECK(psinfo::pids().empty());  // psutil: listdir of an empty dir, []
      int64_t* list = nullptr;
      size_t count = 99;
      CHECK(psinfo_pids(&list, &count) == 0);
      CHECK(count == 0);
      psinfo_free_pids(list, count);
    } else
      expect_error([] { psinfo::pids(); }, "pids");
    psinfo_virtual_memory_t vm = PSINFO_VIRTUAL_MEMORY_INIT;
    CHECK(psinfo_virtual_memory(&vm) == PSINFO_EIO);
    CHECK(last_msg().find(root) != std::string::npos);
    // A process cannot be found under a broken root.
    CHECK_THROWS_AS(psinfo::process(getpid()), psinfo::error);
  }
}

// ---- C API: NULL outputs, struct sizes, free(NULL), versions -----------------------------

TEST_CASE("C API: NULL out-pointers are EINVAL", "[bad_input][capi]") {
  size_t n = 0;
  double d = 0;
  int32_t i32 = 0;
  psinfo_process_t* self = nullptr;
  REQUIRE(psinfo_process_self(&self) == 0);
  CHECK(psinfo_cpu_times(nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_cpu_times_percpu(nullptr, &n, sizeof(psinfo_cpu_times_t)) == PSINFO_EINVAL);
  psinfo_cpu_times_t* ct = nullptr;
  CHECK(psinfo_cpu_times_percpu(&ct, nullptr, sizeof(psinfo_cpu_times_t)) == PSINFO_EINVAL);
  CHECK(psinfo_cpu_percent(nullptr, 0) == PSINFO_EINVAL);
  CHECK(psinfo_cpu_percent_percpu(nullptr, &n, 0) == PSINFO_EINVAL);
  CHECK(psinfo_cpu_times_percent(nullptr, 0) == PSINFO_EINVAL);
  CHECK(psinfo_cpu_count(nullptr, 1) == PSINFO_EINVAL);
  CHECK(psinfo_cpu_stats(nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_cpu_freq(nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_getloadavg(nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_sampler_new(nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_sampler_cpu_percent(&d, nullptr, 0) == PSINFO_EINVAL);
  CHECK(psinfo_virtual_memory(nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_swap_memory(nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_disk_partitions(nullptr, &n, sizeof(psinfo_partition_t), 0) == PSINFO_EINVAL);
  CHECK(psinfo_disk_io_counters(nullptr, 1) == PSINFO_EINVAL);
  CHECK(psinfo_net_io_counters(nullptr, 1) == PSINFO_EINVAL);
  CHECK(psinfo_net_if_addrs(nullptr, &n, sizeof(psinfo_net_if_addr_t)) == PSINFO_EINVAL);
  CHECK(psinfo_net_if_stats(nullptr, &n, sizeof(psinfo_net_if_stats_t)) == PSINFO_EINVAL);
  CHECK(psinfo_net_connections(nullptr, &n, sizeof(psinfo_connection_t), "inet") == PSINFO_EINVAL);
  CHECK(psinfo_sensors_temperatures(nullptr, &n, sizeof(psinfo_sensors_temperature_t), 0) ==
        PSINFO_EINVAL);
  CHECK(psinfo_sensors_fans(nullptr, &n, sizeof(psinfo_sensors_fan_t)) == PSINFO_EINVAL);
  CHECK(psinfo_sensors_battery(nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_boot_time(nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_users(nullptr, &n, sizeof(psinfo_user_t)) == PSINFO_EINVAL);
  CHECK(psinfo_procfs_path(nullptr, nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_pids(nullptr, &n) == PSINFO_EINVAL);
  CHECK(psinfo_pid_exists(nullptr, 1) == PSINFO_EINVAL);
  CHECK(psinfo_process_open(nullptr, 1) == PSINFO_EINVAL);
  CHECK(psinfo_process_self(nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_process_snapshot(nullptr, &n, sizeof(psinfo_process_info_t), 1) == PSINFO_EINVAL);
  // Process methods: NULL output, and NULL handle.
  char* s = nullptr;
  CHECK(psinfo_process_name(nullptr, self) == PSINFO_EINVAL);
  CHECK(psinfo_process_name(&s, nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_process_exe(nullptr, self) == PSINFO_EINVAL);
  CHECK(psinfo_process_cmdline(nullptr, &n, self) == PSINFO_EINVAL);
  CHECK(psinfo_process_ppid(nullptr, self) == PSINFO_EINVAL);
  CHECK(psinfo_process_create_time(nullptr, self) == PSINFO_EINVAL);
  CHECK(psinfo_process_create_time(&d, nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_process_uids(nullptr, self) == PSINFO_EINVAL);
  CHECK(psinfo_process_nice(nullptr, self) == PSINFO_EINVAL);
  CHECK(psinfo_process_num_threads(nullptr, self) == PSINFO_EINVAL);
  CHECK(psinfo_process_num_threads(&i32, nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_process_cpu_times(nullptr, self) == PSINFO_EINVAL);
  CHECK(psinfo_process_cpu_percent(nullptr, self, 0) == PSINFO_EINVAL);
  CHECK(psinfo_process_cpu_percent(&d, nullptr, 0) == PSINFO_EINVAL);
  CHECK(psinfo_process_memory_info(nullptr, self) == PSINFO_EINVAL);
  CHECK(psinfo_process_memory_percent(nullptr, self, "rss") == PSINFO_EINVAL);
  CHECK(psinfo_process_memory_percent(&d, self, nullptr) == PSINFO_EINVAL);
  CHECK(psinfo_process_open_files(nullptr, &n, sizeof(psinfo_open_file_t), self) == PSINFO_EINVAL);
  CHECK(psinfo_process_parent(nullptr, self) == PSINFO_EINVAL);
  CHECK(psinfo_process_children(nullptr, &n, self, 0) == PSINFO_EINVAL);
  CHECK(psinfo_process_send_signal(nullptr, 0) == PSINFO_EINVAL);
  CHECK(psinfo_process_is_running(nullptr, self) == PSINFO_EINVAL);
  CHECK(psinfo_process_as_dict(nullptr, &n, sizeof(psinfo_process_info_t), self, 1) ==
        PSINFO_EINVAL);
  CHECK(std::string(psinfo_last_error_message()).size() > 0);
  psinfo_process_close(self);
}

TEST_CASE("C API: struct size too small / too large is ESTRUCTSIZE", "[bad_input][capi]") {
  psinfo_cpu_times_t t = PSINFO_CPU_TIMES_INIT;
  t.struct_size = static_cast<uint32_t>(PSINFO_CPU_TIMES_MIN_SIZE - 1);
  CHECK(psinfo_cpu_times(&t) == PSINFO_ESTRUCTSIZE);
  CHECK(last_msg().size() > 0);
  t.struct_size = 0;
  CHECK(psinfo_cpu_times(&t) == PSINFO_ESTRUCTSIZE);
  t.struct_size = PSINFO_STRUCT_SIZE_MAX + 1;
  CHECK(psinfo_cpu_times(&t) == PSINFO_ESTRUCTSIZE);
  t.struct_size = UINT32_MAX;
  CHECK(psinfo_cpu_times(&t) == PSINFO_ESTRUCTSIZE);
  // Exactly the minimum works and writes nothing past it.
  unsigned char buf[sizeof(psinfo_cpu_times_t)];
  std::memset(buf, 0xAB, sizeof buf);
  auto* small = reinterpret_cast<psinfo_cpu_times_t*>(buf);
  small->struct_size = static_cast<uint32_t>(PSINFO_CPU_TIMES_MIN_SIZE);
  CHECK(psinfo_cpu_times(small) == 0);
  for (size_t i = PSINFO_CPU_TIMES_MIN_SIZE; i < sizeof buf; ++i) CHECK(buf[i] == 0xAB);

  psinfo_virtual_memory_t vm = PSINFO_VIRTUAL_MEMORY_INIT;
  vm.struct_size = 4;
  CHECK(psinfo_virtual_memory(&vm) == PSINFO_ESTRUCTSIZE);
  psinfo_disk_usage_t du = PSINFO_DISK_USAGE_INIT;
  du.struct_size = PSINFO_STRUCT_SIZE_MAX + 8;
  CHECK(psinfo_disk_usage(&du, "/") == PSINFO_ESTRUCTSIZE);
  psinfo_memory_info_t mi = PSINFO_MEMORY_INFO_INIT;
  mi.struct_size = 1;
  psinfo_process_t* self = nullptr;
  REQUIRE(psinfo_process_self(&self) == 0);
  CHECK(psinfo_process_memory_info(&mi, self) == PSINFO_ESTRUCTSIZE);
  psinfo_process_close(self);

  // List element sizes: too small, too large, not a multiple of 8.
  size_t n = 0;
  psinfo_cpu_times_t* list = nullptr;
  for (size_t bad : {size_t{0}, size_t{8}, PSINFO_CPU_TIMES_MIN_SIZE - 8,
                     sizeof(psinfo_cpu_times_t) + 4, size_t{PSINFO_STRUCT_SIZE_MAX} + 8}) {
    CAPTURE(bad);
    CHECK(psinfo_cpu_times_percpu(&list, &n, bad) == PSINFO_ESTRUCTSIZE);
    CHECK(list == nullptr);
  }
  psinfo_partition_t* parts = nullptr;
  CHECK(psinfo_disk_partitions(&parts, &n, 3, 0) == PSINFO_ESTRUCTSIZE);
  psinfo_process_info_t* infos = nullptr;
  CHECK(psinfo_process_snapshot(&infos, &n, 8, PSINFO_ATTR_PID) == PSINFO_ESTRUCTSIZE);
}

TEST_CASE("C API: the free functions accept NULL", "[bad_input][capi]") {
  psinfo_free_cpu_times_percpu(nullptr, 0);
  psinfo_free_cpu_times_percpu(nullptr, 5);
  psinfo_free_cpu_percent_percpu(nullptr, 3);
  psinfo_free_cpu_times_percent_percpu(nullptr, 3);
  psinfo_free_cpu_freq_percpu(nullptr, 3);
  psinfo_sampler_free(nullptr);
  psinfo_free_disk_partitions(nullptr, 3);
  psinfo_free_disk_io_counters_perdisk(nullptr, 3);
  psinfo_free_net_io_counters_pernic(nullptr, 3);
  psinfo_free_net_if_addrs(nullptr, 3);
  psinfo_free_net_if_stats(nullptr, 3);
  psinfo_free_net_connections(nullptr, 3);
  psinfo_free_sensors_temperatures(nullptr, 3);
  psinfo_free_sensors_fans(nullptr, 3);
  psinfo_free_users(nullptr, 3);
  psinfo_process_close(nullptr);
  psinfo_free_string(nullptr);
  psinfo_free_process_cmdline(nullptr, 3);
  psinfo_free_process_environ(nullptr, 3);
  psinfo_free_process_threads(nullptr, 3);
  psinfo_free_process_cpu_affinity(nullptr, 3);
  psinfo_free_process_memory_maps(nullptr, 3);
  psinfo_free_process_open_files(nullptr, 3);
  psinfo_free_process_list(nullptr, 3);
  psinfo_free_pids(nullptr, 3);
  psinfo_free_process_snapshot(nullptr, 3);
  SUCCEED("no crash");
}

TEST_CASE("C API: error codes, names, versions", "[bad_input][capi]") {
  CHECK(std::string(psinfo_strerror(-999)) == "unknown error code");
  CHECK(std::string(psinfo_err_name(-999)) == "UNKNOWN");
  CHECK(std::string(psinfo_strerror(PSINFO_ESTRUCTSIZE)) == "bad struct size");
  CHECK(std::string(psinfo_err_name(PSINFO_EINVAL)) == "EINVAL");
  // The version check a caller makes (there is no version argument anywhere in the API: the
  // struct_size of every struct is its version).
  CHECK(psinfo_version_hex() == PSINFO_VERSION_HEX);
  char v[32];
  std::snprintf(v, sizeof v, "%d.%d.%d", PSINFO_VERSION_MAJOR, PSINFO_VERSION_MINOR,
                PSINFO_VERSION_PATCH);
  CHECK(std::string(psinfo_version()) == v);
}

// ---- Unprivileged: files of other users' processes --------------------------------------

TEST_CASE("unreadable /proc files: access_denied / EACCES", "[bad_input][unprivileged]") {
  if (geteuid() == 0) {
    // As root: the same checks in a child running as nobody.
    int rc = rel::as_nobody([] {
      try {
        psinfo::process(1).environ();
        return 20;
      } catch (const psinfo::access_denied& e) {
        if (std::string(e.what()).find("1") == std::string::npos) return 21;
      } catch (...) {
        return 22;
      }
      psinfo_process_t* h = nullptr;
      if (psinfo_process_open(&h, 1) != 0) return 23;
      char** env = nullptr;
      size_t n = 0;
      int r = psinfo_process_environ(&env, &n, h);
      psinfo_process_close(h);
      return r == PSINFO_EACCES ? 0 : 24;
    });
    CHECK(rc == 0);
    return;
  }
  // Independent check: the kernel refuses this user /proc/1/environ.
  std::ifstream f("/proc/1/environ");
  char c;
  if (f && f.get(c)) {
    WARN("/proc/1/environ is readable by this user; nothing to test");
    return;
  }
  CHECK_THROWS_AS(psinfo::process(1).environ(), psinfo::access_denied);
  CHECK_THROWS_AS(psinfo::process(1).exe(), psinfo::access_denied);
  CHECK_THROWS_AS(psinfo::process(1).open_files(), psinfo::access_denied);
  // What an unprivileged user still gets.
  CHECK(psinfo::process(1).name().size() > 0);
  CHECK(psinfo::process(1).ppid() == 0);
  // process_iter(attrs) fills what it may and leaves the rest absent, no exception.
  auto infos = psinfo::process_iter(psinfo::attr::pid | psinfo::attr::environ | psinfo::attr::name);
  bool saw1 = false;
  for (auto& i : infos)
    if (i.pid == 1) {
      saw1 = true;
      CHECK_FALSE(i.environ.has_value());
      CHECK(i.name.has_value());
    }
  CHECK(saw1);
}
