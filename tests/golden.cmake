# golden.cmake: the plain-text reader's golden suite. Each whole article
# tests/golden/<case>.txt (and the sample article in input/) is its own
# ctest, golden/<case>, comparing `galley --dump <case>.txt` (stdout, then
# the warnings on stderr, then the exit status) with <case>.dump, as
# libzip's regress/ runs one test per case. Run in the case's directory,
# so messages name "<case>.txt" and not a machine's path.
#
#   GALLEY_REGEN=1 ctest -R '^golden/'   rewrites the .dump files, to be
#                                        reviewed in the diff.
#
# golden/sample-truth checks the sample's dump against the block sequence
# in ../shared/tools/truth/seed.json (the yardstick the project is judged
# by), so a regenerated dump cannot quietly drift from it.
#
# This file is both the suite (included by tests/CMakeLists.txt) and the
# runner of one case (cmake -DGALLEY=... -DINPUT=... -DEXPECTED=...
# -DACTUAL=... -P golden.cmake).

if(CMAKE_SCRIPT_MODE_FILE)
  get_filename_component(dir "${INPUT}" DIRECTORY)
  get_filename_component(name "${INPUT}" NAME)
  execute_process(COMMAND "${GALLEY}" --dump "${name}"
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
                        "GALLEY_REGEN=1 ctest -R '^golden/' rewrites)")
  endif()
  return()
endif()

set(GALLEY_TEXT_GOLDEN_DIR ${CMAKE_CURRENT_SOURCE_DIR}/golden)
set(GALLEY_SAMPLE ${PROJECT_SOURCE_DIR}/input/000_0cf0c6b4b4a8e552.txt)
file(GLOB GALLEY_TEXT_GOLDEN_CASES CONFIGURE_DEPENDS ${GALLEY_TEXT_GOLDEN_DIR}/*.txt)
if(EXISTS ${GALLEY_SAMPLE})
  list(APPEND GALLEY_TEXT_GOLDEN_CASES ${GALLEY_SAMPLE})
endif()
foreach(input ${GALLEY_TEXT_GOLDEN_CASES})
  get_filename_component(case ${input} NAME_WE)
  add_test(NAME golden/${case}
    COMMAND ${CMAKE_COMMAND} -DGALLEY=$<TARGET_FILE:galley_cli>
            -DINPUT=${input}
            -DEXPECTED=${GALLEY_TEXT_GOLDEN_DIR}/${case}.dump
            -DACTUAL=${CMAKE_CURRENT_BINARY_DIR}/golden-${case}.actual
            -P ${CMAKE_CURRENT_LIST_FILE})
  set_tests_properties(golden/${case} PROPERTIES TIMEOUT 60
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
endforeach()

set(GALLEY_SEED_TRUTH ${GALLEY_SHARED_DIR}/tools/truth/seed.json)
if(PYTHON3 AND EXISTS ${GALLEY_SAMPLE} AND EXISTS ${GALLEY_SEED_TRUTH})
  add_test(NAME golden/sample-truth
    COMMAND ${PYTHON3} ${GALLEY_TEXT_GOLDEN_DIR}/truth_check.py
            $<TARGET_FILE:galley_cli> ${GALLEY_SAMPLE} ${GALLEY_SEED_TRUTH})
  set_tests_properties(golden/sample-truth PROPERTIES TIMEOUT 60
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
endif()

# The reader's unit tests include pathological sizes (a 20 MB line,
# 100,000 lines); a generous timeout is their hang guard.
if(TEST unit/test_text_rules)
  set_tests_properties(unit/test_text_rules PROPERTIES TIMEOUT 300)
endif()
