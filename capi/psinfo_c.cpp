// The C API: turns the C++ results into the C structs of psinfo.h and every exception into a
// PSINFO_E... code plus a per-thread message. Nothing thrown ever leaves this file.
#include <psinfo/psinfo.h>

#include <algorithm>
#include <array>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <optional>
#include <psinfo/psinfo.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// A fixed buffer: recording an error must not allocate, or an out-of-memory error could not
// be reported.
thread_local char last_error[2048] = "";

int fail(int code, const char* fn, const char* fmt, ...) noexcept
    __attribute__((format(printf, 3, 4)));

int fail(int code, const char* fn, const char* fmt, ...) noexcept {
  int n = std::snprintf(last_error, sizeof last_error, "%s: ", fn);
  if (n < 0) n = 0;
  if (static_cast<size_t>(n) < sizeof last_error) {
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(last_error + n, sizeof last_error - static_cast<size_t>(n), fmt, ap);
    va_end(ap);
  }
  return code;
}

// Errors the shim itself finds in the caller's arguments.
struct arg_error : std::runtime_error {
  int code;
  arg_error(int c, const std::string& what) : std::runtime_error(what), code(c) {}
};

[[noreturn]] void bad_arg(const std::string& what) { throw arg_error(PSINFO_EINVAL, what); }

template <class P>
void not_null(P* p, const char* name) {
  if (p == nullptr) bad_arg(std::string(name) + " is NULL");
}

// Runs body and turns whatever it throws into a code. The order of the handlers matters:
// zombie_process is a kind of no_such_process, and every psinfo exception is a psinfo::error.
template <class Body>
int guard(const char* fn, Body&& body) noexcept {
  try {
    return body();
  } catch (const arg_error& e) {
    return fail(e.code, fn, "%s", e.what());
  } catch (const psinfo::zombie_process& e) {
    return fail(PSINFO_EZOMBIE, fn, "%s", e.what());
  } catch (const psinfo::no_such_process& e) {
    return fail(PSINFO_ENOSUCHPROCESS, fn, "%s", e.what());
  } catch (const psinfo::access_denied& e) {
    return fail(PSINFO_EACCES, fn, "%s", e.what());
  } catch (const psinfo::timeout_expired& e) {
    return fail(PSINFO_ETIMEDOUT, fn, "%s", e.what());
  } catch (const psinfo::not_supported& e) {
    return fail(PSINFO_ENOTSUP, fn, "%s", e.what());
  } catch (const psinfo::invalid_argument& e) {
    return fail(PSINFO_EINVAL, fn, "%s", e.what());
  } catch (const psinfo::error& e) {
    return fail(PSINFO_EIO, fn, "%s", e.what());
  } catch (const std::bad_alloc&) {
    return fail(PSINFO_ENOMEM, fn, "out of memory");
  } catch (const std::exception& e) {
    return fail(PSINFO_EIO, fn, "%s", e.what());
  } catch (...) {
    return fail(PSINFO_EUNKNOWN, fn, "unknown exception");
  }
}

// ---- Versioned structs -----------------------------------------------------------------

// The end offset of a field, and its `present` bit (0 for a field every platform has).
struct field {
  size_t end;
  uint32_t bit;
};
#define PSINFO_FIELD(T, m, bit) \
  field { offsetof(T, m) + sizeof(T::m), bit }

constexpr size_t header_size = 2 * sizeof(uint32_t);  // struct_size, present

void check_size(size_t size, size_t min, const char* what) {
  if (size < min || size > PSINFO_STRUCT_SIZE_MAX)
    throw arg_error(PSINFO_ESTRUCTSIZE, std::string(what) + " " + std::to_string(size) +
                                            " is outside [" + std::to_string(min) + ", " +
                                            std::to_string(PSINFO_STRUCT_SIZE_MAX) + "]");
}

// The caller's struct_size, checked. T is only used for its first field.
template <class T>
size_t caller_size(const T* out, size_t min) {
  not_null(out, "out");
  uint32_t size;
  std::memcpy(&size, out, sizeof size);
  check_size(size, min, "struct_size");
  return size;
}

