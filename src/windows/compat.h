/* Forced into every translation unit of the Windows build (cmake/sources.cmake) until the
 * shared code builds with the Windows CRT as it is; see the notes in issue 5.
 * - The CRT's <stdlib.h> defines `environ` as a macro, which rewrites the public
 *   psinfo::process::environ() and psinfo::attr::environ: include it first, then drop the
 *   macro (the variable stays reachable as _environ).
 * - src/process.cpp defines suspend/resume/terminate/kill with SIGSTOP, SIGCONT and SIGKILL,
 *   which the Windows CRT's <signal.h> lacks: give them their POSIX numbers so it compiles
 *   (send_signal throws not_supported on Windows for now).
 * - The CLI (examples/psinfo/text.cpp) calls localtime_r, which mingw's <time.h> declares only
 *   with _POSIX_THREAD_SAFE_FUNCTIONS. */
#ifndef PSINFO_WINDOWS_COMPAT_H
#define PSINFO_WINDOWS_COMPAT_H
#ifndef _POSIX_THREAD_SAFE_FUNCTIONS
#define _POSIX_THREAD_SAFE_FUNCTIONS 200112L
#endif
#include <stdlib.h>
#ifdef environ
#undef environ
#endif
#include <signal.h>
#ifndef SIGKILL
#define SIGKILL 9
#endif
#ifndef SIGCONT
#define SIGCONT 18
#endif
#ifndef SIGSTOP
#define SIGSTOP 19
#endif
#endif
