# The BSD backend's pure parts (src/bsd/convert.cpp, kbuf.cpp, sockets.cpp: no system header),
# built and tested on Linux: the conversions of the kernels' numbers and the parsers of their
# sysctl tables, on buffers built with the recorded FreeBSD 14.2 / OpenBSD 7.6 layouts. The rest
# of src/bsd is compile-checked against the real headers by scripts/bsd-check.sh.
list(TRANSFORM PSINFO_BSD_PURE_SOURCES PREPEND "${PROJECT_SOURCE_DIR}/" OUTPUT_VARIABLE _bsd_pure)
add_executable(bsd_tests bsd/test_bsd_unit.cpp bsd/test_bsd_parse.cpp ${_bsd_pure})
target_include_directories(bsd_tests PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(bsd_tests PRIVATE psinfo_catch_main psinfo_static)
add_test(NAME bsd_tests COMMAND bsd_tests)
set_tests_properties(bsd_tests PROPERTIES LABELS bsd)
