# Picks the OS directory. Every OS directory defines the same functions (src/platform.hpp);
# an OS without a backend gets src/unsupported/, where every call throws not_supported.
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  set(PSINFO_OS_DIR linux)
  set(PSINFO_OS_SOURCES
    src/linux/procfs.cpp
    src/linux/parse.cpp
    src/linux/cpu.cpp
    src/linux/memory.cpp
    src/linux/host.cpp
    src/linux/disk.cpp
    src/linux/disk_parse.cpp
    src/linux/net.cpp
    src/linux/net_parse.cpp
    src/linux/netlink.cpp
    src/linux/sensors.cpp
    src/linux/proc_common.cpp
    src/linux/proc_parse.cpp
    src/linux/process.cpp
    src/linux/process_ctl.cpp
    src/linux/process_mem.cpp
    src/linux/process_os.cpp
    src/linux/sampler.cpp)
  set(PSINFO_OS_LIBS "")
elseif(CMAKE_SYSTEM_NAME STREQUAL "Windows")
  # Cross-built with mingw-w64 and tested under Wine: cmake/toolchain-mingw64.cmake,
  # scripts/windows-test.sh.
  set(PSINFO_OS_DIR windows)
  set(PSINFO_OS_SOURCES
    src/windows/win.cpp
    src/windows/cpu.cpp
    src/windows/loadavg.cpp
    src/windows/memory.cpp
    src/windows/host.cpp
    src/windows/disk.cpp
    src/windows/net.cpp
    src/windows/sensors.cpp
    src/windows/proc_common.cpp
    src/windows/process.cpp
    src/windows/net_conn.cpp
    src/windows/process_ctl.cpp
    src/windows/process_mem.cpp
    src/sampler_passthrough.cpp)
  set(PSINFO_OS_LIBS iphlpapi ws2_32 pdh powrprof wtsapi32 psapi)
else()
  set(PSINFO_OS_DIR unsupported)
  set(PSINFO_OS_SOURCES src/unsupported/unsupported.cpp src/sampler_passthrough.cpp)
  set(PSINFO_OS_LIBS "")
endif()
