// psinfo CLI — the results of the library's system functions as nodes, in psutil's field names
// and order (sys_nodes.hpp).
#include "sys_nodes.hpp"

#include <functional>
#include <optional>
#include <vector>

namespace psinfo_cli {

namespace {

template <class T>
struct field {
  const char* name;
  std::function<node(const T&)> get;
};

// The fields of `all` named in `order`, in that order: each platform's psutil tuple has its
// own fields, and a field of the tuple that the library leaves absent prints as null.
template <class T>
node object_of(const T& v, const std::vector<field<T>>& all,
               std::initializer_list<const char*> order) {
  node out = node::object();
  for (std::string_view name : order)
    for (const field<T>& f : all)
      if (name == f.name) out.add(f.name, f.get(v));
  return out;
}

node opt_number(const std::optional<double>& v, unit u) {
  return node::maybe(v, [u](double x) { return node::number(x, u); });
}
node opt_bytes(const std::optional<std::uint64_t>& v) {
  return node::maybe(v, [](std::uint64_t x) { return node::uinteger(x, unit::bytes); });
}
node opt_count(const std::optional<std::uint64_t>& v) {
  return node::maybe(v, [](std::uint64_t x) { return node::uinteger(x); });
}
node opt_string(const std::optional<std::string>& s) {
  return node::maybe(s, [](const std::string& x) { return node::string(x); });
}

}  // namespace

// psutil's scputimes. psutil 8's Linux order puts user, system, idle first.
node cpu_times_node(const psinfo::cpu_times_t& t, unit u) {
  using T = psinfo::cpu_times_t;
  auto num = [u](double T::*m) { return [u, m](const T& x) { return node::number(x.*m, u); }; };
  auto opt = [u](std::optional<double> T::*m) {
    return [u, m](const T& x) { return opt_number(x.*m, u); };
  };
  static const std::vector<field<T>> all = {
      {"user", num(&T::user)},           {"system", num(&T::system)},
      {"idle", num(&T::idle)},           {"nice", opt(&T::nice)},
      {"iowait", opt(&T::iowait)},       {"irq", opt(&T::irq)},
      {"softirq", opt(&T::softirq)},     {"steal", opt(&T::steal)},
      {"guest", opt(&T::guest)},         {"guest_nice", opt(&T::guest_nice)},
      {"interrupt", opt(&T::interrupt)}, {"dpc", opt(&T::dpc)},
  };
#if defined(__linux__)
  return object_of(t, all,
                   {"user", "system", "idle", "nice", "iowait", "irq", "softirq", "steal", "guest",
                    "guest_nice"});
#elif defined(_WIN32)
  return object_of(t, all, {"user", "system", "idle", "interrupt", "dpc"});
#elif defined(__APPLE__)
  return object_of(t, all, {"user", "nice", "system", "idle"});
#else  // the BSDs
  return object_of(t, all, {"user", "nice", "system", "idle", "irq"});
#endif
}

node cpu_times_list(const std::vector<psinfo::cpu_times_t>& v, unit u) {
  node out = node::array();
  for (const auto& t : v) out.push(cpu_times_node(t, u));
  return out;
}

node virtual_memory_node(const psinfo::virtual_memory_t& m) {
  using T = psinfo::virtual_memory_t;
  auto b = [](std::uint64_t T::*f) {
    return [f](const T& x) { return node::uinteger(x.*f, unit::bytes); };
  };
  auto ob = [](std::optional<std::uint64_t> T::*f) {
    return [f](const T& x) { return opt_bytes(x.*f); };
  };
  static const std::vector<field<T>> all = {
      {"total", b(&T::total)},
      {"available", b(&T::available)},
      {"percent", [](const T& x) { return node::number(x.percent, unit::percent); }},
      {"used", b(&T::used)},
      {"free", b(&T::free)},
      {"active", ob(&T::active)},
      {"inactive", ob(&T::inactive)},
      {"buffers", ob(&T::buffers)},
      {"cached", ob(&T::cached)},
      {"shared", ob(&T::shared)},
      {"slab", ob(&T::slab)},
      {"wired", ob(&T::wired)},
  };
#if defined(__linux__)
  return object_of(m, all,
                   {"total", "available", "percent", "used", "free", "active", "inactive",
                    "buffers", "cached", "shared", "slab"});
#elif defined(_WIN32)
  return object_of(m, all, {"total", "available", "percent", "used", "free"});
#elif defined(__APPLE__)
  return object_of(
      m, all, {"total", "available", "percent", "used", "free", "active", "inactive", "wired"});
#else  // the BSDs
  return object_of(m, all,
                   {"total", "available", "percent", "used", "free", "active", "inactive",
                    "buffers", "cached", "shared", "wired"});
#endif
}

node swap_memory_node(const psinfo::swap_memory_t& s) {
  return node::object()
      .add("total", node::uinteger(s.total, unit::bytes))
      .add("used", node::uinteger(s.used, unit::bytes))
      .add("free", node::uinteger(s.free, unit::bytes))
      .add("percent", node::number(s.percent, unit::percent))
      .add("sin", opt_bytes(s.sin))
      .add("sout", opt_bytes(s.sout));
}

node heap_info_node(const psinfo::heap_info_t& h) {
  node out = node::object()
                 .add("heap_used", node::uinteger(h.heap_used, unit::bytes))
                 .add("mmap_used", node::uinteger(h.mmap_used, unit::bytes));
#if defined(_WIN32)
  out.add("heap_count", h.heap_count ? node::uinteger(*h.heap_count) : node::null());
#endif
  return out;
}

node cpu_stats_node(const psinfo::cpu_stats_t& s) {
  return node::object()
      .add("ctx_switches", node::uinteger(s.ctx_switches))
      .add("interrupts", node::uinteger(s.interrupts))
      .add("soft_interrupts", opt_count(s.soft_interrupts))
      .add("syscalls", opt_count(s.syscalls));
}

node cpu_freq_node(const psinfo::cpu_freq_t& f) {
  return node::object()
      .add("current", node::number(f.current, unit::mhz))
      .add("min", opt_number(f.min, unit::mhz))
      .add("max", opt_number(f.max, unit::mhz));
}

node user_node(const psinfo::user_t& u) {
  return node::object()
      .add("name", node::string(u.name))
      .add("terminal",
           node::maybe(u.terminal, [](const std::string& s) { return node::string(s); }))
      .add("host", node::string(u.host))
      .add("started", node::number(u.started, unit::timestamp))
      .add("pid", node::maybe(u.pid, [](long p) { return node::integer(p); }));
}

node partition_node(const psinfo::partition_t& p) {
  return node::object()
      .add("device", node::string(p.device))
      .add("mountpoint", node::string(p.mountpoint))
      .add("fstype", node::string(p.fstype))
      .add("opts", node::string(p.opts));
}

node disk_usage_node(const psinfo::disk_usage_t& u) {
  return node::object()
      .add("total", node::uinteger(u.total, unit::bytes))
      .add("used", node::uinteger(u.used, unit::bytes))
      .add("free", node::uinteger(u.free, unit::bytes))
      .add("percent", node::number(u.percent, unit::percent));
}

// psutil's sdiskio: each platform's tuple has its own fields.
node disk_io_node(const psinfo::disk_io_counters_t& d) {
  using T = psinfo::disk_io_counters_t;
  auto n = [](std::uint64_t T::*f, unit u) {
    return [f, u](const T& x) { return node::uinteger(x.*f, u); };
  };
  auto o = [](std::optional<std::uint64_t> T::*f) {
    return [f](const T& x) { return opt_count(x.*f); };
  };
  static const std::vector<field<T>> all = {
      {"read_count", n(&T::read_count, unit::none)},
      {"write_count", n(&T::write_count, unit::none)},
      {"read_bytes", n(&T::read_bytes, unit::bytes)},
      {"write_bytes", n(&T::write_bytes, unit::bytes)},
      {"read_time", o(&T::read_time)},
      {"write_time", o(&T::write_time)},
      {"read_merged_count", o(&T::read_merged_count)},
      {"write_merged_count", o(&T::write_merged_count)},
      {"busy_time", o(&T::busy_time)},
  };
#if defined(__linux__)
  return object_of(d, all,
                   {"read_count", "write_count", "read_bytes", "write_bytes", "read_time",
                    "write_time", "read_merged_count", "write_merged_count", "busy_time"});
#elif defined(_WIN32) || defined(__APPLE__)
  return object_of(
      d, all,
      {"read_count", "write_count", "read_bytes", "write_bytes", "read_time", "write_time"});
#else  // the BSDs
  return object_of(d, all,
                   {"read_count", "write_count", "read_bytes", "write_bytes", "read_time",
                    "write_time", "busy_time"});
#endif
}

node net_io_node(const psinfo::net_io_counters_t& c) {
  return node::object()
      .add("bytes_sent", node::uinteger(c.bytes_sent, unit::bytes))
      .add("bytes_recv", node::uinteger(c.bytes_recv, unit::bytes))
      .add("packets_sent", node::uinteger(c.packets_sent))
      .add("packets_recv", node::uinteger(c.packets_recv))
      .add("errin", node::uinteger(c.errin))
      .add("errout", node::uinteger(c.errout))
      .add("dropin", node::uinteger(c.dropin))
      .add("dropout", node::uinteger(c.dropout));
}

node net_if_addr_node(const psinfo::net_if_addr_t& a) {
  return node::object()
      .add("family", node::string(psinfo::to_string(a.family)))
      .add("address", opt_string(a.address))
      .add("netmask", opt_string(a.netmask))
      .add("broadcast", opt_string(a.broadcast))
      .add("ptp", opt_string(a.ptp));
}

node net_if_stats_node(const psinfo::net_if_stats_t& s) {
  return node::object()
      .add("isup", node::boolean(s.isup))
      .add("duplex", node::string(psinfo::to_string(s.duplex)))
      .add("speed", node::integer(s.speed))
      .add("mtu", node::integer(s.mtu))
      .add("flags", node::string(s.flags));
}

node address_node(const std::optional<psinfo::address_t>& a) {
  return node::maybe(a, [](const psinfo::address_t& x) {
    return node::object().add("ip", node::string(x.ip)).add("port", node::integer(x.port));
  });
}

// psutil's sconn. For AF_UNIX psutil puts the path (a string) in laddr and "" in raddr: so
// does the JSON here, so that it reads like psutil's.
node connection_node(const psinfo::connection_t& c) {
  const bool unix_socket = c.family == psinfo::address_family::unix_;
  return node::object()
      .add("fd", node::integer(c.fd))
      .add("family", node::string(psinfo::to_string(c.family)))
      .add("type", node::string(psinfo::to_string(c.type)))
      .add("laddr", unix_socket ? node::string(c.path) : address_node(c.laddr))
      .add("raddr", unix_socket ? node::string("") : address_node(c.raddr))
      .add("status", node::string(c.status))
      .add("pid", node::maybe(c.pid, [](long p) { return node::integer(p); }));
}

node temperature_node(const psinfo::sensors_temperature_t& t) {
  return node::object()
      .add("label", node::string(t.label))
      .add("current", node::number(t.current))
      .add("high", opt_number(t.high, unit::none))
      .add("critical", opt_number(t.critical, unit::none));
}

node fan_node(const psinfo::sensors_fan_t& f) {
  return node::object()
      .add("label", node::string(f.label))
      .add("current", node::integer(f.current));
}

node battery_node(const psinfo::sensors_battery_t& b) {
  return node::object()
      .add("percent", node::number(b.percent, unit::percent))
      .add("secsleft", node::integer(b.secsleft))
      .add("power_plugged", node::maybe(b.power_plugged, node::boolean));
}
node percent_list(const std::vector<double>& v) {
  node out = node::array();
  for (double x : v) out.push(node::number(x, unit::percent));
  return out;
}

// WindowsService.as_dict(), in psutil's order: the configuration, the status, then the name
// and the description.
node win_service_node(const psinfo::win_service_info_t& s) {
  return node::object()
      .add("display_name", node::string(s.display_name))
      .add("binpath", node::string(s.binpath))
      .add("username", node::string(s.username))
      .add("start_type", node::string(s.start_type))
      .add("status", node::string(s.status))
      .add("pid", node::maybe(s.pid, [](long p) { return node::integer(p); }))
      .add("name", node::string(s.name))
      .add("description", node::string(s.description));
}

}  // namespace psinfo_cli
