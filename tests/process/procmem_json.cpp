// Test driver for test_procmem_diff.py: answers requests read from stdin, one JSON line each,
// through the public psinfo::process methods, so that the Python side can compare with psutil
// on the same PID (this driver's own PID included).
//
//   procmem_json [--procfs DIR]
//   stdin lines: PID|self memory_full_info | memory_maps grouped|flat | open_files |
//                net_connections KIND | bench N       (bench: this process, N calls each)
//   first output line: {"pid": <own pid>}
#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
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

namespace {

std::string q(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);  // bytes as latin-1: Python re-encodes
      o += b;
    } else {
      o += static_cast<char>(c);
    }
  }
  return o + "\"";
}

template <class T>
std::string opt(const std::optional<T>& v) {
  if (!v) return "null";
  if constexpr (std::is_same_v<T, std::string>)
    return q(*v);
  else
    return std::to_string(*v);
}

std::string maps_json(const std::vector<psinfo::memory_map_t>& maps) {
  std::ostringstream o;
  o << '[';
  for (size_t i = 0; i < maps.size(); ++i) {
    const auto& m = maps[i];
    o << (i ? "," : "") << "{\"path\":" << q(m.path) << ",\"addr\":" << opt(m.addr)
      << ",\"perms\":" << opt(m.perms) << ",\"rss\":" << m.rss << ",\"size\":" << m.size
      << ",\"pss\":" << m.pss << ",\"shared_clean\":" << m.shared_clean
      << ",\"shared_dirty\":" << m.shared_dirty << ",\"private_clean\":" << m.private_clean
      << ",\"private_dirty\":" << m.private_dirty << ",\"referenced\":" << m.referenced
      << ",\"anonymous\":" << m.anonymous << ",\"swap\":" << m.swap << '}';
  }
  o << ']';
  return o.str();
}

const char* family_name(psinfo::address_family f) {
  switch (f) {
    case psinfo::address_family::inet:
      return "AF_INET";
    case psinfo::address_family::inet6:
      return "AF_INET6";
    case psinfo::address_family::unix_:
      return "AF_UNIX";
    default:
      return "AF_UNSPEC";
  }
}
const char* type_name(psinfo::socket_type t) {
  switch (t) {
    case psinfo::socket_type::stream:
      return "SOCK_STREAM";
    case psinfo::socket_type::dgram:
      return "SOCK_DGRAM";
    default:
      return "SOCK_SEQPACKET";
  }
}
std::string addr(const std::optional<psinfo::address_t>& a) {
  return a ? "[" + q(a->ip) + "," + std::to_string(a->port) + "]" : "[]";
}

double per_call_us(int n, const std::function<void()>& fn) {
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) fn();
  std::chrono::duration<double, std::micro> d = std::chrono::steady_clock::now() - t0;
  return d.count() / n;
}

std::string answer(const std::string& line) {
  std::istringstream in(line);
  std::string who, method, arg;
  in >> who >> method >> arg;
  long pid = who == "self" ? static_cast<long>(::getpid()) : std::stol(who);
  psinfo::process p(pid);
  std::ostringstream o;
  if (method == "memory_full_info") {
    auto m = p.memory_full_info();
    o << "{\"rss\":" << m.info.rss << ",\"vms\":" << m.info.vms << ",\"uss\":" << m.uss
      << ",\"pss\":" << opt(m.pss) << ",\"swap\":" << opt(m.swap) << '}';
  } else if (method == "memory_maps") {
    o << maps_json(p.memory_maps(arg != "flat"));
  } else if (method == "open_files") {
    o << '[';
    bool first = true;
    for (const auto& f : p.open_files()) {
      o << (first ? "" : ",") << "{\"path\":" << q(f.path) << ",\"fd\":" << f.fd
        << ",\"position\":" << opt(f.position) << ",\"mode\":" << opt(f.mode)
        << ",\"flags\":" << opt(f.flags) << '}';
      first = false;
    }
    o << ']';
  } else if (method == "net_connections") {
    o << '[';
    bool first = true;
    for (const auto& c : p.net_connections(arg)) {
      o << (first ? "" : ",") << "{\"fd\":" << c.fd << ",\"family\":\"" << family_name(c.family)
        << "\",\"type\":\"" << type_name(c.type) << "\",\"laddr\":"
        << (c.family == psinfo::address_family::unix_ ? q(c.path) : addr(c.laddr))
        << ",\"raddr\":" << (c.family == psinfo::address_family::unix_ ? "\"\"" : addr(c.raddr))
        << ",\"status\":" << q(c.status) << ",\"pid\":" << opt(c.pid) << '}';
      first = false;
    }
    o << ']';
  } else if (method == "bench") {
    const int n = std::stoi(arg);
    std::vector<char> buf(1 << 20);
    auto raw = [&](const char* path) {
      int fd = ::open(path, O_RDONLY | O_CLOEXEC);
      while (::read(fd, buf.data(), buf.size()) > 0) {
      }
      ::close(fd);
    };
    o << "{\"memory_maps_grouped\":" << per_call_us(n, [&] { p.memory_maps(true); })
      << ",\"memory_maps_flat\":" << per_call_us(n, [&] { p.memory_maps(false); })
      << ",\"memory_full_info\":" << per_call_us(n, [&] { p.memory_full_info(); })
      << ",\"raw_smaps\":" << per_call_us(n, [&] { raw("/proc/self/smaps"); })
      << ",\"raw_smaps_rollup\":" << per_call_us(n, [&] { raw("/proc/self/smaps_rollup"); })
      << ",\"mappings\":" << p.memory_maps(false).size() << '}';
  } else {
    throw std::runtime_error("unknown method " + method);
  }
  return "{\"ok\":" + o.str() + "}";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--procfs") psinfo::set_procfs_path(argv[2]);
  std::cout << "{\"pid\":" << ::getpid() << "}" << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::string out;
    try {
      out = answer(line);
    } catch (const psinfo::zombie_process& e) {
      out = "{\"error\":\"zombie_process\",\"msg\":" + q(e.what()) + "}";
    } catch (const psinfo::no_such_process& e) {
      out = "{\"error\":\"no_such_process\",\"msg\":" + q(e.what()) + "}";
    } catch (const psinfo::access_denied& e) {
      out = "{\"error\":\"access_denied\",\"msg\":" + q(e.what()) + "}";
    } catch (const std::exception& e) {
      out = "{\"error\":\"error\",\"msg\":" + q(e.what()) + "}";
    }
    std::cout << out << std::endl;
  }
  return 0;
}
