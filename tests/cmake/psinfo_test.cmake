# add_psinfo_test(): the one way a test is registered with ctest.
#
#   add_psinfo_test(NAME
#     CATCH  source...      a Catch2 program (built as target NAME, main from tests/harness):
#                           one ctest test per test case, found after each build
#   | C      source...      a C program (target NAME): one ctest test
#   | PYTEST file.py        a pytest file: one ctest test, and a second one, NAME_shared
#                           (label "shared"), for its cases marked `shared` when it has any
#                           (a line starts with @pytest.mark.shared, or it calls
#                           trees(shared=...))
#   | COMMAND cmd arg...    any other command: one ctest test
#     [KIND kind]           default: the last word of the file name, test_<area>_<kind>.<ext>
#     [LIBS lib...] [DEFINITIONS def...] [INCLUDES dir...]  for CATCH and C
#     [ARGS arg...]         arguments of the C program or of pytest
#     [SHARED_ARGS arg...]  C: a second ctest test, NAME_shared, runs the program with these
#                           arguments; it needs the shared fixtures (label "shared")
#     [LABELS label...] [ENVIRONMENT var=value...] [PROPERTIES prop value...]
#     [REQUIRES target...]  not registered (with a note) when one of these targets is missing
#     [AREA area])          default: the name of the folder
#
# Every test is labelled with its area and its kind, a Catch2 case also with its tags
# (`ctest -L live`, `ctest -L cpu`, `ctest -L shared`). A test that needs the shared fixtures
# (PSINFO_SHARED_FIXTURES) exits 77 where they are missing, which ctest reports as skipped.
# The environment of every test names the fixtures and the built programs:
#   PSINFO_SHARED_FIXTURES_DEFAULT  the cache variable PSINFO_SHARED_FIXTURES (the environment
#                                   variable PSINFO_SHARED_FIXTURES, when set, wins at run time)
#   PSINFO_TEST_FIXTURES            tests/fixtures
#   PSINFO_CLI, PSINFO_LIBRARY      the psinfo program and the shared library

option(PSINFO_TEST_DISCOVERY
  "One ctest test per Catch2 test case (each program lists its cases after it is built); OFF: one per program"
  ON)

set(PSINFO_TEST_DIR "${CMAKE_CURRENT_LIST_DIR}/..")
get_filename_component(PSINFO_TEST_DIR "${PSINFO_TEST_DIR}" ABSOLUTE)

# The environment every test gets.
set(PSINFO_TEST_ENVIRONMENT
  "PSINFO_SHARED_FIXTURES_DEFAULT=${PSINFO_SHARED_FIXTURES}"
  "PSINFO_TEST_FIXTURES=${PSINFO_TEST_FIXTURES}")
if(TARGET psinfo)
  list(APPEND PSINFO_TEST_ENVIRONMENT "PSINFO_LIBRARY=$<TARGET_FILE:psinfo>")
endif()
if(TARGET psinfo_cli)
  list(APPEND PSINFO_TEST_ENVIRONMENT "PSINFO_CLI=$<TARGET_FILE:psinfo_cli>")
endif()
if(PSINFO_SANITIZE)
  # /usr/bin/python3 is not instrumented: a test that loads the library into it (ctypes) must
  # load the sanitizer runtimes first. Add this to such a test's ENVIRONMENT.
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE _asan OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libubsan.so
                  OUTPUT_VARIABLE _ubsan OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(PSINFO_TEST_PRELOAD_ENV "LD_PRELOAD=${_asan}:${_ubsan}" "ASAN_OPTIONS=detect_leaks=0")
else()
  set(PSINFO_TEST_PRELOAD_ENV "")
endif()

include(${CMAKE_CURRENT_LIST_DIR}/quote.cmake)

