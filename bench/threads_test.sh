#!/bin/sh
# bench/threads_test.sh GALLEY OUTDIR: the PDF's bytes do not depend on the
# number of layout threads. A generated book (long enough that the writer
# starts its threads: more than 48 KB of text per thread), in both input
# conventions, is written with 1, 2 and 3 threads and compared byte for
# byte; the page count must be the same as well, and stderr quiet.
set -eu
galley=$1
out=$2
here=$(dirname "$0")
mkdir -p "$out"
export SOURCE_DATE_EPOCH=1700000000 LC_ALL=C.UTF-8
for fmt in md txt; do
  in="$out/book.$fmt"
  python3 "$here/gen" 400K "$fmt" "$in"
  for t in 1 2 3; do
    GALLEY_THREADS=$t "$galley" -q -t pdf -o "$out/book-$fmt-$t.pdf" "$in" 2>"$out/err-$fmt-$t"
    if [ -s "$out/err-$fmt-$t" ]; then
      echo "FAIL: $fmt with $t threads wrote to stderr:"; cat "$out/err-$fmt-$t"; exit 1
    fi
  done
  for t in 2 3; do
    if ! cmp -s "$out/book-$fmt-1.pdf" "$out/book-$fmt-$t.pdf"; then
      echo "FAIL: $fmt: the PDF written with $t threads differs from the one with 1"
      exit 1
    fi
  done
  pages=$(pdfinfo "$out/book-$fmt-1.pdf" | awk '/^Pages:/ {print $2}')
  if [ "${pages:-0}" -lt 50 ]; then
    echo "FAIL: $fmt: only ${pages:-0} pages; the book should be long enough for threads"
    exit 1
  fi
  echo "ok: $fmt, $pages pages, same bytes with 1, 2 and 3 threads"
done