// Copies the fields of full that lie entirely within size bytes into dst (which the caller
// sized), and `present` with the bits of the fields left out cleared. struct_size, and every
// byte past the last field copied, stay as they are.
template <class T, size_t N>
void store(void* dst, size_t size, T full, const field (&fields)[N]) {
  size_t limit = header_size;
  for (const field& f : fields) {
    if (f.end <= size)
      limit = std::max(limit, f.end);
    else
      full.present &= ~f.bit;
  }
  std::memcpy(static_cast<char*>(dst) + sizeof(uint32_t),
              reinterpret_cast<const char*>(&full) + sizeof(uint32_t), limit - sizeof(uint32_t));
}

template <class V>
void put_opt(double& dst, uint32_t& present, uint32_t bit, const std::optional<V>& v) {
  if (v) {
    dst = static_cast<double>(*v);
    present |= bit;
  }
}
template <class V>
void put_opt(uint64_t& dst, uint32_t& present, uint32_t bit, const std::optional<V>& v) {
  if (v) {
    dst = static_cast<uint64_t>(*v);
    present |= bit;
  }
}

// cpu_times_t
const field cpu_times_fields[] = {
    PSINFO_FIELD(psinfo_cpu_times_t, user, 0),
    PSINFO_FIELD(psinfo_cpu_times_t, system, 0),
    PSINFO_FIELD(psinfo_cpu_times_t, idle, 0),
    PSINFO_FIELD(psinfo_cpu_times_t, nice, PSINFO_CPU_TIMES_HAS_NICE),
    PSINFO_FIELD(psinfo_cpu_times_t, iowait, PSINFO_CPU_TIMES_HAS_IOWAIT),
    PSINFO_FIELD(psinfo_cpu_times_t, irq, PSINFO_CPU_TIMES_HAS_IRQ),
    PSINFO_FIELD(psinfo_cpu_times_t, softirq, PSINFO_CPU_TIMES_HAS_SOFTIRQ),
    PSINFO_FIELD(psinfo_cpu_times_t, steal, PSINFO_CPU_TIMES_HAS_STEAL),
    PSINFO_FIELD(psinfo_cpu_times_t, guest, PSINFO_CPU_TIMES_HAS_GUEST),
    PSINFO_FIELD(psinfo_cpu_times_t, guest_nice, PSINFO_CPU_TIMES_HAS_GUEST_NICE),
    PSINFO_FIELD(psinfo_cpu_times_t, interrupt, PSINFO_CPU_TIMES_HAS_INTERRUPT),
    PSINFO_FIELD(psinfo_cpu_times_t, dpc, PSINFO_CPU_TIMES_HAS_DPC),
};

psinfo_cpu_times_t to_c(const psinfo::cpu_times_t& t) {
  psinfo_cpu_times_t c{};
  c.user = t.user;
  c.system = t.system;
  c.idle = t.idle;
  put_opt(c.nice, c.present, PSINFO_CPU_TIMES_HAS_NICE, t.nice);
  put_opt(c.iowait, c.present, PSINFO_CPU_TIMES_HAS_IOWAIT, t.iowait);
  put_opt(c.irq, c.present, PSINFO_CPU_TIMES_HAS_IRQ, t.irq);
  put_opt(c.softirq, c.present, PSINFO_CPU_TIMES_HAS_SOFTIRQ, t.softirq);
  put_opt(c.steal, c.present, PSINFO_CPU_TIMES_HAS_STEAL, t.steal);
  put_opt(c.guest, c.present, PSINFO_CPU_TIMES_HAS_GUEST, t.guest);
  put_opt(c.guest_nice, c.present, PSINFO_CPU_TIMES_HAS_GUEST_NICE, t.guest_nice);
  put_opt(c.interrupt, c.present, PSINFO_CPU_TIMES_HAS_INTERRUPT, t.interrupt);
  put_opt(c.dpc, c.present, PSINFO_CPU_TIMES_HAS_DPC, t.dpc);
  return c;
}

