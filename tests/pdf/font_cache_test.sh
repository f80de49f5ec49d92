#!/bin/bash
# The fontconfig cache of the font directory (src/pdf/pdf_fonts.c): the
# first conversion writes it, the next ones read it, and the PDF is the
# same as with no cache at all (its pages drawn the same, pixel for pixel:
# without SOURCE_DATE_EPOCH the dates differ); a font file overwritten in place (the
# directory's time unchanged, which is all fontconfig looks at) is read
# again, never taken from the old cache; no cache directory to be had
# leaves stderr empty. With $SOURCE_DATE_EPOCH earlier than the font
# directory's time, fontconfig 2.14 writes caches it never takes as valid:
# none is written then, and a valid one is still read.
set -u
galley=$1
out=$2
src_dir=$3
rm -rf "$out"
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
unset SOURCE_DATE_EPOCH
# the pages of two PDFs drawn alike
same() {
  rm -f "$out"/p1-*.ppm "$out"/p2-*.ppm
  pdftoppm -r 40 "$1" "$out/p1" && pdftoppm -r 40 "$2" "$out/p2" || fail "pdftoppm"
  for p in "$out"/p1-*.ppm; do
    cmp -s "$p" "$out/p2-${p##*/p1-}" || return 1
  done
  [ "$(ls "$out"/p1-*.ppm | wc -l)" = "$(ls "$out"/p2-*.ppm | wc -l)" ]
}

# a data directory of its own: the styles, and a copy of the fonts
data=$out/data
mkdir -p "$data"
cp -r "$src_dir/styles" "$data/styles"
cp -r "$src_dir/fonts" "$data/fonts"
art=$out/art.txt
cat > "$art" <<'EOF'
The Cache of Fonts

A short article in English, with a line of Russian, «Қазақ тілі» and
Кириллица, set in the bundled faces, and some code: printf("%d\n", 42).

A second paragraph, so that the page has more than one.
EOF
conv() { # cache-home output
  if [ "$1" = none ]; then
    env -u HOME -u XDG_CACHE_HOME GALLEY_DATADIR="$data" "$galley" -q -t pdf "$art" -o "$2" \
      2>"$2.err" || fail "conversion to $2 failed: $(head -3 "$2.err")"
  else
    env XDG_CACHE_HOME="$1" GALLEY_DATADIR="$data" "$galley" -q -t pdf "$art" -o "$2" \
      2>"$2.err" || fail "conversion to $2 failed: $(head -3 "$2.err")"
  fi
  [ -s "$2.err" ] && fail "stderr not empty: $(head -3 "$2.err")"
  return 0
}

conv none "$out/none.pdf"
mkdir -p "$out/cache" "$out/cache2" # cache homes (galley makes what is below)
conv "$out/cache" "$out/first.pdf"
caches=$(ls "$out/cache/galley/fontconfig/"*.cache-* 2>/dev/null | wc -l)
[ "$caches" = 1 ] || fail "the first run left $caches cache files, not 1"
cache=$(ls "$out/cache/galley/fontconfig/"*.cache-*)
before=$(stat -c %Y.%y "$cache")
sleep 1
conv "$out/cache" "$out/second.pdf"
[ "$(stat -c %Y.%y "$cache")" = "$before" ] || fail "the second run wrote the cache again"
same "$out/none.pdf" "$out/first.pdf" || fail "the PDF made while writing the cache differs"
same "$out/none.pdf" "$out/second.pdf" || fail "the PDF made from the cache differs"

# SOURCE_DATE_EPOCH set: the valid cache is read, not written again.
SOURCE_DATE_EPOCH=1700000000 conv "$out/cache" "$out/epoch.pdf"
[ "$(stat -c %Y.%y "$cache")" = "$before" ] || fail "a run with SOURCE_DATE_EPOCH wrote the cache"
SOURCE_DATE_EPOCH=1700000000 conv none "$out/epoch-none.pdf"
cmp -s "$out/epoch-none.pdf" "$out/epoch.pdf" || fail "the cache read with SOURCE_DATE_EPOCH gives another PDF"
# ... and with no cache, none is written (it would never be valid)
SOURCE_DATE_EPOCH=1700000000 conv "$out/cache2" "$out/epoch2.pdf"
[ -n "$(ls "$out/cache2/galley/fontconfig/" 2>/dev/null)" ] &&
  fail "a cache was written that fontconfig would never take as valid"
cmp -s "$out/epoch-none.pdf" "$out/epoch2.pdf" || fail "the PDF with no cache written differs"

# A font overwritten in place: the serif face becomes the sans one. The
# directory's time stays as it was (fontconfig's test of a cache).
dir_time=$(stat -c %y "$data/fonts")
sleep 1
cat "$data/fonts/NotoSans-Regular.ttf" > "$data/fonts/NotoSerif-Regular.ttf"
touch -d "$dir_time" "$data/fonts"
[ "$(stat -c %y "$data/fonts")" = "$dir_time" ] || fail "cannot keep the directory's time"
conv none "$out/changed-none.pdf"
same "$out/none.pdf" "$out/changed-none.pdf" && fail "the changed font changed nothing"
conv "$out/cache" "$out/changed-cache.pdf"
same "$out/changed-none.pdf" "$out/changed-cache.pdf" ||
  fail "after a font was overwritten, the PDF came from the old cache"
conv "$out/cache" "$out/changed-again.pdf"
same "$out/changed-none.pdf" "$out/changed-again.pdf" ||
  fail "the cache written again gives another PDF"

# A cache home that does not exist is not made (it says "no cache").
conv "$out/missing/cache" "$out/missing.pdf"
[ -e "$out/missing" ] && fail "a cache home that did not exist was made"
same "$out/changed-none.pdf" "$out/missing.pdf" || fail "the PDF with no cache home differs"

# No cache directory can be made: the fonts read file by file, quietly.
touch "$out/file"
conv "$out/file/cache" "$out/blocked.pdf"
same "$out/changed-none.pdf" "$out/blocked.pdf" || fail "the PDF with no cache directory differs"
echo "ok: cache written once, read after, same bytes; a font changed in place is read again"
