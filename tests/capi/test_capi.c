/* The C API, tested from C: every function against /proc, /sys, utmp, statvfs, getmntent,
 * getifaddrs, ioctl and sockets of its own read or opened directly here, against recorded
 * /proc and /sys trees (the project's tests/fixtures/recorded-vm; with --shared, the shared
 * fixtures' procfs and node-exporter trees, exit 77 where they are missing), and every error
 * path. Prints "N passed, N failed, N skipped". */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <ifaddrs.h>
#include <limits.h>
#include <malloc.h>
#include <math.h>
#include <mntent.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <psinfo/psinfo.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <sys/un.h>
#include <unistd.h>
#include <utmpx.h>

#include "check.h"
#include "fixtures.h"
#include "loopback.h"

/* ---- Reading the kernel's files directly ----------------------------------------------- */

/* The value after "key" at the start of a line ("MemTotal:", "btime "), or -1. */
static double field_of(const char* text, const char* key) {
  size_t k = strlen(key);
  for (const char* p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
    if (strncmp(p, key, k) == 0) return strtod(p + k, NULL);
  }
  return -1;
}

static double meminfo_bytes(const char* mi, const char* key) {
  double kb = field_of(mi, key);
  return kb < 0 ? -1 : kb * 1024;
}

/* The 10 fields of a /proc/stat cpu line ("cpu " or "cpuN "), in the kernel's order, in
 * seconds. Returns 0 when the line is missing. */
typedef struct {
  double v[10]; /* user nice system idle iowait irq softirq steal guest guest_nice */
} stat_cpu;

static int stat_line(const char* stat, const char* prefix, stat_cpu* out) {
  size_t k = strlen(prefix);
  double tck = (double)sysconf(_SC_CLK_TCK);
  for (const char* p = stat; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
    if (strncmp(p, prefix, k) != 0) continue;
    unsigned long long t[10] = {0};
    int n = sscanf(p + k, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &t[0], &t[1], &t[2],
                   &t[3], &t[4], &t[5], &t[6], &t[7], &t[8], &t[9]);
    if (n < 4) return 0;
    for (int i = 0; i < 10; ++i) out->v[i] = (double)t[i] / tck;
    return 1;
  }
  return 0;
}

