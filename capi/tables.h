/* Internal to the C API: every public struct of psinfo.h, one line per member, in declaration
 * order. From these lines come the C++ -> C conversion and the list of fields that fit a
 * caller's struct_size (capi/common.hpp), the compile-time checks of the layout and of the
 * present bits (capi/common.hpp), and the layout the ctypes module is tested against
 * (tests/capi/layout.c). Adding a field to a struct: the member in psinfo.h (and its
 * PSINFO_<STRUCT>_HAS_ bit if it may be absent), the member in the C++ struct, one line here.
 *
 * Plain C preprocessor: the C++ expressions in FX / OX / A lines are only expanded by
 * capi/common.hpp. A table is PSINFO_CAPI_<NAME>(H, F, O, FX, OX, A), its lines:
 *   H(m)              the header or padding (struct_size, present, reserved): not converted
 *   F(m)              c.m = s.m, a value every platform has. A std::string is placed in the
 *                     list's block; a std::optional<std::string> is NULL when absent.
 *   O(m, BIT)         c.m = *s.m when the std::optional s.m has a value, and BIT in present
 *   FX(m, expr)       c.m = expr, computed from s (the C++ value) and key (the name a
 *                     per-device list is keyed by; NULL outside those lists)
 *   OX(m, expr, BIT)  as O, expr a std::optional computed from s
 *   A(attr, m, expr, BIT)  process snapshot only: when the attribute psinfo::attr::attr was
 *                     asked for and is there, c.m = expr (v is the attribute's value) and the
 *                     attribute's PSINFO_ATTR_ bit in present; BIT (0, or for a
 *                     std::optional expr the PSINFO_PROCESS_INFO_HAS_ bit) in field_present.
 * The type of the C++ value decides the rest: an optional number without a bit, or a string
 * with one, does not compile (the absence rules of psinfo.h). */
#ifndef PSINFO_CAPI_TABLES_H
#define PSINFO_CAPI_TABLES_H

/* S(NAME, type): every public struct, PSINFO_CAPI_<NAME> its table and PSINFO_<NAME>_MIN_SIZE
 * its smallest struct_size. */
#define PSINFO_CAPI_STRUCTS(S)                         \
  S(CPU_TIMES, psinfo_cpu_times_t)                     \
  S(CPU_STATS, psinfo_cpu_stats_t)                     \
  S(CPU_FREQ, psinfo_cpu_freq_t)                       \
  S(VIRTUAL_MEMORY, psinfo_virtual_memory_t)           \
  S(SWAP_MEMORY, psinfo_swap_memory_t)                 \
  S(HEAP_INFO, psinfo_heap_info_t)                     \
  S(PARTITION, psinfo_partition_t)                     \
  S(DISK_USAGE, psinfo_disk_usage_t)                   \
  S(DISK_IO_COUNTERS, psinfo_disk_io_counters_t)       \
  S(NET_IO_COUNTERS, psinfo_net_io_counters_t)         \
  S(NET_IF_ADDR, psinfo_net_if_addr_t)                 \
  S(NET_IF_STATS, psinfo_net_if_stats_t)               \
  S(CONNECTION, psinfo_connection_t)                   \
  S(SENSORS_TEMPERATURE, psinfo_sensors_temperature_t) \
  S(SENSORS_FAN, psinfo_sensors_fan_t)                 \
  S(SENSORS_BATTERY, psinfo_sensors_battery_t)         \
  S(USER, psinfo_user_t)                               \
  S(UIDS, psinfo_uids_t)                               \
  S(PROCESS_IO_COUNTERS, psinfo_process_io_counters_t) \
  S(CTX_SWITCHES, psinfo_ctx_switches_t)               \
  S(THREAD, psinfo_thread_t)                           \
  S(PROCESS_CPU_TIMES, psinfo_process_cpu_times_t)     \
  S(MEMORY_INFO, psinfo_memory_info_t)                 \
  S(MEMORY_FULL_INFO, psinfo_memory_full_info_t)       \
  S(MEMORY_INFO_EX, psinfo_memory_info_ex_t)           \
  S(MEMORY_FOOTPRINT, psinfo_memory_footprint_t)       \
  S(MEMORY_MAP, psinfo_memory_map_t)                   \
  S(PAGE_FAULTS, psinfo_page_faults_t)                 \
  S(OPEN_FILE, psinfo_open_file_t)                     \
  S(WAIT_STATUS, psinfo_wait_status_t)                 \
  S(PROCESS_INFO, psinfo_process_info_t)               \
  S(PRESSURE, psinfo_pressure_t)                       \
  S(CGROUP, psinfo_cgroup_t)                           \
  S(CGROUP_PATH, psinfo_cgroup_path_t)                 \
  S(CGROUP_IO, psinfo_cgroup_io_t)                     \
  S(CGROUP_STAT, psinfo_cgroup_stat_t)                 \
  S(WIN_SERVICE, psinfo_win_service_t)                 \
  S(VIRTUAL_MEMORY_EFFECTIVE, psinfo_virtual_memory_effective_t)

