# Failure under pressure: memory limits, fault injection, a full disk.
add_test(NAME faults/oom
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/faults/oom_test.sh
          $<TARGET_FILE:galley_cli> ${GALLEY_SANITIZE})
set_tests_properties(faults/oom PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77
  ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};SOURCE_DATE_EPOCH=1700000000")

# Fault injection (cmake -DGALLEY_FAULT_INJECTION=ON builds galley_fault):
# the N-th allocation or output write fails. A sample of the points in
# the normal suite (about a minute on two cores); every point under the
# labels slow and faults-all, which CI leaves out: about 136,000 runs,
# hours on two cores. Run them with `ctest --test-dir build -L faults-all`.
if(GALLEY_FAULT_INJECTION AND PYTHON3)
  foreach(input 000_0cf0c6b4b4a8e552.txt article.md)
    get_filename_component(stem ${input} NAME_WE)
    add_test(NAME faults/inject-${stem}
      COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/faults/inject_test.py
              $<TARGET_FILE:galley_fault> ${PROJECT_SOURCE_DIR}/input/${input})
    add_test(NAME faults/inject-all-${stem}
      COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/faults/inject_test.py --all --jobs 2
              $<TARGET_FILE:galley_fault> ${PROJECT_SOURCE_DIR}/input/${input})
    set_tests_properties(faults/inject-${stem} PROPERTIES TIMEOUT 900
      ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
    set_tests_properties(faults/inject-all-${stem} PROPERTIES TIMEOUT 21600 LABELS "slow;faults-all"
      ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
  endforeach()
endif()

# A full file system: a 64 KB tmpfs (needs root to mount, else skipped).
add_test(NAME faults/full-disk
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/faults/full_disk_test.sh $<TARGET_FILE:galley_cli>)
set_tests_properties(faults/full-disk PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77
  ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
