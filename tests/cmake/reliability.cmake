# Reliability (issue 7): fuzz-target replay, bad inputs and their errors, process churn,
# leaks / RSS growth, and the thread stress test (also built with TSan by
# scripts/reliability.sh, which runs the fuzzers too). See docs/errors.md and fuzz/README.md.
find_package(Threads REQUIRED)

add_executable(reliability_tests
  reliability/test_fuzz_replay.cpp
  reliability/test_bad_inputs.cpp
  reliability/test_churn.cpp
  reliability/test_leaks.cpp
  ${PROJECT_SOURCE_DIR}/fuzz/targets.cpp
  ${PROJECT_SOURCE_DIR}/fuzz/targets_bsd.cpp
  ${PROJECT_SOURCE_DIR}/fuzz/targets_macos.cpp
  ${PROJECT_SOURCE_DIR}/src/macos/convert.cpp)
list(TRANSFORM PSINFO_BSD_PURE_SOURCES PREPEND "${PROJECT_SOURCE_DIR}/" OUTPUT_VARIABLE _bsd_pure)
target_sources(reliability_tests PRIVATE ${_bsd_pure})
target_include_directories(reliability_tests PRIVATE ${PROJECT_SOURCE_DIR}/fuzz)
target_link_libraries(reliability_tests PRIVATE psinfo_catch_main psinfo_internal
                      Threads::Threads)
target_compile_definitions(reliability_tests PRIVATE
  PSINFO_SHARED_FIXTURES="${PSINFO_SHARED_FIXTURES}"
  PSINFO_TEST_FIXTURES="${PSINFO_TEST_FIXTURES}"
  PSINFO_FUZZ_DIR="${PROJECT_SOURCE_DIR}/fuzz")
add_test(NAME reliability_tests COMMAND reliability_tests)
set_tests_properties(reliability_tests PROPERTIES TIMEOUT 300)

# The [unprivileged] cases as user nobody (skipped, exit 77, when not root).
add_test(NAME reliability_unprivileged
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/reliability/run_unprivileged.sh
          $<TARGET_FILE:reliability_tests> [unprivileged])
set_tests_properties(reliability_unprivileged PROPERTIES SKIP_RETURN_CODE 77)

# Many threads on every function at once; PSINFO_STRESS_SECONDS long (2 s here, 5 s in the
# TSan run of scripts/reliability.sh).
add_executable(reliability_threads reliability/test_threads.cpp)
target_link_libraries(reliability_threads PRIVATE psinfo_catch_main psinfo_internal
                      Threads::Threads)
add_test(NAME reliability_threads COMMAND reliability_threads)
set_tests_properties(reliability_threads PROPERTIES ENVIRONMENT PSINFO_STRESS_SECONDS=2
                     TIMEOUT 120)

# The CLI's answers to bad input: one line on stderr, exit 1 (2 for usage errors).
if(TARGET psinfo_cli)
  add_test(NAME reliability_cli_errors
    COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/reliability/test_cli_errors.py
            $<TARGET_FILE:psinfo_cli>)
endif()
