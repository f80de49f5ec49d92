# Fuzz targets: one per reader plus the whole pipeline. With GALLEY_FUZZ
# (clang) they are libFuzzer programs; otherwise they get a plain main and
# ctest replays the checked-in corpus (tests/fuzz/corpus/<target>/) plus
# the golden inputs through them. tests/fuzz/README says how to run a long
# campaign.
set(GALLEY_FUZZ_TARGETS fuzz_text fuzz_markdown fuzz_pipeline fuzz_frontmatter
    fuzz_image_check)
if(GALLEY_FUZZ)
  # libFuzzer is guided by the coverage of the code under test: the
  # library must carry the coverage instrumentation (without libFuzzer's
  # main), or the campaign fuzzes blind and only the harness is seen.
  target_compile_options(galley_obj PRIVATE -fsanitize=fuzzer-no-link)
endif()
# The reader of Cairo's PDF that the finishing pass runs on every PDF.
list(APPEND GALLEY_FUZZ_TARGETS fuzz_pdf_object)
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_style.c)
  list(APPEND GALLEY_FUZZ_TARGETS fuzz_style)
endif()
foreach(t ${GALLEY_FUZZ_TARGETS})
  if(GALLEY_FUZZ)
    add_executable(${t} fuzz/${t}.c)
    target_compile_options(${t} PRIVATE -fsanitize=fuzzer)
    target_link_options(${t} PRIVATE -fsanitize=fuzzer)
  else()
    add_executable(${t} fuzz/${t}.c fuzz/fuzz_main.c)
  endif()
  target_compile_options(${t} PRIVATE ${GALLEY_WARNINGS})
  target_link_libraries(${t} PRIVATE galley_static)
  string(REPLACE "fuzz_" "" corpus ${t})
  set(dirs ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${corpus})
  # The dictionary of the input language: text for the text reader,
  # Markdown for the Markdown reader and the pipeline, CSS for styles.
  if(corpus STREQUAL "style")
    set(dict ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/css.dict)
    # The shipped styles are seeds as they are, not copies that drift.
    list(APPEND dirs ${PROJECT_SOURCE_DIR}/styles)
  elseif(corpus STREQUAL "image_check")
    set(dict ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/image_check.dict)
    # The article's pictures are seeds as they are.
    list(APPEND dirs ${PROJECT_SOURCE_DIR}/input/images)
  elseif(corpus STREQUAL "text")
    set(dict ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/text.dict)
  elseif(corpus STREQUAL "pdf_object")
    set(dict ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/pdf_object.dict)
  elseif(corpus STREQUAL "frontmatter")
    set(dict ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/frontmatter.dict)
  else()
    set(dict ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/markdown.dict)
  endif()
  if(GALLEY_FUZZ)
    # A short seeded campaign: fixed number of runs, fixed seed. New
    # inputs go to a scratch directory in the build tree, never into the
    # checked-in corpus.
    set(name fuzz/${t})
    # The pipeline lays out a PDF per run (about 10 runs/s under the
    # sanitizers), the readers alone run hundreds of times faster.
    if(corpus STREQUAL "pipeline")
      set(runs 300)
    else()
      set(runs 5000)
    endif()
    add_test(NAME ${name}
      COMMAND ${t} -runs=${runs} -seed=1 -max_len=4096 -dict=${dict}
              ${CMAKE_CURRENT_BINARY_DIR}/fuzz-work-${corpus} ${dirs})
    file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/fuzz-work-${corpus})
  else()
    set(name fuzz/${t}-corpus)
    add_test(NAME ${name} COMMAND ${t} ${dirs})
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT 600
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}" )
endforeach()
