/* psinfo — the C API. Plain C99; link the psinfo shared or static library.
 *
 * Conventions (those of libuv and libgit2):
 *
 * - Every function returns int: 0 on success, a negative PSINFO_E... code on failure, and then
 *   psinfo_last_error_message() names the cause. Output parameters come first. A NULL output
 *   pointer is PSINFO_EINVAL. No C++ exception ever crosses this boundary.
 *   (Exceptions to "returns int": psinfo_strerror, psinfo_err_name, psinfo_last_error_message,
 *   psinfo_last_errno,
 *   psinfo_version, psinfo_version_hex, the ..._name functions of the constants, and the
 *   psinfo_free_... / _sampler_free functions.)
 *
 * - Structs: every public struct starts with `uint32_t struct_size`, which the caller sets to
 *   the sizeof of the struct it was compiled with (the PSINFO_..._INIT macros do it), and its
 *   `present` bits (`uint32_t present`; the process snapshot's psinfo_process_info_t has
 *   `uint32_t field_present` then `uint64_t present`). Structs only ever grow at the end. The
 *   library:
 *     - rejects a struct_size below PSINFO_<STRUCT>_MIN_SIZE (the header and the fields every
 *       platform has) or above PSINFO_STRUCT_SIZE_MAX with PSINFO_ESTRUCTSIZE;
 *     - writes only the fields that lie entirely within struct_size (an older, smaller struct
 *       gets what fits), never a byte past struct_size, and never struct_size itself;
 *     - leaves the bytes of a newer, larger struct that it does not know about untouched.
 *
 * - Absence (psutil's None: what a platform cannot give), one rule per kind of value:
 *     - a number in a struct: its bit in `present` (PSINFO_<STRUCT>_HAS_<FIELD>). A clear bit
 *       means absent (or that the field did not fit in the caller's struct); the field is then
 *       0 and means nothing. Numbers every platform has have no bit.
 *     - a string in a struct (`const char*`): NULL. Strings have no present bit; a string that
 *       is never absent says "never NULL".
 *     - the process snapshot (psinfo_process_info_t): an attribute has its PSINFO_ATTR_* bit in
 *       `present`; a number that may be absent inside a present attribute has its
 *       PSINFO_PROCESS_INFO_HAS_* bit in `field_present`; strings are NULL.
 *     - a whole result (cpu_count, cpu_freq, disk_io_counters, net_io_counters,
 *       sensors_battery, Process.terminal / cpu_num / parent / wait's exit code): the function
 *       returns PSINFO_ENOVALUE, which is no failure but "the value is None". The outputs are
 *       left as after a failure (untouched; an allocated out-pointer NULL), and
 *       psinfo_last_error_message() says what is absent.
 *   Values psutil itself gives as numbers keep psutil's numbers (connection fd -1, battery
 *   secsleft PSINFO_POWER_TIME_*, NIC speed 0); an empty list is a list (*out NULL, *count 0).
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
/* The operating system's errno behind the last failing call on this thread (ENOENT for
 * psinfo_disk_usage on a missing path, EACCES, ...), 0 when that failure did not come from a
 * failed system call (a bad argument, a malformed file, an absent value). On Windows it is the
 * errno the Win32 error stands for (CPython's winerror->errno map: ERROR_PATH_NOT_FOUND is
 * ENOENT, ERROR_ACCESS_DENIED EACCES ..., EINVAL for a code it lacks, as Python). Successful calls
 * leave it unchanged; 0 before any failure. */
PSINFO_API int psinfo_last_errno(void);

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
 * interval is PSINFO_EINVAL. Use a psinfo_sampler_t for state of your own. */
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

/* psutil.heap_info() (added in 0.2): the calling process's C allocator, bytes. heap_used: in use
 * from small malloc()s (glibc's mallinfo2 uordblks); mmap_used: in mmap()ed / VirtualAlloc()ed
 * regions; heap_count: Windows only, the process's heaps. PSINFO_ENOTSUP where the C library
 * has no such statistics. */
typedef struct psinfo_heap_info_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_HEAP_INFO_HAS_* */
  uint64_t heap_used;
  uint64_t mmap_used;
  uint64_t heap_count;
} psinfo_heap_info_t;

#define PSINFO_HEAP_INFO_HAS_HEAP_COUNT (1u << 0)
#define PSINFO_HEAP_INFO_MIN_SIZE (offsetof(psinfo_heap_info_t, mmap_used) + sizeof(uint64_t))
#define PSINFO_HEAP_INFO_INIT \
  { sizeof(psinfo_heap_info_t), 0, 0, 0, 0 }

PSINFO_API int psinfo_heap_info(psinfo_heap_info_t* out);
/* psutil.heap_trim() (added in 0.2): asks the allocator to give unused heap memory back. */
PSINFO_API int psinfo_heap_trim(void);

/* ---- Disks ------------------------------------------------------------------------------- */

/* psutil.disk_partitions(): one mounted filesystem (psutil 8's four fields). */
typedef struct psinfo_partition_s {
  uint32_t struct_size;
  uint32_t present;       /* no optional fields yet */
  const char* device;     /* never NULL; "" for pseudo filesystems */
  const char* mountpoint; /* never NULL */
  const char* fstype;     /* never NULL */
  const char* opts;       /* never NULL; the mount options as the mount table has them */
} psinfo_partition_t;

#define PSINFO_PARTITION_MIN_SIZE (offsetof(psinfo_partition_t, opts) + sizeof(const char*))

/* all == 0: physical devices only (psutil's rule); all != 0: every mount. Possibly an empty
 * list (*out NULL, *count 0). */
PSINFO_API int psinfo_disk_partitions(psinfo_partition_t** out, size_t* count, size_t elem_size,
                                      int all);
PSINFO_API void psinfo_free_disk_partitions(psinfo_partition_t* list, size_t count);

/* psutil.disk_usage(path), bytes. free is what an unprivileged user may still use;
 * percent = used / (used + free) * 100, rounded to 0.1. */
typedef struct psinfo_disk_usage_s {
  uint32_t struct_size;
  uint32_t present; /* no optional fields yet */
  uint64_t total;
  uint64_t used;
  uint64_t free;
  double percent;
} psinfo_disk_usage_t;

#define PSINFO_DISK_USAGE_MIN_SIZE (offsetof(psinfo_disk_usage_t, percent) + sizeof(double))
#define PSINFO_DISK_USAGE_INIT \
  { sizeof(psinfo_disk_usage_t), 0, 0, 0, 0, 0 }

/* A NULL path is PSINFO_EINVAL; a path that does not exist PSINFO_EIO, PSINFO_EACCES when it
 * cannot be reached; the message names the path. */
PSINFO_API int psinfo_disk_usage(psinfo_disk_usage_t* out, const char* path);

/* psutil.disk_io_counters(): counters since boot; times in milliseconds. */
typedef struct psinfo_disk_io_counters_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_DISK_IO_COUNTERS_HAS_* */
  const char* name; /* the device in psinfo_disk_io_counters_perdisk; NULL in the total */
  uint64_t read_count;
  uint64_t write_count;
  uint64_t read_bytes;
  uint64_t write_bytes;
  uint64_t read_time;
  uint64_t write_time;
  uint64_t read_merged_count;  /* Linux */
  uint64_t write_merged_count; /* Linux */
  uint64_t busy_time;          /* Linux, BSD */
} psinfo_disk_io_counters_t;

#define PSINFO_DISK_IO_COUNTERS_HAS_READ_TIME (1u << 0)
#define PSINFO_DISK_IO_COUNTERS_HAS_WRITE_TIME (1u << 1)
#define PSINFO_DISK_IO_COUNTERS_HAS_READ_MERGED_COUNT (1u << 2)
#define PSINFO_DISK_IO_COUNTERS_HAS_WRITE_MERGED_COUNT (1u << 3)
#define PSINFO_DISK_IO_COUNTERS_HAS_BUSY_TIME (1u << 4)
#define PSINFO_DISK_IO_COUNTERS_MIN_SIZE \
  (offsetof(psinfo_disk_io_counters_t, write_bytes) + sizeof(uint64_t))
