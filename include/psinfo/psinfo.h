/* psinfo — the C API. Plain C99; link the psinfo shared or static library.
 *
 * Conventions (those of libuv and libgit2):
 *
 * - Every function returns int: 0 on success, a negative PSINFO_E... code on failure, and then
 *   psinfo_last_error_message() names the cause. Output parameters come first. A NULL output
 *   pointer is PSINFO_EINVAL. No C++ exception ever crosses this boundary.
 *   (Exceptions to "returns int": psinfo_strerror, psinfo_err_name, psinfo_last_error_message,
 *   psinfo_version, psinfo_version_hex, and the psinfo_free_... / _sampler_free functions.)
 *
 * - Structs: every public struct starts with `uint32_t struct_size`, which the caller sets to
 *   the sizeof of the struct it was compiled with (the PSINFO_..._INIT macros do it), and
 *   `uint32_t present`. Structs only ever grow at the end. The library:
 *     - rejects a struct_size below PSINFO_<STRUCT>_MIN_SIZE (the header and the fields every
 *       platform has) or above PSINFO_STRUCT_SIZE_MAX with PSINFO_ESTRUCTSIZE;
 *     - writes only the fields that lie entirely within struct_size (an older, smaller struct
 *       gets what fits), never a byte past struct_size, and never struct_size itself;
 *     - leaves the bytes of a newer, larger struct that it does not know about untouched.
 *
 * - Optional fields (those a platform may not give) are marked by a bit in `present`
 *   (PSINFO_<STRUCT>_HAS_<FIELD>). A clear bit means absent (psutil's None, or a field that
 *   did not fit in the caller's struct); the field's value is then 0 and means nothing.
 *
 * - Lists come back through an out-pointer and a count, allocated by the library, and are
 *   released with the psinfo_free_... function named after the call (NULL is a no-op). For
 *   lists of structs the caller passes the element size it was compiled with (`sizeof **out`,
 *   the same rules as struct_size, and a multiple of 8): the array is laid out with that
 *   stride, so plain indexing `(*out)[i]` works, and each element's struct_size is set to it.
 *   Strings in a list are UTF-8, NUL-terminated, and owned by the list.
 *
 * - Units are psutil's: bytes, seconds (double), MHz, percent 0-100, seconds since the epoch.
 */
#ifndef PSINFO_PSINFO_H
#define PSINFO_PSINFO_H

#include <psinfo/export.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Errors ------------------------------------------------------------------------------ */

/* XX(name, code, description). One list generates the enum, psinfo_strerror and
 * psinfo_err_name. Codes are stable: new ones are only ever added. */
#define PSINFO_ERRNO_MAP(XX)                        \
  XX(EINVAL, -1, "invalid argument")                \
  XX(ENOSUCHPROCESS, -2, "no such process")         \
  XX(EZOMBIE, -3, "process is a zombie")            \
  XX(EACCES, -4, "access denied")                   \
  XX(ETIMEDOUT, -5, "timeout expired")              \
  XX(ENOTSUP, -6, "not supported on this platform") \
  XX(ENOMEM, -7, "out of memory")                   \
  XX(EIO, -8, "operating system error")             \
  XX(ESTRUCTSIZE, -9, "bad struct size")            \
  XX(ENOVALUE, -10, "value cannot be determined")   \
  XX(ENOBUFS, -11, "buffer too small")              \
  XX(EUNKNOWN, -12, "unknown error")

typedef enum psinfo_errno_e {
  PSINFO_OK = 0,
#define PSINFO_ERRNO_ENUM_(name, code, desc) PSINFO_##name = (code),
  PSINFO_ERRNO_MAP(PSINFO_ERRNO_ENUM_)
#undef PSINFO_ERRNO_ENUM_
} psinfo_errno_t;

/* A description of the code ("invalid argument"); "unknown error code" for an unknown one,
 * "success" for 0. Static strings, never NULL. */
PSINFO_API const char* psinfo_strerror(int code);
/* The code's name without its prefix ("EINVAL"); "UNKNOWN" for an unknown one, "OK" for 0. */
PSINFO_API const char* psinfo_err_name(int code);
/* The message of the last failing call on this thread, naming the cause (the file, the
 * syscall, the argument). Successful calls leave it unchanged; "" before any failure. Owned
 * by the library, valid until the next psinfo call on this thread; never NULL. */
