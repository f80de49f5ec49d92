# cmark-gfm's own examples (tests/cmark-gfm/spec.txt and extensions.txt,
# from the library's source repository, with its COPYING) through the
# Markdown reader and the EPUB writer, compared with cmark-gfm's HTML
# after the documented differences are taken out
# (tests/cmark-gfm/conformance.py). Prints matched/total; a difference
# not in tests/cmark-gfm/known-differences.txt fails.
add_test(NAME cmark-gfm/conformance
  COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/cmark-gfm/conformance.py
          $<TARGET_FILE:galley_cli> ${CMAKE_CURRENT_SOURCE_DIR}/cmark-gfm
          ${PROJECT_BINARY_DIR}/cmark-gfm-conformance)
set_tests_properties(cmark-gfm/conformance PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77
  ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