#define PSINFO_DISK_IO_COUNTERS_INIT \
  { sizeof(psinfo_disk_io_counters_t), 0, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/* psutil.disk_io_counters(perdisk=False, nowrap): whole disks summed (partitions excluded).
 * nowrap != 0: counters that wrap or reset keep growing (psutil's nowrap). No disk at all
 * (psutil's None): PSINFO_ENOVALUE, *out untouched. */
PSINFO_API int psinfo_disk_io_counters(psinfo_disk_io_counters_t* out, int nowrap);
/* psutil.disk_io_counters(perdisk=True, nowrap): every device, partitions included, in name
 * order, each with its name (owned by the list). Possibly an empty list. */
PSINFO_API int psinfo_disk_io_counters_perdisk(psinfo_disk_io_counters_t** out, size_t* count,
                                               size_t elem_size, int nowrap);
PSINFO_API void psinfo_free_disk_io_counters_perdisk(psinfo_disk_io_counters_t* list, size_t count);

/* ---- Network ----------------------------------------------------------------------------- */

/* Address families, psutil's values on Linux (psutil.AF_LINK is AF_PACKET, 17). psinfo uses
 * these numbers on every platform: compare with them, not with the OS's AF_ constants. */
#define PSINFO_AF_UNSPEC 0
#define PSINFO_AF_UNIX 1
#define PSINFO_AF_INET 2
#define PSINFO_AF_INET6 10
#define PSINFO_AF_LINK 17
/* "AF_INET", "AF_INET6", "AF_LINK", "AF_UNIX", "AF_UNSPEC"; "?" for an unknown value. */
PSINFO_API const char* psinfo_address_family_name(int family);

/* Socket types (psutil.SOCK_*, Linux values). */
#define PSINFO_SOCK_STREAM 1
#define PSINFO_SOCK_DGRAM 2
#define PSINFO_SOCK_RAW 3
#define PSINFO_SOCK_SEQPACKET 5
/* "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_SEQPACKET"; "?" for an unknown value. */
PSINFO_API const char* psinfo_socket_type_name(int type);

/* psutil.NicDuplex. */
#define PSINFO_NIC_DUPLEX_UNKNOWN 0
#define PSINFO_NIC_DUPLEX_HALF 1
#define PSINFO_NIC_DUPLEX_FULL 2
/* "NIC_DUPLEX_UNKNOWN", "NIC_DUPLEX_HALF", "NIC_DUPLEX_FULL"; "?" for an unknown value. */
PSINFO_API const char* psinfo_nic_duplex_name(int duplex);

/* psutil.net_io_counters(): counters since the interface appeared. */
typedef struct psinfo_net_io_counters_s {
  uint32_t struct_size;
  uint32_t present; /* no optional fields yet */
  const char* name; /* the NIC in psinfo_net_io_counters_pernic; NULL in the total */
  uint64_t bytes_sent;
  uint64_t bytes_recv;
  uint64_t packets_sent;
  uint64_t packets_recv;
  uint64_t errin;
  uint64_t errout;
  uint64_t dropin;
  uint64_t dropout;
} psinfo_net_io_counters_t;

#define PSINFO_NET_IO_COUNTERS_MIN_SIZE \
  (offsetof(psinfo_net_io_counters_t, dropout) + sizeof(uint64_t))
#define PSINFO_NET_IO_COUNTERS_INIT \
  { sizeof(psinfo_net_io_counters_t), 0, NULL, 0, 0, 0, 0, 0, 0, 0, 0 }

/* psutil.net_io_counters(pernic=False, nowrap): every NIC summed (lo included). No NIC
 * (psutil's None): PSINFO_ENOVALUE, *out untouched. */
PSINFO_API int psinfo_net_io_counters(psinfo_net_io_counters_t* out, int nowrap);
/* psutil.net_io_counters(pernic=True, nowrap): in name order, each with its name. */
PSINFO_API int psinfo_net_io_counters_pernic(psinfo_net_io_counters_t** out, size_t* count,
                                             size_t elem_size, int nowrap);
PSINFO_API void psinfo_free_net_io_counters_pernic(psinfo_net_io_counters_t* list, size_t count);

/* psutil.net_if_addrs(), flattened: one element per (interface, address), interfaces in name
 * order, each interface's addresses in psutil's order (by family). */
typedef struct psinfo_net_if_addr_s {
  uint32_t struct_size;
  uint32_t present;      /* no optional numbers */
  const char* name;      /* the interface; never NULL */
  int32_t family;        /* PSINFO_AF_* */
  const char* address;   /* IPv4/IPv6 text (link-local keeps "%ifname"), or the MAC; or NULL */
  const char* netmask;   /* NULL when absent */
  const char* broadcast; /* NULL when absent */
  const char* ptp;       /* the peer of a point-to-point link; NULL when absent */
} psinfo_net_if_addr_t;

#define PSINFO_NET_IF_ADDR_MIN_SIZE (offsetof(psinfo_net_if_addr_t, family) + sizeof(int32_t))

PSINFO_API int psinfo_net_if_addrs(psinfo_net_if_addr_t** out, size_t* count, size_t elem_size);
PSINFO_API void psinfo_free_net_if_addrs(psinfo_net_if_addr_t* list, size_t count);

/* psutil.net_if_stats(): one element per interface, in name order. */
typedef struct psinfo_net_if_stats_s {
  uint32_t struct_size;
  uint32_t present;  /* no optional fields yet */
  const char* name;  /* never NULL */
  int32_t isup;      /* 1 or 0; psutil: IFF_RUNNING */
  int32_t duplex;    /* PSINFO_NIC_DUPLEX_* */
  int32_t speed;     /* Mbit/s, 0 when unknown */
  int32_t mtu;       /* bytes */
  const char* flags; /* never NULL; comma-separated, psutil's order ("up,broadcast,running") */
} psinfo_net_if_stats_t;

#define PSINFO_NET_IF_STATS_MIN_SIZE (offsetof(psinfo_net_if_stats_t, flags) + sizeof(const char*))

PSINFO_API int psinfo_net_if_stats(psinfo_net_if_stats_t** out, size_t* count, size_t elem_size);
PSINFO_API void psinfo_free_net_if_stats(psinfo_net_if_stats_t* list, size_t count);

/* Connection states (psutil.CONN_*): the Linux TCP state numbers; NONE for UDP and UNIX
 * sockets; the last three exist on other platforms only. */
#define PSINFO_CONN_NONE 0
#define PSINFO_CONN_ESTABLISHED 1
#define PSINFO_CONN_SYN_SENT 2
#define PSINFO_CONN_SYN_RECV 3
#define PSINFO_CONN_FIN_WAIT1 4
#define PSINFO_CONN_FIN_WAIT2 5
#define PSINFO_CONN_TIME_WAIT 6
#define PSINFO_CONN_CLOSE 7
#define PSINFO_CONN_CLOSE_WAIT 8
#define PSINFO_CONN_LAST_ACK 9
#define PSINFO_CONN_LISTEN 10
#define PSINFO_CONN_CLOSING 11
#define PSINFO_CONN_DELETE_TCB 12 /* Windows */
#define PSINFO_CONN_IDLE 13       /* Solaris */
#define PSINFO_CONN_BOUND 14      /* Solaris */
/* psutil's string for a state: "ESTABLISHED", "LISTEN", ..., "NONE"; "?" for an unknown value. */
PSINFO_API const char* psinfo_conn_status_name(int status);

/* psutil.net_connections(): one socket. */
typedef struct psinfo_connection_s {
  uint32_t struct_size;
  uint32_t present;     /* PSINFO_CONNECTION_HAS_* */
  int32_t fd;           /* -1 when the owning process is not known (psutil's -1) */
  int32_t family;       /* PSINFO_AF_INET, PSINFO_AF_INET6 or PSINFO_AF_UNIX */
  int32_t type;         /* PSINFO_SOCK_* */
  int32_t status;       /* PSINFO_CONN_* */
  const char* laddr_ip; /* the local end, NULL when absent (unbound; AF_UNIX) */
  const char* raddr_ip; /* the remote end, NULL when absent (not connected; AF_UNIX) */
  int32_t laddr_port;   /* present with laddr_ip */
  int32_t raddr_port;   /* present with raddr_ip */
  const char* path;     /* AF_UNIX: the bound path, "" if none, abstract ones start with '@';
                           NULL for inet sockets */
  int64_t pid;          /* the owning process (absent when not known) */
} psinfo_connection_t;

#define PSINFO_CONNECTION_HAS_LADDR_PORT (1u << 0)
#define PSINFO_CONNECTION_HAS_RADDR_PORT (1u << 1)
#define PSINFO_CONNECTION_HAS_PID (1u << 2)
#define PSINFO_CONNECTION_MIN_SIZE (offsetof(psinfo_connection_t, pid) + sizeof(int64_t))

/* kind: "inet" (psutil's default), "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp", "udp4",
 * "udp6", "unix", "all". NULL or anything else is PSINFO_EINVAL, the message naming the kind.
 * Without privilege, the sockets of other users' processes have no fd and no pid. Possibly an
 * empty list. */
PSINFO_API int psinfo_net_connections(psinfo_connection_t** out, size_t* count, size_t elem_size,
                                      const char* kind);
PSINFO_API void psinfo_free_net_connections(psinfo_connection_t* list, size_t count);

/* ---- Sensors ----------------------------------------------------------------------------- */

/* psutil.sensors_temperatures(fahrenheit), flattened: one element per sensor, chips in name
 * order, each chip's sensors in the OS's order. Celsius, or Fahrenheit when fahrenheit != 0. */
typedef struct psinfo_sensors_temperature_s {
  uint32_t struct_size;
  uint32_t present;  /* PSINFO_SENSORS_TEMPERATURE_HAS_* */
  const char* name;  /* the chip (hwmon `name`, or thermal zone `type`); never NULL */
  const char* label; /* never NULL; "" when the chip gives none */
  double current;
  double high;
  double critical;
} psinfo_sensors_temperature_t;

#define PSINFO_SENSORS_TEMPERATURE_HAS_HIGH (1u << 0)
#define PSINFO_SENSORS_TEMPERATURE_HAS_CRITICAL (1u << 1)
#define PSINFO_SENSORS_TEMPERATURE_MIN_SIZE \
  (offsetof(psinfo_sensors_temperature_t, current) + sizeof(double))

PSINFO_API int psinfo_sensors_temperatures(psinfo_sensors_temperature_t** out, size_t* count,
                                           size_t elem_size, int fahrenheit);
PSINFO_API void psinfo_free_sensors_temperatures(psinfo_sensors_temperature_t* list, size_t count);

/* psutil.sensors_fans(), flattened like the temperatures; RPM. */
typedef struct psinfo_sensors_fan_s {
  uint32_t struct_size;
  uint32_t present;  /* no optional fields yet */
  const char* name;  /* the chip; never NULL */
  const char* label; /* never NULL; "" when none */
  int64_t current;
} psinfo_sensors_fan_t;

#define PSINFO_SENSORS_FAN_MIN_SIZE (offsetof(psinfo_sensors_fan_t, current) + sizeof(int64_t))

PSINFO_API int psinfo_sensors_fans(psinfo_sensors_fan_t** out, size_t* count, size_t elem_size);
PSINFO_API void psinfo_free_sensors_fans(psinfo_sensors_fan_t* list, size_t count);

/* psutil.POWER_TIME_UNKNOWN / POWER_TIME_UNLIMITED: the values of secsleft. */
#define PSINFO_POWER_TIME_UNKNOWN (-1)
#define PSINFO_POWER_TIME_UNLIMITED (-2)

/* psutil.sensors_battery(). */
typedef struct psinfo_sensors_battery_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_SENSORS_BATTERY_HAS_* */
  double percent;
  int64_t secsleft;      /* seconds, or PSINFO_POWER_TIME_UNKNOWN / _UNLIMITED */
  int32_t power_plugged; /* 1 or 0; absent when it cannot be determined */
} psinfo_sensors_battery_t;

