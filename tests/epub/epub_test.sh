#!/bin/bash
# epub_test.sh: the EPUB edition judged from outside, one ctest case a run.
#
#   epub_test.sh GALLEY MODE INPUT WORKDIR [SHARED_DIR]
#
# MODE
#   epubcheck    convert INPUT, run epubcheck; any message (fatal, error,
#                warning, info, usage) fails; the "bodymatter" landmark
#                names the text's first block after the title page, or a
#                document without a title page
#   reproducible convert INPUT twice with SOURCE_DATE_EPOCH=1700000000 under
#                two time zones; the files must be byte-identical
#   fidelity     every word of INPUT (after its leading `Key: value`
#                metadata block, without list markers and tokens that hold
#                no letter or digit, such as rules and underlines) found in
#                order in the EPUB's spine text (shared/tools/epubinspect
#                --text --source): 100% or fail
#   structure    block structure against shared/tools/truth/seed.json
#                (INPUT is the sample article): 44/44 matched, P = R = 1
#   split        a long generated Markdown article: several content
#                documents, links across them, epubcheck clean
#   model        GALLEY is tests/unit/test_epub, whose `INPUT OUT` (INPUT
#                "gfm") writes the EPUB of a model built by hand (tables,
#                notes across documents, deleted text, task lists) with
#                styles/modern.css: epubcheck clean, each note once and
#                only where cited, the sheet's table rules kept
#   gfm          INPUT is a Markdown article with a pipe table, notes, struck
#                text, a task list and autolinks: epubcheck clean, and each
#                construct in the XHTML as the writer promises (table with
#                thead and th scope, aligned cells; noterefs and one aside a
#                note, the long note whole; del; checkboxes; links). Exit 77
#                (skipped) while the Markdown reader makes no table of it
#   reader       epubcheck clean; the style sheet leaves size and colours
#                to the reader (no @page, no font size in pt or px, no
#                hex colour) and draws the scene break; the contents are
#                headed CONTENTS (the 6th argument, in the book's language)
#   direction    epubcheck clean; the package's dc:language is LANG (the
#                6th argument) and DIR (the 7th, rtl or ltr) is the
#                direction: with rtl every content document and the
#                navigation document open with <html ... dir="rtl"> and
#                the spine has page-progression-direction="rtl"; with ltr
#                neither appears anywhere; an 8th argument holds galley
#                options ("--language ar")
#
# fidelity and structure exit 77 (ctest: skipped) while the reader still
# recovers no block from INPUT, i.e. before the text reader has landed.
set -u
galley=$1 mode=$2 input=$3 work=$4 shared=${5:-} contents=${6:-Contents} direction=${7:-ltr} options=${8:-}
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$input")
# the extension too: a.txt and a.md are two cases that ctest may run at once
dir="$work/epub-test/$mode-$name"
# one input, several languages: a directory each (ctest runs them at once)
[ "$mode" = direction ] && dir="$dir-$contents"
rm -rf "$dir"
mkdir -p "$dir"
export SOURCE_DATE_EPOCH=1700000000

fail() { echo "FAIL: $*" >&2; exit 1; }

convert() { # convert IN OUT
  "$galley" "$1" -o "$2" || fail "galley exited with status $? on $1"
  [ -s "$2" ] || fail "no EPUB written for $1"
}

epubcheck() { # epubcheck FILE: zero messages of any severity (epubcheck.sh)
  "$here/epubcheck.sh" "$1" >"$dir/epubcheck.log" 2>&1
  local rc=$?
  cat "$dir/epubcheck.log"
  [ $rc -eq 0 ] || fail "epubcheck reported messages (status $rc)"
  return 0
}

body_start() { # body_start FILE: the bodymatter landmark is not the title page
  python3 "$here/bodymatter.py" "$1" || fail "the bodymatter landmark does not name the text's start"
}

has_blocks() { # whether the reader recovers any block from the input
  "$galley" --dump "$input" 2>/dev/null | grep -Ev '^meta ' | grep -q .
}