// cpu_stats_t
const field cpu_stats_fields[] = {
    PSINFO_FIELD(psinfo_cpu_stats_t, ctx_switches, 0),
    PSINFO_FIELD(psinfo_cpu_stats_t, interrupts, 0),
    PSINFO_FIELD(psinfo_cpu_stats_t, soft_interrupts, PSINFO_CPU_STATS_HAS_SOFT_INTERRUPTS),
    PSINFO_FIELD(psinfo_cpu_stats_t, syscalls, PSINFO_CPU_STATS_HAS_SYSCALLS),
};

psinfo_cpu_stats_t to_c(const psinfo::cpu_stats_t& s) {
  psinfo_cpu_stats_t c{};
  c.ctx_switches = s.ctx_switches;
  c.interrupts = s.interrupts;
  put_opt(c.soft_interrupts, c.present, PSINFO_CPU_STATS_HAS_SOFT_INTERRUPTS, s.soft_interrupts);
  put_opt(c.syscalls, c.present, PSINFO_CPU_STATS_HAS_SYSCALLS, s.syscalls);
  return c;
}

// cpu_freq_t
const field cpu_freq_fields[] = {
    PSINFO_FIELD(psinfo_cpu_freq_t, current, 0),
    PSINFO_FIELD(psinfo_cpu_freq_t, min, PSINFO_CPU_FREQ_HAS_MIN),
    PSINFO_FIELD(psinfo_cpu_freq_t, max, PSINFO_CPU_FREQ_HAS_MAX),
};

psinfo_cpu_freq_t to_c(const psinfo::cpu_freq_t& f) {
  psinfo_cpu_freq_t c{};
  c.current = f.current;
  put_opt(c.min, c.present, PSINFO_CPU_FREQ_HAS_MIN, f.min);
  put_opt(c.max, c.present, PSINFO_CPU_FREQ_HAS_MAX, f.max);
  return c;
}

// virtual_memory_t
const field virtual_memory_fields[] = {
    PSINFO_FIELD(psinfo_virtual_memory_t, total, 0),
    PSINFO_FIELD(psinfo_virtual_memory_t, available, 0),
    PSINFO_FIELD(psinfo_virtual_memory_t, percent, 0),
    PSINFO_FIELD(psinfo_virtual_memory_t, used, 0),
    PSINFO_FIELD(psinfo_virtual_memory_t, free, 0),
    PSINFO_FIELD(psinfo_virtual_memory_t, active, PSINFO_VIRTUAL_MEMORY_HAS_ACTIVE),
    PSINFO_FIELD(psinfo_virtual_memory_t, inactive, PSINFO_VIRTUAL_MEMORY_HAS_INACTIVE),
    PSINFO_FIELD(psinfo_virtual_memory_t, buffers, PSINFO_VIRTUAL_MEMORY_HAS_BUFFERS),
    PSINFO_FIELD(psinfo_virtual_memory_t, cached, PSINFO_VIRTUAL_MEMORY_HAS_CACHED),
    PSINFO_FIELD(psinfo_virtual_memory_t, shared, PSINFO_VIRTUAL_MEMORY_HAS_SHARED),
    PSINFO_FIELD(psinfo_virtual_memory_t, slab, PSINFO_VIRTUAL_MEMORY_HAS_SLAB),
    PSINFO_FIELD(psinfo_virtual_memory_t, wired, PSINFO_VIRTUAL_MEMORY_HAS_WIRED),
};

