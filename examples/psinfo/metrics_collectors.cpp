// psinfo CLI — the Prometheus collectors: every metric family, declared once, and the library
// calls that fill them.
#include <fmt/format.h>

#include <psinfo/psinfo.hpp>
#include <psinfo/sampler.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "metrics.hpp"

#ifndef _WIN32
#include <sys/resource.h>  // RLIMIT_NOFILE
#endif

namespace psinfo_cli::metrics {

namespace {

using T = metric_type;
constexpr T counter = T::counter;
constexpr T gauge = T::gauge;

// ---- the families -----------------------------------------------------------------------------
// node_exporter's (node = true) where it exports the same fact: its name, labels, unit, type.

#define NODE(id, name, type, labels, help) const family_info id{name, type, labels, help, true};
#define OWN(id, name, type, labels, help) const family_info id{name, type, labels, help, false};

NODE(cpu_seconds, "node_cpu_seconds_total", counter, "cpu, mode",
     "Seconds the CPUs spent in each mode.")
NODE(cpu_guest_seconds, "node_cpu_guest_seconds_total", counter, "cpu, mode",
     "Seconds the CPUs spent running guests (mode user or nice); also counted in user/nice.")

NODE(scaling_hz, "node_cpu_scaling_frequency_hertz", gauge, "cpu",
     "Current frequency of the CPU as cpufreq scales it (Linux).")
NODE(scaling_min_hz, "node_cpu_scaling_frequency_min_hertz", gauge, "cpu",
     "Lowest frequency cpufreq may set (Linux).")
NODE(scaling_max_hz, "node_cpu_scaling_frequency_max_hertz", gauge, "cpu",
     "Highest frequency cpufreq may set (Linux).")
OWN(cpu_hz, "psinfo_cpu_frequency_hertz", gauge, "cpu",
    "Current frequency of the CPU where there is no cpufreq (psutil's cpu_freq).")

NODE(load1, "node_load1", gauge, "", "Load average over 1 minute.")
NODE(load5, "node_load5", gauge, "", "Load average over 5 minutes.")
NODE(load15, "node_load15", gauge, "", "Load average over 15 minutes.")

NODE(mem_total, "node_memory_MemTotal_bytes", gauge, "", "MemTotal of /proc/meminfo (Linux).")
NODE(mem_free, "node_memory_MemFree_bytes", gauge, "", "MemFree of /proc/meminfo (Linux).")
NODE(mem_available, "node_memory_MemAvailable_bytes", gauge, "",
     "MemAvailable of /proc/meminfo (Linux).")
NODE(mem_buffers, "node_memory_Buffers_bytes", gauge, "", "Buffers of /proc/meminfo (Linux).")
NODE(mem_active, "node_memory_Active_bytes", gauge, "", "Active of /proc/meminfo (Linux).")
NODE(mem_inactive, "node_memory_Inactive_bytes", gauge, "", "Inactive of /proc/meminfo (Linux).")
NODE(mem_shmem, "node_memory_Shmem_bytes", gauge, "", "Shmem of /proc/meminfo (Linux).")
NODE(mem_slab, "node_memory_Slab_bytes", gauge, "", "Slab of /proc/meminfo (Linux).")
NODE(swap_total, "node_memory_SwapTotal_bytes", gauge, "", "SwapTotal of /proc/meminfo (Linux).")
NODE(swap_free, "node_memory_SwapFree_bytes", gauge, "", "SwapFree of /proc/meminfo (Linux).")
OWN(vm_total, "psinfo_memory_total_bytes", gauge, "",
    "Total physical memory (psutil's virtual_memory; not Linux, where MemTotal says it).")
OWN(vm_available, "psinfo_memory_available_bytes", gauge, "",
    "Memory available without swapping (psutil's virtual_memory; not Linux).")
OWN(vm_free, "psinfo_memory_free_bytes", gauge, "", "Free memory (psutil's; not Linux).")
OWN(vm_active, "psinfo_memory_active_bytes", gauge, "", "Active memory (psutil's; not Linux).")
OWN(vm_inactive, "psinfo_memory_inactive_bytes", gauge, "",
    "Inactive memory (psutil's; not Linux).")
OWN(vm_wired, "psinfo_memory_wired_bytes", gauge, "", "Wired memory (psutil's; BSD, macOS).")
OWN(vm_used, "psinfo_memory_used_bytes", gauge, "",
    "Memory in use: total - available (psutil's virtual_memory().used).")
OWN(vm_cached, "psinfo_memory_cached_bytes", gauge, "",
    "Cache memory as psutil counts it (Linux: Cached + SReclaimable).")
OWN(sw_total, "psinfo_swap_total_bytes", gauge, "",
    "Swap space (psutil's swap_memory; not Linux, where SwapTotal says it).")
OWN(sw_used, "psinfo_swap_used_bytes", gauge, "", "Swap space in use (psutil's swap_memory).")
OWN(sw_in, "psinfo_swap_in_bytes_total", counter, "", "Bytes swapped in since boot.")
OWN(sw_out, "psinfo_swap_out_bytes_total", counter, "", "Bytes swapped out since boot.")

NODE(boot_time, "node_boot_time_seconds", gauge, "", "System boot time, seconds since the epoch.")
NODE(ctxt, "node_context_switches_total", counter, "", "Context switches since boot.")
NODE(intr, "node_intr_total", counter, "", "Interrupts serviced since boot.")
OWN(softirq, "psinfo_soft_interrupts_total", counter, "", "Soft interrupts serviced since boot.")
OWN(syscalls, "psinfo_syscalls_total", counter, "", "System calls since boot (not Linux).")

NODE(fs_size, "node_filesystem_size_bytes", gauge, "device, fstype, mountpoint",
     "Size of the filesystem.")
NODE(fs_free, "node_filesystem_free_bytes", gauge, "device, fstype, mountpoint",
     "Free space of the filesystem, the root's reserve included.")
NODE(fs_avail, "node_filesystem_avail_bytes", gauge, "device, fstype, mountpoint",
     "Free space an unprivileged user may use.")
NODE(fs_readonly, "node_filesystem_readonly", gauge, "device, fstype, mountpoint",
     "1 if the filesystem is mounted read-only.")
NODE(fs_error, "node_filesystem_device_error", gauge, "device, fstype, mountpoint",
     "1 if the filesystem's usage could not be read.")

NODE(disk_reads, "node_disk_reads_completed_total", counter, "device", "Reads completed.")
NODE(disk_reads_merged, "node_disk_reads_merged_total", counter, "device", "Reads merged.")
NODE(disk_read_bytes, "node_disk_read_bytes_total", counter, "device", "Bytes read.")
NODE(disk_read_time, "node_disk_read_time_seconds_total", counter, "device",
     "Seconds spent by all reads.")
NODE(disk_writes, "node_disk_writes_completed_total", counter, "device", "Writes completed.")
NODE(disk_writes_merged, "node_disk_writes_merged_total", counter, "device", "Writes merged.")
NODE(disk_written_bytes, "node_disk_written_bytes_total", counter, "device", "Bytes written.")
NODE(disk_write_time, "node_disk_write_time_seconds_total", counter, "device",
     "Seconds spent by all writes.")
NODE(disk_io_time, "node_disk_io_time_seconds_total", counter, "device",
     "Seconds the device was busy with I/O.")

NODE(net_rx_bytes, "node_network_receive_bytes_total", counter, "device", "Bytes received.")
NODE(net_rx_packets, "node_network_receive_packets_total", counter, "device", "Packets received.")
NODE(net_rx_errs, "node_network_receive_errs_total", counter, "device", "Receive errors.")
NODE(net_rx_drop, "node_network_receive_drop_total", counter, "device", "Received packets dropped.")
NODE(net_tx_bytes, "node_network_transmit_bytes_total", counter, "device", "Bytes sent.")
NODE(net_tx_packets, "node_network_transmit_packets_total", counter, "device", "Packets sent.")
NODE(net_tx_errs, "node_network_transmit_errs_total", counter, "device", "Transmit errors.")
NODE(net_tx_drop, "node_network_transmit_drop_total", counter, "device",
     "Outgoing packets dropped.")

NODE(net_mtu, "node_network_mtu_bytes", gauge, "device", "MTU of the interface.")
NODE(net_speed, "node_network_speed_bytes", gauge, "device",
     "Link speed in bytes per second (left out where unknown).")
OWN(net_up, "psinfo_network_up", gauge, "device",
    "1 if the interface is up and running (psutil's isup: IFF_UP and IFF_RUNNING).")

NODE(hwmon_temp, "node_hwmon_temp_celsius", gauge, "chip, sensor",
     "Temperature of a sensor (chip: the driver's name; sensor: its label, else tempN).")
NODE(hwmon_temp_max, "node_hwmon_temp_max_celsius", gauge, "chip, sensor",
     "High temperature threshold of a sensor.")
NODE(hwmon_temp_crit, "node_hwmon_temp_crit_celsius", gauge, "chip, sensor",
     "Critical temperature threshold of a sensor.")
NODE(hwmon_fan, "node_hwmon_fan_rpm", gauge, "chip, sensor", "Fan speed, revolutions a minute.")

OWN(battery_ratio, "psinfo_battery_charge_ratio", gauge, "", "Battery charge, 0 to 1.")
OWN(battery_left, "psinfo_battery_time_left_seconds", gauge, "",
    "Battery time left (left out when unknown or plugged in).")
OWN(battery_plugged, "psinfo_battery_power_plugged", gauge, "",
    "1 on mains power, 0 on battery (left out when unknown).")

// Pressure stall information: node_exporter 1.5's five (cpu some; memory and io some and full)
// and the two later node_exporters add (cpu full, 1.6; irq full, 1.9).
NODE(psi_cpu_waiting, "node_pressure_cpu_waiting_seconds_total", counter, "",
     "Seconds in which some runnable tasks waited for a CPU (/proc/pressure/cpu some).")
NODE(psi_cpu_stalled, "node_pressure_cpu_stalled_seconds_total", counter, "",
     "Seconds in which all non-idle tasks waited for a CPU (/proc/pressure/cpu full).")
NODE(psi_memory_waiting, "node_pressure_memory_waiting_seconds_total", counter, "",
     "Seconds in which some tasks waited for memory (/proc/pressure/memory some).")
NODE(psi_memory_stalled, "node_pressure_memory_stalled_seconds_total", counter, "",
     "Seconds in which all non-idle tasks waited for memory (/proc/pressure/memory full).")
NODE(psi_io_waiting, "node_pressure_io_waiting_seconds_total", counter, "",
     "Seconds in which some tasks waited for I/O (/proc/pressure/io some).")
NODE(psi_io_stalled, "node_pressure_io_stalled_seconds_total", counter, "",
     "Seconds in which all non-idle tasks waited for I/O (/proc/pressure/io full).")
NODE(psi_irq_stalled, "node_pressure_irq_stalled_seconds_total", counter, "",
     "Seconds in which all non-idle tasks were stalled by interrupts (/proc/pressure/irq full).")

// The cgroup psinfo itself runs in (a container's, or a systemd service's): psinfo's own.
OWN(cg_info, "psinfo_cgroup_info", gauge, "version, hierarchy, path",
    "Always 1: the cgroup version and psinfo's cgroup in each hierarchy.")
OWN(cg_cpu_limit, "psinfo_cgroup_cpu_limit_cpus", gauge, "",
    "CPU limit, quota / period, the smallest over the cgroup and its ancestors (left out when "
    "unlimited).")
OWN(cg_cpu_effective, "psinfo_cgroup_cpu_effective_cpus", gauge, "",
    "CPUs a thread pool should use: min(affinity mask, ceil(limit)), as OpenJDK computes it.")
OWN(cg_cpu_usage, "psinfo_cgroup_cpu_usage_seconds_total", counter, "mode",
    "CPU time of the cgroup's tasks, mode user or system.")
OWN(cg_cpu_periods, "psinfo_cgroup_cpu_periods_total", counter, "",
    "Enforcement periods that elapsed with tasks runnable (cpu.stat nr_periods).")
OWN(cg_cpu_throttled_periods, "psinfo_cgroup_cpu_throttled_periods_total", counter, "",
    "Periods in which the cgroup was throttled (nr_throttled).")
OWN(cg_cpu_throttled, "psinfo_cgroup_cpu_throttled_seconds_total", counter, "",
    "Seconds the cgroup's tasks were throttled.")
OWN(cg_mem_limit, "psinfo_cgroup_memory_limit_bytes", gauge, "",
    "Memory limit, the smallest over the cgroup and its ancestors (left out when unlimited).")
OWN(cg_mem_usage, "psinfo_cgroup_memory_usage_bytes", gauge, "",
    "Memory charged to the cgroup (memory.current, v1 usage_in_bytes).")
OWN(cg_mem_working_set, "psinfo_cgroup_memory_working_set_bytes", gauge, "",
    "Usage - inactive_file: what cAdvisor and the kubelet call the working set.")
OWN(cg_mem_available, "psinfo_cgroup_memory_available_bytes", gauge, "",
    "Memory available to the cgroup: min(host available, limit - usage + inactive_file).")
OWN(cg_mem_swap, "psinfo_cgroup_memory_swap_usage_bytes", gauge, "",
    "Swap charged to the cgroup (v2).")
OWN(cg_mem_oom_kills, "psinfo_cgroup_memory_oom_kills_total", counter, "",
    "Tasks of the cgroup killed by the OOM killer.")
OWN(cg_pids_limit, "psinfo_cgroup_pids_limit", gauge, "",
    "Most tasks the cgroup may have (left out when unlimited).")
OWN(cg_pids, "psinfo_cgroup_pids", gauge, "", "Tasks in the cgroup.")
OWN(cg_psi_waiting, "psinfo_cgroup_pressure_waiting_seconds_total", counter, "resource",
    "Seconds in which some of the cgroup's tasks waited for the resource (its *.pressure some).")
OWN(cg_psi_stalled, "psinfo_cgroup_pressure_stalled_seconds_total", counter, "resource",
    "Seconds in which all of the cgroup's non-idle tasks waited for the resource (full).")

NODE(time_now, "node_time_seconds", gauge, "", "System time, seconds since the epoch.")

OWN(user_sessions, "psinfo_user_sessions", gauge, "user", "Sessions of each logged-in user.")

OWN(procs, "psinfo_processes", gauge, "status", "Processes in each status (psutil's names).")
OWN(group_procs, "psinfo_process_group_processes", gauge, "groupname",
    "Processes of each name (the kernel's 15-character command name).")
OWN(group_threads, "psinfo_process_group_threads", gauge, "groupname",
    "Threads of the processes of each name.")
OWN(group_cpu, "psinfo_process_group_cpu_seconds_total", counter, "groupname, mode",
    "CPU time of the processes of each name, mode user or system (exited ones keep counting "
    "in `serve`).")
OWN(group_rss, "psinfo_process_group_resident_memory_bytes", gauge, "groupname",
    "Resident memory of the processes of each name.")
OWN(group_vms, "psinfo_process_group_virtual_memory_bytes", gauge, "groupname",
    "Virtual memory of the processes of each name.")
OWN(top_cpu, "psinfo_process_cpu_seconds_total", counter, "pid, name, mode",
    "CPU time of the top processes (--top-processes N), mode user or system.")
OWN(top_rss, "psinfo_process_resident_memory_bytes", gauge, "pid, name",
    "Resident memory of the top processes (--top-processes N).")

OWN(self_cpu, "process_cpu_seconds_total", counter, "",
    "CPU time of psinfo itself (the client libraries' name).")
OWN(self_rss, "process_resident_memory_bytes", gauge, "", "Resident memory of psinfo itself.")
OWN(self_vms, "process_virtual_memory_bytes", gauge, "", "Virtual memory of psinfo itself.")
OWN(self_start, "process_start_time_seconds", gauge, "",
    "Start time of psinfo itself, seconds since the epoch.")
OWN(self_fds, "process_open_fds", gauge, "", "Open file descriptors of psinfo itself (POSIX).")
OWN(self_max_fds, "process_max_fds", gauge, "",
    "Its limit of open file descriptors (POSIX; left out when unlimited).")
OWN(build_info, "psinfo_build_info", gauge, "version", "Always 1; the version of psinfo.")

OWN(scrape_success, "psinfo_scrape_collector_success", gauge, "collector",
    "1 if the collector succeeded in this scrape, 0 if it failed.")
OWN(scrape_duration, "psinfo_scrape_collector_duration_seconds", gauge, "collector",
    "Seconds the collector took in this scrape.")

#undef NODE
#undef OWN

std::string num(std::size_t i) { return fmt::format_int(i).str(); }

}  // namespace

// ---- the state a scrape keeps for the next ----------------------------------------------------

struct scraper::state {
  std::vector<std::string> chosen;
  settings s;
  psinfo::sampler sampler;
  std::map<std::string, psinfo::disk_io_counters_t> disks;
  std::map<std::string, psinfo::net_io_counters_t> nics;

