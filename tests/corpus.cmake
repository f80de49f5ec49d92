# corpus.cmake: the corpus of real texts (tests/corpus/) as one test,
# corpus/check: every text converts, every EPUB passes epubcheck without a
# message, no word of a text is lost or reordered, and the mean structure
# F1 of each part of the split stays above its floor. It needs the shared
# measuring tools beside the project (skipped, exit 77, without them) and
# takes a minute or two: label "corpus", outside the sanitizer run. tests/corpus/measure prints the figures behind it, with
# pandoc's and calibre's beside galley's.
# Floors a little under what the reader reaches (see the README of
# tests/corpus); raise them as the reader improves.
set(GALLEY_CORPUS_FLOORS "dev=0.98,heldout=0.945")
if(PYTHON3 AND JAVA AND EXISTS ${EPUBCHECK_JAR})
  add_test(NAME corpus/check
    COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/corpus/check $<TARGET_FILE:galley_cli>
            --min-f1 ${GALLEY_CORPUS_FLOORS})
  set_tests_properties(corpus/check PROPERTIES TIMEOUT 2400 LABELS "corpus;slow"
    SKIP_RETURN_CODE 77
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};GALLEY_TOOLS=${GALLEY_SHARED_DIR}/tools;EPUBCHECK_JAR=${EPUBCHECK_JAR}")
endif()
