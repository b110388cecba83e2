// psinfo CLI — process results as nodes.
#include "proc_nodes.hpp"

#include <psinfo/errors.hpp>
#include <string>

#include "container.hpp"
#include "sys_nodes.hpp"

namespace psinfo_cli {

namespace {

node bytes(std::uint64_t v) { return node::uinteger(v, unit::bytes); }
node opt_bytes(const std::optional<std::uint64_t>& v) {
  return node::maybe(v, [](std::uint64_t x) { return bytes(x); });
}
node opt_count(const std::optional<std::uint64_t>& v) {
  return node::maybe(v, [](std::uint64_t x) { return node::uinteger(x); });
}
node seconds(double v) { return node::number(v, unit::seconds); }
node str(const std::string& s) { return node::string(s); }

}  // namespace

node pcputimes_node(const psinfo::process_cpu_times_t& t) {
  return node::object()
      .add("user", seconds(t.user))
      .add("system", seconds(t.system))
      .add("children_user", seconds(t.children_user))
      .add("children_system", seconds(t.children_system))
      .add("iowait", node::maybe(t.iowait, seconds));
}

node pmem_node(const psinfo::memory_info_t& m) {
  return node::object()
      .add("rss", bytes(m.rss))
      .add("vms", bytes(m.vms))
      .add("shared", opt_bytes(m.shared))
      .add("text", opt_bytes(m.text))
      .add("data", opt_bytes(m.data));
}

node pfullmem_node(const psinfo::memory_full_info_t& m) {
  node out = pmem_node(m.info);
  out.add("uss", bytes(m.uss)).add("pss", opt_bytes(m.pss)).add("swap", opt_bytes(m.swap));
  return out;
}

// psutil 8's Linux pmem_ex: pmem and the status fields (null when absent: a kernel thread);
// the fields of other OSes only when present, in psutil 8's order there.
node pmem_ex_node(const psinfo::memory_info_ex_t& m) {
  node out = pmem_node(m.info);
  out.add("peak_rss", opt_bytes(m.peak_rss))
      .add("peak_vms", opt_bytes(m.peak_vms))
      .add("rss_anon", opt_bytes(m.rss_anon))
      .add("rss_file", opt_bytes(m.rss_file))
      .add("rss_shmem", opt_bytes(m.rss_shmem))
      .add("swap", opt_bytes(m.swap))
      .add("hugetlb", opt_bytes(m.hugetlb));
  const std::pair<const char*, const std::optional<std::uint64_t>*> other[] = {
      {"virtual", &m.virtual_},
      {"peak_virtual", &m.peak_virtual},
      {"paged_pool", &m.info.paged_pool},
      {"nonpaged_pool", &m.info.nonpaged_pool},
      {"peak_paged_pool", &m.info.peak_paged_pool},
      {"peak_nonpaged_pool", &m.info.peak_nonpaged_pool},
      {"wired", &m.wired},
      {"compressed", &m.compressed},
      {"phys_footprint", &m.phys_footprint},
      {"stack", &m.stack}};
  for (const auto& [name, v] : other)
    if (*v) out.add(name, bytes(**v));
  return out;
}

node pfootprint_node(const psinfo::memory_footprint_t& m) {
  node out = node::object().add("uss", bytes(m.uss));
  if (m.pss || m.swap) out.add("pss", opt_bytes(m.pss)).add("swap", opt_bytes(m.swap));
  return out;
}

node pmmap_node(const psinfo::memory_map_t& m, bool grouped) {
  node out = node::object();
  if (!grouped) {
    out.add("addr", str(m.addr.value_or("")));
    out.add("perms", str(m.perms.value_or("")));
  }
  return out.add("path", str(m.path))
      .add("rss", bytes(m.rss))
      .add("size", bytes(m.size))
      .add("pss", bytes(m.pss))
      .add("shared_clean", bytes(m.shared_clean))
      .add("shared_dirty", bytes(m.shared_dirty))
      .add("private_clean", bytes(m.private_clean))
      .add("private_dirty", bytes(m.private_dirty))
      .add("referenced", bytes(m.referenced))
      .add("anonymous", bytes(m.anonymous))
      .add("swap", bytes(m.swap));
}

node pids_node(const psinfo::uids_t& u) {
  return node::object()
      .add("real", node::integer(u.real))
      .add("effective", node::integer(u.effective))
      .add("saved", node::integer(u.saved));
}

// psutil's pio: read_chars/write_chars on Linux, other_count/other_bytes on Windows (each
// OS's tuple has only its own fields, so the other OS's pair is left out, not null).
node pio_node(const psinfo::io_counters_t& c) {
  node o = node::object()
               .add("read_count", node::uinteger(c.read_count))
               .add("write_count", node::uinteger(c.write_count))
               .add("read_bytes", bytes(c.read_bytes))
               .add("write_bytes", bytes(c.write_bytes));
  if (c.other_count || c.other_bytes)
    return o.add("other_count", opt_count(c.other_count))
        .add("other_bytes", c.other_bytes ? bytes(*c.other_bytes) : node::null());
  return o.add("read_chars", opt_count(c.read_chars)).add("write_chars", opt_count(c.write_chars));
}

node pctxsw_node(const psinfo::ctx_switches_t& c) {
  return node::object()
      .add("voluntary", node::uinteger(c.voluntary))
      .add("involuntary", node::uinteger(c.involuntary));
}

node pthread_node(const psinfo::thread_t& t) {
  return node::object()
      .add("id", node::integer(t.id))
      .add("user_time", seconds(t.user_time))
      .add("system_time", seconds(t.system_time));
}

node popenfile_node(const psinfo::open_file_t& f) {
  return node::object()
      .add("path", str(f.path))
      .add("fd", node::integer(f.fd))
      .add("position", opt_count(f.position))
      .add("mode", node::maybe(f.mode, str))
      .add("flags", node::maybe(f.flags, [](int x) { return node::integer(x); }));
}

node pfaults_node(const psinfo::page_faults_t& f) {
  return node::object().add("minor", node::uinteger(f.minor)).add("major", node::uinteger(f.major));
}

node pionice_node(const psinfo::ionice_t& i) {
  return node::object()
      .add("ioclass", str(psinfo::to_string(i.ioclass)))
      .add("value", node::integer(i.value));
}

node rlimit_node(const psinfo::rlimit_t& r) {
  return node::array().push(node::integer(r.soft)).push(node::integer(r.hard));
}

node pconn_node(const psinfo::connection_t& c) {
  node out = connection_node(c);
  out.fields.pop_back();  // "pid": psutil's pconn has none
  return out;
}

node process_ref_node(const psinfo::process& p) {
  node name = node::null();
  try {
    name = str(p.name());
  } catch (const psinfo::error&) {
    // gone, a zombie or denied: the PID alone
  }
  return node::object().add("pid", node::integer(p.pid())).add("name", std::move(name));
}

node info_node(const psinfo::process_info_t& i, psinfo::attr attrs) {
  using psinfo::attr;
  node out = node::object();
  auto want = [&](attr a) { return psinfo::has(attrs, a); };
  auto integer = [](auto x) { return node::integer(x); };
  if (want(attr::pid)) out.add("pid", node::integer(i.pid));
  if (want(attr::ppid)) out.add("ppid", node::maybe(i.ppid, integer));
  if (want(attr::name)) out.add("name", node::maybe(i.name, str));
  if (want(attr::exe)) out.add("exe", node::maybe(i.exe, str));
  if (want(attr::cmdline))
    out.add("cmdline", node::maybe(i.cmdline, [](const std::vector<std::string>& v) {
              return list_of(v, str);
            }));
  if (want(attr::environ))
    out.add("environ", node::maybe(i.environ, [](const std::map<std::string, std::string>& m) {
              node o = node::object();
              for (const auto& [k, v] : m) o.add(k, str(v));
              return o;
            }));
  if (want(attr::create_time))
    out.add("create_time",
            node::maybe(i.create_time, [](double t) { return node::number(t, unit::timestamp); }));
  if (want(attr::status)) out.add("status", node::maybe(i.status, str));
  if (want(attr::cwd)) out.add("cwd", node::maybe(i.cwd, str));
  if (want(attr::username)) out.add("username", node::maybe(i.username, str));
  if (want(attr::uids)) out.add("uids", node::maybe(i.uids, pids_node));
  if (want(attr::gids)) out.add("gids", node::maybe(i.gids, pids_node));
  if (want(attr::terminal)) out.add("terminal", node::maybe(i.terminal, str));
  if (want(attr::nice)) out.add("nice", node::maybe(i.nice, integer));
  if (want(attr::ionice)) out.add("ionice", node::maybe(i.ionice, pionice_node));
  if (want(attr::io_counters)) out.add("io_counters", node::maybe(i.io_counters, pio_node));
  if (want(attr::num_ctx_switches))
    out.add("num_ctx_switches", node::maybe(i.num_ctx_switches, pctxsw_node));
  if (want(attr::num_fds)) out.add("num_fds", node::maybe(i.num_fds, integer));
  if (want(attr::num_handles)) out.add("num_handles", node::maybe(i.num_handles, integer));
  if (want(attr::num_threads)) out.add("num_threads", node::maybe(i.num_threads, integer));
  if (want(attr::threads))
    out.add("threads", node::maybe(i.threads, [](const std::vector<psinfo::thread_t>& v) {
              return list_of(v, pthread_node);
            }));
  if (want(attr::cpu_times)) out.add("cpu_times", node::maybe(i.cpu_times, pcputimes_node));
  if (want(attr::cpu_percent))
    out.add("cpu_percent",
            node::maybe(i.cpu_percent, [](double x) { return node::number(x, unit::percent); }));
  if (want(attr::cpu_num)) out.add("cpu_num", node::maybe(i.cpu_num, integer));
  if (want(attr::cpu_affinity))
    out.add("cpu_affinity", node::maybe(i.cpu_affinity, [&](const std::vector<int>& v) {
              return list_of(v, integer);
            }));
  if (want(attr::memory_info)) out.add("memory_info", node::maybe(i.memory_info, pmem_node));
  if (want(attr::memory_full_info))
    out.add("memory_full_info", node::maybe(i.memory_full_info, pfullmem_node));
  if (want(attr::memory_percent))
    out.add("memory_percent",
            node::maybe(i.memory_percent, [](double x) { return node::number(x, unit::percent); }));
  if (want(attr::memory_maps))
    out.add("memory_maps",
            node::maybe(i.memory_maps, [](const std::vector<psinfo::memory_map_t>& v) {
              return list_of(v, [](const psinfo::memory_map_t& m) { return pmmap_node(m, true); });
            }));
  if (want(attr::page_faults)) out.add("page_faults", node::maybe(i.page_faults, pfaults_node));
  if (want(attr::open_files))
    out.add("open_files", node::maybe(i.open_files, [](const std::vector<psinfo::open_file_t>& v) {
              return list_of(v, popenfile_node);
            }));
  if (want(attr::net_connections))
    out.add("net_connections",
            node::maybe(i.net_connections, [](const std::vector<psinfo::connection_t>& v) {
              return list_of(v, pconn_node);
            }));
  if (want(attr::cgroup)) out.add("cgroup", node::maybe(i.cgroup, cgroup_node));
  return out;
}

}  // namespace psinfo_cli
