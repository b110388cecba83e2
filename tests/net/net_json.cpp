// Test-only driver: prints the network functions as JSON for tests/net/test_net_diff.py.
//   net_json [--procfs DIR] [--sysfs DIR] FUNCTION [KIND]
// FUNCTION: net_io_counters_pernic | net_io_counters | net_if_addrs | net_if_stats |
//           net_connections (KIND, default inet) | net_connections_pid (KIND PID)
#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <psinfo/net.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "platform.hpp"

namespace {

std::string quote(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
    } else if (c < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else {
      o += static_cast<char>(c);
    }
  }
  return o + "\"";
}
std::string opt(const std::optional<std::string>& s) { return s ? quote(*s) : "null"; }

std::string io(const psinfo::net_io_counters_t& c) {
  char b[400];
  std::snprintf(
      b, sizeof b,
      "{\"bytes_sent\":%llu,\"bytes_recv\":%llu,\"packets_sent\":%llu,\"packets_recv\":%llu,"
      "\"errin\":%llu,\"errout\":%llu,\"dropin\":%llu,\"dropout\":%llu}",
      (unsigned long long)c.bytes_sent, (unsigned long long)c.bytes_recv,
      (unsigned long long)c.packets_sent, (unsigned long long)c.packets_recv,
      (unsigned long long)c.errin, (unsigned long long)c.errout, (unsigned long long)c.dropin,
      (unsigned long long)c.dropout);
  return b;
}

std::string addr(const std::optional<psinfo::address_t>& a) {
  if (!a) return "[]";
  return "[" + quote(a->ip) + "," + std::to_string(a->port) + "]";
}

void print_conns(const std::vector<psinfo::connection_t>& v) {
  std::printf("[");
  bool first = true;
  for (const auto& c : v) {
    std::printf("%s\n{\"fd\":%d,\"family\":%s,\"type\":%s,", first ? "" : ",", c.fd,
                quote(psinfo::to_string(c.family)).c_str(),
                quote(psinfo::to_string(c.type)).c_str());
    if (c.family == psinfo::address_family::unix_)
      std::printf("\"laddr\":%s,\"raddr\":\"\",", quote(c.path).c_str());
    else
      std::printf("\"laddr\":%s,\"raddr\":%s,", addr(c.laddr).c_str(), addr(c.raddr).c_str());
    std::printf("\"status\":%s,\"pid\":%s}", quote(c.status).c_str(),
                c.pid ? std::to_string(*c.pid).c_str() : "null");
    first = false;
  }
  std::printf("]\n");
}

}  // namespace

int main(int argc, char** argv) {
  int i = 1;
  for (; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--procfs")
      psinfo::set_procfs_path(argv[i + 1]);
    else if (a == "--sysfs")
      psinfo::set_sysfs_path(argv[i + 1]);
    else
      break;
  }
  if (i >= argc) {
    std::fprintf(stderr, "usage: net_json [--procfs DIR] [--sysfs DIR] FUNCTION [KIND [PID]]\n");
    return 2;
  }
  std::string fn = argv[i];
  std::string kind = i + 1 < argc ? argv[i + 1] : "inet";
  try {
    if (fn == "net_io_counters_pernic") {
      std::printf("{");
      bool first = true;
      for (const auto& [name, c] : psinfo::net_io_counters_pernic(false)) {
        std::printf("%s%s:%s", first ? "" : ",\n", quote(name).c_str(), io(c).c_str());
        first = false;
      }
      std::printf("}\n");
    } else if (fn == "net_io_counters") {
      auto c = psinfo::net_io_counters(false);
      std::printf("%s\n", c ? io(*c).c_str() : "null");
    } else if (fn == "net_if_addrs") {
      std::printf("{");
      bool first = true;
      for (const auto& [name, v] : psinfo::net_if_addrs()) {
        std::printf("%s%s:[", first ? "" : ",\n", quote(name).c_str());
        for (std::size_t k = 0; k < v.size(); ++k)
          std::printf("%s[%d,%s,%s,%s,%s]", k ? "," : "", static_cast<int>(v[k].family),
                      opt(v[k].address).c_str(), opt(v[k].netmask).c_str(),
                      opt(v[k].broadcast).c_str(), opt(v[k].ptp).c_str());
        std::printf("]");
        first = false;
      }
      std::printf("}\n");
    } else if (fn == "net_if_stats") {
      std::printf("{");
      bool first = true;
      for (const auto& [name, s] : psinfo::net_if_stats()) {
        std::printf("%s%s:{\"isup\":%s,\"duplex\":%d,\"speed\":%d,\"mtu\":%d,\"flags\":%s}",
                    first ? "" : ",\n", quote(name).c_str(), s.isup ? "true" : "false",
                    static_cast<int>(s.duplex), s.speed, s.mtu, quote(s.flags).c_str());
        first = false;
      }
      std::printf("}\n");
    } else if (fn == "net_connections") {
      print_conns(psinfo::net_connections(kind));
    } else {
      std::fprintf(stderr, "unknown function %s\n", fn.c_str());
      return 2;
    }
  } catch (const psinfo::error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
