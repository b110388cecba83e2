# Disks and the shared nowrap layer: parsers, nowrap engine, fixture trees, the live machine,
# and a differential test against psutil (Debian's python3-psutil) on the same trees.
find_package(Threads REQUIRED)
add_executable(disk_tests
  disk/test_nowrap.cpp
  disk/test_disk_parse.cpp
  disk/test_disk_fixtures.cpp
  disk/test_disk_live.cpp
)
target_link_libraries(disk_tests PRIVATE psinfo_catch_main psinfo_internal Threads::Threads)
target_compile_definitions(disk_tests PRIVATE
  PSINFO_SHARED_FIXTURES="${PSINFO_SHARED_FIXTURES}"
  PSINFO_TEST_FIXTURES="${PSINFO_TEST_FIXTURES}")
add_test(NAME disk_tests COMMAND disk_tests)
set_tests_properties(disk_tests PROPERTIES TIMEOUT 120)

# A test-only driver that prints the disk functions as JSON, for the comparison with psutil.
add_executable(disk_json disk/disk_json.cpp)
target_link_libraries(disk_json PRIVATE psinfo_static)
add_test(NAME disk_psutil_diff
  COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/disk/diff_disk.py
          $<TARGET_FILE:disk_json> ${PSINFO_SHARED_FIXTURES} ${PSINFO_TEST_FIXTURES})
set_tests_properties(disk_psutil_diff PROPERTIES TIMEOUT 120)

# The nowrap engine against psutil's _WrapNumbers on random call sequences.
add_executable(nowrap_replay disk/nowrap_replay.cpp)
target_link_libraries(nowrap_replay PRIVATE psinfo_internal)
add_test(NAME nowrap_psutil_diff
  COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/disk/diff_nowrap.py
          $<TARGET_FILE:nowrap_replay>)
set_tests_properties(nowrap_psutil_diff PROPERTIES TIMEOUT 120)