#define PSINFO_SENSORS_BATTERY_HAS_POWER_PLUGGED (1u << 0)
#define PSINFO_SENSORS_BATTERY_MIN_SIZE \
  (offsetof(psinfo_sensors_battery_t, secsleft) + sizeof(int64_t))
#define PSINFO_SENSORS_BATTERY_INIT \
  { sizeof(psinfo_sensors_battery_t), 0, 0, 0, 0 }

/* No battery (psutil's None): PSINFO_ENOVALUE, *out untouched. */
PSINFO_API int psinfo_sensors_battery(psinfo_sensors_battery_t* out);

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

#define PSINFO_USER_HAS_PID (1u << 0)
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

/* psutil's disk_io_counters.cache_clear() / net_io_counters.cache_clear(): forgets the nowrap
 * state of "disk_io_counters" or "net_io_counters"; "" forgets both. NULL or another name is
 * PSINFO_EINVAL. */
PSINFO_API int psinfo_cache_clear(const char* name);

/* ---- Processes --------------------------------------------------------------------------- */

/* A process, identified like psutil's Process by its PID and its start time, so that a PID
 * reused by another process is detected: the methods of a handle whose process has ended
 * fail with PSINFO_ENOSUCHPROCESS (setters and signals check before acting), never act on the
 * newcomer. Opaque; made by psinfo_process_open / _self / _dup / _parent / the _children and
 * _parents lists, released by psinfo_process_close. A handle keeps the state of
 * psinfo_process_cpu_percent(interval 0) and the oneshot cache; use one handle from one
 * thread at a time (like psutil's Process).
 *
 * Errors of every psinfo_process_... call: PSINFO_ENOSUCHPROCESS (gone, or the PID was
 * reused), PSINFO_EZOMBIE (a zombie that no longer has this attribute: psutil's
 * ZombieProcess), PSINFO_EACCES (psutil's AccessDenied), PSINFO_EINVAL (NULL handle or
 * output, bad argument), PSINFO_ENOTSUP (not on this platform). A NULL handle is EINVAL. */
typedef struct psinfo_process_s psinfo_process_t;

/* psutil.Process(pid). pid < 0: PSINFO_EINVAL; no such process: PSINFO_ENOSUCHPROCESS. A
 * zombie can be opened. *out is NULL after a failure. */
PSINFO_API int psinfo_process_open(psinfo_process_t** out, int64_t pid);
/* The calling process. */
PSINFO_API int psinfo_process_self(psinfo_process_t** out);
/* Another handle to the same process (same identity; no shared cpu_percent state). */
PSINFO_API int psinfo_process_dup(psinfo_process_t** out, const psinfo_process_t* h);
/* NULL is a no-op. */
PSINFO_API void psinfo_process_close(psinfo_process_t* h);

PSINFO_API int psinfo_process_pid(int64_t* out, const psinfo_process_t* h);
/* *out = 1 when both handles name the same process (same PID and start time), else 0. */
PSINFO_API int psinfo_process_equal(int32_t* out, const psinfo_process_t* a,
                                    const psinfo_process_t* b);
/* *out = 1 while the PID exists and still is this process (not reused), else 0. */
PSINFO_API int psinfo_process_is_running(int32_t* out, const psinfo_process_t* h);

/* psutil's oneshot(): between _begin and _end, the files behind many methods are read once.
 * Calls nest (only the outermost _end drops the cache). _end without _begin: PSINFO_EINVAL. */
PSINFO_API int psinfo_process_oneshot_begin(psinfo_process_t* h);
PSINFO_API int psinfo_process_oneshot_end(psinfo_process_t* h);

/* Strings. Each of these allocates *out (UTF-8 as the kernel gives it, NUL-terminated);
 * release it with psinfo_free_string. *out is NULL after a failure. */
PSINFO_API void psinfo_free_string(char* s); /* NULL: no-op */

PSINFO_API int psinfo_process_name(char** out, const psinfo_process_t* h);
/* "" when it cannot be determined (as psutil). */
PSINFO_API int psinfo_process_exe(char** out, const psinfo_process_t* h);
PSINFO_API int psinfo_process_cwd(char** out, const psinfo_process_t* h);
/* The real user's name, or the uid as text. */
PSINFO_API int psinfo_process_username(char** out, const psinfo_process_t* h);
/* psutil's status strings: "running", "sleeping", "disk-sleep", "stopped", "tracing-stop",
 * "zombie", "dead", "wake-kill", "waking", "idle", "parked", "locked", "waiting",
 * "suspended"; "?" when unknown. */
PSINFO_API int psinfo_process_status(char** out, const psinfo_process_t* h);
/* No controlling terminal (psutil's None): PSINFO_ENOVALUE. */
PSINFO_API int psinfo_process_terminal(char** out, const psinfo_process_t* h);

/* Lists of strings: an array of *count pointers and the strings, in one block released by
 * the matching psinfo_free_process_... function. Possibly empty (*out NULL, *count 0). */
PSINFO_API int psinfo_process_cmdline(char*** out, size_t* count, const psinfo_process_t* h);
PSINFO_API void psinfo_free_process_cmdline(char** list, size_t count);
/* psutil's environ() dict as "KEY=VALUE" strings (the key ends at the first '='), in key
 * order. */
PSINFO_API int psinfo_process_environ(char*** out, size_t* count, const psinfo_process_t* h);
PSINFO_API void psinfo_free_process_environ(char** list, size_t count);

PSINFO_API int psinfo_process_ppid(int64_t* out, const psinfo_process_t* h);
/* Seconds since the epoch. */
PSINFO_API int psinfo_process_create_time(double* out, const psinfo_process_t* h);

/* Process.uids() / gids(): real, effective, saved. */
typedef struct psinfo_uids_s {
  uint32_t struct_size;
  uint32_t present; /* no optional fields */
  int64_t real;
  int64_t effective;
  int64_t saved;
} psinfo_uids_t;
typedef psinfo_uids_t psinfo_gids_t;
#define PSINFO_UIDS_MIN_SIZE (offsetof(psinfo_uids_t, saved) + sizeof(int64_t))
#define PSINFO_UIDS_INIT \
  { sizeof(psinfo_uids_t), 0, 0, 0, 0 }
#define PSINFO_GIDS_MIN_SIZE PSINFO_UIDS_MIN_SIZE
#define PSINFO_GIDS_INIT PSINFO_UIDS_INIT

PSINFO_API int psinfo_process_uids(psinfo_uids_t* out, const psinfo_process_t* h);
PSINFO_API int psinfo_process_gids(psinfo_gids_t* out, const psinfo_process_t* h);

/* Process.nice(): get and set (setpriority). */
PSINFO_API int psinfo_process_nice(int32_t* out, const psinfo_process_t* h);
PSINFO_API int psinfo_process_set_nice(psinfo_process_t* h, int32_t value);

/* psutil.IOPRIO_CLASS_* (Linux). */
#define PSINFO_IOPRIO_CLASS_NONE 0
#define PSINFO_IOPRIO_CLASS_RT 1
#define PSINFO_IOPRIO_CLASS_BE 2
#define PSINFO_IOPRIO_CLASS_IDLE 3
/* psutil.IOPRIO_* (Windows: the I/O priority is a class alone; its value is always 0). */
#define PSINFO_IOPRIO_VERYLOW 0
#define PSINFO_IOPRIO_LOW 1
#define PSINFO_IOPRIO_NORMAL 2
#define PSINFO_IOPRIO_HIGH 3
/* The value argument of psinfo_process_set_ionice meaning psutil's None (then 0). */
#define PSINFO_IONICE_NOVALUE INT32_MIN
/* This OS's name of a class: "IOPRIO_CLASS_NONE" ... "IOPRIO_CLASS_IDLE" on Linux,
 * "IOPRIO_VERYLOW" ... "IOPRIO_HIGH" on Windows; "?" for an unknown value. */
PSINFO_API const char* psinfo_ioprio_class_name(int ioclass);
/* Process.ionice(): the class (PSINFO_IOPRIO_CLASS_*) and the value. */
PSINFO_API int psinfo_process_ionice(int32_t* ioclass, int32_t* value, const psinfo_process_t* h);
/* value: 0-7, or PSINFO_IONICE_NOVALUE. A value with NONE or IDLE, or out of range:
 * PSINFO_EINVAL. */
PSINFO_API int psinfo_process_set_ionice(psinfo_process_t* h, int32_t ioclass, int32_t value);

/* psutil.RLIM_INFINITY. */
#define PSINFO_RLIM_INFINITY (-1)
/* Process.rlimit(resource): resource is an RLIMIT_* of <sys/resource.h>; limits are
 * PSINFO_RLIM_INFINITY when unlimited. */
PSINFO_API int psinfo_process_rlimit(int64_t* soft, int64_t* hard, const psinfo_process_t* h,
                                     int32_t resource);
PSINFO_API int psinfo_process_set_rlimit(psinfo_process_t* h, int32_t resource, int64_t soft,
                                         int64_t hard);

/* Process.io_counters(). read_chars / write_chars: Linux; other_count / other_bytes: Windows. */
typedef struct psinfo_process_io_counters_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_PROCESS_IO_COUNTERS_HAS_* */
  uint64_t read_count;
  uint64_t write_count;
  uint64_t read_bytes;
  uint64_t write_bytes;
  uint64_t read_chars;
  uint64_t write_chars;
  uint64_t other_count;
  uint64_t other_bytes;
} psinfo_process_io_counters_t;
#define PSINFO_PROCESS_IO_COUNTERS_HAS_READ_CHARS (1u << 0)
#define PSINFO_PROCESS_IO_COUNTERS_HAS_WRITE_CHARS (1u << 1)
#define PSINFO_PROCESS_IO_COUNTERS_HAS_OTHER_COUNT (1u << 2)
#define PSINFO_PROCESS_IO_COUNTERS_HAS_OTHER_BYTES (1u << 3)
#define PSINFO_PROCESS_IO_COUNTERS_MIN_SIZE \
  (offsetof(psinfo_process_io_counters_t, write_bytes) + sizeof(uint64_t))
