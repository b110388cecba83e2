# The internal contract (src/platform.hpp, docs/architecture.md): the unsupported backend built
# here on Linux and tested (every call throws not_supported), the layout and the symbols of every
# backend (tests/contract/check_contract.py), and the proof that a backend which forgets one
# function does not link.
list(TRANSFORM PSINFO_UNSUPPORTED_SOURCES PREPEND "${PROJECT_SOURCE_DIR}/"
     OUTPUT_VARIABLE _unsupported_abs)
add_library(psinfo_unsupported_objects OBJECT ${_unsupported_abs})
target_include_directories(psinfo_unsupported_objects PRIVATE
  ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(psinfo_unsupported_objects PRIVATE PSINFO_STATIC)

add_executable(unsupported_backend_tests
  unit/test_unsupported.cpp
  $<TARGET_OBJECTS:psinfo_shared_objects>
  $<TARGET_OBJECTS:psinfo_unsupported_objects>)
target_include_directories(unsupported_backend_tests PRIVATE
  ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(unsupported_backend_tests PRIVATE PSINFO_STATIC)
target_link_libraries(unsupported_backend_tests PRIVATE psinfo_catch_main)
add_test(NAME unsupported_backend_tests COMMAND unsupported_backend_tests)

add_test(NAME contract_check
  COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/contract/check_contract.py
          ${PROJECT_SOURCE_DIR}/src "${PSINFO_CONTRACT_FILES}"
          "$<TARGET_OBJECTS:psinfo_shared_objects>" "$<TARGET_OBJECTS:psinfo_unsupported_objects>")
set_tests_properties(contract_check PROPERTIES LABELS contract)

# src/unsupported with Process.name's function left out must fail to link, naming it. Built on
# demand by the test (not by `all`).
file(READ ${PROJECT_SOURCE_DIR}/src/unsupported/process.cpp _unsupported_process)
set(_dropped "std::string proc_name(const proc_ref&) { unsupported(\"name\"); }")
string(FIND "${_unsupported_process}" "${_dropped}" _at)
if(_at EQUAL -1)
  message(FATAL_ERROR "tests/cmake/contract.cmake: '${_dropped}' not found in src/unsupported/process.cpp")
endif()
string(REPLACE "${_dropped}" "" _unsupported_process "${_unsupported_process}")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/contract/process.cpp "${_unsupported_process}")
set(_missing_sources ${_unsupported_abs})
list(REMOVE_ITEM _missing_sources ${PROJECT_SOURCE_DIR}/src/unsupported/process.cpp)
add_executable(contract_missing_proc_name EXCLUDE_FROM_ALL
  contract/main.cpp
  ${CMAKE_CURRENT_BINARY_DIR}/contract/process.cpp
  ${_missing_sources}
  $<TARGET_OBJECTS:psinfo_shared_objects>)
target_include_directories(contract_missing_proc_name PRIVATE
  ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(contract_missing_proc_name PRIVATE PSINFO_STATIC)
add_test(NAME contract_link_fails
  COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target contract_missing_proc_name)
set_tests_properties(contract_link_fails PROPERTIES
  LABELS contract
  PASS_REGULAR_EXPRESSION "undefined reference to [`']psinfo::detail::proc_name")
