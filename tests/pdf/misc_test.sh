#!/bin/bash
# PDF properties that need more than one run: identical bytes for the same
# SOURCE_DATE_EPOCH, nothing on stderr even with no home and no writable
# cache, the page sizes of --page-size, and a clean refusal of a bad one.
set -u
galley=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }

src=$out/art.md
python3 "$here/gen_article.py" "$src" --bytes 20000 --seed 9 || fail "generator"

for i in 1 2; do
  env -u HOME XDG_CACHE_HOME=/nonexistent/cache SOURCE_DATE_EPOCH=1700000000 \
    "$galley" "$src" -o "$out/r$i.pdf" 2>"$out/stderr$i" || fail "run $i failed"
  [ -s "$out/stderr$i" ] && fail "stderr not empty: $(head -3 "$out/stderr$i")"
done
cmp -s "$out/r1.pdf" "$out/r2.pdf" || fail "two runs with SOURCE_DATE_EPOCH differ"
# No system font configuration is read: galley draws only its own fonts,
# and an empty current configuration spares Pango's FcInit the system's
# files and caches (src/cli/main.c). fontconfig says what it loads.
FC_DEBUG=1024 SOURCE_DATE_EPOCH=1700000000 "$galley" "$src" -o "$out/fc.pdf" 2>"$out/fc.err" || fail "FC_DEBUG run"
grep -q "Loading config file" "$out/fc.err" &&
  fail "a system font configuration was read: $(grep -m1 "Loading config file" "$out/fc.err")"
cmp -s "$out/r1.pdf" "$out/fc.pdf" || fail "FC_DEBUG changed the PDF"
pdfinfo "$out/r1.pdf" | grep -q "^Creator: *galley " || fail "no Creator galley"
pdfinfo "$out/r1.pdf" | grep -q "^CreationDate:.*2023" || fail "CreationDate not from SOURCE_DATE_EPOCH"

# Page labels: the generated cover "Cover", then every page labelled with
# its folio (1, 2, 3 ...); without the cover page, folios from the first.
qpdf --check "$out/r1.pdf" >/dev/null || fail "qpdf --check after the label update"
qpdf --json "$out/r1.pdf" | python3 -c '
import json, sys
j = json.load(sys.stdin)
pl = j.get("pagelabels") or []
assert len(pl) == 2 and pl[0]["index"] == 0 and pl[0]["label"].get("/P") == "u:Cover", pl
assert pl[1]["index"] == 1 and pl[1]["label"].get("/S") == "/D", pl
assert pl[1]["label"].get("/St", 1) == 1, pl
' || fail "not a cover page then decimal page labels from 1"
"$galley" "$src" --no-cover-page -o "$out/nocover.pdf" || fail "--no-cover-page"
qpdf --json "$out/nocover.pdf" | python3 -c '
import json, sys
j = json.load(sys.stdin)
pl = j.get("pagelabels") or []
assert pl and pl[0]["index"] == 0 and pl[0]["label"].get("/S") == "/D", pl
' || fail "no decimal page labels from page 1 without the cover"

# Every stream but the smallest is deflated: the program has Cairo write
# page contents unfiltered (CAIRO_DEBUG_PDF) and the finishing pass
# deflates them, and every other stream Cairo left unfiltered.
qpdf --json=2 --json-key=qpdf "$out/r1.pdf" | python3 -c '
import json, sys
objs = json.load(sys.stdin)["qpdf"][1]
bare = [(k, v["stream"]["dict"].get("/Length")) for k, v in objs.items()
        if isinstance(v, dict) and "stream" in v and "/Filter" not in v["stream"]["dict"]
        and v["stream"]["dict"].get("/Length", 0) > 200]
assert not bare, bare
' || fail "a stream of over 200 bytes left unfiltered"

