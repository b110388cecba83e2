// The layouts of FreeBSD's sysctl tables, made from the system's headers (offsetof / sizeof), for
// the parsers of kbuf.hpp. On amd64 they must equal the layouts recorded in kbuf.hpp, which the
// tests build their buffers with: a FreeBSD whose structures moved fails to compile here.
#pragma once

#include <sys/types.h>
// sys/types.h first: the headers below need its types.
#include <netinet/in.h>
#include <sys/devicestat.h>
#include <sys/file.h>
#include <sys/param.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/unpcb.h>
#include <sys/user.h>
// After sys/socketvar.h (struct xsocket) and netinet/in.h:
#include <netinet/in_pcb.h>
#include <netinet/tcp_var.h>

#include <cstddef>

#include "bsd/kbuf.hpp"

namespace psinfo::detail::bsd::freebsd {

template <class XPcb>
constexpr pcb_layout inet_layout(std::size_t inp, std::optional<std::size_t> state) {
  // The xinpcb's socket and its endpoints (struct in_endpoints inside struct in_conninfo).
  const std::size_t so = inp + offsetof(struct xinpcb, xi_socket);
  const std::size_t ie =
      inp + offsetof(struct xinpcb, inp_inc) + offsetof(struct in_conninfo, inc_ie);
  return {sizeof(struct xinpgen),
          offsetof(struct xinpgen, xig_gen),
          sizeof(XPcb),
          so + offsetof(struct xsocket, xso_so),
          so + offsetof(struct xsocket, so_pcb),
          inp + offsetof(struct xinpcb, inp_vflag),
          ie + offsetof(struct in_endpoints, ie_lport),
          ie + offsetof(struct in_endpoints, ie_fport),
          ie + offsetof(struct in_endpoints, ie_dependladdr),
          ie + offsetof(struct in_endpoints, ie_dependfaddr),
          state};
}

inline constexpr pcb_layout k_tcp =
    inet_layout<struct xtcpcb>(offsetof(struct xtcpcb, xt_inp), offsetof(struct xtcpcb, t_state));
inline constexpr pcb_layout k_udp = inet_layout<struct xinpcb>(0, std::nullopt);

inline constexpr unpcb_layout k_unpcb{
    sizeof(struct xunpgen),
    offsetof(struct xunpgen, xug_gen),
    sizeof(struct xunpcb),
    offsetof(struct xunpcb, xu_socket) + offsetof(struct xsocket, xso_so),
    offsetof(struct xunpcb, xu_addr),
    sizeof(struct sockaddr_un)};

inline constexpr xfile_layout k_xfile{sizeof(struct xfile), offsetof(struct xfile, xf_pid),
                                      offsetof(struct xfile, xf_fd),
                                      offsetof(struct xfile, xf_data)};

inline constexpr kinfo_file_layout k_kinfo_file{
    offsetof(struct kinfo_file, kf_structsize),
    offsetof(struct kinfo_file, kf_type),
    offsetof(struct kinfo_file, kf_fd),
    offsetof(struct kinfo_file, kf_offset),
    offsetof(struct kinfo_file, kf_vnode_type),
    offsetof(struct kinfo_file, kf_un.kf_sock.kf_sock_domain0),
    offsetof(struct kinfo_file, kf_un.kf_sock.kf_sock_type0),
    offsetof(struct kinfo_file, kf_un.kf_sock.kf_sa_local),
    offsetof(struct kinfo_file, kf_un.kf_sock.kf_sa_peer),
    sizeof(struct sockaddr_storage),
    offsetof(struct kinfo_file, kf_un.kf_sock.kf_sock_pcb),
    offsetof(struct kinfo_file, kf_path),
    sizeof(struct kinfo_file)};

inline constexpr kinfo_vmentry_layout k_kinfo_vmentry{
    offsetof(struct kinfo_vmentry, kve_structsize),
    offsetof(struct kinfo_vmentry, kve_type),
    offsetof(struct kinfo_vmentry, kve_start),
    offsetof(struct kinfo_vmentry, kve_end),
    offsetof(struct kinfo_vmentry, kve_resident),
    offsetof(struct kinfo_vmentry, kve_private_resident),
    offsetof(struct kinfo_vmentry, kve_protection),
    offsetof(struct kinfo_vmentry, kve_path)};

inline constexpr devstat_layout k_devstat{sizeof(long),
                                          sizeof(struct devstat),
                                          offsetof(struct devstat, device_name),
                                          DEVSTAT_NAME_LEN,
                                          offsetof(struct devstat, unit_number),
                                          offsetof(struct devstat, bytes),
                                          offsetof(struct devstat, operations),
                                          offsetof(struct devstat, duration),
                                          offsetof(struct devstat, busy_time),
                                          sizeof(struct bintime),
                                          offsetof(struct bintime, frac),
                                          sizeof(time_t),
                                          DEVSTAT_READ,
                                          DEVSTAT_WRITE};

// kf_vnode_type (FreeBSD 11's name) is the first int of the union, where the kernel puts
// kf_file_type.
static_assert(offsetof(struct kinfo_file, kf_vnode_type) ==
                  offsetof(struct kinfo_file, kf_un.kf_file.kf_file_type),
              "kinfo_file: kf_vnode_type");
static_assert(sizeof(kvaddr_t) == 8 && sizeof(ksize_t) == 8, "xinpgen lists: 64-bit fields");

#if defined(__amd64__)
static_assert(same_layout(k_tcp, k_freebsd14_amd64_tcp), "struct xtcpcb moved: update kbuf.hpp");
static_assert(same_layout(k_udp, k_freebsd14_amd64_udp), "struct xinpcb moved: update kbuf.hpp");
static_assert(same_layout(k_unpcb, k_freebsd14_amd64_unpcb),
              "struct xunpcb moved: update kbuf.hpp");
static_assert(same_layout(k_xfile, k_freebsd14_amd64_xfile), "struct xfile moved: update kbuf.hpp");
static_assert(same_layout(k_kinfo_file, k_freebsd14_amd64_kinfo_file),
              "struct kinfo_file moved: update kbuf.hpp");
static_assert(same_layout(k_kinfo_vmentry, k_freebsd14_amd64_kinfo_vmentry),
              "struct kinfo_vmentry moved: update kbuf.hpp");
static_assert(same_layout(k_devstat, k_freebsd14_amd64_devstat),
              "struct devstat moved: update kbuf.hpp");
#endif

}  // namespace psinfo::detail::bsd::freebsd