/* ---- CPU ---------------------------------------------------------------------------------- */

#define PSINFO_CAPI_CPU_TIMES(H, F, O, FX, OX, A) \
  H(struct_size)                                  \
  H(present)                                      \
  F(user)                                         \
  F(system)                                       \
  F(idle)                                         \
  O(nice, PSINFO_CPU_TIMES_HAS_NICE)              \
  O(iowait, PSINFO_CPU_TIMES_HAS_IOWAIT)          \
  O(irq, PSINFO_CPU_TIMES_HAS_IRQ)                \
  O(softirq, PSINFO_CPU_TIMES_HAS_SOFTIRQ)        \
  O(steal, PSINFO_CPU_TIMES_HAS_STEAL)            \
  O(guest, PSINFO_CPU_TIMES_HAS_GUEST)            \
  O(guest_nice, PSINFO_CPU_TIMES_HAS_GUEST_NICE)  \
  O(interrupt, PSINFO_CPU_TIMES_HAS_INTERRUPT)    \
  O(dpc, PSINFO_CPU_TIMES_HAS_DPC)

#define PSINFO_CAPI_CPU_STATS(H, F, O, FX, OX, A)          \
  H(struct_size)                                           \
  H(present)                                               \
  F(ctx_switches)                                          \
  F(interrupts)                                            \
  O(soft_interrupts, PSINFO_CPU_STATS_HAS_SOFT_INTERRUPTS) \
  O(syscalls, PSINFO_CPU_STATS_HAS_SYSCALLS)

#define PSINFO_CAPI_CPU_FREQ(H, F, O, FX, OX, A) \
  H(struct_size)                                 \
  H(present)                                     \
  F(current)                                     \
  O(min, PSINFO_CPU_FREQ_HAS_MIN)                \
  O(max, PSINFO_CPU_FREQ_HAS_MAX)

/* ---- Memory ------------------------------------------------------------------------------- */

#define PSINFO_CAPI_VIRTUAL_MEMORY(H, F, O, FX, OX, A) \
  H(struct_size)                                       \
  H(present)                                           \
  F(total)                                             \
  F(available)                                         \
  F(percent)                                           \
  F(used)                                              \
  F(free)                                              \
  O(active, PSINFO_VIRTUAL_MEMORY_HAS_ACTIVE)          \
  O(inactive, PSINFO_VIRTUAL_MEMORY_HAS_INACTIVE)      \
  O(buffers, PSINFO_VIRTUAL_MEMORY_HAS_BUFFERS)        \
  O(cached, PSINFO_VIRTUAL_MEMORY_HAS_CACHED)          \
  O(shared, PSINFO_VIRTUAL_MEMORY_HAS_SHARED)          \
  O(slab, PSINFO_VIRTUAL_MEMORY_HAS_SLAB)              \
  O(wired, PSINFO_VIRTUAL_MEMORY_HAS_WIRED)

#define PSINFO_CAPI_SWAP_MEMORY(H, F, O, FX, OX, A) \
  H(struct_size)                                    \
  H(present)                                        \
  F(total)                                          \
  F(used)                                           \
  F(free)                                           \
  F(percent)                                        \
  O(sin, PSINFO_SWAP_MEMORY_HAS_SIN)                \
  O(sout, PSINFO_SWAP_MEMORY_HAS_SOUT)

#define PSINFO_CAPI_HEAP_INFO(H, F, O, FX, OX, A) \
  H(struct_size)                                  \
  H(present)                                      \
  F(heap_used)                                    \
  F(mmap_used)                                    \
  O(heap_count, PSINFO_HEAP_INFO_HAS_HEAP_COUNT)

/* ---- Disks -------------------------------------------------------------------------------- */

#define PSINFO_CAPI_PARTITION(H, F, O, FX, OX, A) \
  H(struct_size)                                  \
  H(present)                                      \
  F(device)                                       \
  F(mountpoint)                                   \
  F(fstype)                                       \
  F(opts)

#define PSINFO_CAPI_DISK_USAGE(H, F, O, FX, OX, A) \
  H(struct_size)                                   \
  H(present)                                       \
  F(total)                                         \
  F(used)                                          \
  F(free)                                          \
  F(percent)