  // Process groups: each process's CPU time at the previous scrape, so that a group's counter
  // adds what its processes used since then and does not drop when one exits.
  struct seen {
    double create_time = 0;
    double user = 0, system = 0;
  };
  std::map<long, seen> previous;
  struct group {
    double user = 0, system = 0;
    std::chrono::steady_clock::time_point last_seen;
  };
  std::map<std::string, group> groups;
};

namespace {

using state = scraper::state;
using clock = std::chrono::steady_clock;

// ---- the collectors ---------------------------------------------------------------------------

void collect_cpu(state& st, writer& w) {
  const std::vector<psinfo::cpu_times_t> cpus = st.sampler.cpu_times_percpu();
  family& f = w(cpu_seconds);
  for (std::size_t i = 0; i < cpus.size(); ++i) {
    const std::string cpu = num(i);
    const psinfo::cpu_times_t& t = cpus[i];
    const auto mode = [&](const char* m, std::optional<double> v) {
      if (v) f.add({{"cpu", cpu}, {"mode", m}}, *v);
    };
    // node_exporter's order.
    mode("idle", t.idle);
    mode("iowait", t.iowait);
    mode("irq", t.irq);
    mode("nice", t.nice);
    mode("softirq", t.softirq);
    mode("steal", t.steal);
    mode("system", t.system);
    mode("user", t.user);
    mode("interrupt", t.interrupt);
    mode("dpc", t.dpc);
  }
  for (std::size_t i = 0; i < cpus.size(); ++i) {
    const std::string cpu = num(i);
    if (cpus[i].guest) w(cpu_guest_seconds).add({{"cpu", cpu}, {"mode", "user"}}, *cpus[i].guest);
    if (cpus[i].guest_nice)
      w(cpu_guest_seconds).add({{"cpu", cpu}, {"mode", "nice"}}, *cpus[i].guest_nice);
  }
}

void collect_cpufreq(state&, writer& w) {
  const std::vector<psinfo::cpu_freq_t> cpus = psinfo::cpu_freq_percpu();
  for (std::size_t i = 0; i < cpus.size(); ++i) {
    const std::string cpu = num(i);
    const psinfo::cpu_freq_t& c = cpus[i];
    // min and max come with cpufreq's files: then current is scaling_cur_freq, node_exporter's
    // fact; without them it is /proc/cpuinfo's "cpu MHz" (or the OS's figure).
    if (c.min && c.max) {
      w(scaling_hz).add({{"cpu", cpu}}, c.current * 1e6);
      w(scaling_min_hz).add({{"cpu", cpu}}, *c.min * 1e6);
      w(scaling_max_hz).add({{"cpu", cpu}}, *c.max * 1e6);
    } else {
      w(cpu_hz).add({{"cpu", cpu}}, c.current * 1e6);
    }
  }
}

void collect_loadavg(state& st, writer& w) {
  const std::array<double, 3> l = st.sampler.getloadavg();
  w(load1).add(l[0]);
  w(load5).add(l[1]);
  w(load15).add(l[2]);
}

void collect_meminfo(state& st, writer& w) {
  const psinfo::virtual_memory_t m = st.sampler.virtual_memory();
  const psinfo::swap_memory_t s = st.sampler.swap_memory();
  const auto put = [&](const family_info& f, std::optional<std::uint64_t> v) {
    if (v) w(f).add(*v);
  };
#ifdef __linux__
  // The fields that are one line of /proc/meminfo, under that line's name.
  put(mem_total, m.total);
  put(mem_free, m.free);
  put(mem_available, m.available);
  put(mem_buffers, m.buffers);
  put(mem_active, m.active);
  put(mem_inactive, m.inactive);
  put(mem_shmem, m.shared);
  put(mem_slab, m.slab);
  put(swap_total, s.total);
  put(swap_free, s.free);
#else
  put(vm_total, m.total);
  put(vm_available, m.available);
  put(vm_free, m.free);
  put(vm_active, m.active);
  put(vm_inactive, m.inactive);
  put(vm_wired, m.wired);
  put(sw_total, s.total);
#endif
  put(vm_used, m.used);
  put(vm_cached, m.cached);
  put(sw_used, s.used);
  put(sw_in, s.sin);
  put(sw_out, s.sout);
}

void collect_stat(state& st, writer& w) {
  w(boot_time).add(psinfo::boot_time());
  const psinfo::cpu_stats_t c = st.sampler.cpu_stats();
  w(ctxt).add(c.ctx_switches);
  w(intr).add(c.interrupts);
  if (c.soft_interrupts) w(softirq).add(*c.soft_interrupts);
  if (c.syscalls) w(syscalls).add(*c.syscalls);
}

// The default exclusions of Debian's node_exporter 1.5.0 (--collector.filesystem.
// mount-points-exclude and fs-types-exclude, --collector.diskstats.device-exclude,
// --collector.netdev.device-exclude), so that both export the same set.
bool excluded_mountpoint(const std::string& m) {
  static const std::regex re(
      "^/(dev|proc|run|sys|mnt|media|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)");
  return std::regex_search(m, re);
}
bool excluded_fstype(const std::string& t) {
  static const std::set<std::string, std::less<>> types{
      "autofs",     "binfmt_misc", "bpf",       "cgroup",   "cgroup2",   "configfs",
      "debugfs",    "devpts",      "devtmpfs",  "fusectl",  "hugetlbfs", "iso9660",
      "mqueue",     "nsfs",        "overlay",   "proc",     "procfs",    "pstore",
      "rpc_pipefs", "securityfs",  "selinuxfs", "squashfs", "sysfs",     "tracefs"};
  return types.count(t) != 0;
}
bool excluded_disk(const std::string& d) {
  static const std::regex re(R"(^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$)");
  return std::regex_match(d, re);
}

// Whether o is one of the comma-separated mount options.
bool has_option(const std::string& opts, const std::string& o) {
  return ("," + opts + ",").find("," + o + ",") != std::string::npos;
}

void collect_filesystem(state&, writer& w) {
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const psinfo::partition_t& p : psinfo::disk_partitions(true)) {
    if (excluded_mountpoint(p.mountpoint) || excluded_fstype(p.fstype)) continue;
    const std::string device = p.device.empty() ? "none" : p.device;
    if (!seen.emplace(device, p.fstype, p.mountpoint).second) continue;  // one series each
    const std::initializer_list<label> l{
        {"device", device}, {"fstype", p.fstype}, {"mountpoint", p.mountpoint}};
    std::optional<psinfo::disk_usage_t> u;
    try {
      u = psinfo::disk_usage(p.mountpoint);
    } catch (const psinfo::error&) {
      // As node_exporter: the filesystem is listed with device_error 1, and no sizes.
    }
    w(fs_error).add(l, std::uint64_t{u ? 0u : 1u});
    w(fs_readonly).add(l, std::uint64_t{has_option(p.opts, "ro") ? 1u : 0u});
    if (!u) continue;
    w(fs_size).add(l, u->total);
    w(fs_free).add(l, u->total - u->used);
    w(fs_avail).add(l, u->free);
  }
}

void collect_diskstats(state& st, writer& w) {
  st.sampler.disk_io_counters_perdisk(st.disks, false);  // the kernel's counters, as they are
  for (const auto& [name, d] : st.disks) {
    if (excluded_disk(name)) continue;
    const std::initializer_list<label> l{{"device", name}};
    w(disk_reads).add(l, d.read_count);
    if (d.read_merged_count) w(disk_reads_merged).add(l, *d.read_merged_count);
    w(disk_read_bytes).add(l, d.read_bytes);
    if (d.read_time) w(disk_read_time).add(l, static_cast<double>(*d.read_time) / 1000);
    w(disk_writes).add(l, d.write_count);
    if (d.write_merged_count) w(disk_writes_merged).add(l, *d.write_merged_count);
    w(disk_written_bytes).add(l, d.write_bytes);
    if (d.write_time) w(disk_write_time).add(l, static_cast<double>(*d.write_time) / 1000);
    if (d.busy_time) w(disk_io_time).add(l, static_cast<double>(*d.busy_time) / 1000);
  }
}

void collect_netdev(state& st, writer& w) {
  st.sampler.net_io_counters_pernic(st.nics, false);
  for (const auto& [name, n] : st.nics) {
    if (name == "lo") continue;
    const std::initializer_list<label> l{{"device", name}};
    w(net_rx_bytes).add(l, n.bytes_recv);
    w(net_rx_packets).add(l, n.packets_recv);
    w(net_rx_errs).add(l, n.errin);
    w(net_rx_drop).add(l, n.dropin);
    w(net_tx_bytes).add(l, n.bytes_sent);
    w(net_tx_packets).add(l, n.packets_sent);
    w(net_tx_errs).add(l, n.errout);
    w(net_tx_drop).add(l, n.dropout);
  }
}

void collect_netclass(state&, writer& w) {
  for (const auto& [name, s] : psinfo::net_if_stats()) {
    const std::initializer_list<label> l{{"device", name}};
    w(net_up).add(l, std::uint64_t{s.isup ? 1u : 0u});
    w(net_mtu).add(l, static_cast<std::uint64_t>(s.mtu));
    if (s.speed > 0) w(net_speed).add(l, static_cast<std::uint64_t>(s.speed) * 125000);
  }
}

// Each sensor of a chip named by its label, else by its place ("temp1", "fan2"); a label seen
// twice on one chip gets its place appended, so that no two series are the same.
template <class Sensor, class Put>
void per_sensor(const std::vector<Sensor>& sensors, const char* kind, Put put) {
  std::set<std::string> used;
  for (std::size_t i = 0; i < sensors.size(); ++i) {
    std::string name = sensors[i].label;
    if (name.empty())
      name = fmt::format("{}{}", kind, i + 1);
    else if (used.count(name))
      name += fmt::format(" ({}{})", kind, i + 1);
    used.insert(name);
    put(sensors[i], name);
  }
}

void collect_hwmon(state&, writer& w) {
  // (A structured binding is captured by a lambda only from C++20: name it first.)
  for (const auto& entry : psinfo::sensors_temperatures(false)) {
    const std::string& chip = entry.first;
    per_sensor(entry.second, "temp",
               [&](const psinfo::sensors_temperature_t& t, const std::string& s) {
                 const std::initializer_list<label> l{{"chip", chip}, {"sensor", s}};
                 w(hwmon_temp).add(l, t.current);
                 if (t.high) w(hwmon_temp_max).add(l, *t.high);
                 if (t.critical) w(hwmon_temp_crit).add(l, *t.critical);
               });
  }
  for (const auto& entry : psinfo::sensors_fans()) {
    const std::string& chip = entry.first;
    per_sensor(entry.second, "fan", [&](const psinfo::sensors_fan_t& f, const std::string& s) {
      w(hwmon_fan).add({{"chip", chip}, {"sensor", s}}, static_cast<std::uint64_t>(f.current));
    });
  }
}

void collect_battery(state&, writer& w) {
  const std::optional<psinfo::sensors_battery_t> b = psinfo::sensors_battery();
  if (!b) return;
  w(battery_ratio).add(b->percent / 100);
  if (b->secsleft >= 0) w(battery_left).add(static_cast<std::uint64_t>(b->secsleft));
  if (b->power_plugged) w(battery_plugged).add(std::uint64_t{*b->power_plugged ? 1u : 0u});
}

void collect_time(state&, writer& w) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  w(time_now).add(std::chrono::duration<double>(now).count());
}

