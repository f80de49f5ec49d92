# The bad-input table (tests/bad-input/run.py): one ctest per row.
execute_process(COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/bad-input/run.py x --list
  OUTPUT_VARIABLE GALLEY_BAD_CASES OUTPUT_STRIP_TRAILING_WHITESPACE)
if(GALLEY_SANITIZE)
  set(GALLEY_SANITIZED 1)
else()
  set(GALLEY_SANITIZED 0)
endif()
foreach(case ${GALLEY_BAD_CASES})
  add_test(NAME bad-input/${case}
    COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/bad-input/run.py
            $<TARGET_FILE:galley_cli> ${case})
  set_tests_properties(bad-input/${case} PROPERTIES TIMEOUT 900
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};GALLEY_SANITIZED=${GALLEY_SANITIZED}")
endforeach()
set_tests_properties(bad-input/huge-line-20mb bad-input/100k-headings
  bad-input/huge-line-pdf-2mb bad-input/short-lines-10m PROPERTIES LABELS slow)
