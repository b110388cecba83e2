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

# Catch2 and fmt as header-only packages (cmake/cross-header-deps.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/cross-header-deps.cmake)
