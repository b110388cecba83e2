/* The sampler's C API, tested from C: fresh values from a file rewritten in place, its own
 * nowrap, the error paths, no fd left behind; with --shared, equal to the plain functions on a
 * recorded tree of the shared fixtures (exit 77 where they are missing). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <psinfo/psinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fixtures.h"

static int count_fds(void) {
  int n = 0;
  DIR* d = opendir("/proc/self/fd");
  if (!d) return -1;
  struct dirent* e;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') ++n;
  closedir(d);
  return n - 1;
}

static void write_file(const char* path, const char* text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
    perror(path);
    exit(1);
  }
  close(fd);
}

static const char* net_dev_fmt =
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs "
    "drop fifo colls carrier compressed\n"
    "  eth0: %llu 10 0 0 0 0 0 0 500 5 0 0 0 0 0 0\n";

static void write_net_dev(const char* path, unsigned long long recv) {
  char text[1024];
  snprintf(text, sizeof text, net_dev_fmt, recv);
  write_file(path, text);
}

static void same_as_plain_functions(psinfo_sampler_t* s) {
  psinfo_cpu_times_t a = PSINFO_CPU_TIMES_INIT, b = PSINFO_CPU_TIMES_INIT;
  CHECK(psinfo_sampler_cpu_times(&a, s) == 0);
  CHECK(psinfo_cpu_times(&b) == 0);
  CHECK(memcmp(&a, &b, sizeof a) == 0);

  psinfo_virtual_memory_t vm1 = PSINFO_VIRTUAL_MEMORY_INIT, vm2 = PSINFO_VIRTUAL_MEMORY_INIT;
  CHECK(psinfo_sampler_virtual_memory(&vm1, s) == 0);
  CHECK(psinfo_virtual_memory(&vm2) == 0);
  CHECK(memcmp(&vm1, &vm2, sizeof vm1) == 0);

  psinfo_cpu_stats_t st1 = PSINFO_CPU_STATS_INIT, st2 = PSINFO_CPU_STATS_INIT;
  CHECK(psinfo_sampler_cpu_stats(&st1, s) == 0);
  CHECK(psinfo_cpu_stats(&st2) == 0);
  CHECK(memcmp(&st1, &st2, sizeof st1) == 0);

  psinfo_cpu_times_t *l1 = NULL, *l2 = NULL;
  size_t n1 = 0, n2 = 0;
  CHECK(psinfo_sampler_cpu_times_percpu(&l1, &n1, sizeof *l1, s) == 0);
  CHECK(psinfo_cpu_times_percpu(&l2, &n2, sizeof *l2) == 0);
  CHECK(n1 == n2 && n1 > 0);
  CHECK(n1 == n2 && memcmp(l1, l2, n1 * sizeof *l1) == 0);
  psinfo_free_cpu_times_percpu(l1, n1);
  psinfo_free_cpu_times_percpu(l2, n2);

  psinfo_disk_io_counters_t *d1 = NULL, *d2 = NULL;
  CHECK(psinfo_sampler_disk_io_counters_perdisk(&d1, &n1, sizeof *d1, s, 0) == 0);
  CHECK(psinfo_disk_io_counters_perdisk(&d2, &n2, sizeof *d2, 0) == 0);
  CHECK(n1 == n2 && n1 > 0);
  for (size_t i = 0; i < n1 && i < n2; ++i) {
    CHECK(strcmp(d1[i].name, d2[i].name) == 0);
    CHECK(d1[i].read_bytes == d2[i].read_bytes && d1[i].busy_time == d2[i].busy_time &&
          d1[i].present == d2[i].present);
  }
  psinfo_free_disk_io_counters_perdisk(d1, n1);
  psinfo_free_disk_io_counters_perdisk(d2, n2);

  psinfo_net_io_counters_t t1 = PSINFO_NET_IO_COUNTERS_INIT, t2 = PSINFO_NET_IO_COUNTERS_INIT;
  CHECK(psinfo_sampler_net_io_counters(&t1, s, 0) == 0);
  CHECK(psinfo_net_io_counters(&t2, 0) == 0);
  CHECK(memcmp(&t1, &t2, sizeof t1) == 0);
}

/* A sampler made before the roots move to a recorded tree follows them. */
static void test_follows_the_roots(void) {
  psinfo_sampler_t* s = NULL;
  CHECK(psinfo_sampler_new(&s) == 0 && s != NULL);
  psinfo_cpu_times_t cs = PSINFO_CPU_TIMES_INIT;
  CHECK(psinfo_sampler_cpu_times(&cs, s) == 0);
  char path[4096];
  CHECK(psinfo_set_procfs_path(shared_fixture(path, sizeof path, "procfs/proc")) == 0);
  CHECK(psinfo_set_sysfs_path(shared_fixture(path, sizeof path, "procfs/sys")) == 0);
  same_as_plain_functions(s);
  CHECK(psinfo_set_procfs_path("") == 0);
  CHECK(psinfo_set_sysfs_path("") == 0);
  psinfo_sampler_free(s);
}

