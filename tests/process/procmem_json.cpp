// Test driver for test_process_mem_diff.py: answers requests read from stdin, one JSON line
// each (through the psinfo CLI's JSON writer, strings as latin1.hpp says), through the public
// psinfo::process methods, so that the Python side can compare with psutil on the same PID
// (this driver's own PID included).
//
//   procmem_json [--procfs DIR]
//   stdin lines: PID|self memory_full_info | memory_maps grouped|flat | open_files |
//                net_connections KIND | bench N       (bench: this process, N calls each)
//   first output line: {"pid": <own pid>}
#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <psinfo/net.hpp>
#include <psinfo/process.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <optional>
#include <type_traits>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "json.hpp"
#include "latin1.hpp"
#include "node.hpp"

namespace {

using psinfo_cli::node;
using test::latin1;

template <class T>
node opt(const std::optional<T>& v) {
  if (!v) return node::null();
  if constexpr (std::is_same_v<T, std::string>)
    return latin1(*v);
  else
    return node::integer(static_cast<std::int64_t>(*v));
}

node maps_json(const std::vector<psinfo::memory_map_t>& maps) {
  node out = node::array();
  for (const auto& m : maps)
    out.push(node::object()
                 .add("path", latin1(m.path))
                 .add("addr", opt(m.addr))
                 .add("perms", opt(m.perms))
                 .add("rss", node::uinteger(m.rss))
                 .add("size", node::uinteger(m.size))
                 .add("pss", node::uinteger(m.pss))
                 .add("shared_clean", node::uinteger(m.shared_clean))
                 .add("shared_dirty", node::uinteger(m.shared_dirty))
                 .add("private_clean", node::uinteger(m.private_clean))
                 .add("private_dirty", node::uinteger(m.private_dirty))
                 .add("referenced", node::uinteger(m.referenced))
                 .add("anonymous", node::uinteger(m.anonymous))
                 .add("swap", node::uinteger(m.swap)));
  return out;
}

node addr(const std::optional<psinfo::address_t>& a) {
  node out = node::array();
  if (a) out.push(latin1(a->ip)).push(node::integer(a->port));
  return out;
}

double per_call_us(int n, const std::function<void()>& fn) {
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) fn();
  std::chrono::duration<double, std::micro> d = std::chrono::steady_clock::now() - t0;
  return d.count() / n;
}

node answer(const std::string& line) {
  std::istringstream in(line);
  std::string who, method, arg;
  in >> who >> method >> arg;
  long pid = who == "self" ? static_cast<long>(::getpid()) : std::stol(who);
  psinfo::process p(pid);
  if (method == "memory_full_info") {
    auto m = p.memory_full_info();
    return node::object()
        .add("rss", node::uinteger(m.info.rss))
        .add("vms", node::uinteger(m.info.vms))
        .add("uss", node::uinteger(m.uss))
        .add("pss", opt(m.pss))
        .add("swap", opt(m.swap));
  }
  if (method == "memory_maps") return maps_json(p.memory_maps(arg != "flat"));
  if (method == "open_files") {
    node out = node::array();
    for (const auto& f : p.open_files())
      out.push(node::object()
                   .add("path", latin1(f.path))
                   .add("fd", node::integer(f.fd))
                   .add("position", opt(f.position))
                   .add("mode", opt(f.mode))
                   .add("flags", opt(f.flags)));
    return out;
  }
  if (method == "net_connections") {
    node out = node::array();
    for (const auto& c : p.net_connections(arg)) {
      const bool unix_socket = c.family == psinfo::address_family::unix_;
      out.push(node::object()
                   .add("fd", node::integer(c.fd))
                   .add("family", node::string(psinfo::to_string(c.family)))
                   .add("type", node::string(psinfo::to_string(c.type)))
                   .add("laddr", unix_socket ? latin1(c.path) : addr(c.laddr))
                   .add("raddr", unix_socket ? node::string("") : addr(c.raddr))
                   .add("status", latin1(c.status))
                   .add("pid", opt(c.pid)));
    }
    return out;
  }
  if (method == "bench") {
    const int n = std::stoi(arg);
    std::vector<char> buf(1 << 20);
    auto raw = [&](const char* path) {
      int fd = ::open(path, O_RDONLY | O_CLOEXEC);
      while (::read(fd, buf.data(), buf.size()) > 0) {
      }
      ::close(fd);
    };
    return node::object()
        .add("memory_maps_grouped", node::number(per_call_us(n, [&] { p.memory_maps(true); })))
        .add("memory_maps_flat", node::number(per_call_us(n, [&] { p.memory_maps(false); })))
        .add("memory_full_info", node::number(per_call_us(n, [&] { p.memory_full_info(); })))
        .add("raw_smaps", node::number(per_call_us(n, [&] { raw("/proc/self/smaps"); })))
        .add("raw_smaps_rollup",
             node::number(per_call_us(n, [&] { raw("/proc/self/smaps_rollup"); })))
        .add("mappings", node::uinteger(p.memory_maps(false).size()));
  }
  throw std::runtime_error("unknown method " + method);
}

node error(const char* kind, const std::exception& e) {
  return node::object().add("error", node::string(kind)).add("msg", latin1(e.what()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--procfs") psinfo::set_procfs_path(argv[2]);
  std::cout << psinfo_cli::to_json(node::object().add("pid", node::integer(::getpid())))
            << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
    node out;
    try {
      out = node::object().add("ok", answer(line));
    } catch (const psinfo::zombie_process& e) {
      out = error("zombie_process", e);
    } catch (const psinfo::no_such_process& e) {
      out = error("no_such_process", e);
    } catch (const psinfo::access_denied& e) {
      out = error("access_denied", e);
    } catch (const std::exception& e) {
      out = error("error", e);
    }
    std::cout << psinfo_cli::to_json(out) << std::endl;
  }
  return 0;
}
