// Windows CPU: GetSystemTimes, NtQuerySystemInformation, GetLogicalProcessorInformationEx,
// CallNtPowerInformation — the calls psutil's Windows backend makes — and the load average.
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "windows/win.hpp"
// clang-format off
#include <pdh.h>
#include <pdhmsg.h>
#include <powrprof.h>
// clang-format on

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

namespace psinfo::detail {

namespace {

// SYSTEM_PERFORMANCE_INFORMATION up to SystemCalls (the fields we read are at the end; the
// 66 ULONGs before ContextSwitches are IoReadOperationCount ... CcDataPages).
struct system_performance {
  LARGE_INTEGER idle_and_io[4];
  ULONG counters[66];
  ULONG context_switches;
  ULONG first_level_tb_fills;
  ULONG second_level_tb_fills;
  ULONG system_calls;
};
static_assert(sizeof(system_performance) == 312, "SYSTEM_PERFORMANCE_INFORMATION prefix");

// PROCESSOR_POWER_INFORMATION (powrprof's ProcessorInformation level), one per CPU.
struct processor_power {
  ULONG number;
  ULONG max_mhz;
  ULONG current_mhz;
  ULONG mhz_limit;
  ULONG max_idle_state;
  ULONG current_idle_state;
};

std::vector<win::processor_performance> parse_processor_times(const std::vector<unsigned char>& buf,
                                                              std::size_t max) {
  std::size_t count = std::min(buf.size() / sizeof(win::processor_performance), max);
  std::vector<win::processor_performance> out(count);
  std::memcpy(out.data(), buf.data(), count * sizeof(win::processor_performance));
  return out;
}

// One entry per logical CPU. Above 64 CPUs Windows splits them into processor groups, and
// the plain query only sees the calling thread's group: then each group is asked for.
std::vector<win::processor_performance> processor_times() {
  WORD groups = GetActiveProcessorGroupCount();
  if (groups <= 1) {
    std::size_t n = std::max(1u, win::logical_cpu_count());
    return parse_processor_times(
        win::query_system_information(win::system_processor_performance_information,
                                      n * sizeof(win::processor_performance)),
        n);
  }
  std::vector<win::processor_performance> out;
  for (WORD g = 0; g < groups; ++g) {
    std::size_t n = GetActiveProcessorCount(g);
    if (n == 0) continue;
    std::vector<win::processor_performance> part = parse_processor_times(
        win::query_system_information(win::system_processor_performance_information,
                                      n * sizeof(win::processor_performance), g),
        n);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

cpu_times_t to_cpu_times(const win::processor_performance& p) {
  cpu_times_t t;
  std::uint64_t idle = static_cast<std::uint64_t>(p.idle_time.QuadPart);
  std::uint64_t kernel = static_cast<std::uint64_t>(p.kernel_time.QuadPart);
  t.user = win::ticks_to_seconds(static_cast<std::uint64_t>(p.user_time.QuadPart));
  t.system = win::ticks_to_seconds(kernel > idle ? kernel - idle : 0);
  t.idle = win::ticks_to_seconds(idle);
  t.interrupt = win::ticks_to_seconds(static_cast<std::uint64_t>(p.interrupt_time.QuadPart));
  t.dpc = win::ticks_to_seconds(static_cast<std::uint64_t>(p.dpc_time.QuadPart));
  return t;
}

}  // namespace

// As psutil: user/system/idle from GetSystemTimes, interrupt and dpc summed over the CPUs.
cpu_times_t cpu_times() {
  FILETIME idle, kernel, user;
  if (!GetSystemTimes(&idle, &kernel, &user)) win::throw_error(GetLastError(), "GetSystemTimes");
  std::uint64_t i = win::to_u64(idle), k = win::to_u64(kernel);
  cpu_times_t t;
  t.user = win::ticks_to_seconds(win::to_u64(user));
  t.system = win::ticks_to_seconds(k > i ? k - i : 0);
  t.idle = win::ticks_to_seconds(i);
  double interrupt = 0, dpc = 0;
  for (const win::processor_performance& p : processor_times()) {
    interrupt += win::ticks_to_seconds(static_cast<std::uint64_t>(p.interrupt_time.QuadPart));
    dpc += win::ticks_to_seconds(static_cast<std::uint64_t>(p.dpc_time.QuadPart));
  }
  t.interrupt = interrupt;
  t.dpc = dpc;
  return t;
}

std::vector<cpu_times_t> cpu_times_percpu() {
  std::vector<cpu_times_t> out;
  for (const win::processor_performance& p : processor_times()) out.push_back(to_cpu_times(p));
  return out;
}

std::optional<int> cpu_count_logical() {
  unsigned n = win::logical_cpu_count();
  if (n == 0) return std::nullopt;
  return static_cast<int>(n);
}

// One RelationProcessorCore record per physical core.
std::optional<int> cpu_count_physical() {
  DWORD len = 0;
  GetLogicalProcessorInformationEx(RelationProcessorCore, nullptr, &len);
  if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || len == 0) return std::nullopt;
  std::vector<unsigned char> buf(len);
  auto* info = reinterpret_cast<SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*>(buf.data());
  if (!GetLogicalProcessorInformationEx(RelationProcessorCore, info, &len)) return std::nullopt;
  int cores = 0;
  for (DWORD off = 0; off + sizeof(DWORD) * 2 <= len;) {
    auto* rec = reinterpret_cast<SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*>(buf.data() + off);
    if (rec->Size == 0) break;
    if (rec->Relationship == RelationProcessorCore) ++cores;
    off += rec->Size;
  }
  if (cores == 0) return std::nullopt;
  return cores;
}

// ctx_switches and syscalls from SystemPerformanceInformation, interrupts summed over the
// CPUs. psutil reports soft_interrupts as a constant 0 on Windows; here it is absent.
cpu_stats_t cpu_stats() {
  std::vector<unsigned char> buf = win::query_system_information(
      win::system_performance_information, sizeof(system_performance));
  if (buf.size() < sizeof(system_performance))
    throw error("NtQuerySystemInformation(SystemPerformanceInformation): short result");
  system_performance sp;
  std::memcpy(&sp, buf.data(), sizeof sp);
  cpu_stats_t s;
  s.ctx_switches = sp.context_switches;
  s.syscalls = sp.system_calls;
  for (const win::processor_performance& p : processor_times()) s.interrupts += p.interrupt_count;
  return s;
}

// CallNtPowerInformation(ProcessorInformation): current and maximum MHz per CPU. Windows gives
// no minimum (psutil reports 0.0; here it is absent).
std::vector<cpu_freq_t> cpu_freq_percpu() {
  unsigned n = win::logical_cpu_count();
  if (n == 0) return {};
  std::vector<processor_power> info(n);
  LONG status = CallNtPowerInformation(ProcessorInformation, nullptr, 0, info.data(),
                                       static_cast<ULONG>(info.size() * sizeof(processor_power)));
  if (status != 0) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08lX", static_cast<unsigned long>(status));
    throw error(std::string("CallNtPowerInformation(ProcessorInformation): NTSTATUS ") + hex);
  }
  std::vector<cpu_freq_t> out;
  for (const processor_power& p : info) {
    if (p.current_mhz == 0 && p.max_mhz == 0) continue;
    cpu_freq_t f;
    f.current = p.current_mhz;
    if (p.max_mhz != 0) f.max = static_cast<double>(p.max_mhz);
    out.push_back(f);
  }
  return out;
}

// ---- getloadavg ----------------------------------------------------------------------
//
// Windows load average, emulated as psutil does: Windows has none, so the "\System\Processor
// Queue Length" performance counter is sampled every 5 s by PDH and folded into 1, 5 and 15
// minute exponential averages, as the Linux kernel folds its run queue.
//
// Where psutil starts the averages at 0 and returns (0, 0, 0) until samples arrive, psinfo
// seeds them with one sample taken synchronously by the first call: the first answer is a
// value, never a zero that means "unknown". Where the counter does not exist (Wine),
// getloadavg throws not_supported.

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
