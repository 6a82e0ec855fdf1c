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
  foreach(v LIBDIR INCLUDEDIR)
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
    set(FFA_PC_VERSION [==[${PROJECT_VERSION}]==])
    set(FFA_PC_DESCRIPTION [==[${PROJECT_DESCRIPTION}]==])
    set(FFA_PC_LIBS_PRIVATE [==[${pc_threads}]==])
    configure_file([==[${template}]==] [==[${out}]==] @ONLY)
  ")
  install(FILES "${out}" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endfunction()
