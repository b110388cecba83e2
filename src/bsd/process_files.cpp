// BSD processes: open regular files (freebsd_process.cpp: kern.proc.filedesc; openbsd_process.cpp:
// kern.file by PID).
#include "bsd/bsd.hpp"

namespace psinfo::detail {

std::vector<open_file_t> proc_open_files(const proc_ref& p) {
  return bsd::open_files(bsd::kinfo(p));
}

}  // namespace psinfo::detail
