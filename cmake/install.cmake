# Installation: headers, libraries, psinfoConfig.cmake (psinfo::psinfo) and psinfo.pc.
#
#   <prefix>/include/psinfo/*.hpp, *.h
#   <libdir>/libpsinfo.so.<major> (+ .so.<version>, .so namelink), <libdir>/libpsinfo.a
#   <libdir>/cmake/psinfo/psinfo{Config,ConfigVersion,Targets,Targets-<config>}.cmake
#   <libdir>/pkgconfig/psinfo.pc
#
# Components: "Runtime" (the shared library) and "Development" (everything else).
# psinfo and psinfo_static take psinfo_objects' object files ($<TARGET_OBJECTS:...>) and do not
# link the object library, so it never enters the export set.

option(PSINFO_INSTALL "Generate the install rules" ${PROJECT_IS_TOP_LEVEL})
if(NOT PSINFO_INSTALL)
  return()
endif()

include(CMakePackageConfigHelpers)

# Empty: follow CMAKE_INSTALL_LIBDIR, even when it is changed after the first configure.
set(PSINFO_INSTALL_CMAKEDIR "" CACHE STRING
    "Where psinfoConfig.cmake is installed (default <libdir>/cmake/psinfo)")
set(PSINFO_INSTALL_PKGCONFIGDIR "" CACHE STRING
    "Where psinfo.pc is installed (default <libdir>/pkgconfig)")
mark_as_advanced(PSINFO_INSTALL_CMAKEDIR PSINFO_INSTALL_PKGCONFIGDIR)
set(_psinfo_cmakedir "${PSINFO_INSTALL_CMAKEDIR}")
if(NOT _psinfo_cmakedir)
  set(_psinfo_cmakedir "${CMAKE_INSTALL_LIBDIR}/cmake/psinfo")
endif()
set(_psinfo_pkgconfigdir "${PSINFO_INSTALL_PKGCONFIGDIR}")
if(NOT _psinfo_pkgconfigdir)
  set(_psinfo_pkgconfigdir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endif()

install(TARGETS psinfo psinfo_static
  EXPORT psinfoTargets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT Runtime
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT Runtime
          NAMELINK_COMPONENT Development
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT Development)

# Every public header, C++ and C; whatever is in include/psinfo/ at install time.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/psinfo"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  COMPONENT Development
  FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")

install(EXPORT psinfoTargets
  NAMESPACE psinfo::
  DESTINATION "${_psinfo_cmakedir}"
  COMPONENT Development)

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/psinfoConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/psinfoConfig.cmake"
  INSTALL_DESTINATION "${_psinfo_cmakedir}")
# 0.x: a minor release may break the API and ABI (the SONAME is libpsinfo.so.0.MINOR and the C++
# API's inline namespace psinfo::v0_MINOR), so 0.1 does not satisfy a request for 0.2 nor the
# reverse. From 1.0 on, the major decides.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_psinfo_compat SameMinorVersion)
else()
  set(_psinfo_compat SameMajorVersion)
