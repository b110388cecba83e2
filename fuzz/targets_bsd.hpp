// The fuzz targets of the BSD backend's table parsers and conversions (targets_bsd.cpp),
// listed in targets.cpp's table like the others.
#pragma once

#include <string_view>

namespace psinfo_fuzz {

void fuzz_bsd_pcblist(std::string_view d);     // net.inet.{tcp,udp}.pcblist, socket rows
void fuzz_bsd_unpcblist(std::string_view d);   // net.local.*.pcblist, UNIX rows
void fuzz_bsd_xfile(std::string_view d);       // kern.file
void fuzz_bsd_kinfo_file(std::string_view d);  // kern.proc.filedesc, open files, socket rows
void fuzz_bsd_vmmap(std::string_view d);       // kern.proc.vmmap, memory_maps
void fuzz_bsd_devstat(std::string_view d);     // kern.devstat.all, disk counters
void fuzz_bsd_utmp(std::string_view d);        // OpenBSD's /var/run/utmp, users
void fuzz_bsd_strings(std::string_view d);     // argv/env lists, freq_levels, sockaddrs

}  // namespace psinfo_fuzz
