# valgrind on the sample conversions (plain text and Markdown, both
# editions): no memory errors and no definite leaks. Labelled slow (about
# 10 s each); skipped when valgrind is not installed or under the
# sanitizers, which valgrind cannot run alongside.
find_program(VALGRIND valgrind)
if(VALGRIND AND NOT GALLEY_SANITIZE AND NOT GALLEY_FUZZ)
  foreach(input 000_0cf0c6b4b4a8e552.txt article.md)
    add_test(NAME valgrind/${input}
      COMMAND ${VALGRIND} -q --leak-check=full --errors-for-leak-kinds=definite
              --error-exitcode=1
              --suppressions=${CMAKE_CURRENT_SOURCE_DIR}/valgrind.supp
              $<TARGET_FILE:galley_cli> ${PROJECT_SOURCE_DIR}/input/${input}
              -d ${CMAKE_CURRENT_BINARY_DIR}/valgrind-out)
    set_tests_properties(valgrind/${input} PROPERTIES LABELS slow TIMEOUT 600
      ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};SOURCE_DATE_EPOCH=1700000000")
  endforeach()
endif()
