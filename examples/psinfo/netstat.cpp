// psinfo CLI — `psinfo netstat`, like `ss -tuanp` and psutil's scripts/netstat.py: one row per
// socket, Proto Local-Address Remote-Address Status PID Program-name.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <psinfo/errors.hpp>
#include <psinfo/host.hpp>
#include <psinfo/net.hpp>
#include <psinfo/process.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "commands.hpp"
#include "platform.hpp"
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

// Proto Recv-Q Send-Q Local-Address Remote-Address Status PID Program-name.
constexpr int ncols = 8;
enum { proto_col, recvq_col, sendq_col, local_col, remote_col, status_col, pid_col, name_col };

struct row {
  int rank;  // protocol order: tcp, tcp6, udp, udp6, then unix
  std::string cells[ncols];
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
  const std::map<std::string, socket_queue> queues = socket_queues(psinfo::procfs_path());
  std::map<long, std::string> names;
  std::vector<row> rows;
  rows.reserve(conns.size());
  for (const psinfo::connection_t& c : conns) {
    row r;
    std::string* cell = r.cells;
    cell[proto_col] = proto(c);
    r.rank = proto_rank(cell[proto_col]);
    if (c.family == psinfo::address_family::unix_) {
      cell[local_col] = c.path.empty() ? "-" : printable(c.path);
      cell[remote_col] = "-";
      r.port = 0;
    } else {
      cell[local_col] = address(c.laddr);
      cell[remote_col] = address(c.raddr);
      r.port = c.laddr ? c.laddr->port : 0;
    }
    auto q = queues.find(cell[proto_col] + ' ' + cell[local_col] + ' ' + cell[remote_col]);
    cell[recvq_col] = q == queues.end() ? "-" : fmt::format("{}", q->second.recv);
    cell[sendq_col] = q == queues.end() ? "-" : fmt::format("{}", q->second.send);
    cell[status_col] = c.status;
    if (c.pid) {
      cell[pid_col] = fmt::format("{}", *c.pid);
      auto it = names.find(*c.pid);
      if (it == names.end()) it = names.emplace(*c.pid, program_name(*c.pid)).first;
      cell[name_col] = it->second;
    } else {
      cell[pid_col] = "-";
      cell[name_col] = "";
    }
    rows.push_back(std::move(r));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const row& a, const row& b) {
    return std::tie(a.rank, a.port, a.cells[local_col], a.cells[remote_col]) <
           std::tie(b.rank, b.port, b.cells[local_col], b.cells[remote_col]);
  });
  std::vector<std::vector<std::string>> table{{"Proto", "Recv-Q", "Send-Q", "Local-Address",
                                               "Remote-Address", "Status", "PID", "Program-name"}};
  table.reserve(rows.size() + 1);
  for (row& r : rows)
    table.emplace_back(std::make_move_iterator(std::begin(r.cells)),
                       std::make_move_iterator(std::end(r.cells)));
  fmt::print("{}", aligned(table, {true, false, false, true, true, true, false, true}, 2));
  return 0;
}

}  // namespace psinfo_cli
