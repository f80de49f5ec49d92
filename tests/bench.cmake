# The benchmark harness works (tiny input, one run, no peers). Timings are
# never asserted: bench/run prints ratios for people to read.
add_test(NAME bench/smoke
  COMMAND python3 ${PROJECT_SOURCE_DIR}/bench/run --smoke
          --galley $<TARGET_FILE:galley_cli> --out ${CMAKE_CURRENT_BINARY_DIR}/bench-smoke)
set_tests_properties(bench/smoke PROPERTIES TIMEOUT 300 LABELS slow
  ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
