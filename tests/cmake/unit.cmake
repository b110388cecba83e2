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

# The backend of a platform without support, built here on Linux so that it is compiled and
# tested on every run: every call must throw not_supported (and the C API return ENOTSUP).
list(TRANSFORM PSINFO_UNSUPPORTED_SOURCES PREPEND "${PROJECT_SOURCE_DIR}/"
     OUTPUT_VARIABLE _unsupported_abs)
add_executable(unsupported_backend_tests
  unit/test_unsupported.cpp
  $<TARGET_OBJECTS:psinfo_shared_objects>
  ${_unsupported_abs})
target_include_directories(unsupported_backend_tests PRIVATE
  ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(unsupported_backend_tests PRIVATE PSINFO_STATIC)
target_link_libraries(unsupported_backend_tests PRIVATE psinfo_catch_main)
add_test(NAME unsupported_backend_tests COMMAND unsupported_backend_tests)
