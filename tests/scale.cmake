# Converting an archive in parts (tests/scale/): shards of a manifest, the
# content-addressed cache, and the recipes of docs/scale-out.md on real
# job engines over loopback. Those two install and start sshd, GNU
# parallel, munge and Slurm: labels heavy and slow, which neither half of
# .ci/test runs; `ctest -L scale-out` runs them, as root.
foreach(case shard-partition shard-convert cache cache-concurrent cache-limit)
  add_test(NAME scale/${case}
    COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/scale/scale_test.py
            $<TARGET_FILE:galley_cli> ${case})
  set_tests_properties(scale/${case} PROPERTIES TIMEOUT 300
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
endforeach()
foreach(engine parallel-ssh slurm)
  add_test(NAME scale/${engine}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scale/${engine}.sh
            $<TARGET_FILE:galley_cli> ${PROJECT_BINARY_DIR}/scale-${engine})
  set_tests_properties(scale/${engine} PROPERTIES TIMEOUT 1800
    LABELS "heavy;slow;scale-out" RUN_SERIAL TRUE SKIP_RETURN_CODE 77
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
endforeach()
