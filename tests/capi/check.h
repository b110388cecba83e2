/* The C tests' harness: counters, CHECK macros and a whole-file reader, one copy for every
 * C test program (each is a single translation unit, so the counters are static here).
 * A program prints "N passed, N failed, N skipped" and exits non-zero on a failure. */
#ifndef PSINFO_TESTS_CHECK_H
#define PSINFO_TESTS_CHECK_H

#include <math.h>
#include <psinfo/psinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
static char* slurp(const char* path) {
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

#endif
