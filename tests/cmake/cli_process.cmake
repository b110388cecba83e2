# The process parts of the psinfo CLI: `process METHOD --pid N` for every method on a child the
# test starts (against /proc/PID read directly, os/resource, and psutil 5.9.4 on the same PID),
# ps, pstree, top (--once and live through tmux), iotop, pmap, usage errors and --help.
if(TARGET psinfo_cli)
  add_test(NAME cli_process
    COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cli_process.py
            $<TARGET_FILE:psinfo_cli>)
  set_tests_properties(cli_process PROPERTIES LABELS cli TIMEOUT 120)
endif()
