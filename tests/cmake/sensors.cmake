# Sensors (hwmon, thermal zones, power_supply) on the recorded trees of ../shared/fixtures
# and the hand-made ones in tests/fixtures/sensors-*; a differential test against psutil.

# The shared trees lost their symlinks (/sys/class/hwmon/hwmonN -> ../../devices/...) in
# the checkout: rebuild their sys/ with the links from MANIFESTS before the tests using them.
set(PSINFO_SENSORS_TREES "${CMAKE_CURRENT_BINARY_DIR}/sensors-trees")
add_test(NAME sensors_fixture_trees
  COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/sensors/make_trees.py
          ${PSINFO_SHARED_FIXTURES} ${PSINFO_SENSORS_TREES})
set_tests_properties(sensors_fixture_trees PROPERTIES FIXTURES_SETUP sensors_trees)

add_executable(sensors_tests
  sensors/test_sensors.cpp
  sensors/test_sensors_live.cpp)
target_link_libraries(sensors_tests PRIVATE psinfo_catch_main psinfo_internal)
target_compile_definitions(sensors_tests PRIVATE
  PSINFO_SHARED_FIXTURES="${PSINFO_SHARED_FIXTURES}"
  PSINFO_TEST_FIXTURES="${PSINFO_TEST_FIXTURES}"
  PSINFO_SENSORS_TREES="${PSINFO_SENSORS_TREES}")
add_test(NAME sensors_tests COMMAND sensors_tests)
set_tests_properties(sensors_tests PROPERTIES FIXTURES_REQUIRED sensors_trees)

# psutil 5.9.4 run on each tree under `unshare -m` + a bind mount over /sys.
add_executable(sensors_dump sensors/sensors_dump.cpp)
target_link_libraries(sensors_dump PRIVATE psinfo_internal)
add_test(NAME sensors_diff_psutil
  COMMAND ${PSINFO_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/sensors/diff_psutil.py
          $<TARGET_FILE:sensors_dump>
          ${PSINFO_SENSORS_TREES} ${PSINFO_TEST_FIXTURES})
set_tests_properties(sensors_diff_psutil PROPERTIES
  FIXTURES_REQUIRED sensors_trees SKIP_RETURN_CODE 77)
