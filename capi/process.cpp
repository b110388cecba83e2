// The C API of include/psinfo/process.hpp: process handles and their methods, pids, wait_procs,
// and the bulk snapshot (process_iter(attrs) / as_dict).
#include <psinfo/psinfo.h>

#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common.hpp"
#include "process_handle.hpp"

using namespace psinfo::capi;

static_assert(sizeof(psinfo_uids_t) == 32, "ABI: psinfo_uids_t");
static_assert(sizeof(psinfo_process_io_counters_t) == 72, "ABI: psinfo_process_io_counters_t");
static_assert(sizeof(psinfo_ctx_switches_t) == 24, "ABI: psinfo_ctx_switches_t");
static_assert(sizeof(psinfo_thread_t) == 32, "ABI: psinfo_thread_t");
static_assert(sizeof(psinfo_process_cpu_times_t) == 48, "ABI: psinfo_process_cpu_times_t");
static_assert(sizeof(psinfo_memory_info_t) == 128, "ABI: psinfo_memory_info_t");
static_assert(sizeof(psinfo_memory_full_info_t) == 32, "ABI: psinfo_memory_full_info_t");
static_assert(sizeof(psinfo_memory_info_ex_t) == 112, "ABI: psinfo_memory_info_ex_t");
static_assert(sizeof(psinfo_memory_footprint_t) == 32, "ABI: psinfo_memory_footprint_t");
static_assert(sizeof(psinfo_page_faults_t) == 24, "ABI: psinfo_page_faults_t");
static_assert(sizeof(psinfo_wait_status_t) == 16, "ABI: psinfo_wait_status_t");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_memory_map_t) == 112, "ABI: psinfo_memory_map_t");
static_assert(sizeof(void*) != 8 || (sizeof(psinfo_open_file_t) == 40 &&
                                     offsetof(psinfo_open_file_t, position) == 24),
              "ABI: psinfo_open_file_t");
static_assert(sizeof(void*) != 8 || (sizeof(psinfo_process_info_t) == 432 &&
                                     offsetof(psinfo_process_info_t, present) == 8 &&
                                     offsetof(psinfo_process_info_t, pid) == 16 &&
                                     offsetof(psinfo_process_info_t, uids_real) == 112 &&
                                     offsetof(psinfo_process_info_t, cpu_user) == 248 &&
                                     offsetof(psinfo_process_info_t, mem_rss) == 320),
              "ABI: psinfo_process_info_t");
static_assert(PSINFO_PROCESS_INFO_MIN_SIZE == 24 && PSINFO_MEMORY_INFO_MIN_SIZE == 24 &&
                  PSINFO_PROCESS_CPU_TIMES_MIN_SIZE == 40,
              "ABI: the smallest accepted struct sizes never change");