void collect_users(state&, writer& w) {
  std::map<std::string, std::uint64_t> sessions;
  for (const psinfo::user_t& u : psinfo::users()) ++sessions[u.name];
  for (const auto& [name, n] : sessions) w(user_sessions).add({{"user", name}}, n);
}

void collect_processes(state& st, writer& w) {
  using psinfo::attr;
  const std::vector<psinfo::process_info_t> all =
      psinfo::process_iter(attr::name | attr::status | attr::create_time | attr::cpu_times |
                           attr::memory_info | attr::num_threads);
  struct totals {
    std::uint64_t procs = 0, threads = 0, rss = 0, vms = 0;
  };
  std::map<std::string, totals> now;
  std::map<std::string, std::uint64_t> by_status;
  std::map<long, state::seen> seen;
  struct busy {
    const psinfo::process_info_t* p;
    double cpu;  // since the previous scrape
  };
  std::vector<busy> ranked;
  const auto stamp = clock::now();
  for (const psinfo::process_info_t& p : all) {
    if (p.status) ++by_status[*p.status];
    if (!p.name) continue;  // denied: no group to put it in
    totals& t = now[*p.name];
    ++t.procs;
    if (p.num_threads) t.threads += static_cast<std::uint64_t>(*p.num_threads);
    if (p.memory_info) {
      t.rss += p.memory_info->rss;
      t.vms += p.memory_info->vms;
    }
    if (!p.cpu_times) continue;
    // What it used since the previous scrape: all of it when it is new (or its PID reused).
    const state::seen s{p.create_time.value_or(0), p.cpu_times->user, p.cpu_times->system};
    double du = s.user, ds = s.system;
    const auto before = st.previous.find(p.pid);
    if (before != st.previous.end() && before->second.create_time == s.create_time) {
      du = std::max(0.0, s.user - before->second.user);
      ds = std::max(0.0, s.system - before->second.system);
    }
    state::group& g = st.groups[*p.name];
    g.user += du;
    g.system += ds;
    seen.emplace(p.pid, s);
    ranked.push_back({&p, du + ds});
  }
  st.previous = std::move(seen);
  // A group stays (its counter kept) for 5 minutes after its last process is gone.
  for (auto it = st.groups.begin(); it != st.groups.end();) {
    if (now.count(it->first)) it->second.last_seen = stamp;
    if (stamp - it->second.last_seen > std::chrono::minutes(5))
      it = st.groups.erase(it);
    else
      ++it;
  }

  for (const auto& [status, n] : by_status) w(procs).add({{"status", status}}, n);
  for (const auto& [name, g] : st.groups) {
    const auto t = now.find(name);
    const totals none;
    const totals& n = t == now.end() ? none : t->second;
    const std::initializer_list<label> l{{"groupname", name}};
    w(group_procs).add(l, n.procs);
    w(group_threads).add(l, n.threads);
    w(group_rss).add(l, n.rss);
    w(group_vms).add(l, n.vms);
    w(group_cpu).add({{"groupname", name}, {"mode", "user"}}, g.user);
    w(group_cpu).add({{"groupname", name}, {"mode", "system"}}, g.system);
  }

  // The top N by CPU since the previous scrape, and by resident memory.
  const auto n = static_cast<std::size_t>(std::max(0L, st.s.top_processes));
  if (n == 0) return;
  std::set<const psinfo::process_info_t*> top;
  const auto take = [&](auto better) {
    const std::size_t k = std::min(n, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(k), ranked.end(),
                      better);
    for (std::size_t i = 0; i < k; ++i) top.insert(ranked[i].p);
  };
  take([](const busy& a, const busy& b) { return a.cpu > b.cpu; });
  const auto rss = [](const busy& b) { return b.p->memory_info ? b.p->memory_info->rss : 0; };
  take([&](const busy& a, const busy& b) { return rss(a) > rss(b); });
  std::vector<const psinfo::process_info_t*> sorted(top.begin(), top.end());
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->pid < b->pid; });
  for (const psinfo::process_info_t* p : sorted) {
    const std::string pid = num(static_cast<std::size_t>(p->pid));
    w(top_cpu).add({{"pid", pid}, {"name", *p->name}, {"mode", "user"}}, p->cpu_times->user);
    w(top_cpu).add({{"pid", pid}, {"name", *p->name}, {"mode", "system"}}, p->cpu_times->system);
    if (p->memory_info) w(top_rss).add({{"pid", pid}, {"name", *p->name}}, p->memory_info->rss);
  }
}

