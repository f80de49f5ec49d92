# golden.cmake: the plain-text reader's golden suite. Each whole article
# tests/golden/<case>.txt (and the sample article in input/) is its own
# ctest, golden/<case>, comparing `galley --dump [options] <case>.txt`
# (stdout, then the warnings on stderr, then the exit status; options from
# <case>.args when there is one) with <case>.dump, as
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
# One runner serves this suite and the Markdown one (tests/markdown.cmake):
# golden/run_golden.cmake, with options for a case in <case>.args.

set(GALLEY_TEXT_GOLDEN_DIR ${CMAKE_CURRENT_SOURCE_DIR}/golden)
set(GALLEY_GOLDEN_RUNNER ${GALLEY_TEXT_GOLDEN_DIR}/run_golden.cmake)
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
            -DARGS_FILE=${GALLEY_TEXT_GOLDEN_DIR}/${case}.args
            -DACTUAL=${CMAKE_CURRENT_BINARY_DIR}/golden-${case}.actual
            -P ${GALLEY_GOLDEN_RUNNER})
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
