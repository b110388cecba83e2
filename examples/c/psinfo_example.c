/* A small C program using psinfo's C API: CPU, memory, load, users, disks, network and the
 * battery, like psutil's quick tour.
 * Build: cc psinfo_example.c $(pkg-config --cflags --libs psinfo) */
#include <psinfo/psinfo.h>
#include <stdio.h>

static int report(const char* what, int rc) {
  if (rc != 0)
    fprintf(stderr, "%s: %s (%s): %s\n", what, psinfo_err_name(rc), psinfo_strerror(rc),
            psinfo_last_error_message());
  return rc;
}

/* For a value the platform may lack: 1 when rc says it is there; else 0, after printing
 * `absent` (when not NULL) if it is missing, or reporting the error. */
static int present(const char* what, int rc, const char* absent) {
  if (rc == PSINFO_ENOVALUE) {
    if (absent) printf("%s\n", absent);
    return 0;
  }
  return report(what, rc) == 0;
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
  if (present("cpu_freq", psinfo_cpu_freq(&f), "cpu_freq: unknown")) {
    printf("cpu_freq: current=%.1f MHz", f.current);
    if (f.present & PSINFO_CPU_FREQ_HAS_MAX) printf(" max=%.1f", f.max);
    printf("\n");
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

  /* Disks: like `df` for the physical filesystems. */
  psinfo_partition_t* parts = NULL;
  size_t nparts = 0;
  if (report("disk_partitions", psinfo_disk_partitions(&parts, &nparts, sizeof *parts, 0)) == 0) {
    for (size_t i = 0; i < nparts; ++i) {
      psinfo_disk_usage_t u = PSINFO_DISK_USAGE_INIT;
      if (report("disk_usage", psinfo_disk_usage(&u, parts[i].mountpoint)) == 0)
        printf("disk: %s on %s (%s) total=%llu used=%llu free=%llu %.1f%%\n", parts[i].device,
               parts[i].mountpoint, parts[i].fstype, (unsigned long long)u.total,
               (unsigned long long)u.used, (unsigned long long)u.free, u.percent);
    }
  } else {
    failed = 1;
  }
  psinfo_free_disk_partitions(parts, nparts);

  psinfo_disk_io_counters_t io = PSINFO_DISK_IO_COUNTERS_INIT;
  if (present("disk_io_counters", psinfo_disk_io_counters(&io, 1), NULL))
    printf("disk_io_counters: read_bytes=%llu write_bytes=%llu\n",
           (unsigned long long)io.read_bytes, (unsigned long long)io.write_bytes);

  /* Network: counters per NIC and the listening TCP sockets. */
  psinfo_net_io_counters_t* nics = NULL;
  size_t nnics = 0;
  if (report("net_io_counters_pernic",
             psinfo_net_io_counters_pernic(&nics, &nnics, sizeof *nics, 1)) == 0)
    for (size_t i = 0; i < nnics; ++i)
      printf("net: %s sent=%llu recv=%llu\n", nics[i].name, (unsigned long long)nics[i].bytes_sent,
             (unsigned long long)nics[i].bytes_recv);
  psinfo_free_net_io_counters_pernic(nics, nnics);

  psinfo_connection_t* conns = NULL;
  size_t nconns = 0;
  if (report("net_connections", psinfo_net_connections(&conns, &nconns, sizeof *conns, "tcp")) ==
      0) {
    for (size_t i = 0; i < nconns; ++i) {
      if (conns[i].status != PSINFO_CONN_LISTEN) continue;
      printf("listen: %s %s:%d", psinfo_address_family_name(conns[i].family), conns[i].laddr_ip,
             conns[i].laddr_port);
      if (conns[i].present & PSINFO_CONNECTION_HAS_PID)
        printf(" pid=%lld", (long long)conns[i].pid);
      printf("\n");
    }
  }
  psinfo_free_net_connections(conns, nconns);

  /* Sensors: most servers have no battery. */
  psinfo_sensors_battery_t bat = PSINFO_SENSORS_BATTERY_INIT;
  if (present("sensors_battery", psinfo_sensors_battery(&bat), "battery: none")) {
    printf("battery: %.0f%%", bat.percent);
    if (bat.secsleft == PSINFO_POWER_TIME_UNLIMITED)
      printf(", plugged in");
    else if (bat.secsleft != PSINFO_POWER_TIME_UNKNOWN)
      printf(", %lld s left", (long long)bat.secsleft);
    printf("\n");
  }
  return failed;
}
