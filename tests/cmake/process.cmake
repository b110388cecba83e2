# Processes, the core (src/linux/process.cpp, proc_parse.cpp): the parsers on recorded and
# hand-made /proc trees, the methods on children the test makes, compared with /proc, ps and
# psutil 5.9.4 (test_process_diff.py through the process_json driver).
add_executable(process_tests
  process/test_proc_parse.cpp
  process/test_process_live.cpp
)
target_link_libraries(process_tests PRIVATE psinfo_catch_main psinfo_internal)
find_package(Threads REQUIRED)
target_link_libraries(process_tests PRIVATE Threads::Threads)
target_compile_definitions(process_tests PRIVATE
  PSINFO_SHARED_FIXTURES="${PSINFO_SHARED_FIXTURES}"
  PSINFO_TEST_FIXTURES="${PSINFO_TEST_FIXTURES}")
add_test(NAME process_tests COMMAND process_tests)
# The same sweep of every PID as an unprivileged user (psutil's suite does both). Needs root
# to drop privileges and a build tree that `nobody` can read; otherwise skipped (exit 77).
add_test(NAME process_tests_unprivileged
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/process/run_unprivileged.sh
          $<TARGET_FILE:process_tests> [every_pid])
set_tests_properties(process_tests_unprivileged PROPERTIES SKIP_RETURN_CODE 77)

add_executable(process_json process/process_json.cpp)
target_link_libraries(process_json PRIVATE psinfo_internal)
add_test(NAME process_diff
  COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/process/test_process_diff.py
          $<TARGET_FILE:process_json>)

# The bulk snapshot's cost per process vs psutil and vs the floor (not a test: run by hand).
add_executable(process_bench process/process_bench.cpp)
target_link_libraries(process_bench PRIVATE psinfo_internal)
