# Process memory, files and sockets (memory_full_info, memory_maps, open_files,
# net_connections): parsers on recorded and hand-made files, readers on /proc trees built by
# the tests, live children; a JSON driver that the Python test compares with psutil 5.9.4.
add_executable(process_mem_tests
  process_mem/test_procmem_parse.cpp
  process_mem/test_procmem_live.cpp)
target_link_libraries(process_mem_tests PRIVATE psinfo_catch_main psinfo_internal)
target_compile_definitions(process_mem_tests PRIVATE
  PSINFO_SHARED_FIXTURES="${PSINFO_SHARED_FIXTURES}"
  PSINFO_TEST_FIXTURES="${PSINFO_TEST_FIXTURES}")
add_test(NAME process_mem_tests COMMAND process_mem_tests)

add_executable(procmem_json process_mem/procmem_json.cpp)
target_link_libraries(procmem_json PRIVATE psinfo_internal)
add_test(NAME process_mem_diff
  COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/process_mem/test_procmem_diff.py
          $<TARGET_FILE:procmem_json> ${PSINFO_SHARED_FIXTURES} ${PSINFO_TEST_FIXTURES})
