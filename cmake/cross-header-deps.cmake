# Included by the cross-build toolchain files (mingw-w64, Zig for macOS). Debian has no build of
# Catch2 or fmt for those targets, but both are usable as headers: Catch2 v2 is a
# single header and fmt 9 has a header-only mode. Expose only those two header trees (never
# -I/usr/include, whose glibc headers would shadow the target's) through small package configs
# written into the build tree, so the project's find_package(Catch2) / find_package(fmt) find
# them. Skipped when the caller points Catch2_DIR / fmt_DIR elsewhere.
if(CMAKE_BINARY_DIR AND NOT CMAKE_BINARY_DIR MATCHES "CMakeFiles/CMakeScratch|CMakeTmp")
  set(_psinfo_shim ${CMAKE_BINARY_DIR}/cross-shims)
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
    set(Catch2_DIR ${_psinfo_shim}/Catch2 CACHE PATH "Catch2 (headers only, for a cross build)")
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
    set(fmt_DIR ${_psinfo_shim}/fmt CACHE PATH "fmt (header-only, for a cross build)")
  endif()
endif()