// PSI totals are microseconds.
double psi_seconds(const psinfo::psi_line_t& l) { return static_cast<double>(l.total) / 1e6; }

void collect_pressure(state&, writer& w) {
  psinfo::pressure_t p;
  try {
    p = psinfo::pressure();
  } catch (const psinfo::not_supported&) {
    return;  // no PSI on this OS: nothing to export, which is no failure
  }
  const auto put = [&](const family_info& f, const std::optional<psinfo::psi_t>& r, bool full) {
    if (!r) return;
    const std::optional<psinfo::psi_line_t>& l = full ? r->full : r->some;
    if (l) w(f).add(psi_seconds(*l));
  };
  put(psi_cpu_waiting, p.cpu, false);
  put(psi_cpu_stalled, p.cpu, true);
  put(psi_memory_waiting, p.memory, false);
  put(psi_memory_stalled, p.memory, true);
  put(psi_io_waiting, p.io, false);
  put(psi_io_stalled, p.io, true);
  put(psi_irq_stalled, p.irq, true);
}

void collect_cgroup(state&, writer& w) {
  psinfo::cgroup_t c;
  try {
    c = psinfo::cgroup();
  } catch (const psinfo::not_supported&) {
    return;  // no cgroups on this OS
  }
  if (c.version == psinfo::cgroup_version::none) return;
  for (const auto& [hierarchy, path] : c.paths)
    w(cg_info).add(
        {{"version", psinfo::to_string(c.version)}, {"hierarchy", hierarchy}, {"path", path}},
        std::uint64_t{1});
  const auto put = [&](const family_info& f, const auto& v) {
    if (v) w(f).add(*v);
  };
  put(cg_cpu_limit, c.cpu.limit);
  if (c.cpu.effective_cpus)
    w(cg_cpu_effective).add(static_cast<std::uint64_t>(*c.cpu.effective_cpus));
  if (c.cpu.user) w(cg_cpu_usage).add({{"mode", "user"}}, *c.cpu.user);
  if (c.cpu.system) w(cg_cpu_usage).add({{"mode", "system"}}, *c.cpu.system);
  put(cg_cpu_periods, c.cpu.nr_periods);
  put(cg_cpu_throttled_periods, c.cpu.nr_throttled);
  put(cg_cpu_throttled, c.cpu.throttled_time);
  put(cg_mem_limit, c.memory.effective_max);
  put(cg_mem_usage, c.memory.current);
  put(cg_mem_working_set, c.memory.working_set);
  put(cg_mem_available, c.memory.available);
  put(cg_mem_swap, c.memory.swap_current);
  put(cg_mem_oom_kills, c.memory.oom_kill);
  put(cg_pids_limit, c.pids.max);
  put(cg_pids, c.pids.current);
  const std::pair<const char*, const std::optional<psinfo::psi_t>*> resources[] = {
      {"cpu", &c.pressure.cpu},
      {"memory", &c.pressure.memory},
      {"io", &c.pressure.io},
      {"irq", &c.pressure.irq}};
  for (const auto& [name, r] : resources) {
    if (!*r) continue;
    if ((*r)->some) w(cg_psi_waiting).add({{"resource", name}}, psi_seconds(*(*r)->some));
    if ((*r)->full) w(cg_psi_stalled).add({{"resource", name}}, psi_seconds(*(*r)->full));
  }
}