check_size() { # size expected-points
  "$galley" "$src" --page-size "$1" -o "$out/size.pdf" || fail "--page-size $1"
  got=$(pdfinfo "$out/size.pdf" | awk '/^Page size:/ {printf "%.0fx%.0f", $3, $5}')
  [ "$got" = "$2" ] || fail "--page-size $1 gave $got, want $2"
}
check_size A4 595x842
check_size Letter 612x792
check_size A5 420x595
check_size 150x220mm 425x624
check_size 6x9in 432x648

"$galley" "$src" --page-size 12xfoo -o "$out/bad.pdf" 2>"$out/bad.err"
rc=$?
[ $rc -eq 0 ] && fail "a bad page size was accepted"
[ -e "$out/bad.pdf" ] && fail "a failed run left a PDF behind"
# Inline code breaks only at its spaces: an option's "--" or a path's
# "/" inside it is no place to end a line (at a measure narrow enough
# that the code is a short part of a line).
code=$out/code.md
{
  for i in 1 2 3 4 5 6 7 8; do
    printf 'Pass `--with-libyaml-bindings` or `--without-libyaml-bindings` to `setup.py`, or `/usr/share/doc/python3-yaml/examples` %s. ' "$i"
  done
  echo
} > "$code"
"$galley" --dump-layout --page-size A5 "$code" > "$out/code.lay" 2>/dev/null || fail "--dump-layout of inline code"
awk -F'\t' 'NR > 1 && $8 == 0 && ($10 ~ /(--|-|\/)$/) { print; bad = 1 } END { exit bad }' "$out/code.lay" ||
  fail "a line ends inside inline code: $(awk -F'\t' '$8 == 0 && $10 ~ /(--|-|\/)$/ {print $10; exit}' "$out/code.lay")"
# Nor does a line end between two of the same mark ("C+" / "+") or
# right after a URL's "://".
marks=$out/marks.txt
for i in $(seq 40); do printf 'Written in C++ and Си++ with notes at https://example.org/notes/%s and more. ' "$i"; done > "$marks"
echo >> "$marks"
"$galley" --dump-layout --page-size A5 "$marks" > "$out/marks.lay" 2>/dev/null || fail "--dump-layout of marks"
awk -F'\t' 'NR > 1 && $8 == 0 && ($10 ~ /([^+]\+|:\/\/)$/) { bad = 1 } END { exit bad }' "$out/marks.lay" ||
  fail "a line ends inside '++' or after '://': $(awk -F'\t' '$8 == 0 && $10 ~ /([^+]\+|:\/\/)$/ {print $10; exit}' "$out/marks.lay")"
# line_ends NAME N SENTENCE PAD BAD WHAT [MUST]: SENTENCE (a printf
# format whose %s takes 0-8 PAD letters, so that its words fall at every
# place of a line) N times over, set at A5; fails with WHAT when a line
# (not a paragraph's last) ends as the regular expression BAD says, or
# when none ends in the word MUST (the text is then known to reach line
# ends where it should).
line_ends() {
  for i in $(seq "$2"); do
    printf "$3" "$(printf '%*s' $((i % 9)) '' | sed "s/ /$4/g")"
  done > "$out/$1.txt"
  echo >> "$out/$1.txt"
  "$galley" --dump-layout --page-size A5 "$out/$1.txt" > "$out/$1.lay" 2>/dev/null ||
    fail "--dump-layout of $1.txt"
  bad=$(BAD=$5 awk -F'\t' 'NR > 1 && $8 == 0 && $10 ~ ENVIRON["BAD"] { print $10; exit }' "$out/$1.lay")
  [ -z "$bad" ] || fail "$6: $bad"
  [ -z "${7:-}" ] || grep -q "$7	" "$out/$1.lay" || fail "no line ends in '$7': nothing was tested"
}
# A word's hard hyphen keeps short parts and an abbreviation's case
# ending whole ("e-" / "mail", "ҚазПИ-" / "дің", "кто-" / "то" were set
# before), while a compound of longer words still breaks at its hyphen.
line_ends joins 60 'The e-mail from ҚазПИ-дің office reached NATO-ға staff and кто-то at the long-established firm of Smith%s. ' \
  o '(^| )(e|ҚазПИ|NATO|кто)-$' "a line ends inside a word that stays whole" long-
