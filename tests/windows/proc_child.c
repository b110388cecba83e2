/* windows_proc_child: the process test_process.cpp watches. It reads one command per line on
 * stdin and answers one line on stdout, so the test knows when each step is done and what the
 * child itself measured (GetProcessTimes / GetProcessMemoryInfo / GetProcessIoCounters of its
 * own process):
 *   busy MS      spin on the CPU for MS milliseconds          -> "ok"
 *   alloc MIB    commit and touch MIB MiB                      -> "ok"
 *   write N      write N bytes to child-out.bin in its cwd     -> "ok"
 *   threads N    start N threads that sleep                    -> "ok"
 *   times        its user and kernel time, 100 ns units        -> "<user> <kernel>"
 *   mem          its working set, bytes                        -> "<bytes>"
 *   io           its write operations and bytes                -> "<count> <bytes>"
 *   exit CODE    ends with that exit code
 * Its command line arguments are not used: the test reads them back with psinfo. C99. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* clang-format off */
#include <windows.h>
#include <psapi.h>
/* clang-format on */

static HANDLE in, out;

static void reply(const char* s) {
  DWORD n = 0;
  WriteFile(out, s, (DWORD)strlen(s), &n, NULL);
  WriteFile(out, "\n", 1, &n, NULL);
}

/* One line of stdin, without its newline; 0 at the end of input. */
static int read_line(char* buf, size_t cap) {
  size_t used = 0;
  for (;;) {
    char c;
    DWORD n = 0;
    if (!ReadFile(in, &c, 1, &n, NULL) || n == 0) return used > 0;
    if (c == '\n') break;
    if (c != '\r' && used + 1 < cap) buf[used++] = c;
  }
  buf[used] = '\0';
  return 1;
}

static DWORD WINAPI sleeper(LPVOID arg) {
  (void)arg;
  Sleep(INFINITE);
  return 0;
}

static unsigned long long u64(FILETIME ft) {
  return ((unsigned long long)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

int main(void) {
  char line[256], text[128];
  in = GetStdHandle(STD_INPUT_HANDLE);
  out = GetStdHandle(STD_OUTPUT_HANDLE);
  while (read_line(line, sizeof line)) {
    char cmd[32] = "";
    unsigned long long arg = 0;
    sscanf(line, "%31s %llu", cmd, &arg);
    if (strcmp(cmd, "busy") == 0) {
      ULONGLONG end = GetTickCount64() + arg;
      volatile unsigned long long x = 0;
      while (GetTickCount64() < end)
        for (int i = 0; i < 100000; ++i) x += (unsigned long long)i * i;
      reply("ok");
    } else if (strcmp(cmd, "alloc") == 0) {
      SIZE_T size = (SIZE_T)arg << 20;
      char* p = (char*)VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
      if (p)
        for (SIZE_T i = 0; i < size; i += 4096) p[i] = 1;
      reply(p ? "ok" : "failed");
    } else if (strcmp(cmd, "write") == 0) {
      HANDLE f = CreateFileW(L"child-out.bin", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                             FILE_ATTRIBUTE_NORMAL, NULL);
      static char block[65536];
      unsigned long long left = arg;
      int ok = f != INVALID_HANDLE_VALUE;
      while (ok && left > 0) {
        DWORD chunk = left < sizeof block ? (DWORD)left : (DWORD)sizeof block, n = 0;
        ok = WriteFile(f, block, chunk, &n, NULL) && n == chunk;
        left -= chunk;
      }
      if (f != INVALID_HANDLE_VALUE) CloseHandle(f);
      reply(ok ? "ok" : "failed");
    } else if (strcmp(cmd, "threads") == 0) {
      int ok = 1;
      for (unsigned long long i = 0; i < arg; ++i) {
        HANDLE t = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
        if (t)
          CloseHandle(t);
        else
          ok = 0;
      }
      reply(ok ? "ok" : "failed");
    } else if (strcmp(cmd, "times") == 0) {
      FILETIME c, e, k, u;
      GetProcessTimes(GetCurrentProcess(), &c, &e, &k, &u);
      snprintf(text, sizeof text, "%llu %llu", u64(u), u64(k));
      reply(text);
    } else if (strcmp(cmd, "mem") == 0) {
      PROCESS_MEMORY_COUNTERS pmc;
      memset(&pmc, 0, sizeof pmc);
      pmc.cb = sizeof pmc;
      GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof pmc);
      snprintf(text, sizeof text, "%llu", (unsigned long long)pmc.WorkingSetSize);
      reply(text);
    } else if (strcmp(cmd, "io") == 0) {
      IO_COUNTERS io;
      memset(&io, 0, sizeof io);
      GetProcessIoCounters(GetCurrentProcess(), &io);
      snprintf(text, sizeof text, "%llu %llu", io.WriteOperationCount, io.WriteTransferCount);
      reply(text);
    } else if (strcmp(cmd, "exit") == 0) {
      ExitProcess((UINT)arg);
    } else {
      reply("unknown");
    }
  }
  return 0;
}
