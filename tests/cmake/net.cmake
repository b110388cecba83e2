# Network: parsers and fixture trees, live checks with real sockets, and a JSON driver that the
# Python differential test compares with psutil, iproute2 (ip -j, ss) and /sys/class/net.
add_executable(net_tests
  net/test_net_parse.cpp
  net/test_net_live.cpp
)
target_link_libraries(net_tests PRIVATE psinfo_catch_main psinfo_internal)
target_compile_definitions(net_tests PRIVATE
  PSINFO_SHARED_FIXTURES="${PSINFO_SHARED_FIXTURES}"
  PSINFO_TEST_FIXTURES="${PSINFO_TEST_FIXTURES}")
add_test(NAME net_tests COMMAND net_tests)

add_executable(net_json net/net_json.cpp)
target_link_libraries(net_json PRIVATE psinfo_internal)

add_test(NAME net_diff
  COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/net/test_net_diff.py
          $<TARGET_FILE:net_json> ${PSINFO_SHARED_FIXTURES} ${PSINFO_TEST_FIXTURES})