# Nor an e-mail address at its hyphens (the former breaker ended 7 lines
# of this text in "debian-").
line_ends mail 60 'Write to the team at debian-doc@lists.debian.org or debian-publicity@lists.debian.org for Smith%s. ' \
  o 'debian-$' "a line ends inside an e-mail address"
# A word space ties an initial to the name after it, a number to the
# abbreviation after it and "№" to its number, as Russian and Kazakh
# typesetting do (the former breaker ended 7 lines in "П.", 6 in "1886").
line_ends ties 40 'Абай 1886 ж. досы А. Блек, П. Лобановский және XX в. ақындар туралы № 5 құжатта жазды сөз%s. ' \
  о '( |^)(А\.|П\.|1886|XX|№)$' "a line ends at a tied space" 'Блек,'
# And a word cut short by a hyphen to the word that completes it: at a
# line's end its hyphen reads as a hyphenation (and text extraction joins
# "Sicherheits-" to "und"; the former breaker ended 20 lines so).
line_ends suspended 60 'Es gibt Sicherheits- und Frühlings- und Winter- und Sommerversionen im Archiv%s. ' \
  o '(Sicherheits|Frühlings|Winter)-$' "a line ends in a word cut short by a hyphen" und
# A list inside an item of a tight list belongs to it: its lines keep the
# list's pitch from item to item, no wider gap above or below it (a
# browser's own rule).
nested=$out/nested.md
printf -- '# Nested\n\n- one\n- two\n  - nested a\n  - nested b\n- three\n' > "$nested"
for style in classic modern; do
  "$galley" --style "$style" --no-cover-page "$nested" -o "$out/nested.pdf" || fail "nested list ($style)"
  pdftotext -bbox "$out/nested.pdf" - | python3 -c '
import re, sys
ys = {}
for m in re.finditer(r"yMin=\"([0-9.]+)\" xMax=\"[0-9.]+\" yMax=\"[0-9.]+\">(\w+)</word>", sys.stdin.read()):
    ys.setdefault(m.group(2), float(m.group(1)))
seq = [ys[w] for w in ("one", "two", "a", "b", "three")]
pitch = [round(b - a, 1) for a, b in zip(seq, seq[1:])]
sys.exit(0 if max(pitch) <= pitch[0] + 0.5 else "pitches %s" % pitch)
' || fail "a nested list in a tight list is set off by a gap ($style)"
done
# Compiled hyphenation dictionaries (share/galley/hyphen beside the
# program, written by the build) give the PDF that the dictionaries' text
# gives (a data directory without them): the same bytes, in English with
# Russian words, in Russian with English ones, and in German (an 8-bit
# dictionary of two levels with a NOHYPHEN list).
compiled=$(dirname "$galley")/share/galley
if ls "$compiled"/hyphen/hyph_en_US.dic.bin "$compiled"/hyphen/hyph_ru_RU.dic.bin >/dev/null 2>&1; then
  mixed=$out/mixed.txt
  for i in $(seq 30); do
    printf 'Государственный университет распространяется internationalisation of encyclopedias and photosynthesis, characteristically. '
  done > "$mixed"
  echo >> "$mixed"
  german=$out/german.txt
  { echo "Language: de"; echo; for i in $(seq 30); do
      printf 'Die Donaudampfschifffahrtsgesellschaft und das Bundesverfassungsgericht haben Rock%sn%sRoll und Müller-Lüdenscheidt an der Straßenbahnhaltestelle besprochen. ' "'" "'"
    done; echo; } > "$german"
  for input in "$src" "$mixed" "$german"; do
    SOURCE_DATE_EPOCH=1700000000 GALLEY_DATADIR="$compiled" "$galley" "$input" --page-size A5 -o "$out/compiled.pdf" 2>/dev/null ||
      fail "with compiled dictionaries"
    SOURCE_DATE_EPOCH=1700000000 GALLEY_DATADIR="$here/../.." "$galley" "$input" --page-size A5 -o "$out/text.pdf" 2>/dev/null ||
      fail "without compiled dictionaries"
    cmp -s "$out/compiled.pdf" "$out/text.pdf" || fail "compiled dictionaries change the PDF of $(basename "$input")"
  done
