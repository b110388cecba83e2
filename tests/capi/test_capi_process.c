/* The process part of the C API, tested from C on the test's own children (fork + exec of
 * /bin/sleep, a zombie, a stopped one), each value checked against /proc/PID/{stat,status,
 * statm,io,limits,fd} read directly here and against the system calls themselves; the error
 * codes; the bulk snapshot against a /proc listing. Every child is reaped (an atexit handler
 * kills and reaps whatever a failed check left behind). A method the C++ library does not
 * implement yet (PSINFO_ENOTSUP "not implemented yet") is skipped with a message.
 * Prints "N passed, N failed, N skipped". */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <netinet/in.h>
#include <psinfo/psinfo.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "loopback.h"

/* rc of a call that should succeed: 1 if it did; 0 (and counted as skipped) if the C++ side
 * is not implemented yet; 0 (and counted as failed) otherwise. */
static int ok_at(int rc, const char* call, const char* file, int line) {
  if (rc == 0) {
    ++passed;
    return 1;
  }
  if (rc == PSINFO_ENOTSUP && strstr(psinfo_last_error_message(), "not implemented yet")) {
    ++skipped;
    fprintf(stderr, "%s:%d: SKIPPED (%s): %s\n", file, line, call, psinfo_last_error_message());
    return 0;
  }
  check_at(0, file, line, "%s returned %d (%s): %s", call, rc, psinfo_err_name(rc),
           psinfo_last_error_message());
  return 0;
}
#define OK(call) ok_at((call), #call, __FILE__, __LINE__)

/* ---- Children ---------------------------------------------------------------------------- */

#define MAX_CHILDREN 64
static pid_t children[MAX_CHILDREN];

static void track(pid_t pid) {
  for (int i = 0; i < MAX_CHILDREN; ++i)
    if (children[i] == 0) {
      children[i] = pid;
      return;
    }
}

/* Kills (if still there) and reaps a child; returns its wait status. */
static int reap(pid_t pid) {
  int st = 0;
  kill(pid, SIGKILL);
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  for (int i = 0; i < MAX_CHILDREN; ++i)
    if (children[i] == pid) children[i] = 0;
  return st;
}

static void reap_all(void) {
  for (int i = 0; i < MAX_CHILDREN; ++i)
    if (children[i] > 0) reap(children[i]);
}

/* /bin/sleep 30 with PSINFO_TEST_MARK=capi in its environment. */
static pid_t spawn_sleep(void) {
  pid_t pid = fork();
  if (pid == 0) {
    char* argv[] = {"/bin/sleep", "30", NULL};
    char* envp[] = {"PSINFO_TEST_MARK=capi", "PATH=/bin:/usr/bin", NULL};
    /* no regular file open (ctest redirects our output to one): open_files() is [] */
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
    }
    for (int fd = 3; fd < 1024; ++fd) close(fd); /* and nothing inherited (ctest's logs) */
    execve("/bin/sleep", argv, envp);
    _exit(127);
  }
  if (pid > 0) track(pid);
  return pid;
}

static char* proc_file(pid_t pid, const char* rel) {
  char path[128];
  snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, rel);
  return slurp(path);
}

/* Field i (0 = state) after the last ')' of /proc/PID/stat; -1 when unreadable. */
static long long stat_field(pid_t pid, int i) {
  char* s = proc_file(pid, "stat");
  if (!s) return -1;
  char* p = strrchr(s, ')');
  long long v = -1;
  if (p) {
    p += 2;
    for (int k = 0; k < i && p; ++k) {
      p = strchr(p, ' ');
      if (p) ++p;
    }
    if (p) v = i == 0 ? (long long)*p : strtoll(p, NULL, 10);
  }
  free(s);
  return v;
}

/* The first number after "key" at the start of a line of /proc/PID/status (n-th: skip n). */
static long long status_field(pid_t pid, const char* key, int nth) {
  char* s = proc_file(pid, "status");
  long long v = -1;
  size_t k = strlen(key);
  for (char* p = s; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
    if (strncmp(p, key, k) != 0) continue;
    char* q = p + k;
    for (int i = 0; i <= nth; ++i) v = strtoll(q, &q, 10);
    break;
  }
  free(s);
  return v;
}