static int count_prefix_lines(const char* text, const char* prefix) {
  int n = 0;
  size_t k = strlen(prefix);
  for (const char* p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
    if (strncmp(p, prefix, k) == 0) ++n;
  return n;
}

/* cpuN lines of /proc/stat. */
static int stat_ncpu(const char* stat) {
  int n = 0;
  for (const char* p = stat; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
    if (p[0] == 'c' && p[1] == 'p' && p[2] == 'u' && p[3] >= '0' && p[3] <= '9') ++n;
  return n;
}

static int is_dir(const char* path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- Errors and version ----------------------------------------------------------------- */

static void test_errors(void) {
  struct {
    int code;
    const char* name;
  } required[] = {
      {PSINFO_EINVAL, "EINVAL"},           {PSINFO_ENOSUCHPROCESS, "ENOSUCHPROCESS"},
      {PSINFO_EZOMBIE, "EZOMBIE"},         {PSINFO_EACCES, "EACCES"},
      {PSINFO_ETIMEDOUT, "ETIMEDOUT"},     {PSINFO_ENOTSUP, "ENOTSUP"},
      {PSINFO_ENOMEM, "ENOMEM"},           {PSINFO_EIO, "EIO"},
      {PSINFO_ESTRUCTSIZE, "ESTRUCTSIZE"}, {PSINFO_ENOVALUE, "ENOVALUE"},
      {PSINFO_ENOBUFS, "ENOBUFS"},         {PSINFO_EUNKNOWN, "EUNKNOWN"},
  };
  size_t n = sizeof required / sizeof required[0];
  for (size_t i = 0; i < n; ++i) {
    CHECKF(required[i].code < 0, "%s = %d is not negative", required[i].name, required[i].code);
    CHECKF(strcmp(psinfo_err_name(required[i].code), required[i].name) == 0, "err_name(%d) = %s",
           required[i].code, psinfo_err_name(required[i].code));
    const char* s = psinfo_strerror(required[i].code);
    CHECKF(s && *s && strcmp(s, psinfo_strerror(12345)) != 0, "strerror(%s) = '%s'",
           required[i].name, s ? s : "(null)");
    for (size_t j = 0; j < i; ++j)
      CHECKF(required[i].code != required[j].code, "%s and %s share a code", required[i].name,
             required[j].name);
  }
  /* Every code of the X-macro list has its own name and description. */
  int listed = 0;
#define COUNT_(name, code, desc)                    \
  ++listed;                                         \
  CHECK(strcmp(psinfo_err_name(code), #name) == 0); \
  CHECK(strcmp(psinfo_strerror(code), desc) == 0);
  PSINFO_ERRNO_MAP(COUNT_)
#undef COUNT_
  CHECK((size_t)listed == n);
  CHECK(strcmp(psinfo_err_name(0), "OK") == 0);
  CHECK(strcmp(psinfo_err_name(12345), "UNKNOWN") == 0);
  CHECK(strcmp(psinfo_err_name(-12345), "UNKNOWN") == 0);
  CHECK(psinfo_strerror(-12345) != NULL && *psinfo_strerror(-12345));
  CHECK(psinfo_last_error_message() != NULL);
}

static void test_version(void) {
  char want[64];
  snprintf(want, sizeof want, "%d.%d.%d", PSINFO_VERSION_MAJOR, PSINFO_VERSION_MINOR,
           PSINFO_VERSION_PATCH);
  CHECKF(strcmp(psinfo_version(), want) == 0, "psinfo_version() = %s, header says %s",
         psinfo_version(), want);
  CHECK(psinfo_version_hex() == PSINFO_VERSION_HEX);
}

/* ---- CPU -------------------------------------------------------------------------------- */

static const char* const cpu_field_names[10] = {"user", "nice",    "system", "idle",  "iowait",
                                                "irq",  "softirq", "steal",  "guest", "guest_nice"};

static void cpu_times_as_stat(const psinfo_cpu_times_t* t, double v[10]) {
  v[0] = t->user;
  v[1] = t->nice;
  v[2] = t->system;
  v[3] = t->idle;
  v[4] = t->iowait;
  v[5] = t->irq;
  v[6] = t->softirq;
  v[7] = t->steal;
  v[8] = t->guest;
  v[9] = t->guest_nice;
}

/* A value read between two readings of /proc/stat lies between them (give or take a tick:
 * idle and iowait may step back a little on tickless kernels). */
static void check_cpu_between(const psinfo_cpu_times_t* t, const stat_cpu* a, const stat_cpu* b,
                              const char* what) {
  double v[10];
  cpu_times_as_stat(t, v);
  for (int i = 0; i < 10; ++i) {
    double lo = a->v[i] < b->v[i] ? a->v[i] : b->v[i];
    double hi = a->v[i] < b->v[i] ? b->v[i] : a->v[i];
    CHECKF(v[i] >= lo - 0.05 && v[i] <= hi + 0.05, "%s.%s = %.2f not in [%.2f, %.2f]", what,
           cpu_field_names[i], v[i], lo, hi);
  }
  const uint32_t linux_fields = PSINFO_CPU_TIMES_HAS_NICE | PSINFO_CPU_TIMES_HAS_IOWAIT |
                                PSINFO_CPU_TIMES_HAS_IRQ | PSINFO_CPU_TIMES_HAS_SOFTIRQ |
                                PSINFO_CPU_TIMES_HAS_STEAL | PSINFO_CPU_TIMES_HAS_GUEST |
                                PSINFO_CPU_TIMES_HAS_GUEST_NICE;
  CHECKF(t->present == linux_fields, "%s.present = %#x, want %#x", what, t->present, linux_fields);
}

static void test_cpu_times(void) {
  char* s1 = slurp("/proc/stat");
  psinfo_cpu_times_t t = PSINFO_CPU_TIMES_INIT;
  CHECK_RC(psinfo_cpu_times(&t), 0);
  char* s2 = slurp("/proc/stat");
  stat_cpu a, b;
  CHECK(s1 && s2 && stat_line(s1, "cpu ", &a) && stat_line(s2, "cpu ", &b));
  check_cpu_between(&t, &a, &b, "cpu_times");
  CHECK(t.struct_size == sizeof t);

  /* percpu */
  int ncpu = stat_ncpu(s1);
  psinfo_cpu_times_t* list = NULL;
  size_t count = 99;
  s1 = (free(s1), slurp("/proc/stat"));
  CHECK_RC(psinfo_cpu_times_percpu(&list, &count, sizeof *list), 0);
  s2 = (free(s2), slurp("/proc/stat"));
  CHECKF((int)count == ncpu, "count %zu, /proc/stat has %d cpuN lines", count, ncpu);
  for (size_t i = 0; i < count && list; ++i) {
    char name[32];
    snprintf(name, sizeof name, "cpu%zu ", i);
    CHECK(stat_line(s1, name, &a) && stat_line(s2, name, &b));
    CHECK(list[i].struct_size == sizeof *list);
    check_cpu_between(&list[i], &a, &b, name);
  }
  psinfo_free_cpu_times_percpu(list, count);

  /* An older caller's element: only user/system/idle, the array laid out with its stride. */
  list = NULL;
  CHECK_RC(psinfo_cpu_times_percpu(&list, &count, PSINFO_CPU_TIMES_MIN_SIZE), 0);
  CHECK((int)count == ncpu);
  for (size_t i = 0; i < count && list; ++i) {
    const psinfo_cpu_times_t* e =
        (const psinfo_cpu_times_t*)((const char*)list + i * PSINFO_CPU_TIMES_MIN_SIZE);
    CHECK(e->struct_size == PSINFO_CPU_TIMES_MIN_SIZE);
    CHECK(e->present == 0);
    CHECK(e->user > 0 && e->idle > 0);
  }
  psinfo_free_cpu_times_percpu(list, count);

  /* A newer caller's element (bigger): the bytes the library does not know stay zero. */
  list = NULL;
  const size_t big = sizeof(psinfo_cpu_times_t) + 24;
  CHECK_RC(psinfo_cpu_times_percpu(&list, &count, big), 0);
  CHECK((int)count == ncpu);
  for (size_t i = 0; i < count && list; ++i) {
    const unsigned char* e = (const unsigned char*)list + i * big;
    psinfo_cpu_times_t known;
    memcpy(&known, e, sizeof known);
    CHECK(known.struct_size == big);
    CHECK(known.present & PSINFO_CPU_TIMES_HAS_NICE);
    int zero = 1;
    for (size_t j = sizeof known; j < big; ++j) zero &= e[j] == 0;
    CHECK(zero);
  }
  psinfo_free_cpu_times_percpu(list, count);

  /* Bad element sizes: the outputs are reset and nothing is allocated. */
  const size_t bad[] = {0,
                        7,
                        PSINFO_CPU_TIMES_MIN_SIZE - 8,
                        PSINFO_CPU_TIMES_MIN_SIZE + 4,
                        (size_t)PSINFO_STRUCT_SIZE_MAX + 8,
                        (size_t)-8};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    list = (psinfo_cpu_times_t*)&t;
    count = 42;
    CHECK_ERR(psinfo_cpu_times_percpu(&list, &count, bad[i]), PSINFO_ESTRUCTSIZE);
    CHECK(list == NULL && count == 0);
  }
  CHECK_ERR(psinfo_cpu_times_percpu(NULL, &count, sizeof *list), PSINFO_EINVAL);
  CHECK(strstr(psinfo_last_error_message(), "NULL") != NULL);
  CHECK_ERR(psinfo_cpu_times_percpu(&list, NULL, sizeof *list), PSINFO_EINVAL);
  CHECK_ERR(psinfo_cpu_times(NULL), PSINFO_EINVAL);
  free(s1);
  free(s2);
}

/* An old (smaller) struct, a struct below the minimum, an absurd one and a newer (bigger)
 * one, each followed by canary bytes that must survive. */
#define CANARY 0xA5
static int canary_ok(const unsigned char* p, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i)
    if (p[i] != CANARY) return 0;
  return 1;
}

static void test_struct_sizes(void) {
  /* virtual_memory cut before `buffers`: an old caller that knew active and inactive. */
  struct {
    psinfo_virtual_memory_t vm;
    unsigned char tail[32];
  } box;
  const size_t cut = offsetof(psinfo_virtual_memory_t, buffers);
  memset(&box, CANARY, sizeof box);
  box.vm.struct_size = (uint32_t)cut;
  char* mi = slurp("/proc/meminfo");
  CHECK_RC(psinfo_virtual_memory(&box.vm), 0);
  CHECK(box.vm.struct_size == cut);
  CHECK(canary_ok((const unsigned char*)&box, cut, sizeof box));
  CHECKF(box.vm.present == (PSINFO_VIRTUAL_MEMORY_HAS_ACTIVE | PSINFO_VIRTUAL_MEMORY_HAS_INACTIVE),
         "present = %#x", box.vm.present);
  CHECK(mi && (double)box.vm.total == meminfo_bytes(mi, "MemTotal:"));
  CHECK(box.vm.used == box.vm.total - box.vm.available);

  /* The same on the heap, allocated to exactly the old size: under AddressSanitizer any
   * write past it is reported. */
  {
    /* Bytes, not a struct: the compiler rightly warns when a struct this short is used as one. */
    unsigned char* heap = malloc(cut);
    CHECK(heap != NULL);
    if (heap) {
      uint32_t size = (uint32_t)cut;
      uint64_t total = 0;
      memset(heap, 0, cut);
      memcpy(heap + offsetof(psinfo_virtual_memory_t, struct_size), &size, sizeof size);
      CHECK_RC(psinfo_virtual_memory((psinfo_virtual_memory_t*)(void*)heap), 0);
      memcpy(&total, heap + offsetof(psinfo_virtual_memory_t, total), sizeof total);
      CHECK(mi && (double)total == meminfo_bytes(mi, "MemTotal:"));
      free(heap);
    }
  }

  /* The smallest accepted: only the fields every platform has. */
  memset(&box, CANARY, sizeof box);
  box.vm.struct_size = PSINFO_VIRTUAL_MEMORY_MIN_SIZE;
  CHECK_RC(psinfo_virtual_memory(&box.vm), 0);
  CHECK(box.vm.present == 0);
  CHECK(canary_ok((const unsigned char*)&box, PSINFO_VIRTUAL_MEMORY_MIN_SIZE, sizeof box));
  CHECK(mi && (double)box.vm.total == meminfo_bytes(mi, "MemTotal:"));

  /* Too small (cutting a mandatory field), zero, absurd: rejected, nothing written. */
  const uint32_t bad[] = {
      0, 4, 8, PSINFO_VIRTUAL_MEMORY_MIN_SIZE - 1, PSINFO_STRUCT_SIZE_MAX + 1, 0xFFFFFFFFu};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    memset(&box, CANARY, sizeof box);
    box.vm.struct_size = bad[i];
    CHECK_ERR(psinfo_virtual_memory(&box.vm), PSINFO_ESTRUCTSIZE);
    CHECK(canary_ok((const unsigned char*)&box, sizeof(uint32_t), sizeof box));
  }

  /* A newer caller's bigger struct: the part the library does not know stays untouched. */
  memset(&box, CANARY, sizeof box);
  box.vm.struct_size = sizeof box;
  CHECK_RC(psinfo_virtual_memory(&box.vm), 0);
  CHECK(canary_ok(box.tail, 0, sizeof box.tail));
  CHECK(box.vm.present & PSINFO_VIRTUAL_MEMORY_HAS_BUFFERS);

  /* The same rule for every struct: a truncated one keeps its canary. */
  {
    struct {
      psinfo_cpu_times_t t;
      unsigned char tail[16];
    } c;
    memset(&c, CANARY, sizeof c);
    c.t.struct_size = offsetof(psinfo_cpu_times_t, irq);
    CHECK_RC(psinfo_cpu_times(&c.t), 0);
    CHECK(c.t.present == (PSINFO_CPU_TIMES_HAS_NICE | PSINFO_CPU_TIMES_HAS_IOWAIT));
    CHECK(canary_ok((const unsigned char*)&c, offsetof(psinfo_cpu_times_t, irq), sizeof c));
    memset(&c, CANARY, sizeof c);
    c.t.struct_size = PSINFO_CPU_TIMES_MIN_SIZE - 8;
    CHECK_ERR(psinfo_cpu_times(&c.t), PSINFO_ESTRUCTSIZE);
    CHECK(canary_ok((const unsigned char*)&c, 4, sizeof c));
    memset(&c, CANARY, sizeof c);
    c.t.struct_size = offsetof(psinfo_cpu_times_t, irq);
    CHECK_RC(psinfo_cpu_times_percent(&c.t, 0.0), 0);
    CHECK(canary_ok((const unsigned char*)&c, offsetof(psinfo_cpu_times_t, irq), sizeof c));
  }
  {
    struct {
      psinfo_cpu_stats_t s;
      unsigned char tail[16];
    } c;
    memset(&c, CANARY, sizeof c);
    c.s.struct_size = offsetof(psinfo_cpu_stats_t, syscalls);
    CHECK_RC(psinfo_cpu_stats(&c.s), 0);
    CHECK(c.s.present == PSINFO_CPU_STATS_HAS_SOFT_INTERRUPTS);
    CHECK(canary_ok((const unsigned char*)&c, offsetof(psinfo_cpu_stats_t, syscalls), sizeof c));
    memset(&c, CANARY, sizeof c);
    c.s.struct_size = PSINFO_CPU_STATS_MIN_SIZE - 1;
    CHECK_ERR(psinfo_cpu_stats(&c.s), PSINFO_ESTRUCTSIZE);
  }
  {
    struct {
      psinfo_swap_memory_t s;
      unsigned char tail[16];
    } c;
    memset(&c, CANARY, sizeof c);
    c.s.struct_size = PSINFO_SWAP_MEMORY_MIN_SIZE;
    CHECK_RC(psinfo_swap_memory(&c.s), 0);
    CHECK(c.s.present == 0);
    CHECK(canary_ok((const unsigned char*)&c, PSINFO_SWAP_MEMORY_MIN_SIZE, sizeof c));
    memset(&c, CANARY, sizeof c);
    c.s.struct_size = 2;
    CHECK_ERR(psinfo_swap_memory(&c.s), PSINFO_ESTRUCTSIZE);
  }
  {
    struct {
      psinfo_cpu_freq_t f;
      unsigned char tail[16];
    } c;
    memset(&c, CANARY, sizeof c);
    c.f.struct_size = PSINFO_CPU_FREQ_MIN_SIZE;
    int rc = psinfo_cpu_freq(&c.f);
    CHECKF(rc == 0 || rc == PSINFO_ENOVALUE || rc == PSINFO_ENOTSUP, "cpu_freq: %s",
           psinfo_err_name(rc));
    if (rc == 0) CHECK(c.f.present == 0);
    CHECK(canary_ok((const unsigned char*)&c, PSINFO_CPU_FREQ_MIN_SIZE, sizeof c));
    c.f.struct_size = 0;
    CHECK_ERR(psinfo_cpu_freq(&c.f), PSINFO_ESTRUCTSIZE);
  }
  free(mi);
}

static void check_percent_times(const psinfo_cpu_times_t* t, const char* what) {
  double v[10];
  cpu_times_as_stat(t, v);
  double sum = 0;
  for (int i = 0; i < 10; ++i) {
    CHECKF(v[i] >= 0 && v[i] <= 100, "%s.%s = %f", what, cpu_field_names[i], v[i]);
    if (i < 8) sum += v[i]; /* guest and guest_nice are inside user and nice */
  }
  CHECKF(sum <= 100.0 + 1.0, "%s: the modes add up to %f", what, sum);
}

static void test_cpu_percent(void) {
  char* stat = slurp("/proc/stat");
  int ncpu = stat ? stat_ncpu(stat) : -1;
  free(stat);
  double p = -1;
  CHECK_RC(psinfo_cpu_percent(&p, 0.0), 0);
  CHECK_BETWEEN(p, 0, 100, 0);
  p = -1;
  CHECK_RC(psinfo_cpu_percent(&p, 0.1), 0);
  CHECK_BETWEEN(p, 0, 100, 0);

  const double bad[] = {-1.0, -1e-9, NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    CHECK_ERR(psinfo_cpu_percent(&p, bad[i]), PSINFO_EINVAL);
    CHECK(strstr(psinfo_last_error_message(), "interval") != NULL);
    double* l = NULL;
    size_t n = 0;
    CHECK_ERR(psinfo_cpu_percent_percpu(&l, &n, bad[i]), PSINFO_EINVAL);
    CHECK(l == NULL && n == 0);
    psinfo_cpu_times_t t = PSINFO_CPU_TIMES_INIT;
    CHECK_ERR(psinfo_cpu_times_percent(&t, bad[i]), PSINFO_EINVAL);
    psinfo_cpu_times_t* tl = NULL;
    CHECK_ERR(psinfo_cpu_times_percent_percpu(&tl, &n, sizeof *tl, bad[i]), PSINFO_EINVAL);
    CHECK(tl == NULL && n == 0);
  }
  CHECK_ERR(psinfo_cpu_percent(NULL, 0.0), PSINFO_EINVAL);

  double* l = NULL;
  size_t n = 0;
  CHECK_RC(psinfo_cpu_percent_percpu(&l, &n, 0.1), 0);
  CHECKF((int)n == ncpu, "cpu_percent_percpu: %zu values, %d CPUs", n, ncpu);
  for (size_t i = 0; i < n && l; ++i) CHECK_BETWEEN(l[i], 0, 100, 0);
  psinfo_free_cpu_percent_percpu(l, n);
  CHECK_ERR(psinfo_cpu_percent_percpu(NULL, &n, 0.0), PSINFO_EINVAL);
  CHECK_ERR(psinfo_cpu_percent_percpu(&l, NULL, 0.0), PSINFO_EINVAL);

  psinfo_cpu_times_t t = PSINFO_CPU_TIMES_INIT;
  CHECK_RC(psinfo_cpu_times_percent(&t, 0.1), 0);
  check_percent_times(&t, "cpu_times_percent");
  CHECK_RC(psinfo_cpu_times_percent(&t, 0.0), 0);
  check_percent_times(&t, "cpu_times_percent(0)");
  CHECK_ERR(psinfo_cpu_times_percent(NULL, 0.0), PSINFO_EINVAL);

  psinfo_cpu_times_t* tl = NULL;
  CHECK_RC(psinfo_cpu_times_percent_percpu(&tl, &n, sizeof *tl, 0.1), 0);
  CHECK((int)n == ncpu);
  for (size_t i = 0; i < n && tl; ++i) {
    CHECK(tl[i].struct_size == sizeof *tl);
    check_percent_times(&tl[i], "cpu_times_percent_percpu");
  }
  psinfo_free_cpu_times_percent_percpu(tl, n);
  CHECK_ERR(psinfo_cpu_times_percent_percpu(&tl, &n, 3, 0.1), PSINFO_ESTRUCTSIZE);
}

static void test_sampler(void) {
  char* stat = slurp("/proc/stat");
  int ncpu = stat ? stat_ncpu(stat) : -1;
  free(stat);
  psinfo_sampler_t* s = NULL;
  CHECK_RC(psinfo_sampler_new(&s), 0);
  CHECK(s != NULL);
  CHECK_ERR(psinfo_sampler_new(NULL), PSINFO_EINVAL);
  double p = -1;
  for (int round = 0; round < 2; ++round) {
    CHECK_RC(psinfo_sampler_cpu_percent(&p, s, 0), 0);
    CHECK_BETWEEN(p, 0, 100, 0);
    double* l = NULL;
    size_t n = 0;
    CHECK_RC(psinfo_sampler_cpu_percent_percpu(&l, &n, s, 0), 0);
    CHECK((int)n == ncpu);
    for (size_t i = 0; i < n && l; ++i) CHECK_BETWEEN(l[i], 0, 100, 0);
    psinfo_free_cpu_percent_percpu(l, n);
    psinfo_cpu_times_t t = PSINFO_CPU_TIMES_INIT;
    CHECK_RC(psinfo_sampler_cpu_times_percent(&t, s, 0), 0);
    check_percent_times(&t, "sampler times_percent");
    psinfo_cpu_times_t* tl = NULL;
    CHECK_RC(psinfo_sampler_cpu_times_percent_percpu(&tl, &n, sizeof *tl, s, 0), 0);
    CHECK((int)n == ncpu);
    for (size_t i = 0; i < n && tl; ++i) check_percent_times(&tl[i], "sampler percpu");
    psinfo_free_cpu_times_percent_percpu(tl, n);
    usleep(50 * 1000);
  }
  CHECK_ERR(psinfo_sampler_cpu_percent(&p, NULL, 0), PSINFO_EINVAL);
  CHECK_ERR(psinfo_sampler_cpu_percent(NULL, s, 0), PSINFO_EINVAL);
  {
    double* l = NULL;
    size_t n = 0;
    CHECK_ERR(psinfo_sampler_cpu_percent_percpu(&l, &n, NULL, 0), PSINFO_EINVAL);
    psinfo_cpu_times_t t = PSINFO_CPU_TIMES_INIT;
    CHECK_ERR(psinfo_sampler_cpu_times_percent(&t, NULL, 0), PSINFO_EINVAL);
    psinfo_cpu_times_t* tl = NULL;
    CHECK_ERR(psinfo_sampler_cpu_times_percent_percpu(&tl, &n, sizeof *tl, NULL, 0), PSINFO_EINVAL);
    CHECK_ERR(psinfo_sampler_cpu_times_percent_percpu(&tl, &n, 1, s, 0), PSINFO_ESTRUCTSIZE);
  }
  psinfo_sampler_free(s);
  psinfo_sampler_free(NULL);
}

static void test_cpu_count_stats(void) {
  int32_t n = -1;
  CHECK_RC(psinfo_cpu_count(&n, 1), 0);
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  CHECKF(n == online, "cpu_count(logical) = %d, sysconf says %ld", n, online);
  int32_t phys = -1;
  int rc = psinfo_cpu_count(&phys, 0);
  CHECKF(rc == 0 || rc == PSINFO_ENOVALUE, "cpu_count(physical): %s", psinfo_err_name(rc));
  if (rc == 0) CHECKF(phys >= 1 && phys <= n, "physical %d, logical %d", phys, n);
  if (rc == PSINFO_ENOVALUE) CHECK(phys == -1);
  CHECK_ERR(psinfo_cpu_count(NULL, 1), PSINFO_EINVAL);

  char* s1 = slurp("/proc/stat");
  psinfo_cpu_stats_t st = PSINFO_CPU_STATS_INIT;
  CHECK_RC(psinfo_cpu_stats(&st), 0);
  char* s2 = slurp("/proc/stat");
  CHECK(s1 && s2);
  if (s1 && s2) {
    CHECK_BETWEEN(st.ctx_switches, field_of(s1, "ctxt "), field_of(s2, "ctxt "), 0);
    CHECK_BETWEEN(st.interrupts, field_of(s1, "intr "), field_of(s2, "intr "), 0);
    CHECK_BETWEEN(st.soft_interrupts, field_of(s1, "softirq "), field_of(s2, "softirq "), 0);
  }
  CHECK(st.present == PSINFO_CPU_STATS_HAS_SOFT_INTERRUPTS); /* Linux counts no syscalls */
  CHECK_ERR(psinfo_cpu_stats(NULL), PSINFO_EINVAL);
  free(s1);
  free(s2);
}

static void test_cpu_freq_live(void) {
  char* ci = slurp("/proc/cpuinfo");
  int mhz_lines = ci ? count_prefix_lines(ci, "cpu MHz") : 0;
  int has_cpufreq = is_dir("/sys/devices/system/cpu/cpufreq/policy0") ||
                    is_dir("/sys/devices/system/cpu/cpu0/cpufreq");
  psinfo_cpu_freq_t f = PSINFO_CPU_FREQ_INIT;
  int rc = psinfo_cpu_freq(&f);
  psinfo_cpu_freq_t* l = NULL;
  size_t n = 0;
  CHECK_RC(psinfo_cpu_freq_percpu(&l, &n, sizeof *l), 0);
  if (!has_cpufreq && mhz_lines == 0) {
    CHECK_ERR(rc, PSINFO_ENOVALUE); /* psutil's None */
    CHECK(n == 0 && l == NULL);
  } else if (!has_cpufreq) {
    /* /proc/cpuinfo is the only source: current only, min and max absent. */
    CHECK_RC(rc, 0);
    CHECK(f.present == 0);
    CHECK((int)n == mhz_lines);
    double lo = 1e18, hi = 0;
    for (const char* p = strstr(ci, "cpu MHz"); p; p = strstr(p + 1, "cpu MHz")) {
      double v = strtod(strchr(p, ':') + 1, NULL);
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
    /* Frequencies move: only ask for the same order of magnitude. */
    CHECK_BETWEEN(f.current, lo / 4, hi * 4, 0);
    for (size_t i = 0; i < n && l; ++i) {
      CHECK(l[i].present == 0 && l[i].current > 0);
      CHECK(l[i].struct_size == sizeof *l);
    }
  } else {
    CHECKF(rc == 0 || rc == PSINFO_ENOTSUP, "cpu_freq: %s", psinfo_err_name(rc));
    if (rc == 0) CHECK(f.current > 0);
  }
  psinfo_free_cpu_freq_percpu(l, n);
  CHECK_ERR(psinfo_cpu_freq(NULL), PSINFO_EINVAL);
  CHECK_ERR(psinfo_cpu_freq_percpu(NULL, &n, sizeof *l), PSINFO_EINVAL);
  CHECK_ERR(psinfo_cpu_freq_percpu(&l, &n, 0), PSINFO_ESTRUCTSIZE);
  free(ci);
}

static int parse_loadavg(const char* path, double v[3]) {
  char* s = slurp(path);
  int ok = s && sscanf(s, "%lf %lf %lf", &v[0], &v[1], &v[2]) == 3;
  free(s);
  return ok;
}

static void sysinfo_loads(double v[3]) {
  struct sysinfo si;
  memset(&si, 0, sizeof si);
  CHECK(sysinfo(&si) == 0);
  for (int i = 0; i < 3; ++i) v[i] = (double)si.loads[i] / (double)(1 << SI_LOAD_SHIFT);
}

static void test_loadavg(void) {
  double a[3], b[3], sa[3], sb[3], got[3] = {-1, -1, -1};
  CHECK(parse_loadavg("/proc/loadavg", a));
  sysinfo_loads(sa);
  CHECK_RC(psinfo_getloadavg(got), 0);
  sysinfo_loads(sb);
  CHECK(parse_loadavg("/proc/loadavg", b));
  for (int i = 0; i < 3; ++i) {
    /* The kernel's fixed-point averages (what glibc and psutil use), unrounded. */
    CHECK_BETWEEN(got[i], fmin(sa[i], sb[i]), fmax(sa[i], sb[i]), 1e-9);
    /* /proc/loadavg prints the same numbers with two decimals. */
    CHECK_BETWEEN(got[i], fmin(a[i], b[i]), fmax(a[i], b[i]), 0.01);
  }
  CHECK_ERR(psinfo_getloadavg(NULL), PSINFO_EINVAL);
}

/* ---- Memory ----------------------------------------------------------------------------- */

static void test_memory(void) {
  char* m1 = slurp("/proc/meminfo");
  psinfo_virtual_memory_t vm = PSINFO_VIRTUAL_MEMORY_INIT;
  CHECK_RC(psinfo_virtual_memory(&vm), 0);
  char* m2 = slurp("/proc/meminfo");
  CHECK(m1 && m2);
  if (!m1 || !m2) return;
  const double slack = 64.0 * 1024 * 1024; /* memory moves while we look */
#define MEM_BETWEEN(x, key)                                              \
  CHECK_BETWEEN(x, fmin(meminfo_bytes(m1, key), meminfo_bytes(m2, key)), \
                fmax(meminfo_bytes(m1, key), meminfo_bytes(m2, key)), slack)
  CHECK((double)vm.total == meminfo_bytes(m1, "MemTotal:"));
  MEM_BETWEEN(vm.available, "MemAvailable:");
  MEM_BETWEEN(vm.free, "MemFree:");
  MEM_BETWEEN(vm.buffers, "Buffers:");
  MEM_BETWEEN(vm.active, "Active:");
  MEM_BETWEEN(vm.inactive, "Inactive:");
  MEM_BETWEEN(vm.shared, "Shmem:");
  MEM_BETWEEN(vm.slab, "Slab:");
  CHECK_BETWEEN(vm.cached, meminfo_bytes(m1, "Cached:") + meminfo_bytes(m1, "SReclaimable:"),
                meminfo_bytes(m2, "Cached:") + meminfo_bytes(m2, "SReclaimable:"), 2 * slack);
  /* psutil 8: used = total - available; percent rounded to 0.1. */
  CHECK(vm.used == vm.total - vm.available);
  CHECK_NEAR(vm.percent, (double)(vm.total - vm.available) / (double)vm.total * 100, 0.05 + 1e-9);
  const uint32_t want = PSINFO_VIRTUAL_MEMORY_HAS_ACTIVE | PSINFO_VIRTUAL_MEMORY_HAS_INACTIVE |
                        PSINFO_VIRTUAL_MEMORY_HAS_BUFFERS | PSINFO_VIRTUAL_MEMORY_HAS_CACHED |
                        PSINFO_VIRTUAL_MEMORY_HAS_SHARED | PSINFO_VIRTUAL_MEMORY_HAS_SLAB;
  CHECKF(vm.present == want, "present %#x, want %#x (no wired on Linux)", vm.present, want);
  CHECK_ERR(psinfo_virtual_memory(NULL), PSINFO_EINVAL);

  psinfo_swap_memory_t sw = PSINFO_SWAP_MEMORY_INIT;
  char* vmstat = slurp("/proc/vmstat");
  CHECK_RC(psinfo_swap_memory(&sw), 0);
  CHECK((double)sw.total == meminfo_bytes(m1, "SwapTotal:"));
  MEM_BETWEEN(sw.free, "SwapFree:");
  CHECK(sw.used == sw.total - sw.free);
  if (sw.total == 0)
    CHECK(sw.percent == 0);
  else
    CHECK_NEAR(sw.percent, (double)sw.used / (double)sw.total * 100, 0.05 + 1e-9);
  if (vmstat && field_of(vmstat, "pswpin ") >= 0) {
    CHECK(sw.present == (PSINFO_SWAP_MEMORY_HAS_SIN | PSINFO_SWAP_MEMORY_HAS_SOUT));
    CHECK_BETWEEN(sw.sin, field_of(vmstat, "pswpin ") * 4096, field_of(vmstat, "pswpin ") * 4096,
                  slack);
    CHECK_BETWEEN(sw.sout, field_of(vmstat, "pswpout ") * 4096, field_of(vmstat, "pswpout ") * 4096,
                  slack);
  }
  CHECK_ERR(psinfo_swap_memory(NULL), PSINFO_EINVAL);
#undef MEM_BETWEEN
  free(vmstat);
  free(m1);
  free(m2);
}

/* ---- Host ------------------------------------------------------------------------------- */

/* psinfo_heap_info is glibc's mallinfo2(), read back here; psinfo_heap_trim succeeds. */
static void test_heap_info(void) {
  psinfo_heap_info_t h = PSINFO_HEAP_INFO_INIT;
  CHECK_RC(psinfo_heap_trim(), 0);
  CHECK_RC(psinfo_heap_info(&h), 0);
  struct mallinfo2 m = mallinfo2(); /* nothing allocated since */
  CHECK(h.heap_used == m.uordblks);
  CHECK(h.mmap_used == m.hblkhd);
  CHECK(!(h.present & PSINFO_HEAP_INFO_HAS_HEAP_COUNT)); /* Windows only */
  CHECK_ERR(psinfo_heap_info(NULL), PSINFO_EINVAL);
  h.struct_size = PSINFO_HEAP_INFO_MIN_SIZE - 1;
  CHECK_ERR(psinfo_heap_info(&h), PSINFO_ESTRUCTSIZE);
}

static void test_boot_time(void) {
  char* stat = slurp("/proc/stat");
  double bt = -1;
  CHECK_RC(psinfo_boot_time(&bt), 0);
  CHECK(stat && bt == field_of(stat, "btime "));
  CHECK_ERR(psinfo_boot_time(NULL), PSINFO_EINVAL);
  free(stat);
}

static void test_users(void) {
  /* utmp read here, for comparison. */
  int want = 0;
  setutxent();
  struct utmpx* u;
  while ((u = getutxent()) != NULL)
    if (u->ut_type == USER_PROCESS) ++want;
  endutxent();

  psinfo_user_t* l = NULL;
  size_t n = 99;
  CHECK_RC(psinfo_users(&l, &n, sizeof *l), 0);
  CHECKF((int)n == want, "users: %zu, utmp has %d", n, want);
  CHECK(n > 0 || l == NULL);
  for (size_t i = 0; i < n && l; ++i) {
    CHECK(l[i].struct_size == sizeof *l);
    CHECK(l[i].name != NULL && l[i].host != NULL);
    CHECK(l[i].terminal == NULL || l[i].terminal[0] != '\0'); /* absent: NULL, never "" */
    CHECK(l[i].started > 0);
  }
  psinfo_free_users(l, n);
  /* An older caller's element size (without pid). */
  CHECK_RC(psinfo_users(&l, &n, offsetof(psinfo_user_t, pid)), 0);
  for (size_t i = 0; i < n && l; ++i) {
    const psinfo_user_t* e =
        (const psinfo_user_t*)((const char*)l + i * offsetof(psinfo_user_t, pid));
    CHECK((e->present & PSINFO_USER_HAS_PID) == 0);
    CHECK(e->name != NULL);
  }
  psinfo_free_users(l, n);
  CHECK_ERR(psinfo_users(NULL, &n, sizeof *l), PSINFO_EINVAL);
  CHECK_ERR(psinfo_users(&l, NULL, sizeof *l), PSINFO_EINVAL);
  CHECK_ERR(psinfo_users(&l, &n, 8), PSINFO_ESTRUCTSIZE);
}

static void test_free_null(void) {
  psinfo_free_cpu_times_percpu(NULL, 0);
  psinfo_free_cpu_percent_percpu(NULL, 0);
  psinfo_free_cpu_times_percent_percpu(NULL, 0);
  psinfo_free_cpu_freq_percpu(NULL, 0);
  psinfo_free_users(NULL, 0);
  psinfo_free_users(NULL, 5);
  psinfo_sampler_free(NULL);
  CHECK(1); /* reached without a crash */
}

/* ---- A recorded /proc tree ------------------------------------------------------------- */

/* A recorded tree: its proc/ and sys/. The tree's cpufreq is compared where it has one. */
static void fixture_tree(const char* proc, const char* sys) {
  char path[4096];
  size_t size = sizeof path;
  CHECK_RC(psinfo_procfs_path(path, &size), 0);
  CHECK(size == strlen(path));
  const char* env = getenv("PSINFO_PROCFS_PATH");
  CHECK(strcmp(path, env && *env ? env : "/proc") == 0);

  CHECK_RC(psinfo_set_procfs_path(proc), 0);
  size = sizeof path;
  CHECK_RC(psinfo_procfs_path(path, &size), 0);
  CHECK(strcmp(path, proc) == 0);
  /* Too small a buffer: ENOBUFS and the size needed. */
  size = 4;
  CHECK_ERR(psinfo_procfs_path(path, &size), PSINFO_ENOBUFS);
  CHECK(size == strlen(proc) + 1);
  size = 0;
  CHECK_ERR(psinfo_procfs_path(NULL, &size), PSINFO_ENOBUFS);
  CHECK(size == strlen(proc) + 1);
  CHECK_ERR(psinfo_procfs_path(path, NULL), PSINFO_EINVAL);

  char file[4200];
  snprintf(file, sizeof file, "%s/stat", proc);
  char* stat = slurp(file);
  snprintf(file, sizeof file, "%s/meminfo", proc);
  char* mi = slurp(file);
  snprintf(file, sizeof file, "%s/loadavg", proc);
  double la[3];
  CHECK(stat && mi && parse_loadavg(file, la));
  if (!stat || !mi) goto restore;

  stat_cpu want;
  CHECK(stat_line(stat, "cpu ", &want));
  psinfo_cpu_times_t t = PSINFO_CPU_TIMES_INIT;
  CHECK_RC(psinfo_cpu_times(&t), 0);
  double got[10];
  cpu_times_as_stat(&t, got);
  for (int i = 0; i < 10; ++i)
    CHECKF(fabs(got[i] - want.v[i]) < 1e-9, "fixture cpu_times.%s = %f, want %f",
           cpu_field_names[i], got[i], want.v[i]);

  psinfo_cpu_times_t* l = NULL;
  size_t n = 0;
  CHECK_RC(psinfo_cpu_times_percpu(&l, &n, sizeof *l), 0);
  CHECK((int)n == stat_ncpu(stat));
  if (n >= 8 && l) {
    stat_cpu c7;
    CHECK(stat_line(stat, "cpu7 ", &c7));
    CHECK_NEAR(l[7].user, c7.v[0], 1e-9);
    CHECK_NEAR(l[7].nice, c7.v[1], 1e-9);
    CHECK_NEAR(l[7].idle, c7.v[3], 1e-9);
  }
  psinfo_free_cpu_times_percpu(l, n);

  double bt = 0;
  CHECK_RC(psinfo_boot_time(&bt), 0);
  CHECK(bt == field_of(stat, "btime "));

  psinfo_cpu_stats_t st = PSINFO_CPU_STATS_INIT;
  CHECK_RC(psinfo_cpu_stats(&st), 0);
  CHECK((double)st.ctx_switches == field_of(stat, "ctxt "));
  CHECK((double)st.interrupts == field_of(stat, "intr "));
  CHECK((double)st.soft_interrupts == field_of(stat, "softirq "));

  double lg[3];
  CHECK_RC(psinfo_getloadavg(lg), 0);
  for (int i = 0; i < 3; ++i) CHECK(lg[i] == la[i]);

  psinfo_virtual_memory_t vm = PSINFO_VIRTUAL_MEMORY_INIT;
  CHECK_RC(psinfo_virtual_memory(&vm), 0);
  CHECK((double)vm.total == meminfo_bytes(mi, "MemTotal:"));
  CHECK((double)vm.free == meminfo_bytes(mi, "MemFree:"));
  CHECK((double)vm.buffers == meminfo_bytes(mi, "Buffers:"));
  CHECK((double)vm.cached == meminfo_bytes(mi, "Cached:") + meminfo_bytes(mi, "SReclaimable:"));
  CHECK((double)vm.shared == meminfo_bytes(mi, "Shmem:"));
  CHECK((double)vm.slab == meminfo_bytes(mi, "Slab:"));
  CHECK((double)vm.active == meminfo_bytes(mi, "Active:"));
  CHECK(vm.used == vm.total - vm.available);

  /* No swap, and no vmstat: sin/sout absent, not zero. */
  psinfo_swap_memory_t sw = PSINFO_SWAP_MEMORY_INIT;
  CHECK_RC(psinfo_swap_memory(&sw), 0);
  CHECK((double)sw.total == meminfo_bytes(mi, "SwapTotal:"));
  CHECK(sw.used == 0 && sw.percent == 0);
  snprintf(file, sizeof file, "%s/vmstat", proc);
  char* vmstat = slurp(file);
  if (vmstat == NULL) CHECKF(sw.present == 0, "present %#x without vmstat", sw.present);
  free(vmstat);

  /* The tree's /sys: one complete cpufreq policy (policy1 is an empty directory upstream,
   * which git drops; psutil raises NotImplementedError when it is there). */
  CHECK_RC(psinfo_set_sysfs_path(sys), 0);
  size = sizeof path;
  CHECK_RC(psinfo_sysfs_path(path, &size), 0);
  CHECK(strcmp(path, sys) == 0);
  char p0[4200], p1[4200];
  snprintf(p0, sizeof p0, "%s/devices/system/cpu/cpufreq/policy0", sys);
  snprintf(p1, sizeof p1, "%s/devices/system/cpu/cpufreq/policy1", sys);
  psinfo_cpu_freq_t f = PSINFO_CPU_FREQ_INIT;
  if (!is_dir(p0) && !is_dir(p1)) {
    printf("note: %s has no cpufreq policy: cpu_freq not compared\n", sys);
  } else if (is_dir(p1)) {
    CHECK_ERR(psinfo_cpu_freq(&f), PSINFO_ENOTSUP);
  } else {
    snprintf(file, sizeof file, "%s/devices/system/cpu/cpufreq/policy0/scaling_cur_freq", sys);
    char* cur = slurp(file);
    snprintf(file, sizeof file, "%s/devices/system/cpu/cpufreq/policy0/scaling_max_freq", sys);
    char* mx = slurp(file);
    CHECK_RC(psinfo_cpu_freq(&f), 0);
    CHECK(cur && mx);
    if (cur && mx) {
      CHECK_NEAR(f.current, strtod(cur, NULL) / 1000, 1e-9);
      CHECK(f.present & PSINFO_CPU_FREQ_HAS_MAX);
      CHECK_NEAR(f.max, strtod(mx, NULL) / 1000, 1e-9);
    }
    free(cur);
    free(mx);
  }

  /* A root that does not exist: an error naming the file. */
  CHECK_RC(psinfo_set_procfs_path("/nonexistent/psinfo-test"), 0);
  CHECK_ERR(psinfo_cpu_times(&t), PSINFO_EIO);
  CHECKF(strstr(psinfo_last_error_message(), "/nonexistent/psinfo-test/stat") != NULL,
         "message: %s", psinfo_last_error_message());
  CHECK_ERR(psinfo_boot_time(&bt), PSINFO_EIO);

  /* "" restores the default; NULL is refused. */
restore:
  CHECK_RC(psinfo_set_procfs_path(""), 0);
  CHECK_RC(psinfo_set_sysfs_path(""), 0);
  size = sizeof path;
  CHECK_RC(psinfo_procfs_path(path, &size), 0);
  CHECK(strcmp(path, env && *env ? env : "/proc") == 0);
  CHECK_ERR(psinfo_set_procfs_path(NULL), PSINFO_EINVAL);
  CHECK_ERR(psinfo_set_sysfs_path(NULL), PSINFO_EINVAL);
  CHECK_RC(psinfo_boot_time(&bt), 0);
  free(stat);
  free(mi);
}

static void test_fixture_own(void) {
  fixture_tree(PSINFO_TEST_FIXTURES "/recorded-vm/proc", PSINFO_TEST_FIXTURES "/recorded-vm/sys");
}

static void test_fixture_shared(void) {
  char proc[4096], sys[4096];
  fixture_tree(shared_fixture(proc, sizeof proc, "procfs/proc"),
               shared_fixture(sys, sizeof sys, "procfs/sys"));
}

/* ---- Disks, network, sensors ------------------------------------------------------------ */

/* A function whose C++ implementation has not landed yet returns PSINFO_ENOTSUP with "not
 * implemented yet": its test is skipped, loudly. */
static int not_implemented(int rc, const char* what) {
  if (rc == PSINFO_ENOTSUP && strstr(psinfo_last_error_message(), "not implemented yet")) {
    ++skipped;
    printf("SKIP %s: %s\n", what, psinfo_last_error_message());
    return 1;
  }
  return 0;
}

/* Bad list arguments: NULL out, NULL count, element sizes out of range or misaligned; the
 * outputs are reset. call is an expression using `lst`, `cnt` and `esz`. */
#define CHECK_LIST_ERRORS(T, call)            \
  do {                                        \
    T* lst = (T*)&passed;                     \
    size_t cnt = 7, esz = 0;                  \
    CHECK_ERR(call, PSINFO_ESTRUCTSIZE);      \
    CHECK(lst == NULL && cnt == 0);           \
    esz = sizeof(T) + 4;                      \
    CHECK_ERR(call, PSINFO_ESTRUCTSIZE);      \
    esz = 8;                                  \
    CHECK_ERR(call, PSINFO_ESTRUCTSIZE);      \
    esz = (size_t)PSINFO_STRUCT_SIZE_MAX + 8; \
    CHECK_ERR(call, PSINFO_ESTRUCTSIZE);      \
  } while (0)

static void test_disk_usage(void) {
  struct statvfs a, b;
  CHECK(statvfs("/", &a) == 0);
  psinfo_disk_usage_t u = PSINFO_DISK_USAGE_INIT;
  int rc = psinfo_disk_usage(&u, "/");
  CHECK(statvfs("/", &b) == 0);
  if (not_implemented(rc, "disk_usage")) return;
  CHECK_RC(rc, 0);
  double fr = (double)a.f_frsize;
  CHECK((double)u.total == (double)a.f_blocks * fr);
  const double slack = 64.0 * 1024 * 1024; /* files come and go while we look */
  CHECK_BETWEEN(u.free, (double)a.f_bavail * fr, (double)b.f_bavail * fr, slack);
  CHECK_BETWEEN(u.used, (double)(a.f_blocks - a.f_bfree) * fr,
                (double)(b.f_blocks - b.f_bfree) * fr, slack);
  /* psutil: used / (used + free), rounded to 0.1. */
  double want = u.used + u.free == 0 ? 0 : (double)u.used / (double)(u.used + u.free) * 100;
  CHECK_NEAR(u.percent, want, 0.05 + 1e-9);
  CHECK(u.present == 0 && u.struct_size == sizeof u);

  /* An old caller's struct without percent (below the minimum) and a newer one. */
  struct {
    psinfo_disk_usage_t u;
    unsigned char tail[16];
  } box;
  memset(&box, CANARY, sizeof box);
  box.u.struct_size = offsetof(psinfo_disk_usage_t, percent);
  CHECK_ERR(psinfo_disk_usage(&box.u, "/"), PSINFO_ESTRUCTSIZE);
  CHECK(canary_ok((const unsigned char*)&box, 4, sizeof box));
  memset(&box, CANARY, sizeof box);
  box.u.struct_size = sizeof box;
  CHECK_RC(psinfo_disk_usage(&box.u, "/"), 0);
  CHECK(canary_ok(box.tail, 0, sizeof box.tail));
  CHECK((double)box.u.total == (double)a.f_blocks * fr);

  CHECK_ERR(psinfo_disk_usage(NULL, "/"), PSINFO_EINVAL);
  CHECK_ERR(psinfo_disk_usage(&u, NULL), PSINFO_EINVAL);
  CHECK(strstr(psinfo_last_error_message(), "path") != NULL);
  CHECK_ERR(psinfo_disk_usage(&u, "/nonexistent/psinfo-capi"), PSINFO_EIO);
  CHECKF(strstr(psinfo_last_error_message(), "/nonexistent/psinfo-capi") != NULL, "message: %s",
         psinfo_last_error_message());
  /* The OS's errno travels with it (Python's FileNotFoundError); a bad argument has none. */
  CHECKF(psinfo_last_errno() == ENOENT, "psinfo_last_errno() = %d", psinfo_last_errno());
  CHECK_ERR(psinfo_disk_usage(&u, NULL), PSINFO_EINVAL);
  CHECKF(psinfo_last_errno() == 0, "psinfo_last_errno() after EINVAL = %d", psinfo_last_errno());
  /* A successful call leaves both alone. */
  CHECK_ERR(psinfo_disk_usage(&u, "/nonexistent/psinfo-capi"), PSINFO_EIO);
  CHECK_RC(psinfo_disk_usage(&u, "/"), 0);
  CHECK(psinfo_last_errno() == ENOENT);
  if (geteuid() != 0 && access("/root", X_OK) != 0) {
    CHECK_ERR(psinfo_disk_usage(&u, "/root/psinfo-capi"), PSINFO_EACCES);
    CHECK(psinfo_last_errno() == EACCES);
  }
}

/* /proc/self/mounts through getmntent (which decodes \040 and friends). */
typedef struct {
  char dev[256], dir[512], type[64], opts[1024];
} mount_row;

static int read_mounts(mount_row* rows, int max) {
  FILE* f = setmntent("/proc/self/mounts", "r");
  if (!f) return -1;
  int n = 0;
  struct mntent* m;
  while ((m = getmntent(f)) != NULL && n < max) {
    snprintf(rows[n].dev, sizeof rows[n].dev, "%s",
             strcmp(m->mnt_fsname, "none") ? m->mnt_fsname : "");
    snprintf(rows[n].dir, sizeof rows[n].dir, "%s", m->mnt_dir);
    snprintf(rows[n].type, sizeof rows[n].type, "%s", m->mnt_type);
    snprintf(rows[n].opts, sizeof rows[n].opts, "%s", m->mnt_opts);
    ++n;
  }
  endmntent(f);
  return n;
}

/* A filesystem type /proc/filesystems lists without "nodev". */
static int physical_fstype(const char* fs, const char* type) {
  for (const char* p = fs; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
    if (strncmp(p, "nodev", 5) == 0) continue;
    while (*p == ' ' || *p == '\t') ++p;
    size_t k = strlen(type);
    if (strncmp(p, type, k) == 0 && (p[k] == '\n' || p[k] == 0)) return 1;
  }
  return 0;
}

static void test_disk_partitions(void) {
  static mount_row rows[512];
  int nrows = read_mounts(rows, 512);
  CHECK(nrows > 0);
  psinfo_partition_t* l = NULL;
  size_t n = 99;
  int rc = psinfo_disk_partitions(&l, &n, sizeof *l, 1);
  if (not_implemented(rc, "disk_partitions")) return;
  CHECK_RC(rc, 0);
  CHECKF((int)n == nrows, "disk_partitions(all): %zu, /proc/self/mounts has %d", n, nrows);
  for (size_t i = 0; i < n && l && (int)i < nrows; ++i) {
    CHECK(l[i].struct_size == sizeof *l && l[i].present == 0);
    CHECKF(strcmp(l[i].mountpoint, rows[i].dir) == 0, "[%zu] mountpoint %s vs %s", i,
           l[i].mountpoint, rows[i].dir);
    CHECKF(strcmp(l[i].fstype, rows[i].type) == 0, "[%zu] fstype %s vs %s", i, l[i].fstype,
           rows[i].type);
    CHECKF(strcmp(l[i].opts, rows[i].opts) == 0, "[%zu] opts %s vs %s", i, l[i].opts, rows[i].opts);
    /* /dev/root and rootfs are resolved to the real device, as psutil does. */
    if (strcmp(rows[i].dev, "/dev/root") != 0 && strcmp(rows[i].dev, "rootfs") != 0)
      CHECKF(strcmp(l[i].device, rows[i].dev) == 0, "[%zu] device %s vs %s", i, l[i].device,
             rows[i].dev);
  }
  psinfo_free_disk_partitions(l, n);

  /* all=0: the entries with a device and a physical filesystem type. */
  char* fs = slurp("/proc/filesystems");
  CHECK(fs != NULL);
  int want = 0;
  for (int i = 0; i < nrows && fs; ++i)
    if (rows[i].dev[0] && physical_fstype(fs, rows[i].type)) ++want;
  l = NULL;
  CHECK_RC(psinfo_disk_partitions(&l, &n, sizeof *l, 0), 0);
  CHECKF((int)n == want, "disk_partitions(): %zu, want %d", n, want);
  int has_root = 0;
  for (size_t i = 0; i < n && l; ++i) {
    CHECK(l[i].device[0] != 0);
    CHECKF(fs && physical_fstype(fs, l[i].fstype), "%s is nodev", l[i].fstype);
    has_root |= strcmp(l[i].mountpoint, "/") == 0;
  }
  CHECK(has_root || want == 0);
  psinfo_free_disk_partitions(l, n);
  free(fs);

  /* An older element (without opts) is below the minimum; a bigger one keeps zero bytes. */
  const size_t big = sizeof(psinfo_partition_t) + 16;
  CHECK_RC(psinfo_disk_partitions(&l, &n, big, 1), 0);
  for (size_t i = 0; i < n && l; ++i) {
    const unsigned char* e = (const unsigned char*)l + i * big;
    psinfo_partition_t p;
    memcpy(&p, e, sizeof p);
    CHECK(p.struct_size == big && p.mountpoint && p.opts);
    int zero = 1;
    for (size_t j = sizeof p; j < big; ++j) zero &= e[j] == 0;
    CHECK(zero);
  }
  psinfo_free_disk_partitions(l, n);
  CHECK_ERR(psinfo_disk_partitions(&l, &n, offsetof(psinfo_partition_t, opts), 1),
            PSINFO_ESTRUCTSIZE);
  CHECK(l == NULL && n == 0);
  CHECK_LIST_ERRORS(psinfo_partition_t, psinfo_disk_partitions(&lst, &cnt, esz, 0));
  CHECK_ERR(psinfo_disk_partitions(NULL, &n, sizeof *l, 0), PSINFO_EINVAL);
  CHECK_ERR(psinfo_disk_partitions(&l, NULL, sizeof *l, 0), PSINFO_EINVAL);
}

/* One /proc/diskstats line: name and the 11 first counters (psutil's order). */
typedef struct {
  char name[64];
  double v[11]; /* reads rmerged rsectors rms writes wmerged wsectors wms inflight busy weighted */
} diskstat;

static int read_diskstats(diskstat* out, int max) {
  char* s = slurp("/proc/diskstats");
  if (!s) return -1;
  int n = 0;
  for (char* p = s; p && *p && n < max; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
    unsigned maj, mnr;
    unsigned long long v[11];
    if (sscanf(p, "%u %u %63s %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &maj, &mnr,
               out[n].name, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9],
               &v[10]) != 14)
      continue;
    for (int i = 0; i < 11; ++i) out[n].v[i] = (double)v[i];
    ++n;
  }
  free(s);
  return n;
}

static const diskstat* find_disk(const diskstat* d, int n, const char* name) {
  for (int i = 0; i < n; ++i)
    if (strcmp(d[i].name, name) == 0) return &d[i];
  return NULL;
}

static int whole_disk(const char* name) {
  char path[512];
  snprintf(path, sizeof path, "/sys/block/%.400s", name);
  for (char* p = path + strlen("/sys/block/"); *p; ++p)
    if (*p == '/') *p = '!';
  return access(path, F_OK) == 0;
}

static void check_disk_io(const psinfo_disk_io_counters_t* c, const diskstat* a, const diskstat* b,
                          const char* what) {
#define DISK_BETWEEN(field, i, mul)                                                           \
  CHECKF((double)c->field >= a->v[i] * (mul) && (double)c->field <= b->v[i] * (mul),          \
         "%s.%s = %.0f not in [%.0f, %.0f]", what, #field, (double)c->field, a->v[i] * (mul), \
         b->v[i] * (mul))
  DISK_BETWEEN(read_count, 0, 1);
  DISK_BETWEEN(read_merged_count, 1, 1);
  DISK_BETWEEN(read_bytes, 2, 512);
  DISK_BETWEEN(read_time, 3, 1);
  DISK_BETWEEN(write_count, 4, 1);
  DISK_BETWEEN(write_merged_count, 5, 1);
  DISK_BETWEEN(write_bytes, 6, 512);
  DISK_BETWEEN(write_time, 7, 1);
  DISK_BETWEEN(busy_time, 9, 1);
#undef DISK_BETWEEN
  const uint32_t all =
      PSINFO_DISK_IO_COUNTERS_HAS_READ_TIME | PSINFO_DISK_IO_COUNTERS_HAS_WRITE_TIME |
      PSINFO_DISK_IO_COUNTERS_HAS_READ_MERGED_COUNT |
      PSINFO_DISK_IO_COUNTERS_HAS_WRITE_MERGED_COUNT | PSINFO_DISK_IO_COUNTERS_HAS_BUSY_TIME;
  CHECKF(c->present == all, "%s.present = %#x", what, c->present);
}

static void test_disk_io(void) {
  static diskstat a[256], b[256];
  CHECK_RC(psinfo_cache_clear("disk_io_counters"), 0);
  int na = read_diskstats(a, 256);
  psinfo_disk_io_counters_t* l = NULL;
  size_t n = 99;
  int rc = psinfo_disk_io_counters_perdisk(&l, &n, sizeof *l, 0);
  int nb = read_diskstats(b, 256);
  if (not_implemented(rc, "disk_io_counters_perdisk")) return;
  CHECK_RC(rc, 0);
  CHECK(na > 0 && na == nb);
  CHECKF((int)n == na, "perdisk: %zu devices, /proc/diskstats has %d", n, na);
  for (size_t i = 0; i < n && l; ++i) {
    CHECK(l[i].name != NULL && l[i].struct_size == sizeof *l);
    if (i > 0)
      CHECKF(strcmp(l[i - 1].name, l[i].name) < 0, "order %s, %s", l[i - 1].name, l[i].name);
    const diskstat* da = find_disk(a, na, l[i].name);
    const diskstat* db = find_disk(b, nb, l[i].name);
    CHECKF(da && db, "%s is not in /proc/diskstats", l[i].name);
    if (da && db) check_disk_io(&l[i], da, db, l[i].name);
  }
  psinfo_free_disk_io_counters_perdisk(l, n);

  /* The total: whole disks only (those under /sys/block), summed. */
  diskstat sa, sb;
  memset(&sa, 0, sizeof sa);
  memset(&sb, 0, sizeof sb);
  int disks = 0;
  na = read_diskstats(a, 256);
  psinfo_disk_io_counters_t t = PSINFO_DISK_IO_COUNTERS_INIT;
  rc = psinfo_disk_io_counters(&t, 0);
  nb = read_diskstats(b, 256);
  for (int i = 0; i < na; ++i) {
    const diskstat* db = find_disk(b, nb, a[i].name);
    if (!db || !whole_disk(a[i].name)) continue;
    ++disks;
    for (int k = 0; k < 11; ++k) {
      sa.v[k] += a[i].v[k];
      sb.v[k] += db->v[k];
    }
  }
  if (disks == 0) {
    CHECK_ERR(rc, PSINFO_ENOVALUE);
  } else {
    CHECK_RC(rc, 0);
    CHECK(t.name == NULL);
    check_disk_io(&t, &sa, &sb, "disk_io_counters");
  }
  /* nowrap on: no wrap happened, so the same as the raw counters. */
  psinfo_disk_io_counters_t w = PSINFO_DISK_IO_COUNTERS_INIT;
  na = read_diskstats(a, 256);
  memset(&sa, 0, sizeof sa);
  for (int i = 0; i < na; ++i)
    if (whole_disk(a[i].name))
      for (int k = 0; k < 11; ++k) sa.v[k] += a[i].v[k];
  CHECK_RC(psinfo_disk_io_counters(&w, 1), 0);
  CHECK_RC(psinfo_disk_io_counters(&w, 1), 0);
  nb = read_diskstats(b, 256);
  memset(&sb, 0, sizeof sb);
  for (int i = 0; i < nb; ++i)
    if (whole_disk(b[i].name))
      for (int k = 0; k < 11; ++k) sb.v[k] += b[i].v[k];
  if (disks) check_disk_io(&w, &sa, &sb, "disk_io_counters(nowrap)");

  /* An old caller's struct: the mandatory four only. */
  struct {
    psinfo_disk_io_counters_t d;
    unsigned char tail[16];
  } box;
  memset(&box, CANARY, sizeof box);
  box.d.struct_size = PSINFO_DISK_IO_COUNTERS_MIN_SIZE;
  CHECK_RC(psinfo_disk_io_counters(&box.d, 0), 0);
  CHECK(box.d.present == 0);
  CHECK(canary_ok((const unsigned char*)&box, PSINFO_DISK_IO_COUNTERS_MIN_SIZE, sizeof box));
  box.d.struct_size = PSINFO_DISK_IO_COUNTERS_MIN_SIZE - 8;
  CHECK_ERR(psinfo_disk_io_counters(&box.d, 0), PSINFO_ESTRUCTSIZE);
  CHECK_ERR(psinfo_disk_io_counters(NULL, 1), PSINFO_EINVAL);
  CHECK_LIST_ERRORS(psinfo_disk_io_counters_t, psinfo_disk_io_counters_perdisk(&lst, &cnt, esz, 1));
  CHECK_ERR(psinfo_disk_io_counters_perdisk(NULL, &n, sizeof *l, 1), PSINFO_EINVAL);

  /* cache_clear */
  CHECK_RC(psinfo_cache_clear(""), 0);
  CHECK_RC(psinfo_cache_clear("net_io_counters"), 0);
  CHECK_ERR(psinfo_cache_clear("bogus_counters"), PSINFO_EINVAL);
  CHECK(strstr(psinfo_last_error_message(), "bogus_counters") != NULL);
  CHECK_ERR(psinfo_cache_clear(NULL), PSINFO_EINVAL);
}

/* One /proc/net/dev line. */
typedef struct {
  char name[64];
  double v[16];
} netdev;

static int read_netdev(netdev* out, int max) {
  char* s = slurp("/proc/net/dev");
  if (!s) return -1;
  int n = 0, line = 0;
  for (char* p = s; p && *p && n < max; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
    if (line++ < 2) continue;
    char* colon = strchr(p, ':');
    char* eol = strchr(p, '\n');
    if (!colon || (eol && colon > eol)) continue;
    const char* start = p;
    while (*start == ' ') ++start;
    snprintf(out[n].name, sizeof out[n].name, "%.*s", (int)(colon - start), start);
    char* q = colon + 1;
    for (int i = 0; i < 16; ++i) out[n].v[i] = strtod(q, &q);
    ++n;
  }
  free(s);
  return n;
}

static const netdev* find_nic(const netdev* d, int n, const char* name) {
  for (int i = 0; i < n; ++i)
    if (strcmp(d[i].name, name) == 0) return &d[i];
  return NULL;
}

static void check_net_io(const psinfo_net_io_counters_t* c, const netdev* a, const netdev* b,
                         const char* what) {
#define NET_BETWEEN(field, i)                                        \
  CHECKF((double)c->field >= a->v[i] && (double)c->field <= b->v[i], \
         "%s.%s = %.0f not in [%.0f, %.0f]", what, #field, (double)c->field, a->v[i], b->v[i])
  NET_BETWEEN(bytes_recv, 0);
  NET_BETWEEN(packets_recv, 1);
  NET_BETWEEN(errin, 2);
  NET_BETWEEN(dropin, 3);
  NET_BETWEEN(bytes_sent, 8);
  NET_BETWEEN(packets_sent, 9);
  NET_BETWEEN(errout, 10);
  NET_BETWEEN(dropout, 11);
#undef NET_BETWEEN
}

static void test_net_io(void) {
  static netdev a[128], b[128];
  int na = read_netdev(a, 128);
  psinfo_net_io_counters_t* l = NULL;
  size_t n = 99;
  int rc = psinfo_net_io_counters_pernic(&l, &n, sizeof *l, 0);
  int nb = read_netdev(b, 128);
  if (not_implemented(rc, "net_io_counters_pernic")) return;
  CHECK_RC(rc, 0);
  CHECKF((int)n == na && na == nb, "pernic: %zu NICs, /proc/net/dev has %d", n, na);
  for (size_t i = 0; i < n && l; ++i) {
    CHECK(l[i].name != NULL && l[i].struct_size == sizeof *l);
    if (i > 0) CHECK(strcmp(l[i - 1].name, l[i].name) < 0);
    const netdev* da = find_nic(a, na, l[i].name);
    const netdev* db = find_nic(b, nb, l[i].name);
    CHECKF(da && db, "%s is not in /proc/net/dev", l[i].name);
    if (da && db) check_net_io(&l[i], da, db, l[i].name);
  }
  psinfo_free_net_io_counters_pernic(l, n);

  netdev sa, sb;
  memset(&sa, 0, sizeof sa);
  memset(&sb, 0, sizeof sb);
  na = read_netdev(a, 128);
  psinfo_net_io_counters_t t = PSINFO_NET_IO_COUNTERS_INIT;
  rc = psinfo_net_io_counters(&t, 1);
  nb = read_netdev(b, 128);
  for (int i = 0; i < na; ++i)
    for (int k = 0; k < 16; ++k) sa.v[k] += a[i].v[k];
  for (int i = 0; i < nb; ++i)
    for (int k = 0; k < 16; ++k) sb.v[k] += b[i].v[k];
  if (na == 0) {
    CHECK_ERR(rc, PSINFO_ENOVALUE);
  } else {
    CHECK_RC(rc, 0);
    CHECK(t.name == NULL && t.present == 0);
    check_net_io(&t, &sa, &sb, "net_io_counters");
  }
  CHECK_ERR(psinfo_net_io_counters(NULL, 1), PSINFO_EINVAL);
  t.struct_size = 12;
  CHECK_ERR(psinfo_net_io_counters(&t, 1), PSINFO_ESTRUCTSIZE);
  CHECK_LIST_ERRORS(psinfo_net_io_counters_t, psinfo_net_io_counters_pernic(&lst, &cnt, esz, 1));
}

static void sockaddr_text(const struct sockaddr* sa, char* buf, size_t size) {
  socklen_t len =
      sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
  if (getnameinfo(sa, len, buf, (socklen_t)size, NULL, 0, NI_NUMERICHOST) != 0) buf[0] = 0;
}

static void test_net_if_addrs(void) {
  psinfo_net_if_addr_t* l = NULL;
  size_t n = 99;
  int rc = psinfo_net_if_addrs(&l, &n, sizeof *l);
  if (not_implemented(rc, "net_if_addrs")) return;
  CHECK_RC(rc, 0);
  struct ifaddrs* ifs = NULL;
  CHECK(getifaddrs(&ifs) == 0);
  /* Every IPv4/IPv6 address getifaddrs lists is there, with its netmask and broadcast. */
  int want = 0;
  for (struct ifaddrs* i = ifs; i; i = i->ifa_next) {
    if (!i->ifa_addr || (i->ifa_addr->sa_family != AF_INET && i->ifa_addr->sa_family != AF_INET6))
      continue;
    ++want;
    char addr[NI_MAXHOST], mask[NI_MAXHOST] = "", bcast[NI_MAXHOST] = "";
    sockaddr_text(i->ifa_addr, addr, sizeof addr);
    if (i->ifa_netmask) {
      struct sockaddr_storage m;
      memcpy(&m, i->ifa_netmask,
             i->ifa_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                : sizeof(struct sockaddr_in));
      m.ss_family = i->ifa_addr->sa_family;
      sockaddr_text((const struct sockaddr*)&m, mask, sizeof mask);
    }
    if ((i->ifa_flags & IFF_BROADCAST) && i->ifa_broadaddr && i->ifa_addr->sa_family == AF_INET)
      sockaddr_text(i->ifa_broadaddr, bcast, sizeof bcast);
    int fam = i->ifa_addr->sa_family == AF_INET ? PSINFO_AF_INET : PSINFO_AF_INET6;
    const psinfo_net_if_addr_t* hit = NULL;
    for (size_t k = 0; k < n && l; ++k)
      if (strcmp(l[k].name, i->ifa_name) == 0 && l[k].family == fam && l[k].address &&
          strcmp(l[k].address, addr) == 0)
        hit = &l[k];
    CHECKF(hit != NULL, "%s %s is missing", i->ifa_name, addr);
    if (!hit) continue;
    if (mask[0])
      CHECKF(hit->netmask && strcmp(hit->netmask, mask) == 0, "%s %s netmask %s, want %s",
             i->ifa_name, addr, hit->netmask ? hit->netmask : "(none)", mask);
    /* psutil 8: no broadcast for a /32. */
    if (bcast[0] && strcmp(mask, "255.255.255.255") != 0)
      CHECKF(hit->broadcast && strcmp(hit->broadcast, bcast) == 0, "%s %s broadcast %s, want %s",
             i->ifa_name, addr, hit->broadcast ? hit->broadcast : "(none)", bcast);
  }
  freeifaddrs(ifs);
  int got = 0, links = 0;
  for (size_t k = 0; k < n && l; ++k) {
    CHECK(l[k].struct_size == sizeof *l && l[k].name != NULL);
    if (k > 0)
      CHECKF(strcmp(l[k - 1].name, l[k].name) <= 0, "name order %s, %s", l[k - 1].name, l[k].name);
    if (l[k].family == PSINFO_AF_INET || l[k].family == PSINFO_AF_INET6) ++got;
    CHECK(l[k].present == 0); /* no optional numbers: absent strings are NULL */
    if (l[k].family == PSINFO_AF_LINK && l[k].address) {
      ++links;
      /* The MAC, as /sys/class/net/<name>/address has it. */
      char path[512];
      snprintf(path, sizeof path, "/sys/class/net/%s/address", l[k].name);
      char* mac = slurp(path);
      if (mac) {
        mac[strcspn(mac, "\n")] = 0;
        CHECKF(strcmp(mac, l[k].address) == 0, "%s MAC %s, sysfs %s", l[k].name, l[k].address, mac);
      }
      free(mac);
    }
  }
  CHECKF(got == want, "%d IP addresses, getifaddrs has %d", got, want);
  CHECK(links > 0);
  psinfo_free_net_if_addrs(l, n);
  CHECK_LIST_ERRORS(psinfo_net_if_addr_t, psinfo_net_if_addrs(&lst, &cnt, esz));
  /* An older element of only name and family: a valid stride. */
  CHECK_RC(psinfo_net_if_addrs(&l, &n, 24), 0);
  for (size_t k = 0; k < n && l; ++k) {
    const psinfo_net_if_addr_t* e = (const psinfo_net_if_addr_t*)((const char*)l + k * 24);
    CHECK(e->struct_size == 24 && e->present == 0 && e->name);
  }
  psinfo_free_net_if_addrs(l, n);
}

static void test_net_if_stats(void) {
  static netdev nics[128];
  int nn = read_netdev(nics, 128);
  psinfo_net_if_stats_t* l = NULL;
  size_t n = 99;
  int rc = psinfo_net_if_stats(&l, &n, sizeof *l);
  if (not_implemented(rc, "net_if_stats")) return;
  CHECK_RC(rc, 0);
  CHECKF((int)n == nn, "net_if_stats: %zu, /proc/net/dev has %d", n, nn);
  int sock = socket(AF_INET, SOCK_DGRAM, 0);
  for (size_t i = 0; i < n && l; ++i) {
    CHECK(find_nic(nics, nn, l[i].name) != NULL);
    if (i > 0) CHECK(strcmp(l[i - 1].name, l[i].name) < 0);
    char path[512];
    snprintf(path, sizeof path, "/sys/class/net/%s/mtu", l[i].name);
    char* mtu = slurp(path);
    CHECKF(mtu && atoi(mtu) == l[i].mtu, "%s mtu %d, sysfs %s", l[i].name, l[i].mtu,
           mtu ? mtu : "?");
    free(mtu);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", l[i].name);
    if (sock >= 0 && ioctl(sock, SIOCGIFFLAGS, &ifr) == 0) {
      int running = (ifr.ifr_flags & IFF_RUNNING) != 0;
      CHECKF(l[i].isup == running, "%s isup %d, IFF_RUNNING %d", l[i].name, l[i].isup, running);
      char flags[256];
      snprintf(flags, sizeof flags, ",%s,", l[i].flags);
      CHECKF(((ifr.ifr_flags & IFF_UP) != 0) == (strstr(flags, ",up,") != NULL), "%s flags %s",
             l[i].name, l[i].flags);
      CHECKF(((ifr.ifr_flags & IFF_LOOPBACK) != 0) == (strstr(flags, ",loopback,") != NULL),
             "%s flags %s", l[i].name, l[i].flags);
    }
    CHECK(l[i].duplex >= PSINFO_NIC_DUPLEX_UNKNOWN && l[i].duplex <= PSINFO_NIC_DUPLEX_FULL);
    CHECK(l[i].speed >= 0);
  }
  if (sock >= 0) close(sock);
  psinfo_free_net_if_stats(l, n);
  CHECK_LIST_ERRORS(psinfo_net_if_stats_t, psinfo_net_if_stats(&lst, &cnt, esz));
}

/* The element of l for a socket of ours: matched by fd and pid. */
static const psinfo_connection_t* find_conn(const psinfo_connection_t* l, size_t n, int fd) {
  for (size_t i = 0; i < n && l; ++i)
    if (l[i].fd == fd && (l[i].present & PSINFO_CONNECTION_HAS_PID) &&
        l[i].pid == (int64_t)getpid())
      return &l[i];
  return NULL;
}

static void test_net_connections(void) {
  /* A TCP listener on 127.0.0.1, a UDP socket and a unix socket of our own. */
  struct sockaddr_in sin;
  int lfd = loopback_socket(SOCK_STREAM, 4, &sin);
  CHECK(lfd >= 0);
  int port = ntohs(sin.sin_port);
  /* A client connected to it: ESTABLISHED, with the listener as its remote end. */
  int cfd = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(cfd >= 0 && connect(cfd, (struct sockaddr*)&sin, sizeof sin) == 0);
  struct sockaddr_in cin;
  socklen_t slen = sizeof cin;
  CHECK(getsockname(cfd, (struct sockaddr*)&cin, &slen) == 0);
  struct sockaddr_in uin;
  int ufd = loopback_socket(SOCK_DGRAM, 0, &uin);
  CHECK(ufd >= 0);
  int xfd = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un sun;
  memset(&sun, 0, sizeof sun);
  sun.sun_family = AF_UNIX;
  snprintf(sun.sun_path, sizeof sun.sun_path, "/tmp/psinfo-capi-%ld.sock", (long)getpid());
  unlink(sun.sun_path);
  CHECK(xfd >= 0 && bind(xfd, (struct sockaddr*)&sun, sizeof sun) == 0 && listen(xfd, 1) == 0);

  psinfo_connection_t* l = NULL;
  size_t n = 99;
  int rc = psinfo_net_connections(&l, &n, sizeof *l, "tcp4");
  if (not_implemented(rc, "net_connections")) goto out;
  CHECK_RC(rc, 0);
  const psinfo_connection_t* c = find_conn(l, n, lfd);
  CHECKF(c != NULL, "our listener (fd %d, port %d) is not among %zu tcp4 sockets", lfd, port, n);
  if (c) {
    CHECK(c->struct_size == sizeof *l);
    CHECK(c->family == PSINFO_AF_INET && c->type == PSINFO_SOCK_STREAM);
    CHECKF(c->status == PSINFO_CONN_LISTEN, "status %s", psinfo_conn_status_name(c->status));
    CHECK(c->present & PSINFO_CONNECTION_HAS_LADDR_PORT);
    CHECK(c->laddr_ip && strcmp(c->laddr_ip, "127.0.0.1") == 0 && c->laddr_port == port);
    CHECK(!(c->present & PSINFO_CONNECTION_HAS_RADDR_PORT) && c->raddr_ip == NULL);
    CHECK(c->path == NULL);
  }
  c = find_conn(l, n, cfd);
  CHECKF(c != NULL, "our client (fd %d) is not among %zu tcp4 sockets", cfd, n);
  if (c) {
    CHECKF(c->status == PSINFO_CONN_ESTABLISHED, "status %s", psinfo_conn_status_name(c->status));
    CHECK((c->present & PSINFO_CONNECTION_HAS_RADDR_PORT) && c->raddr_ip &&
          strcmp(c->raddr_ip, "127.0.0.1") == 0 && c->raddr_port == port);
    CHECK(c->laddr_ip && strcmp(c->laddr_ip, "127.0.0.1") == 0 &&
          c->laddr_port == ntohs(cin.sin_port));
  }
  for (size_t i = 0; i < n && l; ++i) {
    CHECK(l[i].family == PSINFO_AF_INET && l[i].type == PSINFO_SOCK_STREAM);
    CHECK(l[i].status != PSINFO_CONN_NONE);
  }
  psinfo_free_net_connections(l, n);

  /* UDP: status NONE; inet includes both; unix has our path. */
  l = NULL;
  CHECK_RC(psinfo_net_connections(&l, &n, sizeof *l, "inet"), 0);
  c = find_conn(l, n, ufd);
  CHECKF(c != NULL, "our UDP socket is not among %zu inet sockets", n);
  if (c) {
    CHECK(c->type == PSINFO_SOCK_DGRAM && c->status == PSINFO_CONN_NONE);
    CHECK(c->laddr_ip && strcmp(c->laddr_ip, "127.0.0.1") == 0 &&
          c->laddr_port == ntohs(uin.sin_port));
  }
  CHECK(find_conn(l, n, lfd) != NULL);
  psinfo_free_net_connections(l, n);
  l = NULL;
  CHECK_RC(psinfo_net_connections(&l, &n, sizeof *l, "udp6"), 0);
  CHECK(find_conn(l, n, ufd) == NULL);
  psinfo_free_net_connections(l, n);
  l = NULL;
  CHECK_RC(psinfo_net_connections(&l, &n, sizeof *l, "unix"), 0);
  c = find_conn(l, n, xfd);
  CHECKF(c != NULL, "our unix socket is not among %zu", n);
  if (c) {
    CHECK(c->family == PSINFO_AF_UNIX && c->type == PSINFO_SOCK_STREAM);
    CHECK(c->path && strcmp(c->path, sun.sun_path) == 0);
    CHECK(c->laddr_ip == NULL && c->raddr_ip == NULL);
    CHECK(!(c->present & (PSINFO_CONNECTION_HAS_LADDR_PORT | PSINFO_CONNECTION_HAS_RADDR_PORT)));
    CHECK(c->status == PSINFO_CONN_NONE);
  }
  psinfo_free_net_connections(l, n);

  /* An older element without pid is below the minimum; a bigger one is fine. */
  l = NULL;
  CHECK_ERR(psinfo_net_connections(&l, &n, offsetof(psinfo_connection_t, pid), "tcp4"),
            PSINFO_ESTRUCTSIZE);
  CHECK_RC(psinfo_net_connections(&l, &n, sizeof *l + 8, "tcp4"), 0);
  psinfo_free_net_connections(l, n);

  /* Closed: gone. */
  close(lfd);
  lfd = -1;
  l = NULL;
  CHECK_RC(psinfo_net_connections(&l, &n, sizeof *l, "tcp4"), 0);
  for (size_t i = 0; i < n && l; ++i)
    CHECK(!(l[i].present & PSINFO_CONNECTION_HAS_LADDR_PORT) || l[i].laddr_port != port ||
          l[i].status != PSINFO_CONN_LISTEN);
  psinfo_free_net_connections(l, n);

  /* Bad kinds. */
  l = (psinfo_connection_t*)&passed;
  CHECK_ERR(psinfo_net_connections(&l, &n, sizeof *l, "tcp5"), PSINFO_EINVAL);
  CHECKF(strstr(psinfo_last_error_message(), "tcp5") != NULL, "message: %s",
         psinfo_last_error_message());
  CHECK(l == NULL && n == 0);
  CHECK_ERR(psinfo_net_connections(&l, &n, sizeof *l, ""), PSINFO_EINVAL);
  CHECK_ERR(psinfo_net_connections(&l, &n, sizeof *l, NULL), PSINFO_EINVAL);
  CHECK(strstr(psinfo_last_error_message(), "kind") != NULL);
  CHECK_ERR(psinfo_net_connections(NULL, &n, sizeof *l, "inet"), PSINFO_EINVAL);
  CHECK_LIST_ERRORS(psinfo_connection_t, psinfo_net_connections(&lst, &cnt, esz, "inet"));

out:
  if (lfd >= 0) close(lfd);
  if (cfd >= 0) close(cfd);
  if (ufd >= 0) close(ufd);
  if (xfd >= 0) close(xfd);
  unlink(sun.sun_path);
}

static void test_names(void) {
  CHECK(strcmp(psinfo_address_family_name(PSINFO_AF_INET), "AF_INET") == 0);
  CHECK(strcmp(psinfo_address_family_name(PSINFO_AF_INET6), "AF_INET6") == 0);
  CHECK(strcmp(psinfo_address_family_name(PSINFO_AF_UNIX), "AF_UNIX") == 0);
  CHECK(strcmp(psinfo_address_family_name(PSINFO_AF_LINK), "AF_LINK") == 0);
  CHECK(strcmp(psinfo_address_family_name(PSINFO_AF_UNSPEC), "AF_UNSPEC") == 0);
  CHECK(strcmp(psinfo_address_family_name(99), "?") == 0);
  /* psutil's values on Linux are the kernel's. */
  CHECK(PSINFO_AF_INET == AF_INET && PSINFO_AF_INET6 == AF_INET6 && PSINFO_AF_UNIX == AF_UNIX &&
        PSINFO_AF_LINK == AF_PACKET && PSINFO_AF_UNSPEC == AF_UNSPEC);
  CHECK(PSINFO_SOCK_STREAM == SOCK_STREAM && PSINFO_SOCK_DGRAM == SOCK_DGRAM &&
        PSINFO_SOCK_RAW == SOCK_RAW && PSINFO_SOCK_SEQPACKET == SOCK_SEQPACKET);
  CHECK(strcmp(psinfo_socket_type_name(PSINFO_SOCK_STREAM), "SOCK_STREAM") == 0);
  CHECK(strcmp(psinfo_socket_type_name(PSINFO_SOCK_DGRAM), "SOCK_DGRAM") == 0);
  CHECK(strcmp(psinfo_socket_type_name(PSINFO_SOCK_SEQPACKET), "SOCK_SEQPACKET") == 0);
  CHECK(strcmp(psinfo_socket_type_name(0), "?") == 0);
  CHECK(strcmp(psinfo_nic_duplex_name(PSINFO_NIC_DUPLEX_FULL), "NIC_DUPLEX_FULL") == 0);
  CHECK(strcmp(psinfo_nic_duplex_name(PSINFO_NIC_DUPLEX_HALF), "NIC_DUPLEX_HALF") == 0);
  CHECK(strcmp(psinfo_nic_duplex_name(PSINFO_NIC_DUPLEX_UNKNOWN), "NIC_DUPLEX_UNKNOWN") == 0);
  CHECK(strcmp(psinfo_nic_duplex_name(-1), "?") == 0);
  /* The kernel's TCP state numbers (include/net/tcp_states.h). */
  static const char* const tcp[] = {"NONE",       "ESTABLISHED", "SYN_SENT",  "SYN_RECV",
                                    "FIN_WAIT1",  "FIN_WAIT2",   "TIME_WAIT", "CLOSE",
                                    "CLOSE_WAIT", "LAST_ACK",    "LISTEN",    "CLOSING"};
  for (int i = 0; i < 12; ++i)
    CHECKF(strcmp(psinfo_conn_status_name(i), tcp[i]) == 0, "status %d = %s", i,
           psinfo_conn_status_name(i));
  CHECK(PSINFO_CONN_LISTEN == 10 && PSINFO_CONN_ESTABLISHED == 1);
  CHECK(strcmp(psinfo_conn_status_name(PSINFO_CONN_DELETE_TCB), "DELETE_TCB") == 0);
  CHECK(strcmp(psinfo_conn_status_name(-1), "?") == 0);
  CHECK(strcmp(psinfo_conn_status_name(15), "?") == 0);
  CHECK(PSINFO_POWER_TIME_UNKNOWN == -1 && PSINFO_POWER_TIME_UNLIMITED == -2);
}

/* ---- Sensors on the recorded node_exporter /sys ------------------------------------------ */

/* The checkout flattened the tree's symlinks into files holding the target
 * (class/hwmon/hwmon0 is a file saying "../../devices/platform/coretemp.0/hwmon/hwmon0").
 * Rebuild what the sensors read as a farm of symlinks in a temporary root: class/<c>/<entry>
 * points at the real directory of the fixture. */
static int farm_class(const char* root, const char* cls) {
  char src[4096], dst[4096];
  snprintf(dst, sizeof dst, "%s/class/%s", root, cls);
  if (mkdir(dst, 0755) != 0) return 0;
  snprintf(src, sizeof src, "%s/node-exporter/sys/class/%s", shared_fixtures_dir(), cls);
  DIR* d = opendir(src);
  if (!d) return 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char entry[4400], target[8800], real[PATH_MAX], link[4400];
    snprintf(entry, sizeof entry, "%s/%s", src, e->d_name);
    struct stat st;
    if (stat(entry, &st) != 0) continue;
    if (S_ISREG(st.st_mode)) { /* a flattened link */
      char* t = slurp(entry);
      if (!t) continue;
      t[strcspn(t, "\n")] = 0;
      snprintf(target, sizeof target, "%s/%s", src, t);
      free(t);
    } else {
      snprintf(target, sizeof target, "%s", entry);
    }
    if (!realpath(target, real)) continue;
    snprintf(link, sizeof link, "%s/%s", dst, e->d_name);
    if (symlink(real, link) != 0) {
      closedir(d);
      return 0;
    }
  }
  closedir(d);
  return 1;
}

static void rm_farm(const char* root) {
  const char* classes[] = {"hwmon", "thermal", "power_supply"};
  char path[4096];
  for (int c = 0; c < 3; ++c) {
    snprintf(path, sizeof path, "%s/class/%s", root, classes[c]);
    DIR* d = opendir(path);
    if (!d) continue;
    struct dirent* e;
    while ((e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.') continue;
      char p[4400];
      snprintf(p, sizeof p, "%s/%s", path, e->d_name);
      unlink(p);
    }
    closedir(d);
    rmdir(path);
  }
  snprintf(path, sizeof path, "%s/class", root);
  rmdir(path);
  rmdir(root);
}

/* A file's number, or NAN when unreadable. */
static double file_number(const char* dir, const char* name) {
  char path[4400];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  char* s = slurp(path);
  if (!s) return NAN;
  char* end;
  double v = strtod(s, &end);
  int ok = end != s;
  free(s);
  return ok ? v : NAN;
}

static void file_text(const char* dir, const char* name, char* out, size_t size) {
  char path[4400];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  char* s = slurp(path);
  out[0] = 0;
  if (!s) return;
  char* p = s;
  while (*p == ' ' || *p == '\t' || *p == '\n') ++p;
  snprintf(out, size, "%s", p);
  size_t k = strlen(out);
  while (k && (out[k - 1] == '\n' || out[k - 1] == ' ' || out[k - 1] == '\t')) out[--k] = 0;
  free(s);
}

typedef struct {
  char chip[128], label[128];
  double current, high, critical; /* NAN: absent */
  int used;
} want_temp;

/* What the farm's hwmon directories hold, read here: every temp<N>_input of a directory with
 * a readable name, with _max / _crit (psutil's high / critical, each standing in for the
 * other when missing) and _label. */
static int expected_temps(const char* root, want_temp* w, int max) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/class/hwmon", root);
  DIR* d = opendir(dir);
  if (!d) return 0;
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL) {
    if (strncmp(e->d_name, "hwmon", 5) != 0) continue;
    char h[4400];
    snprintf(h, sizeof h, "%s/%s", dir, e->d_name);
    char chip[128];
    char namepath[4500];
    snprintf(namepath, sizeof namepath, "%s/name", h);
    if (access(namepath, R_OK) != 0) continue;
    file_text(h, "name", chip, sizeof chip);
    DIR* hd = opendir(h);
    if (!hd) continue;
    struct dirent* f;
    while ((f = readdir(hd)) != NULL && n < max) {
      size_t k = strlen(f->d_name);
      if (strncmp(f->d_name, "temp", 4) != 0 || k < 6 || strcmp(f->d_name + k - 6, "_input") != 0)
        continue;
      char base[256], fn[300];
      snprintf(base, sizeof base, "%.*s", (int)(k - 6), f->d_name);
      double cur = file_number(h, f->d_name);
      if (isnan(cur)) continue;
      want_temp* t = &w[n++];
      memset(t, 0, sizeof *t);
      snprintf(t->chip, sizeof t->chip, "%s", chip);
      snprintf(fn, sizeof fn, "%s_label", base);
      file_text(h, fn, t->label, sizeof t->label);
      t->current = cur / 1000;
      snprintf(fn, sizeof fn, "%s_max", base);
      t->high = file_number(h, fn) / 1000;
      snprintf(fn, sizeof fn, "%s_crit", base);
      t->critical = file_number(h, fn) / 1000;
      if (!isnan(t->high) && t->high != 0 && (isnan(t->critical) || t->critical == 0))
        t->critical = t->high;
      else if (!isnan(t->critical) && t->critical != 0 && (isnan(t->high) || t->high == 0))
        t->high = t->critical;
    }
    closedir(hd);
  }
  closedir(d);
  return n;
}

static double to_f(double c) { return c * 9 / 5 + 32; }

static void check_temps(const psinfo_sensors_temperature_t* l, size_t n, want_temp* w, int nw,
                        int fahrenheit) {
  CHECKF((int)n == nw, "%zu temperatures, the fixture has %d", n, nw);
  for (int i = 0; i < nw; ++i) w[i].used = 0;
  for (size_t i = 0; i < n && l; ++i) {
    if (i > 0)
      CHECKF(strcmp(l[i - 1].name, l[i].name) <= 0, "chip order %s, %s", l[i - 1].name, l[i].name);
    int found = 0;
    for (int k = 0; k < nw && !found; ++k) {
      want_temp* t = &w[k];
      double cur = fahrenheit ? to_f(t->current) : t->current;
      if (t->used || strcmp(t->chip, l[i].name) != 0 || strcmp(t->label, l[i].label) != 0 ||
          fabs(cur - l[i].current) > 1e-9)
        continue;
      found = t->used = 1;
      int hh = (l[i].present & PSINFO_SENSORS_TEMPERATURE_HAS_HIGH) != 0;
      int hc = (l[i].present & PSINFO_SENSORS_TEMPERATURE_HAS_CRITICAL) != 0;
      CHECKF(hh == !isnan(t->high), "%s/%s high present %d", t->chip, t->label, hh);
      CHECKF(hc == !isnan(t->critical), "%s/%s critical present %d", t->chip, t->label, hc);
      if (hh && !isnan(t->high)) CHECK_NEAR(l[i].high, fahrenheit ? to_f(t->high) : t->high, 1e-9);
      if (hc && !isnan(t->critical))
        CHECK_NEAR(l[i].critical, fahrenheit ? to_f(t->critical) : t->critical, 1e-9);
    }
    CHECKF(found, "temperature %s/'%s' = %f is not in the fixture", l[i].name, l[i].label,
           l[i].current);
  }
}

static void test_sensors_fixture(void) {
  char root[] = "/tmp/psinfo-capi-sysXXXXXX";
  CHECK(mkdtemp(root) != NULL);
  char cls[4096];
  snprintf(cls, sizeof cls, "%s/class", root);
  CHECK(mkdir(cls, 0755) == 0);
  CHECK(farm_class(root, "hwmon") && farm_class(root, "thermal") &&
        farm_class(root, "power_supply"));
  CHECK_RC(psinfo_set_sysfs_path(root), 0);

  static want_temp w[256];
  int nw = expected_temps(root, w, 256);
  CHECK(nw >= 10); /* two coretemp chips of five sensors, and more */
  psinfo_sensors_temperature_t* t = NULL;
  size_t n = 0;
  int rc = psinfo_sensors_temperatures(&t, &n, sizeof *t, 0);
  if (!not_implemented(rc, "sensors_temperatures")) {
    CHECK_RC(rc, 0);
    check_temps(t, n, w, nw, 0);
    for (size_t i = 0; i < n && t; ++i) CHECK(t[i].struct_size == sizeof *t);
    psinfo_free_sensors_temperatures(t, n);
    t = NULL;
    CHECK_RC(psinfo_sensors_temperatures(&t, &n, sizeof *t, 1), 0);
    check_temps(t, n, w, nw, 1);
    psinfo_free_sensors_temperatures(t, n);
    /* An older element without high/critical. */
    t = NULL;
    CHECK_RC(psinfo_sensors_temperatures(&t, &n, PSINFO_SENSORS_TEMPERATURE_MIN_SIZE, 0), 0);
    CHECK((int)n == nw);
    for (size_t i = 0; i < n && t; ++i) {
      const psinfo_sensors_temperature_t* e =
          (const psinfo_sensors_temperature_t*)((const char*)t +
                                                i * PSINFO_SENSORS_TEMPERATURE_MIN_SIZE);
      CHECK(e->present == 0 && e->name && e->label);
    }
    psinfo_free_sensors_temperatures(t, n);
    CHECK_LIST_ERRORS(psinfo_sensors_temperature_t,
                      psinfo_sensors_temperatures(&lst, &cnt, esz, 0));
  }

  /* Fans: nct6779's fan2 (the only hwmon with fan inputs). */
  char h3[4096];
  snprintf(h3, sizeof h3, "%s/class/hwmon/hwmon3", root);
  char chip[128];
  file_text(h3, "name", chip, sizeof chip);
  double rpm = file_number(h3, "fan2_input");
  psinfo_sensors_fan_t* f = NULL;
  rc = psinfo_sensors_fans(&f, &n, sizeof *f);
  if (!not_implemented(rc, "sensors_fans")) {
    CHECK_RC(rc, 0);
    CHECKF(n == 1, "%zu fans", n);
    if (n >= 1 && f) {
      CHECKF(strcmp(f[0].name, chip) == 0, "fan chip %s, want %s", f[0].name, chip);
      CHECK(strcmp(f[0].label, "") == 0);
      CHECK((double)f[0].current == rpm);
    }
    psinfo_free_sensors_fans(f, n);
    CHECK_LIST_ERRORS(psinfo_sensors_fan_t, psinfo_sensors_fans(&lst, &cnt, esz));
  }

  /* The battery: BAT0 discharging (AC/online = 0), energy_now / energy_full. */
  char bat[4096], ac[4096];
  snprintf(bat, sizeof bat, "%s/class/power_supply/BAT0", root);
  snprintf(ac, sizeof ac, "%s/class/power_supply/AC", root);
  double now = file_number(bat, "energy_now"), full = file_number(bat, "energy_full");
  double power = file_number(bat, "power_now"), online = file_number(ac, "online");
  psinfo_sensors_battery_t b = PSINFO_SENSORS_BATTERY_INIT;
  rc = psinfo_sensors_battery(&b);
  if (!not_implemented(rc, "sensors_battery")) {
    CHECK_RC(rc, 0);
    CHECK_NEAR(b.percent, 100.0 * now / full, 1e-9);
    CHECK(b.present & PSINFO_SENSORS_BATTERY_HAS_POWER_PLUGGED);
    CHECK(b.power_plugged == (online == 1));
    if (online == 1)
      CHECK(b.secsleft == PSINFO_POWER_TIME_UNLIMITED);
    else
      CHECKF(b.secsleft == (int64_t)(now / power * 3600), "secsleft %lld, want %lld",
             (long long)b.secsleft, (long long)(now / power * 3600));
    struct {
      psinfo_sensors_battery_t b;
      unsigned char tail[16];
    } box;
    memset(&box, CANARY, sizeof box);
    box.b.struct_size = PSINFO_SENSORS_BATTERY_MIN_SIZE;
    CHECK_RC(psinfo_sensors_battery(&box.b), 0);
    CHECK(box.b.present == 0);
    CHECK(canary_ok((const unsigned char*)&box, PSINFO_SENSORS_BATTERY_MIN_SIZE, sizeof box));
    box.b.struct_size = 8;
    CHECK_ERR(psinfo_sensors_battery(&box.b), PSINFO_ESTRUCTSIZE);
    CHECK_ERR(psinfo_sensors_battery(NULL), PSINFO_EINVAL);
  }
  rm_farm(root);
  CHECK_RC(psinfo_set_sysfs_path(""), 0);
}

/* A root with no sensors at all: empty lists and no battery (psutil's {} and None). */
static void test_sensors_none(void) {
  char empty[] = "/tmp/psinfo-capi-emptyXXXXXX";
  CHECK(mkdtemp(empty) != NULL);
  CHECK_RC(psinfo_set_sysfs_path(empty), 0);
  psinfo_sensors_battery_t b = PSINFO_SENSORS_BATTERY_INIT;
  b.percent = -7;
  int rc = psinfo_sensors_battery(&b);
  if (!not_implemented(rc, "sensors_battery")) {
    CHECK_ERR(rc, PSINFO_ENOVALUE);
    CHECK(b.percent == -7); /* untouched */
  }
  psinfo_sensors_temperature_t* t = (psinfo_sensors_temperature_t*)&passed;
  size_t n = 0;
  rc = psinfo_sensors_temperatures(&t, &n, sizeof *t, 0);
  if (!not_implemented(rc, "sensors_temperatures")) {
    CHECK_RC(rc, 0);
    CHECK(t == NULL && n == 0);
  }
  psinfo_sensors_fan_t* f = (psinfo_sensors_fan_t*)&passed;
  rc = psinfo_sensors_fans(&f, &n, sizeof *f);
  if (!not_implemented(rc, "sensors_fans")) {
    CHECK_RC(rc, 0);
    CHECK(f == NULL && n == 0);
  }
  rmdir(empty);
  CHECK_RC(psinfo_set_sysfs_path(""), 0);
}

static void test_free_null_more(void) {
  psinfo_free_disk_partitions(NULL, 0);
  psinfo_free_disk_io_counters_perdisk(NULL, 3);
  psinfo_free_net_io_counters_pernic(NULL, 0);
  psinfo_free_net_if_addrs(NULL, 0);
  psinfo_free_net_if_stats(NULL, 0);
  psinfo_free_net_connections(NULL, 1);
  psinfo_free_sensors_temperatures(NULL, 0);
  psinfo_free_sensors_fans(NULL, 0);
  CHECK(1);
}

/* Windows services: not on Linux (psutil has no win_service_* there): PSINFO_ENOTSUP, the
 * outputs reset, nothing to free; a NULL name is still EINVAL. */
static void test_win_services_not_here(void) {
  psinfo_win_service_t* l = (psinfo_win_service_t*)&passed;
  size_t n = 5;
  CHECK_ERR(psinfo_win_service_iter(&l, &n, sizeof *l), PSINFO_ENOTSUP);
  CHECK(l == NULL && n == 0);
  CHECK(strstr(psinfo_last_error_message(), "win_service_iter") != NULL);
  CHECK_ERR(psinfo_win_service_get(&l, &n, sizeof *l, "RpcSs"), PSINFO_ENOTSUP);
  CHECK(l == NULL && n == 0);
  CHECK_ERR(psinfo_win_service_get(&l, &n, sizeof *l, NULL), PSINFO_EINVAL);
  psinfo_free_win_service_iter(NULL, 0);
  psinfo_free_win_service_get(NULL, 0);
}

/* ---- The error message is per thread -------------------------------------------------- */

static void* fail_in_thread(void* arg) {
  char* out = arg;
  int rc = psinfo_cpu_times(NULL);
  snprintf(out, 256, "%d|%s", rc, psinfo_last_error_message());
  return NULL;
}

static void test_thread_message(void) {
  double p;
  CHECK_RC(psinfo_cpu_percent(&p, -5.0), PSINFO_EINVAL);
  char mine[512];
  snprintf(mine, sizeof mine, "%s", psinfo_last_error_message());
  CHECK(strstr(mine, "psinfo_cpu_percent") != NULL);
  char theirs[256] = "";
  pthread_t th;
  CHECK(pthread_create(&th, NULL, fail_in_thread, theirs) == 0);
  pthread_join(th, NULL);
  CHECKF(strstr(theirs, "psinfo_cpu_times") != NULL, "thread's message: %s", theirs);
  CHECKF(strcmp(psinfo_last_error_message(), mine) == 0, "main thread's message changed to %s",
         psinfo_last_error_message());
  /* A successful call leaves it alone. */
  CHECK_RC(psinfo_cpu_percent(&p, 0.0), 0);
  CHECK(strcmp(psinfo_last_error_message(), mine) == 0);
}

/* The cases on the recorded trees of the shared fixtures (exit 77 where they are missing). */
static int main_shared(void) {
  require_shared_fixtures();
  RUN_CASE(test_fixture_shared);
  RUN_CASE(test_sensors_fixture);
  return finish();
}

int main(int argc, char** argv) {
  if (argc == 2 && strcmp(argv[1], "--shared") == 0) return main_shared();
  RUN_CASE(test_errors);
  RUN_CASE(test_version);
  RUN_CASE(test_cpu_times);
  RUN_CASE(test_struct_sizes);
  RUN_CASE(test_cpu_percent);
  RUN_CASE(test_sampler);
  RUN_CASE(test_cpu_count_stats);
  RUN_CASE(test_cpu_freq_live);
  RUN_CASE(test_loadavg);
  RUN_CASE(test_memory);
  RUN_CASE(test_heap_info);
  RUN_CASE(test_boot_time);
  RUN_CASE(test_users);
  RUN_CASE(test_free_null);
  RUN_CASE(test_fixture_own);
  RUN_CASE(test_thread_message);
  RUN_CASE(test_names);
  RUN_CASE(test_disk_usage);
  RUN_CASE(test_disk_partitions);
  RUN_CASE(test_disk_io);
  RUN_CASE(test_net_io);
  RUN_CASE(test_net_if_addrs);
  RUN_CASE(test_net_if_stats);
  RUN_CASE(test_net_connections);
  RUN_CASE(test_sensors_none);
  RUN_CASE(test_free_null_more);
  RUN_CASE(test_win_services_not_here);
  return finish();
}
