// psinfo CLI — `psinfo netstat`, like `ss -tuanp` and psutil's scripts/netstat.py: one row per
// socket, Proto Local-Address Remote-Address Status PID Program-name.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <psinfo/net.hpp>
#include <psinfo/process.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "commands.hpp"
#include "text.hpp"

namespace psinfo_cli {

namespace {

// What `ss` calls the protocol; tcp/udp get a 6 for IPv6 as in psutil's script.
std::string proto(const psinfo::connection_t& c) {
  using psinfo::address_family;
  using psinfo::socket_type;
  if (c.family == address_family::unix_) {
    switch (c.type) {
      case socket_type::stream:
        return "u_str";
      case socket_type::dgram:
        return "u_dgr";
      case socket_type::seqpacket:
        return "u_seq";
      default:
        return "unix";
    }
  }
  std::string p = c.type == socket_type::stream  ? "tcp"
                  : c.type == socket_type::dgram ? "udp"
                                                 : "raw";
  if (c.family == address_family::inet6) p += "6";
  return p;
}

std::string address(const std::optional<psinfo::address_t>& a) {
  return a ? ip_port(a->ip, a->port) : "-";
}

// /proc/<pid>/comm, read here ("?" when it cannot be read, e.g. the process is gone): what
// program_name falls back to while the Process API is not there.
std::string comm(long pid) {
  std::string path = fmt::format("{}/{}/comm", psinfo::procfs_path(), pid);
  std::FILE* f = std::fopen(path.c_str(), "re");
  if (!f) return "?";
  char buf[64];
  size_t n = std::fread(buf, 1, sizeof buf, f);
  std::fclose(f);
  std::string s(buf, n);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\0')) s.pop_back();
  return s;
}

// psutil's Process(pid).name() (the long name from cmdline when comm is cut at 15
// characters); "?" when the process is gone or cannot be read.
std::string program_name(long pid) {
  try {
    return printable(psinfo::process(pid).name());
  } catch (const psinfo::not_supported&) {
    return comm(pid);
  } catch (const psinfo::error&) {
    return "?";
  }
}

struct row {
  int rank;  // protocol order: tcp, tcp6, udp, udp6, then unix
  std::string cells[6];
  int port;  // local port, for sorting
};

int proto_rank(const std::string& p) {
  static const char* order[] = {"tcp",  "tcp6",  "udp",   "udp6",  "raw",
                                "raw6", "u_str", "u_dgr", "u_seq", "unix"};
  for (int i = 0; i < 10; ++i)
    if (p == order[i]) return i;
  return 10;
}

}  // namespace

int run_netstat(const std::string& kind) {
  const std::vector<psinfo::connection_t> conns = psinfo::net_connections(kind);
  std::map<long, std::string> names;
  std::vector<row> rows;
  rows.reserve(conns.size());
  for (const psinfo::connection_t& c : conns) {
    row r;
    r.cells[0] = proto(c);
    r.rank = proto_rank(r.cells[0]);
    if (c.family == psinfo::address_family::unix_) {
      r.cells[1] = c.path.empty() ? "-" : c.path;
      r.cells[2] = "-";
      r.port = 0;
    } else {
      r.cells[1] = address(c.laddr);
      r.cells[2] = address(c.raddr);
      r.port = c.laddr ? c.laddr->port : 0;
    }
    r.cells[3] = c.status;
    if (c.pid) {
      r.cells[4] = fmt::format("{}", *c.pid);
      auto it = names.find(*c.pid);
      if (it == names.end()) it = names.emplace(*c.pid, program_name(*c.pid)).first;
      r.cells[5] = it->second;
    } else {
      r.cells[4] = "-";
      r.cells[5] = "";
    }
    rows.push_back(std::move(r));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const row& a, const row& b) {
    return std::tie(a.rank, a.port, a.cells[1], a.cells[2]) <
           std::tie(b.rank, b.port, b.cells[1], b.cells[2]);
  });
  const char* header[6] = {"Proto",  "Local-Address", "Remote-Address",
                           "Status", "PID",           "Program-name"};
  size_t width[6];
  for (int c = 0; c < 6; ++c) {
    width[c] = std::string_view(header[c]).size();
    for (const row& r : rows) width[c] = std::max(width[c], r.cells[c].size());
  }
  auto line = [&](const std::string* cells) {
    std::string s;
    for (int c = 0; c < 6; ++c) {
      if (c) s += "  ";
      s += c == 4 ? fmt::format("{:>{}}", cells[c], width[c])
                  : fmt::format("{:<{}}", cells[c], width[c]);
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    fmt::print("{}\n", s);
  };
  const std::string head[6] = {header[0], header[1], header[2], header[3], header[4], header[5]};
  line(head);
  for (const row& r : rows) line(r.cells);
  return 0;
}

}  // namespace psinfo_cli
