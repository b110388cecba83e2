// Shared layer: CPU percentages (psutil's formulas, written once for every OS) and the
// frequency average.
#include <psinfo/cpu.hpp>
#include <psinfo/errors.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <thread>

#include "cpu_percent.hpp"
#include "platform.hpp"
#include "util.hpp"

namespace psinfo {
namespace {

// Applies f to every field of a cpu_times_t that is present in a, in psutil 8's field order.
template <class F>
void each_field(const cpu_times_t& a, cpu_times_t& out, F f) {
  out.user = f(a.user);
  out.system = f(a.system);
  out.idle = f(a.idle);
  std::optional<double> cpu_times_t::*opt[] = {
      &cpu_times_t::nice,       &cpu_times_t::iowait,    &cpu_times_t::irq,
      &cpu_times_t::softirq,    &cpu_times_t::steal,     &cpu_times_t::guest,
      &cpu_times_t::guest_nice, &cpu_times_t::interrupt, &cpu_times_t::dpc};
  for (auto m : opt) {
    if (a.*m)
      out.*m = f(*(a.*m));
    else
      out.*m = std::nullopt;
  }
}

// Per-field max(0, t2 - t1): counters that go backwards (steal on some hypervisors) count 0.
cpu_times_t deltas(const cpu_times_t& t1, const cpu_times_t& t2) {
  cpu_times_t d;
  d.user = std::max(0.0, t2.user - t1.user);
  d.system = std::max(0.0, t2.system - t1.system);
  d.idle = std::max(0.0, t2.idle - t1.idle);
  std::optional<double> cpu_times_t::*opt[] = {
      &cpu_times_t::nice,       &cpu_times_t::iowait,    &cpu_times_t::irq,
      &cpu_times_t::softirq,    &cpu_times_t::steal,     &cpu_times_t::guest,
      &cpu_times_t::guest_nice, &cpu_times_t::interrupt, &cpu_times_t::dpc};
  for (auto m : opt) {
    if (t1.*m && t2.*m) d.*m = std::max(0.0, *(t2.*m) - *(t1.*m));
  }
  return d;
}

// psutil's _cpu_tot_time: the sum of the fields in order, less guest time (Linux counts it
// in user and nice already).
double total_time(const cpu_times_t& t) {
  double tot = 0;
  cpu_times_t ignored;
  each_field(t, ignored, [&tot](double v) {
    tot += v;
    return v;
  });
  tot -= t.guest.value_or(0.0);
  tot -= t.guest_nice.value_or(0.0);
  return tot;
}

double busy_percent(const cpu_times_t& t1, const cpu_times_t& t2) {
  cpu_times_t d = deltas(t1, t2);
  double all = total_time(d);
  double busy = all - d.idle - d.iowait.value_or(0.0);
  if (all == 0) return 0.0;
  return detail::round1(busy / all * 100.0);
}

cpu_times_t times_percent(const cpu_times_t& t1, const cpu_times_t& t2) {
  cpu_times_t d = deltas(t1, t2);
  // psutil divides by max(1, all): with less than one second of CPU time in the interval,
  // the percentages come out too small. Reproduced on purpose.
  double scale = 100.0 / std::max(1.0, total_time(d));
  cpu_times_t out;
  each_field(d, out, [scale](double v) {
    return std::min(std::max(0.0, detail::round1(v * scale)), 100.0);
  });
  return out;
}

void check_interval(double interval) {
  if (!std::isfinite(interval) || interval < 0)
    throw invalid_argument("interval is not a finite number >= 0: " + std::to_string(interval));
}

void sleep_for(double seconds) {
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

template <class T, class R, class F>
std::vector<R> zip(const std::vector<T>& a, const std::vector<T>& b, F f) {
  std::vector<R> out;
  size_t n = std::min(a.size(), b.size());
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(f(a[i], b[i]));
  return out;
}

std::vector<double> percpu_busy(const std::vector<cpu_times_t>& a,
                                const std::vector<cpu_times_t>& b) {
  return zip<cpu_times_t, double>(a, b, busy_percent);
}
std::vector<cpu_times_t> percpu_times(const std::vector<cpu_times_t>& a,
                                      const std::vector<cpu_times_t>& b) {
  return zip<cpu_times_t, cpu_times_t>(a, b, times_percent);
}

// One previous sample, taken now when there is none yet.
template <class T, class Sample>
const T& previous(std::optional<T>& slot, Sample sample) {
  if (!slot) slot = sample();
  return *slot;
}

// The free functions' state: one per calling thread, as psutil 8.
detail::cpu_percent_state& thread_state() {
  thread_local detail::cpu_percent_state s;
  return s;
}
cpu_times_t total_now() { return detail::cpu_times(); }
std::vector<cpu_times_t> percpu_now() { return detail::cpu_times_percpu(); }

}  // namespace

// The sample compared with: the previous one (taken now if none), or with an interval, one
// taken now before sleeping. The new sample then replaces the previous one.
namespace {
template <class T, class Sample>
T first_sample(std::optional<T>& prev, double interval, Sample sample) {
  check_interval(interval);
  if (interval > 0) {
    T t1 = sample();
    sleep_for(interval);
    return t1;
  }
  return previous(prev, sample);
}
}  // namespace

double detail::cpu_percent_state::percent(double interval, const total_fn& sample) {
  cpu_times_t t1 = first_sample(pct, interval, sample);
  pct = sample();
  return busy_percent(t1, *pct);
}

std::vector<double> detail::cpu_percent_state::percent_percpu(double interval,
                                                              const percpu_fn& sample) {
  auto t1 = first_sample(pct_percpu, interval, sample);
  pct_percpu = sample();
  return percpu_busy(t1, *pct_percpu);
}

cpu_times_t detail::cpu_percent_state::times_percent(double interval, const total_fn& sample) {
  cpu_times_t t1 = first_sample(tp, interval, sample);
  tp = sample();
  return psinfo::times_percent(t1, *tp);
}

std::vector<cpu_times_t> detail::cpu_percent_state::times_percent_percpu(double interval,
                                                                         const percpu_fn& sample) {
  auto t1 = first_sample(tp_percpu, interval, sample);
  tp_percpu = sample();
  return percpu_times(t1, *tp_percpu);
}

inline namespace PSINFO_ABI {
cpu_times_t cpu_times() { return detail::cpu_times(); }
std::vector<cpu_times_t> cpu_times_percpu() { return detail::cpu_times_percpu(); }

double cpu_percent(double interval) { return thread_state().percent(interval, total_now); }
std::vector<double> cpu_percent_percpu(double interval) {
  return thread_state().percent_percpu(interval, percpu_now);
}
cpu_times_t cpu_times_percent(double interval) {
  return thread_state().times_percent(interval, total_now);
}
std::vector<cpu_times_t> cpu_times_percent_percpu(double interval) {
  return thread_state().times_percent_percpu(interval, percpu_now);
}

std::optional<int> cpu_count(bool logical) {
  std::optional<int> n = logical ? detail::cpu_count_logical() : detail::cpu_count_physical();
  if (n && *n < 1) return std::nullopt;
  return n;
}

cpu_stats_t cpu_stats() { return detail::cpu_stats(); }

std::vector<cpu_freq_t> cpu_freq_percpu() { return detail::cpu_freq_percpu(); }

// psutil's average: mean current; mean min/max unless one CPU lacks them.
std::optional<cpu_freq_t> cpu_freq() {
  std::vector<cpu_freq_t> all = detail::cpu_freq_percpu();
  if (all.empty()) return std::nullopt;
  if (all.size() == 1) return all[0];
  double n = static_cast<double>(all.size());
  double cur = 0, mn = 0, mx = 0;
  bool limits = true;
  for (const cpu_freq_t& f : all) {
    cur += f.current;
    if (!f.min || !f.max) {
      limits = false;
      continue;
    }
    mn += *f.min;
    mx += *f.max;
  }
  cpu_freq_t out;
  out.current = cur / n;
  if (limits) {
    out.min = mn / n;
    out.max = mx / n;
  }
  return out;
}

std::array<double, 3> getloadavg() { return detail::getloadavg(); }
}  // namespace PSINFO_ABI

}  // namespace psinfo
