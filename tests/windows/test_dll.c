/* windows_dll_test: the C API through psinfo.dll (dllimport side of PSINFO_API), under
 * Wine compared with the host's /proc/meminfo and /proc/stat read through Z:. C99. */
#include <psinfo/psinfo.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <psapi.h>

static int passed, failed;

static void check(int ok, const char* what) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    printf("FAILED: %s\n", what);
  }
}

static int under_wine(void) {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll && GetProcAddress(ntdll, "wine_get_version") != NULL;
}

/* Processes through the DLL: our own name, memory (against GetProcessMemoryInfo) and our
 * element of a snapshot. */
static void check_processes(void) {
  psinfo_process_t* self = NULL;
  char* name = NULL;
  char path[MAX_PATH + 1];
  const char* base;
  DWORD n = GetModuleFileNameA(NULL, path, MAX_PATH);
  path[n] = '\0';
  base = strrchr(path, '\\') ? strrchr(path, '\\') + 1 : path;
  check(psinfo_process_self(&self) == 0 && self != NULL, "psinfo_process_self");
  if (!self) return;
  check(psinfo_process_name(&name, self) == 0 && name && strcmp(name, base) == 0,
        "psinfo_process_name == our module's file name");
  psinfo_free_string(name);
  {
    psinfo_memory_info_t mi = PSINFO_MEMORY_INFO_INIT;
    PROCESS_MEMORY_COUNTERS pmc;
    double ours, theirs;
    memset(&pmc, 0, sizeof pmc);
    pmc.cb = sizeof pmc;
    check(psinfo_process_memory_info(&mi, self) == 0, "psinfo_process_memory_info");
    check(GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof pmc) != 0, "GetProcessMemoryInfo");
    ours = (double)mi.rss;
    theirs = (double)pmc.WorkingSetSize;
    check(ours > theirs - 8388608.0 && ours < theirs + 8388608.0, "rss == WorkingSetSize (8 MiB)");
    check((mi.present & PSINFO_MEMORY_INFO_HAS_WSET) && mi.wset == mi.rss, "wset present, == rss");
    check(!(mi.present & PSINFO_MEMORY_INFO_HAS_SHARED), "no Linux field");
  }
  {
    psinfo_process_info_t* list = NULL;
    size_t count = 0, i, mine = 0;
    int rc = psinfo_process_snapshot(&list, &count, sizeof *list,
                                     PSINFO_ATTR_NAME | PSINFO_ATTR_PPID | PSINFO_ATTR_MEMORY_INFO);
    check(rc == 0 && count > 0, "psinfo_process_snapshot");
    for (i = 0; i < count; ++i) {
      if (list[i].pid != (int64_t)GetCurrentProcessId()) continue;
      ++mine;
      check(list[i].name && strcmp(list[i].name, base) == 0, "snapshot: our name");
      check((list[i].present & PSINFO_ATTR_MEMORY_INFO) && list[i].mem_rss > 0, "snapshot: rss");
      check((list[i].present & PSINFO_ATTR_PPID) != 0, "snapshot: ppid");
    }
    check(mine == 1, "snapshot: our process once");
    psinfo_free_process_snapshot(list, count);
  }
  psinfo_process_close(self);
}

/* Windows services through the DLL: the list has names only; psinfo_win_service_get gives one
 * element with every string, the same name and display name; a missing name is
 * PSINFO_ENOSUCHPROCESS with an errno. (Their values: test_winservice.cpp.) */
static void check_services(void) {
  psinfo_win_service_t* list = NULL;
  psinfo_win_service_t* one = (psinfo_win_service_t*)1;
  size_t n = 0, m = 7;
  int rc = psinfo_win_service_iter(&list, &n, sizeof *list);
  check(rc == 0 && n > 0, "psinfo_win_service_iter lists services");
  if (rc == 0 && n > 0) {
    check(list[0].name != NULL && list[0].display_name != NULL && list[0].binpath == NULL &&
              list[0].status == NULL && !(list[0].present & PSINFO_WIN_SERVICE_HAS_PID),
          "the list has names only");
    rc = psinfo_win_service_get(&one, &m, sizeof *one, list[0].name);
    check(rc == 0 && m == 1, "psinfo_win_service_get gives one element");
    if (rc == 0 && m == 1) {
      check(strcmp(one->name, list[0].name) == 0 &&
                strcmp(one->display_name, list[0].display_name) == 0,
            "the same name and display name");
      check(one->binpath && one->username && one->start_type && one->status && one->description,
            "every string of psinfo_win_service_get is there");
      if (strcmp(one->status, "running") == 0)
        check(one->present & PSINFO_WIN_SERVICE_HAS_PID, "a running service has a pid");
      if (strcmp(one->status, "stopped") == 0)
        check(!(one->present & PSINFO_WIN_SERVICE_HAS_PID), "a stopped one has none");
    }
    psinfo_free_win_service_get(one, m);
  }
  psinfo_free_win_service_iter(list, n);
  one = (psinfo_win_service_t*)1;
  rc = psinfo_win_service_get(&one, &m, sizeof *one, "psinfo-no-such-service");
  check(rc == PSINFO_ENOSUCHPROCESS && one == NULL && m == 0,
        "a missing service: PSINFO_ENOSUCHPROCESS, outputs reset");
  check(strstr(psinfo_last_error_message(), "does not exist") != NULL && psinfo_last_errno() != 0,
        "its message and errno");
}

int main(void) {
  psinfo_virtual_memory_t vm = PSINFO_VIRTUAL_MEMORY_INIT;
  int32_t logical = 0;
  check(psinfo_virtual_memory(&vm) == 0, "psinfo_virtual_memory returns 0");
  check(vm.total > 0 && vm.available <= vm.total, "total > 0, available <= total");
  check(vm.present == 0, "no Linux-only memory field is present");
  check(psinfo_cpu_count(&logical, 1) == 0 && logical > 0, "psinfo_cpu_count(logical)");
  if (under_wine()) {
    char line[512];
    unsigned long long mem_total_kb = 0;
    int cpus = 0;
    FILE* f = fopen("Z:/proc/meminfo", "r");
    check(f != NULL, "host /proc/meminfo readable");
    while (f && fgets(line, sizeof line, f))
      if (sscanf(line, "MemTotal: %llu kB", &mem_total_kb) == 1) break;
    if (f) fclose(f);
    {
      double host = (double)mem_total_kb * 1024.0, ours = (double)vm.total;
      check(ours > host - 1048576.0 && ours < host + 1048576.0, "total == host MemTotal (1 MiB)");
    }
    f = fopen("Z:/proc/stat", "r");
    check(f != NULL, "host /proc/stat readable");
    while (f && fgets(line, sizeof line, f))
      if (strncmp(line, "cpu", 3) == 0 && line[3] >= '0' && line[3] <= '9') ++cpus;
    if (f) fclose(f);
    check(logical == cpus, "logical CPUs == host's cpuN lines");
  }
  check_processes();
  check_services();
  printf("windows_dll_test: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
