# psinfo::sampler (include/psinfo/sampler.hpp) and its C API: against the free functions on
# recorded trees and the live machine, trees rewritten in place between calls, fd counts.
add_executable(sampler_tests sampler/test_sampler.cpp)
target_link_libraries(sampler_tests PRIVATE psinfo_catch_main psinfo_static)
target_compile_definitions(sampler_tests PRIVATE
  PSINFO_SHARED_FIXTURES="${PSINFO_SHARED_FIXTURES}"
  PSINFO_TEST_FIXTURES="${PSINFO_TEST_FIXTURES}")
add_test(NAME sampler_tests COMMAND sampler_tests)

add_executable(test_sampler_c sampler/test_sampler_c.c)
set_target_properties(test_sampler_c PROPERTIES C_STANDARD 99 LINKER_LANGUAGE C)
target_link_libraries(test_sampler_c PRIVATE psinfo)
target_compile_definitions(test_sampler_c PRIVATE PSINFO_SHARED_FIXTURES="${PSINFO_SHARED_FIXTURES}")
add_test(NAME sampler_c COMMAND test_sampler_c)
