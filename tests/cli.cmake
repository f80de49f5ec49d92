# Command-line contract: the built program driven as a build script would.
set(GALLEY_CLI_CASES usage missing-input missing-style output-is-input
    unwritable message-format stdio reproducible batch sigint
    file-size-limit write-failure worker-crash depfile report install resources
    resource-odd-dirs side-outputs depfile-complete input-limits messages-16
    markdown-sniff markdown-werror metadata-keys)
foreach(case ${GALLEY_CLI_CASES})
  add_test(NAME cli/${case}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/cli_test.sh
            $<TARGET_FILE:galley_cli> ${case} ${PROJECT_BINARY_DIR})
  set_tests_properties(cli/${case} PROPERTIES TIMEOUT 300
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
endforeach()
set_tests_properties(cli/batch cli/sigint cli/install PROPERTIES LABELS slow)
