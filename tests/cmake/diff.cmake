# Differential test: psinfo (through the CLI's JSON) against Debian's psutil 5.9.4, live and
# on recorded /proc and /sys trees. Skips itself (exit 0) if psutil cannot be imported.
if(TARGET psinfo_cli)
  add_test(NAME diff_psutil
    COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/diff/test_diff_psutil.py
      --psinfo $<TARGET_FILE:psinfo_cli>
      --fixtures ${PSINFO_SHARED_FIXTURES}
      --test-fixtures ${PSINFO_TEST_FIXTURES})
  set_tests_properties(diff_psutil PROPERTIES LABELS "diff;live" TIMEOUT 120)
else()
  message(STATUS "psinfo: no psinfo_cli target (PSINFO_BUILD_CLI=OFF?): diff_psutil not registered")
endif()
