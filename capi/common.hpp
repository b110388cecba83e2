// Internal to the C API (capi/*.cpp): the guard that turns exceptions into codes, and the
// conversion of C++ results into the versioned C structs of psinfo.h, generated from the
// tables of capi/tables.h (one line per field).
#pragma once

#include <psinfo/psinfo.h>

#include <algorithm>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <map>
#include <new>
#include <optional>
#include <psinfo/psinfo.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "tables.h"

namespace psinfo::capi {

// ---- Errors --------------------------------------------------------------------------------

// A fixed buffer: recording an error must not allocate, or an out-of-memory error could not
// be reported.
inline thread_local char last_error[2048] = "";
// The errno of the last failure (psinfo_last_errno), 0 when it was not a system call's.
inline thread_local int last_errno = 0;

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
  last_errno = 0;
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

// The code of each exception psinfo throws, a kind before its base (zombie_process is a kind
// of no_such_process, and every one is a psinfo::error).
#define PSINFO_CAPI_EXCEPTIONS(X)                   \
  X(psinfo::zombie_process, PSINFO_EZOMBIE)         \
  X(psinfo::no_such_process, PSINFO_ENOSUCHPROCESS) \
  X(psinfo::access_denied, PSINFO_EACCES)           \
  X(psinfo::timeout_expired, PSINFO_ETIMEDOUT)      \
  X(psinfo::not_supported, PSINFO_ENOTSUP)          \
  X(psinfo::invalid_argument, PSINFO_EINVAL)        \
  X(psinfo::error, PSINFO_EIO)

// Runs body (given fn, the C function's name, if it takes it: guard(__func__, ...)) and turns
// whatever it throws into a code.
template <class Body>
int guard(const char* fn, Body&& body) noexcept {
  try {
    if constexpr (std::is_invocable_v<Body&, const char*>)
      return body(fn);
    else
      return body();
  } catch (const arg_error& e) {
    return fail(e.code, fn, "%s", e.what());
  }
#define PSINFO_CAPI_CATCH_(E, code)          \
  catch (const E& e) {                       \
    int rc = fail(code, fn, "%s", e.what()); \
    last_errno = e.os_errno();               \
    return rc;                               \
  }
  PSINFO_CAPI_EXCEPTIONS(PSINFO_CAPI_CATCH_)
#undef PSINFO_CAPI_CATCH_
  catch (const std::bad_alloc&) {
    return fail(PSINFO_ENOMEM, fn, "out of memory");
  }
  catch (const std::exception& e) {
    return fail(PSINFO_EIO, fn, "%s", e.what());
  }
  catch (...) {
    return fail(PSINFO_EUNKNOWN, fn, "unknown exception");
  }
}

// ---- Where strings and arrays go -----------------------------------------------------------

// A list is one block (one free() releases it): the array of structs, then the pointer arrays
// (8-aligned, since the element size is a multiple of 8), then int32 arrays, then strings. A
// pool without a block only measures: place() counts the bytes and returns NULL.
class pool {
 public:
  pool() = default;
  pool(char* ptrs, char* ints, char* strs) : ptrs_(ptrs), ints_(ints), strs_(strs) {}
  const char* place(std::string_view s) { return place_parts(s, {}, false); }
  // "KEY=VALUE" strings, in key order.
  const char* const* place(const std::map<std::string, std::string>& env) {
    return place_array(env,
                       [this](const auto& kv) { return place_parts(kv.first, kv.second, true); });
  }
  const char* const* place(const std::vector<std::string>& v) {
    return place_array(v, [this](const std::string& s) { return place(s); });
  }
  const int32_t* place(const std::vector<int>& v) {
    int_bytes_ += v.size() * sizeof(int32_t);
    if (ints_ == nullptr || v.empty()) return nullptr;
    auto* arr = reinterpret_cast<int32_t*>(ints_);
    ints_ += v.size() * sizeof(int32_t);
    std::copy(v.begin(), v.end(), arr);
    return arr;
  }
  size_t bytes() const { return ptr_bytes_ + int_bytes_ + str_bytes_; }
  // A pool placing into block, laid out as measured by m.
  static pool after(char* block, const pool& m) {
    return pool(block, block + m.ptr_bytes_, block + m.ptr_bytes_ + m.int_bytes_);
  }

