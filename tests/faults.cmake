# Failure under pressure: memory limits, fault injection, a full disk.
add_test(NAME faults/oom
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/faults/oom_test.sh
          $<TARGET_FILE:galley_cli> ${GALLEY_SANITIZE})
set_tests_properties(faults/oom PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77
  ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};SOURCE_DATE_EPOCH=1700000000")
