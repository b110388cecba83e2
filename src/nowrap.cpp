// Shared layer: psutil's nowrap accumulation (see nowrap.hpp) and cache_clear().
#include "nowrap.hpp"

#include <functional>
#include <psinfo/host.hpp>
#include <vector>

namespace psinfo::detail {

namespace {
struct device_state {
  std::vector<std::uint64_t> last;    // the raw values of the previous call
  std::vector<std::uint64_t> offset;  // what the wraps seen so far add
  std::vector<bool> last_present;
  std::uint64_t seen = 0;  // the generation of the last call that listed this device
};
}  // namespace

struct wrap_numbers::name_state {
  std::size_t nfields = 0;
  std::uint64_t generation = 0;
  std::map<std::string, device_state, std::less<>> devices;
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
  if (ns_->nfields != nfields) {  // a different field list: start again
    ns_->devices.clear();
    ns_->nfields = nfields;
    first_ = true;
  }
  generation_ = ++ns_->generation;
}

void wrap_numbers::session::adjust(const std::string& device, std::uint64_t* values,
                                   const bool* present) {
  const std::size_t n = ns_->nfields;
  auto it = ns_->devices.find(device);
  if (first_ || it == ns_->devices.end()) {
    // New device: passes through unchanged; its raw values become the reference.
    device_state d;
    d.last.assign(values, values + n);
    d.offset.assign(n, 0);
    d.last_present.assign(present, present + n);
    d.seen = generation_;
    ns_->devices.insert_or_assign(device, std::move(d));
    return;
  }
  device_state& d = it->second;
  for (std::size_t i = 0; i < n; ++i) {
    if (!present[i]) {
      d.last_present[i] = false;
      continue;
    }
    std::uint64_t raw = values[i];
    if (d.last_present[i] && raw < d.last[i]) d.offset[i] += d.last[i];  // wrapped or reset
    d.last[i] = raw;
    d.last_present[i] = true;
    values[i] = raw + d.offset[i];
  }
  d.seen = generation_;
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
