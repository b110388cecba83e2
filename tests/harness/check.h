/* The C tests' harness: counters, CHECK macros, a whole-file reader and RUN_CASE, one copy for
 * every C test program (each is a single translation unit, so the counters are static here).
 * A program prints "N passed, N failed, N skipped" (finish()) and exits non-zero on a failure.
 * RUN_CASE(fn) runs one test function and fails it when it leaves the library's /proc or /sys
 * root, a PSINFO_* environment variable or the working directory changed (putting them back,
 * so that the next case does not see them). */
#ifndef PSINFO_TESTS_CHECK_H
#define PSINFO_TESTS_CHECK_H

#include <math.h>
#include <psinfo/psinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed, failed, skipped;

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
  const char* last = psinfo_last_error_message();
  if (last && *last) fprintf(stderr, " (last error: %s)", last);
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

/* A whole file, NUL-terminated (malloc'ed), or NULL. */
static inline char* slurp(const char* path) {
  FILE* f = fopen(path, "r");
  if (!f) return NULL;
  size_t cap = 8192, len = 0, n;
  char* buf = malloc(cap);
  while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (len + 1 == cap) {
      char* bigger = realloc(buf, cap *= 2);
      if (!bigger) free(buf);
      buf = bigger;
    }
  }
  fclose(f);
  if (buf) buf[len] = 0;
  return buf;
}

/* ---- RUN_CASE ---------------------------------------------------------------------------- */

/* What a case may change and must put back. */
#define CASE_ENV_COUNT 4
static const char* const case_env_names[CASE_ENV_COUNT] = {
    "PSINFO_PROCFS_PATH", "PSINFO_SYSFS_PATH", "PSINFO_SHARED_FIXTURES", "PSINFO_TEST_FIXTURES"};
typedef struct {
  char procfs[4096], sysfs[4096], cwd[4096];
  char* env[CASE_ENV_COUNT]; /* malloc'ed copies, NULL when unset */
} case_state;

static void case_state_now(case_state* s) {
  size_t n = sizeof s->procfs;
  if (psinfo_procfs_path(s->procfs, &n) != 0) strcpy(s->procfs, "?");
  n = sizeof s->sysfs;
  if (psinfo_sysfs_path(s->sysfs, &n) != 0) strcpy(s->sysfs, "?");
  if (!getcwd(s->cwd, sizeof s->cwd)) strcpy(s->cwd, "?");
  for (int i = 0; i < CASE_ENV_COUNT; ++i) {
    const char* v = getenv(case_env_names[i]);
    s->env[i] = v ? strdup(v) : NULL;
  }
}

static int same_text(const char* a, const char* b) {
  return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* Reports what `after` changed from `before` (one failed check each) and puts it back. */
static void case_state_restore(const char* name, const case_state* before, case_state* after) {
  if (strcmp(before->procfs, after->procfs) != 0) {
    check_at(0, __FILE__, __LINE__, "%s did not restore the procfs root: %s (was %s)", name,
             after->procfs, before->procfs);
    psinfo_set_procfs_path(before->procfs);
  }
  if (strcmp(before->sysfs, after->sysfs) != 0) {
    check_at(0, __FILE__, __LINE__, "%s did not restore the sysfs root: %s (was %s)", name,
             after->sysfs, before->sysfs);
    psinfo_set_sysfs_path(before->sysfs);
  }
  if (strcmp(before->cwd, after->cwd) != 0) {
    check_at(0, __FILE__, __LINE__, "%s did not restore the working directory: %s (was %s)", name,
             after->cwd, before->cwd);
    if (chdir(before->cwd) != 0) perror(before->cwd);
  }
  for (int i = 0; i < CASE_ENV_COUNT; ++i) {
    if (!same_text(before->env[i], after->env[i])) {
      check_at(0, __FILE__, __LINE__, "%s did not restore $%s", name, case_env_names[i]);
      if (before->env[i])
        setenv(case_env_names[i], before->env[i], 1);
      else
        unsetenv(case_env_names[i]);
    }
    free(after->env[i]);
    free(before->env[i]);
  }
}

static void run_case(const char* name, void (*fn)(void)) {
  case_state before, after;
  case_state_now(&before);
  fn();
  case_state_now(&after);
  case_state_restore(name, &before, &after);
}
#define RUN_CASE(fn) run_case(#fn, fn)

/* The closing line; the exit status of main. */
static int finish(void) {
  printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed ? 1 : 0;
}

#endif
