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
    src/linux/process_mem.cpp)
  set(PSINFO_OS_LIBS "")
else()
  set(PSINFO_OS_DIR unsupported)
  set(PSINFO_OS_SOURCES src/unsupported/unsupported.cpp)
  set(PSINFO_OS_LIBS "")
endif()
