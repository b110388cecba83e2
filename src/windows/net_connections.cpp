// Windows sockets: GetExtendedTcpTable / GetExtendedUdpTable with the owning PID, for IPv4 and
// IPv6, as psutil. Windows has no AF_UNIX table: the unix kinds give nothing.
#include <psinfo/errors.hpp>

#include "platform.hpp"
#include "windows/process_common.hpp"
#include "windows/win.hpp"
// clang-format off
#include <iphlpapi.h>
// clang-format on

#include <vector>

namespace psinfo::detail {

namespace {

// One of the *_OWNER_PID tables, in a buffer that grows until the table fits.
template <class Get>
std::vector<unsigned char> fetch_table(const char* what, Get get) {
  DWORD size = 16 * 1024;
  std::vector<unsigned char> buf;
  for (int attempt = 0; attempt < 8; ++attempt) {
    buf.resize(size);
    DWORD rc = get(buf.data(), &size);
    if (rc == NO_ERROR) return buf;
    if (rc != ERROR_INSUFFICIENT_BUFFER) win::throw_error(rc, what);
    size += size / 4;  // the table may grow between the two calls
  }
  throw error(std::string(what) + ": the table keeps growing");
}

// psutil's TCP_STATUSES (the MIB_TCP_STATE_* values, 1 to 12).
const char* tcp_status(DWORD state) {
  static const char* const names[] = {"CLOSE",       "LISTEN",    "SYN_SENT",  "SYN_RECV",
                                      "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "CLOSE_WAIT",
                                      "CLOSING",     "LAST_ACK",  "TIME_WAIT", "DELETE_TCB"};
  if (state >= 1 && state <= 12) return names[state - 1];
  return "NONE";
}

int port_of(DWORD net_order) { return ntohs(static_cast<u_short>(net_order)); }

std::string ip4_text(DWORD addr) {
  in_addr a{};
  a.s_addr = addr;
  char text[INET_ADDRSTRLEN] = {0};
  return inet_ntop(AF_INET, &a, text, sizeof text) ? text : std::string();
}

std::string ip6_text(const UCHAR* addr) {
  in6_addr a{};
  std::memcpy(&a, addr, sizeof a);
  char text[INET6_ADDRSTRLEN] = {0};
  return inet_ntop(AF_INET6, &a, text, sizeof text) ? text : std::string();
}

bool is_zero6(const UCHAR* addr) {
  for (int i = 0; i < 16; ++i)
    if (addr[i]) return false;
  return true;
}

// psutil leaves an address out (an empty tuple) when both the IP and the port are zero.
std::optional<address_t> addr4(DWORD ip, DWORD port) {
  if (ip == 0 && port == 0) return std::nullopt;
  return address_t{ip4_text(ip), port_of(port)};
}
std::optional<address_t> addr6(const UCHAR* ip, DWORD port) {
  if (is_zero6(ip) && port == 0) return std::nullopt;
  return address_t{ip6_text(ip), port_of(port)};
}

bool wanted(DWORD owner, std::optional<long> pid) {
  return !pid || static_cast<long>(owner) == *pid;
}

connection_t row(address_family f, socket_type t, DWORD owner) {
  connection_t c;
  c.fd = -1;  // Windows has no per-process socket numbers to give
  c.family = f;
  c.type = t;
  c.pid = static_cast<long>(owner);
  return c;
}

void tcp4(std::optional<long> pid, std::vector<connection_t>& out) {
  auto buf = fetch_table("GetExtendedTcpTable", [](void* p, DWORD* size) {
    return GetExtendedTcpTable(p, size, FALSE, AF_INET, TCP_TABLE_OWNER_PID_ALL, 0);
  });
  auto* t = reinterpret_cast<const MIB_TCPTABLE_OWNER_PID*>(buf.data());
  for (DWORD i = 0; i < t->dwNumEntries; ++i) {
    const MIB_TCPROW_OWNER_PID& r = t->table[i];
    if (!wanted(r.dwOwningPid, pid)) continue;
    connection_t c = row(address_family::inet, socket_type::stream, r.dwOwningPid);
    c.laddr = addr4(r.dwLocalAddr, r.dwLocalPort);
    // Old Windows fill the remote address of a listener: psutil ignores it.
    if (r.dwState != MIB_TCP_STATE_LISTEN) c.raddr = addr4(r.dwRemoteAddr, r.dwRemotePort);
    c.status = tcp_status(r.dwState);
    out.push_back(std::move(c));
  }
}

void tcp6(std::optional<long> pid, std::vector<connection_t>& out) {
  auto buf = fetch_table("GetExtendedTcpTable", [](void* p, DWORD* size) {
    return GetExtendedTcpTable(p, size, FALSE, AF_INET6, TCP_TABLE_OWNER_PID_ALL, 0);
  });
  auto* t = reinterpret_cast<const MIB_TCP6TABLE_OWNER_PID*>(buf.data());
  for (DWORD i = 0; i < t->dwNumEntries; ++i) {
    const MIB_TCP6ROW_OWNER_PID& r = t->table[i];
    if (!wanted(r.dwOwningPid, pid)) continue;
    connection_t c = row(address_family::inet6, socket_type::stream, r.dwOwningPid);
    c.laddr = addr6(r.ucLocalAddr, r.dwLocalPort);
    if (r.dwState != MIB_TCP_STATE_LISTEN) c.raddr = addr6(r.ucRemoteAddr, r.dwRemotePort);
    c.status = tcp_status(r.dwState);
    out.push_back(std::move(c));
  }
}

void udp4(std::optional<long> pid, std::vector<connection_t>& out) {
  auto buf = fetch_table("GetExtendedUdpTable", [](void* p, DWORD* size) {
    return GetExtendedUdpTable(p, size, FALSE, AF_INET, UDP_TABLE_OWNER_PID, 0);
  });
  auto* t = reinterpret_cast<const MIB_UDPTABLE_OWNER_PID*>(buf.data());
  for (DWORD i = 0; i < t->dwNumEntries; ++i) {
    const MIB_UDPROW_OWNER_PID& r = t->table[i];
    if (!wanted(r.dwOwningPid, pid)) continue;
    connection_t c = row(address_family::inet, socket_type::dgram, r.dwOwningPid);
    c.laddr = addr4(r.dwLocalAddr, r.dwLocalPort);
    c.status = "NONE";
    out.push_back(std::move(c));
  }
}

void udp6(std::optional<long> pid, std::vector<connection_t>& out) {
  auto buf = fetch_table("GetExtendedUdpTable", [](void* p, DWORD* size) {
    return GetExtendedUdpTable(p, size, FALSE, AF_INET6, UDP_TABLE_OWNER_PID, 0);
  });
  auto* t = reinterpret_cast<const MIB_UDP6TABLE_OWNER_PID*>(buf.data());
  for (DWORD i = 0; i < t->dwNumEntries; ++i) {
    const MIB_UDP6ROW_OWNER_PID& r = t->table[i];
    if (!wanted(r.dwOwningPid, pid)) continue;
    connection_t c = row(address_family::inet6, socket_type::dgram, r.dwOwningPid);
    c.laddr = addr6(r.ucLocalAddr, r.dwLocalPort);
    c.status = "NONE";
    out.push_back(std::move(c));
  }
}

}  // namespace

namespace {
// pid: only that process's sockets, else every socket.
std::vector<connection_t> connections(const connection_kinds& kinds, std::optional<long> pid) {
  std::vector<connection_t> out;
  if (kinds.tcp4) tcp4(pid, out);
  if (kinds.tcp6) tcp6(pid, out);
  if (kinds.udp4) udp4(pid, out);
  if (kinds.udp6) udp6(pid, out);
  return out;
}
}  // namespace

std::vector<connection_t> net_connections(const connection_kinds& kinds) {
  return connections(kinds, std::nullopt);
}

// psutil's Process.net_connections: the system's tables filtered by PID.
std::vector<connection_t> proc_net_connections(const proc_ref& p, const connection_kinds& kinds) {
  // A PID that is gone gives no_such_process rather than an empty list; one we may not open
  // (a system process) still has its rows read.
  try {
    win::open_process(p.pid, PROCESS_QUERY_LIMITED_INFORMATION, "net_connections");
  } catch (const access_denied&) {
  }
  return connections(kinds, p.pid);
}

}  // namespace psinfo::detail
