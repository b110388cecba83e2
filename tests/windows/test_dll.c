/* windows_dll_test: the C API through libpsinfo.dll (dllimport side of PSINFO_API), under
 * Wine compared with the host's /proc/meminfo and /proc/stat read through Z:. C99. */
#include <psinfo/psinfo.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

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
  printf("windows_dll_test: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
