// The C API: turns the C++ results into the C structs of psinfo.h and every exception into a
// PSINFO_E... code plus a per-thread message. Nothing thrown ever leaves this file.
#include <psinfo/psinfo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <psinfo/psinfo.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "convert.hpp"

using namespace psinfo::capi;  // the helpers shared with psinfo_c_sampler.cpp

// The published layouts: a change here breaks every compiled caller. Structs only grow at
// the end (then update these sizes and keep the old offsets).
static_assert(sizeof(psinfo_cpu_times_t) == 104, "ABI: psinfo_cpu_times_t");
static_assert(sizeof(psinfo_cpu_stats_t) == 40, "ABI: psinfo_cpu_stats_t");
static_assert(sizeof(psinfo_cpu_freq_t) == 32, "ABI: psinfo_cpu_freq_t");
static_assert(sizeof(psinfo_virtual_memory_t) == 104, "ABI: psinfo_virtual_memory_t");
static_assert(sizeof(psinfo_swap_memory_t) == 56, "ABI: psinfo_swap_memory_t");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_user_t) == 48, "ABI: psinfo_user_t");
static_assert(PSINFO_VIRTUAL_MEMORY_MIN_SIZE == 48 && PSINFO_CPU_TIMES_MIN_SIZE == 32,
              "ABI: the smallest accepted struct sizes never change");
static_assert(sizeof(psinfo_disk_usage_t) == 40, "ABI: psinfo_disk_usage_t");
static_assert(sizeof(psinfo_sensors_battery_t) == 32, "ABI: psinfo_sensors_battery_t");
static_assert(offsetof(psinfo_sensors_battery_t, power_plugged) == 24, "ABI: sensors_battery");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_partition_t) == 40, "ABI: psinfo_partition_t");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_disk_io_counters_t) == 88,
              "ABI: psinfo_disk_io_counters_t");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_net_io_counters_t) == 80,
              "ABI: psinfo_net_io_counters_t");
static_assert(sizeof(void*) != 8 || (sizeof(psinfo_net_if_addr_t) == 56 &&
                                     offsetof(psinfo_net_if_addr_t, address) == 24),
              "ABI: psinfo_net_if_addr_t");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_net_if_stats_t) == 40,
              "ABI: psinfo_net_if_stats_t");
static_assert(sizeof(void*) != 8 || (sizeof(psinfo_connection_t) == 64 &&
                                     offsetof(psinfo_connection_t, laddr_port) == 40 &&
                                     offsetof(psinfo_connection_t, pid) == 56),
              "ABI: psinfo_connection_t");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_sensors_temperature_t) == 48,
              "ABI: psinfo_sensors_temperature_t");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_sensors_fan_t) == 32,
              "ABI: psinfo_sensors_fan_t");
static_assert(PSINFO_DISK_IO_COUNTERS_MIN_SIZE == 16 + 4 * 8 || sizeof(void*) != 8,
              "ABI: the smallest accepted struct sizes never change");

struct psinfo_cpu_sampler_s {
  psinfo::cpu_sampler sampler;
};

namespace {

// user_t (strings are placed by fill_users)
const field user_fields[] = {
    PSINFO_FIELD(psinfo_user_t, name, 0),
    PSINFO_FIELD(psinfo_user_t, terminal, PSINFO_USER_HAS_TERMINAL),
    PSINFO_FIELD(psinfo_user_t, host, 0),
    PSINFO_FIELD(psinfo_user_t, started, 0),
    PSINFO_FIELD(psinfo_user_t, pid, PSINFO_USER_HAS_PID),
};

// The users and their strings in one block: the array, then the strings. One free() releases
// everything.
int fill_users(psinfo_user_t** out, size_t* count, size_t elem_size,
               const std::vector<psinfo::user_t>& v) {
  if (v.empty()) return 0;
  size_t strings = 0;
  for (const psinfo::user_t& u : v)
    strings += u.name.size() + 1 + u.host.size() + 1 + (u.terminal ? u.terminal->size() + 1 : 0);
  char* base = static_cast<char*>(alloc_list(v.size(), elem_size, strings));
  char* pool = base + v.size() * elem_size;
  auto place = [&pool](const std::string& s) {
    char* p = pool;
    std::memcpy(p, s.c_str(), s.size() + 1);
    pool += s.size() + 1;
    return static_cast<const char*>(p);
  };
  for (size_t i = 0; i < v.size(); ++i) {
    const psinfo::user_t& u = v[i];
    psinfo_user_t c{};
    c.name = place(u.name);
    if (u.terminal) {
      c.terminal = place(*u.terminal);
      c.present |= PSINFO_USER_HAS_TERMINAL;
    }
    c.host = place(u.host);
    c.started = u.started;
    if (u.pid) {
      c.pid = static_cast<int64_t>(*u.pid);
      c.present |= PSINFO_USER_HAS_PID;
    }
    store(base + i * elem_size, elem_size, c, user_fields);
  }
  *out = reinterpret_cast<psinfo_user_t*>(base);
  *count = v.size();
  return 0;
}

// ---- Disks -----------------------------------------------------------------------------

const field partition_fields[] = {
    PSINFO_FIELD(psinfo_partition_t, device, 0),
    PSINFO_FIELD(psinfo_partition_t, mountpoint, 0),
    PSINFO_FIELD(psinfo_partition_t, fstype, 0),
    PSINFO_FIELD(psinfo_partition_t, opts, 0),
};

psinfo_partition_t to_c(const psinfo::partition_t& p, string_pool& pool) {
  auto c = zeroed<psinfo_partition_t>();
  c.device = pool.place(p.device);
  c.mountpoint = pool.place(p.mountpoint);
  c.fstype = pool.place(p.fstype);
  c.opts = pool.place(p.opts);
  return c;
}

const field disk_usage_fields[] = {
    PSINFO_FIELD(psinfo_disk_usage_t, total, 0),
    PSINFO_FIELD(psinfo_disk_usage_t, used, 0),
    PSINFO_FIELD(psinfo_disk_usage_t, free, 0),
    PSINFO_FIELD(psinfo_disk_usage_t, percent, 0),
};

psinfo_disk_usage_t to_c(const psinfo::disk_usage_t& u) {
  auto c = zeroed<psinfo_disk_usage_t>();
  c.total = u.total;
  c.used = u.used;
  c.free = u.free;
  c.percent = u.percent;
  return c;
}

// ---- Network ---------------------------------------------------------------------------

const field net_if_addr_fields[] = {
    PSINFO_FIELD(psinfo_net_if_addr_t, name, 0),
    PSINFO_FIELD(psinfo_net_if_addr_t, family, 0),
    PSINFO_FIELD(psinfo_net_if_addr_t, address, PSINFO_NET_IF_ADDR_HAS_ADDRESS),
    PSINFO_FIELD(psinfo_net_if_addr_t, netmask, PSINFO_NET_IF_ADDR_HAS_NETMASK),
    PSINFO_FIELD(psinfo_net_if_addr_t, broadcast, PSINFO_NET_IF_ADDR_HAS_BROADCAST),
    PSINFO_FIELD(psinfo_net_if_addr_t, ptp, PSINFO_NET_IF_ADDR_HAS_PTP),
};

void put_opt_str(const char*& dst, uint32_t& present, uint32_t bit,
                 const std::optional<std::string>& v, string_pool& pool) {
  if (v) {
    dst = pool.place(*v);
    present |= bit;
  }
}

const field net_if_stats_fields[] = {
    PSINFO_FIELD(psinfo_net_if_stats_t, name, 0),   PSINFO_FIELD(psinfo_net_if_stats_t, isup, 0),
    PSINFO_FIELD(psinfo_net_if_stats_t, duplex, 0), PSINFO_FIELD(psinfo_net_if_stats_t, speed, 0),
    PSINFO_FIELD(psinfo_net_if_stats_t, mtu, 0),    PSINFO_FIELD(psinfo_net_if_stats_t, flags, 0),
};

const field connection_fields[] = {
    PSINFO_FIELD(psinfo_connection_t, fd, 0),
    PSINFO_FIELD(psinfo_connection_t, family, 0),
    PSINFO_FIELD(psinfo_connection_t, type, 0),
    PSINFO_FIELD(psinfo_connection_t, status, 0),
    PSINFO_FIELD(psinfo_connection_t, laddr_ip, PSINFO_CONNECTION_HAS_LADDR),
    PSINFO_FIELD(psinfo_connection_t, raddr_ip, PSINFO_CONNECTION_HAS_RADDR),
    PSINFO_FIELD(psinfo_connection_t, laddr_port, PSINFO_CONNECTION_HAS_LADDR),
    PSINFO_FIELD(psinfo_connection_t, raddr_port, PSINFO_CONNECTION_HAS_RADDR),
    PSINFO_FIELD(psinfo_connection_t, path, PSINFO_CONNECTION_HAS_PATH),
    PSINFO_FIELD(psinfo_connection_t, pid, PSINFO_CONNECTION_HAS_PID),
};

// psutil's CONN_* strings, indexed by PSINFO_CONN_*.
constexpr const char* conn_status_names[] = {"NONE",       "ESTABLISHED", "SYN_SENT",  "SYN_RECV",
                                             "FIN_WAIT1",  "FIN_WAIT2",   "TIME_WAIT", "CLOSE",
                                             "CLOSE_WAIT", "LAST_ACK",    "LISTEN",    "CLOSING",
                                             "DELETE_TCB", "IDLE",        "BOUND"};

int32_t conn_status_code(const std::string& s) {
  for (size_t i = 0; i < sizeof conn_status_names / sizeof conn_status_names[0]; ++i)
    if (s == conn_status_names[i]) return static_cast<int32_t>(i);
  throw psinfo::error("net_connections: unknown connection status '" + s + "'");
}

psinfo_connection_t to_c(const psinfo::connection_t& k, string_pool& pool) {
  auto c = zeroed<psinfo_connection_t>();
  c.fd = k.fd;
  c.family = static_cast<int32_t>(k.family);
  c.type = static_cast<int32_t>(k.type);
  c.status = conn_status_code(k.status);
  if (k.laddr) {
    c.laddr_ip = pool.place(k.laddr->ip);
    c.laddr_port = k.laddr->port;
    c.present |= PSINFO_CONNECTION_HAS_LADDR;
  }
  if (k.raddr) {
    c.raddr_ip = pool.place(k.raddr->ip);
    c.raddr_port = k.raddr->port;
    c.present |= PSINFO_CONNECTION_HAS_RADDR;
  }
  if (k.family == psinfo::address_family::unix_) {
    c.path = pool.place(k.path);
    c.present |= PSINFO_CONNECTION_HAS_PATH;
  }
  if (k.pid) {
    c.pid = static_cast<int64_t>(*k.pid);
    c.present |= PSINFO_CONNECTION_HAS_PID;
  }
  return c;
}

// ---- Sensors ---------------------------------------------------------------------------

const field temperature_fields[] = {
    PSINFO_FIELD(psinfo_sensors_temperature_t, name, 0),
    PSINFO_FIELD(psinfo_sensors_temperature_t, label, 0),
    PSINFO_FIELD(psinfo_sensors_temperature_t, current, 0),
    PSINFO_FIELD(psinfo_sensors_temperature_t, high, PSINFO_SENSORS_TEMPERATURE_HAS_HIGH),
    PSINFO_FIELD(psinfo_sensors_temperature_t, critical, PSINFO_SENSORS_TEMPERATURE_HAS_CRITICAL),
};

const field fan_fields[] = {
    PSINFO_FIELD(psinfo_sensors_fan_t, name, 0),
    PSINFO_FIELD(psinfo_sensors_fan_t, label, 0),
    PSINFO_FIELD(psinfo_sensors_fan_t, current, 0),
};

const field battery_fields[] = {
    PSINFO_FIELD(psinfo_sensors_battery_t, percent, 0),
    PSINFO_FIELD(psinfo_sensors_battery_t, secsleft, 0),
    PSINFO_FIELD(psinfo_sensors_battery_t, power_plugged, PSINFO_SENSORS_BATTERY_HAS_POWER_PLUGGED),
};

psinfo_sensors_battery_t to_c(const psinfo::sensors_battery_t& b) {
  auto c = zeroed<psinfo_sensors_battery_t>();
  c.percent = b.percent;
  c.secsleft = static_cast<int64_t>(b.secsleft);
  if (b.power_plugged) {
    c.power_plugged = *b.power_plugged ? 1 : 0;
    c.present |= PSINFO_SENSORS_BATTERY_HAS_POWER_PLUGGED;
  }
  return c;
}

int copy_path(char* buf, size_t* size, const std::string& s, const char* fn) {
  not_null(size, "size");
  if (buf == nullptr && *size != 0) bad_arg("buf is NULL but *size is not 0");
  if (*size < s.size() + 1) {
    size_t have = *size;
    *size = s.size() + 1;
    return fail(PSINFO_ENOBUFS, fn, "the path needs %zu bytes, the buffer has %zu", s.size() + 1,
                have);
  }
  std::memcpy(buf, s.c_str(), s.size() + 1);
  *size = s.size();
  return 0;
}

}  // namespace

