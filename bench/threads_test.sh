#!/bin/sh
# bench/threads_test.sh GALLEY OUTDIR: the editions' bytes do not depend on
# the number of threads. A generated book (long enough that the PDF writer
# starts its layout threads, more than 48 KB of text per thread, and the
# EPUB writer deflates its entries side by side, 256 KB in all), in both
# input conventions, and an article that is one paragraph too long to be
# set ahead (its lines go to pagination window by window while the rest is
# broken on a layout thread), are written with 1, 2 and 3 threads and
# compared byte for byte; the page count must be the same as well, stderr quiet, and the
# EPUB's entries must inflate to what their CRCs say (Python's zipfile).
set -eu
galley=$1
out=$2
here=$(dirname "$0")
mkdir -p "$out"
export SOURCE_DATE_EPOCH=1700000000 LC_ALL=C.UTF-8
for fmt in md txt para; do
  name=book
  ext=$fmt
  if [ "$fmt" = para ]; then name=para; ext=md; fi
  in="$out/$name.$ext"
  python3 "$here/gen" 400K "$fmt" "$in"
  if [ "$fmt" = para ]; then
    # words of inline code in it: the windows' code masks read the
    # paragraph's sources (a crash when they were not cut to the window)
    sed -i 's/ strategy / `strategy` /g' "$in"
  fi
  for t in 1 2 3; do
    GALLEY_THREADS=$t "$galley" -q -t epub,pdf -d "$out/$t" "$in" 2>"$out/err-$fmt-$t"
    mv "$out/$t/$name.pdf" "$out/book-$fmt-$t.pdf"
    mv "$out/$t/$name.epub" "$out/book-$fmt-$t.epub"
    if [ -s "$out/err-$fmt-$t" ]; then
      echo "FAIL: $fmt with $t threads wrote to stderr:"; cat "$out/err-$fmt-$t"; exit 1
    fi
  done
  for t in 2 3; do
    for ed in pdf epub; do
      if ! cmp -s "$out/book-$fmt-1.$ed" "$out/book-$fmt-$t.$ed"; then
        echo "FAIL: $fmt: the $ed written with $t threads differs from the one with 1"
        exit 1
      fi
    done
  done
  if ! python3 -c 'import sys, zipfile; bad = zipfile.ZipFile(sys.argv[1]).testzip(); print(bad or ""); sys.exit(bad is not None)' "$out/book-$fmt-2.epub" >"$out/unzip-$fmt" 2>&1; then
    echo "FAIL: $fmt: the EPUB's entries do not inflate to their CRCs (the first bad one):"; cat "$out/unzip-$fmt"
    exit 1
  fi
  pages=$(pdfinfo "$out/book-$fmt-1.pdf" | awk '/^Pages:/ {print $2}')
  if [ "${pages:-0}" -lt 50 ]; then
    echo "FAIL: $fmt: only ${pages:-0} pages; the book should be long enough for threads"
    exit 1
  fi
  echo "ok: $fmt, $pages pages, same PDF and EPUB bytes with 1, 2 and 3 threads"
done
