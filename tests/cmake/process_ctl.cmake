# Process control (setters, signals, wait, wait_procs, the process tree, identity) on the
# test's own children, against the kernel, ps / ionice / prlimit / taskset and psutil.
add_executable(process_ctl_tests process_ctl/test_process_ctl.cpp)
target_link_libraries(process_ctl_tests PRIVATE psinfo_catch_main psinfo_internal)
add_test(NAME process_ctl_tests COMMAND process_ctl_tests)
set_tests_properties(process_ctl_tests PROPERTIES TIMEOUT 120)
