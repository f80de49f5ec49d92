# The benchmark harness works (tiny input, one run, no peers). Timings are
# never asserted: bench/run prints ratios for people to read.
add_test(NAME bench/smoke
  COMMAND python3 ${PROJECT_SOURCE_DIR}/bench/run --smoke
          --galley $<TARGET_FILE:galley_cli> --out ${CMAKE_CURRENT_BINARY_DIR}/bench-smoke)
set_tests_properties(bench/smoke PROPERTIES TIMEOUT 300 LABELS slow
  ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")

# The editions' bytes do not depend on the number of threads.
add_test(NAME bench/pdf-threads-deterministic
  COMMAND sh ${PROJECT_SOURCE_DIR}/bench/threads_test.sh
          $<TARGET_FILE:galley_cli> ${CMAKE_CURRENT_BINARY_DIR}/bench-threads)
set_tests_properties(bench/pdf-threads-deterministic PROPERTIES TIMEOUT 600
  ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")

# galley beside XeLaTeX and WeasyPrint on the same documents, same face,
# size, leading and measure, figures side by side (bench/typeset). Needs
# texlive-xetex, weasyprint, pandoc (installed when missing) and the
# shared pdfquality, and takes minutes: label heavy, which .ci/test leaves
# out; run it with ctest -L heavy. Skipped (77) without pdfquality; never
# pass/fail on the figures.
add_test(NAME bench/typeset
  COMMAND ${PYTHON3} ${PROJECT_SOURCE_DIR}/bench/typeset
          --galley $<TARGET_FILE:galley_cli>
          --out ${CMAKE_CURRENT_BINARY_DIR}/bench-typeset)
set_tests_properties(bench/typeset PROPERTIES TIMEOUT 3600 LABELS "heavy;slow"
  SKIP_RETURN_CODE 77
  ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
