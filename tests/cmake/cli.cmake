# The psinfo CLI: every function's --json against /proc read by the test and against a
# recorded tree, exit statuses, --help, the overview and `free`; and its JSON writer.
if(TARGET psinfo_cli)
  add_test(NAME cli
    COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cli.py
            $<TARGET_FILE:psinfo_cli> ${PSINFO_SHARED_FIXTURES} ${PROJECT_VERSION})
  set_tests_properties(cli PROPERTIES LABELS cli TIMEOUT 120)

  find_package(fmt REQUIRED)
  add_executable(cli_json_tests cli/test_json.cpp ${PROJECT_SOURCE_DIR}/examples/psinfo/json.cpp)
  target_include_directories(cli_json_tests PRIVATE ${PROJECT_SOURCE_DIR}/examples/psinfo)
  target_link_libraries(cli_json_tests PRIVATE psinfo_catch_main fmt::fmt)
  add_test(NAME cli_json_tests COMMAND cli_json_tests)
  set_tests_properties(cli_json_tests PROPERTIES LABELS cli)
endif()