#define PSINFO_PROCESS_IO_COUNTERS_INIT \
  { sizeof(psinfo_process_io_counters_t), 0, 0, 0, 0, 0, 0, 0, 0, 0 }
PSINFO_API int psinfo_process_io_counters(psinfo_process_io_counters_t* out,
                                          const psinfo_process_t* h);

/* Process.num_ctx_switches(). */
typedef struct psinfo_ctx_switches_s {
  uint32_t struct_size;
  uint32_t present; /* no optional fields */
  uint64_t voluntary;
  uint64_t involuntary;
} psinfo_ctx_switches_t;
#define PSINFO_CTX_SWITCHES_MIN_SIZE \
  (offsetof(psinfo_ctx_switches_t, involuntary) + sizeof(uint64_t))
#define PSINFO_CTX_SWITCHES_INIT \
  { sizeof(psinfo_ctx_switches_t), 0, 0, 0 }
PSINFO_API int psinfo_process_num_ctx_switches(psinfo_ctx_switches_t* out,
                                               const psinfo_process_t* h);

PSINFO_API int psinfo_process_num_fds(int32_t* out, const psinfo_process_t* h);
/* Process.num_handles(): Windows only (PSINFO_ENOTSUP elsewhere). */
PSINFO_API int psinfo_process_num_handles(int32_t* out, const psinfo_process_t* h);
PSINFO_API int psinfo_process_num_threads(int32_t* out, const psinfo_process_t* h);

/* Process.threads(): one element per thread; CPU seconds. */
typedef struct psinfo_thread_s {
  uint32_t struct_size;
  uint32_t present; /* no optional fields */
  int64_t id;
  double user_time;
  double system_time;
} psinfo_thread_t;
#define PSINFO_THREAD_MIN_SIZE (offsetof(psinfo_thread_t, system_time) + sizeof(double))
PSINFO_API int psinfo_process_threads(psinfo_thread_t** out, size_t* count, size_t elem_size,
                                      const psinfo_process_t* h);
PSINFO_API void psinfo_free_process_threads(psinfo_thread_t* list, size_t count);

/* Process.cpu_times(), seconds. iowait: Linux (delay accounting's block I/O ticks). */
typedef struct psinfo_process_cpu_times_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_PROCESS_CPU_TIMES_HAS_* */
  double user;
  double system;
  double children_user;
  double children_system;
  double iowait;
} psinfo_process_cpu_times_t;
#define PSINFO_PROCESS_CPU_TIMES_HAS_IOWAIT (1u << 0)
#define PSINFO_PROCESS_CPU_TIMES_MIN_SIZE \
  (offsetof(psinfo_process_cpu_times_t, children_system) + sizeof(double))
#define PSINFO_PROCESS_CPU_TIMES_INIT \
  { sizeof(psinfo_process_cpu_times_t), 0, 0, 0, 0, 0, 0 }
PSINFO_API int psinfo_process_cpu_times(psinfo_process_cpu_times_t* out, const psinfo_process_t* h);

/* Process.cpu_percent(interval): interval > 0 blocks that long; 0 (psutil's None) compares
 * with this handle's previous call (the first returns 0.0). Negative or NaN: PSINFO_EINVAL.
 * May exceed 100 on several CPUs. */
PSINFO_API int psinfo_process_cpu_percent(double* out, psinfo_process_t* h, double interval);
/* The CPU the process last ran on; PSINFO_ENOVALUE where unknown. */
PSINFO_API int psinfo_process_cpu_num(int32_t* out, const psinfo_process_t* h);
/* Process.cpu_affinity(): the CPUs, ascending. */
PSINFO_API int psinfo_process_cpu_affinity(int32_t** out, size_t* count, const psinfo_process_t* h);
PSINFO_API void psinfo_free_process_cpu_affinity(int32_t* list, size_t count);
/* count 0 (cpus may then be NULL): every eligible CPU. A CPU out of range: PSINFO_EINVAL. */
PSINFO_API int psinfo_process_set_cpu_affinity(psinfo_process_t* h, const int32_t* cpus,
                                               size_t count);

/* Process.memory_info(), bytes. Linux: rss, vms, shared, text, data (psutil 8's fields; the
 * always-zero lib and dirty of psutil 5 are gone). Windows fills the others. */
typedef struct psinfo_memory_info_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_MEMORY_INFO_HAS_* */
  uint64_t rss;
  uint64_t vms;
  uint64_t shared;
  uint64_t text;
  uint64_t data;
  uint64_t num_page_faults;    /* Windows */
  uint64_t peak_wset;          /* Windows */
  uint64_t wset;               /* Windows */
  uint64_t peak_paged_pool;    /* Windows */
  uint64_t paged_pool;         /* Windows */
  uint64_t peak_nonpaged_pool; /* Windows */
  uint64_t nonpaged_pool;      /* Windows */
  uint64_t pagefile;           /* Windows */
  uint64_t peak_pagefile;      /* Windows */
  uint64_t private_;           /* Windows: psutil's `private` */
} psinfo_memory_info_t;
#define PSINFO_MEMORY_INFO_HAS_SHARED (1u << 0)
#define PSINFO_MEMORY_INFO_HAS_TEXT (1u << 1)
#define PSINFO_MEMORY_INFO_HAS_DATA (1u << 2)
#define PSINFO_MEMORY_INFO_HAS_NUM_PAGE_FAULTS (1u << 3)
#define PSINFO_MEMORY_INFO_HAS_PEAK_WSET (1u << 4)
#define PSINFO_MEMORY_INFO_HAS_WSET (1u << 5)
#define PSINFO_MEMORY_INFO_HAS_PEAK_PAGED_POOL (1u << 6)
#define PSINFO_MEMORY_INFO_HAS_PAGED_POOL (1u << 7)
#define PSINFO_MEMORY_INFO_HAS_PEAK_NONPAGED_POOL (1u << 8)
#define PSINFO_MEMORY_INFO_HAS_NONPAGED_POOL (1u << 9)
#define PSINFO_MEMORY_INFO_HAS_PAGEFILE (1u << 10)
#define PSINFO_MEMORY_INFO_HAS_PEAK_PAGEFILE (1u << 11)
#define PSINFO_MEMORY_INFO_HAS_PRIVATE (1u << 12)
#define PSINFO_MEMORY_INFO_MIN_SIZE (offsetof(psinfo_memory_info_t, vms) + sizeof(uint64_t))
#define PSINFO_MEMORY_INFO_INIT \
  { sizeof(psinfo_memory_info_t), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
PSINFO_API int psinfo_process_memory_info(psinfo_memory_info_t* out, const psinfo_process_t* h);

/* Process.memory_full_info(): the costly figures from smaps, bytes. The memory_info part
 * goes to a psinfo_memory_info_t of its own (so both structs can grow). */
typedef struct psinfo_memory_full_info_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_MEMORY_FULL_INFO_HAS_* */
  uint64_t uss;
  uint64_t pss;  /* Linux */
  uint64_t swap; /* Linux */
} psinfo_memory_full_info_t;
#define PSINFO_MEMORY_FULL_INFO_HAS_PSS (1u << 0)
#define PSINFO_MEMORY_FULL_INFO_HAS_SWAP (1u << 1)
#define PSINFO_MEMORY_FULL_INFO_MIN_SIZE \
  (offsetof(psinfo_memory_full_info_t, uss) + sizeof(uint64_t))
#define PSINFO_MEMORY_FULL_INFO_INIT \
  { sizeof(psinfo_memory_full_info_t), 0, 0, 0, 0 }
/* info may be NULL; otherwise it receives the memory_info part (same rules as
 * psinfo_process_memory_info). */
PSINFO_API int psinfo_process_memory_full_info(psinfo_memory_full_info_t* out,
                                               psinfo_memory_info_t* info,
                                               const psinfo_process_t* h);
/* Process.memory_info_ex() (psutil 8): the fields beyond memory_info's, bytes, each with its
 * present bit (absent where the OS, or the process, does not give it: a Linux kernel thread
 * has none). The memory_info part goes to a psinfo_memory_info_t of its own. */
typedef struct psinfo_memory_info_ex_s {
  uint32_t struct_size;
  uint32_t present;        /* PSINFO_MEMORY_INFO_EX_HAS_* */
  uint64_t peak_rss;       /* Linux VmHWM, macOS, Windows PeakWorkingSetSize, BSD ru_maxrss */
  uint64_t peak_vms;       /* Linux VmPeak, Windows PeakPagefileUsage */
  uint64_t rss_anon;       /* Linux RssAnon, macOS internal */
  uint64_t rss_file;       /* Linux RssFile, macOS external */
  uint64_t rss_shmem;      /* Linux RssShmem */
  uint64_t swap;           /* Linux VmSwap */
  uint64_t hugetlb;        /* Linux HugetlbPages */
  uint64_t virtual_;       /* Windows VirtualSize: psutil's `virtual` */
  uint64_t peak_virtual;   /* Windows PeakVirtualSize */
  uint64_t wired;          /* macOS */
  uint64_t compressed;     /* macOS */
  uint64_t phys_footprint; /* macOS */
  uint64_t stack;          /* BSD */
} psinfo_memory_info_ex_t;
#define PSINFO_MEMORY_INFO_EX_HAS_PEAK_RSS (1u << 0)
#define PSINFO_MEMORY_INFO_EX_HAS_PEAK_VMS (1u << 1)
#define PSINFO_MEMORY_INFO_EX_HAS_RSS_ANON (1u << 2)
#define PSINFO_MEMORY_INFO_EX_HAS_RSS_FILE (1u << 3)
#define PSINFO_MEMORY_INFO_EX_HAS_RSS_SHMEM (1u << 4)
#define PSINFO_MEMORY_INFO_EX_HAS_SWAP (1u << 5)
#define PSINFO_MEMORY_INFO_EX_HAS_HUGETLB (1u << 6)
#define PSINFO_MEMORY_INFO_EX_HAS_VIRTUAL (1u << 7)
#define PSINFO_MEMORY_INFO_EX_HAS_PEAK_VIRTUAL (1u << 8)
#define PSINFO_MEMORY_INFO_EX_HAS_WIRED (1u << 9)
#define PSINFO_MEMORY_INFO_EX_HAS_COMPRESSED (1u << 10)
#define PSINFO_MEMORY_INFO_EX_HAS_PHYS_FOOTPRINT (1u << 11)
#define PSINFO_MEMORY_INFO_EX_HAS_STACK (1u << 12)
#define PSINFO_MEMORY_INFO_EX_MIN_SIZE \
  (offsetof(psinfo_memory_info_ex_t, present) + sizeof(uint32_t))