 private:
  // a, or a '=' b when joined, NUL-terminated.
  const char* place_parts(std::string_view a, std::string_view b, bool joined) {
    const size_t n = a.size() + (joined ? 1 + b.size() : 0);
    str_bytes_ += n + 1;
    if (strs_ == nullptr) return nullptr;
    char* p = strs_;
    std::memcpy(p, a.data(), a.size());
    if (joined) {
      p[a.size()] = '=';
      std::memcpy(p + a.size() + 1, b.data(), b.size());
    }
    p[n] = '\0';
    strs_ += n + 1;
    return p;
  }
  template <class Seq, class Place>
  const char* const* place_array(const Seq& v, Place place_one) {
    ptr_bytes_ += v.size() * sizeof(char*);
    if (ptrs_ == nullptr || v.empty()) {
      for (const auto& x : v) place_one(x);
      return nullptr;
    }
    auto** arr = reinterpret_cast<const char**>(ptrs_);
    ptrs_ += v.size() * sizeof(char*);
    size_t i = 0;
    for (const auto& x : v) arr[i++] = place_one(x);
    return arr;
  }

  char* ptrs_ = nullptr;
  char* ints_ = nullptr;
  char* strs_ = nullptr;
  size_t ptr_bytes_ = 0, int_bytes_ = 0, str_bytes_ = 0;
};

// ---- One field: the absence rules of psinfo.h, decided by the C++ type ---------------------

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

// dst = src, for a field whose present bit (0: none) is Bit. A std::optional number sets Bit
// when it has a value; a string (std::string, or NULL for an absent std::optional<std::string>
// or a null const std::string*) goes to the pool.
template <uint64_t Bit, class D, class P, class S>
void put(D& dst, P& present, const S& src, pool& strings) {
  if constexpr (is_optional<S>::value) {
    if constexpr (std::is_same_v<typename S::value_type, std::string>) {
      static_assert(Bit == 0, "an absent string is NULL: it has no present bit (F, not O)");
      dst = src ? strings.place(*src) : nullptr;
    } else {
      static_assert(Bit != 0, "a number that may be absent needs its present bit (O, not F)");
      static_assert(Bit <= std::numeric_limits<P>::max(), "the bit does not fit `present`");
      if (src) {
        put<0>(dst, present, *src, strings);
        present = static_cast<P>(present | Bit);
      }
    }
  } else {
    static_assert(Bit == 0, "a value every platform has takes no present bit (F, not O)");
    if constexpr (std::is_same_v<S, const std::string*>)
      dst = src ? strings.place(*src) : nullptr;
    else if constexpr (std::is_class_v<S>)  // strings, string lists, the environment, CPU lists
      dst = strings.place(src);
    else
      dst = static_cast<D>(src);
  }
}

// The value of a snapshot attribute, or NULL when it is absent.
template <class T>
const T* attr_value(const std::optional<T>& v) {
  return v ? &*v : nullptr;
}
template <class T>
const T* attr_value(const T& v) {
  return &v;
}
constexpr uint64_t attr_bit(psinfo::attr a) { return static_cast<uint64_t>(a); }

// ---- Computed fields (FX / OX lines of the tables) -----------------------------------------

inline const std::string* ip_of(const std::optional<psinfo::address_t>& a) {
  return a ? &a->ip : nullptr;
}
inline std::optional<int> port_of(const std::optional<psinfo::address_t>& a) {
  if (!a) return std::nullopt;
  return a->port;
}
inline const std::string* unix_path(const psinfo::connection_t& k) {
  return k.family == psinfo::address_family::unix_ ? &k.path : nullptr;
}

// psinfo::to_string of the enum E's value v if v is one of known, else "?".
template <class E>
const char* enum_name(int v, std::initializer_list<int> known) {
  return std::find(known.begin(), known.end(), v) != known.end()
             ? psinfo::to_string(static_cast<E>(v))
             : "?";
}

// psutil's CONN_* strings, indexed by PSINFO_CONN_*.
constexpr const char* conn_status_names[] = {"NONE",       "ESTABLISHED", "SYN_SENT",  "SYN_RECV",
                                             "FIN_WAIT1",  "FIN_WAIT2",   "TIME_WAIT", "CLOSE",
                                             "CLOSE_WAIT", "LAST_ACK",    "LISTEN",    "CLOSING",
                                             "DELETE_TCB", "IDLE",        "BOUND"};

inline int32_t conn_status_code(const std::string& s) {
  for (size_t i = 0; i < std::size(conn_status_names); ++i)
    if (s == conn_status_names[i]) return static_cast<int32_t>(i);
  throw psinfo::error("net_connections: unknown connection status '" + s + "'");
}

// ---- The tables ----------------------------------------------------------------------------

// One member of a C struct. bit: the present bit that covers it (0: none; in the snapshot the
// attribute's); own_bit: the bit its table line names (O, OX, A).
struct field {
  size_t offset, size, align;
  uint64_t bit, own_bit;
  constexpr size_t end() const { return offset + size; }
};

// Every member is where its predecessor's end and its own alignment put it, and the struct
// ends after the last one: no member of psinfo.h is missing from its table.
template <class C, size_t N>
constexpr bool complete(const field (&fields)[N]) {
  size_t at = 0;
  for (const field& f : fields) {
    if (f.offset != (at + f.align - 1) / f.align * f.align) return false;
    at = f.end();
  }
  return (at + alignof(C) - 1) / alignof(C) * alignof(C) == sizeof(C);
}

// The k-th line with a bit of its own has bit k (the order the ctypes module assumes).
template <size_t N>
constexpr bool bits_in_order(const field (&fields)[N]) {
  uint64_t next = 1;
  for (const field& f : fields) {
    if (f.own_bit == 0) continue;
    if (f.own_bit != next) return false;
    next <<= 1;
  }
  return true;
}

template <class C>
struct table;

// The snapshot's memory_full_info fills the memory_info fields when memory_info was not asked
// for (or denied); other structs have nothing to finish.
template <class C, class S>
void finish(C&, const S&, pool&, uint64_t) {}
void finish(psinfo_process_info_t& c, const psinfo::process_info_t& s, pool& strings,
            uint64_t attrs);

#define PSINFO_CAPI_MEMBER_(m, bit, own) \
  field{offsetof(C, m), sizeof(C::m), alignof(decltype(C::m)), bit, own},
#define PSINFO_CAPI_L_H_(m) PSINFO_CAPI_MEMBER_(m, 0, 0)
#define PSINFO_CAPI_L_F_(m) PSINFO_CAPI_MEMBER_(m, 0, 0)
#define PSINFO_CAPI_L_O_(m, B) PSINFO_CAPI_MEMBER_(m, B, B)
#define PSINFO_CAPI_L_FX_(m, e) PSINFO_CAPI_MEMBER_(m, 0, 0)
#define PSINFO_CAPI_L_OX_(m, e, B) PSINFO_CAPI_MEMBER_(m, B, B)
#define PSINFO_CAPI_L_A_(a, m, e, B) PSINFO_CAPI_MEMBER_(m, attr_bit(psinfo::attr::a), B)

#define PSINFO_CAPI_P_H_(m)
#define PSINFO_CAPI_P_F_(m) || std::is_pointer_v<decltype(C::m)>
#define PSINFO_CAPI_P_O_(m, B)
#define PSINFO_CAPI_P_FX_(m, e) PSINFO_CAPI_P_F_(m)
#define PSINFO_CAPI_P_OX_(m, e, B)
#define PSINFO_CAPI_P_A_(a, m, e, B) PSINFO_CAPI_P_F_(m)

#define PSINFO_CAPI_C_H_(m)
#define PSINFO_CAPI_C_F_(m) put<0>(c.m, c.present, s.m, strings);
#define PSINFO_CAPI_C_O_(m, B) put<B>(c.m, c.present, s.m, strings);
#define PSINFO_CAPI_C_FX_(m, e) put<0>(c.m, c.present, e, strings);
#define PSINFO_CAPI_C_OX_(m, e, B) put<B>(c.m, c.present, e, strings);
#define PSINFO_CAPI_C_A_(a, m, e, B)                                               \
  if (const auto* p = attr_value(s.a); p && (attrs & attr_bit(psinfo::attr::a))) { \
    const auto& v = *p;                                                            \
    put<B>(c.m, c.field_present, e, strings);                                      \
    c.present |= attr_bit(psinfo::attr::a);                                        \
  }

// table<C>: fields (each member: where, and which present bit covers it), min_size,
// has_strings (whether a list of C needs a pool), and convert(c, s, strings, key, attrs),
// which fills the zeroed c from the C++ value s.
#define PSINFO_CAPI_TABLE_(NAME, TYPE)                                                            \
  template <>                                                                                     \
  struct table<TYPE> {                                                                            \
    using C = TYPE;                                                                               \
    static constexpr size_t min_size = PSINFO_##NAME##_MIN_SIZE;                                  \
    static constexpr field fields[] = {PSINFO_CAPI_##NAME(PSINFO_CAPI_L_H_, PSINFO_CAPI_L_F_,     \
                                                          PSINFO_CAPI_L_O_, PSINFO_CAPI_L_FX_,    \
                                                          PSINFO_CAPI_L_OX_, PSINFO_CAPI_L_A_)};  \
    static constexpr bool has_strings =                                                           \
        false PSINFO_CAPI_##NAME(PSINFO_CAPI_P_H_, PSINFO_CAPI_P_F_, PSINFO_CAPI_P_O_,            \
                                 PSINFO_CAPI_P_FX_, PSINFO_CAPI_P_OX_, PSINFO_CAPI_P_A_);         \
    template <class S>                                                                            \
    static void convert(C& c, const S& s, pool& strings, [[maybe_unused]] const std::string* key, \
                        [[maybe_unused]] uint64_t attrs) {                                        \
      PSINFO_CAPI_##NAME(PSINFO_CAPI_C_H_, PSINFO_CAPI_C_F_, PSINFO_CAPI_C_O_, PSINFO_CAPI_C_FX_, \
                         PSINFO_CAPI_C_OX_, PSINFO_CAPI_C_A_);                                    \
      finish(c, s, strings, attrs);                                                               \
    }                                                                                             \
  };                                                                                              \
  static_assert(complete<TYPE>(table<TYPE>::fields),                                              \
                "PSINFO_CAPI_" #NAME ": a member of " #TYPE " is missing from its table");        \
  static_assert(bits_in_order(table<TYPE>::fields),                                               \
                "PSINFO_CAPI_" #NAME ": the k-th optional field must have bit k");
PSINFO_CAPI_STRUCTS(PSINFO_CAPI_TABLE_)
#undef PSINFO_CAPI_TABLE_

// ---- Storing into the caller's memory ------------------------------------------------------

inline void check_size(size_t size, size_t min, const char* what) {
  if (size < min || size > PSINFO_STRUCT_SIZE_MAX)
    throw arg_error(PSINFO_ESTRUCTSIZE, std::string(what) + " " + std::to_string(size) +
                                            " is outside [" + std::to_string(min) + ", " +
                                            std::to_string(PSINFO_STRUCT_SIZE_MAX) + "]");
}

// The caller's struct_size, checked.
template <class C>
size_t caller_size(const C* out) {
  not_null(out, "out");
  uint32_t size;
  std::memcpy(&size, out, sizeof size);
  check_size(size, table<C>::min_size, "struct_size");
  return size;
}

// A zeroed C struct, padding included (so that no stray byte reaches the caller).
template <class C>
C zeroed() {
  C c;
  std::memset(static_cast<void*>(&c), 0, sizeof c);
  return c;
}

// The C struct of the C++ value s (a single struct: no strings but a NULL key).
template <class C, class S>
C to_c(const S& s) {
  C c = zeroed<C>();
  pool none;
  table<C>::convert(c, s, none, nullptr, 0);
  return c;
}

// Copies the fields of full that lie entirely within size bytes into dst, and `present` with
// the bits of the fields left out cleared. struct_size, and every byte past the last field
// copied, stay as they are.
template <class C>
void store(void* dst, size_t size, C full) {
  size_t limit = sizeof full;
  if (size < sizeof full) {
    limit = sizeof(uint32_t);
    for (const field& f : table<C>::fields) {
      if (f.end() <= size)
        limit = std::max(limit, f.end());
      else
        full.present &= static_cast<decltype(full.present)>(~f.bit);
    }
  }
  std::memcpy(static_cast<char*>(dst) + sizeof(uint32_t),
              reinterpret_cast<const char*>(&full) + sizeof(uint32_t), limit - sizeof(uint32_t));
}

// A single struct: checks the caller's struct first (before any work: make may sleep), then
// stores make()'s result into it. A std::optional result that is absent is PSINFO_ENOVALUE
// (the message: fn: absent), *out untouched.
template <class C, class Make>
int store_one(const char* fn, C* out, Make make, const char* absent = "") {
  const size_t size = caller_size(out);
  const auto v = make();
  if constexpr (is_optional<std::remove_const_t<decltype(v)>>::value) {
    if (!v) return fail(PSINFO_ENOVALUE, fn, "%s", absent);
    store(out, size, to_c<C>(*v));
  } else {
    store(out, size, to_c<C>(v));
  }
  return 0;
}

// Checks a list call's out-pointers and element size before any work is done (a _percpu
// call with an interval would otherwise sleep first), and resets the outputs so that a
// failed call leaves something safe to free.
template <class C>
void check_list(C** out, size_t* count, size_t elem_size) {
  not_null(out, "out");
  not_null(count, "count");
  *out = nullptr;
  *count = 0;
  check_size(elem_size, table<C>::min_size, "elem_size");
  if (elem_size % alignof(C) != 0)
    throw arg_error(PSINFO_ESTRUCTSIZE, "elem_size " + std::to_string(elem_size) +
                                            " is not a multiple of " + std::to_string(alignof(C)));
}

// The items of a result with the name each is keyed by: a vector (no name), a map keyed by
// device, or a map of lists (flattened, names in order, each list in its order).
template <class T, class F>
void each_item(const std::vector<T>& v, F f) {
  for (const T& x : v) f(x, nullptr);
}
template <class T, class F>
void each_item(const std::map<std::string, T>& m, F f) {
  for (const auto& [k, x] : m) f(x, &k);
}
template <class T, class F>
void each_item(const std::map<std::string, std::vector<T>>& m, F f) {
  for (const auto& [k, v] : m)
    for (const T& x : v) f(x, &k);
}

// The list of the C structs of src's items with their strings and arrays, in one block of
// elem_size-byte elements, each with its struct_size set (after check_list). An element the
// size of C is filled in place; a smaller one gets the fields that fit.
template <class C, class Src>
int store_list(C** out, size_t* count, size_t elem_size, const Src& src, uint64_t attrs = 0) {
  size_t n = 0;
  each_item(src, [&n](const auto&, const std::string*) { ++n; });
  if (n == 0) return 0;
  pool measure;
  if constexpr (table<C>::has_strings)
    each_item(src, [&](const auto& x, const std::string* key) {
      C c = zeroed<C>();
      table<C>::convert(c, x, measure, key, attrs);
    });
  if (n > (SIZE_MAX - measure.bytes()) / elem_size) throw std::bad_alloc();
  char* base = static_cast<char*>(std::calloc(1, n * elem_size + measure.bytes()));
  if (!base) throw std::bad_alloc();
  pool strings = pool::after(base + n * elem_size, measure);
  const uint32_t size32 = static_cast<uint32_t>(elem_size);
  char* at = base;
  each_item(src, [&](const auto& x, const std::string* key) {
    std::memcpy(at, &size32, sizeof size32);
    if (elem_size >= sizeof(C)) {
      table<C>::convert(*reinterpret_cast<C*>(at), x, strings, key, attrs);
    } else {
      C c = zeroed<C>();
      table<C>::convert(c, x, strings, key, attrs);
      store(at, elem_size, c);
    }
    at += elem_size;
  });
  *out = reinterpret_cast<C*>(base);
  *count = n;
  return 0;
}

// A number: *out = make(). A std::optional result that is absent is PSINFO_ENOVALUE (the
// message: fn: absent), *out untouched.
template <class T, class Make>
int store_value(const char* fn, T* out, Make make, const char* absent = "") {
  not_null(out, "out");
  const auto v = make();
  if constexpr (is_optional<std::remove_const_t<decltype(v)>>::value) {
    if (!v) return fail(PSINFO_ENOVALUE, fn, "%s", absent);
    *out = static_cast<T>(*v);
  } else {
    *out = static_cast<T>(v);
  }
  return 0;
}

// The psinfo_free_<name> of a list allocated in one block (NULL is a no-op).
#define PSINFO_CAPI_FREE(name, T) \
  void psinfo_free_##name(T* list, size_t) { std::free(list); }

// Lists of plain numbers (after check_plain_list).
template <class T>
void check_plain_list(T** out, size_t* count) {
  not_null(out, "out");
  not_null(count, "count");
  *out = nullptr;
  *count = 0;
}

template <class T, class V>
int store_plain_list(T** out, size_t* count, const std::vector<V>& v) {
  if (v.empty()) return 0;
  if (v.size() > SIZE_MAX / sizeof(T)) throw std::bad_alloc();
  T* p = static_cast<T*>(std::malloc(v.size() * sizeof(T)));
  if (!p) throw std::bad_alloc();
  std::copy(v.begin(), v.end(), p);
  *out = p;
  *count = v.size();
  return 0;
}

// ---- The bodies of the C functions ---------------------------------------------------------
// Each is guard(fn, ...) around the checks of the outputs, make() (the C++ call, which may
// sleep: it runs after the checks) and the store. fn: the C function's name (__func__).

template <class C, class Make>
int out_struct(const char* fn, C* out, Make make, const char* absent = "") {
  return guard(fn, [&] { return store_one(fn, out, make, absent); });
}

template <class T, class Make>
int out_value(const char* fn, T* out, Make make, const char* absent = "") {
  return guard(fn, [&] { return store_value(fn, out, make, absent); });
}

template <class C, class Make>
int out_list(const char* fn, C** out, size_t* count, size_t elem_size, Make make) {
  return guard(fn, [&] {
    check_list(out, count, elem_size);
    return store_list(out, count, elem_size, make());
  });
}

template <class T, class Make>
int out_numbers(const char* fn, T** out, size_t* count, Make make) {
  return guard(fn, [&] {
    check_plain_list(out, count);
    return store_plain_list(out, count, make());
  });
}

}  // namespace psinfo::capi
