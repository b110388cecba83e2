/* The C API, tested from C: every function against /proc, /sys and utmp read directly here,
 * against a recorded /proc tree, and every error path. Prints "N passed, N failed". */
#define _GNU_SOURCE
#include <math.h>
#include <psinfo/psinfo.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <unistd.h>
#include <utmpx.h>

#ifndef PSINFO_SHARED_FIXTURES
#error "PSINFO_SHARED_FIXTURES must name shared/fixtures"
#endif

/* ---- Harness ----------------------------------------------------------------------------- */

static int passed, failed;

static void check_at(int ok, const char* file, int line, const char* fmt, ...) {
  if (ok) {
    ++passed;
    return;
  }
  ++failed;
  fprintf(stderr, "%s:%d: FAILED: ", file, line);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

#define CHECK(cond) check_at(!!(cond), __FILE__, __LINE__, "%s", #cond)
#define CHECKF(cond, ...) check_at(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
/* A call that must return `want`; on a mismatch, show the code and the library's message. */
#define CHECK_RC(call, want)                                                                    \
  do {                                                                                          \
    int rc_ = (call);                                                                           \
    check_at(rc_ == (want), __FILE__, __LINE__, "%s returned %d (%s), want %d (%s): %s", #call, \
             rc_, psinfo_err_name(rc_), (int)(want), psinfo_err_name(want),                     \
             psinfo_last_error_message());                                                      \
  } while (0)
/* |a - b| <= tol */
#define CHECK_NEAR(a, b, tol)                                                                    \
  check_at(fabs((double)(a) - (double)(b)) <= (tol), __FILE__, __LINE__, "%s = %.6f, %s = %.6f", \
           #a, (double)(a), #b, (double)(b))
/* lo - tol <= x <= hi + tol */
#define CHECK_BETWEEN(x, lo, hi, tol)                                                            \
  check_at((double)(x) >= (double)(lo) - (tol) && (double)(x) <= (double)(hi) + (tol), __FILE__, \
           __LINE__, "%s = %.6f not in [%.6f, %.6f] (tolerance %g)", #x, (double)(x),            \
           (double)(lo), (double)(hi), (double)(tol))

/* An error call must leave a message naming the cause. */
#define CHECK_ERR(call, want)                                       \
  do {                                                              \
    CHECK_RC(call, want);                                           \
    CHECK(psinfo_last_error_message() != NULL);                     \
    CHECK(strlen(psinfo_last_error_message()) > strlen("psinfo_")); \
  } while (0)

/* ---- Reading the kernel's files directly ----------------------------------------------- */

static char* slurp(const char* path) {
  FILE* f = fopen(path, "r");
  if (!f) return NULL;
  size_t cap = 4096, len = 0;
  char* buf = malloc(cap);
  size_t n;
  while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len - 1 == 0) {
      char* bigger = realloc(buf, cap * 2);
      if (!bigger) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (buf) buf[len] = 0;
  return buf;
}

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

static const char* FIX_PROC = PSINFO_SHARED_FIXTURES "/procfs/proc";
static const char* FIX_SYS = PSINFO_SHARED_FIXTURES "/procfs/sys";

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
    psinfo_virtual_memory_t* heap = malloc(cut);
    CHECK(heap != NULL);
    if (heap) {
      memset(heap, 0, cut);
      heap->struct_size = (uint32_t)cut;
      CHECK_RC(psinfo_virtual_memory(heap), 0);
      CHECK(mi && (double)heap->total == meminfo_bytes(mi, "MemTotal:"));
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
  psinfo_cpu_sampler_t* s = NULL;
  CHECK_RC(psinfo_cpu_sampler_new(&s), 0);
  CHECK(s != NULL);
  CHECK_ERR(psinfo_cpu_sampler_new(NULL), PSINFO_EINVAL);
  double p = -1;
  for (int round = 0; round < 2; ++round) {
    CHECK_RC(psinfo_cpu_sampler_percent(&p, s), 0);
    CHECK_BETWEEN(p, 0, 100, 0);
    double* l = NULL;
    size_t n = 0;
    CHECK_RC(psinfo_cpu_sampler_percent_percpu(&l, &n, s), 0);
    CHECK((int)n == ncpu);
    for (size_t i = 0; i < n && l; ++i) CHECK_BETWEEN(l[i], 0, 100, 0);
    psinfo_free_cpu_percent_percpu(l, n);
    psinfo_cpu_times_t t = PSINFO_CPU_TIMES_INIT;
    CHECK_RC(psinfo_cpu_sampler_times_percent(&t, s), 0);
    check_percent_times(&t, "sampler times_percent");
    psinfo_cpu_times_t* tl = NULL;
    CHECK_RC(psinfo_cpu_sampler_times_percent_percpu(&tl, &n, sizeof *tl, s), 0);
    CHECK((int)n == ncpu);
    for (size_t i = 0; i < n && tl; ++i) check_percent_times(&tl[i], "sampler percpu");
    psinfo_free_cpu_times_percent_percpu(tl, n);
    usleep(50 * 1000);
  }
  CHECK_ERR(psinfo_cpu_sampler_percent(&p, NULL), PSINFO_EINVAL);
  CHECK_ERR(psinfo_cpu_sampler_percent(NULL, s), PSINFO_EINVAL);
  {
    double* l = NULL;
    size_t n = 0;
    CHECK_ERR(psinfo_cpu_sampler_percent_percpu(&l, &n, NULL), PSINFO_EINVAL);
    psinfo_cpu_times_t t = PSINFO_CPU_TIMES_INIT;
    CHECK_ERR(psinfo_cpu_sampler_times_percent(&t, NULL), PSINFO_EINVAL);
    psinfo_cpu_times_t* tl = NULL;
    CHECK_ERR(psinfo_cpu_sampler_times_percent_percpu(&tl, &n, sizeof *tl, NULL), PSINFO_EINVAL);
    CHECK_ERR(psinfo_cpu_sampler_times_percent_percpu(&tl, &n, 1, s), PSINFO_ESTRUCTSIZE);
  }
  psinfo_cpu_sampler_free(s);
  psinfo_cpu_sampler_free(NULL);
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
    CHECK(((l[i].present & PSINFO_USER_HAS_TERMINAL) != 0) == (l[i].terminal != NULL));
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
  psinfo_cpu_sampler_free(NULL);
  CHECK(1); /* reached without a crash */
}

/* ---- A recorded /proc tree ------------------------------------------------------------- */

static void test_fixture(void) {
  char path[4096];
  size_t size = sizeof path;
  CHECK_RC(psinfo_procfs_path(path, &size), 0);
  CHECK(size == strlen(path));
  const char* env = getenv("PSINFO_PROCFS_PATH");
  CHECK(strcmp(path, env && *env ? env : "/proc") == 0);

  CHECK_RC(psinfo_set_procfs_path(FIX_PROC), 0);
  size = sizeof path;
  CHECK_RC(psinfo_procfs_path(path, &size), 0);
  CHECK(strcmp(path, FIX_PROC) == 0);
  /* Too small a buffer: ENOBUFS and the size needed. */
  size = 4;
  CHECK_ERR(psinfo_procfs_path(path, &size), PSINFO_ENOBUFS);
  CHECK(size == strlen(FIX_PROC) + 1);
  size = 0;
  CHECK_ERR(psinfo_procfs_path(NULL, &size), PSINFO_ENOBUFS);
  CHECK(size == strlen(FIX_PROC) + 1);
  CHECK_ERR(psinfo_procfs_path(path, NULL), PSINFO_EINVAL);

  char file[4200];
  snprintf(file, sizeof file, "%s/stat", FIX_PROC);
  char* stat = slurp(file);
  snprintf(file, sizeof file, "%s/meminfo", FIX_PROC);
  char* mi = slurp(file);
  snprintf(file, sizeof file, "%s/loadavg", FIX_PROC);
  double la[3];
  CHECK(stat && mi && parse_loadavg(file, la));
  if (!stat || !mi) return;

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
  snprintf(file, sizeof file, "%s/vmstat", FIX_PROC);
  char* vmstat = slurp(file);
  if (vmstat == NULL) CHECKF(sw.present == 0, "present %#x without vmstat", sw.present);
  free(vmstat);

  /* The tree's /sys: one complete cpufreq policy (policy1 is an empty directory upstream,
   * which git drops; psutil raises NotImplementedError when it is there). */
  CHECK_RC(psinfo_set_sysfs_path(FIX_SYS), 0);
  size = sizeof path;
  CHECK_RC(psinfo_sysfs_path(path, &size), 0);
  CHECK(strcmp(path, FIX_SYS) == 0);
  char p1[4200];
  snprintf(p1, sizeof p1, "%s/devices/system/cpu/cpufreq/policy1", FIX_SYS);
  psinfo_cpu_freq_t f = PSINFO_CPU_FREQ_INIT;
  if (is_dir(p1)) {
    CHECK_ERR(psinfo_cpu_freq(&f), PSINFO_ENOTSUP);
  } else {
    snprintf(file, sizeof file, "%s/devices/system/cpu/cpufreq/policy0/scaling_cur_freq", FIX_SYS);
    char* cur = slurp(file);
    snprintf(file, sizeof file, "%s/devices/system/cpu/cpufreq/policy0/scaling_max_freq", FIX_SYS);
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

int main(void) {
  test_errors();
  test_version();
  test_cpu_times();
  test_struct_sizes();
  test_cpu_percent();
  test_sampler();
  test_cpu_count_stats();
  test_cpu_freq_live();
  test_loadavg();
  test_memory();
  test_boot_time();
  test_users();
  test_free_null();
  test_fixture();
  test_thread_message();
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