#define PSINFO_MEMORY_INFO_EX_INIT \
  { sizeof(psinfo_memory_info_ex_t), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
/* info may be NULL; otherwise it receives the memory_info part (same rules as
 * psinfo_process_memory_info). */
PSINFO_API int psinfo_process_memory_info_ex(psinfo_memory_info_ex_t* out,
                                             psinfo_memory_info_t* info, const psinfo_process_t* h);

/* Process.memory_footprint() (psutil 8): uss, and on Linux pss and swap (smaps_rollup), bytes.
 * The BSDs: PSINFO_ENOTSUP. */
typedef struct psinfo_memory_footprint_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_MEMORY_FOOTPRINT_HAS_* */
  uint64_t uss;
  uint64_t pss;  /* Linux */
  uint64_t swap; /* Linux */
} psinfo_memory_footprint_t;
#define PSINFO_MEMORY_FOOTPRINT_HAS_PSS (1u << 0)
#define PSINFO_MEMORY_FOOTPRINT_HAS_SWAP (1u << 1)
#define PSINFO_MEMORY_FOOTPRINT_MIN_SIZE \
  (offsetof(psinfo_memory_footprint_t, uss) + sizeof(uint64_t))
#define PSINFO_MEMORY_FOOTPRINT_INIT \
  { sizeof(psinfo_memory_footprint_t), 0, 0, 0, 0 }
PSINFO_API int psinfo_process_memory_footprint(psinfo_memory_footprint_t* out,
                                               const psinfo_process_t* h);

/* Process.memory_percent(memtype): memtype names a field of memory_info, memory_info_ex or
 * memory_footprint ("rss", "vms", "uss", "pss", "peak_rss", ...); unknown, or not given on
 * this OS: PSINFO_EINVAL. Not rounded. */
PSINFO_API int psinfo_process_memory_percent(double* out, const psinfo_process_t* h,
                                             const char* memtype);

/* Process.memory_maps(grouped): one mapping, or one path summed (grouped, where addr and
 * perms are absent). Bytes. */
typedef struct psinfo_memory_map_s {
  uint32_t struct_size;
  uint32_t present;  /* no optional numbers */
  const char* path;  /* never NULL; "[anon]", "[heap]", "[stack]"... as the kernel says */
  const char* addr;  /* "start-end" (hex); NULL when grouped */
  const char* perms; /* "r-xp"...; NULL when grouped */
  uint64_t rss;
  uint64_t size;
  uint64_t pss;
  uint64_t shared_clean;
  uint64_t shared_dirty;
  uint64_t private_clean;
  uint64_t private_dirty;
  uint64_t referenced;
  uint64_t anonymous;
  uint64_t swap;
} psinfo_memory_map_t;
#define PSINFO_MEMORY_MAP_MIN_SIZE (offsetof(psinfo_memory_map_t, swap) + sizeof(uint64_t))
/* grouped != 0: one element per path, in first-seen order. */
PSINFO_API int psinfo_process_memory_maps(psinfo_memory_map_t** out, size_t* count,
                                          size_t elem_size, const psinfo_process_t* h, int grouped);
PSINFO_API void psinfo_free_process_memory_maps(psinfo_memory_map_t* list, size_t count);

/* Process.page_faults() (psutil 8). */
typedef struct psinfo_page_faults_s {
  uint32_t struct_size;
  uint32_t present; /* no optional fields */
  uint64_t minor;
  uint64_t major;
} psinfo_page_faults_t;
#define PSINFO_PAGE_FAULTS_MIN_SIZE (offsetof(psinfo_page_faults_t, major) + sizeof(uint64_t))
#define PSINFO_PAGE_FAULTS_INIT \
  { sizeof(psinfo_page_faults_t), 0, 0, 0 }
PSINFO_API int psinfo_process_page_faults(psinfo_page_faults_t* out, const psinfo_process_t* h);

/* Process.open_files(): one regular file open by the process. */
typedef struct psinfo_open_file_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_OPEN_FILE_HAS_* */
  const char* path; /* never NULL */
  int32_t fd;
  int32_t flags;     /* Linux: the open(2) flags */
  uint64_t position; /* Linux */
  const char* mode;  /* Linux: "r", "w", "a", "r+", "a+"; NULL when absent */
} psinfo_open_file_t;
#define PSINFO_OPEN_FILE_HAS_FLAGS (1u << 0)
#define PSINFO_OPEN_FILE_HAS_POSITION (1u << 1)
#define PSINFO_OPEN_FILE_MIN_SIZE (offsetof(psinfo_open_file_t, fd) + sizeof(int32_t))
PSINFO_API int psinfo_process_open_files(psinfo_open_file_t** out, size_t* count, size_t elem_size,
                                         const psinfo_process_t* h);
PSINFO_API void psinfo_free_process_open_files(psinfo_open_file_t* list, size_t count);

/* Process.net_connections(kind): the process's sockets (kind as psinfo_net_connections;
 * every element has the process's pid). Release with psinfo_free_net_connections. */
PSINFO_API int psinfo_process_net_connections(psinfo_connection_t** out, size_t* count,
                                              size_t elem_size, const psinfo_process_t* h,
                                              const char* kind);

/* Process.parent(): a new handle; no parent (psutil's None): PSINFO_ENOVALUE. */
PSINFO_API int psinfo_process_parent(psinfo_process_t** out, const psinfo_process_t* h);
/* Lists of handles: psinfo_free_process_list closes every handle and frees the array. */
/* Process.parents(): parent first, up to PID 1 (or 0). */
PSINFO_API int psinfo_process_parents(psinfo_process_t*** out, size_t* count,
                                      const psinfo_process_t* h);
/* Process.children(recursive): recursive != 0 for every descendant. */
PSINFO_API int psinfo_process_children(psinfo_process_t*** out, size_t* count,
                                       const psinfo_process_t* h, int recursive);
PSINFO_API void psinfo_free_process_list(psinfo_process_t** list, size_t count);

/* Signals (checked against PID reuse first). sig: a signal number of <signal.h>. */
PSINFO_API int psinfo_process_send_signal(psinfo_process_t* h, int32_t sig);
PSINFO_API int psinfo_process_suspend(psinfo_process_t* h);   /* SIGSTOP */
PSINFO_API int psinfo_process_resume(psinfo_process_t* h);    /* SIGCONT */
PSINFO_API int psinfo_process_terminate(psinfo_process_t* h); /* SIGTERM */
PSINFO_API int psinfo_process_kill(psinfo_process_t* h);      /* SIGKILL */

/* Process.wait(timeout): waits for the process to end. timeout < 0: forever (psutil's None);
 * 0: do not block; NaN: PSINFO_EINVAL. Ran out: PSINFO_ETIMEDOUT. Once it ended: 0 and
 * *exit_code the exit status (the negative signal number if a signal killed it) when the
 * process was a child of the caller; else PSINFO_ENOVALUE (psutil's None), *exit_code
 * untouched. */
PSINFO_API int psinfo_process_wait(int32_t* exit_code, psinfo_process_t* h, double timeout);

/* psutil.wait_procs(): waits until every process has ended or timeout runs out (< 0:
 * forever). status[i] (an array of count elements of elem_size bytes, struct_size rules)
 * tells whether procs[i] ended and its return code (as psinfo_process_wait). callback, if
 * not NULL, is called once per process as it ends, with that process's status (a full
 * psinfo_wait_status_t, valid during the call) and data. Running out is not an error. */
typedef struct psinfo_wait_status_s {
  uint32_t struct_size;
  uint32_t present;   /* PSINFO_WAIT_STATUS_HAS_RETURNCODE */
  int32_t gone;       /* 1: ended; 0: still alive */
  int32_t returncode; /* when present */
} psinfo_wait_status_t;
#define PSINFO_WAIT_STATUS_HAS_RETURNCODE (1u << 0)
#define PSINFO_WAIT_STATUS_MIN_SIZE (offsetof(psinfo_wait_status_t, returncode) + sizeof(int32_t))
typedef void (*psinfo_wait_callback_t)(const psinfo_process_t* p,
                                       const psinfo_wait_status_t* status, void* data);
PSINFO_API int psinfo_wait_procs(psinfo_wait_status_t* status, size_t elem_size,
                                 psinfo_process_t* const* procs, size_t count, double timeout,
                                 psinfo_wait_callback_t callback, void* data);

/* psutil.pids(): sorted. Release with psinfo_free_pids. */
PSINFO_API int psinfo_pids(int64_t** out, size_t* count);
PSINFO_API void psinfo_free_pids(int64_t* list, size_t count);
/* psutil.pid_exists(): *out 1 or 0; 0 for negative PIDs and thread IDs. */
PSINFO_API int psinfo_pid_exists(int32_t* out, int64_t pid);