void collect_exporter(state&, writer& w) {
  w(build_info).add({{"version", psinfo::version()}}, std::uint64_t{1});
  psinfo::process self = psinfo::process::self();
  const psinfo::process_cpu_times_t t = self.cpu_times();
  w(self_cpu).add(t.user + t.system);
  const psinfo::memory_info_t m = self.memory_info();
  w(self_rss).add(m.rss);
  w(self_vms).add(m.vms);
  w(self_start).add(self.create_time());
#ifndef _WIN32
  w(self_fds).add(static_cast<std::uint64_t>(self.num_fds()));
  const psinfo::rlimit_t fds = self.rlimit(RLIMIT_NOFILE);
  if (fds.soft >= 0) w(self_max_fds).add(static_cast<std::uint64_t>(fds.soft));
#endif
}

struct collector_entry {
  collector_info info;
  void (*run)(state&, writer&);
};

const std::vector<collector_entry>& table() {
  static const std::vector<collector_entry> t{
      {{"cpu", "CPU time per CPU and mode", {&cpu_seconds, &cpu_guest_seconds}}, collect_cpu},
      {{"cpufreq", "CPU frequencies", {&scaling_hz, &scaling_min_hz, &scaling_max_hz, &cpu_hz}},
       collect_cpufreq},
      {{"loadavg", "load averages", {&load1, &load5, &load15}}, collect_loadavg},
      {{"meminfo",
        "memory and swap",
        {&mem_total, &mem_free,  &mem_available, &mem_buffers, &mem_active, &mem_inactive,
         &mem_shmem, &mem_slab,  &swap_total,    &swap_free,   &vm_total,   &vm_available,
         &vm_free,   &vm_active, &vm_inactive,   &vm_wired,    &vm_used,    &vm_cached,
         &sw_total,  &sw_used,   &sw_in,         &sw_out}},
       collect_meminfo},
      {{"stat",
        "boot time, context switches, interrupts",
        {&boot_time, &ctxt, &intr, &softirq, &syscalls}},
       collect_stat},
      {{"filesystem",
        "mounted filesystems' sizes (node_exporter's default exclusions: /dev, /proc, /run, "
        "/sys, /mnt, /media, pseudo filesystems)",
        {&fs_size, &fs_free, &fs_avail, &fs_readonly, &fs_error}},
       collect_filesystem},
      {{"diskstats",
        "disk I/O counters (node_exporter's default device exclusions)",
        {&disk_reads, &disk_reads_merged, &disk_read_bytes, &disk_read_time, &disk_writes,
         &disk_writes_merged, &disk_written_bytes, &disk_write_time, &disk_io_time}},
       collect_diskstats},
      {{"netdev",
        "network I/O counters (lo left out, as node_exporter does)",
        {&net_rx_bytes, &net_rx_packets, &net_rx_errs, &net_rx_drop, &net_tx_bytes, &net_tx_packets,
         &net_tx_errs, &net_tx_drop}},
       collect_netdev},
      {{"netclass", "network interfaces' state", {&net_mtu, &net_speed, &net_up}},
       collect_netclass},
      {{"hwmon",
        "temperatures and fans",
        {&hwmon_temp, &hwmon_temp_max, &hwmon_temp_crit, &hwmon_fan}},
       collect_hwmon},
      {{"battery", "battery", {&battery_ratio, &battery_left, &battery_plugged}}, collect_battery},
      {{"time", "system time", {&time_now}}, collect_time},
      {{"pressure",
        "pressure stall information, system-wide (Linux)",
        {&psi_cpu_waiting, &psi_cpu_stalled, &psi_memory_waiting, &psi_memory_stalled,
         &psi_io_waiting, &psi_io_stalled, &psi_irq_stalled}},
       collect_pressure},
      {{"cgroup",
        "the cgroup psinfo runs in: limits, usage, throttling, effective CPUs, pressure (Linux)",
        {&cg_info, &cg_cpu_limit, &cg_cpu_effective, &cg_cpu_usage, &cg_cpu_periods,
         &cg_cpu_throttled_periods, &cg_cpu_throttled, &cg_mem_limit, &cg_mem_usage,
         &cg_mem_working_set, &cg_mem_available, &cg_mem_swap, &cg_mem_oom_kills, &cg_pids_limit,
         &cg_pids, &cg_psi_waiting, &cg_psi_stalled}},
       collect_cgroup},
      {{"users", "logged-in users", {&user_sessions}}, collect_users},
      {{"processes",
        "processes grouped by name, and the top N (--top-processes)",
        {&procs, &group_procs, &group_threads, &group_cpu, &group_rss, &group_vms, &top_cpu,
         &top_rss}},
       collect_processes},
      {{"exporter",
        "psinfo itself",
        {&build_info, &self_cpu, &self_rss, &self_vms, &self_start, &self_fds, &self_max_fds}},
       collect_exporter},
  };
  return t;
}

