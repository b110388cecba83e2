// The C API of include/psinfo/net.hpp.
#include <psinfo/psinfo.h>

#include <initializer_list>
#include <iterator>

#include "common.hpp"

using namespace psinfo::capi;

static_assert(sizeof(void*) != 8 || sizeof(psinfo_net_io_counters_t) == 80,
              "ABI: psinfo_net_io_counters_t");
static_assert(sizeof(void*) != 8 || (sizeof(psinfo_net_if_addr_t) == 56 &&
                                     offsetof(psinfo_net_if_addr_t, address) == 24),
              "ABI: psinfo_net_if_addr_t");
static_assert(sizeof(void*) != 8 || sizeof(psinfo_net_if_stats_t) == 40,
              "ABI: psinfo_net_if_stats_t");
static_assert(sizeof(void*) != 8 || (sizeof(psinfo_connection_t) == 64 &&
                                     offsetof(psinfo_connection_t, laddr_port) == 40 &&
                                     offsetof(psinfo_connection_t, pid) == 56),
              "ABI: psinfo_connection_t");

extern "C" {

const char* psinfo_address_family_name(int family) {
  return enum_name<psinfo::address_family>(
      family, {PSINFO_AF_UNSPEC, PSINFO_AF_UNIX, PSINFO_AF_INET, PSINFO_AF_INET6, PSINFO_AF_LINK});
}

const char* psinfo_socket_type_name(int type) {
  return enum_name<psinfo::socket_type>(
      type, {PSINFO_SOCK_STREAM, PSINFO_SOCK_DGRAM, PSINFO_SOCK_RAW, PSINFO_SOCK_SEQPACKET});
}

const char* psinfo_nic_duplex_name(int duplex) {
  return enum_name<psinfo::nic_duplex>(
      duplex, {PSINFO_NIC_DUPLEX_UNKNOWN, PSINFO_NIC_DUPLEX_HALF, PSINFO_NIC_DUPLEX_FULL});
}

const char* psinfo_conn_status_name(int status) {
  if (status < 0 || static_cast<size_t>(status) >= std::size(conn_status_names)) return "?";
  return conn_status_names[status];
}

int psinfo_net_io_counters(psinfo_net_io_counters_t* out, int nowrap) {
  return out_struct(
      __func__, out, [&] { return psinfo::net_io_counters(nowrap != 0); },
      "no network interface is listed");
}

int psinfo_net_io_counters_pernic(psinfo_net_io_counters_t** out, size_t* count, size_t elem_size,
                                  int nowrap) {
  return out_list(__func__, out, count, elem_size,
                  [&] { return psinfo::net_io_counters_pernic(nowrap != 0); });
}
PSINFO_CAPI_FREE(net_io_counters_pernic, psinfo_net_io_counters_t)

int psinfo_net_if_addrs(psinfo_net_if_addr_t** out, size_t* count, size_t elem_size) {
  return out_list(__func__, out, count, elem_size, [] { return psinfo::net_if_addrs(); });
}
PSINFO_CAPI_FREE(net_if_addrs, psinfo_net_if_addr_t)

int psinfo_net_if_stats(psinfo_net_if_stats_t** out, size_t* count, size_t elem_size) {
  return out_list(__func__, out, count, elem_size, [] { return psinfo::net_if_stats(); });
}
PSINFO_CAPI_FREE(net_if_stats, psinfo_net_if_stats_t)

int psinfo_net_connections(psinfo_connection_t** out, size_t* count, size_t elem_size,
                           const char* kind) {
  return out_list(__func__, out, count, elem_size, [&] {
    not_null(kind, "kind");
    return psinfo::net_connections(kind);
  });
}
PSINFO_CAPI_FREE(net_connections, psinfo_connection_t)

}  // extern "C"
