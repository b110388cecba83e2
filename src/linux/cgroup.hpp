// The Linux cgroup reader's face to the rest of the backend: process_iter(cgroup) reads the
// cgroup files once per distinct cgroup of a scan (src/linux/process.cpp).
#pragma once

#include <psinfo/container.hpp>

#include <map>
#include <string>
#include <vector>

#include "linux/cgroup_parse.hpp"

namespace psinfo::detail {

// One process_iter scan's view of the cgroups: the mounts read once, each distinct
// /proc/PID/cgroup content read once.
class cgroup_scan {
 public:
  cgroup_scan();
  // Process pid's cgroups as proc_cgroup gives them: no_such_process when it is gone.
  cgroup_t get(long pid);

 private:
  std::vector<cgroup_mount> mounts_;
  std::map<std::string, cgroup_t, std::less<>> by_text_;  // /proc/PID/cgroup -> its cgroups
};

}  // namespace psinfo::detail
