# run_golden.cmake: one golden case of either reader, run by ctest as
#   cmake -DGALLEY=bin -DINPUT=case.txt|case.md -DEXPECTED=case.dump
#         -DACTUAL=out [-DARGS_FILE=case.args] -P run_golden.cmake
# Runs `galley --dump [args] case` in the input's directory (so messages
# name "case.txt", not a machine's path), the options read from ARGS_FILE
# when it exists (one line, shell words), and compares stdout, then the
# warnings on stderr, then the exit status with EXPECTED. With
# GALLEY_REGEN=1 in the environment it rewrites EXPECTED instead, to be
# reviewed in the diff. Used by tests/golden.cmake (plain text) and
# tests/markdown.cmake (Markdown).
get_filename_component(dir "${INPUT}" DIRECTORY)
get_filename_component(name "${INPUT}" NAME)
set(args "")
if(ARGS_FILE AND EXISTS "${ARGS_FILE}")
  file(READ "${ARGS_FILE}" args)
  string(STRIP "${args}" args)
  separate_arguments(args UNIX_COMMAND "${args}")
endif()
execute_process(COMMAND "${GALLEY}" --dump ${args} "${name}"
  WORKING_DIRECTORY "${dir}"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
set(actual "${out}")
if(NOT err STREQUAL "")
  string(APPEND actual "-- stderr --\n${err}")
endif()
string(APPEND actual "-- exit ${rc} --\n")
if("$ENV{GALLEY_REGEN}" STREQUAL "1")
  file(WRITE "${EXPECTED}" "${actual}")
  message(STATUS "rewrote ${EXPECTED}")
  return()
endif()
if(NOT EXISTS "${EXPECTED}")
  file(WRITE "${ACTUAL}" "${actual}")
  message(FATAL_ERROR "no expected dump ${EXPECTED}; got ${ACTUAL} "
                      "(GALLEY_REGEN=1 writes it)")
endif()
file(READ "${EXPECTED}" expected)
if(NOT actual STREQUAL expected)
  file(WRITE "${ACTUAL}" "${actual}")
  execute_process(COMMAND diff -u "${EXPECTED}" "${ACTUAL}")
  message(FATAL_ERROR "dump differs from ${EXPECTED} (actual in ${ACTUAL}; "
                      "GALLEY_REGEN=1 with ctest -R on this test rewrites)")
endif()