case $mode in
epubcheck)
  convert "$input" "$dir/out.epub"
  epubcheck "$dir/out.epub"
  body_start "$dir/out.epub"
  ;;
reproducible)
  TZ=UTC "$galley" "$input" -o "$dir/a.epub" || fail "first run failed"
  sleep 1
  TZ=Pacific/Kiritimati "$galley" "$input" -o "$dir/b.epub" || fail "second run failed"
  cmp "$dir/a.epub" "$dir/b.epub" || fail "two runs differ"
  unzip -p "$dir/a.epub" OEBPS/content.opf | grep -q \
    '<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>' ||
    fail "dcterms:modified does not follow SOURCE_DATE_EPOCH"
  ;;
fidelity)
  has_blocks || fail "the reader recovers no block from $name"
  [ -x "$shared/tools/epubinspect" ] ||
    { echo "SKIP: the shared measuring tools are not at $shared/tools"; exit 77; }
  convert "$input" "$dir/out.epub"
  # The article's words: without a leading metadata block, which becomes
  # the title page and the package metadata rather than text.
  python3 - "$input" "$dir/source.txt" "$here/.." <<'EOF' || fail "cannot prepare the source"
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read().lstrip("\ufeff")
lines = text.splitlines(True)
i = 0
while i < len(lines) and re.match(r"^[A-Za-z][A-Za-z _-]{0,30}:\s*\S", lines[i]):
    i += 1
if i > 0 and i < len(lines) and lines[i].strip() == "":
    lines = lines[i + 1:]
# Markup the reader turns into structure is not text: list markers at a
# line's start ("- ", "* ", "1. ", "a) ", "(iv) ", "2a. ": an enumerator
# HTML numbers is not text in the EPUB, one it cannot is) and tokens
# without a letter or digit (setext underlines, "* * *" rules, bullets).
# A plain text's inline literals, picture markers and the "<br>" ending a
# line of verse are set as something other than words
# (tests/source_words.py).
if not sys.argv[1].endswith(".md"):
    sys.path.insert(0, sys.argv[3])
    import source_words
    lines = source_words.fold_plain_text("".join(lines)).splitlines(True)
out = []
for line in lines:
    line = re.sub(r"^\s*(?:[-*+\u2022\u2013\u25e6\u00b7]|\d{1,3}[a-z]?[.)]|[a-zA-Z][.)]"
                  r"|[ivxlIVXL]{2,7}[.)]|\((?:\d{1,3}|[a-zA-Z]|[ivxlIVXL]{2,7})\))\s+", "", line)
    out.append(" ".join(t for t in line.split() if any(c.isalnum() for c in t)))
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
EOF
  "$shared/tools/epubinspect" "$dir/out.epub" --text --source "$dir/source.txt" \
    >"$dir/text.txt" 2>"$dir/fidelity.txt" || fail "epubinspect failed"
  cat "$dir/fidelity.txt"
  grep -Eq 'fidelity 100(\.0+)?% ' "$dir/fidelity.txt" || fail "words of the input are missing or out of order"
  ;;
structure)
  has_blocks || fail "the reader recovers no block from $name"
  [ -x "$shared/tools/epubinspect" ] ||
    { echo "SKIP: the shared measuring tools are not at $shared/tools"; exit 77; }
  convert "$input" "$dir/out.epub"
  summary=$("$shared/tools/epubinspect" "$dir/out.epub" --no-epubcheck \
    --truth "$shared/tools/truth/seed.json" --source "$input" --summary 2>&1) ||
    fail "epubinspect failed"
  echo "$summary"
  echo "$summary" | grep -q 'structure P 1.000 R 1.000 F1 1.000 (matched 44/44)' ||
    fail "structure is not 44/44 with P = R = 1"
  ;;
split)
  # Six long sections, each with a subsection, and links between them.
  python3 - "$input" "$dir/long.md" <<'EOF' || fail "cannot generate the article"
import sys
paras = [l.strip() for l in open(sys.argv[1], encoding="utf-8") if len(l.strip()) > 200]
out = ["---", "title: A long article", "author: Galley Tests", "date: 2024-05-01",
       "language: en", "---", "", "A lede before the first section. See [part four](#part-4).", ""]
