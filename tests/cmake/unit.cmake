# Unit tests: the parsers and every function on recorded fixture trees and hand-made cases.
add_executable(unit_tests
  unit/test_parse.cpp
  unit/test_fixtures.cpp
)
target_link_libraries(unit_tests PRIVATE psinfo_catch_main psinfo_internal)
target_compile_definitions(unit_tests PRIVATE
  PSINFO_SHARED_FIXTURES="${PSINFO_SHARED_FIXTURES}"
  PSINFO_TEST_FIXTURES="${PSINFO_TEST_FIXTURES}")
add_test(NAME unit_tests COMMAND unit_tests)