// The C attribute bits are psinfo::attr's, and the list is complete.
#define PSINFO_SAME_ATTR_(NAME, name)                                              \
  static_assert(PSINFO_ATTR_##NAME == static_cast<uint64_t>(psinfo::attr::name) && \
                    (PSINFO_ATTR_##NAME & (PSINFO_ATTR_##NAME - 1)) == 0,          \
                "PSINFO_ATTR_" #NAME);
PSINFO_CAPI_ATTRS(PSINFO_SAME_ATTR_)
#undef PSINFO_SAME_ATTR_
#define PSINFO_OR_ATTR_(NAME, name) | PSINFO_ATTR_##NAME
static_assert((0 PSINFO_CAPI_ATTRS(PSINFO_OR_ATTR_)) == PSINFO_ATTR_ALL &&
                  PSINFO_ATTR_ALL == static_cast<uint64_t>(psinfo::all_attrs),
              "a new psinfo::attr needs its PSINFO_ATTR_ macro, PSINFO_ATTR_ALL and a line in "
              "PSINFO_CAPI_ATTRS (capi/tables.h)");
#undef PSINFO_OR_ATTR_

namespace psinfo::capi {

void finish(psinfo_process_info_t& c, const psinfo::process_info_t& s, pool& strings,
            uint64_t attrs) {
  if ((c.present & PSINFO_ATTR_MEMORY_INFO) || !(attrs & PSINFO_ATTR_MEMORY_FULL_INFO) ||
      !s.memory_full_info)
    return;
  const psinfo::memory_info_t& v = s.memory_full_info->info;
#define PSINFO_FROM_FULL_(a, m, e, B) put<B>(c.m, c.field_present, e, strings);
  PSINFO_CAPI_PROCESS_INFO_MEMORY(PSINFO_FROM_FULL_)
#undef PSINFO_FROM_FULL_
}

}  // namespace psinfo::capi

namespace {

psinfo_process_t* new_handle(psinfo::process p) { return new psinfo_process_s(std::move(p)); }

// A malloc'ed copy of s (released by psinfo_free_string).
char* dup_string(std::string_view s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

// *out = a copy of get()'s string; an absent std::optional<std::string> is PSINFO_ENOVALUE.
template <class Get>
int string_out(const char* fn, char** out, Get get) {
  not_null(out, "out");
  *out = nullptr;
  const auto v = get();
  if constexpr (is_optional<std::remove_const_t<decltype(v)>>::value) {
    if (!v) return fail(PSINFO_ENOVALUE, fn, "the process has no such value (psutil's None)");
    *out = dup_string(*v);
  } else {
    *out = dup_string(v);
  }
  return 0;
}

// A list of strings (a vector, or the environment as "KEY=VALUE") as an array of pointers
// followed by the strings, in one block.
template <class Strings>
int store_string_list(char*** out, size_t* count, const Strings& v) {
  if (v.empty()) return 0;
  pool measure;
  measure.place(v);
  char* base = static_cast<char*>(std::malloc(measure.bytes()));
  if (!base) throw std::bad_alloc();
  pool strings = pool::after(base, measure);
  *out = const_cast<char**>(strings.place(v));
  *count = v.size();
  return 0;
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

std::optional<double> timeout_arg(double timeout) {
  if (std::isnan(timeout)) bad_arg("timeout is NaN");
  if (timeout < 0) return std::nullopt;
  return timeout;
}

// What psinfo_wait_status_t holds, as the table converts it.
struct wait_status {
  int gone = 0;
  std::optional<int> returncode;
};

uint64_t check_snapshot_attrs(uint64_t attrs) {
  constexpr uint64_t all = PSINFO_ATTR_SNAPSHOT_ALL;
  if (attrs == 0) return all;
  if ((attrs & ~all) != 0) {
    std::string bad;
    for (int i = 0; i < 64; ++i) {
      uint64_t bit = 1ull << i;
      if (!(attrs & bit) || (all & bit)) continue;
      const char* n = psinfo_attr_name(bit);
      bad += (bad.empty() ? "" : ", ") + (n ? std::string(n) : "bit " + std::to_string(i));
    }
    bad_arg("attrs holds " + bad +
            ": not in a snapshot (threads, memory_maps, open_files, net_connections and cgroup are "
            "asked per process; unknown bits are refused)");
  }
  return attrs | PSINFO_ATTR_PID;
}

// A struct with memory_info inside it (memory_full_info, memory_info_ex): both caller structs
// are checked before the call; *info, when given, gets the memory_info part.
template <class C, class Make>
int store_with_info(const char* fn, C* out, psinfo_memory_info_t* info, Make make) {
  return guard(fn, [&] {
    const size_t size = caller_size(out);
    const size_t info_size = info ? caller_size(info) : 0;
    const auto m = make();
    store(out, size, to_c<C>(m));
    if (info) store(info, info_size, to_c<psinfo_memory_info_t>(m.info));
    return 0;
  });
}

}  // namespace

extern "C" {

const char* psinfo_attr_name(uint64_t attr) {
  switch (attr) {
#define PSINFO_ATTR_NAME_CASE_(NAME, name) \
  case PSINFO_ATTR_##NAME:                 \
    return #name;
    PSINFO_CAPI_ATTRS(PSINFO_ATTR_NAME_CASE_)
#undef PSINFO_ATTR_NAME_CASE_
  }
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
  return guard(__func__, [&] {
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
  return guard(__func__, [&] {
    not_null(out, "out");
    *out = nullptr;
    *out = new_handle(psinfo::process::self());
    return 0;
  });
}

int psinfo_process_dup(psinfo_process_t** out, const psinfo_process_t* h) {
  return guard(__func__, [&] {
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

int psinfo_process_equal(int32_t* out, const psinfo_process_t* a, const psinfo_process_t* b) {
  return out_value(__func__, out, [&] { return proc_of(a) == proc_of(b); });
}

int psinfo_process_oneshot_begin(psinfo_process_t* h) {
  return guard(__func__, [&] {
    const psinfo::process& p = proc_of(h);
    if (h->oneshot_depth == 0) h->oneshot = std::make_unique<psinfo::process::oneshot_guard>(p);
    ++h->oneshot_depth;
    return 0;
  });
}

int psinfo_process_oneshot_end(psinfo_process_t* h) {
  return guard(__func__, [&] {
    proc_of(h);
    if (h->oneshot_depth == 0) bad_arg("oneshot_end without oneshot_begin");
    if (--h->oneshot_depth == 0) h->oneshot.reset();
    return 0;
  });
}

// ---- Strings -------------------------------------------------------------------------------

#define PSINFO_STRING_METHOD_(m)                                  \
  int psinfo_process_##m(char** out, const psinfo_process_t* h) { \
    return guard(__func__, [&](const char* fn) {                  \
      return string_out(fn, out, [&] { return proc_of(h).m(); }); \
    });                                                           \
  }
PSINFO_STRING_METHOD_(name)
PSINFO_STRING_METHOD_(exe)
PSINFO_STRING_METHOD_(cwd)
PSINFO_STRING_METHOD_(username)
PSINFO_STRING_METHOD_(status)
PSINFO_STRING_METHOD_(terminal)
#undef PSINFO_STRING_METHOD_

int psinfo_process_cmdline(char*** out, size_t* count, const psinfo_process_t* h) {
  return guard(__func__, [&] {
    check_plain_list(out, count);
    return store_string_list(out, count, proc_of(h).cmdline());
  });
}

PSINFO_CAPI_FREE(process_cmdline, char*)

int psinfo_process_environ(char*** out, size_t* count, const psinfo_process_t* h) {
  return guard(__func__, [&] {
    check_plain_list(out, count);
    return store_string_list(out, count, proc_of(h).environ());
  });
}

PSINFO_CAPI_FREE(process_environ, char*)

// ---- Numbers and structs -------------------------------------------------------------------

#define PSINFO_SCALAR_METHOD_(m, T)                                                         \
  int psinfo_process_##m(T* out, const psinfo_process_t* h) {                               \
    return out_value(                                                                       \
        __func__, out, [&] { return proc_of(h).m(); }, #m " is not known (psutil's None)"); \
  }
PSINFO_SCALAR_METHOD_(pid, int64_t)
PSINFO_SCALAR_METHOD_(is_running, int32_t)
PSINFO_SCALAR_METHOD_(ppid, int64_t)
PSINFO_SCALAR_METHOD_(create_time, double)
PSINFO_SCALAR_METHOD_(nice, int32_t)
PSINFO_SCALAR_METHOD_(num_fds, int32_t)
PSINFO_SCALAR_METHOD_(num_handles, int32_t)
PSINFO_SCALAR_METHOD_(num_threads, int32_t)
PSINFO_SCALAR_METHOD_(cpu_num, int32_t)
#undef PSINFO_SCALAR_METHOD_

#define PSINFO_STRUCT_METHOD_(m, C)                                   \
  int psinfo_process_##m(C* out, const psinfo_process_t* h) {         \
    return out_struct(__func__, out, [&] { return proc_of(h).m(); }); \
  }
PSINFO_STRUCT_METHOD_(uids, psinfo_uids_t)
PSINFO_STRUCT_METHOD_(gids, psinfo_gids_t)
PSINFO_STRUCT_METHOD_(io_counters, psinfo_process_io_counters_t)
PSINFO_STRUCT_METHOD_(num_ctx_switches, psinfo_ctx_switches_t)
PSINFO_STRUCT_METHOD_(cpu_times, psinfo_process_cpu_times_t)
PSINFO_STRUCT_METHOD_(memory_info, psinfo_memory_info_t)
PSINFO_STRUCT_METHOD_(page_faults, psinfo_page_faults_t)
#undef PSINFO_STRUCT_METHOD_

int psinfo_process_set_nice(psinfo_process_t* h, int32_t value) {
  return guard(__func__, [&] {
    proc_of(h).nice(value);
    return 0;
  });
}

int psinfo_process_ionice(int32_t* ioclass, int32_t* value, const psinfo_process_t* h) {
  return guard(__func__, [&] {
    not_null(ioclass, "ioclass");
    not_null(value, "value");
    psinfo::ionice_t i = proc_of(h).ionice();
    *ioclass = static_cast<int32_t>(i.ioclass);
    *value = i.value;
    return 0;
  });
}

int psinfo_process_set_ionice(psinfo_process_t* h, int32_t ioclass, int32_t value) {
  return guard(__func__, [&] {
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
  return guard(__func__, [&] {
    not_null(soft, "soft");
    not_null(hard, "hard");
    psinfo::rlimit_t r = proc_of(h).rlimit(resource);
    *soft = r.soft;
    *hard = r.hard;
    return 0;
  });
}

int psinfo_process_set_rlimit(psinfo_process_t* h, int32_t resource, int64_t soft, int64_t hard) {
  return guard(__func__, [&] {
    psinfo::rlimit_t r;
    r.soft = soft;
    r.hard = hard;
    proc_of(h).rlimit(resource, r);
    return 0;
  });
}

int psinfo_process_threads(psinfo_thread_t** out, size_t* count, size_t elem_size,
                           const psinfo_process_t* h) {
  return out_list(__func__, out, count, elem_size, [&] { return proc_of(h).threads(); });
}
PSINFO_CAPI_FREE(process_threads, psinfo_thread_t)

int psinfo_process_cpu_percent(double* out, psinfo_process_t* h, double interval) {
  return out_value(__func__, out, [&] { return proc_of(h).cpu_percent(interval); });
}

int psinfo_process_cpu_affinity(int32_t** out, size_t* count, const psinfo_process_t* h) {
  return out_numbers(__func__, out, count, [&] { return proc_of(h).cpu_affinity(); });
}
PSINFO_CAPI_FREE(process_cpu_affinity, int32_t)

int psinfo_process_set_cpu_affinity(psinfo_process_t* h, const int32_t* cpus, size_t count) {
  return guard(__func__, [&] {
    psinfo::process& p = proc_of(h);
    if (count > 0) not_null(cpus, "cpus");
    std::vector<int> v(cpus, cpus + count);
    p.cpu_affinity(v);
    return 0;
  });
}

int psinfo_process_memory_full_info(psinfo_memory_full_info_t* out, psinfo_memory_info_t* info,
                                    const psinfo_process_t* h) {
  return store_with_info(__func__, out, info, [&] { return proc_of(h).memory_full_info(); });
}

int psinfo_process_memory_info_ex(psinfo_memory_info_ex_t* out, psinfo_memory_info_t* info,
                                  const psinfo_process_t* h) {
  return store_with_info(__func__, out, info, [&] { return proc_of(h).memory_info_ex(); });
}

int psinfo_process_memory_footprint(psinfo_memory_footprint_t* out, const psinfo_process_t* h) {
  return out_struct(__func__, out, [&] { return proc_of(h).memory_footprint(); });
}

int psinfo_process_memory_percent(double* out, const psinfo_process_t* h, const char* memtype) {
  return out_value(__func__, out, [&] {
    not_null(memtype, "memtype");
    return proc_of(h).memory_percent(memtype);
  });
}

int psinfo_process_memory_maps(psinfo_memory_map_t** out, size_t* count, size_t elem_size,
                               const psinfo_process_t* h, int grouped) {
  return out_list(__func__, out, count, elem_size,
                  [&] { return proc_of(h).memory_maps(grouped != 0); });
}
PSINFO_CAPI_FREE(process_memory_maps, psinfo_memory_map_t)

int psinfo_process_open_files(psinfo_open_file_t** out, size_t* count, size_t elem_size,
                              const psinfo_process_t* h) {
  return out_list(__func__, out, count, elem_size, [&] { return proc_of(h).open_files(); });
}
PSINFO_CAPI_FREE(process_open_files, psinfo_open_file_t)

int psinfo_process_net_connections(psinfo_connection_t** out, size_t* count, size_t elem_size,
                                   const psinfo_process_t* h, const char* kind) {
  return out_list(__func__, out, count, elem_size, [&] {
    not_null(kind, "kind");
    return proc_of(h).net_connections(kind);
  });
}

// ---- Family --------------------------------------------------------------------------------

int psinfo_process_parent(psinfo_process_t** out, const psinfo_process_t* h) {
  return guard(__func__, [&](const char* fn) {
    not_null(out, "out");
    *out = nullptr;
    std::optional<psinfo::process> p = proc_of(h).parent();
    if (!p) return fail(PSINFO_ENOVALUE, fn, "the process has no parent");
    *out = new_handle(std::move(*p));
    return 0;
  });
}

int psinfo_process_parents(psinfo_process_t*** out, size_t* count, const psinfo_process_t* h) {
  return guard(__func__, [&] {
    check_plain_list(out, count);
    return store_handles(out, count, proc_of(h).parents());
  });
}

int psinfo_process_children(psinfo_process_t*** out, size_t* count, const psinfo_process_t* h,
                            int recursive) {
  return guard(__func__, [&] {
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
  return guard(__func__, [&] {
    proc_of(h).send_signal(sig);
    return 0;
  });
}

#define PSINFO_SIGNAL_METHOD_(m)                \
  int psinfo_process_##m(psinfo_process_t* h) { \
    return guard(__func__, [&] {                \
      proc_of(h).m();                           \
      return 0;                                 \
    });                                         \
  }
PSINFO_SIGNAL_METHOD_(suspend)
PSINFO_SIGNAL_METHOD_(resume)
PSINFO_SIGNAL_METHOD_(terminate)
PSINFO_SIGNAL_METHOD_(kill)
#undef PSINFO_SIGNAL_METHOD_

int psinfo_process_wait(int32_t* exit_code, psinfo_process_t* h, double timeout) {
  return out_value(
      __func__, exit_code, [&] { return proc_of(h).wait(timeout_arg(timeout)); },
      "the process ended, its exit code is not known (not a child of this process)");
}

int psinfo_wait_procs(psinfo_wait_status_t* status, size_t elem_size,
                      psinfo_process_t* const* procs, size_t count, double timeout,
                      psinfo_wait_callback_t callback, void* data) {
  return guard(__func__, [&] {
    check_size(elem_size, table<psinfo_wait_status_t>::min_size, "elem_size");
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
        psinfo_wait_status_t s = to_c<psinfo_wait_status_t>(wait_status{1, rc});
        s.struct_size = sizeof s;
        callback(i < count ? procs[i] : nullptr, &s, data);
      };
    psinfo::wait_procs_result r = psinfo::wait_procs(std::move(v), timeout_arg(timeout), cb);
    char* base = reinterpret_cast<char*>(status);
    for (size_t i = 0; i < count; ++i)
      store(base + i * elem_size, elem_size, to_c<psinfo_wait_status_t>(wait_status{}));
    for (const auto& [p, rc] : r.gone) {
      size_t i = index_of(p);
      if (i == count) continue;
      ended[i] = true;
      store(base + i * elem_size, elem_size, to_c<psinfo_wait_status_t>(wait_status{1, rc}));
    }
    return 0;
  });
}

// ---- Module functions ----------------------------------------------------------------------

int psinfo_pids(int64_t** out, size_t* count) {
  return out_numbers(__func__, out, count, [&] { return psinfo::pids(); });
}
PSINFO_CAPI_FREE(pids, int64_t)

int psinfo_pid_exists(int32_t* out, int64_t pid) {
  return out_value(__func__, out, [&] {
    return pid >= 0 && pid <= static_cast<int64_t>(std::numeric_limits<long>::max()) &&
           psinfo::pid_exists(static_cast<long>(pid));
  });
}

// ---- The snapshot --------------------------------------------------------------------------

int psinfo_process_snapshot(psinfo_process_info_t** out, size_t* count, size_t elem_size,
                            uint64_t attrs) {
  return guard(__func__, [&] {
    check_list(out, count, elem_size);
    attrs = check_snapshot_attrs(attrs);
    return store_list(out, count, elem_size, psinfo::process_iter(static_cast<psinfo::attr>(attrs)),
                      attrs);
  });
}

int psinfo_process_as_dict(psinfo_process_info_t** out, size_t* count, size_t elem_size,
                           psinfo_process_t* h, uint64_t attrs) {
  return guard(__func__, [&] {
    check_list(out, count, elem_size);
    psinfo::process& p = proc_of(h);
    attrs = check_snapshot_attrs(attrs);
    std::vector<psinfo::process_info_t> v;
    v.push_back(psinfo::as_dict(p, static_cast<psinfo::attr>(attrs)));
    return store_list(out, count, elem_size, v, attrs);
  });
}

PSINFO_CAPI_FREE(process_snapshot, psinfo_process_info_t)

}  // extern "C"
