// The fuzz targets of the cgroup and PSI parsers (src/linux/cgroup_parse.hpp,
// targets_cgroup.cpp), listed in targets.cpp's table like the others.
#pragma once

#include <string_view>

namespace psinfo_fuzz {

void fuzz_cgroup_mounts(std::string_view d);  // mountinfo's cgroup lines, /proc/PID/cgroup
void fuzz_cgroup_files(std::string_view d);   // the cgroupfs files: values, keyed, lists
void fuzz_psi(std::string_view d);            // /proc/pressure/*, *.pressure

}  // namespace psinfo_fuzz