#define PSINFO_CAPI_DISK_IO_COUNTERS(H, F, O, FX, OX, A)                \
  H(struct_size)                                                        \
  H(present)                                                            \
  FX(name, key)                                                         \
  F(read_count)                                                         \
  F(write_count)                                                        \
  F(read_bytes)                                                         \
  F(write_bytes)                                                        \
  O(read_time, PSINFO_DISK_IO_COUNTERS_HAS_READ_TIME)                   \
  O(write_time, PSINFO_DISK_IO_COUNTERS_HAS_WRITE_TIME)                 \
  O(read_merged_count, PSINFO_DISK_IO_COUNTERS_HAS_READ_MERGED_COUNT)   \
  O(write_merged_count, PSINFO_DISK_IO_COUNTERS_HAS_WRITE_MERGED_COUNT) \
  O(busy_time, PSINFO_DISK_IO_COUNTERS_HAS_BUSY_TIME)

/* ---- Network ------------------------------------------------------------------------------ */

#define PSINFO_CAPI_NET_IO_COUNTERS(H, F, O, FX, OX, A) \
  H(struct_size)                                        \
  H(present)                                            \
  FX(name, key)                                         \
  F(bytes_sent)                                         \
  F(bytes_recv)                                         \
  F(packets_sent)                                       \
  F(packets_recv)                                       \
  F(errin)                                              \
  F(errout)                                             \
  F(dropin)                                             \
  F(dropout)

#define PSINFO_CAPI_NET_IF_ADDR(H, F, O, FX, OX, A) \
  H(struct_size)                                    \
  H(present)                                        \
  FX(name, key)                                     \
  F(family)                                         \
  F(address)                                        \
  F(netmask)                                        \
  F(broadcast)                                      \
  F(ptp)

#define PSINFO_CAPI_NET_IF_STATS(H, F, O, FX, OX, A) \
  H(struct_size)                                     \
  H(present)                                         \
  FX(name, key)                                      \
  F(isup)                                            \
  F(duplex)                                          \
  F(speed)                                           \
  F(mtu)                                             \
  F(flags)

#define PSINFO_CAPI_CONNECTION(H, F, O, FX, OX, A)                   \
  H(struct_size)                                                     \
  H(present)                                                         \
  F(fd)                                                              \
  F(family)                                                          \
  F(type)                                                            \
  FX(status, conn_status_code(s.status))                             \
  FX(laddr_ip, ip_of(s.laddr))                                       \
  FX(raddr_ip, ip_of(s.raddr))                                       \
  OX(laddr_port, port_of(s.laddr), PSINFO_CONNECTION_HAS_LADDR_PORT) \
  OX(raddr_port, port_of(s.raddr), PSINFO_CONNECTION_HAS_RADDR_PORT) \
  FX(path, unix_path(s))                                             \
  O(pid, PSINFO_CONNECTION_HAS_PID)

/* ---- Sensors ------------------------------------------------------------------------------ */

#define PSINFO_CAPI_SENSORS_TEMPERATURE(H, F, O, FX, OX, A) \
  H(struct_size)                                            \
  H(present)                                                \
  FX(name, key)                                             \
  F(label)                                                  \
  F(current)                                                \
  O(high, PSINFO_SENSORS_TEMPERATURE_HAS_HIGH)              \
  O(critical, PSINFO_SENSORS_TEMPERATURE_HAS_CRITICAL)

#define PSINFO_CAPI_SENSORS_FAN(H, F, O, FX, OX, A) \
  H(struct_size)                                    \
  H(present)                                        \
  FX(name, key)                                     \
  F(label)                                          \
  F(current)

#define PSINFO_CAPI_SENSORS_BATTERY(H, F, O, FX, OX, A) \
  H(struct_size)                                        \
  H(present)                                            \
  F(percent)                                            \
  F(secsleft)                                           \
  O(power_plugged, PSINFO_SENSORS_BATTERY_HAS_POWER_PLUGGED)

/* ---- Host --------------------------------------------------------------------------------- */

#define PSINFO_CAPI_USER(H, F, O, FX, OX, A) \
  H(struct_size)                             \
  H(present)                                 \
  F(name)                                    \
  F(terminal)                                \
  F(host)                                    \
  F(started)                                 \
  O(pid, PSINFO_USER_HAS_PID)

/* ---- Processes ---------------------------------------------------------------------------- */

#define PSINFO_CAPI_UIDS(H, F, O, FX, OX, A) \
  H(struct_size)                             \
  H(present)                                 \
  F(real)                                    \
  F(effective)                               \
  F(saved)