/* Fresh values from files rewritten in place, nowrap, errors, descriptors. */
static void test_sampler(void) {
  const int fds0 = count_fds();
  psinfo_sampler_t* s = NULL;
  CHECK(psinfo_sampler_new(&s) == 0 && s != NULL);
  CHECK(count_fds() == fds0);

  /* Live: the counters of the plain function bracket the sampler's. */
  psinfo_cpu_times_t c1 = PSINFO_CPU_TIMES_INIT, cs = PSINFO_CPU_TIMES_INIT,
                     c2 = PSINFO_CPU_TIMES_INIT;
  CHECK(psinfo_cpu_times(&c1) == 0);
  CHECK(psinfo_sampler_cpu_times(&cs, s) == 0);
  CHECK(psinfo_cpu_times(&c2) == 0);
  CHECK(c1.idle <= cs.idle && cs.idle <= c2.idle);
  CHECK(count_fds() == fds0 + 1);
  double pct = -1;
  CHECK(psinfo_sampler_cpu_percent(&pct, s, 0) == 0 && pct >= 0 && pct <= 100);
  double load[3];
  CHECK(psinfo_sampler_getloadavg(load, s) == 0 && load[0] >= 0);
  psinfo_swap_memory_t sw = PSINFO_SWAP_MEMORY_INIT;
  CHECK(psinfo_sampler_swap_memory(&sw, s) == 0);

  /* A copy of its net/dev, rewritten in place: the kept descriptor sees it; nowrap is the
   * sampler's own. */
  char dir[] = "/tmp/psinfo-sampler-c-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[256];
  snprintf(path, sizeof path, "%s/net", dir);
  CHECK(mkdir(path, 0755) == 0);
  snprintf(path, sizeof path, "%s/net/dev", dir);
  write_net_dev(path, 4294967000ull);
  CHECK(psinfo_set_procfs_path(dir) == 0);
  CHECK(psinfo_set_sysfs_path(PSINFO_TEST_FIXTURES "/recorded-vm/sys") == 0);
  psinfo_net_io_counters_t n = PSINFO_NET_IO_COUNTERS_INIT;
  CHECK(psinfo_sampler_net_io_counters(&n, s, 1) == 0 && n.bytes_recv == 4294967000ull);
  write_net_dev(path, 100);
  psinfo_net_io_counters_t* list = NULL;
  size_t count = 0;
  CHECK(psinfo_sampler_net_io_counters_pernic(&list, &count, sizeof *list, s, 1) == 0);
  CHECK(count == 1 && strcmp(list[0].name, "eth0") == 0 &&
        list[0].bytes_recv == 4294967000ull + 100);
  psinfo_free_net_io_counters_pernic(list, count);
  CHECK(psinfo_net_io_counters(&n, 1) == 0 && n.bytes_recv == 100); /* global: raw */
  CHECK(psinfo_sampler_cache_clear(s, "net_io_counters") == 0);
  CHECK(psinfo_sampler_net_io_counters(&n, s, 1) == 0 && n.bytes_recv == 100);
  /* No diskstats here: the /sys/block fallback (of the recorded tree's sys), as the plain
   * function; no stat: EIO with the path in the message. */
  psinfo_disk_io_counters_t d = PSINFO_DISK_IO_COUNTERS_INIT, d2 = PSINFO_DISK_IO_COUNTERS_INIT;
  CHECK(psinfo_sampler_disk_io_counters(&d, s, 0) == psinfo_disk_io_counters(&d2, 0));
  CHECK(memcmp(&d, &d2, sizeof d) == 0);
  CHECK(psinfo_sampler_cpu_times(&cs, s) == PSINFO_EIO);
  CHECK(strstr(psinfo_last_error_message(), "stat") != NULL);
  unlink(path);
  snprintf(path, sizeof path, "%s/net", dir);
  rmdir(path);
  rmdir(dir);
  CHECK(psinfo_set_procfs_path("") == 0);
  CHECK(psinfo_set_sysfs_path("") == 0);

  /* Argument errors. */
  CHECK(psinfo_sampler_cpu_times(&cs, NULL) == PSINFO_EINVAL);
  CHECK(psinfo_sampler_cpu_times(NULL, s) == PSINFO_EINVAL);
  CHECK(psinfo_sampler_new(NULL) == PSINFO_EINVAL);
  psinfo_cpu_times_t small = PSINFO_CPU_TIMES_INIT;
  small.struct_size = 4;
  CHECK(psinfo_sampler_cpu_times(&small, s) == PSINFO_ESTRUCTSIZE);
  CHECK(psinfo_sampler_cpu_percent(&pct, s, -1) == PSINFO_EINVAL);
  psinfo_cpu_times_t* tl = NULL;
  CHECK(psinfo_sampler_cpu_times_percpu(&tl, &count, 3, s) == PSINFO_ESTRUCTSIZE);
  CHECK(tl == NULL && count == 0);

  /* close() and free() leave no descriptor. */
  CHECK(count_fds() > fds0);
  CHECK(psinfo_sampler_close(s) == 0);
  CHECK(count_fds() == fds0);
  CHECK(psinfo_sampler_cpu_times(&cs, s) == 0);
  CHECK(count_fds() == fds0 + 1);
  psinfo_sampler_free(s);
  psinfo_sampler_free(NULL);
  CHECK(count_fds() == fds0);
}

int main(int argc, char** argv) {
  if (argc == 2 && strcmp(argv[1], "--shared") == 0) {
    require_shared_fixtures();
    RUN_CASE(test_follows_the_roots);
  } else {
    RUN_CASE(test_sampler);
  }
  return finish();
}
