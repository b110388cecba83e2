// Prints the process methods of the given PIDs as JSON, one object per line, for
// test_process_diff.py, through the psinfo CLI's JSON writer (examples/psinfo/json.hpp). Strings
// are raw bytes: each byte >= 0x80 is the character U+00XX (encode the JSON string as latin-1
// to get the bytes back). A method that throws gives {"error": "<exception kind>"}.
//   process_json PID...           methods
//   process_json --snapshot       process_iter(pid|name|username|cpu_times|memory_info|status|
//                                 num_threads|cmdline), one line per process
#include <psinfo/errors.hpp>
#include <psinfo/process.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "json.hpp"
#include "latin1.hpp"
#include "node.hpp"

namespace {

using psinfo_cli::node;
using test::latin1;

node integer(long long v) { return node::integer(v); }
node uinteger(unsigned long long v) { return node::uinteger(v); }
template <class T>
node opt(const std::optional<T>& v) {
  return v ? node::number(static_cast<double>(*v)) : node::null();
}
node strs(const std::vector<std::string>& v) {
  node out = node::array();
  for (const std::string& s : v) out.push(latin1(s));
  return out;
}
node list(std::initializer_list<node> items) {
  node out = node::array();
  for (const node& n : items) out.push(n);
  return out;
}
node cpu(const psinfo::process_cpu_times_t& t) {
  return node::object()
      .add("user", node::number(t.user))
      .add("system", node::number(t.system))
      .add("children_user", node::number(t.children_user))
      .add("children_system", node::number(t.children_system))
      .add("iowait", opt(t.iowait));
}
node mem(const psinfo::memory_info_t& m) {
  return node::object()
      .add("rss", uinteger(m.rss))
      .add("vms", uinteger(m.vms))
      .add("shared", uinteger(m.shared.value_or(0)))
      .add("text", uinteger(m.text.value_or(0)))
      .add("data", uinteger(m.data.value_or(0)));
}
node ids(const psinfo::uids_t& u) {
  return list({integer(u.real), integer(u.effective), integer(u.saved)});
}
node error(const char* kind) { return node::object().add("error", node::string(kind)); }

template <class F>
void field(node& out, const char* name, F fn) {
  node v;
  try {
    v = fn();
  } catch (const psinfo::zombie_process&) {
    v = error("zombie_process");
  } catch (const psinfo::no_such_process&) {
    v = error("no_such_process");
  } catch (const psinfo::access_denied&) {
    v = error("access_denied");
  } catch (const psinfo::not_supported&) {
    v = error("not_supported");
  } catch (const std::exception& e) {
    v = error("error").add("what", latin1(e.what()));
  }
  out.add(name, std::move(v));
}

void print(const node& n) { std::printf("%s\n", psinfo_cli::to_json(n).c_str()); }

void methods(long pid) {
  node o = node::object();
  field(o, "pid", [&] { return integer(pid); });
  std::optional<psinfo::process> pp;
  try {
    pp.emplace(pid);
  } catch (const std::exception&) {
    print(node::object().add("pid", integer(pid)).add("error", node::string("no_such_process")));
    return;
  }
  psinfo::process& p = *pp;
  field(o, "ppid", [&] { return integer(p.ppid()); });
  field(o, "name", [&] { return latin1(p.name()); });
  field(o, "exe", [&] { return latin1(p.exe()); });
  field(o, "cmdline", [&] { return strs(p.cmdline()); });
  field(o, "environ", [&] {
    node e = node::object();
    for (auto& [k, v] : p.environ()) e.add(latin1(k).s, latin1(v));
    return e;
  });
  field(o, "create_time", [&] { return node::number(p.create_time()); });
  field(o, "status", [&] { return latin1(p.status()); });
  field(o, "cwd", [&] { return latin1(p.cwd()); });
  field(o, "username", [&] { return latin1(p.username()); });
  field(o, "uids", [&] { return ids(p.uids()); });
  field(o, "gids", [&] { return ids(p.gids()); });
  field(o, "terminal", [&] {
    auto t = p.terminal();
    return t ? latin1(*t) : node::null();
  });
  field(o, "io_counters", [&] {
    auto io = p.io_counters();
    return list({uinteger(io.read_count), uinteger(io.write_count), uinteger(io.read_bytes),
                 uinteger(io.write_bytes), uinteger(io.read_chars.value_or(0)),
                 uinteger(io.write_chars.value_or(0))});
  });
  field(o, "num_ctx_switches", [&] {
    auto c = p.num_ctx_switches();
    return list({uinteger(c.voluntary), uinteger(c.involuntary)});
  });
  field(o, "num_fds", [&] { return integer(p.num_fds()); });
  field(o, "num_threads", [&] { return integer(p.num_threads()); });
  field(o, "threads", [&] {
    node t = node::array();
    for (auto& th : p.threads())
      t.push(list({integer(th.id), node::number(th.user_time), node::number(th.system_time)}));
    return t;
  });
  field(o, "cpu_times", [&] { return cpu(p.cpu_times()); });
  field(o, "cpu_num", [&] {
    auto c = p.cpu_num();
    return c ? integer(*c) : node::null();
  });
  field(o, "memory_info", [&] { return mem(p.memory_info()); });
  field(o, "page_faults", [&] {
    auto f = p.page_faults();
    return list({uinteger(f.minor), uinteger(f.major)});
  });
  print(o);
}

void snapshot() {
  using psinfo::attr;
  auto snap =
      psinfo::process_iter(attr::pid | attr::name | attr::username | attr::cpu_times |
                           attr::memory_info | attr::status | attr::num_threads | attr::cmdline);
  for (auto& i : snap) {
    node o = node::object().add("pid", integer(i.pid));
    o.add("name", i.name ? latin1(*i.name) : node::null());
    o.add("username", i.username ? latin1(*i.username) : node::null());
    o.add("cpu_times", i.cpu_times ? cpu(*i.cpu_times) : node::null());
    o.add("memory_info", i.memory_info ? mem(*i.memory_info) : node::null());
    o.add("status", i.status ? latin1(*i.status) : node::null());
    o.add("num_threads", i.num_threads ? integer(*i.num_threads) : node::null());
    o.add("cmdline", i.cmdline ? strs(*i.cmdline) : node::null());
    print(o);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--snapshot") == 0) {
    snapshot();
    return 0;
  }
  for (int i = 1; i < argc; ++i) methods(std::strtol(argv[i], nullptr, 10));
  std::fflush(stdout);
  return 0;
}
