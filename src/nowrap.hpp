// psutil's _WrapNumbers: per-device counters that keep growing when the kernel's counter wraps
// (a 32-bit field going past 2^32) or resets (a driver reloaded).
//
// Semantics (psutil's exactly): state is kept per function name ("disk_io_counters",
// "net_io_counters"). The first call for a name stores the raw values and returns them as they
// are. On later calls, per device and field, when the new raw value is lower than the last raw
// value, the last raw value is added to that field's offset; the output is raw + offset. A device
// missing from a call loses its state (offsets included); a device seen for the first time passes
// through unchanged. Callers sum totals after this adjustment, and bypass it entirely (not
// touching the state) when nowrap=false.
//
// Usage, for any struct of std::uint64_t and std::optional<std::uint64_t> counters:
//
//   static const detail::nowrap_field<net_io_counters_t> fields[] = {
//       &net_io_counters_t::bytes_sent, &net_io_counters_t::bytes_recv, ...};
//   std::map<std::string, net_io_counters_t> raw = detail::net_io_counters();
//   if (nowrap) detail::nowrap_apply("net_io_counters", raw, fields);
//
// An absent optional field stays absent and is not compared; the field list must be the same
// on every call for one name (a different length resets that name's state).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace psinfo::detail {

// One counter member of T: a plain or an optional std::uint64_t. Implicit from a member
// pointer, so a field list is written as an array of member pointers.
template <class T>
struct nowrap_field {
  std::uint64_t T::*plain = nullptr;
  std::optional<std::uint64_t> T::*opt = nullptr;
  constexpr nowrap_field(std::uint64_t T::*p) noexcept : plain(p) {}               // NOLINT
  constexpr nowrap_field(std::optional<std::uint64_t> T::*o) noexcept : opt(o) {}  // NOLINT
};

// The state of every name. One process-wide instance serves the public API
// (wrap_numbers::global()); tests may own private ones. Thread-safe: one mutex.
class wrap_numbers {
  struct name_state;
  struct state;

 public:
  wrap_numbers();
  ~wrap_numbers();
  wrap_numbers(const wrap_numbers&) = delete;
  wrap_numbers& operator=(const wrap_numbers&) = delete;

  static wrap_numbers& global();

  // Adjusts `devices` in place (see the top of this file).
  template <class T, std::size_t N>
  void apply(std::string_view name, std::map<std::string, T>& devices,
             const nowrap_field<T> (&fields)[N]);

  // Forgets the state of `name`; "" forgets every name. An unknown name is a no-op, as in
  // psutil (_WrapNumbers.cache_clear pops with a default).
  void clear(std::string_view name);

  // Test helper: whether `name` has state, and for how many devices.
  std::size_t devices_tracked(std::string_view name) const;

  // The non-template core behind apply(): one call is a session (which holds the lock for its
  // lifetime), adjust() once per device present, and the destructor, which drops the state of
  // the devices not seen. Devices are best given in increasing name order (a std::map's): then
  // each adjust() is one name comparison with the device expected next; any other order works,
  // at the cost of a search per device.
  class session {
   public:
    session(wrap_numbers& owner, std::string_view name, std::size_t nfields);
    ~session();
    session(const session&) = delete;
    session& operator=(const session&) = delete;
    // values[i]: the raw value, replaced by the adjusted one; bit i of present clear = absent
    // field (its value is not looked at). Returns false when no field of the device has an
    // offset, so that values are still the raw ones (the caller need not copy them back).
    bool adjust(std::string_view device, std::uint64_t* values, std::uint64_t present);

   private:
    std::uint64_t* slot(std::string_view device, bool& known);
    std::unique_lock<std::mutex> lock_;
    name_state* ns_;
    std::size_t pos_ = 0;      // devices adjusted so far while they matched the state in order
    bool rebuilding_ = false;  // a device out of that order was seen: the state is rebuilt
  };

 private:
  mutable std::mutex mu_;
  std::unique_ptr<state> state_;
};

template <class T, std::size_t N>
void wrap_numbers::apply(std::string_view name, std::map<std::string, T>& devices,
                         const nowrap_field<T> (&fields)[N]) {
  session s(*this, name, N);
  for (auto& [device, counters] : devices) {
    std::uint64_t values[N];
    std::uint64_t present = 0;
    for (std::size_t i = 0; i < N; ++i) {
      if (fields[i].plain) {
        values[i] = counters.*(fields[i].plain);
        present |= std::uint64_t{1} << i;
      } else {
        const auto& o = counters.*(fields[i].opt);
        if (o) present |= std::uint64_t{1} << i;
        values[i] = o.value_or(0);
      }
    }
    if (!s.adjust(device, values, present)) continue;  // nothing wrapped yet: values as read
    for (std::size_t i = 0; i < N; ++i) {
      if (fields[i].plain)
        counters.*(fields[i].plain) = values[i];
      else if (present & (std::uint64_t{1} << i))
        counters.*(fields[i].opt) = values[i];
    }
  }
}

// The process-wide state: what the public API (and cache_clear) use.
template <class T, std::size_t N>
void nowrap_apply(std::string_view name, std::map<std::string, T>& devices,
                  const nowrap_field<T> (&fields)[N]) {
  wrap_numbers::global().apply(name, devices, fields);
}

// The total of every device, field by field, over the same field list (psutil sums after
// nowrap). An optional field of the total is present when any device has it (absent counts 0).
template <class T, std::size_t N>
T sum_counters(const std::map<std::string, T>& devices, const nowrap_field<T> (&fields)[N]) {
  T total{};
  for (const auto& [name, c] : devices) {
    for (const nowrap_field<T>& f : fields) {
      if (f.plain) {
        total.*f.plain += c.*f.plain;
      } else if (c.*f.opt) {
        total.*f.opt = (total.*f.opt).value_or(0) + *(c.*f.opt);
      }
    }
  }
  return total;
}

}  // namespace psinfo::detail
