# Containers (psinfo/container.hpp): the cgroup and PSI parsers, the readers on the cgroupfs
# trees of tests/fixtures/cgroup-* (hand-made from the kernel's documentation, and one
# recorded from a hybrid machine by tests/cgroup/record_fixture.py), the live machine against
# its own files and OpenJDK in a scratch cgroup, and the C API from C.
add_executable(cgroup_tests
  cgroup/test_cgroup_parse.cpp
  cgroup/test_cgroup_live.cpp)
target_link_libraries(cgroup_tests PRIVATE psinfo_catch_main psinfo_internal)
target_compile_definitions(cgroup_tests PRIVATE
  PSINFO_SHARED_FIXTURES="${PSINFO_SHARED_FIXTURES}"
  PSINFO_TEST_FIXTURES="${PSINFO_TEST_FIXTURES}")
add_test(NAME cgroup_tests COMMAND cgroup_tests)
set_tests_properties(cgroup_tests PROPERTIES LABELS cgroup)

add_executable(cgroup_capi_c cgroup/test_cgroup_capi.c)
set_target_properties(cgroup_capi_c PROPERTIES C_STANDARD 99 LINKER_LANGUAGE C)
target_link_libraries(cgroup_capi_c PRIVATE psinfo m)
target_compile_definitions(cgroup_capi_c PRIVATE PSINFO_TEST_FIXTURES="${PSINFO_TEST_FIXTURES}")
add_test(NAME cgroup_capi_c COMMAND cgroup_capi_c)
set_tests_properties(cgroup_capi_c PROPERTIES LABELS cgroup)

set(_cgroup_env "PSINFO_TEST_FIXTURES=${PSINFO_TEST_FIXTURES}" "PSINFO_LIBRARY=$<TARGET_FILE:psinfo>")
if(PSINFO_SANITIZE AND _psinfo_libasan)  # found by capi.cmake, included before this file
  list(APPEND _cgroup_env "PSINFO_PYTHON_PRELOAD=${_psinfo_libasan}:${_psinfo_libubsan}")
endif()
if(TARGET psinfo_cli)
  list(APPEND _cgroup_env "PSINFO_CLI=$<TARGET_FILE:psinfo_cli>")
  foreach(kind fixtures live)
    add_test(NAME cgroup_${kind}_py
      COMMAND ${PSINFO_TEST_PYTHON} -m pytest -q -p no:cacheprovider
              ${CMAKE_CURRENT_SOURCE_DIR}/cgroup/test_cgroup_${kind}.py)
    set_tests_properties(cgroup_${kind}_py PROPERTIES LABELS "cgroup;${kind}" TIMEOUT 300
                         ENVIRONMENT "${_cgroup_env}")
  endforeach()
endif()
