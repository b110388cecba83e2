# The process part of the C API: a test compiled as C on the test's own children, and the
# ctypes module's Process / process_iter / wait_procs against psutil 5.9.4 and /proc.
find_package(Threads REQUIRED)

add_executable(test_capi_process capi/test_capi_process.c)
set_target_properties(test_capi_process PROPERTIES C_STANDARD 99 LINKER_LANGUAGE C)
target_compile_options(test_capi_process PRIVATE -Wall -Wextra)
target_link_libraries(test_capi_process PRIVATE psinfo m)
add_test(NAME capi_process_c COMMAND test_capi_process)

set(_psinfo_ctypes_proc_env "PSINFO_LIBRARY=$<TARGET_FILE:psinfo>")
if(PSINFO_SANITIZE)
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE _psinfo_libasan_p OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libubsan.so
                  OUTPUT_VARIABLE _psinfo_libubsan_p OUTPUT_STRIP_TRAILING_WHITESPACE)
  list(APPEND _psinfo_ctypes_proc_env "LD_PRELOAD=${_psinfo_libasan_p}:${_psinfo_libubsan_p}"
       "ASAN_OPTIONS=detect_leaks=0")
endif()
add_test(NAME capi_process_ctypes
         COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/capi/test_ctypes_process.py)
set_tests_properties(capi_process_ctypes PROPERTIES
  ENVIRONMENT "${_psinfo_ctypes_proc_env}"
  DEPENDS capi_process_c)
