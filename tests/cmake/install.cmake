# Install test: `cmake --install` this build into a scratch prefix under the build tree, then
# build and run small C++ and C consumers with find_package(psinfo) and with pkg-config
# (tests/install/run.sh). Needs bash, pkg-config and readelf/ldd; skipped without install rules.
if(NOT PSINFO_INSTALL OR NOT CMAKE_SYSTEM_NAME STREQUAL "Linux" OR CMAKE_CROSSCOMPILING)
  return()
endif()
find_program(PSINFO_BASH bash)
find_program(PSINFO_PKG_CONFIG pkg-config)
if(NOT PSINFO_BASH OR NOT PSINFO_PKG_CONFIG)
  message(WARNING "install test disabled: needs bash and pkg-config")
  return()
endif()

# The consumers must be built the way the library was: with the sanitizers when it has them.
set(_psinfo_consumer_flags "")
if(PSINFO_SANITIZE)
  set(_psinfo_consumer_flags "-fsanitize=address,undefined -fno-omit-frame-pointer")
endif()

add_test(NAME install
  COMMAND ${PSINFO_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/install/run.sh
    --build-dir ${PROJECT_BINARY_DIR}
    --work-dir ${CMAKE_CURRENT_BINARY_DIR}/install-test
    --version ${PROJECT_VERSION}
    --include-dir ${PROJECT_SOURCE_DIR}/include
    --cmake ${CMAKE_COMMAND}
    --cc ${CMAKE_C_COMPILER}
    --cxx ${CMAKE_CXX_COMPILER}
    --generator ${CMAKE_GENERATOR}
    --make-program ${CMAKE_MAKE_PROGRAM}
    --config $<CONFIG>
    --flags "${_psinfo_consumer_flags}")
set_tests_properties(install PROPERTIES
  TIMEOUT 180
  ENVIRONMENT "PKG_CONFIG=${PSINFO_PKG_CONFIG}"
  # The test installs every target: nothing else may be rebuilding the tree meanwhile.
  RUN_SERIAL TRUE)