PSINFO_API const char* psinfo_last_error_message(void);

/* ---- Version ----------------------------------------------------------------------------- */

/* The library's version, "MAJOR.MINOR.PATCH". Compare with the PSINFO_VERSION_* macros of
 * the header (export.h) to check that header and library match. */
PSINFO_API const char* psinfo_version(void);
/* The library's PSINFO_VERSION_HEX (major*10000 + minor*100 + patch). */
PSINFO_API uint32_t psinfo_version_hex(void);

/* The largest struct_size (and list element size) the library accepts. */
#define PSINFO_STRUCT_SIZE_MAX 4096u

/* ---- CPU --------------------------------------------------------------------------------- */

/* psutil.cpu_times(): seconds in each mode. Also the result of cpu_times_percent, where every
 * field is a percentage. user/system/idle exist everywhere. On Linux guest and guest_nice are
 * already included in user and nice. */
typedef struct psinfo_cpu_times_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_CPU_TIMES_HAS_* */
  double user;
  double system;
  double idle;
  double nice;
  double iowait;
  double irq;
  double softirq;
  double steal;
  double guest;
  double guest_nice;
  double interrupt; /* Windows */
  double dpc;       /* Windows */
} psinfo_cpu_times_t;

#define PSINFO_CPU_TIMES_HAS_NICE (1u << 0)
#define PSINFO_CPU_TIMES_HAS_IOWAIT (1u << 1)
#define PSINFO_CPU_TIMES_HAS_IRQ (1u << 2)
#define PSINFO_CPU_TIMES_HAS_SOFTIRQ (1u << 3)
#define PSINFO_CPU_TIMES_HAS_STEAL (1u << 4)
#define PSINFO_CPU_TIMES_HAS_GUEST (1u << 5)
#define PSINFO_CPU_TIMES_HAS_GUEST_NICE (1u << 6)
#define PSINFO_CPU_TIMES_HAS_INTERRUPT (1u << 7)
#define PSINFO_CPU_TIMES_HAS_DPC (1u << 8)
#define PSINFO_CPU_TIMES_MIN_SIZE (offsetof(psinfo_cpu_times_t, idle) + sizeof(double))
#define PSINFO_CPU_TIMES_INIT \
  { sizeof(psinfo_cpu_times_t), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

PSINFO_API int psinfo_cpu_times(psinfo_cpu_times_t* out);
/* One element per CPU. elem_size: sizeof(psinfo_cpu_times_t) as the caller knows it. */
PSINFO_API int psinfo_cpu_times_percpu(psinfo_cpu_times_t** out, size_t* count, size_t elem_size);
PSINFO_API void psinfo_free_cpu_times_percpu(psinfo_cpu_times_t* list, size_t count);

/* psutil.cpu_percent(interval). interval > 0 blocks for that many seconds and compares two
 * samples; interval == 0 (psutil's None) compares with this thread's previous call (the
 * first call of a thread compares two back-to-back samples, ~0.0). A negative or NaN
 * interval is PSINFO_EINVAL. Use a psinfo_cpu_sampler_t for state of your own. */
PSINFO_API int psinfo_cpu_percent(double* out, double interval);
PSINFO_API int psinfo_cpu_percent_percpu(double** out, size_t* count, double interval);
PSINFO_API void psinfo_free_cpu_percent_percpu(double* list, size_t count);

/* psutil.cpu_times_percent(interval): per-mode percentages, same sampling as cpu_percent. */
PSINFO_API int psinfo_cpu_times_percent(psinfo_cpu_times_t* out, double interval);
PSINFO_API int psinfo_cpu_times_percent_percpu(psinfo_cpu_times_t** out, size_t* count,
                                               size_t elem_size, double interval);
PSINFO_API void psinfo_free_cpu_times_percent_percpu(psinfo_cpu_times_t* list, size_t count);

/* psutil.cpu_count(logical): logical != 0 counts logical CPUs, 0 physical cores. When the
 * number cannot be determined (psutil's None) it returns PSINFO_ENOVALUE and leaves *out
 * untouched. */
PSINFO_API int psinfo_cpu_count(int32_t* out, int logical);

/* psutil.cpu_stats(): counters since boot. */
typedef struct psinfo_cpu_stats_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_CPU_STATS_HAS_* */
  uint64_t ctx_switches;
  uint64_t interrupts;
  uint64_t soft_interrupts;
  uint64_t syscalls; /* Linux has no such counter: absent */
} psinfo_cpu_stats_t;