#define PSINFO_CAPI_PROCESS_IO_COUNTERS(H, F, O, FX, OX, A)  \
  H(struct_size)                                             \
  H(present)                                                 \
  F(read_count)                                              \
  F(write_count)                                             \
  F(read_bytes)                                              \
  F(write_bytes)                                             \
  O(read_chars, PSINFO_PROCESS_IO_COUNTERS_HAS_READ_CHARS)   \
  O(write_chars, PSINFO_PROCESS_IO_COUNTERS_HAS_WRITE_CHARS) \
  O(other_count, PSINFO_PROCESS_IO_COUNTERS_HAS_OTHER_COUNT) \
  O(other_bytes, PSINFO_PROCESS_IO_COUNTERS_HAS_OTHER_BYTES)

#define PSINFO_CAPI_CTX_SWITCHES(H, F, O, FX, OX, A) \
  H(struct_size)                                     \
  H(present)                                         \
  F(voluntary)                                       \
  F(involuntary)

#define PSINFO_CAPI_THREAD(H, F, O, FX, OX, A) \
  H(struct_size)                               \
  H(present)                                   \
  F(id)                                        \
  F(user_time)                                 \
  F(system_time)

#define PSINFO_CAPI_PROCESS_CPU_TIMES(H, F, O, FX, OX, A) \
  H(struct_size)                                          \
  H(present)                                              \
  F(user)                                                 \
  F(system)                                               \
  F(children_user)                                        \
  F(children_system)                                      \
  O(iowait, PSINFO_PROCESS_CPU_TIMES_HAS_IOWAIT)

#define PSINFO_CAPI_MEMORY_INFO(H, F, O, FX, OX, A)                \
  H(struct_size)                                                   \
  H(present)                                                       \
  F(rss)                                                           \
  F(vms)                                                           \
  O(shared, PSINFO_MEMORY_INFO_HAS_SHARED)                         \
  O(text, PSINFO_MEMORY_INFO_HAS_TEXT)                             \
  O(data, PSINFO_MEMORY_INFO_HAS_DATA)                             \
  O(num_page_faults, PSINFO_MEMORY_INFO_HAS_NUM_PAGE_FAULTS)       \
  O(peak_wset, PSINFO_MEMORY_INFO_HAS_PEAK_WSET)                   \
  O(wset, PSINFO_MEMORY_INFO_HAS_WSET)                             \
  O(peak_paged_pool, PSINFO_MEMORY_INFO_HAS_PEAK_PAGED_POOL)       \
  O(paged_pool, PSINFO_MEMORY_INFO_HAS_PAGED_POOL)                 \
  O(peak_nonpaged_pool, PSINFO_MEMORY_INFO_HAS_PEAK_NONPAGED_POOL) \
  O(nonpaged_pool, PSINFO_MEMORY_INFO_HAS_NONPAGED_POOL)           \
  O(pagefile, PSINFO_MEMORY_INFO_HAS_PAGEFILE)                     \
  O(peak_pagefile, PSINFO_MEMORY_INFO_HAS_PEAK_PAGEFILE)           \
  O(private_, PSINFO_MEMORY_INFO_HAS_PRIVATE)

#define PSINFO_CAPI_MEMORY_FULL_INFO(H, F, O, FX, OX, A) \
  H(struct_size)                                         \
  H(present)                                             \
  F(uss)                                                 \
  O(pss, PSINFO_MEMORY_FULL_INFO_HAS_PSS)                \
  O(swap, PSINFO_MEMORY_FULL_INFO_HAS_SWAP)

#define PSINFO_CAPI_MEMORY_INFO_EX(H, F, O, FX, OX, A)        \
  H(struct_size)                                              \
  H(present)                                                  \
  O(peak_rss, PSINFO_MEMORY_INFO_EX_HAS_PEAK_RSS)             \
  O(peak_vms, PSINFO_MEMORY_INFO_EX_HAS_PEAK_VMS)             \
  O(rss_anon, PSINFO_MEMORY_INFO_EX_HAS_RSS_ANON)             \
  O(rss_file, PSINFO_MEMORY_INFO_EX_HAS_RSS_FILE)             \
  O(rss_shmem, PSINFO_MEMORY_INFO_EX_HAS_RSS_SHMEM)           \
  O(swap, PSINFO_MEMORY_INFO_EX_HAS_SWAP)                     \
  O(hugetlb, PSINFO_MEMORY_INFO_EX_HAS_HUGETLB)               \
  O(virtual_, PSINFO_MEMORY_INFO_EX_HAS_VIRTUAL)              \
  O(peak_virtual, PSINFO_MEMORY_INFO_EX_HAS_PEAK_VIRTUAL)     \
  O(wired, PSINFO_MEMORY_INFO_EX_HAS_WIRED)                   \
  O(compressed, PSINFO_MEMORY_INFO_EX_HAS_COMPRESSED)         \
  O(phys_footprint, PSINFO_MEMORY_INFO_EX_HAS_PHYS_FOOTPRINT) \
  O(stack, PSINFO_MEMORY_INFO_EX_HAS_STACK)

