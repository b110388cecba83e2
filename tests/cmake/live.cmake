# Live tests: every function on the running machine, compared with what the system itself
# says (/proc and /sys read by the test, getconf, lscpu, free, uptime, who).
find_package(Threads REQUIRED)
add_executable(live_tests
  live/test_live_cpu.cpp
  live/test_live_memory.cpp
  live/test_live_host.cpp
)
# The public API only (psinfo_static): the expected values never come from the library.
target_link_libraries(live_tests PRIVATE psinfo_catch_main psinfo_static Threads::Threads)
target_compile_definitions(live_tests PRIVATE
  PSINFO_EXPECTED_VERSION="${PROJECT_VERSION}")
add_test(NAME live_tests COMMAND live_tests)
set_tests_properties(live_tests PROPERTIES LABELS live TIMEOUT 120)
