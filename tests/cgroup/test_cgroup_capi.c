/* The C API of the containers (psinfo_process_cgroup and its lists, psinfo_pressure,
 * psinfo_cpu_count_effective, psinfo_virtual_memory_effective) from C, on the fixture trees of
 * tests/fixtures/cgroup-* (values worked out from their files), and on the live machine. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <psinfo/psinfo.h>
#include <sched.h>
#include <stddef.h>

#include "check.h"

static void use_tree(const char* name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s/proc", PSINFO_TEST_FIXTURES, name);
  CHECK_RC(psinfo_set_procfs_path(path), 0);
  snprintf(path, sizeof path, "%s/%s/sys", PSINFO_TEST_FIXTURES, name);
  CHECK_RC(psinfo_set_sysfs_path(path), 0);
}

/* Back to the real /proc and /sys (each case leaves the roots as it found them: RUN_CASE). */
static void real_roots(void) {
  CHECK_RC(psinfo_set_procfs_path(""), 0);
  CHECK_RC(psinfo_set_sysfs_path(""), 0);
}

static void container_tree(void) {
  use_tree("cgroup-v2-container");
  psinfo_process_t* h = NULL;
  CHECK_RC(psinfo_process_open(&h, 4242), 0);
  psinfo_cgroup_t c = PSINFO_CGROUP_INIT;
  CHECK_RC(psinfo_process_cgroup(&c, h), 0);
  CHECK(c.version == PSINFO_CGROUP_V2);
  CHECK(strcmp(psinfo_cgroup_version_name(c.version), "v2") == 0);
  CHECK((c.present & PSINFO_CGROUP_HAS_CPU_QUOTA) && c.cpu_quota == 0.15);
  CHECK((c.present & PSINFO_CGROUP_HAS_CPU_LIMIT) && c.cpu_limit == 1.5);
  CHECK((c.present & PSINFO_CGROUP_HAS_CPU_EFFECTIVE_CPUS) && c.cpu_effective_cpus == 2);
  CHECK(!(c.present & PSINFO_CGROUP_HAS_CPU_SHARES));
  CHECK((c.present & PSINFO_CGROUP_HAS_MEMORY_MAX) && c.memory_max == 536870912u);
  CHECK(!(c.present & PSINFO_CGROUP_HAS_MEMORY_HIGH) && c.memory_high == 0);
  CHECK((c.present & PSINFO_CGROUP_HAS_MEMORY_AVAILABLE) &&
        c.memory_available == 536870912u - (314572800u - 62914560u));
  CHECK((c.present & PSINFO_CGROUP_HAS_MEMORY_OOM_KILL) && c.memory_oom_kill == 1);
  CHECK((c.present & PSINFO_CGROUP_HAS_PIDS_MAX) && c.pids_max == 100);
  CHECK((c.present & PSINFO_CGROUP_HAS_PIDS_CURRENT) && c.pids_current == 7);

  /* An older, smaller struct: what fits, the bits of the rest clear, nothing written past. */
  {
    unsigned char buf[sizeof(psinfo_cgroup_t) + 8];
    memset(buf, 0xAB, sizeof buf);
    psinfo_cgroup_t* small = (psinfo_cgroup_t*)buf;
    small->struct_size = (uint32_t)(offsetof(psinfo_cgroup_t, cpu_limit) + sizeof(double));
    CHECK_RC(psinfo_process_cgroup(small, h), 0);
    CHECK(small->cpu_limit == 1.5);
    CHECK(small->present == (PSINFO_CGROUP_HAS_CPU_QUOTA | PSINFO_CGROUP_HAS_CPU_PERIOD |
                             PSINFO_CGROUP_HAS_CPU_LIMIT));
    CHECK(buf[small->struct_size] == 0xAB);
    small->struct_size = 4;
    CHECK_ERR(psinfo_process_cgroup(small, h), PSINFO_ESTRUCTSIZE);
  }

  psinfo_cgroup_path_t* paths = NULL;
  size_t n = 0;
  CHECK_RC(psinfo_process_cgroup_paths(&paths, &n, sizeof *paths, h), 0);
  CHECK(n == 1 && strcmp(paths[0].hierarchy, "unified") == 0 && strcmp(paths[0].path, "/") == 0);
  psinfo_free_process_cgroup_paths(paths, n);

  psinfo_cgroup_io_t* io = NULL;
  CHECK_RC(psinfo_process_cgroup_io(&io, &n, sizeof *io, h), 0);
  CHECK(n == 2);
  if (n == 2) { /* sorted by device: "253:0", "8:0" */
    CHECK(strcmp(io[1].device, "8:0") == 0);
    CHECK((io[1].present & PSINFO_CGROUP_IO_HAS_RBPS) && io[1].rbps == 1048576);
    CHECK(!(io[1].present & PSINFO_CGROUP_IO_HAS_WBPS));
    CHECK((io[1].present & PSINFO_CGROUP_IO_HAS_WIOPS) && io[1].wiops == 120);
    CHECK(io[0].dbytes == 50331648 && !(io[0].present & PSINFO_CGROUP_IO_HAS_RBPS));
  }
  psinfo_free_process_cgroup_io(io, n);

  psinfo_cgroup_stat_t* st = NULL;
  CHECK_RC(psinfo_process_cgroup_memory_stat(&st, &n, sizeof *st, h), 0);
  CHECK(n == 11);
  for (size_t i = 0; i < n; ++i)
    if (strcmp(st[i].name, "inactive_file") == 0) CHECK(st[i].value == 62914560u);
  psinfo_free_process_cgroup_memory_stat(st, n);

  int32_t* cpus = NULL;
  CHECK_RC(psinfo_process_cgroup_cpuset(&cpus, &n, h, 0), 0);
  CHECK(n == 4 && cpus[0] == 0 && cpus[3] == 3);
  psinfo_free_process_cgroup_cpuset(cpus, n);

  psinfo_pressure_t p = PSINFO_PRESSURE_INIT;
  CHECK_RC(psinfo_process_cgroup_pressure(&p, h), 0);
  CHECK(p.present ==
        (PSINFO_PRESSURE_HAS_CPU_SOME | PSINFO_PRESSURE_HAS_CPU_FULL |
         PSINFO_PRESSURE_HAS_MEMORY_SOME | PSINFO_PRESSURE_HAS_MEMORY_FULL |
         PSINFO_PRESSURE_HAS_IO_SOME | PSINFO_PRESSURE_HAS_IO_FULL | PSINFO_PRESSURE_HAS_IRQ_FULL));
  CHECK(p.cpu_some_avg10 == 3.0 && p.cpu_some_total == 600000);
  CHECK(p.irq_full_avg60 == 0.05 && p.irq_full_total == 3000);
  psinfo_process_close(h);

  /* The host has no PSI in this tree: every line absent, no error. */
  psinfo_pressure_t sys = PSINFO_PRESSURE_INIT;
  CHECK_RC(psinfo_pressure(&sys), 0);
  CHECK(sys.present == 0);

  psinfo_virtual_memory_effective_t vm = PSINFO_VIRTUAL_MEMORY_EFFECTIVE_INIT;
  CHECK_RC(psinfo_virtual_memory_effective(&vm), 0);
  CHECK((vm.present & PSINFO_VIRTUAL_MEMORY_EFFECTIVE_HAS_LIMIT) && vm.limit == 536870912u);
  CHECK(vm.total == 536870912u && vm.used == vm.total - vm.available);

  /* Outside the namespace: paths only. */
  CHECK_RC(psinfo_process_open(&h, 4243), 0);
  CHECK_RC(psinfo_process_cgroup(&c, h), 0);
  CHECK(c.present == PSINFO_CGROUP_HAS_CPU_EFFECTIVE_CPUS && c.cpu_effective_cpus == 8);
  psinfo_process_close(h);
  real_roots();
}