for s in range(1, 7):
    out += ["# Part %d" % s, ""]
    for k in range(20):
        out += [paras[(s * 20 + k) % len(paras)], ""]
        if k == 10:
            out += ["## Details of part %d" % s, ""]
    out += ["Back to [the first part](#part-1) or on to [the details of part 6](#details-of-part-6).", ""]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
EOF
  convert "$dir/long.md" "$dir/out.epub"
  epubcheck "$dir/out.epub"
  docs=$(unzip -Z1 "$dir/out.epub" | grep -c '^OEBPS/chapter-.*\.xhtml$')
  [ "$docs" -ge 6 ] || fail "expected one content document per part, got $docs"
  unzip -p "$dir/out.epub" OEBPS/chapter-0001.xhtml | grep -q 'href="chapter-[0-9]*\.xhtml#part-4"' ||
    fail "a link to another document does not name that document"
  ;;
enumerators)
  # Lists keep the enumerators the text wrote: <ol start> for decimal
  # numbers with a period, and otherwise the marker as the item's text
  # (letters and numerals, "(a)", "h)", the irregular 1, 2, 2a, 4); never
  # renumbered.
  convert "$input" "$dir/out.epub"
  epubcheck "$dir/out.epub"
  unzip -p "$dir/out.epub" OEBPS/chapter-0001.xhtml > "$dir/body.xhtml"
  for want in '<ul class="enumerated">' \
              '<li><span class="marker">(a)</span> the supplier delivers the goods;</li>' \
              '<li><span class="marker">(ii)</span> half on delivery;</li>' \
              '<li><span class="marker">2a.</span> Check the spare parts.</li>' \
              '<li><span class="marker">4.</span> Assemble.</li>' \
              '<li><span class="marker">h)</span> eight</li>' \
              '<li><span class="marker">i.</span> ' \
              '<li><span class="marker">(II)</span> second clause</li>'; do
    grep -qF "$want" "$dir/body.xhtml" || fail "no $want in the XHTML"
  done
  # the nested (i) list sits inside item (b)
  python3 - "$dir/body.xhtml" <<'EOF' || fail "(i)-(ii) is not nested in (b)"
import sys, xml.etree.ElementTree as ET
ns = {"h": "http://www.w3.org/1999/xhtml"}
root = ET.parse(sys.argv[1]).getroot()
outer = root.find(".//h:body/h:ul", ns)
items = outer.findall("h:li", ns)
assert [i.find("h:span", ns).text for i in items] == ["(a)", "(b)", "(c)"], items
inner = items[1].find("h:ul", ns)
assert [i.find("h:span", ns).text for i in inner.findall("h:li", ns)] == ["(i)", "(ii)"]
EOF
  ;;
gfm)
  "$galley" --dump "$input" 2>/dev/null | grep -q '^table ' ||
    { echo "SKIP: the Markdown reader makes no table of $name"; exit 77; }
  convert "$input" "$dir/out.epub"
  epubcheck "$dir/out.epub"
  unzip -p "$dir/out.epub" 'OEBPS/chapter-*.xhtml' > "$dir/body.xhtml"
  has() { grep -qF -- "$1" "$dir/body.xhtml" || fail "no $1 in the XHTML"; }
  count() { # count N STRING
    local n
    n=$(grep -oF -- "$2" "$dir/body.xhtml" | wc -l)
    [ "$n" -eq "$1" ] || fail "$n times $2, want $1"
  }
  has '<div class="table">'
  has '<thead>'
  has '<th scope="col" class="align-left">Crop</th>'
  has '<th scope="col" class="align-right">Tonnes</th>'
  has '<td class="align-center">East &amp; West</td>'
  has '<td class="align-right">12 400</td>'
  count 3 '<aside epub:type="footnote" role="doc-footnote"'
  count 4 'epub:type="noteref" role="doc-noteref"'
  count 3 'role="doc-backlink"'
  for k in 1 2 3; do count 1 "id=\"fnref$k\""; count 1 "id=\"fn$k\""; done
  has 'The second series, revised each March'
  has '<del>fell</del>'
  count 2 '<input type="checkbox" disabled="disabled"'
  count 1 'checked="checked"'
  has '<a href="https://example.org/grain">'
  grep -qE '\[\^|~~|\| *---' "$dir/body.xhtml" && fail "Markdown syntax left in the text"
  unzip -p "$dir/out.epub" OEBPS/nav.xhtml | grep -q 'fn[0-9]' && fail "a note in the navigation"
  ;;
