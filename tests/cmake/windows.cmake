# The Windows backend's tests: cross-built with mingw-w64 (cmake/toolchain-mingw64.cmake) and
# run under Wine by ctest (CMAKE_CROSSCOMPILING_EMULATOR); scripts/windows-test.sh does it all.
# Only in a Windows build: the Linux build never sees these.
if(NOT CMAKE_SYSTEM_NAME STREQUAL "Windows")
  return()
endif()

add_executable(windows_tests windows/test_windows.cpp)
target_link_libraries(windows_tests PRIVATE psinfo_catch_main psinfo_static)

if(CMAKE_CROSSCOMPILING)
  # What Wine cannot say about the host, recorded on the host side just before the Windows
  # tests: statvfs("/") (Wine's Z:) as f_frsize f_blocks f_bfree f_bavail.
  set(PSINFO_WINDOWS_FACTS ${CMAKE_CURRENT_BINARY_DIR}/windows-host-facts.txt)
  add_test(NAME windows_host_facts
    COMMAND sh -c "echo statvfs_root=$(stat -f -c '%S %b %f %a' /) > '${PSINFO_WINDOWS_FACTS}'")
  set_tests_properties(windows_host_facts PROPERTIES
    FIXTURES_SETUP windows_facts LABELS windows)
endif()

add_test(NAME windows_tests COMMAND windows_tests)
set_tests_properties(windows_tests PROPERTIES LABELS windows)
if(CMAKE_CROSSCOMPILING)
  set_tests_properties(windows_tests PROPERTIES
    FIXTURES_REQUIRED windows_facts ENVIRONMENT "PSINFO_HOST_FACTS=${PSINFO_WINDOWS_FACTS}")
endif()

# Processes: a child of our own (windows_proc_child.exe, beside the test exe) watched with psinfo.
add_executable(windows_proc_child windows/proc_child.c)
add_executable(windows_process_tests windows/test_process.cpp)
target_link_libraries(windows_process_tests PRIVATE psinfo_catch_main psinfo_static)
add_dependencies(windows_process_tests windows_proc_child)
add_test(NAME windows_process_tests COMMAND windows_process_tests)
set_tests_properties(windows_process_tests PROPERTIES LABELS windows)

# The C API through the DLL: the exe sits beside psinfo.dll so Windows finds it.
add_executable(windows_dll_test windows/test_dll.c)
target_link_libraries(windows_dll_test PRIVATE psinfo)
set_target_properties(windows_dll_test PROPERTIES
  C_STANDARD 99 RUNTIME_OUTPUT_DIRECTORY $<TARGET_FILE_DIR:psinfo>)
add_test(NAME windows_dll_test COMMAND windows_dll_test)
set_tests_properties(windows_dll_test PROPERTIES LABELS windows)

# The CLI under Wine: its --json results against the host's /proc and statvfs, the text
# commands, the one-line errors, and Wine's processes against winedbg's list. Skipped (77) when
# psinfo.exe was not built.
if(TARGET psinfo_cli AND CMAKE_CROSSCOMPILING AND CMAKE_CROSSCOMPILING_EMULATOR)
  add_test(NAME windows_cli
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/windows/cli_check.sh
      "${CMAKE_CROSSCOMPILING_EMULATOR}" "$<TARGET_FILE:psinfo_cli>" ${PSINFO_TEST_PYTHON})
  set_tests_properties(windows_cli PROPERTIES LABELS windows SKIP_RETURN_CODE 77 TIMEOUT 120)
endif()

# The process controls, memory maps, open files and sockets (tests/windows/test_process_ctl.cpp):
# the test program starts copies of itself as children.
add_executable(windows_process_ctl_tests windows/test_process_ctl.cpp)
target_link_libraries(windows_process_ctl_tests PRIVATE psinfo_catch_main psinfo_static)
add_test(NAME windows_process_ctl_tests COMMAND windows_process_ctl_tests)
set_tests_properties(windows_process_ctl_tests PROPERTIES LABELS windows)

# Everything the Windows tests run, so scripts/windows-test.sh builds one target (the other
# areas' tests are Linux programs and are not built for Windows).
add_custom_target(windows_test_programs DEPENDS
  windows_tests windows_proc_child windows_process_tests windows_dll_test
  windows_process_ctl_tests)
