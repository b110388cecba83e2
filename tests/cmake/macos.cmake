# The macOS backend's tests (tests/macos). The pure conversions of src/macos/convert.cpp (and the
# src/posix helpers they use) are built and run on every OS: macos_convert_tests. In a macOS
# build the live tests are built too; the Zig check build (scripts/macos-check.sh) compiles and
# links both for x86_64 and arm64 and runs nothing (no test is registered when cross-compiling).
add_executable(macos_convert_tests
  macos/test_macos_convert.cpp
  ${PROJECT_SOURCE_DIR}/src/macos/convert.cpp)
target_include_directories(macos_convert_tests PRIVATE
  ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(macos_convert_tests PRIVATE PSINFO_STATIC)
target_link_libraries(macos_convert_tests PRIVATE psinfo_catch_main)
if(NOT CMAKE_CROSSCOMPILING)
  add_test(NAME macos_convert_tests COMMAND macos_convert_tests)
  set_tests_properties(macos_convert_tests PROPERTIES LABELS macos)
endif()

if(CMAKE_SYSTEM_NAME STREQUAL "Darwin")
  add_executable(macos_live_tests macos/test_macos_live.cpp)
  target_link_libraries(macos_live_tests PRIVATE psinfo_catch_main psinfo_static)
  if(NOT CMAKE_CROSSCOMPILING)
    add_test(NAME macos_live_tests COMMAND macos_live_tests)
    set_tests_properties(macos_live_tests PROPERTIES LABELS macos)
  endif()
  add_custom_target(macos_test_programs DEPENDS macos_convert_tests macos_live_tests)
endif()