/* ---- The bulk snapshot (psutil.process_iter(attrs)) ---------------------------------------- */

/* The attributes, psutil's names; the same bits as psinfo::attr in C++. */
#define PSINFO_ATTR_PID (1ull << 0)
#define PSINFO_ATTR_PPID (1ull << 1)
#define PSINFO_ATTR_NAME (1ull << 2)
#define PSINFO_ATTR_EXE (1ull << 3)
#define PSINFO_ATTR_CMDLINE (1ull << 4)
#define PSINFO_ATTR_ENVIRON (1ull << 5)
#define PSINFO_ATTR_CREATE_TIME (1ull << 6)
#define PSINFO_ATTR_STATUS (1ull << 7)
#define PSINFO_ATTR_CWD (1ull << 8)
#define PSINFO_ATTR_USERNAME (1ull << 9)
#define PSINFO_ATTR_UIDS (1ull << 10)
#define PSINFO_ATTR_GIDS (1ull << 11)
#define PSINFO_ATTR_TERMINAL (1ull << 12)
#define PSINFO_ATTR_NICE (1ull << 13)
#define PSINFO_ATTR_IONICE (1ull << 14)
#define PSINFO_ATTR_IO_COUNTERS (1ull << 15)
#define PSINFO_ATTR_NUM_CTX_SWITCHES (1ull << 16)
#define PSINFO_ATTR_NUM_FDS (1ull << 17)
#define PSINFO_ATTR_NUM_THREADS (1ull << 18)
#define PSINFO_ATTR_THREADS (1ull << 19)
#define PSINFO_ATTR_CPU_TIMES (1ull << 20)
#define PSINFO_ATTR_CPU_PERCENT (1ull << 21)
#define PSINFO_ATTR_CPU_NUM (1ull << 22)
#define PSINFO_ATTR_CPU_AFFINITY (1ull << 23)
#define PSINFO_ATTR_MEMORY_INFO (1ull << 24)
#define PSINFO_ATTR_MEMORY_FULL_INFO (1ull << 25)
#define PSINFO_ATTR_MEMORY_PERCENT (1ull << 26)
#define PSINFO_ATTR_MEMORY_MAPS (1ull << 27)
#define PSINFO_ATTR_PAGE_FAULTS (1ull << 28)
#define PSINFO_ATTR_OPEN_FILES (1ull << 29)
#define PSINFO_ATTR_NET_CONNECTIONS (1ull << 30)
#define PSINFO_ATTR_NUM_HANDLES (1ull << 31) /* Windows */
#define PSINFO_ATTR_CGROUP (1ull << 32)      /* psinfo's own (Linux): psinfo_process_cgroup */
/* Every attribute: the bits up to the last one (up to 64 fit). */
#define PSINFO_ATTR_ALL ((PSINFO_ATTR_CGROUP << 1) - 1)
/* The attributes a snapshot element holds: all but threads, memory_maps, open_files,
 * net_connections (lists of structs) and cgroup: ask psinfo_process_... per process. */
#define PSINFO_ATTR_SNAPSHOT_ALL                                                                \
  (PSINFO_ATTR_ALL & ~(PSINFO_ATTR_THREADS | PSINFO_ATTR_MEMORY_MAPS | PSINFO_ATTR_OPEN_FILES | \
                       PSINFO_ATTR_NET_CONNECTIONS | PSINFO_ATTR_CGROUP))
/* The PSINFO_ATTR_* bits this OS has (psutil's as_dict() keys here): Linux every bit but
 * NUM_HANDLES; Windows has NUM_HANDLES but not UIDS, GIDS, TERMINAL, NUM_FDS, CPU_NUM. Never
 * CGROUP (psinfo's own, not a key of psutil's as_dict()). */
PSINFO_API uint64_t psinfo_supported_attrs(void);
/* psutil's name of one attribute bit ("cpu_times"); NULL for anything else. */
PSINFO_API const char* psinfo_attr_name(uint64_t attr);

/* One process of the snapshot. `present` holds the PSINFO_ATTR_* bit of each attribute
 * the element has: one not asked for, denied (psutil's AccessDenied -> ad_value None), gone
 * for a zombie, absent by nature (terminal without a tty, cpu_num unknown) or not fitting the
 * caller's element size has its bit clear, and its fields are 0 / NULL. pid is always there
 * (its bit is set). field_present marks optional fields inside a present attribute
 * (PSINFO_PROCESS_INFO_HAS_*). Strings, the cmdline / environ arrays and the affinity
 * array are owned by the list. Fields are grouped by attribute, each group named after it. */
typedef struct psinfo_process_info_s {
  uint32_t struct_size;
  uint32_t field_present; /* PSINFO_PROCESS_INFO_HAS_* */
  uint64_t present;       /* PSINFO_ATTR_* bits */
  int64_t pid;
  int64_t ppid;
  const char* name;
  const char* exe;
  const char* const* cmdline; /* cmdline_count strings */
  uint64_t cmdline_count;
  const char* const* environ_vars; /* environ_count "KEY=VALUE" strings, in key order */
  uint64_t environ_count;
  double create_time;
  const char* status;
  const char* cwd;
  const char* username;
  int64_t uids_real, uids_effective, uids_saved;
  int64_t gids_real, gids_effective, gids_saved;
  const char* terminal;
  int32_t ionice_ioclass;
  int32_t ionice_value;
  uint64_t io_read_count, io_write_count, io_read_bytes, io_write_bytes;
  uint64_t io_read_chars, io_write_chars; /* field_present */
  uint64_t ctx_voluntary, ctx_involuntary;
  int32_t num_fds;
  int32_t num_threads;
  double cpu_user, cpu_system, cpu_children_user, cpu_children_system;
  double cpu_iowait; /* field_present */
  double cpu_percent;
  int32_t cpu_num;
  int32_t nice;                /* here since 0.2 (the 64-bit present took its place) */
  const int32_t* cpu_affinity; /* cpu_affinity_count CPUs */
  uint64_t cpu_affinity_count;
  /* memory_info (Linux fields; set with PSINFO_ATTR_MEMORY_INFO or _MEMORY_FULL_INFO) */
  uint64_t mem_rss, mem_vms;
  uint64_t mem_shared, mem_text, mem_data; /* field_present */
  /* memory_full_info's own part */
  uint64_t mem_uss;
  uint64_t mem_pss, mem_swap; /* field_present */
  double memory_percent;
  uint64_t page_faults_minor, page_faults_major;
  /* added in 0.2 (check struct_size) */
  int32_t num_handles; /* Windows */
  int32_t reserved1;
  uint64_t io_other_count, io_other_bytes; /* field_present; Windows */
} psinfo_process_info_t;
#define PSINFO_PROCESS_INFO_HAS_IO_READ_CHARS (1u << 0)
#define PSINFO_PROCESS_INFO_HAS_IO_WRITE_CHARS (1u << 1)
#define PSINFO_PROCESS_INFO_HAS_CPU_IOWAIT (1u << 2)
#define PSINFO_PROCESS_INFO_HAS_MEM_SHARED (1u << 3)
#define PSINFO_PROCESS_INFO_HAS_MEM_TEXT (1u << 4)
#define PSINFO_PROCESS_INFO_HAS_MEM_DATA (1u << 5)
#define PSINFO_PROCESS_INFO_HAS_MEM_PSS (1u << 6)
#define PSINFO_PROCESS_INFO_HAS_MEM_SWAP (1u << 7)
#define PSINFO_PROCESS_INFO_HAS_IO_OTHER_COUNT (1u << 8)
#define PSINFO_PROCESS_INFO_HAS_IO_OTHER_BYTES (1u << 9)
#define PSINFO_PROCESS_INFO_MIN_SIZE (offsetof(psinfo_process_info_t, pid) + sizeof(int64_t))

/* psutil.process_iter(attrs): every process, by PID, with the attributes of `attrs`
 * (PSINFO_ATTR_* ORed; 0 means PSINFO_ATTR_SNAPSHOT_ALL). Reads only the files those need and
 * skips processes that vanish during the scan. cpu_percent compares with the previous
 * snapshot of the same process in this program (0.0 the first time). An attribute outside
 * PSINFO_ATTR_SNAPSHOT_ALL: PSINFO_EINVAL. Release with psinfo_free_process_snapshot. */
PSINFO_API int psinfo_process_snapshot(psinfo_process_info_t** out, size_t* count, size_t elem_size,
                                       uint64_t attrs);
/* Process.as_dict(attrs) for one process, as a list of one element (same layout and rules;
 * released with psinfo_free_process_snapshot). A process gone midway:
 * PSINFO_ENOSUCHPROCESS. */
PSINFO_API int psinfo_process_as_dict(psinfo_process_info_t** out, size_t* count, size_t elem_size,
                                      psinfo_process_t* h, uint64_t attrs);
PSINFO_API void psinfo_free_process_snapshot(psinfo_process_info_t* list, size_t count);

/* ---- Sampler ----------------------------------------------------------------------------- */

/* psinfo::sampler: the system-wide counters a monitor reads every tick, with the files behind
 * them kept open (Linux: /proc/stat, meminfo, vmstat, diskstats, net/dev, re-read with pread
 * from offset 0; elsewhere each call is the plain function's). Every psinfo_sampler_<fn> gives
 * what psinfo_<fn> gives, in the same structs and lists (released with the same
 * psinfo_free_... functions), with the sampler's own state: cpu_percent / cpu_times_percent
 * compare with this sampler's previous call, and nowrap keeps its own offsets (the plain
 * functions' and other samplers' are untouched). A psinfo_set_procfs_path() is noticed on the
 * next call (the files are reopened). Not for use by two threads at once: one sampler per
 * monitoring thread. Each kept file holds one descriptor until psinfo_sampler_close() or
 * psinfo_sampler_free(). */