else
  echo "no compiled dictionaries beside $galley: their check skipped"
fi
# A book's chapters (of four pages of A4 or so) start new pages (the
# model's divisions, the styles' h2.chapter); a magazine's serial chapter
# under its article's title runs on with the issue.
book=$out/book.txt
{ for c in 1 2 3; do
    printf 'CHAPTER %s\n\n' "$c"
    for p in $(seq 65); do
      printf 'The keeper climbed the stairs of the lighthouse again that evening, and the wind came off the sea so hard that the windows shook in their frames while he trimmed the wick and wound the clockwork. '
      printf '\n\n'
    done
  done; } > "$book"
"$galley" --dump-layout --page-size A5 "$book" > "$out/book.lay" 2>/dev/null || fail "--dump-layout of a book"
python3 - "$out/book.lay" <<'PY' || fail "a chapter does not start a new page"
import sys
rows = [l.split("\t") for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
chapters = [k for k, r in enumerate(rows) if r[1].endswith(".chapter")]
assert len(chapters) == 3, "%d headings of class chapter" % len(chapters)
for k in chapters:
    assert k == 0 or rows[k - 1][0] != rows[k][0], "chapter on page %s not first" % rows[k][0]
PY
magazine=$here/../golden/magazine-articles.txt
"$galley" --dump-layout --page-size A5 "$magazine" 2>/dev/null | grep -q "chapter" &&
  fail "a magazine's serial chapters start new pages"
# A contents list is set as a book's contents page: its entries flush,
# without bullets, ragged and unhyphenated (the model's contents lists,
# the styles' ul.contents).
contents=$here/../golden/contents-wrapped-entry.txt
"$galley" --page-size A5 --no-cover-page "$contents" -o "$out/contents.pdf" 2>/dev/null ||
  fail "contents list"
pdftotext "$out/contents.pdf" - | grep -q "$(printf '\xe2\x80\xa2')" &&
  fail "a contents list's entries have bullets"
"$galley" --dump-layout --page-size A5 "$contents" 2>/dev/null |
  awk -F'\t' '$2 == "li" && ($9 == 1 || $7 == 1) { bad = 1 } END { exit bad }' ||
  fail "a contents entry is justified or hyphenated"
# A transcriber's bare "[Illustration]" (no caption) is set as nothing:
# no text, no empty figure, no space left for it.
pictures=$here/../golden/illustration-caption.txt
"$galley" --page-size A5 --no-cover-page "$pictures" -o "$out/pictures.pdf" 2>/dev/null ||
  fail "bare picture marker (PDF)"
pdftotext "$out/pictures.pdf" - | grep -q "Illustration\]" &&
  fail "a bare [Illustration] marker is printed"
sed 's/^\[Illustration\]$//' "$pictures" > "$out/no-marker.txt"
"$galley" --page-size A5 --no-cover-page "$out/no-marker.txt" -o "$out/no-marker.pdf" 2>/dev/null ||
  fail "bare picture marker removed (PDF)"
[ "$(pdftotext -bbox "$out/pictures.pdf" - | grep -m1 '>LAST<')" = \
  "$(pdftotext -bbox "$out/no-marker.pdf" - | grep -m1 '>LAST<')" ] ||
  fail "a bare [Illustration] marker leaves space on the page"
"$galley" "$pictures" -o "$out/pictures.epub" 2>/dev/null || fail "bare picture marker (EPUB)"
unzip -p "$out/pictures.epub" '*.xhtml' | tr -d '\n' | grep -Eq 'Illustration\]|<(figure|div class="figure)[^>]*>\s*</(figure|div)>' &&
  fail "a bare [Illustration] marker is in the EPUB, as text or an empty figure"
echo OK
