# The EPUB edition judged from outside (tests/epub/epub_test.sh): every
# EPUB the suite produces passes epubcheck without a single message, two
# runs with SOURCE_DATE_EPOCH give the same bytes, the spine holds every
# word of the input in order, and the sample's block structure matches
# shared/tools/truth/seed.json. Unit tests of the writer: unit/test_epub.c.
set(GALLEY_EPUB_SAMPLE ${PROJECT_SOURCE_DIR}/input/000_0cf0c6b4b4a8e552.txt)
file(GLOB GALLEY_EPUB_GOLDEN CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_SOURCE_DIR}/golden/*.txt ${CMAKE_CURRENT_SOURCE_DIR}/golden/*.md)
set(GALLEY_EPUB_ESCAPING ${CMAKE_CURRENT_SOURCE_DIR}/epub/escaping.txt)
set(GALLEY_EPUB_MARKDOWN ${PROJECT_SOURCE_DIR}/input/article.md)

function(galley_epub_test name mode input)
  add_test(NAME epub/${mode}/${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/epub/epub_test.sh
            $<TARGET_FILE:galley_cli> ${mode} ${input} ${PROJECT_BINARY_DIR}
            ${GALLEY_SHARED_DIR})
  set_tests_properties(epub/${mode}/${name} PROPERTIES TIMEOUT 300
    SKIP_RETURN_CODE 77
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};EPUBCHECK_JAR=${EPUBCHECK_JAR}")
endfunction()

# Every EPUB produced goes through epubcheck. The sample, the escaping
# case, input/article.md and every golden input are checked in batches
# (tests/epub/epubcheck_many.sh: one Java run for a batch, not one for
# each EPUB, which cost 5-10 s of processor time apiece); each plain-text
# input also has its own fidelity test.
set(cases sample ${GALLEY_EPUB_SAMPLE} escaping ${GALLEY_EPUB_ESCAPING})
if(EXISTS ${GALLEY_EPUB_MARKDOWN})
  list(APPEND cases markdown ${GALLEY_EPUB_MARKDOWN})
endif()
foreach(src ${GALLEY_EPUB_GOLDEN})
  get_filename_component(base ${src} NAME_WE)
  list(APPEND cases golden-${base} ${src})
endforeach()
list(LENGTH cases n)
math(EXPR last "${n} - 1")
set(batch "")
set(batch_no 0)
set(batch_size 45)
foreach(i RANGE 0 ${last} 2)
  math(EXPR j "${i} + 1")
  list(GET cases ${i} name)
  list(GET cases ${j} src)
  list(APPEND batch ${src})
  list(LENGTH batch size)
  if(size EQUAL batch_size OR j EQUAL last)
    math(EXPR batch_no "${batch_no} + 1")
    add_test(NAME epub/epubcheck/batch-${batch_no}
      COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/epub/epubcheck_many.sh
              $<TARGET_FILE:galley_cli> ${PROJECT_BINARY_DIR} ${batch_no} ${batch})
    set_tests_properties(epub/epubcheck/batch-${batch_no} PROPERTIES TIMEOUT 600
      ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};EPUBCHECK_JAR=${EPUBCHECK_JAR}")
    set(batch "")
  endif()
  # Text fidelity for plain-text articles (Markdown syntax is not text).
  if(src MATCHES "\\.txt$")
    galley_epub_test(${name} fidelity ${src})
  endif()
endforeach()

# A model built by hand with the nodes of GitHub Flavored Markdown
# (tables, notes, deleted text, tasks): epubcheck clean.
add_test(NAME epub/model/gfm
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/epub/epub_test.sh
          $<TARGET_FILE:test_epub> model gfm ${PROJECT_BINARY_DIR})
set_tests_properties(epub/model/gfm PROPERTIES TIMEOUT 300
  ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};EPUBCHECK_JAR=${EPUBCHECK_JAR}")

# A Markdown article with the GFM constructs, end to end.
galley_epub_test(gfm-article gfm ${CMAKE_CURRENT_SOURCE_DIR}/epub/gfm-article.md)
# The README's Markdown example.
galley_epub_test(markdown-example epubcheck ${PROJECT_SOURCE_DIR}/docs/markdown-example.md)

# The EPUB respects its reader: the style sheet leaves type size and
# colours to the reading system, and the navigation speaks the book's
# language (tests/epub/epub_test.sh, mode reader).
foreach(case "sample;${GALLEY_EPUB_SAMPLE};Contents"
    "ru;${CMAKE_CURRENT_SOURCE_DIR}/golden/ru-agency-datelines.txt;Содержание"
    "kk;${CMAKE_CURRENT_SOURCE_DIR}/golden/kazakh-cyrillic.txt;Мазмұны")
  list(GET case 0 name)
  list(GET case 1 src)
  list(GET case 2 want)
  add_test(NAME epub/reader/${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/epub/epub_test.sh
            $<TARGET_FILE:galley_cli> reader ${src} ${PROJECT_BINARY_DIR}
            ${GALLEY_SHARED_DIR} ${want})
  set_tests_properties(epub/reader/${name} PROPERTIES TIMEOUT 300
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};EPUBCHECK_JAR=${EPUBCHECK_JAR}")
endforeach()

# The EPUB as a reader sees it, in headless Chromium at a phone's width:
# the text grows with the reader's font size at 200 %, every text reads
# at 4.5:1 in the light and a dark theme, nothing overflows the screen
# (tests/epub/reader_view_test.py; label browser, skipped without
# Debian's chromium).
if(PYTHON3)
  foreach(case "sample-classic;${GALLEY_EPUB_SAMPLE};classic"
      "sample-modern;${GALLEY_EPUB_SAMPLE};modern"
      "md-classic;${PROJECT_SOURCE_DIR}/docs/markdown-example.md;classic"
      "ru-modern;${CMAKE_CURRENT_SOURCE_DIR}/golden/ru-agency-datelines.txt;modern"
      "kk-classic;${CMAKE_CURRENT_SOURCE_DIR}/golden/kazakh-cyrillic.txt;classic")
    list(GET case 0 name)
    list(GET case 1 src)
    list(GET case 2 style)
    add_test(NAME epub/reader-view/${name}
      COMMAND ${PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/epub/reader_view_test.py
              $<TARGET_FILE:galley_cli> ${src} ${PROJECT_BINARY_DIR}/epub-view/${name}
              --style ${style})
    set_tests_properties(epub/reader-view/${name} PROPERTIES TIMEOUT 300
      SKIP_RETURN_CODE 77 LABELS browser
      ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
  endforeach()
endif()

# DAISY's Ace on the EPUBs of the sample, the Markdown example (tables,
# notes, figures), a Russian and a Kazakh text, and a right-to-left one:
# no violation. Ace comes from npm (@daisy/ace, installed into the build
# tree by epub/ace-install when missing; skipped without npm or
# chromium). Labels heavy and ace: outside .ci/run, `ctest -L ace`.
if(PYTHON3)
  set(GALLEY_ACE_TEST ${CMAKE_CURRENT_SOURCE_DIR}/epub/ace_test.py)
  add_test(NAME epub/ace-install
    COMMAND ${PYTHON3} ${GALLEY_ACE_TEST} --install ${PROJECT_BINARY_DIR}/epub-ace)
  set_tests_properties(epub/ace-install PROPERTIES TIMEOUT 900
    SKIP_RETURN_CODE 77 LABELS "heavy;ace" FIXTURES_SETUP galley-ace)
  add_test(NAME epub/ace
    COMMAND ${PYTHON3} ${GALLEY_ACE_TEST} $<TARGET_FILE:galley_cli>
            ${PROJECT_BINARY_DIR}/epub-ace ${GALLEY_EPUB_SAMPLE}
            ${PROJECT_SOURCE_DIR}/input/article.md
            ${PROJECT_SOURCE_DIR}/docs/markdown-example.md
            ${CMAKE_CURRENT_SOURCE_DIR}/golden/ru-agency-datelines.txt
            ${CMAKE_CURRENT_SOURCE_DIR}/golden/kazakh-cyrillic.txt
            ${CMAKE_CURRENT_SOURCE_DIR}/golden/lang-he-undeclared.txt)
  set_tests_properties(epub/ace PROPERTIES TIMEOUT 1800 SKIP_RETURN_CODE 77
    LABELS "heavy;ace" FIXTURES_REQUIRED galley-ace
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR}")
endif()

# The book's language guessed from its letters, and its direction: an
# Arabic and a Hebrew article declaring no language are right to left,
# a Russian one stays left to right, and is right to left when
# --language names Persian (tests/epub/epub_test.sh, mode direction).
foreach(case "ar-md;${CMAKE_CURRENT_SOURCE_DIR}/golden-md/lang-ar-undeclared.md;ar;rtl"
    "ar-txt;${CMAKE_CURRENT_SOURCE_DIR}/golden/lang-ar-undeclared.txt;ar;rtl"
    "he-txt;${CMAKE_CURRENT_SOURCE_DIR}/golden/lang-he-undeclared.txt;he;rtl"
    "ru-md;${CMAKE_CURRENT_SOURCE_DIR}/golden-md/lang-ru-undeclared.md;ru;ltr"
    "ru-md-language-fa;${CMAKE_CURRENT_SOURCE_DIR}/golden-md/lang-ru-undeclared.md;fa;rtl;--language fa")
  list(GET case 0 name)
  list(GET case 1 src)
  list(GET case 2 lang)
  list(GET case 3 dir)
  set(options "")
  list(LENGTH case n)
  if(n GREATER 4)
    list(GET case 4 options)
  endif()
  add_test(NAME epub/direction/${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/epub/epub_test.sh
            $<TARGET_FILE:galley_cli> direction ${src} ${PROJECT_BINARY_DIR}
            "${GALLEY_SHARED_DIR}" ${lang} ${dir} "${options}")
  set_tests_properties(epub/direction/${name} PROPERTIES TIMEOUT 300
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};EPUBCHECK_JAR=${EPUBCHECK_JAR}")
endforeach()

galley_epub_test(legal-enumerators enumerators
  ${CMAKE_CURRENT_SOURCE_DIR}/golden/legal-enumerators.txt)
galley_epub_test(sample reproducible ${GALLEY_EPUB_SAMPLE})
galley_epub_test(escaping reproducible ${GALLEY_EPUB_ESCAPING})
galley_epub_test(sample structure ${GALLEY_EPUB_SAMPLE})
galley_epub_test(long split ${GALLEY_EPUB_SAMPLE})

# The header area seen from outside (tests/epub/header_test.sh): an
# article with no headline prints no "Untitled" in either edition while
# its dc:title falls back to it; a date line and a byline become dc:date,
# dc:creator and the PDF's author.
function(galley_header_test name mode input)
  add_test(NAME epub/header-${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/epub/header_test.sh
            $<TARGET_FILE:galley_cli> ${mode} ${input} ${PROJECT_BINARY_DIR} ${ARGN})
  set_tests_properties(epub/header-${name} PROPERTIES TIMEOUT 300
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};EPUBCHECK_JAR=${EPUBCHECK_JAR}")
endfunction()
galley_header_test(untitled-sample untitled ${GALLEY_EPUB_SAMPLE} Untitled)
galley_header_test(date-above metadata
  ${CMAKE_CURRENT_SOURCE_DIR}/golden/header-date-above.txt 2019-03-08 "Jane Doe")
galley_header_test(ru-datelines metadata
  ${CMAKE_CURRENT_SOURCE_DIR}/golden/ru-agency-datelines.txt 2022-05-14 "Иван Петров")
galley_header_test(name-line metadata
  ${CMAKE_CURRENT_SOURCE_DIR}/golden/header-name-line.txt 2022-05-14 "Alexey Rogov")
galley_header_test(kk-signing-byline metadata
  ${CMAKE_CURRENT_SOURCE_DIR}/golden/kk-agency-datelines.txt 2019-03-08 "Әлия Нұрланқызы")

# The print edition's page numbers in the EPUB (tests/epub/pagelist_test.sh):
# a marker where each PDF page begins, checked against pdftotext of that
# page, and the page-list; for the sample article, the Markdown article
# (cover, lists, figures), a book of the corpus at A5 and a generated
# book of about 300 pages at A5.
function(galley_pagelist_test name input)
  add_test(NAME epub/pagelist/${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/epub/pagelist_test.sh
            $<TARGET_FILE:galley_cli> ${input} ${PROJECT_BINARY_DIR} ${ARGN})
  set_tests_properties(epub/pagelist/${name} PROPERTIES TIMEOUT 600
    SKIP_RETURN_CODE 77
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};EPUBCHECK_JAR=${EPUBCHECK_JAR}")
endfunction()
galley_pagelist_test(sample ${GALLEY_EPUB_SAMPLE})
if(EXISTS ${GALLEY_EPUB_MARKDOWN})
  galley_pagelist_test(markdown ${GALLEY_EPUB_MARKDOWN})
endif()
galley_pagelist_test(dubliners-a5
  ${CMAKE_CURRENT_SOURCE_DIR}/corpus/texts/en-dubliners-book.txt A5)
galley_pagelist_test(book-300 book)

# The cover made when none is given (tests/epub/cover_test.sh): in the
# EPUB for an English title with & < > and quotes, a Russian, an Arabic
# (right to left) and a very long one, epubcheck clean; as the PDF's first
# page (by default; --no-cover-page leaves it out), the text's pages
# unchanged and numbered from 1.
foreach(case "en;epub;cover-en.md" "ru;epub;cover-ru.md" "ar;epub;cover-ar.md"
    "long;epub;cover-long.md" "en;pdf;cover-en.md" "ru-a5;pdf;cover-ru.md;--page-size A5"
    "long;pdf;cover-long.md")
  list(GET case 0 name)
  list(GET case 1 mode)
  list(GET case 2 src)
  set(options "")
  list(LENGTH case n)
  if(n GREATER 3)
    list(GET case 3 options)
  endif()
  add_test(NAME epub/cover-${mode}/${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/epub/cover_test.sh
            $<TARGET_FILE:galley_cli> ${mode} ${CMAKE_CURRENT_SOURCE_DIR}/epub/${src}
            ${PROJECT_BINARY_DIR} "${options}")
  set_tests_properties(epub/cover-${mode}/${name} PROPERTIES TIMEOUT 300
    ENVIRONMENT "GALLEY_DATADIR=${PROJECT_SOURCE_DIR};EPUBCHECK_JAR=${EPUBCHECK_JAR}")
endforeach()