#define PSINFO_CAPI_MEMORY_FOOTPRINT(H, F, O, FX, OX, A) \
  H(struct_size)                                         \
  H(present)                                             \
  F(uss)                                                 \
  O(pss, PSINFO_MEMORY_FOOTPRINT_HAS_PSS)                \
  O(swap, PSINFO_MEMORY_FOOTPRINT_HAS_SWAP)

#define PSINFO_CAPI_MEMORY_MAP(H, F, O, FX, OX, A) \
  H(struct_size)                                   \
  H(present)                                       \
  F(path)                                          \
  F(addr)                                          \
  F(perms)                                         \
  F(rss)                                           \
  F(size)                                          \
  F(pss)                                           \
  F(shared_clean)                                  \
  F(shared_dirty)                                  \
  F(private_clean)                                 \
  F(private_dirty)                                 \
  F(referenced)                                    \
  F(anonymous)                                     \
  F(swap)

#define PSINFO_CAPI_PAGE_FAULTS(H, F, O, FX, OX, A) \
  H(struct_size)                                    \
  H(present)                                        \
  F(minor)                                          \
  F(major)

#define PSINFO_CAPI_OPEN_FILE(H, F, O, FX, OX, A) \
  H(struct_size)                                  \
  H(present)                                      \
  F(path)                                         \
  F(fd)                                           \
  O(flags, PSINFO_OPEN_FILE_HAS_FLAGS)            \
  O(position, PSINFO_OPEN_FILE_HAS_POSITION)      \
  F(mode)

/* Filled by psinfo_wait_procs itself (no C++ struct). */
#define PSINFO_CAPI_WAIT_STATUS(H, F, O, FX, OX, A) \
  H(struct_size)                                    \
  H(present)                                        \
  F(gone)                                           \
  O(returncode, PSINFO_WAIT_STATUS_HAS_RETURNCODE)

/* The snapshot element. memory_full_info also fills the memory_info fields when memory_info
 * was not asked for (PSINFO_CAPI_PROCESS_INFO_MEMORY, the fields of memory_info_t). */
#define PSINFO_CAPI_PROCESS_INFO_MEMORY(A)                                 \
  A(memory_info, mem_rss, v.rss, 0)                                        \
  A(memory_info, mem_vms, v.vms, 0)                                        \
  A(memory_info, mem_shared, v.shared, PSINFO_PROCESS_INFO_HAS_MEM_SHARED) \
  A(memory_info, mem_text, v.text, PSINFO_PROCESS_INFO_HAS_MEM_TEXT)       \
  A(memory_info, mem_data, v.data, PSINFO_PROCESS_INFO_HAS_MEM_DATA)