endif()
write_basic_package_version_file("${PROJECT_BINARY_DIR}/psinfoConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY ${_psinfo_compat})
install(FILES
  "${PROJECT_BINARY_DIR}/psinfoConfig.cmake"
  "${PROJECT_BINARY_DIR}/psinfoConfigVersion.cmake"
  DESTINATION "${_psinfo_cmakedir}"
  COMPONENT Development)

# pkg-config. Libs.private is what a static link needs on top of libpsinfo.a: the OS libraries
# and the C++ runtime (a C program does not get it from its linker driver), i.e. the libraries
# the C++ compiler links implicitly and the C compiler does not (GCC: -lstdc++ -lm).
set(_psinfo_private_libs "")
foreach(_lib IN LISTS PSINFO_OS_LIBS CMAKE_CXX_IMPLICIT_LINK_LIBRARIES)
  if(_lib IN_LIST CMAKE_C_IMPLICIT_LINK_LIBRARIES)
    continue()
  endif()
  if(_lib MATCHES "^-" OR IS_ABSOLUTE "${_lib}")
    set(_flag "${_lib}")
  else()
    set(_flag "-l${_lib}")
  endif()
  if(NOT _flag IN_LIST _psinfo_private_libs)
    list(APPEND _psinfo_private_libs "${_flag}")
  endif()
endforeach()
list(JOIN _psinfo_private_libs " " PSINFO_PC_LIBS_PRIVATE)

# psinfo.pc carries absolute paths, so it is written at install time, when the real prefix is
# known (`cmake --install <build> --prefix <p>` overrides the configured one). Directories
# given as absolute paths (-DCMAKE_INSTALL_LIBDIR=/usr/lib64) are kept as they are.
install(CODE "
  set(_psinfo_pc_in \"${CMAKE_CURRENT_LIST_DIR}/psinfo.pc.in\")
  set(_psinfo_pc_dir \"${PROJECT_BINARY_DIR}/pkgconfig\")
  set(_psinfo_pc_destdir \"${_psinfo_pkgconfigdir}\")
  set(_psinfo_pc_libdir \"${CMAKE_INSTALL_LIBDIR}\")
  set(_psinfo_pc_includedir \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(PSINFO_PC_NAME \"${PROJECT_NAME}\")
  set(PSINFO_PC_DESCRIPTION \"${PROJECT_DESCRIPTION}\")
  set(PSINFO_PC_VERSION \"${PROJECT_VERSION}\")
  set(PSINFO_PC_LIBS_PRIVATE \"${PSINFO_PC_LIBS_PRIVATE}\")
" COMPONENT Development)
install(CODE [[
  set(PSINFO_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  foreach(_v libdir includedir destdir)
    if(IS_ABSOLUTE "${_psinfo_pc_${_v}}")
      set(_psinfo_pc_full_${_v} "${_psinfo_pc_${_v}}")
    else()
      set(_psinfo_pc_full_${_v} "${CMAKE_INSTALL_PREFIX}/${_psinfo_pc_${_v}}")
    endif()
  endforeach()
  # ${prefix}-relative where possible, as pkg-config files usually are.
  foreach(_v libdir includedir)
    string(FIND "${_psinfo_pc_full_${_v}}/" "${CMAKE_INSTALL_PREFIX}/" _at)
    if(_at EQUAL 0)
      file(RELATIVE_PATH _rel "${CMAKE_INSTALL_PREFIX}" "${_psinfo_pc_full_${_v}}")
      set(PSINFO_PC_${_v} "\${prefix}/${_rel}")
    else()
      set(PSINFO_PC_${_v} "${_psinfo_pc_full_${_v}}")
    endif()
  endforeach()
  # One generated file per prefix, so that two installs to different prefixes do not race.
  string(MD5 _psinfo_pc_key "${CMAKE_INSTALL_PREFIX}")
  set(_psinfo_pc_out "${_psinfo_pc_dir}/${_psinfo_pc_key}/psinfo.pc")
  configure_file("${_psinfo_pc_in}" "${_psinfo_pc_out}" @ONLY)
  file(INSTALL DESTINATION "${_psinfo_pc_full_destdir}" TYPE FILE FILES "${_psinfo_pc_out}")
]] COMPONENT Development)

# The Python package (python/psinfo, component "Python"): its modules and py.typed, plus a
# copy of the shared library under its soname next to them (bundled: the package loads it
# first, whatever the loader's path), into PSINFO_PYTHON_SITEDIR under the prefix. The
# default is the directory Debian's python3 searches under /usr/local (and /usr):
# lib/python3.X/dist-packages on Debian, lib/python3.X/site-packages elsewhere. pip is the
# other way (README: pip install --no-build-isolation ./python).
option(PSINFO_INSTALL_PYTHON "Install the psinfo Python package" ON)
if(PSINFO_INSTALL_PYTHON AND UNIX AND NOT APPLE)
  find_package(Python3 COMPONENTS Interpreter QUIET)
  if(Python3_FOUND)
    set(_psinfo_py "python${Python3_VERSION_MAJOR}.${Python3_VERSION_MINOR}")
    if(EXISTS /usr/lib/python3/dist-packages)
      set(_psinfo_py_site "lib/${_psinfo_py}/dist-packages")
    else()
      set(_psinfo_py_site "lib/${_psinfo_py}/site-packages")
    endif()
    set(PSINFO_PYTHON_SITEDIR "${_psinfo_py_site}" CACHE STRING
        "Where the psinfo Python package is installed, under the prefix")
    install(DIRECTORY "${PROJECT_SOURCE_DIR}/python/psinfo"
            DESTINATION "${PSINFO_PYTHON_SITEDIR}" COMPONENT Python
            FILES_MATCHING PATTERN "*.py" PATTERN "py.typed" PATTERN "__pycache__" EXCLUDE)
    install(FILES "$<TARGET_FILE:psinfo>" DESTINATION "${PSINFO_PYTHON_SITEDIR}/psinfo"
            RENAME "libpsinfo.so.${PSINFO_SOVERSION}" COMPONENT Python)
  endif()
endif()
