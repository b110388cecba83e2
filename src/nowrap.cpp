// Shared layer: psutil's nowrap accumulation (see nowrap.hpp) and cache_clear().
#include "nowrap.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <psinfo/host.hpp>
#include <vector>

#include "util.hpp"

namespace psinfo::detail {

// The state of one name: the devices of the previous call in increasing name order, each with
// a block of 2n + 1 words in `data`: the raw values of that call [0, n), what the wraps seen so
// far add [n, 2n), and which fields were present (word 2n). Flat, so that a call that lists
// the same devices as the previous one (the usual case) allocates nothing and walks the state
// once, in order. nfields <= 64 (a bit per field).
struct wrap_numbers::name_state {
  std::size_t nfields = 0;
  std::vector<std::string> names;
  std::vector<std::uint64_t> data;
  // A session whose devices differ from `names` (or come in another order) builds the next
  // state here, then swaps; kept between calls for their capacity.
  std::vector<std::string> next_names;
  std::vector<std::uint64_t> next_data;
  bool next_sorted = true;

  std::size_t stride() const { return 2 * nfields + 1; }
  void forget() {
    names.clear();
    data.clear();
  }
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
  return it == state_->names.end() ? 0 : it->second.names.size();
}

wrap_numbers::session::session(wrap_numbers& owner, std::string_view name, std::size_t nfields)
    : lock_(owner.mu_) {
  if (nfields > 64) throw std::logic_error("nowrap: more than 64 fields");
  auto& names = owner.state_->names;
  auto it = names.find(name);
  bool first = it == names.end();
  if (first) it = names.emplace(std::string(name), name_state{}).first;
  ns_ = &it->second;
  if (ns_->nfields != nfields) {  // a different field list: start again
    ns_->nfields = nfields;
    first = true;
  }
  // The first call of a name passes every device through: as if none were known.
  if (first) ns_->forget();
}

// The block of `device` in the state this call builds; known = it was in the previous call.
std::uint64_t* wrap_numbers::session::slot(std::string_view device, bool& known) {
  name_state& ns = *ns_;
  const std::size_t stride = ns.stride();
  if (!rebuilding_) {
    if (pos_ < ns.names.size() && same_name(ns.names[pos_], device)) {
      known = true;
      return ns.data.data() + stride * pos_++;
    }
    // Not the device expected next: the next state is built apart, starting with the devices
    // matched so far.
    rebuilding_ = true;
    ns.next_names.assign(ns.names.begin(), ns.names.begin() + static_cast<std::ptrdiff_t>(pos_));
    ns.next_data.assign(ns.data.begin(),
                        ns.data.begin() + static_cast<std::ptrdiff_t>(stride * pos_));
    ns.next_sorted = true;
  }
  if (ns.next_sorted && !ns.next_names.empty() && !(ns.next_names.back() < device))
    ns.next_sorted = false;
  ns.next_names.emplace_back(device);
  const std::size_t at = ns.next_data.size();
  ns.next_data.resize(at + stride);
  auto it = std::lower_bound(ns.names.begin(), ns.names.end(), device,
                             [](const std::string& a, std::string_view b) { return a < b; });
  known = it != ns.names.end() && *it == device;
  if (known) {
    const std::uint64_t* old =
        ns.data.data() + stride * static_cast<std::size_t>(it - ns.names.begin());
    std::copy(old, old + stride, ns.next_data.begin() + static_cast<std::ptrdiff_t>(at));
  }
  return ns.next_data.data() + at;
}

bool wrap_numbers::session::adjust(std::string_view device, std::uint64_t* values,
                                   std::uint64_t present) {
  const std::size_t n = ns_->nfields;
  if (n < 64) present &= (std::uint64_t{1} << n) - 1;
  bool known = false;
  std::uint64_t* const last = slot(device, known);
  std::uint64_t* const offset = last + n;
  std::uint64_t& last_present = last[2 * n];
  if (!known) {
    // New device: passes through unchanged; its raw values become the reference.
    for (std::size_t i = 0; i < n; ++i) {
      last[i] = values[i];
      offset[i] = 0;
    }
    last_present = present;
    return false;
  }
  std::uint64_t any = 0;  // an offset of a present field is not 0
  if (present == last_present && (n == 64 || present == (std::uint64_t{1} << n) - 1)) {
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
      if ((last_present & bit) && raw < last[i]) offset[i] += last[i];  // wrapped or reset
      last[i] = raw;
      values[i] = raw + offset[i];
      any |= offset[i];
    }
  }
  last_present = present;
  return any != 0;
}

wrap_numbers::session::~session() {
  // A device missing from this call loses its state (psutil's _remove_dead_reminders): the
  // state becomes exactly the devices of this call.
  name_state& ns = *ns_;
  if (!rebuilding_) {
    ns.names.resize(pos_);
    ns.data.resize(ns.stride() * pos_);
    return;
  }
  if (!ns.next_sorted) {
    // Devices given out of name order: sorted, so that the next call can search them.
    const std::size_t stride = ns.stride(), count = ns.next_names.size();
    std::vector<std::size_t> order(count);
    for (std::size_t i = 0; i < count; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&ns](std::size_t a, std::size_t b) {
      return ns.next_names[a] < ns.next_names[b];
    });
    std::vector<std::string> names(count);
    std::vector<std::uint64_t> data(stride * count);
    for (std::size_t i = 0; i < count; ++i) {
      names[i] = std::move(ns.next_names[order[i]]);
      std::copy_n(ns.next_data.begin() + static_cast<std::ptrdiff_t>(stride * order[i]), stride,
                  data.begin() + static_cast<std::ptrdiff_t>(stride * i));
    }
    ns.next_names = std::move(names);
    ns.next_data = std::move(data);
  }
  ns.names.swap(ns.next_names);
  ns.data.swap(ns.next_data);
  ns.next_names.clear();
  ns.next_data.clear();
}

}  // namespace psinfo::detail

namespace psinfo {
inline namespace PSINFO_ABI {
void cache_clear(std::string_view name) { detail::wrap_numbers::global().clear(name); }
}  // namespace PSINFO_ABI
}  // namespace psinfo