typedef struct psinfo_sampler_s psinfo_sampler_t;

PSINFO_API int psinfo_sampler_new(psinfo_sampler_t** out);      /* opens nothing yet */
PSINFO_API void psinfo_sampler_free(psinfo_sampler_t* sampler); /* NULL: no-op */
/* Closes the kept files now (the next call reopens them); the state is kept. */
PSINFO_API int psinfo_sampler_close(psinfo_sampler_t* sampler);

PSINFO_API int psinfo_sampler_cpu_times(psinfo_cpu_times_t* out, psinfo_sampler_t* sampler);
PSINFO_API int psinfo_sampler_cpu_times_percpu(psinfo_cpu_times_t** out, size_t* count,
                                               size_t elem_size, psinfo_sampler_t* sampler);
/* interval as in psinfo_cpu_percent; 0 compares with this sampler's previous call. */
PSINFO_API int psinfo_sampler_cpu_percent(double* out, psinfo_sampler_t* sampler, double interval);
PSINFO_API int psinfo_sampler_cpu_percent_percpu(double** out, size_t* count,
                                                 psinfo_sampler_t* sampler, double interval);
PSINFO_API int psinfo_sampler_cpu_times_percent(psinfo_cpu_times_t* out, psinfo_sampler_t* sampler,
                                                double interval);
PSINFO_API int psinfo_sampler_cpu_times_percent_percpu(psinfo_cpu_times_t** out, size_t* count,
                                                       size_t elem_size, psinfo_sampler_t* sampler,
                                                       double interval);
PSINFO_API int psinfo_sampler_cpu_stats(psinfo_cpu_stats_t* out, psinfo_sampler_t* sampler);
PSINFO_API int psinfo_sampler_getloadavg(double out[3], psinfo_sampler_t* sampler);
PSINFO_API int psinfo_sampler_virtual_memory(psinfo_virtual_memory_t* out,
                                             psinfo_sampler_t* sampler);
PSINFO_API int psinfo_sampler_swap_memory(psinfo_swap_memory_t* out, psinfo_sampler_t* sampler);
/* No disk / no NIC: PSINFO_ENOVALUE, *out untouched (as the plain functions). */
PSINFO_API int psinfo_sampler_disk_io_counters(psinfo_disk_io_counters_t* out,
                                               psinfo_sampler_t* sampler, int nowrap);
PSINFO_API int psinfo_sampler_disk_io_counters_perdisk(psinfo_disk_io_counters_t** out,
                                                       size_t* count, size_t elem_size,
                                                       psinfo_sampler_t* sampler, int nowrap);
PSINFO_API int psinfo_sampler_net_io_counters(psinfo_net_io_counters_t* out,
                                              psinfo_sampler_t* sampler, int nowrap);
PSINFO_API int psinfo_sampler_net_io_counters_pernic(psinfo_net_io_counters_t** out, size_t* count,
                                                     size_t elem_size, psinfo_sampler_t* sampler,
                                                     int nowrap);
/* Forgets this sampler's nowrap state for "disk_io_counters" or "net_io_counters"; NULL or ""
 * forgets both. */
PSINFO_API int psinfo_sampler_cache_clear(psinfo_sampler_t* sampler, const char* name);

/* ---- Containers: cgroups and pressure stall information (psinfo's own) -------------------- */

/* psinfo/container.hpp in C: the cgroups of a process, the effective CPU count and memory, PSI.
 * psutil reports the host; these report the limits a program runs under (docs/container.md).
 * Every value that is unlimited or not available is absent (its bit clear), never a huge
 * number standing for "max". The process functions take a handle (psinfo_process_open / _self). */

/* Pressure stall information: for each resource, the `some` and `full` lines of its
 * *.pressure file: the percentages of wall time stalled, averaged over 10, 60 and 300 s, and
 * the total stall time in microseconds. A line's bit (PSINFO_PRESSURE_HAS_<RES>_<LINE>) covers
 * its four members; it is clear where the kernel has no such line (no PSI, irq without
 * CONFIG_IRQ_TIME_ACCOUNTING, irq's some). */
typedef struct psinfo_pressure_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_PRESSURE_HAS_* */
  double cpu_some_avg10, cpu_some_avg60, cpu_some_avg300;
  uint64_t cpu_some_total;
  double cpu_full_avg10, cpu_full_avg60, cpu_full_avg300;
  uint64_t cpu_full_total;
  double memory_some_avg10, memory_some_avg60, memory_some_avg300;
  uint64_t memory_some_total;
  double memory_full_avg10, memory_full_avg60, memory_full_avg300;
  uint64_t memory_full_total;
  double io_some_avg10, io_some_avg60, io_some_avg300;
  uint64_t io_some_total;
  double io_full_avg10, io_full_avg60, io_full_avg300;
  uint64_t io_full_total;
  double irq_some_avg10, irq_some_avg60, irq_some_avg300;
  uint64_t irq_some_total;
  double irq_full_avg10, irq_full_avg60, irq_full_avg300;
  uint64_t irq_full_total;
} psinfo_pressure_t;
#define PSINFO_PRESSURE_HAS_CPU_SOME (1u << 0)
#define PSINFO_PRESSURE_HAS_CPU_FULL (1u << 1)
#define PSINFO_PRESSURE_HAS_MEMORY_SOME (1u << 2)
#define PSINFO_PRESSURE_HAS_MEMORY_FULL (1u << 3)
#define PSINFO_PRESSURE_HAS_IO_SOME (1u << 4)
#define PSINFO_PRESSURE_HAS_IO_FULL (1u << 5)
#define PSINFO_PRESSURE_HAS_IRQ_SOME (1u << 6)
#define PSINFO_PRESSURE_HAS_IRQ_FULL (1u << 7)
#define PSINFO_PRESSURE_MIN_SIZE (offsetof(psinfo_pressure_t, present) + sizeof(uint32_t))
#define PSINFO_PRESSURE_INIT                                                                     \
  {                                                                                              \
    sizeof(psinfo_pressure_t), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0                                                          \
  }
/* System-wide PSI (the files of /proc/pressure). PSINFO_ENOTSUP where the OS has none (all but
 * Linux). */
PSINFO_API int psinfo_pressure(psinfo_pressure_t* out);

/* psinfo_cgroup_t.version: which hierarchies are mounted. */
#define PSINFO_CGROUP_NONE 0   /* no cgroupfs mounted: every value absent */
#define PSINFO_CGROUP_V1 1     /* v1 controllers only */
#define PSINFO_CGROUP_V2 2     /* the unified hierarchy only */
#define PSINFO_CGROUP_HYBRID 3 /* v1 controllers and the unified hierarchy */
/* "none", "v1", "v2", "hybrid"; "?" for anything else. */
PSINFO_API const char* psinfo_cgroup_version_name(int version);

/* Process.cgroup(), the numbers (psinfo::cgroup_t): cpu_* of the cpu, cpuacct controllers
 * (quota, period, throttled_time, usage, user, system in seconds; limit in CPUs, the smallest
 * quota/period over the cgroup and its ancestors; effective_cpus = min(CPUs of the affinity
 * mask, ceil(limit))), memory_* bytes (effective_max: the smallest max over the cgroup and its
 * ancestors; working_set = current - inactive_file; available: the smallest max - working set
 * over the levels with a limit), pids_*. The lists: psinfo_process_cgroup_paths, _io,
 * _memory_stat, _cpuset; its PSI: psinfo_process_cgroup_pressure. PSINFO_ENOTSUP where the OS
 * has no cgroups. */
typedef struct psinfo_cgroup_s {
  uint32_t struct_size;
  int32_t version;  /* PSINFO_CGROUP_* */
  uint64_t present; /* PSINFO_CGROUP_HAS_* */
  double cpu_quota, cpu_period, cpu_limit;
  int32_t cpu_effective_cpus;
  int32_t reserved0;
  uint64_t cpu_weight, cpu_shares;
  double cpu_usage, cpu_user, cpu_system;
  uint64_t cpu_nr_periods, cpu_nr_throttled;
  double cpu_throttled_time;
  uint64_t memory_max, memory_high, memory_low, memory_min, memory_swap_max;
  uint64_t memory_effective_max;
  uint64_t memory_current, memory_peak, memory_swap_current;
  uint64_t memory_anon, memory_file, memory_kernel, memory_shmem;
  uint64_t memory_active_file, memory_inactive_file;
  uint64_t memory_working_set, memory_available;
  uint64_t memory_oom, memory_oom_kill;
  uint64_t pids_max, pids_current;
} psinfo_cgroup_t;
#define PSINFO_CGROUP_HAS_CPU_QUOTA (1ull << 0)
#define PSINFO_CGROUP_HAS_CPU_PERIOD (1ull << 1)
#define PSINFO_CGROUP_HAS_CPU_LIMIT (1ull << 2)
#define PSINFO_CGROUP_HAS_CPU_EFFECTIVE_CPUS (1ull << 3)
#define PSINFO_CGROUP_HAS_CPU_WEIGHT (1ull << 4)
#define PSINFO_CGROUP_HAS_CPU_SHARES (1ull << 5)
#define PSINFO_CGROUP_HAS_CPU_USAGE (1ull << 6)
#define PSINFO_CGROUP_HAS_CPU_USER (1ull << 7)
#define PSINFO_CGROUP_HAS_CPU_SYSTEM (1ull << 8)
#define PSINFO_CGROUP_HAS_CPU_NR_PERIODS (1ull << 9)
#define PSINFO_CGROUP_HAS_CPU_NR_THROTTLED (1ull << 10)
#define PSINFO_CGROUP_HAS_CPU_THROTTLED_TIME (1ull << 11)
#define PSINFO_CGROUP_HAS_MEMORY_MAX (1ull << 12)
#define PSINFO_CGROUP_HAS_MEMORY_HIGH (1ull << 13)
#define PSINFO_CGROUP_HAS_MEMORY_LOW (1ull << 14)
#define PSINFO_CGROUP_HAS_MEMORY_MIN (1ull << 15)
#define PSINFO_CGROUP_HAS_MEMORY_SWAP_MAX (1ull << 16)
#define PSINFO_CGROUP_HAS_MEMORY_EFFECTIVE_MAX (1ull << 17)
#define PSINFO_CGROUP_HAS_MEMORY_CURRENT (1ull << 18)
#define PSINFO_CGROUP_HAS_MEMORY_PEAK (1ull << 19)
#define PSINFO_CGROUP_HAS_MEMORY_SWAP_CURRENT (1ull << 20)
#define PSINFO_CGROUP_HAS_MEMORY_ANON (1ull << 21)
#define PSINFO_CGROUP_HAS_MEMORY_FILE (1ull << 22)
#define PSINFO_CGROUP_HAS_MEMORY_KERNEL (1ull << 23)
#define PSINFO_CGROUP_HAS_MEMORY_SHMEM (1ull << 24)
#define PSINFO_CGROUP_HAS_MEMORY_ACTIVE_FILE (1ull << 25)
#define PSINFO_CGROUP_HAS_MEMORY_INACTIVE_FILE (1ull << 26)
#define PSINFO_CGROUP_HAS_MEMORY_WORKING_SET (1ull << 27)
#define PSINFO_CGROUP_HAS_MEMORY_AVAILABLE (1ull << 28)
#define PSINFO_CGROUP_HAS_MEMORY_OOM (1ull << 29)
#define PSINFO_CGROUP_HAS_MEMORY_OOM_KILL (1ull << 30)
#define PSINFO_CGROUP_HAS_PIDS_MAX (1ull << 31)
#define PSINFO_CGROUP_HAS_PIDS_CURRENT (1ull << 32)
#define PSINFO_CGROUP_MIN_SIZE (offsetof(psinfo_cgroup_t, present) + sizeof(uint64_t))
#define PSINFO_CGROUP_INIT                                                                        \
  {                                                                                               \
    sizeof(psinfo_cgroup_t), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0                                                     \
  }