model)
  "$galley" "$input" "$dir/out.epub" || fail "$galley could not write the EPUB"
  epubcheck "$dir/out.epub"
  # every aside once, none in the flow of the lede's document
  n=$(unzip -p "$dir/out.epub" 'OEBPS/chapter-*.xhtml' | grep -c '<aside epub:type="footnote"')
  [ "$n" -eq 5 ] || fail "expected 5 note asides, got $n"
  unzip -p "$dir/out.epub" OEBPS/chapter-0001.xhtml | grep -q '<aside' &&
    fail "a note in a document that does not cite it"
  unzip -p "$dir/out.epub" OEBPS/style.css | grep -q 'overflow-x: auto' ||
    fail "the style sheet does not scroll wide tables"
  ;;
reader)
  convert "$input" "$dir/out.epub"
  epubcheck "$dir/out.epub"
  unzip -p "$dir/out.epub" OEBPS/style.css > "$dir/style.css"
  ! grep -q '@page' "$dir/style.css" || fail "@page in the EPUB's style sheet"
  ! grep -Eq 'font-size: *[0-9.]+(pt|px)' "$dir/style.css" ||
    fail "an absolute font size in the EPUB's style sheet"
  ! grep -Eq 'color: *#' "$dir/style.css" || fail "a fixed colour in the EPUB's style sheet"
  grep -q 'hr::after' "$dir/style.css" || fail "no ornament for a thematic break"
  grep -q 'max-width: 100%' "$dir/style.css" || fail "images not fitted to the screen"
  unzip -p "$dir/out.epub" OEBPS/nav.xhtml > "$dir/nav.xhtml"
  grep -qF "<h1>$contents</h1>" "$dir/nav.xhtml" || fail "the contents are not headed $contents"
  ;;
direction)
  lang=$contents
  # shellcheck disable=SC2086 # the options are words
  "$galley" "$input" -o "$dir/out.epub" $options || fail "galley exited with status $?"
  epubcheck "$dir/out.epub"
  unzip -p "$dir/out.epub" OEBPS/content.opf > "$dir/content.opf"
  grep -qF "<dc:language>$lang</dc:language>" "$dir/content.opf" ||
    fail "dc:language is not $lang"
  docs=$(unzip -Z1 "$dir/out.epub" | grep '\.xhtml$')
  [ -n "$docs" ] || fail "no XHTML in the EPUB"
  for doc in $docs; do
    unzip -p "$dir/out.epub" "$doc" | grep -m1 '^<html ' > "$dir/html.line"
    grep -qF "xml:lang=\"$lang\"" "$dir/html.line" || fail "$doc: no xml:lang=\"$lang\""
    if [ "$direction" = rtl ]; then
      grep -qF 'dir="rtl"' "$dir/html.line" || fail "$doc: no dir=\"rtl\" on <html>"
    else
      ! grep -qF 'dir=' "$dir/html.line" || fail "$doc: a dir on <html>"
    fi
  done
  if [ "$direction" = rtl ]; then
    grep -qE '<spine [^>]*page-progression-direction="rtl"' "$dir/content.opf" ||
      fail "the spine's page-progression-direction is not rtl"
  else
    ! grep -q 'page-progression-direction' "$dir/content.opf" ||
      fail "a page-progression-direction in a left-to-right book"
  fi
  ;;
*)
  fail "unknown mode $mode"
  ;;
esac
echo "ok: $mode $name"
