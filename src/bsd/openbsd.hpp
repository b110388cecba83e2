// OpenBSD's own helpers, shared by the openbsd_*.cpp files.
#pragma once

#include <sys/types.h>
// sys/types.h first: sys/sysctl.h needs its types.
#include <sys/sysctl.h>

#include <vector>

namespace psinfo::detail::bsd::openbsd {

// kern.file's entries of one process (pid >= 0: psutil's exceptions when it cannot be read) or of
// every process (pid -1), as struct kinfo_file (the kernel fills the size we name, so the
// struct of these headers is what comes back).
std::vector<struct kinfo_file> kinfo_files(long pid);

}  // namespace psinfo::detail::bsd::openbsd