// Not a collector: written for every scrape.
const collector_info scrape_info{
    "(every scrape)", "each collector's outcome", {&scrape_success, &scrape_duration}};

}  // namespace

const std::vector<collector_info>& collectors() {
  static const std::vector<collector_info> list = [] {
    std::vector<collector_info> l;
    for (const collector_entry& e : table()) l.push_back(e.info);
    l.push_back(scrape_info);
    return l;
  }();
  return list;
}

std::vector<std::string> collector_names() {
  std::vector<std::string> names;
  for (const collector_entry& e : table()) names.emplace_back(e.info.name);
  return names;
}

scraper::scraper(std::vector<std::string> chosen, settings s) : state_(std::make_unique<state>()) {
  state_->chosen = std::move(chosen);
  state_->s = s;
}
scraper::~scraper() = default;

exposition scraper::collect() {
  exposition out;
  writer w(out);
  struct outcome {
    const char* name;
    bool ok;
    double seconds;
  };
  std::vector<outcome> outcomes;
  for (const collector_entry& e : table()) {
    if (!std::count(state_->chosen.begin(), state_->chosen.end(), e.info.name)) continue;
    w.first_ = out.families.size();
    const auto start = clock::now();
    bool ok = true;
    try {
      e.run(*state_, w);
    } catch (const std::exception& x) {
      ok = false;
      // What it wrote before failing is dropped: a scrape has a collector whole or not at all.
      out.families.resize(w.first_);
      if (on_failure) on_failure(e.info.name, x.what());
    }
    outcomes.push_back(
        {e.info.name, ok, std::chrono::duration<double>(clock::now() - start).count()});
  }
  w.first_ = out.families.size();
  for (const outcome& o : outcomes) {
    w(scrape_success).add({{"collector", o.name}}, std::uint64_t{o.ok ? 1u : 0u});
    w(scrape_duration).add({{"collector", o.name}}, o.seconds);
  }
  // A family the collector named but put no sample in.
  out.families.erase(std::remove_if(out.families.begin(), out.families.end(),
                                    [](const family& f) { return f.body.empty(); }),
                     out.families.end());
  return out;
}

}  // namespace psinfo_cli::metrics