psinfo_virtual_memory_t to_c(const psinfo::virtual_memory_t& m) {
  psinfo_virtual_memory_t c{};
  c.total = m.total;
  c.available = m.available;
  c.percent = m.percent;
  c.used = m.used;
  c.free = m.free;
  put_opt(c.active, c.present, PSINFO_VIRTUAL_MEMORY_HAS_ACTIVE, m.active);
  put_opt(c.inactive, c.present, PSINFO_VIRTUAL_MEMORY_HAS_INACTIVE, m.inactive);
  put_opt(c.buffers, c.present, PSINFO_VIRTUAL_MEMORY_HAS_BUFFERS, m.buffers);
  put_opt(c.cached, c.present, PSINFO_VIRTUAL_MEMORY_HAS_CACHED, m.cached);
  put_opt(c.shared, c.present, PSINFO_VIRTUAL_MEMORY_HAS_SHARED, m.shared);
  put_opt(c.slab, c.present, PSINFO_VIRTUAL_MEMORY_HAS_SLAB, m.slab);
  put_opt(c.wired, c.present, PSINFO_VIRTUAL_MEMORY_HAS_WIRED, m.wired);
  return c;
}

// swap_memory_t
const field swap_memory_fields[] = {
    PSINFO_FIELD(psinfo_swap_memory_t, total, 0),
    PSINFO_FIELD(psinfo_swap_memory_t, used, 0),
    PSINFO_FIELD(psinfo_swap_memory_t, free, 0),
    PSINFO_FIELD(psinfo_swap_memory_t, percent, 0),
    PSINFO_FIELD(psinfo_swap_memory_t, sin, PSINFO_SWAP_MEMORY_HAS_SIN),
    PSINFO_FIELD(psinfo_swap_memory_t, sout, PSINFO_SWAP_MEMORY_HAS_SOUT),
};

psinfo_swap_memory_t to_c(const psinfo::swap_memory_t& s) {
  psinfo_swap_memory_t c{};
  c.total = s.total;
  c.used = s.used;
  c.free = s.free;
  c.percent = s.percent;
  put_opt(c.sin, c.present, PSINFO_SWAP_MEMORY_HAS_SIN, s.sin);
  put_opt(c.sout, c.present, PSINFO_SWAP_MEMORY_HAS_SOUT, s.sout);
  return c;
}

// user_t (strings are placed by fill_users)
const field user_fields[] = {
    PSINFO_FIELD(psinfo_user_t, name, 0),
    PSINFO_FIELD(psinfo_user_t, terminal, PSINFO_USER_HAS_TERMINAL),
    PSINFO_FIELD(psinfo_user_t, host, 0),
    PSINFO_FIELD(psinfo_user_t, started, 0),
    PSINFO_FIELD(psinfo_user_t, pid, PSINFO_USER_HAS_PID),
};

// Checks the caller's struct first (before any work: make may sleep), then stores make()'s
// result into it.
template <class C, class Make, size_t N>
int store_one(C* out, size_t min, Make make, const field (&fields)[N]) {
  size_t size = caller_size(out, min);
  store(out, size, to_c(make()), fields);
  return 0;
}

// Checks a list call's out-pointers and element size before any work is done (a _percpu
// call with an interval would otherwise sleep first), and resets the outputs so that a
// failed call leaves something safe to free.
template <class C>
void check_list(C** out, size_t* count, size_t elem_size, size_t min) {
  not_null(out, "out");
  not_null(count, "count");
  *out = nullptr;
  *count = 0;
  check_size(elem_size, min, "elem_size");
  if (elem_size % alignof(C) != 0)
    throw arg_error(PSINFO_ESTRUCTSIZE, "elem_size " + std::to_string(elem_size) +
                                            " is not a multiple of " + std::to_string(alignof(C)));
}

// An array of n elements of elem_size bytes (plus extra bytes after it), zeroed, each with
// its struct_size set.
void* alloc_list(size_t n, size_t elem_size, size_t extra = 0) {
  if (n > (SIZE_MAX - extra) / elem_size) throw std::bad_alloc();
  void* p = std::calloc(1, n * elem_size + extra);
  if (!p) throw std::bad_alloc();
  const uint32_t size32 = static_cast<uint32_t>(elem_size);
  for (size_t i = 0; i < n; ++i) std::memcpy(static_cast<char*>(p) + i * elem_size, &size32, 4);
  return p;
}

