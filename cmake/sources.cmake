# Picks the OS directory. Every OS directory defines the whole contract of src/platform.hpp in
# the same files, one per area (PSINFO_CONTRACT_FILES: src/unsupported/ has exactly these and is
# the template of a new port), plus files of its own (PSINFO_OS_EXTRA). An OS without a sampler
# of its own (kept descriptors) builds the shared src/sampler_passthrough.cpp.
set(PSINFO_CONTRACT_FILES
  cpu memory host disk net net_connections sensors
  process process_ctl process_mem process_files cgroup winservice)

# psinfo_os_sources(<dir> <extra files...>): the sources of src/<dir>/, contract files first.
function(psinfo_os_sources dir)
  set(out "")
  foreach(f ${PSINFO_CONTRACT_FILES})
    list(APPEND out src/${dir}/${f}.cpp)
  endforeach()
  foreach(f ${ARGN})
    list(APPEND out ${f})
  endforeach()
  set(PSINFO_OS_SOURCES ${out} PARENT_SCOPE)
endfunction()

# Helpers shared by the backends of the BSD family (src/posix/posix.hpp: sysctl, signals, wait,
# nice, users, statvfs, getfsstat, getifaddrs, the interface ioctls; winservice.cpp: no Windows
# services, also Linux's), listed by those that use them. Not an OS directory of its own.
set(PSINFO_POSIX_SOURCES
  src/posix/errors.cpp
  src/posix/sysctl.cpp
  src/posix/host.cpp
  src/posix/process_ctl.cpp
  src/posix/signals.cpp
  src/posix/wait.cpp
  src/posix/disk.cpp
  src/posix/net.cpp
  src/posix/winservice.cpp)

# The BSD backend's pure conversions and table parsers (no system header): built into the BSD
# library, and on every OS by the BSD tests and fuzz targets (tests/cmake/bsd.cmake, fuzz/).
set(PSINFO_BSD_PURE_SOURCES
  src/bsd/convert.cpp
  src/bsd/kbuf.cpp
  src/bsd/sockets.cpp)

# The unsupported backend, also built on every OS by the tests (tests/contract).
set(PSINFO_UNSUPPORTED_SOURCES "")
foreach(f ${PSINFO_CONTRACT_FILES})
  list(APPEND PSINFO_UNSUPPORTED_SOURCES src/unsupported/${f}.cpp)
endforeach()
list(APPEND PSINFO_UNSUPPORTED_SOURCES src/sampler_passthrough.cpp)

if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  set(PSINFO_OS_DIR linux)
  psinfo_os_sources(linux
    src/linux/sampler.cpp
    src/linux/procfs.cpp
    src/linux/parse.cpp
    src/linux/disk_parse.cpp
    src/linux/net_parse.cpp
    src/linux/netlink.cpp
    src/linux/process_common.cpp
    src/linux/process_parse.cpp
    src/linux/cgroup_parse.cpp
    src/posix/errors.cpp
    src/posix/wait.cpp
    src/posix/winservice.cpp)
  set(PSINFO_OS_LIBS "")
elseif(CMAKE_SYSTEM_NAME STREQUAL "Windows")
  # Cross-built with mingw-w64 and tested under Wine: cmake/toolchain-mingw64.cmake,
  # scripts/windows-test.sh.
  set(PSINFO_OS_DIR windows)
  psinfo_os_sources(windows
    src/sampler_passthrough.cpp
    src/windows/win.cpp
    src/windows/process_common.cpp
    src/windows/process_peb.cpp)
  set(PSINFO_OS_LIBS iphlpapi ws2_32 pdh powrprof wtsapi32 psapi advapi32)
elseif(CMAKE_SYSTEM_NAME STREQUAL "Darwin")
  # Compiled and linked for x86_64 and arm64 on Linux with Zig (cmake/toolchain-zig-macos.cmake,
  # scripts/macos-check.sh), against .tbd stubs of IOKit and CoreFoundation found with -F
  # (cmake/macos-stubs/); a real Mac links the real frameworks.
  set(PSINFO_OS_DIR macos)
  psinfo_os_sources(macos
    src/sampler_passthrough.cpp
    src/macos/convert.cpp
    src/macos/iokit.cpp
    src/macos/process_common.cpp
    ${PSINFO_POSIX_SOURCES})
  set(PSINFO_OS_LIBS "-framework IOKit" "-framework CoreFoundation")
elseif(CMAKE_SYSTEM_NAME STREQUAL "FreeBSD" OR CMAKE_SYSTEM_NAME STREQUAL "OpenBSD")
  # One BSD backend: what FreeBSD and OpenBSD share in src/bsd/<area>.cpp, each one's own in
  # src/bsd/<freebsd|openbsd>_<area>.cpp. No BSD machine is reachable: scripts/bsd-check.sh
  # compile-checks this list against each system's headers; nothing of it has linked or run.
  set(PSINFO_OS_DIR bsd)
  string(TOLOWER ${CMAKE_SYSTEM_NAME} _bsd)
  set(_bsd_own "")
  foreach(f cpu memory host disk sensors net_connections process)
    list(APPEND _bsd_own src/bsd/${_bsd}_${f}.cpp)
  endforeach()
  if(_bsd STREQUAL "freebsd")
    list(APPEND _bsd_own src/bsd/freebsd_sysctl.cpp)
    set(PSINFO_OS_LIBS kvm)  # kvm_getswapinfo(3)
  else()
    set(PSINFO_OS_LIBS "")
  endif()
  psinfo_os_sources(bsd
    src/sampler_passthrough.cpp
    src/bsd/bsd.cpp
    ${_bsd_own}
    ${PSINFO_BSD_PURE_SOURCES}
    ${PSINFO_POSIX_SOURCES})
else()
  set(PSINFO_OS_DIR unsupported)
  set(PSINFO_OS_SOURCES ${PSINFO_UNSUPPORTED_SOURCES})
  set(PSINFO_OS_LIBS "")
endif()
