# The Markdown reader's suite (unit tests are tests/unit/test_markdown.c,
# test_frontmatter.c, test_credit.c):
#   md-golden/<case>  tests/golden-md/<case>.md (and <case>.txt: Markdown
#                     saved as .txt, which galley detects) against <case>.dump, through
#                     `galley --dump` (options in <case>.args); the golden
#                     article input/article.md against golden-md/article.dump.
#                     GALLEY_REGEN=1 ctest -R md-golden rewrites the dumps.
#   md/deep-nesting   thousands of nested quotes and lists, generated at run
#                     time, read and written without crashing.
#   md/article-editions  input/article.md in both editions: epubcheck clean,
#                     images in the manifest and the XHTML, qpdf --check
#                     clean, both images in the PDF (pdfimages -list).
set(GALLEY_MD_GOLDEN_DIR ${CMAKE_CURRENT_SOURCE_DIR}/golden-md)
file(GLOB GALLEY_MD_GOLDEN_CASES CONFIGURE_DEPENDS ${GALLEY_MD_GOLDEN_DIR}/*.md
     ${GALLEY_MD_GOLDEN_DIR}/*.txt)
list(APPEND GALLEY_MD_GOLDEN_CASES ${PROJECT_SOURCE_DIR}/input/article.md)
foreach(input ${GALLEY_MD_GOLDEN_CASES})
  get_filename_component(case ${input} NAME_WE)
  add_test(NAME md-golden/${case}
    COMMAND ${CMAKE_COMMAND} -DGALLEY=$<TARGET_FILE:galley_cli>
            -DINPUT=${input}
            -DEXPECTED=${GALLEY_MD_GOLDEN_DIR}/${case}.dump
            -DARGS_FILE=${GALLEY_MD_GOLDEN_DIR}/${case}.args
            -DACTUAL=${CMAKE_CURRENT_BINARY_DIR}/md-golden-${case}.actual
            -P ${CMAKE_CURRENT_SOURCE_DIR}/golden/run_golden.cmake)
  set_tests_properties(md-golden/${case} PROPERTIES TIMEOUT 60
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
endforeach()

add_test(NAME md/deep-nesting
  COMMAND ${CMAKE_COMMAND} -DGALLEY=$<TARGET_FILE:galley_cli>
          -DWORK=${CMAKE_CURRENT_BINARY_DIR}/md-deep -DDEPTH=2000
          -P ${GALLEY_MD_GOLDEN_DIR}/deep_nesting.cmake)
set_tests_properties(md/deep-nesting PROPERTIES TIMEOUT 600
  ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}"
  SKIP_REGULAR_EXPRESSION "SKIPPED: the [a-z;]+ writer is not built yet")

find_program(PDFIMAGES pdfimages)
if(JAVA AND QPDF AND PDFIMAGES)
  add_test(NAME md/article-editions
    COMMAND ${CMAKE_COMMAND} -DGALLEY=$<TARGET_FILE:galley_cli>
            -DINPUT=${PROJECT_SOURCE_DIR}/input/article.md
            -DWORK=${CMAKE_CURRENT_BINARY_DIR}/md-article
            -DJAVA=${JAVA} -DEPUBCHECK=${EPUBCHECK_JAR} -DQPDF=${QPDF}
            -DPDFIMAGES=${PDFIMAGES}
            -P ${GALLEY_MD_GOLDEN_DIR}/article_editions.cmake)
  set_tests_properties(md/article-editions PROPERTIES TIMEOUT 300
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};SOURCE_DATE_EPOCH=1773446400")
endif()
