// macOS CPU: times (Mach host statistics), counts (hw.logicalcpu / hw.physicalcpu), stats,
// frequency (hw.cpufrequency on Intel; the pmgr DVFS tables of the IOKit registry on Apple
// silicon) and the load average, as psutil.
#include <psinfo/errors.hpp>

#include <mach/mach.h>
#include <mach/mach_host.h>
#include <stdlib.h>
#include <sys/types.h>
// sys/types.h first: sys/sysctl.h needs it.
#include <sys/sysctl.h>

#include "macos/convert.hpp"
#include "macos/iokit.hpp"
#include "macos/mach.hpp"
#include "platform.hpp"
#include "posix/posix.hpp"

namespace psinfo::detail {

namespace {

static_assert(CPU_STATE_USER == macos::cpu_state_user &&
                  CPU_STATE_SYSTEM == macos::cpu_state_system &&
                  CPU_STATE_IDLE == macos::cpu_state_idle &&
                  CPU_STATE_NICE == macos::cpu_state_nice,
              "CPU_STATE_* of <mach/machine.h>");
static_assert(CLK_TCK == 100, "CLK_TCK (psutil divides the ticks by it)");

#if defined(__aarch64__) || defined(__arm64__)
// psutil's cpu_freq() on Apple silicon: the "pmgr" entry among AppleARMIODevice services (absent
// in virtual machines: no frequency then).
std::vector<cpu_freq_t> pmgr_frequency() {
  iokit::io_ptr iter;
  if (iokit::io_service_get_matching_services(iokit::main_port_default,
                                              iokit::io_service_matching("AppleARMIODevice"),
                                              iter.out()) != KERN_SUCCESS ||
      !iter.get())
    return {};
  iokit::io_ptr pmgr;
  while (iokit::io_object entry = iokit::io_iterator_next(iter.get())) {
    iokit::io_ptr held(entry);
    iokit::io_name name;
    if (iokit::io_registry_entry_get_name(entry, name) == KERN_SUCCESS &&
        std::string(name) == "pmgr") {
      *pmgr.out() = entry;
      *held.out() = 0;  // now owned by pmgr
      break;
    }
  }
  if (!pmgr.get()) return {};
  iokit::cf_type raw = nullptr;
  if (iokit::io_registry_entry_create_cf_properties(pmgr.get(), &raw, nullptr, 0) != KERN_SUCCESS ||
      !raw)
    return {};
  iokit::cf_ptr props(raw);
  const iokit::cf_index n = iokit::cf_dictionary_get_count(props.get());
  std::vector<iokit::cf_type> keys(static_cast<std::size_t>(n)), values(keys.size());
  if (n > 0) iokit::cf_dictionary_get_keys_and_values(props.get(), keys.data(), values.data());
  std::vector<macos::freq_table> tables;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    std::optional<std::string> key = iokit::string_of(keys[i]);
    if (!key || key->compare(0, 14, "voltage-states") != 0) continue;
    if (!values[i] || iokit::cf_get_type_id(values[i]) != iokit::cf_data_type_id()) continue;
    const auto* bytes = iokit::cf_data_get_bytes(values[i]);
    const iokit::cf_index len = iokit::cf_data_get_length(values[i]);
    tables.push_back({std::move(*key), std::string(reinterpret_cast<const char*>(bytes),
                                                   static_cast<std::size_t>(len))});
  }
  std::optional<cpu_freq_t> f = macos::cpu_freq_from_pmgr(tables);
  if (!f) return {};
  return {*f};
}
#endif

}  // namespace

cpu_times_t cpu_times() {
  const auto load = macos::host_stats<host_cpu_load_info_data_t>(
      host_statistics, HOST_CPU_LOAD_INFO, HOST_CPU_LOAD_INFO_COUNT,
      "host_statistics(HOST_CPU_LOAD_INFO)");
  return macos::cpu_times_from_ticks(load.cpu_ticks);
}

std::vector<cpu_times_t> cpu_times_percpu() {
  macos::host_port host;
  natural_t ncpu = 0;
  processor_info_array_t info = nullptr;
  mach_msg_type_number_t count = 0;
  const kern_return_t kr =
      host_processor_info(host.get(), PROCESSOR_CPU_LOAD_INFO, &ncpu, &info, &count);
  if (kr != KERN_SUCCESS || !info)
    macos::mach_error("host_processor_info(PROCESSOR_CPU_LOAD_INFO)", kr);
  std::vector<cpu_times_t> out;
  const auto* load = reinterpret_cast<const processor_cpu_load_info_data_t*>(info);
  for (natural_t i = 0; i < ncpu; ++i)
    out.push_back(macos::cpu_times_from_ticks(load[i].cpu_ticks));
  vm_deallocate(mach_task_self(), reinterpret_cast<vm_address_t>(info), count * sizeof(integer_t));
  return out;
}

std::optional<int> cpu_count_logical() { return posix::sysctlbyname_value<int>("hw.logicalcpu"); }
std::optional<int> cpu_count_physical() { return posix::sysctlbyname_value<int>("hw.physicalcpu"); }

cpu_stats_t cpu_stats() {
  const auto vm = macos::host_stats<vm_statistics_data_t>(
      host_statistics, HOST_VM_INFO, HOST_VM_INFO_COUNT, "host_statistics(HOST_VM_INFO)");
  const std::uint32_t words[5] = {vm.free_count, vm.active_count, vm.inactive_count, vm.wire_count,
                                  vm.zero_fill_count};
  return macos::cpu_stats_from_vm_words(words);
}

std::vector<cpu_freq_t> cpu_freq_percpu() {
#if defined(__aarch64__) || defined(__arm64__)
  return pmgr_frequency();
#else
  const auto cur = posix::sysctl_value<unsigned int>({CTL_HW, HW_CPU_FREQ}, "hw.cpufrequency");
  const std::uint64_t lo =
      posix::sysctlbyname_value<std::int64_t>("hw.cpufrequency_min").value_or(0);
  const std::uint64_t hi =
      posix::sysctlbyname_value<std::int64_t>("hw.cpufrequency_max").value_or(0);
  return {macos::cpu_freq_from_hz(cur, lo, hi)};
#endif
}

std::array<double, 3> getloadavg() {
  std::array<double, 3> out{};
  if (::getloadavg(out.data(), 3) != 3) throw error("getloadavg: the load average is unavailable");
  return out;
}

}  // namespace psinfo::detail