#define PSINFO_CAPI_PROCESS_INFO(H, F, O, FX, OX, A)                                    \
  H(struct_size)                                                                        \
  H(field_present)                                                                      \
  H(present)                                                                            \
  A(pid, pid, v, 0)                                                                     \
  A(ppid, ppid, v, 0)                                                                   \
  A(name, name, v, 0)                                                                   \
  A(exe, exe, v, 0)                                                                     \
  A(cmdline, cmdline, v, 0)                                                             \
  A(cmdline, cmdline_count, v.size(), 0)                                                \
  A(environ, environ_vars, v, 0)                                                        \
  A(environ, environ_count, v.size(), 0)                                                \
  A(create_time, create_time, v, 0)                                                     \
  A(status, status, v, 0)                                                               \
  A(cwd, cwd, v, 0)                                                                     \
  A(username, username, v, 0)                                                           \
  A(uids, uids_real, v.real, 0)                                                         \
  A(uids, uids_effective, v.effective, 0)                                               \
  A(uids, uids_saved, v.saved, 0)                                                       \
  A(gids, gids_real, v.real, 0)                                                         \
  A(gids, gids_effective, v.effective, 0)                                               \
  A(gids, gids_saved, v.saved, 0)                                                       \
  A(terminal, terminal, v, 0)                                                           \
  A(ionice, ionice_ioclass, v.ioclass, 0)                                               \
  A(ionice, ionice_value, v.value, 0)                                                   \
  A(io_counters, io_read_count, v.read_count, 0)                                        \
  A(io_counters, io_write_count, v.write_count, 0)                                      \
  A(io_counters, io_read_bytes, v.read_bytes, 0)                                        \
  A(io_counters, io_write_bytes, v.write_bytes, 0)                                      \
  A(io_counters, io_read_chars, v.read_chars, PSINFO_PROCESS_INFO_HAS_IO_READ_CHARS)    \
  A(io_counters, io_write_chars, v.write_chars, PSINFO_PROCESS_INFO_HAS_IO_WRITE_CHARS) \
  A(num_ctx_switches, ctx_voluntary, v.voluntary, 0)                                    \
  A(num_ctx_switches, ctx_involuntary, v.involuntary, 0)                                \
  A(num_fds, num_fds, v, 0)                                                             \
  A(num_threads, num_threads, v, 0)                                                     \
  A(cpu_times, cpu_user, v.user, 0)                                                     \
  A(cpu_times, cpu_system, v.system, 0)                                                 \
  A(cpu_times, cpu_children_user, v.children_user, 0)                                   \
  A(cpu_times, cpu_children_system, v.children_system, 0)                               \
  A(cpu_times, cpu_iowait, v.iowait, PSINFO_PROCESS_INFO_HAS_CPU_IOWAIT)                \
  A(cpu_percent, cpu_percent, v, 0)                                                     \
  A(cpu_num, cpu_num, v, 0)                                                             \
  A(nice, nice, v, 0)                                                                   \
  A(cpu_affinity, cpu_affinity, v, 0)                                                   \
  A(cpu_affinity, cpu_affinity_count, v.size(), 0)                                      \
  PSINFO_CAPI_PROCESS_INFO_MEMORY(A)                                                    \
  A(memory_full_info, mem_uss, v.uss, 0)                                                \
  A(memory_full_info, mem_pss, v.pss, PSINFO_PROCESS_INFO_HAS_MEM_PSS)                  \
  A(memory_full_info, mem_swap, v.swap, PSINFO_PROCESS_INFO_HAS_MEM_SWAP)               \
  A(memory_percent, memory_percent, v, 0)                                               \
  A(page_faults, page_faults_minor, v.minor, 0)                                         \
  A(page_faults, page_faults_major, v.major, 0)                                         \
  A(num_handles, num_handles, v, 0)                                                     \
  H(reserved1)                                                                          \
  A(io_counters, io_other_count, v.other_count, PSINFO_PROCESS_INFO_HAS_IO_OTHER_COUNT) \
  A(io_counters, io_other_bytes, v.other_bytes, PSINFO_PROCESS_INFO_HAS_IO_OTHER_BYTES)

/* ---- Containers --------------------------------------------------------------------------- */

/* Converted from a flat copy of psinfo::pressure_t (capi/container.cpp): a line's bit sits on
 * its last member, so it is set only when all four fit the caller's struct. */
#define PSINFO_CAPI_PRESSURE(H, F, O, FX, OX, A)        \
  H(struct_size)                                        \
  H(present)                                            \
  F(cpu_some_avg10)                                     \
  F(cpu_some_avg60)                                     \
  F(cpu_some_avg300)                                    \
  O(cpu_some_total, PSINFO_PRESSURE_HAS_CPU_SOME)       \
  F(cpu_full_avg10)                                     \
  F(cpu_full_avg60)                                     \
  F(cpu_full_avg300)                                    \
  O(cpu_full_total, PSINFO_PRESSURE_HAS_CPU_FULL)       \
  F(memory_some_avg10)                                  \
  F(memory_some_avg60)                                  \
  F(memory_some_avg300)                                 \
  O(memory_some_total, PSINFO_PRESSURE_HAS_MEMORY_SOME) \
  F(memory_full_avg10)                                  \
  F(memory_full_avg60)                                  \
  F(memory_full_avg300)                                 \
  O(memory_full_total, PSINFO_PRESSURE_HAS_MEMORY_FULL) \
  F(io_some_avg10)                                      \
  F(io_some_avg60)                                      \
  F(io_some_avg300)                                     \
  O(io_some_total, PSINFO_PRESSURE_HAS_IO_SOME)         \
  F(io_full_avg10)                                      \
  F(io_full_avg60)                                      \
  F(io_full_avg300)                                     \
  O(io_full_total, PSINFO_PRESSURE_HAS_IO_FULL)         \
  F(irq_some_avg10)                                     \
  F(irq_some_avg60)                                     \
  F(irq_some_avg300)                                    \
  O(irq_some_total, PSINFO_PRESSURE_HAS_IRQ_SOME)       \
  F(irq_full_avg10)                                     \
  F(irq_full_avg60)                                     \
  F(irq_full_avg300)                                    \
  O(irq_full_total, PSINFO_PRESSURE_HAS_IRQ_FULL)