template <class C, class Cpp, size_t N>
int store_list(C** out, size_t* count, size_t elem_size, const std::vector<Cpp>& v,
               const field (&fields)[N]) {
  if (v.empty()) return 0;
  void* p = alloc_list(v.size(), elem_size);
  for (size_t i = 0; i < v.size(); ++i)
    store(static_cast<char*>(p) + i * elem_size, elem_size, to_c(v[i]), fields);
  *out = static_cast<C*>(p);
  *count = v.size();
  return 0;
}

int store_doubles(double** out, size_t* count, const std::vector<double>& v) {
  if (v.empty()) return 0;
  if (v.size() > SIZE_MAX / sizeof(double)) throw std::bad_alloc();
  double* p = static_cast<double*>(std::malloc(v.size() * sizeof(double)));
  if (!p) throw std::bad_alloc();
  std::copy(v.begin(), v.end(), p);
  *out = p;
  *count = v.size();
  return 0;
}

void check_doubles(double** out, size_t* count) {
  not_null(out, "out");
  not_null(count, "count");
  *out = nullptr;
  *count = 0;
}

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

// ---- Lists with strings ----------------------------------------------------------------

// Places the strings of a list in the block after its array. A pool without a block only
// measures: place() then counts the bytes needed and returns NULL.
class string_pool {
 public:
  string_pool() = default;
  explicit string_pool(char* block) : next_(block) {}
  const char* place(std::string_view s) {
    if (next_ == nullptr) {
      need_ += s.size() + 1;
      return nullptr;
    }
    char* p = next_;
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    next_ += s.size() + 1;
    return p;
  }
  size_t need() const { return need_; }

 private:
  char* next_ = nullptr;
  size_t need_ = 0;
};

// A zeroed C struct, padding included (so that no stray byte reaches the caller).
template <class C>
C zeroed() {
  C c;
  std::memset(&c, 0, sizeof c);
  return c;
}

// The array and its strings in one block (one free() releases everything): conv(item, pool)
// makes the C struct of an item, placing its strings in pool. It runs twice per item: once
// to measure, once to place.
template <class C, class Item, class Conv, size_t N>
int store_pooled(C** out, size_t* count, size_t elem_size, const std::vector<Item>& v, Conv conv,
                 const field (&fields)[N]) {
  if (v.empty()) return 0;
  string_pool measure;
  for (const Item& it : v) conv(it, measure);
  char* base = static_cast<char*>(alloc_list(v.size(), elem_size, measure.need()));
  string_pool pool(base + v.size() * elem_size);
  for (size_t i = 0; i < v.size(); ++i)
    store(base + i * elem_size, elem_size, conv(v[i], pool), fields);
  *out = reinterpret_cast<C*>(base);
  *count = v.size();
  return 0;
}

// A map keyed by device, as (name, value) pairs in the map's (name) order.
template <class T>
std::vector<std::pair<const std::string*, const T*>> by_name(const std::map<std::string, T>& m) {
  std::vector<std::pair<const std::string*, const T*>> v;
  v.reserve(m.size());
  for (const auto& [k, x] : m) v.emplace_back(&k, &x);
  return v;
}

