// psinfo CLI — containers (container.hpp).
#include "container.hpp"

#include <fmt/format.h>

#include <psinfo/errors.hpp>
#include <psinfo/process.hpp>

#include "text.hpp"

namespace psinfo_cli {

namespace {

node opt_u64(const std::optional<std::uint64_t>& v, unit u = unit::none) {
  return node::maybe(v, [u](std::uint64_t x) { return node::uinteger(x, u); });
}
node opt_double(const std::optional<double>& v, unit u = unit::none) {
  return node::maybe(v, [u](double x) { return node::number(x, u); });
}
node opt_list(const std::optional<std::vector<int>>& v) {
  return node::maybe(v, [](const std::vector<int>& l) {
    return list_of(l, [](int x) { return node::integer(x); });
  });
}

node psi_line_node(const psinfo::psi_line_t& l) {
  node o = node::object();
  o.add("avg10", node::number(l.avg10, unit::percent));
  o.add("avg60", node::number(l.avg60, unit::percent));
  o.add("avg300", node::number(l.avg300, unit::percent));
  o.add("total", node::uinteger(l.total));
  return o;
}

node psi_node(const psinfo::psi_t& p) {
  node o = node::object();
  o.add("some", node::maybe(p.some, psi_line_node));
  o.add("full", node::maybe(p.full, psi_line_node));
  return o;
}

node cpu_node(const psinfo::cgroup_cpu_t& c) {
  node o = node::object();
  o.add("quota", opt_double(c.quota, unit::seconds));
  o.add("period", opt_double(c.period, unit::seconds));
  o.add("limit", opt_double(c.limit));
  o.add("effective_cpus", node::maybe(c.effective_cpus, [](int n) { return node::integer(n); }));
  o.add("weight", opt_u64(c.weight));
  o.add("shares", opt_u64(c.shares));
  o.add("cpus", opt_list(c.cpus));
  o.add("mems", opt_list(c.mems));
  o.add("usage", opt_double(c.usage, unit::seconds));
  o.add("user", opt_double(c.user, unit::seconds));
  o.add("system", opt_double(c.system, unit::seconds));
  o.add("nr_periods", opt_u64(c.nr_periods));
  o.add("nr_throttled", opt_u64(c.nr_throttled));
  o.add("throttled_time", opt_double(c.throttled_time, unit::seconds));
  return o;
}

node memory_node(const psinfo::cgroup_memory_t& m) {
  using M = psinfo::cgroup_memory_t;
  const std::pair<const char*, std::optional<std::uint64_t> M::*> bytes[] = {
      {"max", &M::max},
      {"high", &M::high},
      {"low", &M::low},
      {"min", &M::min},
      {"swap_max", &M::swap_max},
      {"effective_max", &M::effective_max},
      {"current", &M::current},
      {"peak", &M::peak},
      {"swap_current", &M::swap_current},
      {"anon", &M::anon},
      {"file", &M::file},
      {"kernel", &M::kernel},
      {"shmem", &M::shmem},
      {"active_file", &M::active_file},
      {"inactive_file", &M::inactive_file},
      {"working_set", &M::working_set},
      {"available", &M::available}};
  node o = node::object();
  for (const auto& [name, f] : bytes) o.add(name, opt_u64(m.*f, unit::bytes));
  o.add("oom", opt_u64(m.oom));
  o.add("oom_kill", opt_u64(m.oom_kill));
  o.add("stat", keyed(m.stat, [](std::uint64_t v) { return node::uinteger(v); }));
  return o;
}

node io_node(const psinfo::cgroup_io_t& d) {
  using D = psinfo::cgroup_io_t;
  const std::pair<const char*, std::optional<std::uint64_t> D::*> fields[] = {
      {"rbps", &D::rbps},     {"wbps", &D::wbps},     {"riops", &D::riops}, {"wiops", &D::wiops},
      {"rbytes", &D::rbytes}, {"wbytes", &D::wbytes}, {"rios", &D::rios},   {"wios", &D::wios},
      {"dbytes", &D::dbytes}, {"dios", &D::dios}};
  node o = node::object();
  for (const auto& [name, f] : fields) o.add(name, opt_u64(d.*f));
  return o;
}

void nested_lines(const node& n, const std::string& indent, std::string& out) {
  std::size_t width = 0;
  for (const auto& f : n.fields)
    if (f.second.k != node::kind::object) width = std::max(width, f.first.size() + 1);
  for (const auto& [key, v] : n.fields) {
    if (v.k == node::kind::object) {
      out += indent + key + ":" + (v.fields.empty() ? " (none)\n" : "\n");
      nested_lines(v, indent + "  ", out);
      continue;
    }
    std::string text = to_text(v);  // one line for a scalar or a list of numbers
    if (!text.empty() && text.back() == '\n') text.pop_back();
    out += fmt::format("{}{:<{}} {}\n", indent, key + ":", width, text);
  }
}

}  // namespace

std::string nested_text(const node& n) {
  if (n.k != node::kind::object) return to_text(n);
  std::string out;
  nested_lines(n, "", out);
  return out;
}

node pressure_node(const psinfo::pressure_t& p) {
  node o = node::object();
  o.add("cpu", node::maybe(p.cpu, psi_node));
  o.add("memory", node::maybe(p.memory, psi_node));
  o.add("io", node::maybe(p.io, psi_node));
  o.add("irq", node::maybe(p.irq, psi_node));
  return o;
}

node cgroup_node(const psinfo::cgroup_t& c) {
  node o = node::object();
  o.add("version", c.version == psinfo::cgroup_version::none
                       ? node::null()
                       : node::string(psinfo::to_string(c.version)));
  o.add("paths", keyed(c.paths, [](const std::string& p) { return node::string(p); }));
  o.add("cpu", cpu_node(c.cpu));
  o.add("memory", memory_node(c.memory));
  node pids = node::object();
  pids.add("max", opt_u64(c.pids.max));
  pids.add("current", opt_u64(c.pids.current));
  o.add("pids", std::move(pids));
  o.add("io", keyed(c.io, io_node));
  o.add("pressure", pressure_node(c.pressure));
  return o;
}

std::optional<std::string> container_line() {
  psinfo::cgroup_t c;
  try {
    c = psinfo::cgroup();
  } catch (const psinfo::error&) {  // no cgroups here (or they cannot be read): no line
    return std::nullopt;
  }
  const auto& cpu = c.cpu;
  const psinfo::virtual_memory_effective_t vm = psinfo::virtual_memory_effective();
  if (!cpu.limit && !vm.limit) return std::nullopt;
  std::string line = " Cgroup:";
  if (cpu.limit)
    line += fmt::format(" CPU limit {:.2f} ({} effective){}", *cpu.limit,
                        cpu.effective_cpus.value_or(0), vm.limit ? "," : "");
  if (vm.limit)
    line += fmt::format(" memory {} used of {} ({:.1f}%), {} available", bytes2human(vm.used),
                        bytes2human(vm.total), vm.percent, bytes2human(vm.available));
  return line;
}

}  // namespace psinfo_cli
