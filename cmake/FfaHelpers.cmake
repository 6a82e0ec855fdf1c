# SPDX-License-Identifier: BSD-3-Clause
#
# Small helpers shared by libffa's CMake files.

# ffa_library_setup(<target>): include paths and link dependencies common to
# the object, static and shared library targets.
function(ffa_library_setup target)
  target_include_directories(${target}
    PUBLIC
      "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>"
      "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>"
    PRIVATE
      "${PROJECT_SOURCE_DIR}/libffa")
  # libffa/port/*.c are hosted POSIX helpers (locks); the core needs nothing.
  target_link_libraries(${target} PRIVATE Threads::Threads)
endfunction()

# ffa_install_pkgconfig(<template> <name>): configure <template> (@ONLY) at
# install time, with the prefix actually being installed to, and install it
# as ${CMAKE_INSTALL_LIBDIR}/pkgconfig/<name>.
function(ffa_install_pkgconfig template name)
  set(out "${PROJECT_BINARY_DIR}/pkgconfig/${name}")
  # Paths relative to ${prefix} stay relative so the file follows the prefix.
  foreach(v LIBDIR INCLUDEDIR BINDIR DATADIR)
    if(IS_ABSOLUTE "${CMAKE_INSTALL_${v}}")
      set(pc_${v} "${CMAKE_INSTALL_${v}}")
    else()
      set(pc_${v} "\${prefix}/${CMAKE_INSTALL_${v}}")
    endif()
  endforeach()
  # Threads::Threads flags for static linking (may be empty with glibc >= 2.34).
  set(pc_threads "${CMAKE_THREAD_LIBS_INIT}")
  install(CODE "
    set(FFA_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
    set(FFA_PC_LIBDIR [==[${pc_LIBDIR}]==])
    set(FFA_PC_INCLUDEDIR [==[${pc_INCLUDEDIR}]==])
    set(FFA_PC_BINDIR [==[${pc_BINDIR}]==])
    set(FFA_PC_DATADIR [==[${pc_DATADIR}]==])
    set(FFA_PC_VERSION [==[${PROJECT_VERSION}]==])
    set(FFA_PC_DESCRIPTION [==[${PROJECT_DESCRIPTION}]==])
    set(FFA_PC_LIBS_PRIVATE [==[${pc_threads}]==])
    configure_file([==[${template}]==] [==[${out}]==] @ONLY)
  ")
  install(FILES "${out}" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endfunction()

# ffa_add_test(NAME LABEL): register the test executable NAME (a Criterion
# or criterion-lite program) with ctest: its timeout, label, working
# directory, and under sanitizers the settings that make any sanitizer
# report fail the test. Every test program in the tree goes through here.
function(ffa_add_test name label)
  add_test(NAME ${name} COMMAND ${name})
  get_target_property(dir ${name} RUNTIME_OUTPUT_DIRECTORY)
  set_tests_properties(${name} PROPERTIES
    TIMEOUT ${FFA_TEST_TIMEOUT}
    LABELS "${label}"
    WORKING_DIRECTORY "${dir}")
  if(FFA_SANITIZE OR FFA_BUILD_FUZZ)
    # Criterion reports a test passed before its worker exits, and by
    # default the worker _exit()s at once, so LeakSanitizer would never run
    # and a report printed after the verdict would not fail the test.
    # Let workers exit normally and fail on any sanitizer report.
    set_tests_properties(${name} PROPERTIES
      ENVIRONMENT "CRITERION_NO_EARLY_EXIT=1;UBSAN_OPTIONS=print_stacktrace=1"
      FAIL_REGULAR_EXPRESSION "ERROR: AddressSanitizer;ERROR: LeakSanitizer;: runtime error: ")
  endif()
endfunction()
