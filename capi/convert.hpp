// Internal to the C API (capi/*.cpp): the conversions of C++ results into the versioned C
// structs of psinfo.h, and the guard that turns exceptions into codes. Shared by psinfo_c.cpp
// and psinfo_c_sampler.cpp, so that a struct is filled by one function whoever calls it.
#pragma once

#include <psinfo/psinfo.h>

#include <algorithm>
#include <cstdarg>
#include <cstdint>
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

namespace psinfo::capi {

// A fixed buffer: recording an error must not allocate, or an out-of-memory error could not
// be reported.
inline thread_local char last_error[2048] = "";

// mingw: its C++ headers route printf to the C99 implementation (%zu works), which
// __MINGW_PRINTF_FORMAT names; plain `printf` would check against the MS CRT's.
#ifdef __MINGW_PRINTF_FORMAT
#define PSINFO_PRINTF_FORMAT __MINGW_PRINTF_FORMAT
#else
#define PSINFO_PRINTF_FORMAT printf
#endif
inline int fail(int code, const char* fn, const char* fmt, ...) noexcept
    __attribute__((format(PSINFO_PRINTF_FORMAT, 3, 4)));

inline int fail(int code, const char* fn, const char* fmt, ...) noexcept {
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

[[noreturn]] inline void bad_arg(const std::string& what) { throw arg_error(PSINFO_EINVAL, what); }

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

inline void check_size(size_t size, size_t min, const char* what) {
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

inline psinfo_cpu_times_t to_c(const psinfo::cpu_times_t& t) {
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

inline psinfo_cpu_stats_t to_c(const psinfo::cpu_stats_t& s) {
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

inline psinfo_cpu_freq_t to_c(const psinfo::cpu_freq_t& f) {
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

inline psinfo_virtual_memory_t to_c(const psinfo::virtual_memory_t& m) {
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

inline psinfo_swap_memory_t to_c(const psinfo::swap_memory_t& s) {
  psinfo_swap_memory_t c{};
  c.total = s.total;
  c.used = s.used;
  c.free = s.free;
  c.percent = s.percent;
  put_opt(c.sin, c.present, PSINFO_SWAP_MEMORY_HAS_SIN, s.sin);
  put_opt(c.sout, c.present, PSINFO_SWAP_MEMORY_HAS_SOUT, s.sout);
  return c;
}

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
inline void* alloc_list(size_t n, size_t elem_size, size_t extra = 0) {
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

inline int store_doubles(double** out, size_t* count, const std::vector<double>& v) {
  if (v.empty()) return 0;
  if (v.size() > SIZE_MAX / sizeof(double)) throw std::bad_alloc();
  double* p = static_cast<double*>(std::malloc(v.size() * sizeof(double)));
  if (!p) throw std::bad_alloc();
  std::copy(v.begin(), v.end(), p);
  *out = p;
  *count = v.size();
  return 0;
}

inline void check_doubles(double** out, size_t* count) {
  not_null(out, "out");
  not_null(count, "count");
  *out = nullptr;
  *count = 0;
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

// ---- Disks and network ----------------------------------------------------------------

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

inline psinfo_disk_io_counters_t to_c(const psinfo::disk_io_counters_t& d) {
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

inline psinfo_net_io_counters_t to_c(const psinfo::net_io_counters_t& n) {
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

// A map keyed by device whose values have a to_c above, as a C list: each element with its name,
// names in map order.
template <class C, class T, size_t N>
int store_named(C** out, size_t* count, size_t elem_size, const std::map<std::string, T>& m,
                const field (&fields)[N]) {
  return store_pooled(
      out, count, elem_size, by_name(m),
      [](const auto& e, string_pool& pool) {
        C c = to_c(*e.second);
        c.name = pool.place(*e.first);
        return c;
      },
      fields);
}

}  // namespace psinfo::capi
