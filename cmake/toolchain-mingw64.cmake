# Cross-build for 64-bit Windows with Debian's mingw-w64 (g++-mingw-w64-x86-64-posix); ctest
# runs the .exe files under Wine (wine64). Used by scripts/windows-test.sh:
#   cmake -S . -B build-win -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-mingw64.cmake
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(PSINFO_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${PSINFO_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${PSINFO_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${PSINFO_MINGW_TRIPLE}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${PSINFO_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Every program is self-contained (no libstdc++/winpthread DLLs to copy next to it).
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")

# ctest runs the tests through Wine.
find_program(PSINFO_WINE64 NAMES wine64 PATHS /usr/lib/wine NO_DEFAULT_PATH)
if(NOT PSINFO_WINE64)
  find_program(PSINFO_WINE64 NAMES wine64 wine)
endif()
if(PSINFO_WINE64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${PSINFO_WINE64})
endif()

# Debian has no mingw build of Catch2 or fmt, but both are usable as headers: Catch2 v2 is a
# single header and fmt 9 has a header-only mode. Expose only those two header trees (never
# -I/usr/include, whose glibc headers would shadow mingw's) through small package configs
# written into the build tree, so the project's find_package(Catch2) / find_package(fmt) find
# them. Skipped when the caller points Catch2_DIR / fmt_DIR elsewhere.
if(CMAKE_BINARY_DIR AND NOT CMAKE_BINARY_DIR MATCHES "CMakeFiles/CMakeScratch|CMakeTmp")
  set(_psinfo_shim ${CMAKE_BINARY_DIR}/mingw-shims)
  if(NOT DEFINED Catch2_DIR AND EXISTS /usr/include/catch2/catch.hpp)
    file(MAKE_DIRECTORY ${_psinfo_shim}/include ${_psinfo_shim}/Catch2)
    file(CREATE_LINK /usr/include/catch2 ${_psinfo_shim}/include/catch2 SYMBOLIC)
    file(WRITE ${_psinfo_shim}/Catch2/Catch2Config.cmake
"if(NOT TARGET Catch2::Catch2)
  add_library(Catch2::Catch2 INTERFACE IMPORTED)
  set_target_properties(Catch2::Catch2 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES
    \"${_psinfo_shim}/include;/usr/include/catch2\")
endif()
set(Catch2_FOUND TRUE)
")
    set(Catch2_DIR ${_psinfo_shim}/Catch2 CACHE PATH "Catch2 (headers only, for mingw)")
  endif()
  if(NOT DEFINED fmt_DIR AND EXISTS /usr/include/fmt/format.h)
    file(MAKE_DIRECTORY ${_psinfo_shim}/include ${_psinfo_shim}/fmt)
    file(CREATE_LINK /usr/include/fmt ${_psinfo_shim}/include/fmt SYMBOLIC)
    file(WRITE ${_psinfo_shim}/fmt/fmt-config.cmake
"if(NOT TARGET fmt::fmt)
  add_library(fmt::fmt INTERFACE IMPORTED)
  set_target_properties(fmt::fmt PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES \"${_psinfo_shim}/include\"
    INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1)
endif()
set(fmt_FOUND TRUE)
")
    set(fmt_DIR ${_psinfo_shim}/fmt CACHE PATH "fmt (header-only, for mingw)")
  endif()
endif()
