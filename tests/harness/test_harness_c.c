/* The C half of the harness (check.h's RUN_CASE): a case that leaves the library's /proc or
 * /sys root, a PSINFO_* environment variable or the working directory changed fails, and the
 * next case finds them restored. The program runs itself with --leak to show it. */
#define _GNU_SOURCE
#include <psinfo/psinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static char start_cwd[4096];

static void leaks(void) {
  CHECK_RC(psinfo_set_procfs_path("/nonexistent-psinfo/proc"), 0);
  CHECK_RC(psinfo_set_sysfs_path("/nonexistent-psinfo/sys"), 0);
  CHECK(setenv("PSINFO_SHARED_FIXTURES", "/nonexistent-psinfo", 1) == 0);
  CHECK(chdir("/") == 0);
}

static void after_it(void) {
  char path[4096];
  size_t n = sizeof path;
  CHECK_RC(psinfo_procfs_path(path, &n), 0);
  CHECKF(strcmp(path, "/proc") == 0, "procfs root %s", path);
  n = sizeof path;
  CHECK_RC(psinfo_sysfs_path(path, &n), 0);
  CHECKF(strcmp(path, "/sys") == 0, "sysfs root %s", path);
  CHECK(getenv("PSINFO_SHARED_FIXTURES") == NULL);
  CHECK(getcwd(path, sizeof path) && strcmp(path, start_cwd) == 0);
  double bt = 0;
  CHECK_RC(psinfo_boot_time(&bt), 0);
}

/* Runs this program with --leak: its status and what it printed. */
static int run_leaking(char* out, size_t size) {
  char self[4096], cmd[4200];
  ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  if (len <= 0) return -1;
  self[len] = 0;
  snprintf(cmd, sizeof cmd, "'%s' --leak 2>&1", self);
  FILE* p = popen(cmd, "r");
  if (!p) return -1;
  size_t got = fread(out, 1, size - 1, p);
  out[got] = 0;
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char** argv) {
  if (unsetenv("PSINFO_PROCFS_PATH") || unsetenv("PSINFO_SYSFS_PATH") ||
      unsetenv("PSINFO_SHARED_FIXTURES") || !getcwd(start_cwd, sizeof start_cwd))
    return 2;
  if (argc == 2 && strcmp(argv[1], "--leak") == 0) {
    RUN_CASE(leaks);
    RUN_CASE(after_it);
    return finish();
  }
  static char out[65536];
  int rc = run_leaking(out, sizeof out);
  CHECKF(rc == 1, "the leaking run exited %d:\n%s", rc, out);
  CHECKF(strstr(out, "leaks did not restore the procfs root: /nonexistent-psinfo/proc (was /proc)"),
         "%s", out);
  CHECKF(strstr(out, "leaks did not restore the sysfs root: /nonexistent-psinfo/sys (was /sys)"),
         "%s", out);
  CHECKF(strstr(out, "leaks did not restore $PSINFO_SHARED_FIXTURES"), "%s", out);
  CHECKF(strstr(out, "leaks did not restore the working directory: / (was "), "%s", out);
  /* The four failures are the harness's; every check of the next case passed. */
  CHECKF(strstr(out, " passed, 4 failed, 0 skipped"), "%s", out);
  CHECKF(!strstr(out, "test_harness_c.c:"), "a case check failed:\n%s", out);
  return finish();
}
