# Regression cases: one script per fixed bug, named after its issue
# (tests/regress/issueN-what.sh GALLEY), each its own ctest.
file(GLOB GALLEY_REGRESS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/regress/*.sh)
foreach(script ${GALLEY_REGRESS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME regress/${name} COMMAND bash ${script} $<TARGET_FILE:galley_cli>)
  set_tests_properties(regress/${name} PROPERTIES TIMEOUT 120
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
endforeach()
