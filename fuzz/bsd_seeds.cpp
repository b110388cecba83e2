// Writes the seeds of the BSD fuzz targets (targets_bsd.cpp) into <dir>/<target>/: kernel
// buffers built as the kernels fill them (tests/bsd/bsd_buffers.hpp, the recorded layouts). Their
// output is kept in fuzz/regressions/bsd_*/; run again when a layout changes:
//   build-fuzz/bsd_seeds fuzz/regressions
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "bsd_buffers.hpp"

namespace fs = std::filesystem;
using namespace psinfo_test::bsd;

namespace {

void write(const fs::path& dir, const std::string& target, const std::string& name,
           const std::string& bytes) {
  fs::create_directories(dir / target);
  std::ofstream(dir / target / name, std::ios::binary) << bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <dir>\n", argv[0]);
    return 2;
  }
  const fs::path dir = argv[1];
  // The first byte picks the list: 0 TCP, 1 UDP.
  write(dir, "bsd_pcblist", "tcp-list.bin", std::string(1, '\0') + tcp_list().b);
  kbuf udp = xinpgen(k_freebsd14_amd64_udp, 3, 1);
  udp += inpcb(k_freebsd14_amd64_udp, 0x5000, 0x6000, 0x1, v4(0, 0, 0, 0), 514, {}, 0, 0);
  udp += xinpgen(k_freebsd14_amd64_udp, 3, 1);
  write(dir, "bsd_pcblist", "udp-list.bin", std::string(1, '\1') + udp.b);

  kbuf unp = xunpgen(5);
  unp += xunpcb(0x10, "/var/run/log");
  unp += xunpcb(0x20, "");
  unp += xunpgen(5);
  write(dir, "bsd_unpcblist", "dgram-list.bin", unp.b);

  kbuf files = xfile(100, 3, 0x1000);
  files += xfile(200, 4, 0x3000);
  write(dir, "bsd_xfile", "two-files.bin", files.b);

  kbuf fd = kinfo_file(kf::type_vnode, kf::fd_cwd, 0, 2, "/home/alice");
  fd += kinfo_file(kf::type_vnode, 3, 42, kf::vtype_vreg, "/etc/passwd");
  fd += socket_file(5, 2, 1, sockaddr_in(8080, v4(10, 0, 0, 1)), sockaddr_in(5555, v4(10, 0, 0, 2)),
                    0x4000);
  write(dir, "bsd_kinfo_file", "filedesc.bin", std::string(1, '\0') + fd.b);

  kbuf vm = vmentry_rec(2, 0x200000, 0x201000, 1, 5, "/bin/sh");
  vm += vmentry_rec(1, 0x800000000, 0x800400000, 16, 3, "");
  write(dir, "bsd_vmmap", "vmmap.bin", std::string(1, '\14') + vm.b);

  kbuf ds = devstat_generation(1234);
  ds += devstat_rec("ada", 0, 1000, 2000, 10, 20, 5, 1ull << 63, 9);
  write(dir, "bsd_devstat", "one-disk.bin", ds.b);

  kbuf ut = utmp_rec("ttyC0", "root", "", 1700000000);
  ut += utmp_rec("ttyp0", "alice", "192.0.2.7", 1700000100);
  write(dir, "bsd_utmp", "two-users.bin", ut.b);

  // 8 bytes of base address (0: the pointers below are offsets), then an OpenBSD argv list.
  std::string args(8, '\0');
  const std::uint64_t ptrs[] = {24, 32, 0};
  args.append(reinterpret_cast<const char*>(ptrs), sizeof ptrs);
  args.append("/bin/sh\0-c\0", 11);
  write(dir, "bsd_strings", "argv.bin", args);
  write(dir, "bsd_strings", "freq-levels.bin", std::string(8, '\0') + "2400/35000 800/8000");
  return 0;
}
