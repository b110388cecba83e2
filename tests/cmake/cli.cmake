# The psinfo CLI: every function's --json against /proc read by the test and against a
# recorded tree, exit statuses, --help, the overview and `free`; and its JSON and text writers
# and the numbers its options take.
if(TARGET psinfo_cli)
  add_test(NAME cli
    COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cli.py
            $<TARGET_FILE:psinfo_cli> ${PSINFO_SHARED_FIXTURES} ${PROJECT_VERSION})
  set_tests_properties(cli PROPERTIES LABELS cli TIMEOUT 120)

  find_package(fmt REQUIRED)
  add_executable(cli_json_tests cli/test_json.cpp cli/test_text.cpp cli/test_values.cpp
                 ${PROJECT_SOURCE_DIR}/examples/psinfo/text.cpp
                 ${PROJECT_SOURCE_DIR}/examples/psinfo/values.cpp)
  target_link_libraries(cli_json_tests PRIVATE psinfo_json psinfo_catch_main fmt::fmt)
  add_test(NAME cli_json_tests COMMAND cli_json_tests)
  set_tests_properties(cli_json_tests PROPERTIES LABELS cli)
endif()

# Disks, network and sensors: their --json against statvfs, df, /proc, ip, sockets opened by
# the test and the node-exporter tree; df, ifconfig, netstat, sensors and the overview.
if(TARGET psinfo_cli)
  add_test(NAME cli_io
    COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cli_io.py
            $<TARGET_FILE:psinfo_cli> ${PSINFO_SHARED_FIXTURES})
  set_tests_properties(cli_io PROPERTIES LABELS cli TIMEOUT 120)
endif()

# The pytest files tests/cli/test_cli_<topic>.py (Debian's python3-pytest): listed and
# registered in tests/cli/pytest.cmake.
if(TARGET psinfo_cli)
  include(${CMAKE_CURRENT_SOURCE_DIR}/cli/pytest.cmake)
endif()
