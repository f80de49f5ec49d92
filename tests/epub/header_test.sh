#!/bin/bash
# header_test.sh: what the header area gives both editions, judged from
# outside, one ctest case a run.
#
#   header_test.sh GALLEY MODE INPUT WORKDIR [EXPECT...]
#
# MODE
#   untitled  INPUT has no headline and a file name that is an identifier:
#             the EPUB's dc:title is the fallback EXPECT[0] ("Untitled"),
#             but no XHTML document (title page, nav, NCX labels) and no
#             page of the PDF (pdftotext: title page, running heads) shows
#             it; epubcheck reports nothing
#   metadata  INPUT has a date line and a byline: the OPF holds
#             <dc:date>EXPECT[0]</dc:date> and a dc:creator EXPECT[1], and
#             the PDF's Author (pdfinfo) starts with EXPECT[1]
set -u
galley=$1 mode=$2 input=$3 work=$4
shift 4
epubcheck=$(cd "$(dirname "$0")" && pwd)/epubcheck.sh
name=$(basename "$input")
dir="$work/header-test/$mode-${name%.*}"
rm -rf "$dir"
mkdir -p "$dir/x"
export SOURCE_DATE_EPOCH=1700000000

fail() { echo "FAIL: $*" >&2; exit 1; }

# The input is copied so that its file name is the test's, not a path.
cp "$input" "$dir/$name"
"$galley" -q "$dir/$name" -o "$dir/out.epub" || fail "galley (EPUB) exited with $?"
"$galley" -q -t pdf "$dir/$name" -o "$dir/out.pdf" || fail "galley (PDF) exited with $?"
(cd "$dir/x" && unzip -q ../out.epub) || fail "cannot unzip the EPUB"
opf="$dir/x/OEBPS/content.opf"

case $mode in
untitled)
  word=$1
  grep -q "<dc:title id=\"title\">$word</dc:title>" "$opf" ||
    fail "dc:title is not the fallback '$word'"
  # visible text: the bodies of the XHTML documents and the NCX's labels
  # (each document's <title> in <head> is not shown)
  for f in "$dir"/x/OEBPS/*.xhtml; do
    sed -n '/<body/,$p' "$f"
  done >"$dir/visible.txt"
  grep -o '<navLabel><text>[^<]*' "$dir/x/OEBPS/toc.ncx" >>"$dir/visible.txt"
  if grep -n "$word" "$dir/visible.txt"; then fail "'$word' is visible in the EPUB"; fi
  grep -q 'Thirty-four years ago' "$dir/visible.txt" || fail "no body text found (test broken?)"
  pdftotext "$dir/out.pdf" "$dir/pdf.txt" || fail "pdftotext failed"
  if grep -n "$word" "$dir/pdf.txt"; then fail "'$word' is printed in the PDF"; fi
  grep -q 'Thirty-four years ago' "$dir/pdf.txt" || fail "no body text in the PDF (test broken?)"
  "$epubcheck" "$dir/out.epub" >"$dir/epubcheck.log" 2>&1 ||
    { cat "$dir/epubcheck.log"; fail "epubcheck reported messages"; }
  ;;
metadata)
  date=$1 author=$2
  grep -q "<dc:date>$date</dc:date>" "$opf" || { cat "$opf"; fail "no dc:date $date"; }
  grep -q "<dc:creator id=\"creator-1\">$author</dc:creator>" "$opf" ||
    { cat "$opf"; fail "no dc:creator $author"; }
  pdfinfo "$dir/out.pdf" | grep -q "^Author: *$author" ||
    { pdfinfo "$dir/out.pdf"; fail "the PDF's author does not name $author"; }
  ;;
*)
  fail "unknown mode $mode"
  ;;
esac
echo "ok: $mode $name"
