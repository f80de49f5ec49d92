# article_editions.cmake: the golden Markdown article (input/article.md)
# in both editions, judged by the real validators. Run by ctest as
#   cmake -DGALLEY=bin -DINPUT=article.md -DWORK=dir -DJAVA=java
#         -DEPUBCHECK=jar -DQPDF=qpdf -DPDFIMAGES=pdfimages -P article_editions.cmake
# EPUB: epubcheck without a message; both images (JPEG, PNG) in the
# manifest with their media types and drawn with their alt text; the cover
# from the front matter marked cover-image. PDF: `qpdf --check` clean and
# both images drawn, the JPEG embedded as is (DCT).
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/x")
get_filename_component(dir "${INPUT}" DIRECTORY)
set(failures "")
foreach(ext epub pdf)
  execute_process(COMMAND "${GALLEY}" -o "${WORK}/article.${ext}" "${INPUT}"
    WORKING_DIRECTORY "${dir}" ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "galley -o article.${ext} exit ${rc}: ${err}")
  endif()
endforeach()

execute_process(COMMAND "${CMAKE_COMMAND}" -E env "EPUBCHECK_JAR=${EPUBCHECK}"
    bash "${CMAKE_CURRENT_LIST_DIR}/../epub/epubcheck.sh" "${WORK}/article.epub"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  list(APPEND failures "epubcheck: ${out}${err}")
endif()
file(ARCHIVE_EXTRACT INPUT "${WORK}/article.epub" DESTINATION "${WORK}/x")
file(GLOB_RECURSE opf "${WORK}/x/*.opf")
file(GLOB_RECURSE pages "${WORK}/x/*.xhtml")
file(READ "${opf}" opf_text)
set(xhtml "")
foreach(page ${pages})
  file(READ "${page}" t)
  string(APPEND xhtml "${t}")
endforeach()
if(NOT opf_text MATCHES "media-type=\"image/jpeg\"[^>]*properties=\"cover-image\"")
  list(APPEND failures "the JPEG is not in the manifest as the cover image")
endif()
if(NOT opf_text MATCHES "media-type=\"image/png\"")
  list(APPEND failures "the PNG is not in the manifest")
endif()
if(NOT xhtml MATCHES "<img [^>]*alt=\"A small harbour at slack water"
   OR NOT xhtml MATCHES "<img [^>]*alt=\"Height of the tide over two days")
  list(APPEND failures "an image or its alt text is missing from the XHTML")
endif()
if(NOT xhtml MATCHES "href=\"[^\"]*#reading-the-table\""
   OR NOT xhtml MATCHES "href=\"https://www.admiralty.co.uk/\"")
  list(APPEND failures "an internal or external link is missing from the XHTML")
endif()

execute_process(COMMAND "${QPDF}" --check "${WORK}/article.pdf"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  list(APPEND failures "qpdf --check exit ${rc}: ${err}")
endif()
execute_process(COMMAND "${PDFIMAGES}" -list "${WORK}/article.pdf"
  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
string(REGEX MATCHALL "\n +[0-9]+ +[0-9]+ +image +[0-9]+ +[0-9]+ +[a-z]+ +[0-9]+ +[0-9]+ +[a-z]+" images "${out}")
list(LENGTH images count)
# The JPEG is the cover too: drawn on the cover page and in the text, it is
# one image object (same object id), so three placements, two objects.
string(REGEX MATCHALL " image +[0-9]+ +[0-9]+ +[a-z]+ +[0-9]+ +[0-9]+ +[a-z]+ +[a-z]+ +[0-9]+ +0" ids "${out}")
set(objs "")
foreach(line ${ids})
  string(REGEX MATCH "[0-9]+ +0$" id "${line}")
  list(APPEND objs "${id}")
endforeach()
list(REMOVE_DUPLICATES objs)
list(LENGTH objs nobjs)
if(NOT count EQUAL 3 OR NOT nobjs EQUAL 2 OR NOT out MATCHES " 640 +400 +rgb +3 +8 +jpeg")
  list(APPEND failures "pdfimages finds ${count} placements of ${nobjs} images, not the cover, the 480x240 PNG and the 640x400 JPEG as is (cover and JPEG one object):\n${out}")
endif()
if(failures)
  string(REPLACE ";" "\n" failures "${failures}")
  message(FATAL_ERROR "${failures}")
endif()
