// Prints the process methods of the given PIDs as JSON, one object per line, for
// test_process_diff.py. Strings are raw bytes: each byte >= 0x80 is written as \u00XX (decode
// the JSON string as latin-1 to get the bytes back). A method that throws gives
// {"error": "<exception kind>"}.
//   process_json PID...           methods
//   process_json --snapshot       process_iter(pid|name|username|cpu_times|memory_info|status|
//                                 num_threads|cmdline), one line per process
#include <psinfo/errors.hpp>
#include <psinfo/process.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

std::string str(const std::string& s) {
  std::string o = "\"";
  char buf[8];
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      o += buf;
    } else {
      o += static_cast<char>(c);
    }
  }
  return o + "\"";
}
std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}
std::string num(long long v) { return std::to_string(v); }
std::string num(unsigned long long v) { return std::to_string(v); }
template <class T>
std::string opt(const std::optional<T>& v) {
  return v ? num(*v) : "null";
}
std::string strs(const std::vector<std::string>& v) {
  std::string o = "[";
  for (size_t i = 0; i < v.size(); ++i) o += (i ? "," : "") + str(v[i]);
  return o + "]";
}
std::string cpu(const psinfo::process_cpu_times_t& t) {
  return "{\"user\":" + num(t.user) + ",\"system\":" + num(t.system) +
         ",\"children_user\":" + num(t.children_user) +
         ",\"children_system\":" + num(t.children_system) + ",\"iowait\":" + opt(t.iowait) + "}";
}
std::string mem(const psinfo::memory_info_t& m) {
  return "{\"rss\":" + num(static_cast<unsigned long long>(m.rss)) +
         ",\"vms\":" + num(static_cast<unsigned long long>(m.vms)) +
         ",\"shared\":" + num(static_cast<unsigned long long>(m.shared.value_or(0))) +
         ",\"text\":" + num(static_cast<unsigned long long>(m.text.value_or(0))) +
         ",\"data\":" + num(static_cast<unsigned long long>(m.data.value_or(0))) + "}";
}
std::string ids(const psinfo::uids_t& u) {
  return "[" + num(static_cast<long long>(u.real)) + "," +
         num(static_cast<long long>(u.effective)) + "," + num(static_cast<long long>(u.saved)) +
         "]";
}

template <class F>
void field(std::string& out, const char* name, F fn) {
  std::string v;
  try {
    v = fn();
  } catch (const psinfo::zombie_process&) {
    v = "{\"error\":\"zombie_process\"}";
  } catch (const psinfo::no_such_process&) {
    v = "{\"error\":\"no_such_process\"}";
  } catch (const psinfo::access_denied&) {
    v = "{\"error\":\"access_denied\"}";
  } catch (const psinfo::not_supported&) {
    v = "{\"error\":\"not_supported\"}";
  } catch (const std::exception& e) {
    v = "{\"error\":\"error\",\"what\":" + str(e.what()) + "}";
  }
  if (out.size() > 1) out += ",";
  out += "\"" + std::string(name) + "\":" + v;
}

void methods(long pid) {
  std::string o = "{";
  field(o, "pid", [&] { return num(static_cast<long long>(pid)); });
  std::optional<psinfo::process> pp;
  try {
    pp.emplace(pid);
  } catch (const std::exception&) {
    std::printf("{\"pid\":%ld,\"error\":\"no_such_process\"}\n", pid);
    return;
  }
  psinfo::process& p = *pp;
  field(o, "ppid", [&] { return num(static_cast<long long>(p.ppid())); });
  field(o, "name", [&] { return str(p.name()); });
  field(o, "exe", [&] { return str(p.exe()); });
  field(o, "cmdline", [&] { return strs(p.cmdline()); });
  field(o, "environ", [&] {
    std::string e = "{";
    for (auto& [k, v] : p.environ()) e += (e.size() > 1 ? "," : "") + str(k) + ":" + str(v);
    return e + "}";
  });
  field(o, "create_time", [&] { return num(p.create_time()); });
  field(o, "status", [&] { return str(p.status()); });
  field(o, "cwd", [&] { return str(p.cwd()); });
  field(o, "username", [&] { return str(p.username()); });
  field(o, "uids", [&] { return ids(p.uids()); });
  field(o, "gids", [&] { return ids(p.gids()); });
  field(o, "terminal", [&] {
    auto t = p.terminal();
    return t ? str(*t) : "null";
  });
  field(o, "io_counters", [&] {
    auto io = p.io_counters();
    return "[" + num(static_cast<unsigned long long>(io.read_count)) + "," +
           num(static_cast<unsigned long long>(io.write_count)) + "," +
           num(static_cast<unsigned long long>(io.read_bytes)) + "," +
           num(static_cast<unsigned long long>(io.write_bytes)) + "," +
           num(static_cast<unsigned long long>(io.read_chars.value_or(0))) + "," +
           num(static_cast<unsigned long long>(io.write_chars.value_or(0))) + "]";
  });
  field(o, "num_ctx_switches", [&] {
    auto c = p.num_ctx_switches();
    return "[" + num(static_cast<unsigned long long>(c.voluntary)) + "," +
           num(static_cast<unsigned long long>(c.involuntary)) + "]";
  });
  field(o, "num_fds", [&] { return num(static_cast<long long>(p.num_fds())); });
  field(o, "num_threads", [&] { return num(static_cast<long long>(p.num_threads())); });
  field(o, "threads", [&] {
    std::string t = "[";
    for (auto& th : p.threads())
      t += (t.size() > 1 ? "," : "") + std::string("[") + num(static_cast<long long>(th.id)) + "," +
           num(th.user_time) + "," + num(th.system_time) + "]";
    return t + "]";
  });
  field(o, "cpu_times", [&] { return cpu(p.cpu_times()); });
  field(o, "cpu_num", [&] {
    auto c = p.cpu_num();
    return c ? num(static_cast<long long>(*c)) : "null";
  });
  field(o, "memory_info", [&] { return mem(p.memory_info()); });
  field(o, "page_faults", [&] {
    auto f = p.page_faults();
    return "[" + num(static_cast<unsigned long long>(f.minor)) + "," +
           num(static_cast<unsigned long long>(f.major)) + "]";
  });
  std::printf("%s}\n", o.c_str());
}

void snapshot() {
  using psinfo::attr;
  auto snap =
      psinfo::process_iter(attr::pid | attr::name | attr::username | attr::cpu_times |
                           attr::memory_info | attr::status | attr::num_threads | attr::cmdline);
  for (auto& i : snap) {
    std::string o = "{\"pid\":" + std::to_string(i.pid);
    o += ",\"name\":" + (i.name ? str(*i.name) : "null");
    o += ",\"username\":" + (i.username ? str(*i.username) : "null");
    o += ",\"cpu_times\":" + (i.cpu_times ? cpu(*i.cpu_times) : "null");
    o += ",\"memory_info\":" + (i.memory_info ? mem(*i.memory_info) : "null");
    o += ",\"status\":" + (i.status ? str(*i.status) : "null");
    o += ",\"num_threads\":" + (i.num_threads ? std::to_string(*i.num_threads) : "null");
    o += ",\"cmdline\":" + (i.cmdline ? strs(*i.cmdline) : "null");
    std::printf("%s}\n", o.c_str());
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
