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

std::vector<unsigned char> tcp_table(ULONG af) {
  return fetch_table("GetExtendedTcpTable", [af](void* p, DWORD* size) {
    return GetExtendedTcpTable(p, size, FALSE, af, TCP_TABLE_OWNER_PID_ALL, 0);
  });
}

std::vector<unsigned char> udp_table(ULONG af) {
  return fetch_table("GetExtendedUdpTable", [af](void* p, DWORD* size) {
    return GetExtendedUdpTable(p, size, FALSE, af, UDP_TABLE_OWNER_PID, 0);
  });
}

// The rows of one of the four tables (Table: its MIB_*TABLE_OWNER_PID) that pid owns (every row
// without a pid), as psutil's rows: IPv4 rows have dw*Addr, IPv6 rows uc*Addr; TCP rows a state
// and a remote address.
template <class Table, address_family F, socket_type T>
void add_rows(const std::vector<unsigned char>& buf, std::optional<long> pid,
              std::vector<connection_t>& out) {
  const auto* t = reinterpret_cast<const Table*>(buf.data());
  for (DWORD i = 0; i < t->dwNumEntries; ++i) {
    const auto& r = t->table[i];
    if (!wanted(r.dwOwningPid, pid)) continue;
    connection_t c = row(F, T, r.dwOwningPid);
    if constexpr (F == address_family::inet)
      c.laddr = addr4(r.dwLocalAddr, r.dwLocalPort);
    else
      c.laddr = addr6(r.ucLocalAddr, r.dwLocalPort);
    c.status = "NONE";
    if constexpr (T == socket_type::stream) {
      // Old Windows fill the remote address of a listener: psutil ignores it.
      if (r.dwState != MIB_TCP_STATE_LISTEN) {
        if constexpr (F == address_family::inet)
          c.raddr = addr4(r.dwRemoteAddr, r.dwRemotePort);
        else
          c.raddr = addr6(r.ucRemoteAddr, r.dwRemotePort);
      }
      c.status = tcp_status(r.dwState);
    }
    out.push_back(std::move(c));
  }
}

// pid: only that process's sockets, else every socket.
std::vector<connection_t> connections(const connection_kinds& kinds, std::optional<long> pid) {
  constexpr auto inet = address_family::inet, inet6 = address_family::inet6;
  constexpr auto stream = socket_type::stream, dgram = socket_type::dgram;
  std::vector<connection_t> out;
  if (kinds.tcp4) add_rows<MIB_TCPTABLE_OWNER_PID, inet, stream>(tcp_table(AF_INET), pid, out);
  if (kinds.tcp6) add_rows<MIB_TCP6TABLE_OWNER_PID, inet6, stream>(tcp_table(AF_INET6), pid, out);
  if (kinds.udp4) add_rows<MIB_UDPTABLE_OWNER_PID, inet, dgram>(udp_table(AF_INET), pid, out);
  if (kinds.udp6) add_rows<MIB_UDP6TABLE_OWNER_PID, inet6, dgram>(udp_table(AF_INET6), pid, out);
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