static long long field_of(const char* text, const char* key) {
  size_t k = strlen(key);
  for (const char* p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
    if (strncmp(p, key, k) == 0) return strtoll(p + k, NULL, 10);
  return -1;
}

static double boot_time_direct(void) {
  char* s = slurp("/proc/stat");
  double b = (double)field_of(s, "btime ");
  free(s);
  return b;
}

/* Waits (up to ~2 s) until the stat state of pid is c. */
static int wait_state(pid_t pid, char c) {
  for (int i = 0; i < 400; ++i) {
    if (stat_field(pid, 0) == c) return 1;
    struct timespec ts = {0, 5000000};
    nanosleep(&ts, NULL);
  }
  return 0;
}

static int count_fds(pid_t pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
  DIR* d = opendir(path);
  if (!d) return -1;
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') ++n;
  closedir(d);
  return n;
}

static psinfo_process_t* open_pid(pid_t pid) {
  psinfo_process_t* h = NULL;
  int rc = psinfo_process_open(&h, pid);
  if (rc != 0) {
    ok_at(rc, "psinfo_process_open", __FILE__, __LINE__);
    return NULL;
  }
  return h;
}

/* A sleeping child (*c) and a handle on it; NULL, the child reaped, when it cannot be opened. */
static psinfo_process_t* spawn_open(pid_t* c) {
  *c = spawn_sleep();
  psinfo_process_t* h = open_pid(*c);
  if (!h) reap(*c);
  return h;
}

/* ---- Tests ------------------------------------------------------------------------------- */

static void test_identity(void) {
  pid_t c = spawn_sleep();
  CHECK(c > 0);
  psinfo_process_t* h = open_pid(c);
  if (!h) return;
  int64_t pid = 0;
  if (OK(psinfo_process_pid(&pid, h))) CHECK(pid == c);
  psinfo_process_t* d = NULL;
  if (OK(psinfo_process_dup(&d, h))) {
    int32_t eq = 0;
    if (OK(psinfo_process_equal(&eq, h, d))) CHECK(eq == 1);
  }
  psinfo_process_t* s = NULL;
  if (OK(psinfo_process_self(&s))) {
    int64_t me = 0;
    if (OK(psinfo_process_pid(&me, s))) CHECK(me == getpid());
    int32_t eq = 1;
    if (OK(psinfo_process_equal(&eq, h, s))) CHECK(eq == 0);
  }
  int32_t running = 0;
  if (OK(psinfo_process_is_running(&running, h))) CHECK(running == 1);
  int32_t ex = 0;
  if (OK(psinfo_pid_exists(&ex, c))) CHECK(ex == 1);
  if (OK(psinfo_pid_exists(&ex, -1))) CHECK(ex == 0);
  reap(c);
  if (OK(psinfo_process_is_running(&running, h))) CHECK(running == 0);
  if (OK(psinfo_pid_exists(&ex, c))) CHECK(ex == 0);
  psinfo_process_close(s);
  psinfo_process_close(d);
  psinfo_process_close(h);
  psinfo_process_close(NULL);
}

static void test_values(void) {
  pid_t c;
  psinfo_process_t* h = spawn_open(&c);
  if (!h) return;
  CHECK(wait_state(c, 'S'));
  char* s = NULL;
  int64_t ppid = 0;
  if (OK(psinfo_process_ppid(&ppid, h))) CHECK(ppid == getpid() && ppid == stat_field(c, 1));
  if (OK(psinfo_process_name(&s, h))) CHECKF(strcmp(s, "sleep") == 0, "name %s", s);
  psinfo_free_string(s);
  if (OK(psinfo_process_exe(&s, h))) {
    char real[PATH_MAX];
    CHECK(realpath("/bin/sleep", real) != NULL);
    CHECKF(strcmp(s, real) == 0, "exe %s, want %s", s, real);
  }
  psinfo_free_string(s);
  char** argv = NULL;
  size_t argc = 0;
  if (OK(psinfo_process_cmdline(&argv, &argc, h))) {
    CHECK(argc == 2);
    if (argc == 2) CHECK(strcmp(argv[0], "/bin/sleep") == 0 && strcmp(argv[1], "30") == 0);
  }
  psinfo_free_process_cmdline(argv, argc);
  char** env = NULL;
  size_t envc = 0;
  if (OK(psinfo_process_environ(&env, &envc, h))) {
    CHECK(envc == 2);
    int mark = 0;
    for (size_t i = 0; i < envc; ++i) mark |= strcmp(env[i], "PSINFO_TEST_MARK=capi") == 0;
    CHECK(mark);
  }
  psinfo_free_process_environ(env, envc);
  double ct = 0;
  if (OK(psinfo_process_create_time(&ct, h))) {
    double want = boot_time_direct() + (double)stat_field(c, 19) / (double)sysconf(_SC_CLK_TCK);
    CHECK_NEAR(ct, want, 1.0 + 1e-6); /* btime is whole seconds */
    CHECK_BETWEEN(ct, (double)time(NULL) - 60, (double)time(NULL) + 1, 0);
  }
  if (OK(psinfo_process_status(&s, h))) CHECKF(strcmp(s, "sleeping") == 0, "status %s", s);
  psinfo_free_string(s);
  if (OK(psinfo_process_cwd(&s, h))) {
    char want[PATH_MAX];
    CHECK(getcwd(want, sizeof want) != NULL);
    CHECKF(strcmp(s, want) == 0, "cwd %s, want %s", s, want);
  }
  psinfo_free_string(s);
  if (OK(psinfo_process_username(&s, h))) {
    struct passwd* pw = getpwuid(getuid());
    CHECK(pw && strcmp(s, pw->pw_name) == 0);
  }
  psinfo_free_string(s);
  psinfo_uids_t u = PSINFO_UIDS_INIT;
  if (OK(psinfo_process_uids(&u, h)))
    CHECK(u.real == status_field(c, "Uid:", 0) && u.effective == status_field(c, "Uid:", 1) &&
          u.saved == status_field(c, "Uid:", 2) && u.real == (int64_t)getuid());
  psinfo_gids_t g = PSINFO_GIDS_INIT;
  if (OK(psinfo_process_gids(&g, h)))
    CHECK(g.real == status_field(c, "Gid:", 0) && g.effective == status_field(c, "Gid:", 1) &&
          g.saved == status_field(c, "Gid:", 2));
  int rc = psinfo_process_terminal(&s, h);
  if (stat_field(c, 4) == 0)
    CHECK_RC(rc, PSINFO_ENOVALUE);
  else if (OK(rc))
    CHECK(strncmp(s, "/dev/", 5) == 0);
  psinfo_free_string(s);

  /* nice */
  int32_t nv = 99;
  if (OK(psinfo_process_nice(&nv, h))) CHECK(nv == stat_field(c, 16));
  if (OK(psinfo_process_set_nice(h, 7))) {
    CHECK(stat_field(c, 16) == 7);
    if (OK(psinfo_process_nice(&nv, h))) CHECK(nv == 7);
  }
  /* ionice */
  int32_t cls = -1, val = -1;
  if (OK(psinfo_process_set_ionice(h, PSINFO_IOPRIO_CLASS_BE, 5)) &&
      OK(psinfo_process_ionice(&cls, &val, h)))
    CHECK(cls == PSINFO_IOPRIO_CLASS_BE && val == 5);
  if (OK(psinfo_process_set_ionice(h, PSINFO_IOPRIO_CLASS_IDLE, PSINFO_IONICE_NOVALUE)) &&
      OK(psinfo_process_ionice(&cls, &val, h)))
    CHECK(cls == PSINFO_IOPRIO_CLASS_IDLE && val == 0);
  CHECK_ERR(psinfo_process_set_ionice(h, PSINFO_IOPRIO_CLASS_BE, 8), PSINFO_EINVAL);
  CHECK_ERR(psinfo_process_set_ionice(h, PSINFO_IOPRIO_CLASS_IDLE, 3), PSINFO_EINVAL);
  CHECK_ERR(psinfo_process_set_ionice(h, 9, 0), PSINFO_EINVAL);
  CHECK(strcmp(psinfo_ioprio_class_name(PSINFO_IOPRIO_CLASS_BE), "IOPRIO_CLASS_BE") == 0);
  /* rlimit, against prlimit(2) */
  int64_t soft = 0, hard = 0;
  struct rlimit rl;
  if (OK(psinfo_process_rlimit(&soft, &hard, h, RLIMIT_NOFILE)) &&
      prlimit(c, RLIMIT_NOFILE, NULL, &rl) == 0)
    CHECK((uint64_t)soft == (uint64_t)rl.rlim_cur && (uint64_t)hard == (uint64_t)rl.rlim_max);
  if (OK(psinfo_process_set_rlimit(h, RLIMIT_NOFILE, 64, 128))) {
    CHECK(prlimit(c, RLIMIT_NOFILE, NULL, &rl) == 0 && rl.rlim_cur == 64 && rl.rlim_max == 128);
  }
  if (OK(psinfo_process_rlimit(&soft, &hard, h, RLIMIT_CORE)) &&
      prlimit(c, RLIMIT_CORE, NULL, &rl) == 0)
    CHECK(rl.rlim_max == RLIM_INFINITY ? hard == PSINFO_RLIM_INFINITY
                                       : (uint64_t)hard == (uint64_t)rl.rlim_max);
  /* io counters, against /proc/PID/io (a sleeping process: stable) */
  psinfo_process_io_counters_t io = PSINFO_PROCESS_IO_COUNTERS_INIT;
  char* iot = proc_file(c, "io");
  if (iot && OK(psinfo_process_io_counters(&io, h))) {
    CHECK(io.read_count == (uint64_t)field_of(iot, "syscr: "));
    CHECK(io.write_count == (uint64_t)field_of(iot, "syscw: "));
    CHECK(io.read_bytes == (uint64_t)field_of(iot, "read_bytes: "));
    CHECK(io.write_bytes == (uint64_t)field_of(iot, "write_bytes: "));
    CHECK((io.present & PSINFO_PROCESS_IO_COUNTERS_HAS_READ_CHARS) &&
          io.read_chars == (uint64_t)field_of(iot, "rchar: "));
    CHECK((io.present & PSINFO_PROCESS_IO_COUNTERS_HAS_WRITE_CHARS) &&
          io.write_chars == (uint64_t)field_of(iot, "wchar: "));
  }
  free(iot);
  psinfo_ctx_switches_t cs = PSINFO_CTX_SWITCHES_INIT;
  if (OK(psinfo_process_num_ctx_switches(&cs, h))) {
    CHECK((long long)cs.voluntary == status_field(c, "voluntary_ctxt_switches:", 0));
    CHECK((long long)cs.involuntary == status_field(c, "nonvoluntary_ctxt_switches:", 0));
  }
  int32_t n = 0;
  if (OK(psinfo_process_num_fds(&n, h))) CHECK(n == count_fds(c));
  if (OK(psinfo_process_num_threads(&n, h))) CHECK(n == status_field(c, "Threads:", 0) && n == 1);
  psinfo_thread_t* th = NULL;
  size_t nth = 0;
  if (OK(psinfo_process_threads(&th, &nth, sizeof *th, h))) {
    CHECK(nth == 1);
    if (nth == 1) CHECK(th[0].id == c && th[0].struct_size == sizeof *th);
  }
  psinfo_free_process_threads(th, nth);
  /* cpu */
  psinfo_process_cpu_times_t ctm = PSINFO_PROCESS_CPU_TIMES_INIT;
  double tck = (double)sysconf(_SC_CLK_TCK);
  double u0 = (double)stat_field(c, 11) / tck, s0 = (double)stat_field(c, 12) / tck;
  if (OK(psinfo_process_cpu_times(&ctm, h))) {
    double u1 = (double)stat_field(c, 11) / tck, s1 = (double)stat_field(c, 12) / tck;
    CHECK_BETWEEN(ctm.user, u0, u1, 0);
    CHECK_BETWEEN(ctm.system, s0, s1, 0);
    CHECK(ctm.children_user == (double)stat_field(c, 13) / tck);
    CHECK(ctm.present & PSINFO_PROCESS_CPU_TIMES_HAS_IOWAIT);
  }
  double pct = -1;
  if (OK(psinfo_process_cpu_percent(&pct, h, 0.0))) CHECK(pct == 0.0);
  if (OK(psinfo_process_cpu_percent(&pct, h, 0.05))) CHECK_BETWEEN(pct, 0, 100.0 * 64, 0);
  CHECK_ERR(psinfo_process_cpu_percent(&pct, h, -1.0), PSINFO_EINVAL);
  CHECK_ERR(psinfo_process_cpu_percent(&pct, h, NAN), PSINFO_EINVAL);
  int32_t cpu = -1;
  if (OK(psinfo_process_cpu_num(&cpu, h)))
    CHECK_BETWEEN(cpu, 0, sysconf(_SC_NPROCESSORS_CONF) - 1, 0);
  int32_t* aff = NULL;
  size_t naff = 0;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (OK(psinfo_process_cpu_affinity(&aff, &naff, h)) &&
      sched_getaffinity(c, sizeof set, &set) == 0) {
    CHECK((int)naff == CPU_COUNT(&set));
    for (size_t i = 0; i < naff; ++i) CHECK(CPU_ISSET(aff[i], &set));
  }
  if (naff > 0) {
    int32_t one = aff[naff - 1];
    /* [] = every eligible CPU: psutil takes them from the process's Cpus_allowed_list */
    if (OK(psinfo_process_set_cpu_affinity(h, NULL, 0)))
      CHECK(sched_getaffinity(c, sizeof set, &set) == 0 && CPU_COUNT(&set) == (int)naff);
    if (OK(psinfo_process_set_cpu_affinity(h, &one, 1))) {
      CHECK(sched_getaffinity(c, sizeof set, &set) == 0 && CPU_COUNT(&set) == 1 &&
            CPU_ISSET(one, &set));
    }
    if (OK(psinfo_process_set_cpu_affinity(h, aff, naff)))
      CHECK(sched_getaffinity(c, sizeof set, &set) == 0 && CPU_COUNT(&set) == (int)naff);
    int32_t bad = 100000;
    CHECK_ERR(psinfo_process_set_cpu_affinity(h, &bad, 1), PSINFO_EINVAL);
  }
  psinfo_free_process_cpu_affinity(aff, naff);
  /* memory, against statm (pages) */
  long page = sysconf(_SC_PAGESIZE);
  psinfo_memory_info_t mi = PSINFO_MEMORY_INFO_INIT;
  if (OK(psinfo_process_memory_info(&mi, h))) {
    char* statm = proc_file(c, "statm");
    unsigned long long v[7] = {0};
    CHECK(statm && sscanf(statm, "%llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
                          &v[4], &v[5], &v[6]) == 7);
    free(statm);
    CHECK(mi.vms == v[0] * page && mi.rss == v[1] * page);
    CHECK((mi.present & PSINFO_MEMORY_INFO_HAS_SHARED) && mi.shared == v[2] * page);
    CHECK((mi.present & PSINFO_MEMORY_INFO_HAS_TEXT) && mi.text == v[3] * page);
    CHECK((mi.present & PSINFO_MEMORY_INFO_HAS_DATA) && mi.data == v[5] * page);
    CHECK(!(mi.present & PSINFO_MEMORY_INFO_HAS_WSET)); /* Windows only */
  }
  psinfo_memory_full_info_t fi = PSINFO_MEMORY_FULL_INFO_INIT;
  psinfo_memory_info_t fmi = PSINFO_MEMORY_INFO_INIT;
  if (OK(psinfo_process_memory_full_info(&fi, &fmi, h))) {
    CHECK(fi.uss > 0 && fi.uss <= fmi.rss);
    CHECK(fi.present & PSINFO_MEMORY_FULL_INFO_HAS_PSS);
    CHECK(fi.pss >= fi.uss && fi.pss <= fmi.rss);
    CHECK(fmi.rss == mi.rss);
  }
  if (OK(psinfo_process_memory_full_info(&fi, NULL, h))) CHECK(fi.uss > 0);
  /* memory_info_ex (psutil 8): the status lines of the sleeping child, kB * 1024 */
  psinfo_memory_info_ex_t ex = PSINFO_MEMORY_INFO_EX_INIT;
  psinfo_memory_info_t exi = PSINFO_MEMORY_INFO_INIT;
  if (OK(psinfo_process_memory_info_ex(&ex, &exi, h))) {
    CHECK(exi.rss == mi.rss && exi.vms == mi.vms);
    CHECK((ex.present & PSINFO_MEMORY_INFO_EX_HAS_PEAK_RSS) &&
          (long long)ex.peak_rss == status_field(c, "VmHWM:", 0) * 1024);
    CHECK((ex.present & PSINFO_MEMORY_INFO_EX_HAS_PEAK_VMS) &&
          (long long)ex.peak_vms == status_field(c, "VmPeak:", 0) * 1024);
    CHECK((ex.present & PSINFO_MEMORY_INFO_EX_HAS_RSS_ANON) &&
          (long long)ex.rss_anon == status_field(c, "RssAnon:", 0) * 1024);
    CHECK((ex.present & PSINFO_MEMORY_INFO_EX_HAS_RSS_FILE) &&
          (long long)ex.rss_file == status_field(c, "RssFile:", 0) * 1024);
    CHECK((ex.present & PSINFO_MEMORY_INFO_EX_HAS_RSS_SHMEM) &&
          (long long)ex.rss_shmem == status_field(c, "RssShmem:", 0) * 1024);
    CHECK((ex.present & PSINFO_MEMORY_INFO_EX_HAS_SWAP) &&
          (long long)ex.swap == status_field(c, "VmSwap:", 0) * 1024);
    CHECK((ex.present & PSINFO_MEMORY_INFO_EX_HAS_HUGETLB) &&
          (long long)ex.hugetlb == status_field(c, "HugetlbPages:", 0) * 1024);
    CHECK(!(ex.present & (PSINFO_MEMORY_INFO_EX_HAS_VIRTUAL | PSINFO_MEMORY_INFO_EX_HAS_WIRED |
                          PSINFO_MEMORY_INFO_EX_HAS_STACK))); /* other OSes */
  }
  /* a caller's older, smaller struct: only what fits is written */
  psinfo_memory_info_ex_t small;
  memset(&small, 0xAB, sizeof small);
  small.struct_size = (uint32_t)offsetof(psinfo_memory_info_ex_t, rss_anon);
  if (OK(psinfo_process_memory_info_ex(&small, NULL, h))) {
    CHECK((long long)small.peak_rss == status_field(c, "VmHWM:", 0) * 1024);
    CHECK(small.rss_anon == 0xABABABABABABABABull);
    CHECK(!(small.present & PSINFO_MEMORY_INFO_EX_HAS_RSS_ANON));
  }
  /* memory_footprint: smaps_rollup's Private_* sum, Pss, Swap */
  psinfo_memory_footprint_t fp = PSINFO_MEMORY_FOOTPRINT_INIT;
  if (OK(psinfo_process_memory_footprint(&fp, h))) {
    char* roll = proc_file(c, "smaps_rollup");
    if (roll && *roll) {
      long long uss = field_of(roll, "Private_Clean:") + field_of(roll, "Private_Dirty:");
      long long huge = field_of(roll, "Private_Hugetlb:");
      if (huge > 0) uss += huge;
      CHECKF((long long)fp.uss == uss * 1024, "uss %llu vs %lld kB", (unsigned long long)fp.uss,
             uss);
      CHECK((fp.present & PSINFO_MEMORY_FOOTPRINT_HAS_PSS) &&
            (long long)fp.pss == field_of(roll, "Pss:") * 1024);
      CHECK((fp.present & PSINFO_MEMORY_FOOTPRINT_HAS_SWAP) &&
            (long long)fp.swap == field_of(roll, "Swap:") * 1024);
      CHECK(fp.uss == fi.uss);
    }
    free(roll);
  }
  double mpx = -1;
  if (OK(psinfo_process_memory_percent(&mpx, h, "peak_rss"))) CHECK(mpx > 0 && mpx < 100);
  CHECK(psinfo_process_memory_percent(&mpx, h, "wired") == PSINFO_EINVAL);
  CHECK(psinfo_process_memory_info_ex(NULL, NULL, h) == PSINFO_EINVAL);
  CHECK(psinfo_process_memory_footprint(NULL, h) == PSINFO_EINVAL);
  double mp = -1;
  if (OK(psinfo_process_memory_percent(&mp, h, "rss"))) {
    char* mt = slurp("/proc/meminfo");
    double total = (double)field_of(mt, "MemTotal:") * 1024;
    free(mt);
    CHECK_NEAR(mp, (double)mi.rss / total * 100, 1e-6 + 100.0 * page / total);
  }
  CHECK_ERR(psinfo_process_memory_percent(&mp, h, "nope"), PSINFO_EINVAL);
  CHECK_ERR(psinfo_process_memory_percent(&mp, h, NULL), PSINFO_EINVAL);
  psinfo_memory_map_t* maps = NULL;
  size_t nmaps = 0;
  if (OK(psinfo_process_memory_maps(&maps, &nmaps, sizeof *maps, h, 1))) {
    char real[PATH_MAX];
    int found = 0;
    CHECK(realpath("/bin/sleep", real) != NULL);
    for (size_t i = 0; i < nmaps; ++i) {
      found |= strcmp(maps[i].path, real) == 0;
      CHECK(maps[i].present == 0 && maps[i].addr == NULL && maps[i].perms == NULL);
    }
    CHECKF(found, "%s not among %zu grouped maps", real, nmaps);
  }
  psinfo_free_process_memory_maps(maps, nmaps);
  if (OK(psinfo_process_memory_maps(&maps, &nmaps, sizeof *maps, h, 0))) {
    char* text = proc_file(c, "maps");
    size_t lines = 0;
    for (char* p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
      if (*p) ++lines;
    free(text);
    CHECKF(nmaps == lines, "%zu maps, /proc/PID/maps has %zu", nmaps, lines);
    if (nmaps > 0)
      CHECK(maps[0].addr && strchr(maps[0].addr, '-') && maps[0].perms &&
            strlen(maps[0].perms) == 4);
  }
  psinfo_free_process_memory_maps(maps, nmaps);
  psinfo_page_faults_t pf = PSINFO_PAGE_FAULTS_INIT;
  if (OK(psinfo_process_page_faults(&pf, h)))
    CHECK((long long)pf.minor == stat_field(c, 7) && (long long)pf.major == stat_field(c, 9));
  psinfo_open_file_t* of = NULL;
  size_t nof = 0;
  if (OK(psinfo_process_open_files(&of, &nof, sizeof *of, h)))
    CHECKF(nof == 0, "%zu open files, the first %s", nof, nof ? of[0].path : "");
  psinfo_free_process_open_files(of, nof);
  /* family */
  psinfo_process_t* par = NULL;
  if (OK(psinfo_process_parent(&par, h))) {
    int64_t pp = 0;
    if (OK(psinfo_process_pid(&pp, par))) CHECK(pp == getpid());
  }
  psinfo_process_close(par);
  psinfo_process_t** list = NULL;
  size_t nlist = 0;
  if (OK(psinfo_process_parents(&list, &nlist, h))) {
    CHECK(nlist >= 2);
    int64_t last = -1;
    if (nlist > 0 && OK(psinfo_process_pid(&last, list[nlist - 1]))) CHECK(last == 1 || last == 0);
  }
  psinfo_free_process_list(list, nlist);
  /* oneshot: values inside equal those outside */
  if (OK(psinfo_process_oneshot_begin(h)) && OK(psinfo_process_oneshot_begin(h))) {
    int64_t p2 = 0;
    if (OK(psinfo_process_ppid(&p2, h))) CHECK(p2 == getpid());
    CHECK_RC(psinfo_process_oneshot_end(h), 0);
    CHECK_RC(psinfo_process_oneshot_end(h), 0);
  }
  CHECK_ERR(psinfo_process_oneshot_end(h), PSINFO_EINVAL);
  psinfo_process_close(h);
  reap(c);
}

/* Self: open_files and net_connections of this process. */
static void test_self_files(void) {
  psinfo_process_t* me = NULL;
  if (!OK(psinfo_process_self(&me))) return;
  char path[] = "/tmp/psinfo_capi_procXXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  CHECK(write(fd, "abcdef", 6) == 6);
  psinfo_open_file_t* of = NULL;
  size_t nof = 0;
  if (OK(psinfo_process_open_files(&of, &nof, sizeof *of, me))) {
    int found = 0;
    for (size_t i = 0; i < nof; ++i)
      if (of[i].fd == fd) {
        found = 1;
        CHECK(strcmp(of[i].path, path) == 0);
        CHECK((of[i].present & PSINFO_OPEN_FILE_HAS_POSITION) && of[i].position == 6);
        CHECK(of[i].mode && strcmp(of[i].mode, "r+") == 0);
        CHECK((of[i].present & PSINFO_OPEN_FILE_HAS_FLAGS) && (of[i].flags & O_ACCMODE) == O_RDWR);
      }
    CHECKF(found, "fd %d (%s) not among %zu open files", fd, path, nof);
  }
  psinfo_free_process_open_files(of, nof);
  /* the smallest element size (a multiple of 8): path, fd, flags; position and mode absent */
  if (OK(psinfo_process_open_files(&of, &nof, 24, me)) && nof > 0)
    CHECK(of[0].present == PSINFO_OPEN_FILE_HAS_FLAGS && of[0].struct_size == 24);
  psinfo_free_process_open_files(of, nof);
  close(fd);
  unlink(path);

  struct sockaddr_in a;
  int ls = loopback_socket(SOCK_STREAM, 1, &a);
  CHECK(ls >= 0);
  psinfo_connection_t* cn = NULL;
  size_t ncn = 0;
  if (OK(psinfo_process_net_connections(&cn, &ncn, sizeof *cn, me, "tcp4"))) {
    int found = 0;
    for (size_t i = 0; i < ncn; ++i)
      if (cn[i].fd == ls) {
        found = 1;
        CHECK(cn[i].status == PSINFO_CONN_LISTEN && cn[i].laddr_port == ntohs(a.sin_port) &&
              strcmp(cn[i].laddr_ip, "127.0.0.1") == 0);
      }
    CHECK(found);
  }
  psinfo_free_net_connections(cn, ncn);
  CHECK_ERR(psinfo_process_net_connections(&cn, &ncn, sizeof *cn, me, "bogus"), PSINFO_EINVAL);
  close(ls);

  pid_t c1 = spawn_sleep(), c2 = spawn_sleep();
  psinfo_process_t** kids = NULL;
  size_t nk = 0;
  if (OK(psinfo_process_children(&kids, &nk, me, 0))) {
    int seen = 0;
    for (size_t i = 0; i < nk; ++i) {
      int64_t p = 0;
      if (psinfo_process_pid(&p, kids[i]) == 0) seen += (p == c1) + (p == c2);
    }
    CHECK(seen == 2);
  }
  psinfo_free_process_list(kids, nk);
  reap(c1);
  reap(c2);
  psinfo_process_close(me);
}

static void test_signals_and_wait(void) {
  pid_t c;
  psinfo_process_t* h = spawn_open(&c);
  if (!h) return;
  char* s = NULL;
  if (OK(psinfo_process_suspend(h))) {
    CHECK(wait_state(c, 'T'));
    if (OK(psinfo_process_status(&s, h))) CHECKF(strcmp(s, "stopped") == 0, "status %s", s);
    psinfo_free_string(s);
    s = NULL;
  }
  if (OK(psinfo_process_resume(h))) CHECK(wait_state(c, 'S'));
  int32_t code = 0;
  CHECK_ERR(psinfo_process_wait(&code, h, 0.0), PSINFO_ETIMEDOUT);
  CHECK_ERR(psinfo_process_wait(&code, h, 0.05), PSINFO_ETIMEDOUT);
  CHECK_ERR(psinfo_process_wait(&code, h, NAN), PSINFO_EINVAL);
  CHECK_ERR(psinfo_process_wait(NULL, h, 0.0), PSINFO_EINVAL);
  if (OK(psinfo_process_terminate(h)) && OK(psinfo_process_wait(&code, h, -1))) {
    CHECK(code == -SIGTERM);
    for (int i = 0; i < MAX_CHILDREN; ++i)
      if (children[i] == c) children[i] = 0; /* reaped by wait */
  }
  CHECK(kill(c, 0) != 0);
  /* every method of a handle whose process is gone */
  int64_t pp = 0;
  CHECK_ERR(psinfo_process_ppid(&pp, h), PSINFO_ENOSUCHPROCESS);
  CHECK(strstr(psinfo_last_error_message(), "psinfo_process_ppid") != NULL);
  CHECK_ERR(psinfo_process_name(&s, h), PSINFO_ENOSUCHPROCESS);
  CHECK(s == NULL);
  CHECK_ERR(psinfo_process_send_signal(h, SIGTERM), PSINFO_ENOSUCHPROCESS);
  CHECK_ERR(psinfo_process_set_nice(h, 3), PSINFO_ENOSUCHPROCESS);
  psinfo_process_t* again = (psinfo_process_t*)1;
  CHECK_ERR(psinfo_process_open(&again, c), PSINFO_ENOSUCHPROCESS);
  CHECK(again == NULL);
  psinfo_process_close(h);

  /* exit code of a child that exits by itself, through kill() + wait */
  h = spawn_open(&c);
  if (h) {
    if (OK(psinfo_process_kill(h)) && OK(psinfo_process_wait(&code, h, 5.0))) {
      CHECK(code == -SIGKILL);
      for (int i = 0; i < MAX_CHILDREN; ++i)
        if (children[i] == c) children[i] = 0;
    }
    psinfo_process_close(h);
  }
  reap(c); /* no-op if already reaped */

  /* send_signal(0) on a live child */
  h = spawn_open(&c);
  if (h) {
    OK(psinfo_process_send_signal(h, 0));
    psinfo_process_close(h);
  }
  reap(c);
}

static void test_zombie(void) {
  pid_t z = fork();
  if (z == 0) _exit(3);
  track(z);
  CHECK(wait_state(z, 'Z'));
  psinfo_process_t* h = open_pid(z);
  if (h) {
    char* s = NULL;
    if (OK(psinfo_process_status(&s, h))) CHECKF(strcmp(s, "zombie") == 0, "status %s", s);
    psinfo_free_string(s);
    s = NULL;
    int64_t pp = 0;
    if (OK(psinfo_process_ppid(&pp, h))) CHECK(pp == getpid());
    char** argv = NULL;
    size_t argc = 0;
    /* psutil 8: ZombieProcess from cmdline (5.9.4 returns []). */
    CHECK_ERR(psinfo_process_cmdline(&argv, &argc, h), PSINFO_EZOMBIE);
    CHECK(argv == NULL && argc == 0);
    /* psutil 8: ZombieProcess from exe / cwd (5.9.4: "" / ZombieProcess). */
    int rc = psinfo_process_exe(&s, h);
    CHECKF(rc == PSINFO_EZOMBIE || (rc == 0 && s && s[0] == 0), "exe of a zombie: %s (%s)",
           psinfo_err_name(rc), psinfo_last_error_message());
    psinfo_free_string(s);
    s = NULL;
    CHECK_ERR(psinfo_process_cwd(&s, h), PSINFO_EZOMBIE);
    int32_t running = 0;
    if (OK(psinfo_process_is_running(&running, h))) CHECK(running == 1);
    int32_t code = 0;
    if (OK(psinfo_process_wait(&code, h, 1.0))) {
      CHECK(code == 3);
      for (int i = 0; i < MAX_CHILDREN; ++i)
        if (children[i] == z) children[i] = 0;
    }
    psinfo_process_close(h);
  }
  reap(z);
}

static void test_args(void) {
  psinfo_process_t* h = (psinfo_process_t*)1;
  CHECK_ERR(psinfo_process_open(&h, -1), PSINFO_EINVAL);
  CHECK(h == NULL);
  CHECK_ERR(psinfo_process_open(NULL, 1), PSINFO_EINVAL);
  int64_t pid = 0;
  CHECK_ERR(psinfo_process_pid(&pid, NULL), PSINFO_EINVAL);
  CHECK_ERR(psinfo_process_kill(NULL), PSINFO_EINVAL);
  CHECK_ERR(psinfo_process_open(&h, (int64_t)1 << 40), PSINFO_ENOSUCHPROCESS);
  if (!OK(psinfo_process_self(&h))) return;
  psinfo_process_cpu_times_t ct = PSINFO_PROCESS_CPU_TIMES_INIT;
  ct.struct_size = 16;
  CHECK_ERR(psinfo_process_cpu_times(&ct, h), PSINFO_ESTRUCTSIZE);
  ct.struct_size = PSINFO_PROCESS_CPU_TIMES_MIN_SIZE;
  ct.iowait = 12345;
  if (OK(psinfo_process_cpu_times(&ct, h)))
    CHECK(ct.iowait == 12345 && !(ct.present & PSINFO_PROCESS_CPU_TIMES_HAS_IOWAIT) &&
          ct.struct_size == PSINFO_PROCESS_CPU_TIMES_MIN_SIZE);
  psinfo_thread_t* th = NULL;
  size_t n = 0;
  CHECK_ERR(psinfo_process_threads(&th, &n, 12, h), PSINFO_ESTRUCTSIZE);
  psinfo_process_info_t* info = NULL;
  CHECK_ERR(psinfo_process_snapshot(&info, &n, sizeof *info, PSINFO_ATTR_THREADS), PSINFO_EINVAL);
  CHECK(strstr(psinfo_last_error_message(), "threads") != NULL);
  CHECK_ERR(psinfo_process_snapshot(&info, &n, sizeof *info, 1ull << 40), PSINFO_EINVAL);
  CHECK(strcmp(psinfo_attr_name(PSINFO_ATTR_NUM_CTX_SWITCHES), "num_ctx_switches") == 0);
  CHECK(psinfo_attr_name(3) == NULL && psinfo_attr_name(1ull << 33) == NULL);
  CHECK(strcmp(psinfo_attr_name(PSINFO_ATTR_CGROUP), "cgroup") == 0);
  CHECK(strcmp(psinfo_attr_name(PSINFO_ATTR_NUM_HANDLES), "num_handles") == 0);
  /* Linux: every attribute but the Windows-only num_handles, which answers ENOTSUP, and
   * psinfo's own cgroup (no key of psutil's as_dict()). */
  CHECK(psinfo_supported_attrs() ==
        (PSINFO_ATTR_ALL & ~(PSINFO_ATTR_NUM_HANDLES | PSINFO_ATTR_CGROUP)));
  {
    int32_t handles = -1;
    CHECK_ERR(psinfo_process_num_handles(&handles, h), PSINFO_ENOTSUP);
    CHECK(handles == -1);
  }
  CHECK(strcmp(psinfo_ioprio_class_name(PSINFO_IOPRIO_CLASS_BE), "IOPRIO_CLASS_BE") == 0);
  CHECK(strcmp(psinfo_ioprio_class_name(4), "?") == 0);
  psinfo_process_close(h);
}

static int listed(const int64_t* v, size_t n, long pid) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (v[mid] == pid) return 1;
    if (v[mid] < pid)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

/* The numeric entries of /proc, sorted. */
static size_t proc_listing(long* out, size_t cap) {
  DIR* d = opendir("/proc");
  size_t n = 0;
  struct dirent* e;
  while (d && (e = readdir(d)) != NULL && n < cap) {
    char* end;
    long v = strtol(e->d_name, &end, 10);
    if (*end == 0 && e->d_name[0] != 0) out[n++] = v;
  }
  if (d) closedir(d);
  return n;
}

static void test_pids_and_snapshot(void) {
  pid_t c = spawn_sleep();
  CHECK(wait_state(c, 'S'));
  static long before[65536], after[65536];
  size_t nb = proc_listing(before, 65536);
  int64_t* pids = NULL;
  size_t np = 0;
  uint64_t attrs = PSINFO_ATTR_PPID | PSINFO_ATTR_NAME | PSINFO_ATTR_USERNAME | PSINFO_ATTR_STATUS |
                   PSINFO_ATTR_CREATE_TIME | PSINFO_ATTR_CPU_TIMES | PSINFO_ATTR_MEMORY_INFO |
                   PSINFO_ATTR_NUM_THREADS | PSINFO_ATTR_CMDLINE | PSINFO_ATTR_NICE |
                   PSINFO_ATTR_CPU_AFFINITY;
  psinfo_process_info_t* v = NULL;
  size_t nv = 0;
  int got_pids = OK(psinfo_pids(&pids, &np));
  int got_snap = OK(psinfo_process_snapshot(&v, &nv, sizeof *v, attrs));
  size_t na = proc_listing(after, 65536);
  for (size_t i = 0; i < nb; ++i) {
    int in_both = 0;
    for (size_t j = 0; j < na; ++j) in_both |= after[j] == before[i];
    if (!in_both) continue;
    if (got_pids)
      CHECKF(listed(pids, np, before[i]), "pid %ld missing from psinfo_pids", before[i]);
    if (got_snap) {
      int found = 0;
      for (size_t k = 0; k < nv && !found; ++k) found = v[k].pid == before[i];
      CHECKF(found, "pid %ld missing from the snapshot", before[i]);
    }
  }
  if (got_pids)
    for (size_t i = 1; i < np; ++i) CHECK(pids[i - 1] < pids[i]);
  psinfo_free_pids(pids, np);
  if (got_snap) {
    const psinfo_process_info_t* e = NULL;
    for (size_t k = 0; k < nv; ++k) {
      CHECK(v[k].struct_size == sizeof *v && (v[k].present & PSINFO_ATTR_PID));
      CHECK(!(v[k].present & (PSINFO_ATTR_CWD | PSINFO_ATTR_IO_COUNTERS))); /* not asked */
      if (k > 0) CHECK(v[k - 1].pid < v[k].pid);
      if (v[k].pid == c) e = &v[k];
    }
    CHECK(e != NULL);
    if (e) {
      uint64_t want = attrs | PSINFO_ATTR_PID;
      CHECKF(e->present == want, "present %#llx, want %#llx", (unsigned long long)e->present,
             (unsigned long long)want);
      CHECK(e->ppid == getpid());
      CHECK(e->name && strcmp(e->name, "sleep") == 0);
      CHECK(e->status && strcmp(e->status, "sleeping") == 0);
      struct passwd* pw = getpwuid(getuid());
      CHECK(e->username && pw && strcmp(e->username, pw->pw_name) == 0);
      CHECK(e->cmdline_count == 2 && strcmp(e->cmdline[0], "/bin/sleep") == 0 &&
            strcmp(e->cmdline[1], "30") == 0);
      double tck = (double)sysconf(_SC_CLK_TCK);
      CHECK_NEAR(e->create_time, boot_time_direct() + (double)stat_field(c, 19) / tck, 1.0);
      CHECK(e->cpu_user == (double)stat_field(c, 11) / tck);
      CHECK(e->num_threads == 1 && e->nice == stat_field(c, 16));
      /* statm (what psutil reads; stat's rss field is the kernel's inexact per-CPU sum) */
      char* statm = proc_file(c, "statm");
      unsigned long long vms = 0, rss = 0;
      CHECK(statm && sscanf(statm, "%llu %llu", &vms, &rss) == 2);
      free(statm);
      CHECKF(e->mem_rss == rss * (uint64_t)sysconf(_SC_PAGESIZE) &&
                 e->mem_vms == vms * (uint64_t)sysconf(_SC_PAGESIZE),
             "rss %llu, statm says %llu pages", (unsigned long long)e->mem_rss, rss);
      CHECK(e->field_present & PSINFO_PROCESS_INFO_HAS_MEM_SHARED);
      cpu_set_t set;
      CHECK(sched_getaffinity(c, sizeof set, &set) == 0 &&
            (int)e->cpu_affinity_count == CPU_COUNT(&set));
    }
  }
  psinfo_free_process_snapshot(v, nv);
  /* The smallest element: pid only; every other attribute absent (its bit clear). */
  if (OK(psinfo_process_snapshot(&v, &nv, PSINFO_PROCESS_INFO_MIN_SIZE, attrs)) && nv > 1) {
    const psinfo_process_info_t* second =
        (const psinfo_process_info_t*)((const char*)v + PSINFO_PROCESS_INFO_MIN_SIZE);
    CHECK(v->present == PSINFO_ATTR_PID && second->present == v->present);
    CHECK(second->struct_size == PSINFO_PROCESS_INFO_MIN_SIZE && second->pid > v->pid);
  }
  psinfo_free_process_snapshot(v, nv);
  /* environ: like psutil, a process whose environ cannot be read (ESRCH for kernel threads)
   * counts as vanished and is skipped; the child is there. */
  if (OK(psinfo_process_snapshot(&v, &nv, sizeof *v, PSINFO_ATTR_ENVIRON))) {
    int found = 0;
    for (size_t k = 0; k < nv; ++k)
      if (v[k].pid == c) {
        found = 1;
        CHECK(v[k].environ_count == 2);
        int mark = 0;
        for (size_t i = 0; i < v[k].environ_count; ++i)
          mark |= strcmp(v[k].environ_vars[i], "PSINFO_TEST_MARK=capi") == 0;
        CHECK(mark);
      }
    CHECK(found);
  }
  psinfo_free_process_snapshot(v, nv);
  /* as_dict of the child */
  psinfo_process_t* h = open_pid(c);
  if (h && OK(psinfo_process_as_dict(&v, &nv, sizeof *v, h, PSINFO_ATTR_NAME | PSINFO_ATTR_PPID))) {
    CHECK(nv == 1 && v[0].pid == c && v[0].ppid == getpid() && strcmp(v[0].name, "sleep") == 0);
    CHECK(v[0].present == (PSINFO_ATTR_PID | PSINFO_ATTR_NAME | PSINFO_ATTR_PPID));
  }
  psinfo_free_process_snapshot(v, nv);
  psinfo_process_close(h);
  reap(c);
}

static int callback_calls;
static void on_end(const psinfo_process_t* p, const psinfo_wait_status_t* st, void* data) {
  (void)p;
  CHECK(data == &callback_calls && st->struct_size == sizeof *st && st->gone == 1 &&
        st->present == PSINFO_WAIT_STATUS_HAS_RETURNCODE && st->returncode == -SIGKILL);
  ++callback_calls;
}

static void test_wait_procs(void) {
  pid_t a = spawn_sleep(), b = spawn_sleep();
  psinfo_process_t* hs[2] = {open_pid(a), open_pid(b)};
  if (hs[0] && hs[1]) {
    kill(a, SIGKILL);
    psinfo_wait_status_t st[2];
    if (OK(psinfo_wait_procs(st, sizeof st[0], hs, 2, 0.3, on_end, &callback_calls))) {
      CHECK(st[0].gone == 1 && (st[0].present & PSINFO_WAIT_STATUS_HAS_RETURNCODE) &&
            st[0].returncode == -SIGKILL);
      CHECK(st[1].gone == 0 && st[1].present == 0);
      CHECK(callback_calls == 1);
      for (int i = 0; i < MAX_CHILDREN; ++i)
        if (children[i] == a) children[i] = 0;
    }
  }
  psinfo_process_close(hs[0]);
  psinfo_process_close(hs[1]);
  reap(a);
  reap(b);
}

int main(void) {
  atexit(reap_all);
  RUN_CASE(test_identity);
  RUN_CASE(test_values);
  RUN_CASE(test_self_files);
  RUN_CASE(test_signals_and_wait);
  RUN_CASE(test_zombie);
  RUN_CASE(test_args);
  RUN_CASE(test_pids_and_snapshot);
  RUN_CASE(test_wait_procs);
  reap_all();
  return finish();
}
