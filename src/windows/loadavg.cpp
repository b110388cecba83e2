// Windows load average, emulated as psutil does: Windows has none, so the "\System\Processor
// Queue Length" performance counter is sampled every 5 s by PDH and folded into 1, 5 and 15
// minute exponential averages, as the Linux kernel folds its run queue.
//
// Where psutil starts the averages at 0 and returns (0, 0, 0) until samples arrive, psinfo
// seeds them with one sample taken synchronously by the first call: the first answer is a
// value, never a zero that means "unknown". Where the counter does not exist (Wine),
// getloadavg throws not_supported.
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "windows/win.hpp"
// clang-format off
#include <pdh.h>
#include <pdhmsg.h>
// clang-format on

#include <cmath>
#include <string>

namespace psinfo::detail {

namespace {

constexpr DWORD sample_seconds = 5;

class load_sampler {
 public:
  load_sampler() { start(); }
  load_sampler(const load_sampler&) = delete;
  load_sampler& operator=(const load_sampler&) = delete;
  // Never destroyed (see instance()): PDH's collection thread and the wait callback run for
  // the life of the process, as in psutil.

  std::array<double, 3> averages() {
    if (!failure_.empty()) throw not_supported(failure_);
    AcquireSRWLockShared(&lock_);
    std::array<double, 3> out = avg_;
    ReleaseSRWLockShared(&lock_);
    return out;
  }

 private:
  void start() {
    if (PdhOpenQueryW(nullptr, 0, &query_) != ERROR_SUCCESS) {
      failure_ = "getloadavg: PdhOpenQuery failed";
      return;
    }
    std::optional<double> first;
    if (PdhAddEnglishCounterW(query_, L"\\System\\Processor Queue Length", 0, &counter_) ==
            ERROR_SUCCESS &&
        PdhCollectQueryData(query_) == ERROR_SUCCESS)
      first = sample();
    if (!first) {
      failure_ =
          "getloadavg: the \\System\\Processor Queue Length performance counter is not "
          "available";
      return;
    }
    avg_ = {*first, *first, *first};
    // The callback's code must stay mapped while PDH's thread may call it: pin this module
    // (psinfo.dll, or the program it is linked into) for the life of the process.
    HMODULE self = nullptr;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                       reinterpret_cast<LPCWSTR>(&on_sample), &self);
    event_ = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    if (!event_ || PdhCollectQueryDataEx(query_, sample_seconds, event_) != ERROR_SUCCESS ||
        !RegisterWaitForSingleObject(&wait_, event_, on_sample, this, INFINITE, WT_EXECUTEDEFAULT))
      failure_ = "getloadavg: cannot start sampling the processor queue length";
  }

  std::optional<double> sample() {
    PDH_FMT_COUNTERVALUE v;
    if (PdhGetFormattedCounterValue(counter_, PDH_FMT_DOUBLE, nullptr, &v) != ERROR_SUCCESS ||
        (v.CStatus != PDH_CSTATUS_VALID_DATA && v.CStatus != PDH_CSTATUS_NEW_DATA))
      return std::nullopt;
    return v.doubleValue;
  }

  static void CALLBACK on_sample(PVOID self, BOOLEAN) {
    auto* s = static_cast<load_sampler*>(self);
    std::optional<double> v = s->sample();
    if (!v) return;
    // e^(-5/60), e^(-5/300), e^(-5/900): the kernel's decay for 5-second samples.
    static const double decay[3] = {std::exp(-5.0 / 60), std::exp(-5.0 / 300),
                                    std::exp(-5.0 / 900)};
    AcquireSRWLockExclusive(&s->lock_);
    for (int i = 0; i < 3; ++i) s->avg_[i] = s->avg_[i] * decay[i] + *v * (1.0 - decay[i]);
    ReleaseSRWLockExclusive(&s->lock_);
  }

  SRWLOCK lock_ = SRWLOCK_INIT;
  PDH_HQUERY query_ = nullptr;
  PDH_HCOUNTER counter_ = nullptr;
  HANDLE event_ = nullptr;
  HANDLE wait_ = nullptr;
  std::array<double, 3> avg_{};
  std::string failure_;
};

load_sampler& instance() {
  static load_sampler* s = new load_sampler;  // leaked on purpose: PDH keeps calling it
  return *s;
}

}  // namespace

std::array<double, 3> getloadavg() { return instance().averages(); }

}  // namespace psinfo::detail