PSINFO_API int psinfo_process_cgroup(psinfo_cgroup_t* out, const psinfo_process_t* h);
/* The cgroup's own PSI (its *.pressure files). */
PSINFO_API int psinfo_process_cgroup_pressure(psinfo_pressure_t* out, const psinfo_process_t* h);

/* The process's path in each hierarchy, as /proc/PID/cgroup gives it: hierarchy is the v1
 * controllers ("cpu,cpuacct", "name=systemd") or "unified". Sorted by hierarchy. */
typedef struct psinfo_cgroup_path_s {
  uint32_t struct_size;
  uint32_t present; /* always 0 */
  const char* hierarchy;
  const char* path;
} psinfo_cgroup_path_t;
#define PSINFO_CGROUP_PATH_MIN_SIZE (offsetof(psinfo_cgroup_path_t, path) + sizeof(const char*))
PSINFO_API int psinfo_process_cgroup_paths(psinfo_cgroup_path_t** out, size_t* count,
                                           size_t elem_size, const psinfo_process_t* h);
PSINFO_API void psinfo_free_process_cgroup_paths(psinfo_cgroup_path_t* list, size_t count);

/* The io (v2) / blkio (v1) controller per device ("MAJOR:MINOR"): throttling limits (absent:
 * none) and the bytes and operations done (read, write, discard). */
typedef struct psinfo_cgroup_io_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_CGROUP_IO_HAS_* */
  const char* device;
  uint64_t rbps, wbps, riops, wiops;
  uint64_t rbytes, wbytes, rios, wios, dbytes, dios;
} psinfo_cgroup_io_t;
#define PSINFO_CGROUP_IO_HAS_RBPS (1u << 0)
#define PSINFO_CGROUP_IO_HAS_WBPS (1u << 1)
#define PSINFO_CGROUP_IO_HAS_RIOPS (1u << 2)
#define PSINFO_CGROUP_IO_HAS_WIOPS (1u << 3)
#define PSINFO_CGROUP_IO_HAS_RBYTES (1u << 4)
#define PSINFO_CGROUP_IO_HAS_WBYTES (1u << 5)
#define PSINFO_CGROUP_IO_HAS_RIOS (1u << 6)
#define PSINFO_CGROUP_IO_HAS_WIOS (1u << 7)
#define PSINFO_CGROUP_IO_HAS_DBYTES (1u << 8)
#define PSINFO_CGROUP_IO_HAS_DIOS (1u << 9)
#define PSINFO_CGROUP_IO_MIN_SIZE (offsetof(psinfo_cgroup_io_t, device) + sizeof(const char*))
PSINFO_API int psinfo_process_cgroup_io(psinfo_cgroup_io_t** out, size_t* count, size_t elem_size,
                                        const psinfo_process_t* h);
PSINFO_API void psinfo_free_process_cgroup_io(psinfo_cgroup_io_t* list, size_t count);

/* memory.stat as the kernel wrote it: every key with its value, sorted by name. */
typedef struct psinfo_cgroup_stat_s {
  uint32_t struct_size;
  uint32_t present; /* always 0 */
  const char* name;
  uint64_t value;
} psinfo_cgroup_stat_t;
#define PSINFO_CGROUP_STAT_MIN_SIZE (offsetof(psinfo_cgroup_stat_t, value) + sizeof(uint64_t))
PSINFO_API int psinfo_process_cgroup_memory_stat(psinfo_cgroup_stat_t** out, size_t* count,
                                                 size_t elem_size, const psinfo_process_t* h);
PSINFO_API void psinfo_free_process_cgroup_memory_stat(psinfo_cgroup_stat_t* list, size_t count);

/* The cpuset: the CPUs (mems 0) or memory nodes (mems 1) the cgroup may use. PSINFO_ENOVALUE
 * when the cgroup has no cpuset controller. */
PSINFO_API int psinfo_process_cgroup_cpuset(int32_t** out, size_t* count, const psinfo_process_t* h,
                                            int mems);
PSINFO_API void psinfo_free_process_cgroup_cpuset(int32_t* list, size_t count);

/* The CPU count a thread pool of the calling process should use: min(CPUs of its affinity
 * mask, ceil(its cgroup's CPU limit)); PSINFO_ENOVALUE when no count can be determined. */
PSINFO_API int psinfo_cpu_count_effective(int32_t* out);

/* psinfo::virtual_memory_effective(): the host's memory capped by the calling process's
 * cgroup limits, bytes. total = min(host total, limit), available = min(host available, what
 * the cgroup may still use), used = total - available, percent rounded to 0.1; limit absent
 * (and the rest virtual_memory's) when no limit applies. */
typedef struct psinfo_virtual_memory_effective_s {
  uint32_t struct_size;
  uint32_t present; /* PSINFO_VIRTUAL_MEMORY_EFFECTIVE_HAS_* */
  uint64_t total;
  uint64_t available;
  uint64_t used;
  double percent;
  uint64_t limit;
} psinfo_virtual_memory_effective_t;
#define PSINFO_VIRTUAL_MEMORY_EFFECTIVE_HAS_LIMIT (1u << 0)
#define PSINFO_VIRTUAL_MEMORY_EFFECTIVE_MIN_SIZE \
  (offsetof(psinfo_virtual_memory_effective_t, percent) + sizeof(double))
#define PSINFO_VIRTUAL_MEMORY_EFFECTIVE_INIT \
  { sizeof(psinfo_virtual_memory_effective_t), 0, 0, 0, 0, 0, 0 }
PSINFO_API int psinfo_virtual_memory_effective(psinfo_virtual_memory_effective_t* out);

/* ---- Windows services --------------------------------------------------------------------- */

/* A Windows service: psutil's WindowsService.as_dict(). Windows only: every other OS returns
 * PSINFO_ENOTSUP (psutil has no win_service_* there). */
typedef struct psinfo_win_service_s {
  uint32_t struct_size;
  uint32_t present;         /* PSINFO_WIN_SERVICE_HAS_* */
  const char* name;         /* never NULL: the key name psinfo_win_service_get takes */
  const char* display_name; /* never NULL */
  /* NULL in psinfo_win_service_iter's list (which has the names only, as psutil's objects);
   * never NULL from psinfo_win_service_get. start_type: "automatic", "manual", "disabled" or
   * "unknown"; status: "running", "paused", "start_pending", "pause_pending",
   * "continue_pending", "stop_pending", "stopped" or "unknown"; description "" if none. */
  const char* binpath;
  const char* username;
  const char* start_type;
  const char* status;
  const char* description;
  int64_t pid; /* PSINFO_WIN_SERVICE_HAS_PID: its process while it runs (psutil's None: 0) */
} psinfo_win_service_t;

#define PSINFO_WIN_SERVICE_HAS_PID (1u << 0)
#define PSINFO_WIN_SERVICE_MIN_SIZE \
  (offsetof(psinfo_win_service_t, display_name) + sizeof(const char*))

/* psutil.win_service_iter(): every Win32 service (not the drivers), name and display_name
 * only. Possibly an empty list (*out NULL, *count 0). */
PSINFO_API int psinfo_win_service_iter(psinfo_win_service_t** out, size_t* count, size_t elem_size);
PSINFO_API void psinfo_free_win_service_iter(psinfo_win_service_t* list, size_t count);
/* psutil.win_service_get(name).as_dict(): a list of one (*count 1), every field queried now.
 * A name the system does not know: PSINFO_ENOSUCHPROCESS (psutil's NoSuchProcess), with
 * psinfo_last_errno(); a service the caller may not query: PSINFO_EACCES. */
PSINFO_API int psinfo_win_service_get(psinfo_win_service_t** out, size_t* count, size_t elem_size,
                                      const char* name);
PSINFO_API void psinfo_free_win_service_get(psinfo_win_service_t* list, size_t count);

#ifdef __cplusplus
}
#endif

#endif /* PSINFO_PSINFO_H */
