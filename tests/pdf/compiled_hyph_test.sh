#!/bin/bash
# The compiled hyphenation dictionaries (share/galley/hyphen beside the
# program, written by the build; src/pdf/pdf_hyph_cache.c) set every
# corpus text and sample as the dictionaries' own text does: the same PDF
# bytes at A5, whatever the language (English, Russian, Kazakh, German,
# French and the rest). Skipped (77) when the build compiled none.
set -u
galley=$1
src=$2
out=$3
compiled=$(dirname "$galley")/share/galley
mkdir -p "$out"
ls "$compiled"/hyphen/*.bin >/dev/null 2>&1 ||
  { echo "SKIP: no compiled dictionaries beside $galley"; exit 77; }
n=0
bad=0
for f in "$src"/tests/corpus/texts/* "$src"/input/*.md "$src"/input/*.txt; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  SOURCE_DATE_EPOCH=1700000000 GALLEY_DATADIR="$src" "$galley" -q -t pdf --page-size A5 \
    "$f" -o "$out/text.pdf" 2>/dev/null
  a=$?
  SOURCE_DATE_EPOCH=1700000000 GALLEY_DATADIR="$compiled" "$galley" -q -t pdf --page-size A5 \
    "$f" -o "$out/compiled.pdf" 2>/dev/null
  b=$?
  if [ "$a" != "$b" ] || ! cmp -s "$out/text.pdf" "$out/compiled.pdf"; then
    echo "FAIL: $(basename "$f"): exit $a from the text, $b compiled, or the PDFs differ"
    bad=$((bad + 1))
  fi
done
echo "$n inputs, $bad differ"
[ "$bad" = 0 ]