#define PSINFO_CPU_STATS_HAS_SOFT_INTERRUPTS (1u << 0)
#define PSINFO_CPU_STATS_HAS_SYSCALLS (1u << 1)
#define PSINFO_CPU_STATS_MIN_SIZE (offsetof(psinfo_cpu_stats_t, interrupts) + sizeof(uint64_t))
#define PSINFO_CPU_STATS_INIT \
  { sizeof(psinfo_cpu_stats_t), 0, 0, 0, 0, 0 }

PSINFO_API int psinfo_cpu_stats(psinfo_cpu_stats_t* out);

/* psutil.cpu_freq(), MHz. min/max are absent where only the current frequency is known. */
typedef struct psinfo_cpu_freq_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_CPU_FREQ_HAS_* */
  double current;
  double min;
  double max;
} psinfo_cpu_freq_t;

#define PSINFO_CPU_FREQ_HAS_MIN (1u << 0)
#define PSINFO_CPU_FREQ_HAS_MAX (1u << 1)
#define PSINFO_CPU_FREQ_MIN_SIZE (offsetof(psinfo_cpu_freq_t, current) + sizeof(double))
#define PSINFO_CPU_FREQ_INIT \
  { sizeof(psinfo_cpu_freq_t), 0, 0, 0, 0 }

/* psutil.cpu_freq(percpu=False). When no frequency is known at all (psutil's None) it returns
 * PSINFO_ENOVALUE and leaves *out untouched. PSINFO_ENOTSUP where the platform's files exist
 * but give no current frequency (psutil's NotImplementedError). */
PSINFO_API int psinfo_cpu_freq(psinfo_cpu_freq_t* out);
/* psutil.cpu_freq(percpu=True): possibly an empty list (*out NULL, *count 0). */
PSINFO_API int psinfo_cpu_freq_percpu(psinfo_cpu_freq_t** out, size_t* count, size_t elem_size);
PSINFO_API void psinfo_free_cpu_freq_percpu(psinfo_cpu_freq_t* list, size_t count);

/* psutil.getloadavg(): the 1, 5 and 15 minute load averages. */
PSINFO_API int psinfo_getloadavg(double out[3]);

/* The state behind cpu_percent(0) and cpu_times_percent(0), owned by the caller: each sampler
 * compares with its own previous call, and each of the four functions keeps its own previous
 * sample. The first call compares two back-to-back samples. Not for use by two threads at once
 * without a lock. */
typedef struct psinfo_cpu_sampler_s psinfo_cpu_sampler_t;

PSINFO_API int psinfo_cpu_sampler_new(psinfo_cpu_sampler_t** out);
PSINFO_API void psinfo_cpu_sampler_free(psinfo_cpu_sampler_t* sampler); /* NULL: no-op */
PSINFO_API int psinfo_cpu_sampler_percent(double* out, psinfo_cpu_sampler_t* sampler);
PSINFO_API int psinfo_cpu_sampler_percent_percpu(double** out, size_t* count,
                                                 psinfo_cpu_sampler_t* sampler);
PSINFO_API int psinfo_cpu_sampler_times_percent(psinfo_cpu_times_t* out,
                                                psinfo_cpu_sampler_t* sampler);
PSINFO_API int psinfo_cpu_sampler_times_percent_percpu(psinfo_cpu_times_t** out, size_t* count,
                                                       size_t elem_size,
                                                       psinfo_cpu_sampler_t* sampler);
/* Release the lists of the two _percpu sampler functions with psinfo_free_cpu_percent_percpu
 * and psinfo_free_cpu_times_percent_percpu. */

/* ---- Memory ------------------------------------------------------------------------------ */

/* psutil.virtual_memory(), bytes. On Linux used = total - available (psutil 8, procps 4). */
typedef struct psinfo_virtual_memory_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_VIRTUAL_MEMORY_HAS_* */
  uint64_t total;
  uint64_t available;
  double percent;
  uint64_t used;
  uint64_t free;
  uint64_t active;
  uint64_t inactive;
  uint64_t buffers;
  uint64_t cached; /* Linux: Cached + SReclaimable */
  uint64_t shared;
  uint64_t slab;
  uint64_t wired; /* BSD, macOS */
} psinfo_virtual_memory_t;

