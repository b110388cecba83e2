/* A small C program using psinfo's C API: CPU, memory, load and users, like psutil's
 * quick tour. Build: cc psinfo_example.c $(pkg-config --cflags --libs psinfo) */
#include <psinfo/psinfo.h>
#include <stdio.h>

static int report(const char* what, int rc) {
  if (rc != 0)
    fprintf(stderr, "%s: %s (%s): %s\n", what, psinfo_err_name(rc), psinfo_strerror(rc),
            psinfo_last_error_message());
  return rc;
}

int main(void) {
  printf("psinfo %s (header %d.%d.%d)\n", psinfo_version(), PSINFO_VERSION_MAJOR,
         PSINFO_VERSION_MINOR, PSINFO_VERSION_PATCH);
  int failed = 0;

  psinfo_cpu_times_t t = PSINFO_CPU_TIMES_INIT;
  if (report("cpu_times", psinfo_cpu_times(&t)) == 0) {
    printf("cpu_times: user=%.2f system=%.2f idle=%.2f", t.user, t.system, t.idle);
    if (t.present & PSINFO_CPU_TIMES_HAS_IOWAIT) printf(" iowait=%.2f", t.iowait);
    printf("\n");
  } else {
    failed = 1;
  }

  int32_t logical = 0, physical = 0;
  if (report("cpu_count", psinfo_cpu_count(&logical, 1)) != 0) failed = 1;
  int rc = psinfo_cpu_count(&physical, 0);
  if (rc == PSINFO_ENOVALUE)
    printf("cpu_count: %d logical, physical unknown\n", logical);
  else if (report("cpu_count(physical)", rc) == 0)
    printf("cpu_count: %d logical, %d physical\n", logical, physical);

  double pct = 0;
  if (report("cpu_percent", psinfo_cpu_percent(&pct, 0.1)) == 0)
    printf("cpu_percent: %.1f\n", pct);
  else
    failed = 1;

  double* per = NULL;
  size_t n = 0;
  if (report("cpu_percent_percpu", psinfo_cpu_percent_percpu(&per, &n, 0.1)) == 0) {
    printf("cpu_percent_percpu:");
    for (size_t i = 0; i < n; ++i) printf(" %.1f", per[i]);
    printf("\n");
  }
  psinfo_free_cpu_percent_percpu(per, n);

  psinfo_cpu_freq_t f = PSINFO_CPU_FREQ_INIT;
  rc = psinfo_cpu_freq(&f);
  if (rc == 0) {
    printf("cpu_freq: current=%.1f MHz", f.current);
    if (f.present & PSINFO_CPU_FREQ_HAS_MAX) printf(" max=%.1f", f.max);
    printf("\n");
  } else if (rc == PSINFO_ENOVALUE) {
    printf("cpu_freq: unknown\n");
  } else {
    report("cpu_freq", rc);
  }

  double load[3];
  if (report("getloadavg", psinfo_getloadavg(load)) == 0)
    printf("getloadavg: %.2f %.2f %.2f\n", load[0], load[1], load[2]);
  else
    failed = 1;

  psinfo_virtual_memory_t vm = PSINFO_VIRTUAL_MEMORY_INIT;
  if (report("virtual_memory", psinfo_virtual_memory(&vm)) == 0)
    printf("virtual_memory: total=%llu available=%llu used=%llu percent=%.1f\n",
           (unsigned long long)vm.total, (unsigned long long)vm.available,
           (unsigned long long)vm.used, vm.percent);
  else
    failed = 1;

  psinfo_swap_memory_t sw = PSINFO_SWAP_MEMORY_INIT;
  if (report("swap_memory", psinfo_swap_memory(&sw)) == 0)
    printf("swap_memory: total=%llu used=%llu percent=%.1f\n", (unsigned long long)sw.total,
           (unsigned long long)sw.used, sw.percent);
  else
    failed = 1;

  double boot = 0;
  if (report("boot_time", psinfo_boot_time(&boot)) == 0)
    printf("boot_time: %.0f\n", boot);
  else
    failed = 1;

  psinfo_user_t* users = NULL;
  size_t nusers = 0;
  if (report("users", psinfo_users(&users, &nusers, sizeof *users)) == 0) {
    printf("users: %zu\n", nusers);
    for (size_t i = 0; i < nusers; ++i)
      printf("  %s %s %s\n", users[i].name, users[i].terminal ? users[i].terminal : "-",
             users[i].host);
  }
  psinfo_free_users(users, nusers);
  return failed;
}
