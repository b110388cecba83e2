// Shared layer: psutil's nowrap accumulation (see nowrap.hpp) and cache_clear().
#include "nowrap.hpp"

#include <functional>
#include <iterator>
#include <stdexcept>
#include <psinfo/host.hpp>
#include <vector>

namespace psinfo::detail {

namespace {
// One allocation per device: values[0, n) are the raw values of the previous call,
// values[n, 2n) what the wraps seen so far add. nfields <= 64 (a bit per field).
struct device_state {
  std::vector<std::uint64_t> values;
  std::uint64_t last_present = 0;  // bit i: field i was present in the previous call
  std::uint64_t seen = 0;          // the generation of the last call that listed this device
};
}  // namespace

struct wrap_numbers::name_state {
  using device_map = std::map<std::string, device_state, std::less<>>;
  std::size_t nfields = 0;
  std::uint64_t generation = 0;
  device_map devices;
  device_map::iterator hint;  // during a session: where the next device is expected
};

struct wrap_numbers::state {
  std::map<std::string, name_state, std::less<>> names;
};

wrap_numbers::wrap_numbers() : state_(std::make_unique<state>()) {}
wrap_numbers::~wrap_numbers() = default;

wrap_numbers& wrap_numbers::global() {
  static wrap_numbers instance;
  return instance;
}

void wrap_numbers::clear(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (name.empty()) {
    state_->names.clear();
    return;
  }
  auto it = state_->names.find(name);
  if (it != state_->names.end()) state_->names.erase(it);
}

std::size_t wrap_numbers::devices_tracked(std::string_view name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = state_->names.find(name);
  return it == state_->names.end() ? 0 : it->second.devices.size();
}

wrap_numbers::session::session(wrap_numbers& owner, std::string_view name, std::size_t nfields)
    : lock_(owner.mu_) {
  auto& names = owner.state_->names;
  auto it = names.find(name);
  first_ = it == names.end();
  if (first_) it = names.emplace(std::string(name), name_state{}).first;
  ns_ = &it->second;
  if (nfields > 64) throw std::logic_error("nowrap: more than 64 fields");
  if (ns_->nfields != nfields) {  // a different field list: start again
    ns_->devices.clear();
    ns_->nfields = nfields;
    first_ = true;
  }
  generation_ = ++ns_->generation;
  ns_->hint = ns_->devices.begin();
}

namespace {
// a == b, inline for the short names of devices (memcmp is a call).
inline bool same_name(const std::string& a, const std::string& b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* const x = a.data();
  const char* const y = b.data();
  for (std::size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return false;
  return true;
}
}  // namespace

bool wrap_numbers::session::adjust(const std::string& device, std::uint64_t* values,
                                   std::uint64_t present) {
  const std::size_t n = ns_->nfields;
  if (n < 64) present &= (std::uint64_t{1} << n) - 1;
  auto& devices = ns_->devices;
  // Callers list devices in the order of a std::map, as the state is kept: the device is
  // usually the one after the previous, one comparison instead of a search.
  auto& hint = ns_->hint;
  auto it = hint != devices.end() && same_name(hint->first, device) ? hint : devices.find(device);
  if (first_ || it == devices.end()) {
    // New device: passes through unchanged; its raw values become the reference.
    device_state d;
    d.values.assign(2 * n, 0);
    for (std::size_t i = 0; i < n; ++i) d.values[i] = values[i];
    d.last_present = present;
    d.seen = generation_;
    it = devices.insert_or_assign(device, std::move(d)).first;
    hint = std::next(it);
    return false;
  }
  device_state& d = it->second;
  std::uint64_t* last = d.values.data();
  std::uint64_t* offset = last + n;
  std::uint64_t any = 0;  // an offset of a present field is not 0
  if (present == d.last_present && (n == 64 || present == (std::uint64_t{1} << n) - 1)) {
    // Every field present now and before (the usual case): no bit tests.
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t raw = values[i];
      if (raw < last[i]) offset[i] += last[i];  // wrapped or reset
      last[i] = raw;
      values[i] = raw + offset[i];
      any |= offset[i];
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t bit = std::uint64_t{1} << i;
      if (!(present & bit)) continue;
      const std::uint64_t raw = values[i];
      if ((d.last_present & bit) && raw < last[i]) offset[i] += last[i];  // wrapped or reset
      last[i] = raw;
      values[i] = raw + offset[i];
      any |= offset[i];
    }
  }
  d.last_present = present;
  d.seen = generation_;
  hint = std::next(it);
  return any != 0;
}

wrap_numbers::session::~session() {
  // A device missing from this call loses its state (psutil's _remove_dead_reminders).
  for (auto it = ns_->devices.begin(); it != ns_->devices.end();) {
    if (it->second.seen != generation_)
      it = ns_->devices.erase(it);
    else
      ++it;
  }
}

}  // namespace psinfo::detail

namespace psinfo {
void cache_clear(std::string_view name) { detail::wrap_numbers::global().clear(name); }
}  // namespace psinfo
