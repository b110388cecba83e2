# The CLI's pytest files, one ctest test each (cli_<topic>), run by /usr/bin/python3 -m pytest
# (Debian's python3-pytest, with python3-psutil beside it). Each gets the program and the
# folder of its man page and bash completion in the environment (tests/cli/cli_helpers.py).
set(PSINFO_CLI_PYTEST_TOPICS api free df ps top who netstat pmap actions errors text sensors
    install)
set(_psinfo_doc_dir ${PROJECT_BINARY_DIR}/examples/psinfo)
foreach(topic IN LISTS PSINFO_CLI_PYTEST_TOPICS)
  add_test(NAME cli_${topic}
    COMMAND ${PSINFO_TEST_PYTHON} -m pytest -q -p no:cacheprovider -rs
            ${CMAKE_CURRENT_LIST_DIR}/test_cli_${topic}.py)
  set_tests_properties(cli_${topic} PROPERTIES
    LABELS cli TIMEOUT 300
    ENVIRONMENT "PSINFO_CLI=$<TARGET_FILE:psinfo_cli>;PSINFO_DOC_DIR=${_psinfo_doc_dir};PSINFO_SOURCE_DIR=${PROJECT_SOURCE_DIR};PSINFO_BUILD_DIR=${PROJECT_BINARY_DIR};PSINFO_TEST_FIXTURES=${PSINFO_TEST_FIXTURES}")
endforeach()
# The install test installs the whole build: nothing else may rebuild it meanwhile.
set_tests_properties(cli_install PROPERTIES RUN_SERIAL TRUE)