#define PSINFO_VIRTUAL_MEMORY_HAS_ACTIVE (1u << 0)
#define PSINFO_VIRTUAL_MEMORY_HAS_INACTIVE (1u << 1)
#define PSINFO_VIRTUAL_MEMORY_HAS_BUFFERS (1u << 2)
#define PSINFO_VIRTUAL_MEMORY_HAS_CACHED (1u << 3)
#define PSINFO_VIRTUAL_MEMORY_HAS_SHARED (1u << 4)
#define PSINFO_VIRTUAL_MEMORY_HAS_SLAB (1u << 5)
#define PSINFO_VIRTUAL_MEMORY_HAS_WIRED (1u << 6)
#define PSINFO_VIRTUAL_MEMORY_MIN_SIZE (offsetof(psinfo_virtual_memory_t, free) + sizeof(uint64_t))
#define PSINFO_VIRTUAL_MEMORY_INIT \
  { sizeof(psinfo_virtual_memory_t), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

PSINFO_API int psinfo_virtual_memory(psinfo_virtual_memory_t* out);

/* psutil.swap_memory(), bytes. sin/sout: bytes swapped in/out since boot. */
typedef struct psinfo_swap_memory_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_SWAP_MEMORY_HAS_* */
  uint64_t total;
  uint64_t used;
  uint64_t free;
  double percent;
  uint64_t sin;
  uint64_t sout;
} psinfo_swap_memory_t;

#define PSINFO_SWAP_MEMORY_HAS_SIN (1u << 0)
#define PSINFO_SWAP_MEMORY_HAS_SOUT (1u << 1)
#define PSINFO_SWAP_MEMORY_MIN_SIZE (offsetof(psinfo_swap_memory_t, percent) + sizeof(double))
#define PSINFO_SWAP_MEMORY_INIT \
  { sizeof(psinfo_swap_memory_t), 0, 0, 0, 0, 0, 0, 0 }

PSINFO_API int psinfo_swap_memory(psinfo_swap_memory_t* out);

/* ---- Host -------------------------------------------------------------------------------- */

/* psutil.boot_time(): seconds since the epoch. */
PSINFO_API int psinfo_boot_time(double* out);

/* psutil.users(): one element per login session. */
typedef struct psinfo_user_s {
  uint32_t struct_size;
  uint32_t present;     /* PSINFO_USER_HAS_* */
  const char* name;     /* never NULL */
  const char* terminal; /* NULL when absent (no tty) */
  const char* host;     /* never NULL; "localhost" for local and X sessions */
  double started;       /* seconds since the epoch */
  int64_t pid;
} psinfo_user_t;

#define PSINFO_USER_HAS_TERMINAL (1u << 0)
#define PSINFO_USER_HAS_PID (1u << 1)
#define PSINFO_USER_MIN_SIZE (offsetof(psinfo_user_t, started) + sizeof(double))

/* Possibly an empty list (*out NULL, *count 0). */
PSINFO_API int psinfo_users(psinfo_user_t** out, size_t* count, size_t elem_size);
PSINFO_API void psinfo_free_users(psinfo_user_t* list, size_t count);

/* Where the Linux backend reads /proc and /sys (psutil.PROCFS_PATH). Defaults come from the
 * environment (PSINFO_PROCFS_PATH / PSINFO_SYSFS_PATH), else "/proc" and "/sys". "" restores
 * the default; NULL is PSINFO_EINVAL. Other platforms ignore them. */
PSINFO_API int psinfo_set_procfs_path(const char* path);
PSINFO_API int psinfo_set_sysfs_path(const char* path);
/* The current root, NUL-terminated, into buf of *size bytes. On success *size is the string's
 * length (without the NUL); when buf is too small (or NULL with *size 0), PSINFO_ENOBUFS and
 * *size is the size needed, NUL included (libuv's convention). */
PSINFO_API int psinfo_procfs_path(char* buf, size_t* size);
PSINFO_API int psinfo_sysfs_path(char* buf, size_t* size);

#ifdef __cplusplus
}
#endif

#endif /* PSINFO_PSINFO_H */
