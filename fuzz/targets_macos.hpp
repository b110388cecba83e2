// The fuzz targets of the macOS backend's buffer parsers (targets_macos.cpp), listed in
// targets.cpp's table like the others.
#pragma once

#include <string_view>

namespace psinfo_fuzz {

void fuzz_procargs(std::string_view d);  // KERN_PROCARGS2: cmdline, environ
void fuzz_iflist2(std::string_view d);   // NET_RT_IFLIST2: net_io_counters

}  // namespace psinfo_fuzz