extern "C" {

// ---- Errors and version --------------------------------------------------------------------

const char* psinfo_strerror(int code) {
  switch (code) {
    case 0:
      return "success";
#define PSINFO_STRERROR_CASE_(name, code, desc) \
  case code:                                    \
    return desc;
      PSINFO_ERRNO_MAP(PSINFO_STRERROR_CASE_)
#undef PSINFO_STRERROR_CASE_
  }
  return "unknown error code";
}

const char* psinfo_err_name(int code) {
  switch (code) {
    case 0:
      return "OK";
#define PSINFO_ERR_NAME_CASE_(name, code, desc) \
  case code:                                    \
    return #name;
      PSINFO_ERRNO_MAP(PSINFO_ERR_NAME_CASE_)
#undef PSINFO_ERR_NAME_CASE_
  }
  return "UNKNOWN";
}

const char* psinfo_last_error_message(void) { return last_error; }

const char* psinfo_version(void) { return psinfo::version(); }

uint32_t psinfo_version_hex(void) { return PSINFO_VERSION_HEX; }

// ---- CPU -----------------------------------------------------------------------------------

int psinfo_cpu_times(psinfo_cpu_times_t* out) {
  return guard("psinfo_cpu_times", [&] {
    return store_one(
        out, PSINFO_CPU_TIMES_MIN_SIZE, [] { return psinfo::cpu_times(); }, cpu_times_fields);
  });
}

int psinfo_cpu_times_percpu(psinfo_cpu_times_t** out, size_t* count, size_t elem_size) {
  return guard("psinfo_cpu_times_percpu", [&] {
    check_list(out, count, elem_size, PSINFO_CPU_TIMES_MIN_SIZE);
    return store_list(out, count, elem_size, psinfo::cpu_times_percpu(), cpu_times_fields);
  });
}

void psinfo_free_cpu_times_percpu(psinfo_cpu_times_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_cpu_percent(double* out, double interval) {
  return guard("psinfo_cpu_percent", [&] {
    not_null(out, "out");
    *out = psinfo::cpu_percent(interval);
    return 0;
  });
}

int psinfo_cpu_percent_percpu(double** out, size_t* count, double interval) {
  return guard("psinfo_cpu_percent_percpu", [&] {
    check_doubles(out, count);
    return store_doubles(out, count, psinfo::cpu_percent_percpu(interval));
  });
}

void psinfo_free_cpu_percent_percpu(double* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_cpu_times_percent(psinfo_cpu_times_t* out, double interval) {
  return guard("psinfo_cpu_times_percent", [&] {
    return store_one(
        out, PSINFO_CPU_TIMES_MIN_SIZE, [&] { return psinfo::cpu_times_percent(interval); },
        cpu_times_fields);
  });
}

int psinfo_cpu_times_percent_percpu(psinfo_cpu_times_t** out, size_t* count, size_t elem_size,
                                    double interval) {
  return guard("psinfo_cpu_times_percent_percpu", [&] {
    check_list(out, count, elem_size, PSINFO_CPU_TIMES_MIN_SIZE);
    return store_list(out, count, elem_size, psinfo::cpu_times_percent_percpu(interval),
                      cpu_times_fields);
  });
}

void psinfo_free_cpu_times_percent_percpu(psinfo_cpu_times_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_cpu_count(int32_t* out, int logical) {
  return guard("psinfo_cpu_count", [&] {
    not_null(out, "out");
    std::optional<int> n = psinfo::cpu_count(logical != 0);
    if (!n)
      return fail(PSINFO_ENOVALUE, "psinfo_cpu_count", "the number of %s cannot be determined",
                  logical ? "logical CPUs" : "physical cores");
    *out = static_cast<int32_t>(*n);
    return 0;
  });
}

int psinfo_cpu_stats(psinfo_cpu_stats_t* out) {
  return guard("psinfo_cpu_stats", [&] {
    return store_one(
        out, PSINFO_CPU_STATS_MIN_SIZE, [] { return psinfo::cpu_stats(); }, cpu_stats_fields);
  });
}

int psinfo_cpu_freq(psinfo_cpu_freq_t* out) {
  return guard("psinfo_cpu_freq", [&] {
    size_t size = caller_size(out, PSINFO_CPU_FREQ_MIN_SIZE);
    std::optional<psinfo::cpu_freq_t> f = psinfo::cpu_freq();
    if (!f) return fail(PSINFO_ENOVALUE, "psinfo_cpu_freq", "no CPU frequency is known");
    store(out, size, to_c(*f), cpu_freq_fields);
    return 0;
  });
}

int psinfo_cpu_freq_percpu(psinfo_cpu_freq_t** out, size_t* count, size_t elem_size) {
  return guard("psinfo_cpu_freq_percpu", [&] {
    check_list(out, count, elem_size, PSINFO_CPU_FREQ_MIN_SIZE);
    return store_list(out, count, elem_size, psinfo::cpu_freq_percpu(), cpu_freq_fields);
  });
}

void psinfo_free_cpu_freq_percpu(psinfo_cpu_freq_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_getloadavg(double out[3]) {
  return guard("psinfo_getloadavg", [&] {
    not_null(out, "out");
    std::array<double, 3> a = psinfo::getloadavg();
    std::copy(a.begin(), a.end(), out);
    return 0;
  });
}

// ---- CPU sampler ---------------------------------------------------------------------------

int psinfo_cpu_sampler_new(psinfo_cpu_sampler_t** out) {
  return guard("psinfo_cpu_sampler_new", [&] {
    not_null(out, "out");
    *out = nullptr;
    *out = new psinfo_cpu_sampler_s();
    return 0;
  });
}

void psinfo_cpu_sampler_free(psinfo_cpu_sampler_t* sampler) { delete sampler; }

int psinfo_cpu_sampler_percent(double* out, psinfo_cpu_sampler_t* sampler) {
  return guard("psinfo_cpu_sampler_percent", [&] {
    not_null(out, "out");
    not_null(sampler, "sampler");
    *out = sampler->sampler.percent();
    return 0;
  });
}

int psinfo_cpu_sampler_percent_percpu(double** out, size_t* count, psinfo_cpu_sampler_t* sampler) {
  return guard("psinfo_cpu_sampler_percent_percpu", [&] {
    check_doubles(out, count);
    not_null(sampler, "sampler");
    return store_doubles(out, count, sampler->sampler.percent_percpu());
  });
}

int psinfo_cpu_sampler_times_percent(psinfo_cpu_times_t* out, psinfo_cpu_sampler_t* sampler) {
  return guard("psinfo_cpu_sampler_times_percent", [&] {
    not_null(sampler, "sampler");
    return store_one(
        out, PSINFO_CPU_TIMES_MIN_SIZE, [&] { return sampler->sampler.times_percent(); },
        cpu_times_fields);
  });
}

int psinfo_cpu_sampler_times_percent_percpu(psinfo_cpu_times_t** out, size_t* count,
                                            size_t elem_size, psinfo_cpu_sampler_t* sampler) {
  return guard("psinfo_cpu_sampler_times_percent_percpu", [&] {
    check_list(out, count, elem_size, PSINFO_CPU_TIMES_MIN_SIZE);
    not_null(sampler, "sampler");
    return store_list(out, count, elem_size, sampler->sampler.times_percent_percpu(),
                      cpu_times_fields);
  });
}

// ---- Memory --------------------------------------------------------------------------------

int psinfo_virtual_memory(psinfo_virtual_memory_t* out) {
  return guard("psinfo_virtual_memory", [&] {
    return store_one(
        out, PSINFO_VIRTUAL_MEMORY_MIN_SIZE, [] { return psinfo::virtual_memory(); },
        virtual_memory_fields);
  });
}

int psinfo_swap_memory(psinfo_swap_memory_t* out) {
  return guard("psinfo_swap_memory", [&] {
    return store_one(
        out, PSINFO_SWAP_MEMORY_MIN_SIZE, [] { return psinfo::swap_memory(); }, swap_memory_fields);
  });
}

// ---- Host ----------------------------------------------------------------------------------

int psinfo_boot_time(double* out) {
  return guard("psinfo_boot_time", [&] {
    not_null(out, "out");
    *out = psinfo::boot_time();
    return 0;
  });
}

int psinfo_users(psinfo_user_t** out, size_t* count, size_t elem_size) {
  return guard("psinfo_users", [&] {
    check_list(out, count, elem_size, PSINFO_USER_MIN_SIZE);
    return fill_users(out, count, elem_size, psinfo::users());
  });
}

void psinfo_free_users(psinfo_user_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_set_procfs_path(const char* path) {
  return guard("psinfo_set_procfs_path", [&] {
    not_null(path, "path");
    psinfo::set_procfs_path(path);
    return 0;
  });
}

int psinfo_set_sysfs_path(const char* path) {
  return guard("psinfo_set_sysfs_path", [&] {
    not_null(path, "path");
    psinfo::set_sysfs_path(path);
    return 0;
  });
}

int psinfo_procfs_path(char* buf, size_t* size) {
  return guard("psinfo_procfs_path",
               [&] { return copy_path(buf, size, psinfo::procfs_path(), "psinfo_procfs_path"); });
}

int psinfo_sysfs_path(char* buf, size_t* size) {
  return guard("psinfo_sysfs_path",
               [&] { return copy_path(buf, size, psinfo::sysfs_path(), "psinfo_sysfs_path"); });
}

// ---- Disks ---------------------------------------------------------------------------------

int psinfo_disk_partitions(psinfo_partition_t** out, size_t* count, size_t elem_size, int all) {
  return guard("psinfo_disk_partitions", [&] {
    check_list(out, count, elem_size, PSINFO_PARTITION_MIN_SIZE);
    return store_pooled(
        out, count, elem_size, psinfo::disk_partitions(all != 0),
        [](const psinfo::partition_t& p, string_pool& pool) { return to_c(p, pool); },
        partition_fields);
  });
}

void psinfo_free_disk_partitions(psinfo_partition_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_disk_usage(psinfo_disk_usage_t* out, const char* path) {
  return guard("psinfo_disk_usage", [&] {
    size_t size = caller_size(out, PSINFO_DISK_USAGE_MIN_SIZE);
    not_null(path, "path");
    store(out, size, to_c(psinfo::disk_usage(path)), disk_usage_fields);
    return 0;
  });
}

int psinfo_disk_io_counters(psinfo_disk_io_counters_t* out, int nowrap) {
  return guard("psinfo_disk_io_counters", [&] {
    size_t size = caller_size(out, PSINFO_DISK_IO_COUNTERS_MIN_SIZE);
    std::optional<psinfo::disk_io_counters_t> d = psinfo::disk_io_counters(nowrap != 0);
    if (!d) return fail(PSINFO_ENOVALUE, "psinfo_disk_io_counters", "no disk is listed");
    store(out, size, to_c(*d), disk_io_fields);
    return 0;
  });
}

int psinfo_disk_io_counters_perdisk(psinfo_disk_io_counters_t** out, size_t* count,
                                    size_t elem_size, int nowrap) {
  return guard("psinfo_disk_io_counters_perdisk", [&] {
    check_list(out, count, elem_size, PSINFO_DISK_IO_COUNTERS_MIN_SIZE);
    auto m = psinfo::disk_io_counters_perdisk(nowrap != 0);
    return store_named(out, count, elem_size, m, disk_io_fields);
  });
}

void psinfo_free_disk_io_counters_perdisk(psinfo_disk_io_counters_t* list, size_t count) {
  (void)count;
  std::free(list);
}

// ---- Network -------------------------------------------------------------------------------

const char* psinfo_address_family_name(int family) {
  switch (family) {
    case PSINFO_AF_UNSPEC:
    case PSINFO_AF_UNIX:
    case PSINFO_AF_INET:
    case PSINFO_AF_INET6:
    case PSINFO_AF_LINK:
      return psinfo::to_string(static_cast<psinfo::address_family>(family));
  }
  return "?";
}

const char* psinfo_socket_type_name(int type) {
  switch (type) {
    case PSINFO_SOCK_STREAM:
    case PSINFO_SOCK_DGRAM:
    case PSINFO_SOCK_RAW:
    case PSINFO_SOCK_SEQPACKET:
      return psinfo::to_string(static_cast<psinfo::socket_type>(type));
  }
  return "?";
}

const char* psinfo_nic_duplex_name(int duplex) {
  switch (duplex) {
    case PSINFO_NIC_DUPLEX_UNKNOWN:
    case PSINFO_NIC_DUPLEX_HALF:
    case PSINFO_NIC_DUPLEX_FULL:
      return psinfo::to_string(static_cast<psinfo::nic_duplex>(duplex));
  }
  return "?";
}

const char* psinfo_conn_status_name(int status) {
  if (status < 0 ||
      static_cast<size_t>(status) >= sizeof conn_status_names / sizeof conn_status_names[0])
    return "?";
  return conn_status_names[status];
}

int psinfo_net_io_counters(psinfo_net_io_counters_t* out, int nowrap) {
  return guard("psinfo_net_io_counters", [&] {
    size_t size = caller_size(out, PSINFO_NET_IO_COUNTERS_MIN_SIZE);
    std::optional<psinfo::net_io_counters_t> n = psinfo::net_io_counters(nowrap != 0);
    if (!n)
      return fail(PSINFO_ENOVALUE, "psinfo_net_io_counters", "no network interface is listed");
    store(out, size, to_c(*n), net_io_fields);
    return 0;
  });
}

int psinfo_net_io_counters_pernic(psinfo_net_io_counters_t** out, size_t* count, size_t elem_size,
                                  int nowrap) {
  return guard("psinfo_net_io_counters_pernic", [&] {
    check_list(out, count, elem_size, PSINFO_NET_IO_COUNTERS_MIN_SIZE);
    auto m = psinfo::net_io_counters_pernic(nowrap != 0);
    return store_named(out, count, elem_size, m, net_io_fields);
  });
}

void psinfo_free_net_io_counters_pernic(psinfo_net_io_counters_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_net_if_addrs(psinfo_net_if_addr_t** out, size_t* count, size_t elem_size) {
  return guard("psinfo_net_if_addrs", [&] {
    check_list(out, count, elem_size, PSINFO_NET_IF_ADDR_MIN_SIZE);
    auto m = psinfo::net_if_addrs();
    return store_pooled(
        out, count, elem_size, flatten(m),
        [](const auto& e, string_pool& pool) {
          const psinfo::net_if_addr_t& a = *e.second;
          auto c = zeroed<psinfo_net_if_addr_t>();
          c.name = pool.place(*e.first);
          c.family = static_cast<int32_t>(a.family);
          put_opt_str(c.address, c.present, PSINFO_NET_IF_ADDR_HAS_ADDRESS, a.address, pool);
          put_opt_str(c.netmask, c.present, PSINFO_NET_IF_ADDR_HAS_NETMASK, a.netmask, pool);
          put_opt_str(c.broadcast, c.present, PSINFO_NET_IF_ADDR_HAS_BROADCAST, a.broadcast, pool);
          put_opt_str(c.ptp, c.present, PSINFO_NET_IF_ADDR_HAS_PTP, a.ptp, pool);
          return c;
        },
        net_if_addr_fields);
  });
}

void psinfo_free_net_if_addrs(psinfo_net_if_addr_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_net_if_stats(psinfo_net_if_stats_t** out, size_t* count, size_t elem_size) {
  return guard("psinfo_net_if_stats", [&] {
    check_list(out, count, elem_size, PSINFO_NET_IF_STATS_MIN_SIZE);
    auto m = psinfo::net_if_stats();
    return store_pooled(
        out, count, elem_size, by_name(m),
        [](const auto& e, string_pool& pool) {
          const psinfo::net_if_stats_t& s = *e.second;
          auto c = zeroed<psinfo_net_if_stats_t>();
          c.name = pool.place(*e.first);
          c.isup = s.isup ? 1 : 0;
          c.duplex = static_cast<int32_t>(s.duplex);
          c.speed = s.speed;
          c.mtu = s.mtu;
          c.flags = pool.place(s.flags);
          return c;
        },
        net_if_stats_fields);
  });
}

void psinfo_free_net_if_stats(psinfo_net_if_stats_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_net_connections(psinfo_connection_t** out, size_t* count, size_t elem_size,
                           const char* kind) {
  return guard("psinfo_net_connections", [&] {
    check_list(out, count, elem_size, PSINFO_CONNECTION_MIN_SIZE);
    not_null(kind, "kind");
    return store_pooled(
        out, count, elem_size, psinfo::net_connections(kind),
        [](const psinfo::connection_t& k, string_pool& pool) { return to_c(k, pool); },
        connection_fields);
  });
}

void psinfo_free_net_connections(psinfo_connection_t* list, size_t count) {
  (void)count;
  std::free(list);
}

// ---- Sensors -------------------------------------------------------------------------------

int psinfo_sensors_temperatures(psinfo_sensors_temperature_t** out, size_t* count, size_t elem_size,
                                int fahrenheit) {
  return guard("psinfo_sensors_temperatures", [&] {
    check_list(out, count, elem_size, PSINFO_SENSORS_TEMPERATURE_MIN_SIZE);
    auto m = psinfo::sensors_temperatures(fahrenheit != 0);
    return store_pooled(
        out, count, elem_size, flatten(m),
        [](const auto& e, string_pool& pool) {
          const psinfo::sensors_temperature_t& t = *e.second;
          auto c = zeroed<psinfo_sensors_temperature_t>();
          c.name = pool.place(*e.first);
          c.label = pool.place(t.label);
          c.current = t.current;
          put_opt(c.high, c.present, PSINFO_SENSORS_TEMPERATURE_HAS_HIGH, t.high);
          put_opt(c.critical, c.present, PSINFO_SENSORS_TEMPERATURE_HAS_CRITICAL, t.critical);
          return c;
        },
        temperature_fields);
  });
}

void psinfo_free_sensors_temperatures(psinfo_sensors_temperature_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_sensors_fans(psinfo_sensors_fan_t** out, size_t* count, size_t elem_size) {
  return guard("psinfo_sensors_fans", [&] {
    check_list(out, count, elem_size, PSINFO_SENSORS_FAN_MIN_SIZE);
    auto m = psinfo::sensors_fans();
    return store_pooled(
        out, count, elem_size, flatten(m),
        [](const auto& e, string_pool& pool) {
          auto c = zeroed<psinfo_sensors_fan_t>();
          c.name = pool.place(*e.first);
          c.label = pool.place(e.second->label);
          c.current = e.second->current;
          return c;
        },
        fan_fields);
  });
}

void psinfo_free_sensors_fans(psinfo_sensors_fan_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_sensors_battery(psinfo_sensors_battery_t* out) {
  return guard("psinfo_sensors_battery", [&] {
    size_t size = caller_size(out, PSINFO_SENSORS_BATTERY_MIN_SIZE);
    std::optional<psinfo::sensors_battery_t> b = psinfo::sensors_battery();
    if (!b) return fail(PSINFO_ENOVALUE, "psinfo_sensors_battery", "no battery is installed");
    store(out, size, to_c(*b), battery_fields);
    return 0;
  });
}

// ---- nowrap state --------------------------------------------------------------------------

int psinfo_cache_clear(const char* name) {
  return guard("psinfo_cache_clear", [&] {
    not_null(name, "name");
    std::string_view n(name);
    if (!n.empty() && n != "disk_io_counters" && n != "net_io_counters")
      bad_arg("unknown name '" + std::string(n) +
              "'; choose between disk_io_counters, net_io_counters, or \"\" for both");
    psinfo::cache_clear(n);
    return 0;
  });
}

}  // extern "C"

// ==== Processes ==============================================================================

static_assert(sizeof(psinfo_uids_t) == 32, "ABI: psinfo_uids_t");
static_assert(sizeof(psinfo_process_io_counters_t) == 72, "ABI: psinfo_process_io_counters_t");
static_assert(sizeof(psinfo_ctx_switches_t) == 24, "ABI: psinfo_ctx_switches_t");
static_assert(sizeof(psinfo_thread_t) == 32, "ABI: psinfo_thread_t");
static_assert(sizeof(psinfo_process_cpu_times_t) == 48, "ABI: psinfo_process_cpu_times_t");
static_assert(sizeof(psinfo_memory_info_t) == 128, "ABI: psinfo_memory_info_t");
static_assert(sizeof(psinfo_memory_full_info_t) == 32, "ABI: psinfo_memory_full_info_t");
static_assert(sizeof(psinfo_page_faults_t) == 24, "ABI: psinfo_page_faults_t");
static_assert(sizeof(psinfo_wait_status_t) == 16, "ABI: psinfo_wait_status_t");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_memory_map_t) == 112, "ABI: psinfo_memory_map_t");
static_assert(sizeof(void*) != 8 || (sizeof(psinfo_open_file_t) == 40 &&
                                     offsetof(psinfo_open_file_t, position) == 24),
              "ABI: psinfo_open_file_t");
static_assert(sizeof(void*) != 8 || (sizeof(psinfo_process_info_t) == 432 &&
                                     offsetof(psinfo_process_info_t, pid) == 16 &&
                                     offsetof(psinfo_process_info_t, uids_real) == 112 &&
                                     offsetof(psinfo_process_info_t, cpu_user) == 248 &&
                                     offsetof(psinfo_process_info_t, mem_rss) == 320),
              "ABI: psinfo_process_info_t");
static_assert(PSINFO_PROCESS_INFO_MIN_SIZE == 24 && PSINFO_MEMORY_INFO_MIN_SIZE == 24 &&
                  PSINFO_PROCESS_CPU_TIMES_MIN_SIZE == 40,
              "ABI: the smallest accepted struct sizes never change");

// The C attribute bits are psinfo::attr's.
#define PSINFO_SAME_ATTR_(c, cpp) \
  static_assert((c) == static_cast<uint64_t>(psinfo::attr::cpp), "PSINFO_ATTR_ bit of " #cpp)
PSINFO_SAME_ATTR_(PSINFO_ATTR_PID, pid);
PSINFO_SAME_ATTR_(PSINFO_ATTR_PPID, ppid);
PSINFO_SAME_ATTR_(PSINFO_ATTR_NAME, name);
PSINFO_SAME_ATTR_(PSINFO_ATTR_EXE, exe);
PSINFO_SAME_ATTR_(PSINFO_ATTR_CMDLINE, cmdline);
PSINFO_SAME_ATTR_(PSINFO_ATTR_ENVIRON, environ);
PSINFO_SAME_ATTR_(PSINFO_ATTR_CREATE_TIME, create_time);
PSINFO_SAME_ATTR_(PSINFO_ATTR_STATUS, status);
PSINFO_SAME_ATTR_(PSINFO_ATTR_CWD, cwd);
PSINFO_SAME_ATTR_(PSINFO_ATTR_USERNAME, username);
PSINFO_SAME_ATTR_(PSINFO_ATTR_UIDS, uids);
PSINFO_SAME_ATTR_(PSINFO_ATTR_GIDS, gids);
PSINFO_SAME_ATTR_(PSINFO_ATTR_TERMINAL, terminal);
PSINFO_SAME_ATTR_(PSINFO_ATTR_NICE, nice);
PSINFO_SAME_ATTR_(PSINFO_ATTR_IONICE, ionice);
PSINFO_SAME_ATTR_(PSINFO_ATTR_IO_COUNTERS, io_counters);
PSINFO_SAME_ATTR_(PSINFO_ATTR_NUM_CTX_SWITCHES, num_ctx_switches);
PSINFO_SAME_ATTR_(PSINFO_ATTR_NUM_FDS, num_fds);
PSINFO_SAME_ATTR_(PSINFO_ATTR_NUM_THREADS, num_threads);
PSINFO_SAME_ATTR_(PSINFO_ATTR_THREADS, threads);
PSINFO_SAME_ATTR_(PSINFO_ATTR_CPU_TIMES, cpu_times);
PSINFO_SAME_ATTR_(PSINFO_ATTR_CPU_PERCENT, cpu_percent);
PSINFO_SAME_ATTR_(PSINFO_ATTR_CPU_NUM, cpu_num);
PSINFO_SAME_ATTR_(PSINFO_ATTR_CPU_AFFINITY, cpu_affinity);
PSINFO_SAME_ATTR_(PSINFO_ATTR_MEMORY_INFO, memory_info);
PSINFO_SAME_ATTR_(PSINFO_ATTR_MEMORY_FULL_INFO, memory_full_info);
PSINFO_SAME_ATTR_(PSINFO_ATTR_MEMORY_PERCENT, memory_percent);
PSINFO_SAME_ATTR_(PSINFO_ATTR_MEMORY_MAPS, memory_maps);
PSINFO_SAME_ATTR_(PSINFO_ATTR_PAGE_FAULTS, page_faults);
PSINFO_SAME_ATTR_(PSINFO_ATTR_OPEN_FILES, open_files);
PSINFO_SAME_ATTR_(PSINFO_ATTR_NET_CONNECTIONS, net_connections);
PSINFO_SAME_ATTR_(PSINFO_ATTR_NUM_HANDLES, num_handles);
#undef PSINFO_SAME_ATTR_
static_assert(static_cast<uint64_t>(psinfo::all_attrs) == (1ull << 32) - 1,
              "a new psinfo::attr needs its PSINFO_ATTR_ macro and a place in the snapshot");

// The handle: the C++ object and the oneshot guards the C caller opened on it.
struct psinfo_process_s {
  explicit psinfo_process_s(psinfo::process&& q) : p(std::move(q)) {}
  psinfo::process p;
  std::unique_ptr<psinfo::process::oneshot_guard> oneshot;
  int oneshot_depth = 0;
};

namespace {

const psinfo::process& proc_of(const psinfo_process_t* h) {
  if (h == nullptr) bad_arg("the process handle is NULL");
  return h->p;
}
psinfo::process& proc_of(psinfo_process_t* h) {
  if (h == nullptr) bad_arg("the process handle is NULL");
  return h->p;
}

psinfo_process_t* new_handle(psinfo::process p) { return new psinfo_process_s(std::move(p)); }

// A malloc'ed copy of s (released by psinfo_free_string).
char* dup_string(std::string_view s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

// Runs get() (which returns std::string, or std::optional<std::string>: absent is
// PSINFO_ENOVALUE) and hands the caller a copy.
template <class Get>
int string_out(char** out, const char* fn, Get get) {
  not_null(out, "out");
  *out = nullptr;
  auto v = get();
  if constexpr (std::is_same_v<decltype(v), std::optional<std::string>>) {
    if (!v) return fail(PSINFO_ENOVALUE, fn, "the process has no such value (psutil's None)");
    *out = dup_string(*v);
  } else {
    *out = dup_string(v);
  }
  return 0;
}

// A list of strings as an array of pointers followed by the strings, in one block.
int store_string_list(char*** out, size_t* count, const std::vector<std::string>& v) {
  if (v.empty()) return 0;
  size_t bytes = 0;
  for (const std::string& s : v) bytes += s.size() + 1;
  if (v.size() > (SIZE_MAX - bytes) / sizeof(char*)) throw std::bad_alloc();
  char** arr = static_cast<char**>(std::malloc(v.size() * sizeof(char*) + bytes));
  if (!arr) throw std::bad_alloc();
  char* pool = reinterpret_cast<char*>(arr + v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    arr[i] = pool;
    std::memcpy(pool, v[i].c_str(), v[i].size() + 1);
    pool += v[i].size() + 1;
  }
  *out = arr;
  *count = v.size();
  return 0;
}

std::vector<std::string> env_strings(const std::map<std::string, std::string>& m) {
  std::vector<std::string> v;
  v.reserve(m.size());
  for (const auto& [k, val] : m) v.push_back(k + "=" + val);
  return v;
}

template <class T>
void check_plain_list(T** out, size_t* count) {
  not_null(out, "out");
  not_null(count, "count");
  *out = nullptr;
  *count = 0;
}

int store_handles(psinfo_process_t*** out, size_t* count, std::vector<psinfo::process>&& v) {
  if (v.empty()) return 0;
  auto** arr = static_cast<psinfo_process_t**>(std::calloc(v.size(), sizeof(psinfo_process_t*)));
  if (!arr) throw std::bad_alloc();
  try {
    for (size_t i = 0; i < v.size(); ++i) arr[i] = new_handle(std::move(v[i]));
  } catch (...) {
    for (size_t i = 0; i < v.size(); ++i) delete arr[i];
    std::free(arr);
    throw;
  }
  *out = arr;
  *count = v.size();
  return 0;
}

// ---- Process structs -----------------------------------------------------------------------

const field uids_fields[] = {
    PSINFO_FIELD(psinfo_uids_t, real, 0),
    PSINFO_FIELD(psinfo_uids_t, effective, 0),
    PSINFO_FIELD(psinfo_uids_t, saved, 0),
};

psinfo_uids_t to_c(const psinfo::uids_t& u) {
  auto c = zeroed<psinfo_uids_t>();
  c.real = u.real;
  c.effective = u.effective;
  c.saved = u.saved;
  return c;
}

const field pio_fields[] = {
    PSINFO_FIELD(psinfo_process_io_counters_t, read_count, 0),
    PSINFO_FIELD(psinfo_process_io_counters_t, write_count, 0),
    PSINFO_FIELD(psinfo_process_io_counters_t, read_bytes, 0),
    PSINFO_FIELD(psinfo_process_io_counters_t, write_bytes, 0),
    PSINFO_FIELD(psinfo_process_io_counters_t, read_chars,
                 PSINFO_PROCESS_IO_COUNTERS_HAS_READ_CHARS),
    PSINFO_FIELD(psinfo_process_io_counters_t, other_count,
                 PSINFO_PROCESS_IO_COUNTERS_HAS_OTHER_COUNT),
    PSINFO_FIELD(psinfo_process_io_counters_t, other_bytes,
                 PSINFO_PROCESS_IO_COUNTERS_HAS_OTHER_BYTES),
    PSINFO_FIELD(psinfo_process_io_counters_t, write_chars,
                 PSINFO_PROCESS_IO_COUNTERS_HAS_WRITE_CHARS),
};

psinfo_process_io_counters_t to_c(const psinfo::io_counters_t& i) {
  auto c = zeroed<psinfo_process_io_counters_t>();
  c.read_count = i.read_count;
  c.write_count = i.write_count;
  c.read_bytes = i.read_bytes;
  c.write_bytes = i.write_bytes;
  put_opt(c.read_chars, c.present, PSINFO_PROCESS_IO_COUNTERS_HAS_READ_CHARS, i.read_chars);
  put_opt(c.write_chars, c.present, PSINFO_PROCESS_IO_COUNTERS_HAS_WRITE_CHARS, i.write_chars);
  put_opt(c.other_count, c.present, PSINFO_PROCESS_IO_COUNTERS_HAS_OTHER_COUNT, i.other_count);
  put_opt(c.other_bytes, c.present, PSINFO_PROCESS_IO_COUNTERS_HAS_OTHER_BYTES, i.other_bytes);
  return c;
}

const field ctx_fields[] = {
    PSINFO_FIELD(psinfo_ctx_switches_t, voluntary, 0),
    PSINFO_FIELD(psinfo_ctx_switches_t, involuntary, 0),
};

psinfo_ctx_switches_t to_c(const psinfo::ctx_switches_t& s) {
  auto c = zeroed<psinfo_ctx_switches_t>();
  c.voluntary = s.voluntary;
  c.involuntary = s.involuntary;
  return c;
}

const field thread_fields[] = {
    PSINFO_FIELD(psinfo_thread_t, id, 0),
    PSINFO_FIELD(psinfo_thread_t, user_time, 0),
    PSINFO_FIELD(psinfo_thread_t, system_time, 0),
};

psinfo_thread_t to_c(const psinfo::thread_t& t) {
  auto c = zeroed<psinfo_thread_t>();
  c.id = t.id;
  c.user_time = t.user_time;
  c.system_time = t.system_time;
  return c;
}

const field pcpu_fields[] = {
    PSINFO_FIELD(psinfo_process_cpu_times_t, user, 0),
    PSINFO_FIELD(psinfo_process_cpu_times_t, system, 0),
    PSINFO_FIELD(psinfo_process_cpu_times_t, children_user, 0),
    PSINFO_FIELD(psinfo_process_cpu_times_t, children_system, 0),
    PSINFO_FIELD(psinfo_process_cpu_times_t, iowait, PSINFO_PROCESS_CPU_TIMES_HAS_IOWAIT),
};

psinfo_process_cpu_times_t to_c(const psinfo::process_cpu_times_t& t) {
  auto c = zeroed<psinfo_process_cpu_times_t>();
  c.user = t.user;
  c.system = t.system;
  c.children_user = t.children_user;
  c.children_system = t.children_system;
  put_opt(c.iowait, c.present, PSINFO_PROCESS_CPU_TIMES_HAS_IOWAIT, t.iowait);
  return c;
}

const field meminfo_fields[] = {
    PSINFO_FIELD(psinfo_memory_info_t, rss, 0),
    PSINFO_FIELD(psinfo_memory_info_t, vms, 0),
    PSINFO_FIELD(psinfo_memory_info_t, shared, PSINFO_MEMORY_INFO_HAS_SHARED),
    PSINFO_FIELD(psinfo_memory_info_t, text, PSINFO_MEMORY_INFO_HAS_TEXT),
    PSINFO_FIELD(psinfo_memory_info_t, data, PSINFO_MEMORY_INFO_HAS_DATA),
    PSINFO_FIELD(psinfo_memory_info_t, num_page_faults, PSINFO_MEMORY_INFO_HAS_NUM_PAGE_FAULTS),
    PSINFO_FIELD(psinfo_memory_info_t, peak_wset, PSINFO_MEMORY_INFO_HAS_PEAK_WSET),
    PSINFO_FIELD(psinfo_memory_info_t, wset, PSINFO_MEMORY_INFO_HAS_WSET),
    PSINFO_FIELD(psinfo_memory_info_t, peak_paged_pool, PSINFO_MEMORY_INFO_HAS_PEAK_PAGED_POOL),
    PSINFO_FIELD(psinfo_memory_info_t, paged_pool, PSINFO_MEMORY_INFO_HAS_PAGED_POOL),
    PSINFO_FIELD(psinfo_memory_info_t, peak_nonpaged_pool,
                 PSINFO_MEMORY_INFO_HAS_PEAK_NONPAGED_POOL),
    PSINFO_FIELD(psinfo_memory_info_t, nonpaged_pool, PSINFO_MEMORY_INFO_HAS_NONPAGED_POOL),
    PSINFO_FIELD(psinfo_memory_info_t, pagefile, PSINFO_MEMORY_INFO_HAS_PAGEFILE),
    PSINFO_FIELD(psinfo_memory_info_t, peak_pagefile, PSINFO_MEMORY_INFO_HAS_PEAK_PAGEFILE),
    PSINFO_FIELD(psinfo_memory_info_t, private_, PSINFO_MEMORY_INFO_HAS_PRIVATE),
};

psinfo_memory_info_t to_c(const psinfo::memory_info_t& m) {
  auto c = zeroed<psinfo_memory_info_t>();
  c.rss = m.rss;
  c.vms = m.vms;
  put_opt(c.shared, c.present, PSINFO_MEMORY_INFO_HAS_SHARED, m.shared);
  put_opt(c.text, c.present, PSINFO_MEMORY_INFO_HAS_TEXT, m.text);
  put_opt(c.data, c.present, PSINFO_MEMORY_INFO_HAS_DATA, m.data);
  put_opt(c.num_page_faults, c.present, PSINFO_MEMORY_INFO_HAS_NUM_PAGE_FAULTS, m.num_page_faults);
  put_opt(c.peak_wset, c.present, PSINFO_MEMORY_INFO_HAS_PEAK_WSET, m.peak_wset);
  put_opt(c.wset, c.present, PSINFO_MEMORY_INFO_HAS_WSET, m.wset);
  put_opt(c.peak_paged_pool, c.present, PSINFO_MEMORY_INFO_HAS_PEAK_PAGED_POOL, m.peak_paged_pool);
  put_opt(c.paged_pool, c.present, PSINFO_MEMORY_INFO_HAS_PAGED_POOL, m.paged_pool);
  put_opt(c.peak_nonpaged_pool, c.present, PSINFO_MEMORY_INFO_HAS_PEAK_NONPAGED_POOL,
          m.peak_nonpaged_pool);
  put_opt(c.nonpaged_pool, c.present, PSINFO_MEMORY_INFO_HAS_NONPAGED_POOL, m.nonpaged_pool);
  put_opt(c.pagefile, c.present, PSINFO_MEMORY_INFO_HAS_PAGEFILE, m.pagefile);
  put_opt(c.peak_pagefile, c.present, PSINFO_MEMORY_INFO_HAS_PEAK_PAGEFILE, m.peak_pagefile);
  put_opt(c.private_, c.present, PSINFO_MEMORY_INFO_HAS_PRIVATE, m.private_);
  return c;
}

const field fullmem_fields[] = {
    PSINFO_FIELD(psinfo_memory_full_info_t, uss, 0),
    PSINFO_FIELD(psinfo_memory_full_info_t, pss, PSINFO_MEMORY_FULL_INFO_HAS_PSS),
    PSINFO_FIELD(psinfo_memory_full_info_t, swap, PSINFO_MEMORY_FULL_INFO_HAS_SWAP),
};

psinfo_memory_full_info_t to_c(const psinfo::memory_full_info_t& m) {
  auto c = zeroed<psinfo_memory_full_info_t>();
  c.uss = m.uss;
  put_opt(c.pss, c.present, PSINFO_MEMORY_FULL_INFO_HAS_PSS, m.pss);
  put_opt(c.swap, c.present, PSINFO_MEMORY_FULL_INFO_HAS_SWAP, m.swap);
  return c;
}

const field page_faults_fields[] = {
    PSINFO_FIELD(psinfo_page_faults_t, minor, 0),
    PSINFO_FIELD(psinfo_page_faults_t, major, 0),
};

psinfo_page_faults_t to_c(const psinfo::page_faults_t& f) {
  auto c = zeroed<psinfo_page_faults_t>();
  c.minor = f.minor;
  c.major = f.major;
  return c;
}

const field mmap_fields[] = {
    PSINFO_FIELD(psinfo_memory_map_t, path, 0),
    PSINFO_FIELD(psinfo_memory_map_t, addr, PSINFO_MEMORY_MAP_HAS_ADDR),
    PSINFO_FIELD(psinfo_memory_map_t, perms, PSINFO_MEMORY_MAP_HAS_PERMS),
    PSINFO_FIELD(psinfo_memory_map_t, rss, 0),
    PSINFO_FIELD(psinfo_memory_map_t, size, 0),
    PSINFO_FIELD(psinfo_memory_map_t, pss, 0),
    PSINFO_FIELD(psinfo_memory_map_t, shared_clean, 0),
    PSINFO_FIELD(psinfo_memory_map_t, shared_dirty, 0),
    PSINFO_FIELD(psinfo_memory_map_t, private_clean, 0),
    PSINFO_FIELD(psinfo_memory_map_t, private_dirty, 0),
    PSINFO_FIELD(psinfo_memory_map_t, referenced, 0),
    PSINFO_FIELD(psinfo_memory_map_t, anonymous, 0),
    PSINFO_FIELD(psinfo_memory_map_t, swap, 0),
};

psinfo_memory_map_t to_c(const psinfo::memory_map_t& m, string_pool& pool) {
  auto c = zeroed<psinfo_memory_map_t>();
  c.path = pool.place(m.path);
  put_opt_str(c.addr, c.present, PSINFO_MEMORY_MAP_HAS_ADDR, m.addr, pool);
  put_opt_str(c.perms, c.present, PSINFO_MEMORY_MAP_HAS_PERMS, m.perms, pool);
  c.rss = m.rss;
  c.size = m.size;
  c.pss = m.pss;
  c.shared_clean = m.shared_clean;
  c.shared_dirty = m.shared_dirty;
  c.private_clean = m.private_clean;
  c.private_dirty = m.private_dirty;
  c.referenced = m.referenced;
  c.anonymous = m.anonymous;
  c.swap = m.swap;
  return c;
}

const field open_file_fields[] = {
    PSINFO_FIELD(psinfo_open_file_t, path, 0),
    PSINFO_FIELD(psinfo_open_file_t, fd, 0),
    PSINFO_FIELD(psinfo_open_file_t, flags, PSINFO_OPEN_FILE_HAS_FLAGS),
    PSINFO_FIELD(psinfo_open_file_t, position, PSINFO_OPEN_FILE_HAS_POSITION),
    PSINFO_FIELD(psinfo_open_file_t, mode, PSINFO_OPEN_FILE_HAS_MODE),
};

psinfo_open_file_t to_c(const psinfo::open_file_t& f, string_pool& pool) {
  auto c = zeroed<psinfo_open_file_t>();
  c.path = pool.place(f.path);
  c.fd = f.fd;
  if (f.flags) {
    c.flags = *f.flags;
    c.present |= PSINFO_OPEN_FILE_HAS_FLAGS;
  }
  put_opt(c.position, c.present, PSINFO_OPEN_FILE_HAS_POSITION, f.position);
  put_opt_str(c.mode, c.present, PSINFO_OPEN_FILE_HAS_MODE, f.mode, pool);
  return c;
}

const field wait_status_fields[] = {
    PSINFO_FIELD(psinfo_wait_status_t, gone, 0),
    PSINFO_FIELD(psinfo_wait_status_t, returncode, PSINFO_WAIT_STATUS_HAS_RETURNCODE),
};

// ---- The snapshot element ------------------------------------------------------------------

// Where a snapshot's variable parts go, after the array: pointer arrays (8-aligned, since the
// element size is a multiple of 8), then int32 arrays, then strings. Without a block it only
// measures.
class snapshot_pool {
 public:
  snapshot_pool() = default;
  snapshot_pool(char* ptrs, char* ints, char* strs) : ptrs_(ptrs), ints_(ints), strs_(strs) {}
  bool measuring() const { return strs_ == nullptr; }
  const char* place(std::string_view s) {
    if (measuring()) {
      str_bytes_ += s.size() + 1;
      return nullptr;
    }
    char* p = strs_;
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    strs_ += s.size() + 1;
    return p;
  }
  const char* const* place(const std::vector<std::string>& v) {
    if (measuring()) {
      ptr_bytes_ += v.size() * sizeof(char*);
      for (const std::string& s : v) place(s);
      return nullptr;
    }
    if (v.empty()) return nullptr;
    auto** arr = reinterpret_cast<const char**>(ptrs_);
    ptrs_ += v.size() * sizeof(char*);
    for (size_t i = 0; i < v.size(); ++i) arr[i] = place(v[i]);
    return arr;
  }
  const int32_t* place(const std::vector<int>& v) {
    if (measuring()) {
      int_bytes_ += v.size() * sizeof(int32_t);
      return nullptr;
    }
    if (v.empty()) return nullptr;
    auto* arr = reinterpret_cast<int32_t*>(ints_);
    ints_ += v.size() * sizeof(int32_t);
    for (size_t i = 0; i < v.size(); ++i) arr[i] = static_cast<int32_t>(v[i]);
    return arr;
  }
  size_t ptr_bytes() const { return ptr_bytes_; }
  size_t int_bytes() const { return int_bytes_; }
  size_t str_bytes() const { return str_bytes_; }

 private:
  char* ptrs_ = nullptr;
  char* ints_ = nullptr;
  char* strs_ = nullptr;
  size_t ptr_bytes_ = 0, int_bytes_ = 0, str_bytes_ = 0;
};

using PI = psinfo_process_info_t;
#define PSINFO_PI_(m, a) PSINFO_FIELD(PI, m, static_cast<uint32_t>(PSINFO_ATTR_##a))
const field info_fields[] = {
    PSINFO_FIELD(PI, field_present, 0),
    PSINFO_PI_(nice, NICE),
    PSINFO_PI_(pid, PID),
    PSINFO_PI_(ppid, PPID),
    PSINFO_PI_(name, NAME),
    PSINFO_PI_(exe, EXE),
    PSINFO_PI_(cmdline, CMDLINE),
    PSINFO_PI_(cmdline_count, CMDLINE),
    PSINFO_PI_(environ_vars, ENVIRON),
    PSINFO_PI_(environ_count, ENVIRON),
    PSINFO_PI_(create_time, CREATE_TIME),
    PSINFO_PI_(status, STATUS),
    PSINFO_PI_(cwd, CWD),
    PSINFO_PI_(username, USERNAME),
    PSINFO_PI_(uids_real, UIDS),
    PSINFO_PI_(uids_effective, UIDS),
    PSINFO_PI_(uids_saved, UIDS),
    PSINFO_PI_(gids_real, GIDS),
    PSINFO_PI_(gids_effective, GIDS),
    PSINFO_PI_(gids_saved, GIDS),
    PSINFO_PI_(terminal, TERMINAL),
    PSINFO_PI_(ionice_ioclass, IONICE),
    PSINFO_PI_(ionice_value, IONICE),
    PSINFO_PI_(io_read_count, IO_COUNTERS),
    PSINFO_PI_(io_write_count, IO_COUNTERS),
    PSINFO_PI_(io_read_bytes, IO_COUNTERS),
    PSINFO_PI_(io_write_bytes, IO_COUNTERS),
    PSINFO_PI_(io_read_chars, IO_COUNTERS),
    PSINFO_PI_(io_write_chars, IO_COUNTERS),
    PSINFO_PI_(ctx_voluntary, NUM_CTX_SWITCHES),
    PSINFO_PI_(ctx_involuntary, NUM_CTX_SWITCHES),
    PSINFO_PI_(num_fds, NUM_FDS),
    PSINFO_PI_(num_threads, NUM_THREADS),
    PSINFO_PI_(cpu_user, CPU_TIMES),
    PSINFO_PI_(cpu_system, CPU_TIMES),
    PSINFO_PI_(cpu_children_user, CPU_TIMES),
    PSINFO_PI_(cpu_children_system, CPU_TIMES),
    PSINFO_PI_(cpu_iowait, CPU_TIMES),
    PSINFO_PI_(cpu_percent, CPU_PERCENT),
    PSINFO_PI_(cpu_num, CPU_NUM),
    PSINFO_PI_(cpu_affinity, CPU_AFFINITY),
    PSINFO_PI_(cpu_affinity_count, CPU_AFFINITY),
    PSINFO_PI_(mem_rss, MEMORY_INFO),
    PSINFO_PI_(mem_vms, MEMORY_INFO),
    PSINFO_PI_(mem_shared, MEMORY_INFO),
    PSINFO_PI_(mem_text, MEMORY_INFO),
    PSINFO_PI_(mem_data, MEMORY_INFO),
    PSINFO_PI_(mem_uss, MEMORY_FULL_INFO),
    PSINFO_PI_(mem_pss, MEMORY_FULL_INFO),
    PSINFO_PI_(mem_swap, MEMORY_FULL_INFO),
    PSINFO_PI_(memory_percent, MEMORY_PERCENT),
    PSINFO_PI_(page_faults_minor, PAGE_FAULTS),
    PSINFO_PI_(page_faults_major, PAGE_FAULTS),
    PSINFO_PI_(num_handles, NUM_HANDLES),
    PSINFO_PI_(io_other_count, IO_COUNTERS),
    PSINFO_PI_(io_other_bytes, IO_COUNTERS),
};
#undef PSINFO_PI_

constexpr uint64_t snapshot_attrs_all = PSINFO_ATTR_SNAPSHOT_ALL;

uint64_t check_snapshot_attrs(uint64_t attrs) {
  if (attrs == 0) return snapshot_attrs_all;
  if ((attrs & ~snapshot_attrs_all) != 0) {
    std::string bad;
    for (int i = 0; i < 64; ++i) {
      uint64_t bit = 1ull << i;
      if (!(attrs & bit) || (snapshot_attrs_all & bit)) continue;
      const char* n = psinfo_attr_name(bit);
      bad += (bad.empty() ? "" : ", ") + (n ? std::string(n) : "bit " + std::to_string(i));
    }
    bad_arg("attrs holds " + bad +
            ": not in a snapshot (threads, memory_maps, open_files and net_connections are "
            "asked per process; unknown bits are refused)");
  }
  return attrs | PSINFO_ATTR_PID;
}

void put_mem(PI& c, const psinfo::memory_info_t& m) {
  c.mem_rss = m.rss;
  c.mem_vms = m.vms;
  auto opt = [&c](uint64_t& dst, uint32_t bit, const std::optional<std::uint64_t>& v) {
    if (v) {
      dst = *v;
      c.field_present |= bit;
    }
  };
  opt(c.mem_shared, PSINFO_PROCESS_INFO_HAS_MEM_SHARED, m.shared);
  opt(c.mem_text, PSINFO_PROCESS_INFO_HAS_MEM_TEXT, m.text);
  opt(c.mem_data, PSINFO_PROCESS_INFO_HAS_MEM_DATA, m.data);
}

// The C element of one process_info_t (only the attributes in `attrs` that it has).
PI to_c(const psinfo::process_info_t& i, uint64_t attrs, snapshot_pool& pool) {
  auto c = zeroed<PI>();
  auto want = [attrs](uint64_t a) { return (attrs & a) != 0; };
  auto mark = [&c](uint64_t a) { c.present |= static_cast<uint32_t>(a); };
  c.pid = i.pid;
  mark(PSINFO_ATTR_PID);
  if (want(PSINFO_ATTR_PPID) && i.ppid) c.ppid = *i.ppid, mark(PSINFO_ATTR_PPID);
  if (want(PSINFO_ATTR_NAME) && i.name) c.name = pool.place(*i.name), mark(PSINFO_ATTR_NAME);
  if (want(PSINFO_ATTR_EXE) && i.exe) c.exe = pool.place(*i.exe), mark(PSINFO_ATTR_EXE);
  if (want(PSINFO_ATTR_CMDLINE) && i.cmdline) {
    c.cmdline = pool.place(*i.cmdline);
    c.cmdline_count = i.cmdline->size();
    mark(PSINFO_ATTR_CMDLINE);
  }
  if (want(PSINFO_ATTR_ENVIRON) && i.environ) {
    c.environ_vars = pool.place(env_strings(*i.environ));
    c.environ_count = i.environ->size();
    mark(PSINFO_ATTR_ENVIRON);
  }
  if (want(PSINFO_ATTR_CREATE_TIME) && i.create_time)
    c.create_time = *i.create_time, mark(PSINFO_ATTR_CREATE_TIME);
  if (want(PSINFO_ATTR_STATUS) && i.status)
    c.status = pool.place(*i.status), mark(PSINFO_ATTR_STATUS);
  if (want(PSINFO_ATTR_CWD) && i.cwd) c.cwd = pool.place(*i.cwd), mark(PSINFO_ATTR_CWD);
  if (want(PSINFO_ATTR_USERNAME) && i.username)
    c.username = pool.place(*i.username), mark(PSINFO_ATTR_USERNAME);
  if (want(PSINFO_ATTR_UIDS) && i.uids) {
    c.uids_real = i.uids->real;
    c.uids_effective = i.uids->effective;
    c.uids_saved = i.uids->saved;
    mark(PSINFO_ATTR_UIDS);
  }
  if (want(PSINFO_ATTR_GIDS) && i.gids) {
    c.gids_real = i.gids->real;
    c.gids_effective = i.gids->effective;
    c.gids_saved = i.gids->saved;
    mark(PSINFO_ATTR_GIDS);
  }
  if (want(PSINFO_ATTR_TERMINAL) && i.terminal)
    c.terminal = pool.place(*i.terminal), mark(PSINFO_ATTR_TERMINAL);
  if (want(PSINFO_ATTR_NICE) && i.nice) c.nice = *i.nice, mark(PSINFO_ATTR_NICE);
  if (want(PSINFO_ATTR_IONICE) && i.ionice) {
    c.ionice_ioclass = static_cast<int32_t>(i.ionice->ioclass);
    c.ionice_value = i.ionice->value;
    mark(PSINFO_ATTR_IONICE);
  }
  if (want(PSINFO_ATTR_IO_COUNTERS) && i.io_counters) {
    const psinfo::io_counters_t& io = *i.io_counters;
    c.io_read_count = io.read_count;
    c.io_write_count = io.write_count;
    c.io_read_bytes = io.read_bytes;
    c.io_write_bytes = io.write_bytes;
    if (io.read_chars)
      c.io_read_chars = *io.read_chars, c.field_present |= PSINFO_PROCESS_INFO_HAS_IO_READ_CHARS;
    if (io.write_chars)
      c.io_write_chars = *io.write_chars, c.field_present |= PSINFO_PROCESS_INFO_HAS_IO_WRITE_CHARS;
    if (io.other_count)
      c.io_other_count = *io.other_count, c.field_present |= PSINFO_PROCESS_INFO_HAS_IO_OTHER_COUNT;
    if (io.other_bytes)
      c.io_other_bytes = *io.other_bytes, c.field_present |= PSINFO_PROCESS_INFO_HAS_IO_OTHER_BYTES;
    mark(PSINFO_ATTR_IO_COUNTERS);
  }
  if (want(PSINFO_ATTR_NUM_CTX_SWITCHES) && i.num_ctx_switches) {
    c.ctx_voluntary = i.num_ctx_switches->voluntary;
    c.ctx_involuntary = i.num_ctx_switches->involuntary;
    mark(PSINFO_ATTR_NUM_CTX_SWITCHES);
  }
  if (want(PSINFO_ATTR_NUM_FDS) && i.num_fds) c.num_fds = *i.num_fds, mark(PSINFO_ATTR_NUM_FDS);
  if (want(PSINFO_ATTR_NUM_HANDLES) && i.num_handles)
    c.num_handles = *i.num_handles, mark(PSINFO_ATTR_NUM_HANDLES);
  if (want(PSINFO_ATTR_NUM_THREADS) && i.num_threads)
    c.num_threads = *i.num_threads, mark(PSINFO_ATTR_NUM_THREADS);
  if (want(PSINFO_ATTR_CPU_TIMES) && i.cpu_times) {
    const psinfo::process_cpu_times_t& t = *i.cpu_times;
    c.cpu_user = t.user;
    c.cpu_system = t.system;
    c.cpu_children_user = t.children_user;
    c.cpu_children_system = t.children_system;
    if (t.iowait) c.cpu_iowait = *t.iowait, c.field_present |= PSINFO_PROCESS_INFO_HAS_CPU_IOWAIT;
    mark(PSINFO_ATTR_CPU_TIMES);
  }
  if (want(PSINFO_ATTR_CPU_PERCENT) && i.cpu_percent)
    c.cpu_percent = *i.cpu_percent, mark(PSINFO_ATTR_CPU_PERCENT);
  if (want(PSINFO_ATTR_CPU_NUM) && i.cpu_num) c.cpu_num = *i.cpu_num, mark(PSINFO_ATTR_CPU_NUM);
  if (want(PSINFO_ATTR_CPU_AFFINITY) && i.cpu_affinity) {
    c.cpu_affinity = pool.place(*i.cpu_affinity);
    c.cpu_affinity_count = i.cpu_affinity->size();
    mark(PSINFO_ATTR_CPU_AFFINITY);
  }
  if (want(PSINFO_ATTR_MEMORY_INFO) && i.memory_info) {
    put_mem(c, *i.memory_info);
    mark(PSINFO_ATTR_MEMORY_INFO);
  }
  if (want(PSINFO_ATTR_MEMORY_FULL_INFO) && i.memory_full_info) {
    const psinfo::memory_full_info_t& f = *i.memory_full_info;
    if (!(c.present & PSINFO_ATTR_MEMORY_INFO)) put_mem(c, f.info);
    c.mem_uss = f.uss;
    if (f.pss) c.mem_pss = *f.pss, c.field_present |= PSINFO_PROCESS_INFO_HAS_MEM_PSS;
    if (f.swap) c.mem_swap = *f.swap, c.field_present |= PSINFO_PROCESS_INFO_HAS_MEM_SWAP;
    mark(PSINFO_ATTR_MEMORY_FULL_INFO);
  }
  if (want(PSINFO_ATTR_MEMORY_PERCENT) && i.memory_percent)
    c.memory_percent = *i.memory_percent, mark(PSINFO_ATTR_MEMORY_PERCENT);
  if (want(PSINFO_ATTR_PAGE_FAULTS) && i.page_faults) {
    c.page_faults_minor = i.page_faults->minor;
    c.page_faults_major = i.page_faults->major;
    mark(PSINFO_ATTR_PAGE_FAULTS);
  }
  return c;
}

int store_snapshot(PI** out, size_t* count, size_t elem_size,
                   const std::vector<psinfo::process_info_t>& v, uint64_t attrs) {
  if (v.empty()) return 0;
  snapshot_pool measure;
  for (const auto& i : v) to_c(i, attrs, measure);
  // int arrays after the pointer arrays keep 4-byte alignment; strings need none.
  const size_t extra = measure.ptr_bytes() + measure.int_bytes() + measure.str_bytes();
  char* base = static_cast<char*>(alloc_list(v.size(), elem_size, extra));
  char* ptrs = base + v.size() * elem_size;
  char* ints = ptrs + measure.ptr_bytes();
  char* strs = ints + measure.int_bytes();
  snapshot_pool pool(ptrs, ints, strs);
  for (size_t k = 0; k < v.size(); ++k)
    store(base + k * elem_size, elem_size, to_c(v[k], attrs, pool), info_fields);
  *out = reinterpret_cast<PI*>(base);
  *count = v.size();
  return 0;
}

// psinfo::attr names, by bit.
constexpr const char* attr_names[] = {"pid",
                                      "ppid",
                                      "name",
                                      "exe",
                                      "cmdline",
                                      "environ",
                                      "create_time",
                                      "status",
                                      "cwd",
                                      "username",
                                      "uids",
                                      "gids",
                                      "terminal",
                                      "nice",
                                      "ionice",
                                      "io_counters",
                                      "num_ctx_switches",
                                      "num_fds",
                                      "num_threads",
                                      "threads",
                                      "cpu_times",
                                      "cpu_percent",
                                      "cpu_num",
                                      "cpu_affinity",
                                      "memory_info",
                                      "memory_full_info",
                                      "memory_percent",
                                      "memory_maps",
                                      "page_faults",
                                      "open_files",
                                      "net_connections",
                                      "num_handles"};
static_assert(sizeof attr_names / sizeof attr_names[0] == 32, "one name per attribute");

std::optional<double> timeout_arg(double timeout) {
  if (std::isnan(timeout)) bad_arg("timeout is NaN");
  if (timeout < 0) return std::nullopt;
  return timeout;
}

}  // namespace

extern "C" {

const char* psinfo_attr_name(uint64_t attr) {
  if (attr == 0 || (attr & (attr - 1)) != 0) return nullptr;
  for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; ++i)
    if (attr == (1ull << i)) return attr_names[i];
  return nullptr;
}

const char* psinfo_ioprio_class_name(int ioclass) {
  if (ioclass < 0 || ioclass > 3) return "?";
  return psinfo::to_string(static_cast<psinfo::ioprio_class>(ioclass));  // this OS's names
}

uint64_t psinfo_supported_attrs(void) { return static_cast<uint64_t>(psinfo::supported_attrs()); }

void psinfo_free_string(char* s) { std::free(s); }

// ---- Handles -------------------------------------------------------------------------------

int psinfo_process_open(psinfo_process_t** out, int64_t pid) {
  return guard("psinfo_process_open", [&] {
    not_null(out, "out");
    *out = nullptr;
    if (pid < 0) bad_arg("pid " + std::to_string(pid) + " is negative");
    if (pid > static_cast<int64_t>(std::numeric_limits<long>::max()))
      throw psinfo::no_such_process(-1, "process PID " + std::to_string(pid) + " not found");
    *out = new_handle(psinfo::process(static_cast<long>(pid)));
    return 0;
  });
}

int psinfo_process_self(psinfo_process_t** out) {
  return guard("psinfo_process_self", [&] {
    not_null(out, "out");
    *out = nullptr;
    *out = new_handle(psinfo::process::self());
    return 0;
  });
}

int psinfo_process_dup(psinfo_process_t** out, const psinfo_process_t* h) {
  return guard("psinfo_process_dup", [&] {
    not_null(out, "out");
    *out = nullptr;
    *out = new_handle(psinfo::process(proc_of(h)));
    return 0;
  });
}

void psinfo_process_close(psinfo_process_t* h) {
  if (h == nullptr) return;
  h->oneshot.reset();
  delete h;
}

int psinfo_process_pid(int64_t* out, const psinfo_process_t* h) {
  return guard("psinfo_process_pid", [&] {
    not_null(out, "out");
    *out = proc_of(h).pid();
    return 0;
  });
}

int psinfo_process_equal(int32_t* out, const psinfo_process_t* a, const psinfo_process_t* b) {
  return guard("psinfo_process_equal", [&] {
    not_null(out, "out");
    *out = proc_of(a) == proc_of(b) ? 1 : 0;
    return 0;
  });
}

int psinfo_process_is_running(int32_t* out, const psinfo_process_t* h) {
  return guard("psinfo_process_is_running", [&] {
    not_null(out, "out");
    *out = proc_of(h).is_running() ? 1 : 0;
    return 0;
  });
}

int psinfo_process_oneshot_begin(psinfo_process_t* h) {
  return guard("psinfo_process_oneshot_begin", [&] {
    const psinfo::process& p = proc_of(h);
    if (h->oneshot_depth == 0) h->oneshot = std::make_unique<psinfo::process::oneshot_guard>(p);
    ++h->oneshot_depth;
    return 0;
  });
}

int psinfo_process_oneshot_end(psinfo_process_t* h) {
  return guard("psinfo_process_oneshot_end", [&] {
    proc_of(h);
    if (h->oneshot_depth == 0) bad_arg("oneshot_end without oneshot_begin");
    if (--h->oneshot_depth == 0) h->oneshot.reset();
    return 0;
  });
}

// ---- Strings -------------------------------------------------------------------------------

#define PSINFO_STRING_METHOD_(m)                                                    \
  int psinfo_process_##m(char** out, const psinfo_process_t* h) {                   \
    return guard("psinfo_process_" #m, [&] {                                        \
      return string_out(out, "psinfo_process_" #m, [&] { return proc_of(h).m(); }); \
    });                                                                             \
  }
PSINFO_STRING_METHOD_(name)
PSINFO_STRING_METHOD_(exe)
PSINFO_STRING_METHOD_(cwd)
PSINFO_STRING_METHOD_(username)
PSINFO_STRING_METHOD_(status)
PSINFO_STRING_METHOD_(terminal)
#undef PSINFO_STRING_METHOD_

int psinfo_process_cmdline(char*** out, size_t* count, const psinfo_process_t* h) {
  return guard("psinfo_process_cmdline", [&] {
    check_plain_list(out, count);
    return store_string_list(out, count, proc_of(h).cmdline());
  });
}

void psinfo_free_process_cmdline(char** list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_process_environ(char*** out, size_t* count, const psinfo_process_t* h) {
  return guard("psinfo_process_environ", [&] {
    check_plain_list(out, count);
    return store_string_list(out, count, env_strings(proc_of(h).environ()));
  });
}

void psinfo_free_process_environ(char** list, size_t count) {
  (void)count;
  std::free(list);
}

// ---- Scalars -------------------------------------------------------------------------------

#define PSINFO_SCALAR_METHOD_(m, T, expr)                     \
  int psinfo_process_##m(T* out, const psinfo_process_t* h) { \
    return guard("psinfo_process_" #m, [&] {                  \
      not_null(out, "out");                                   \
      const psinfo::process& p = proc_of(h);                  \
      *out = static_cast<T>(expr);                            \
      return 0;                                               \
    });                                                       \
  }
PSINFO_SCALAR_METHOD_(ppid, int64_t, p.ppid())
PSINFO_SCALAR_METHOD_(create_time, double, p.create_time())
PSINFO_SCALAR_METHOD_(nice, int32_t, p.nice())
PSINFO_SCALAR_METHOD_(num_fds, int32_t, p.num_fds())
PSINFO_SCALAR_METHOD_(num_handles, int32_t, p.num_handles())
PSINFO_SCALAR_METHOD_(num_threads, int32_t, p.num_threads())
#undef PSINFO_SCALAR_METHOD_

#define PSINFO_STRUCT_METHOD_(m, C, MIN, fields)              \
  int psinfo_process_##m(C* out, const psinfo_process_t* h) { \
    return guard("psinfo_process_" #m, [&] {                  \
      size_t size = caller_size(out, MIN);                    \
      store(out, size, to_c(proc_of(h).m()), fields);         \
      return 0;                                               \
    });                                                       \
  }
PSINFO_STRUCT_METHOD_(uids, psinfo_uids_t, PSINFO_UIDS_MIN_SIZE, uids_fields)
PSINFO_STRUCT_METHOD_(gids, psinfo_gids_t, PSINFO_GIDS_MIN_SIZE, uids_fields)
PSINFO_STRUCT_METHOD_(io_counters, psinfo_process_io_counters_t,
                      PSINFO_PROCESS_IO_COUNTERS_MIN_SIZE, pio_fields)
PSINFO_STRUCT_METHOD_(num_ctx_switches, psinfo_ctx_switches_t, PSINFO_CTX_SWITCHES_MIN_SIZE,
                      ctx_fields)
PSINFO_STRUCT_METHOD_(cpu_times, psinfo_process_cpu_times_t, PSINFO_PROCESS_CPU_TIMES_MIN_SIZE,
                      pcpu_fields)
PSINFO_STRUCT_METHOD_(memory_info, psinfo_memory_info_t, PSINFO_MEMORY_INFO_MIN_SIZE,
                      meminfo_fields)
PSINFO_STRUCT_METHOD_(page_faults, psinfo_page_faults_t, PSINFO_PAGE_FAULTS_MIN_SIZE,
                      page_faults_fields)
#undef PSINFO_STRUCT_METHOD_

int psinfo_process_set_nice(psinfo_process_t* h, int32_t value) {
  return guard("psinfo_process_set_nice", [&] {
    proc_of(h).nice(value);
    return 0;
  });
}

int psinfo_process_ionice(int32_t* ioclass, int32_t* value, const psinfo_process_t* h) {
  return guard("psinfo_process_ionice", [&] {
    not_null(ioclass, "ioclass");
    not_null(value, "value");
    psinfo::ionice_t i = proc_of(h).ionice();
    *ioclass = static_cast<int32_t>(i.ioclass);
    *value = i.value;
    return 0;
  });
}

int psinfo_process_set_ionice(psinfo_process_t* h, int32_t ioclass, int32_t value) {
  return guard("psinfo_process_set_ionice", [&] {
    psinfo::process& p = proc_of(h);
    if (ioclass < PSINFO_IOPRIO_CLASS_NONE || ioclass > PSINFO_IOPRIO_CLASS_IDLE)
      bad_arg("ioclass " + std::to_string(ioclass) + " is not a PSINFO_IOPRIO_CLASS_*");
    std::optional<int> v;
    if (value != PSINFO_IONICE_NOVALUE) v = value;
    p.ionice(static_cast<psinfo::ioprio_class>(ioclass), v);
    return 0;
  });
}

int psinfo_process_rlimit(int64_t* soft, int64_t* hard, const psinfo_process_t* h,
                          int32_t resource) {
  return guard("psinfo_process_rlimit", [&] {
    not_null(soft, "soft");
    not_null(hard, "hard");
    psinfo::rlimit_t r = proc_of(h).rlimit(resource);
    *soft = r.soft;
    *hard = r.hard;
    return 0;
  });
}

int psinfo_process_set_rlimit(psinfo_process_t* h, int32_t resource, int64_t soft, int64_t hard) {
  return guard("psinfo_process_set_rlimit", [&] {
    psinfo::rlimit_t r;
    r.soft = soft;
    r.hard = hard;
    proc_of(h).rlimit(resource, r);
    return 0;
  });
}

int psinfo_process_threads(psinfo_thread_t** out, size_t* count, size_t elem_size,
                           const psinfo_process_t* h) {
  return guard("psinfo_process_threads", [&] {
    check_list(out, count, elem_size, PSINFO_THREAD_MIN_SIZE);
    return store_pooled(
        out, count, elem_size, proc_of(h).threads(),
        [](const psinfo::thread_t& t, string_pool&) { return to_c(t); }, thread_fields);
  });
}

void psinfo_free_process_threads(psinfo_thread_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_process_cpu_percent(double* out, psinfo_process_t* h, double interval) {
  return guard("psinfo_process_cpu_percent", [&] {
    not_null(out, "out");
    *out = proc_of(h).cpu_percent(interval);
    return 0;
  });
}

int psinfo_process_cpu_num(int32_t* out, const psinfo_process_t* h) {
  return guard("psinfo_process_cpu_num", [&] {
    not_null(out, "out");
    std::optional<int> n = proc_of(h).cpu_num();
    if (!n) return fail(PSINFO_ENOVALUE, "psinfo_process_cpu_num", "the CPU is not known");
    *out = *n;
    return 0;
  });
}

int psinfo_process_cpu_affinity(int32_t** out, size_t* count, const psinfo_process_t* h) {
  return guard("psinfo_process_cpu_affinity", [&] {
    check_plain_list(out, count);
    std::vector<int> v = proc_of(h).cpu_affinity();
    if (v.empty()) return 0;
    auto* p = static_cast<int32_t*>(std::malloc(v.size() * sizeof(int32_t)));
    if (!p) throw std::bad_alloc();
    for (size_t i = 0; i < v.size(); ++i) p[i] = v[i];
    *out = p;
    *count = v.size();
    return 0;
  });
}

void psinfo_free_process_cpu_affinity(int32_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_process_set_cpu_affinity(psinfo_process_t* h, const int32_t* cpus, size_t count) {
  return guard("psinfo_process_set_cpu_affinity", [&] {
    psinfo::process& p = proc_of(h);
    if (count > 0) not_null(cpus, "cpus");
    std::vector<int> v(cpus, cpus + count);
    p.cpu_affinity(v);
    return 0;
  });
}

int psinfo_process_memory_full_info(psinfo_memory_full_info_t* out, psinfo_memory_info_t* info,
                                    const psinfo_process_t* h) {
  return guard("psinfo_process_memory_full_info", [&] {
    size_t size = caller_size(out, PSINFO_MEMORY_FULL_INFO_MIN_SIZE);
    size_t info_size = info ? caller_size(info, PSINFO_MEMORY_INFO_MIN_SIZE) : 0;
    psinfo::memory_full_info_t m = proc_of(h).memory_full_info();
    store(out, size, to_c(m), fullmem_fields);
    if (info) store(info, info_size, to_c(m.info), meminfo_fields);
    return 0;
  });
}

int psinfo_process_memory_percent(double* out, const psinfo_process_t* h, const char* memtype) {
  return guard("psinfo_process_memory_percent", [&] {
    not_null(out, "out");
    not_null(memtype, "memtype");
    *out = proc_of(h).memory_percent(memtype);
    return 0;
  });
}

int psinfo_process_memory_maps(psinfo_memory_map_t** out, size_t* count, size_t elem_size,
                               const psinfo_process_t* h, int grouped) {
  return guard("psinfo_process_memory_maps", [&] {
    check_list(out, count, elem_size, PSINFO_MEMORY_MAP_MIN_SIZE);
    return store_pooled(
        out, count, elem_size, proc_of(h).memory_maps(grouped != 0),
        [](const psinfo::memory_map_t& m, string_pool& pool) { return to_c(m, pool); },
        mmap_fields);
  });
}

void psinfo_free_process_memory_maps(psinfo_memory_map_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_process_open_files(psinfo_open_file_t** out, size_t* count, size_t elem_size,
                              const psinfo_process_t* h) {
  return guard("psinfo_process_open_files", [&] {
    check_list(out, count, elem_size, PSINFO_OPEN_FILE_MIN_SIZE);
    return store_pooled(
        out, count, elem_size, proc_of(h).open_files(),
        [](const psinfo::open_file_t& f, string_pool& pool) { return to_c(f, pool); },
        open_file_fields);
  });
}

void psinfo_free_process_open_files(psinfo_open_file_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_process_net_connections(psinfo_connection_t** out, size_t* count, size_t elem_size,
                                   const psinfo_process_t* h, const char* kind) {
  return guard("psinfo_process_net_connections", [&] {
    check_list(out, count, elem_size, PSINFO_CONNECTION_MIN_SIZE);
    not_null(kind, "kind");
    return store_pooled(
        out, count, elem_size, proc_of(h).net_connections(kind),
        [](const psinfo::connection_t& k, string_pool& pool) { return to_c(k, pool); },
        connection_fields);
  });
}

// ---- Family --------------------------------------------------------------------------------

int psinfo_process_parent(psinfo_process_t** out, const psinfo_process_t* h) {
  return guard("psinfo_process_parent", [&] {
    not_null(out, "out");
    *out = nullptr;
    std::optional<psinfo::process> p = proc_of(h).parent();
    if (!p) return fail(PSINFO_ENOVALUE, "psinfo_process_parent", "the process has no parent");
    *out = new_handle(std::move(*p));
    return 0;
  });
}

int psinfo_process_parents(psinfo_process_t*** out, size_t* count, const psinfo_process_t* h) {
  return guard("psinfo_process_parents", [&] {
    check_plain_list(out, count);
    return store_handles(out, count, proc_of(h).parents());
  });
}

int psinfo_process_children(psinfo_process_t*** out, size_t* count, const psinfo_process_t* h,
                            int recursive) {
  return guard("psinfo_process_children", [&] {
    check_plain_list(out, count);
    return store_handles(out, count, proc_of(h).children(recursive != 0));
  });
}

void psinfo_free_process_list(psinfo_process_t** list, size_t count) {
  if (list == nullptr) return;
  for (size_t i = 0; i < count; ++i) psinfo_process_close(list[i]);
  std::free(list);
}

// ---- Signals and wait ----------------------------------------------------------------------

int psinfo_process_send_signal(psinfo_process_t* h, int32_t sig) {
  return guard("psinfo_process_send_signal", [&] {
    proc_of(h).send_signal(sig);
    return 0;
  });
}

#define PSINFO_SIGNAL_METHOD_(m)                \
  int psinfo_process_##m(psinfo_process_t* h) { \
    return guard("psinfo_process_" #m, [&] {    \
      proc_of(h).m();                           \
      return 0;                                 \
    });                                         \
  }
PSINFO_SIGNAL_METHOD_(suspend)
PSINFO_SIGNAL_METHOD_(resume)
PSINFO_SIGNAL_METHOD_(terminate)
PSINFO_SIGNAL_METHOD_(kill)
#undef PSINFO_SIGNAL_METHOD_

int psinfo_process_wait(int32_t* exit_code, int32_t* has_code, psinfo_process_t* h,
                        double timeout) {
  return guard("psinfo_process_wait", [&] {
    not_null(exit_code, "exit_code");
    not_null(has_code, "has_code");
    psinfo::process& p = proc_of(h);
    std::optional<int> rc = p.wait(timeout_arg(timeout));
    *has_code = rc ? 1 : 0;
    *exit_code = rc ? *rc : 0;
    return 0;
  });
}

int psinfo_wait_procs(psinfo_wait_status_t* status, size_t elem_size,
                      psinfo_process_t* const* procs, size_t count, double timeout,
                      psinfo_wait_callback_t callback, void* data) {
  return guard("psinfo_wait_procs", [&] {
    check_size(elem_size, PSINFO_WAIT_STATUS_MIN_SIZE, "elem_size");
    if (count == 0) return 0;
    not_null(status, "status");
    not_null(procs, "procs");
    std::vector<psinfo::process> v;
    v.reserve(count);
    for (size_t i = 0; i < count; ++i) v.push_back(proc_of(procs[i]));
    // A C++ process maps back to the first not yet ended input of the same identity.
    std::vector<bool> ended(count, false);
    auto index_of = [&](const psinfo::process& p) -> size_t {
      for (size_t i = 0; i < count; ++i)
        if (!ended[i] && procs[i]->p == p && procs[i]->p.pid() == p.pid()) return i;
      return count;
    };
    std::function<void(const psinfo::process&, std::optional<int>)> cb;
    if (callback != nullptr)
      cb = [&](const psinfo::process& p, std::optional<int> rc) {
        size_t i = index_of(p);
        callback(i < count ? procs[i] : nullptr, rc ? 1 : 0, rc ? *rc : 0, data);
      };
    psinfo::wait_procs_result r = psinfo::wait_procs(std::move(v), timeout_arg(timeout), cb);
    char* base = reinterpret_cast<char*>(status);
    for (size_t i = 0; i < count; ++i) {
      auto s = zeroed<psinfo_wait_status_t>();
      store(base + i * elem_size, elem_size, s, wait_status_fields);
    }
    for (const auto& [p, rc] : r.gone) {
      size_t i = index_of(p);
      if (i == count) continue;
      ended[i] = true;
      auto s = zeroed<psinfo_wait_status_t>();
      s.gone = 1;
      if (rc) s.returncode = *rc, s.present |= PSINFO_WAIT_STATUS_HAS_RETURNCODE;
      store(base + i * elem_size, elem_size, s, wait_status_fields);
    }
    return 0;
  });
}

// ---- Module functions ----------------------------------------------------------------------

int psinfo_pids(int64_t** out, size_t* count) {
  return guard("psinfo_pids", [&] {
    check_plain_list(out, count);
    std::vector<long> v = psinfo::pids();
    if (v.empty()) return 0;
    auto* p = static_cast<int64_t*>(std::malloc(v.size() * sizeof(int64_t)));
    if (!p) throw std::bad_alloc();
    for (size_t i = 0; i < v.size(); ++i) p[i] = v[i];
    *out = p;
    *count = v.size();
    return 0;
  });
}

void psinfo_free_pids(int64_t* list, size_t count) {
  (void)count;
  std::free(list);
}

int psinfo_pid_exists(int32_t* out, int64_t pid) {
  return guard("psinfo_pid_exists", [&] {
    not_null(out, "out");
    if (pid < 0 || pid > static_cast<int64_t>(std::numeric_limits<long>::max())) {
      *out = 0;
      return 0;
    }
    *out = psinfo::pid_exists(static_cast<long>(pid)) ? 1 : 0;
    return 0;
  });
}

int psinfo_process_snapshot(psinfo_process_info_t** out, size_t* count, size_t elem_size,
                            uint64_t attrs) {
  return guard("psinfo_process_snapshot", [&] {
    check_list(out, count, elem_size, PSINFO_PROCESS_INFO_MIN_SIZE);
    attrs = check_snapshot_attrs(attrs);
    return store_snapshot(out, count, elem_size,
                          psinfo::process_iter(static_cast<psinfo::attr>(attrs)), attrs);
  });
}

int psinfo_process_as_dict(psinfo_process_info_t** out, size_t* count, size_t elem_size,
                           psinfo_process_t* h, uint64_t attrs) {
  return guard("psinfo_process_as_dict", [&] {
    check_list(out, count, elem_size, PSINFO_PROCESS_INFO_MIN_SIZE);
    psinfo::process& p = proc_of(h);
    attrs = check_snapshot_attrs(attrs);
    std::vector<psinfo::process_info_t> v;
    v.push_back(psinfo::as_dict(p, static_cast<psinfo::attr>(attrs)));
    return store_snapshot(out, count, elem_size, v, attrs);
  });
}

void psinfo_free_process_snapshot(psinfo_process_info_t* list, size_t count) {
  (void)count;
  std::free(list);
}

}  // extern "C"
