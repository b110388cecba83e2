# Configure-only toolchain of scripts/bsd-check.sh: the FreeBSD or OpenBSD build of psinfo as
# CMake lays it out (sources, include directories, definitions), compiled by nothing here. The
# script reads compile_commands.json and compile-checks every file with
# ../shared/sysroots/check-compile.sh against the system's headers. Nothing links: no BSD
# libraries exist on this machine, so try_compile builds static libraries only.
#
# Environment (read here, and again in each try_compile project):
#   PSINFO_BSD_OS       FreeBSD or OpenBSD
#   PSINFO_BSD_SYSROOT  the header sysroot (check-compile.sh --sysroot freebsd|openbsd)
set(CMAKE_SYSTEM_NAME $ENV{PSINFO_BSD_OS})
set(CMAKE_SYSTEM_PROCESSOR x86_64)
if(CMAKE_SYSTEM_NAME STREQUAL "FreeBSD")
  set(_psinfo_triple x86_64-unknown-freebsd14.0)
elseif(CMAKE_SYSTEM_NAME STREQUAL "OpenBSD")
  set(_psinfo_triple x86_64-unknown-openbsd7.6)
else()
  message(FATAL_ERROR "toolchain-bsd-check: set PSINFO_BSD_OS to FreeBSD or OpenBSD")
endif()
set(CMAKE_SYSROOT $ENV{PSINFO_BSD_SYSROOT})
set(CMAKE_C_COMPILER clang-14)
set(CMAKE_CXX_COMPILER clang++-14)
set(CMAKE_C_COMPILER_TARGET ${_psinfo_triple})
set(CMAKE_CXX_COMPILER_TARGET ${_psinfo_triple})
# Debian's libc++ headers (the sysroot has only the C library's).
set(CMAKE_CXX_FLAGS_INIT "-nostdinc++ -isystem /usr/lib/llvm-14/include/c++/v1")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_FIND_ROOT_PATH ${CMAKE_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The CLI's fmt as a header-only package (cmake/cross-header-deps.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/cross-header-deps.cmake)
