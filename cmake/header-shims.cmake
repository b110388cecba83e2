# For the cross toolchains (toolchain-mingw64.cmake, toolchain-bsd-check.cmake): Debian's
# header-only packages made findable without -I/usr/include, whose glibc headers would shadow the
# target system's. Each writes a small package config into the build tree whose include folder
# holds only a link to the package's headers. Skipped when the caller points <Pkg>_DIR elsewhere.

# fmt in its header-only mode (the CLI's).
function(psinfo_shim_fmt shim)
  if(DEFINED fmt_DIR OR NOT EXISTS /usr/include/fmt/format.h)
    return()
  endif()
  file(MAKE_DIRECTORY ${shim}/include ${shim}/fmt)
  file(CREATE_LINK /usr/include/fmt ${shim}/include/fmt SYMBOLIC)
  file(WRITE ${shim}/fmt/fmt-config.cmake
"if(NOT TARGET fmt::fmt)
  add_library(fmt::fmt INTERFACE IMPORTED)
  set_target_properties(fmt::fmt PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES \"${shim}/include\"
    INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1)
endif()
set(fmt_FOUND TRUE)
")
  set(fmt_DIR ${shim}/fmt CACHE PATH "fmt (header-only, for a cross build)")
endfunction()

# Catch2 v2, a single header (the tests').
function(psinfo_shim_catch2 shim)
  if(DEFINED Catch2_DIR OR NOT EXISTS /usr/include/catch2/catch.hpp)
    return()
  endif()
  file(MAKE_DIRECTORY ${shim}/include ${shim}/Catch2)
  file(CREATE_LINK /usr/include/catch2 ${shim}/include/catch2 SYMBOLIC)
  file(WRITE ${shim}/Catch2/Catch2Config.cmake
"if(NOT TARGET Catch2::Catch2)
  add_library(Catch2::Catch2 INTERFACE IMPORTED)
  set_target_properties(Catch2::Catch2 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES
    \"${shim}/include;/usr/include/catch2\")
endif()
set(Catch2_FOUND TRUE)
")
  set(Catch2_DIR ${shim}/Catch2 CACHE PATH "Catch2 (headers only, for a cross build)")
endfunction()