// A map of lists flattened: (name, element) pairs, names in order, each list in its order.
template <class T>
std::vector<std::pair<const std::string*, const T*>> flatten(
    const std::map<std::string, std::vector<T>>& m) {
  std::vector<std::pair<const std::string*, const T*>> v;
  for (const auto& [k, list] : m)
    for (const T& x : list) v.emplace_back(&k, &x);
  return v;
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

const field disk_io_fields[] = {
    PSINFO_FIELD(psinfo_disk_io_counters_t, name, 0),
    PSINFO_FIELD(psinfo_disk_io_counters_t, read_count, 0),
    PSINFO_FIELD(psinfo_disk_io_counters_t, write_count, 0),
    PSINFO_FIELD(psinfo_disk_io_counters_t, read_bytes, 0),
    PSINFO_FIELD(psinfo_disk_io_counters_t, write_bytes, 0),
    PSINFO_FIELD(psinfo_disk_io_counters_t, read_time, PSINFO_DISK_IO_COUNTERS_HAS_READ_TIME),
    PSINFO_FIELD(psinfo_disk_io_counters_t, write_time, PSINFO_DISK_IO_COUNTERS_HAS_WRITE_TIME),
    PSINFO_FIELD(psinfo_disk_io_counters_t, read_merged_count,
                 PSINFO_DISK_IO_COUNTERS_HAS_READ_MERGED_COUNT),
    PSINFO_FIELD(psinfo_disk_io_counters_t, write_merged_count,
                 PSINFO_DISK_IO_COUNTERS_HAS_WRITE_MERGED_COUNT),
    PSINFO_FIELD(psinfo_disk_io_counters_t, busy_time, PSINFO_DISK_IO_COUNTERS_HAS_BUSY_TIME),
};

psinfo_disk_io_counters_t to_c(const psinfo::disk_io_counters_t& d) {
  auto c = zeroed<psinfo_disk_io_counters_t>();
  c.read_count = d.read_count;
  c.write_count = d.write_count;
  c.read_bytes = d.read_bytes;
  c.write_bytes = d.write_bytes;
  put_opt(c.read_time, c.present, PSINFO_DISK_IO_COUNTERS_HAS_READ_TIME, d.read_time);
  put_opt(c.write_time, c.present, PSINFO_DISK_IO_COUNTERS_HAS_WRITE_TIME, d.write_time);
  put_opt(c.read_merged_count, c.present, PSINFO_DISK_IO_COUNTERS_HAS_READ_MERGED_COUNT,
          d.read_merged_count);
  put_opt(c.write_merged_count, c.present, PSINFO_DISK_IO_COUNTERS_HAS_WRITE_MERGED_COUNT,
          d.write_merged_count);
  put_opt(c.busy_time, c.present, PSINFO_DISK_IO_COUNTERS_HAS_BUSY_TIME, d.busy_time);
  return c;
}

// ---- Network ---------------------------------------------------------------------------

const field net_io_fields[] = {
    PSINFO_FIELD(psinfo_net_io_counters_t, name, 0),
    PSINFO_FIELD(psinfo_net_io_counters_t, bytes_sent, 0),
    PSINFO_FIELD(psinfo_net_io_counters_t, bytes_recv, 0),
    PSINFO_FIELD(psinfo_net_io_counters_t, packets_sent, 0),
    PSINFO_FIELD(psinfo_net_io_counters_t, packets_recv, 0),
    PSINFO_FIELD(psinfo_net_io_counters_t, errin, 0),
    PSINFO_FIELD(psinfo_net_io_counters_t, errout, 0),
    PSINFO_FIELD(psinfo_net_io_counters_t, dropin, 0),
    PSINFO_FIELD(psinfo_net_io_counters_t, dropout, 0),
};

psinfo_net_io_counters_t to_c(const psinfo::net_io_counters_t& n) {
  auto c = zeroed<psinfo_net_io_counters_t>();
  c.bytes_sent = n.bytes_sent;
  c.bytes_recv = n.bytes_recv;
  c.packets_sent = n.packets_sent;
  c.packets_recv = n.packets_recv;
  c.errin = n.errin;
  c.errout = n.errout;
  c.dropin = n.dropin;
  c.dropout = n.dropout;
  return c;
}

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
    return store_pooled(
        out, count, elem_size, by_name(m),
        [](const auto& e, string_pool& pool) {
          psinfo_disk_io_counters_t c = to_c(*e.second);
          c.name = pool.place(*e.first);
          return c;
        },
        disk_io_fields);
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
    return store_pooled(
        out, count, elem_size, by_name(m),
        [](const auto& e, string_pool& pool) {
          psinfo_net_io_counters_t c = to_c(*e.second);
          c.name = pool.place(*e.first);
          return c;
        },
        net_io_fields);
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
