/* A C program that uses an installed psinfo's C API, as a user would.
 * Prints key=value lines that tests/install/run.sh compares with /proc and getconf. */
#include <psinfo/psinfo.h>

#include <stdio.h>

int main(void) {
  psinfo_virtual_memory_t vm = PSINFO_VIRTUAL_MEMORY_INIT;
  int32_t cpus = -1;
  int rc;

  printf("version=%s\n", psinfo_version());
  printf("header_version=%d.%d.%d\n", PSINFO_VERSION_MAJOR, PSINFO_VERSION_MINOR,
         PSINFO_VERSION_PATCH);
  rc = psinfo_virtual_memory(&vm);
  if (rc != 0) {
    fprintf(stderr, "consumer: psinfo_virtual_memory: %s: %s\n", psinfo_err_name(rc),
            psinfo_last_error_message());
    return 1;
  }
  printf("mem_total=%llu\n", (unsigned long long)vm.total);
  rc = psinfo_cpu_count(&cpus, 1);
  if (rc != 0) {
    fprintf(stderr, "consumer: psinfo_cpu_count: %s: %s\n", psinfo_err_name(rc),
            psinfo_last_error_message());
    return 1;
  }
  printf("cpu_count=%d\n", (int)cpus);
  /* An error comes back as a code, never as an exception that would abort a C program. */
  rc = psinfo_cpu_percent(NULL, 0.0);
  printf("einval=%s\n", psinfo_err_name(rc));
  return 0;
}