function(add_psinfo_test name)
  cmake_parse_arguments(PARSE_ARGV 1 T "" "AREA;KIND;PYTEST"
    "CATCH;C;COMMAND;LIBS;DEFINITIONS;INCLUDES;ARGS;SHARED_ARGS;LABELS;ENVIRONMENT;PROPERTIES;REQUIRES")
  if(T_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "add_psinfo_test(${name}): unknown arguments ${T_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT T_AREA)
    get_filename_component(T_AREA "${CMAKE_CURRENT_SOURCE_DIR}" NAME)
  endif()
  foreach(t IN LISTS T_REQUIRES)
    if(NOT TARGET ${t})
      message(STATUS "psinfo: ${name} not registered: no target ${t}")
      return()
    endif()
  endforeach()

  # The kind: from the file name unless given.
  set(kind "${T_KIND}")
  if(NOT kind)
    set(file "${T_PYTEST}")
    if(T_C)
      list(GET T_C 0 file)
    endif()
    get_filename_component(stem "${file}" NAME_WE)
    if(stem MATCHES "^test_(.*_)?([a-z0-9]+)$")
      set(kind "${CMAKE_MATCH_2}")
    endif()
  endif()

  set(env ${PSINFO_TEST_ENVIRONMENT} ${T_ENVIRONMENT})

  if(T_CATCH OR T_C)
    add_executable(${name} ${T_CATCH} ${T_C})
    target_include_directories(${name} PRIVATE ${PSINFO_TEST_DIR}/harness ${T_INCLUDES})
    target_compile_definitions(${name} PRIVATE
      PSINFO_SHARED_FIXTURES_DEFAULT="${PSINFO_SHARED_FIXTURES}"
      PSINFO_TEST_FIXTURES="${PSINFO_TEST_FIXTURES}" ${T_DEFINITIONS})
    if(T_C)
      set_target_properties(${name} PROPERTIES C_STANDARD 99 LINKER_LANGUAGE C)
    endif()
    # psinfo_catch_main first: it calls the library, which comes after it.
    if(T_CATCH)
      target_link_libraries(${name} PRIVATE psinfo_catch_main)
    endif()
    target_link_libraries(${name} PRIVATE ${T_LIBS})
  endif()

  if(T_CATCH AND PSINFO_TEST_DISCOVERY AND NOT CMAKE_CROSSCOMPILING)
    _psinfo_discover_catch(${name} "${T_AREA};${T_LABELS}" "${env}" "${T_PROPERTIES}")
    return()
  endif()

  # One ctest test (two with SHARED_ARGS / SHARED).
  set(labels ${T_AREA} ${kind} ${T_LABELS})
  set(shared_cmd "")
  if(T_CATCH OR T_C)
    set(cmd ${name} ${T_ARGS})
    if(T_SHARED_ARGS)
      set(shared_cmd ${name} ${T_SHARED_ARGS})
    endif()
  elseif(T_PYTEST)
    set(py ${PSINFO_TEST_PYTHON} -m pytest -c ${PSINFO_TEST_DIR}/pytest.ini
           --rootdir ${PSINFO_TEST_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/${T_PYTEST} ${T_ARGS})
    file(STRINGS ${CMAKE_CURRENT_SOURCE_DIR}/${T_PYTEST} _marks
         REGEX "^[ \t]*@pytest\\.mark\\.shared|trees\\(shared=")
    if(_marks)
      set(cmd ${py} -m "not shared")
      set(shared_cmd ${py} -m shared)
    else()
      set(cmd ${py})
    endif()
  elseif(T_COMMAND)
    set(cmd ${T_COMMAND} ${T_ARGS})
  else()
    message(FATAL_ERROR "add_psinfo_test(${name}): CATCH, C, PYTEST or COMMAND is required")
  endif()
  list(REMOVE_ITEM labels "")
  list(REMOVE_DUPLICATES labels)
  add_test(NAME ${name} COMMAND ${cmd})
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" SKIP_RETURN_CODE 77
                       ENVIRONMENT "${env}" ${T_PROPERTIES})
  if(shared_cmd)
    add_test(NAME ${name}_shared COMMAND ${shared_cmd})
    set_tests_properties(${name}_shared PROPERTIES LABELS "${labels};shared" SKIP_RETURN_CODE 77
                         ENVIRONMENT "${env}" ${T_PROPERTIES})
  endif()
endfunction()

# One ctest test per case of a Catch2 program. After each build the program lists its cases
# (catch_main.cpp's --psinfo-list) and catch_discover.cmake writes the add_test() calls into a
# file that ctest includes. Each case is labelled with `labels`, the kind of its source file
# (test_<area>_<kind>.cpp) and its tags; the other properties are written here, as CMake text.
function(_psinfo_discover_catch target labels env props)
  set(base "${CMAKE_CURRENT_BINARY_DIR}/${target}")
  psinfo_quote(text "${env}")
  set(text "SKIP_RETURN_CODE 77 ENVIRONMENT ${text}")
  foreach(item IN LISTS props)
    psinfo_quote(q "${item}")
    string(APPEND text " ${q}")
  endforeach()
  list(REMOVE_ITEM labels "")
  string(REPLACE ";" "," labels "${labels}")
  file(GENERATE OUTPUT "${base}_props.txt" CONTENT "${text}")
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -D "EXE=$<TARGET_FILE:${target}>" -D "TARGET=${target}"
            -D "LABELS=${labels}" -D "PROPS=${base}_props.txt" -D "OUT=${base}_tests.cmake"
            -P ${PSINFO_TEST_DIR}/cmake/catch_discover.cmake
    BYPRODUCTS "${base}_tests.cmake"
    VERBATIM)
  file(WRITE "${base}_include.cmake"
    "if(EXISTS \"${base}_tests.cmake\")\n"
    "  include(\"${base}_tests.cmake\")\n"
    "else()\n"
    "  add_test(${target}_NOT_BUILT ${target}_NOT_BUILT)\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${base}_include.cmake")
endfunction()