#define PSINFO_CAPI_CGROUP(H, F, O, FX, OX, A)                                             \
  H(struct_size)                                                                           \
  FX(version, static_cast<int32_t>(s.version))                                             \
  H(present)                                                                               \
  OX(cpu_quota, s.cpu.quota, PSINFO_CGROUP_HAS_CPU_QUOTA)                                  \
  OX(cpu_period, s.cpu.period, PSINFO_CGROUP_HAS_CPU_PERIOD)                               \
  OX(cpu_limit, s.cpu.limit, PSINFO_CGROUP_HAS_CPU_LIMIT)                                  \
  OX(cpu_effective_cpus, s.cpu.effective_cpus, PSINFO_CGROUP_HAS_CPU_EFFECTIVE_CPUS)       \
  H(reserved0)                                                                             \
  OX(cpu_weight, s.cpu.weight, PSINFO_CGROUP_HAS_CPU_WEIGHT)                               \
  OX(cpu_shares, s.cpu.shares, PSINFO_CGROUP_HAS_CPU_SHARES)                               \
  OX(cpu_usage, s.cpu.usage, PSINFO_CGROUP_HAS_CPU_USAGE)                                  \
  OX(cpu_user, s.cpu.user, PSINFO_CGROUP_HAS_CPU_USER)                                     \
  OX(cpu_system, s.cpu.system, PSINFO_CGROUP_HAS_CPU_SYSTEM)                               \
  OX(cpu_nr_periods, s.cpu.nr_periods, PSINFO_CGROUP_HAS_CPU_NR_PERIODS)                   \
  OX(cpu_nr_throttled, s.cpu.nr_throttled, PSINFO_CGROUP_HAS_CPU_NR_THROTTLED)             \
  OX(cpu_throttled_time, s.cpu.throttled_time, PSINFO_CGROUP_HAS_CPU_THROTTLED_TIME)       \
  OX(memory_max, s.memory.max, PSINFO_CGROUP_HAS_MEMORY_MAX)                               \
  OX(memory_high, s.memory.high, PSINFO_CGROUP_HAS_MEMORY_HIGH)                            \
  OX(memory_low, s.memory.low, PSINFO_CGROUP_HAS_MEMORY_LOW)                               \
  OX(memory_min, s.memory.min, PSINFO_CGROUP_HAS_MEMORY_MIN)                               \
  OX(memory_swap_max, s.memory.swap_max, PSINFO_CGROUP_HAS_MEMORY_SWAP_MAX)                \
  OX(memory_effective_max, s.memory.effective_max, PSINFO_CGROUP_HAS_MEMORY_EFFECTIVE_MAX) \
  OX(memory_current, s.memory.current, PSINFO_CGROUP_HAS_MEMORY_CURRENT)                   \
  OX(memory_peak, s.memory.peak, PSINFO_CGROUP_HAS_MEMORY_PEAK)                            \
  OX(memory_swap_current, s.memory.swap_current, PSINFO_CGROUP_HAS_MEMORY_SWAP_CURRENT)    \
  OX(memory_anon, s.memory.anon, PSINFO_CGROUP_HAS_MEMORY_ANON)                            \
  OX(memory_file, s.memory.file, PSINFO_CGROUP_HAS_MEMORY_FILE)                            \
  OX(memory_kernel, s.memory.kernel, PSINFO_CGROUP_HAS_MEMORY_KERNEL)                      \
  OX(memory_shmem, s.memory.shmem, PSINFO_CGROUP_HAS_MEMORY_SHMEM)                         \
  OX(memory_active_file, s.memory.active_file, PSINFO_CGROUP_HAS_MEMORY_ACTIVE_FILE)       \
  OX(memory_inactive_file, s.memory.inactive_file, PSINFO_CGROUP_HAS_MEMORY_INACTIVE_FILE) \
  OX(memory_working_set, s.memory.working_set, PSINFO_CGROUP_HAS_MEMORY_WORKING_SET)       \
  OX(memory_available, s.memory.available, PSINFO_CGROUP_HAS_MEMORY_AVAILABLE)             \
  OX(memory_oom, s.memory.oom, PSINFO_CGROUP_HAS_MEMORY_OOM)                               \
  OX(memory_oom_kill, s.memory.oom_kill, PSINFO_CGROUP_HAS_MEMORY_OOM_KILL)                \
  OX(pids_max, s.pids.max, PSINFO_CGROUP_HAS_PIDS_MAX)                                     \
  OX(pids_current, s.pids.current, PSINFO_CGROUP_HAS_PIDS_CURRENT)