static void systemd_tree(void) {
  use_tree("cgroup-v2-systemd");
  psinfo_process_t* h = NULL;
  CHECK_RC(psinfo_process_open(&h, 4242), 0);
  int32_t* cpus = (int32_t*)1;
  size_t n = 7;
  /* No cpuset controller for this cgroup: "None", outputs reset. */
  CHECK_ERR(psinfo_process_cgroup_cpuset(&cpus, &n, h, 1), PSINFO_ENOVALUE);
  CHECK(cpus == NULL && n == 0);
  psinfo_pressure_t p = PSINFO_PRESSURE_INIT;
  CHECK_RC(psinfo_pressure(&p), 0);
  CHECK(p.cpu_some_avg10 == 12.34 && p.cpu_some_total == 987654321u);
  CHECK(!(p.present & PSINFO_PRESSURE_HAS_IRQ_FULL));
  psinfo_process_close(h);
  real_roots();
}

static void live(void) {
  int32_t n = 0;
  CHECK_RC(psinfo_cpu_count_effective(&n), 0);
  cpu_set_t set;
  CHECK(sched_getaffinity(0, sizeof set, &set) == 0);
  CHECK(n >= 1 && n <= CPU_COUNT(&set));
  psinfo_process_t* h = NULL;
  CHECK_RC(psinfo_process_self(&h), 0);
  psinfo_cgroup_t c = PSINFO_CGROUP_INIT;
  CHECK_RC(psinfo_process_cgroup(&c, h), 0);
  CHECK(c.version >= PSINFO_CGROUP_NONE && c.version <= PSINFO_CGROUP_HYBRID);
  CHECK((c.present & PSINFO_CGROUP_HAS_CPU_EFFECTIVE_CPUS) && c.cpu_effective_cpus == n);
  /* One path per line of /proc/self/cgroup, read here. */
  char* text = slurp("/proc/self/cgroup");
  size_t lines = 0;
  for (const char* q = text; q && *q; ++q) lines += *q == '\n';
  free(text);
  psinfo_cgroup_path_t* paths = NULL;
  size_t count = 0;
  CHECK_RC(psinfo_process_cgroup_paths(&paths, &count, sizeof *paths, h), 0);
  CHECK(count == lines && lines > 0);
  psinfo_free_process_cgroup_paths(paths, count);
  CHECK_ERR(psinfo_process_cgroup(NULL, h), PSINFO_EINVAL);
  CHECK_ERR(psinfo_process_cgroup(&c, NULL), PSINFO_EINVAL);
  psinfo_process_close(h);
  CHECK(strcmp(psinfo_cgroup_version_name(7), "?") == 0);
  CHECK(strcmp(psinfo_attr_name(PSINFO_ATTR_CGROUP), "cgroup") == 0);
  CHECK(!(PSINFO_ATTR_SNAPSHOT_ALL & PSINFO_ATTR_CGROUP));
  /* Asked per process: the snapshot refuses it, naming it. */
  psinfo_process_info_t* snap = NULL;
  size_t n_snap = 0;
  CHECK_ERR(psinfo_process_snapshot(&snap, &n_snap, sizeof *snap, PSINFO_ATTR_CGROUP),
            PSINFO_EINVAL);
  CHECK(strstr(psinfo_last_error_message(), "cgroup") != NULL);
  CHECK(snap == NULL && n_snap == 0);
}

int main(void) {
  RUN_CASE(container_tree);
  RUN_CASE(systemd_tree);
  RUN_CASE(live);
  return finish();
}
