# The C API: a test compiled as C and linked against the shared library, the C example, and
# the Python ctypes module tested with /usr/bin/python3 (psutil 5.9.4 as the reference).
find_package(Threads REQUIRED)

add_executable(test_capi capi/test_capi.c)
set_target_properties(test_capi PROPERTIES C_STANDARD 99 LINKER_LANGUAGE C)
target_link_libraries(test_capi PRIVATE psinfo Threads::Threads m)
target_compile_definitions(test_capi PRIVATE PSINFO_SHARED_FIXTURES="${PSINFO_SHARED_FIXTURES}")
add_test(NAME capi_c COMMAND test_capi)

# The small C program of examples/c (built there when PSINFO_BUILD_EXAMPLES is on): it must
# run and exit 0.
if(TARGET psinfo_c_example)
  add_test(NAME capi_c_example COMMAND psinfo_c_example)
endif()

set(_psinfo_ctypes_env "PSINFO_LIBRARY=$<TARGET_FILE:psinfo>"
    "PSINFO_SHARED_FIXTURES=${PSINFO_SHARED_FIXTURES}")
if(PSINFO_SANITIZE)
  # /usr/bin/python3 is not instrumented: the sanitizer runtime must be loaded first.
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE _psinfo_libasan OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libubsan.so
                  OUTPUT_VARIABLE _psinfo_libubsan OUTPUT_STRIP_TRAILING_WHITESPACE)
  list(APPEND _psinfo_ctypes_env "LD_PRELOAD=${_psinfo_libasan}:${_psinfo_libubsan}"
       "ASAN_OPTIONS=detect_leaks=0")
endif()
add_test(NAME capi_ctypes
         COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/capi/test_ctypes.py)
set_tests_properties(capi_ctypes PROPERTIES
  ENVIRONMENT "${_psinfo_ctypes_env}"
  DEPENDS capi_c)

# The ctypes module's structs against the C layout: capi_layout prints, from the tables of
# capi/tables.h, every public struct of psinfo.h as the C compiler lays it out.
add_executable(capi_layout capi/layout.c)
set_target_properties(capi_layout PROPERTIES C_STANDARD 99 LINKER_LANGUAGE C)
target_include_directories(capi_layout PRIVATE ${PROJECT_SOURCE_DIR}/include
                           ${PROJECT_SOURCE_DIR}/capi)
add_test(NAME capi_layout COMMAND ${PSINFO_TEST_PYTHON}
         ${CMAKE_CURRENT_SOURCE_DIR}/capi/test_layout.py $<TARGET_FILE:capi_layout>)
set_tests_properties(capi_layout PROPERTIES ENVIRONMENT "${_psinfo_ctypes_env}")