#define PSINFO_CAPI_CGROUP_PATH(H, F, O, FX, OX, A) \
  H(struct_size)                                    \
  H(present)                                        \
  FX(hierarchy, key)                                \
  FX(path, s)

#define PSINFO_CAPI_CGROUP_IO(H, F, O, FX, OX, A) \
  H(struct_size)                                  \
  H(present)                                      \
  FX(device, key)                                 \
  O(rbps, PSINFO_CGROUP_IO_HAS_RBPS)              \
  O(wbps, PSINFO_CGROUP_IO_HAS_WBPS)              \
  O(riops, PSINFO_CGROUP_IO_HAS_RIOPS)            \
  O(wiops, PSINFO_CGROUP_IO_HAS_WIOPS)            \
  O(rbytes, PSINFO_CGROUP_IO_HAS_RBYTES)          \
  O(wbytes, PSINFO_CGROUP_IO_HAS_WBYTES)          \
  O(rios, PSINFO_CGROUP_IO_HAS_RIOS)              \
  O(wios, PSINFO_CGROUP_IO_HAS_WIOS)              \
  O(dbytes, PSINFO_CGROUP_IO_HAS_DBYTES)          \
  O(dios, PSINFO_CGROUP_IO_HAS_DIOS)

#define PSINFO_CAPI_CGROUP_STAT(H, F, O, FX, OX, A) \
  H(struct_size)                                    \
  H(present)                                        \
  FX(name, key)                                     \
  FX(value, s)

#define PSINFO_CAPI_VIRTUAL_MEMORY_EFFECTIVE(H, F, O, FX, OX, A) \
  H(struct_size)                                                 \
  H(present)                                                     \
  F(total)                                                       \
  F(available)                                                   \
  F(used)                                                        \
  F(percent)                                                     \
  O(limit, PSINFO_VIRTUAL_MEMORY_EFFECTIVE_HAS_LIMIT)

/* X(NAME, name): the attributes of the snapshot, PSINFO_ATTR_<NAME> = psinfo::attr::name. */
#define PSINFO_CAPI_ATTRS(X)            \
  X(PID, pid)                           \
  X(PPID, ppid)                         \
  X(NAME, name)                         \
  X(EXE, exe)                           \
  X(CMDLINE, cmdline)                   \
  X(ENVIRON, environ)                   \
  X(CREATE_TIME, create_time)           \
  X(STATUS, status)                     \
  X(CWD, cwd)                           \
  X(USERNAME, username)                 \
  X(UIDS, uids)                         \
  X(GIDS, gids)                         \
  X(TERMINAL, terminal)                 \
  X(NICE, nice)                         \
  X(IONICE, ionice)                     \
  X(IO_COUNTERS, io_counters)           \
  X(NUM_CTX_SWITCHES, num_ctx_switches) \
  X(NUM_FDS, num_fds)                   \
  X(NUM_THREADS, num_threads)           \
  X(THREADS, threads)                   \
  X(CPU_TIMES, cpu_times)               \
  X(CPU_PERCENT, cpu_percent)           \
  X(CPU_NUM, cpu_num)                   \
  X(CPU_AFFINITY, cpu_affinity)         \
  X(MEMORY_INFO, memory_info)           \
  X(MEMORY_FULL_INFO, memory_full_info) \
  X(MEMORY_PERCENT, memory_percent)     \
  X(MEMORY_MAPS, memory_maps)           \
  X(PAGE_FAULTS, page_faults)           \
  X(OPEN_FILES, open_files)             \
  X(NET_CONNECTIONS, net_connections)   \
  X(NUM_HANDLES, num_handles)           \
  X(CGROUP, cgroup)

/* ---- Windows services --------------------------------------------------------------------- */

#define PSINFO_CAPI_WIN_SERVICE(H, F, O, FX, OX, A) \
  H(struct_size)                                    \
  H(present)                                        \
  F(name)                                           \
  F(display_name)                                   \
  F(binpath)                                        \
  F(username)                                       \
  F(start_type)                                     \
  F(status)                                         \
  F(description)                                    \
  O(pid, PSINFO_WIN_SERVICE_HAS_PID)

#endif /* PSINFO_CAPI_TABLES_H */
