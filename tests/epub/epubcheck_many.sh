#!/bin/bash
# epubcheck_many.sh GALLEY WORKDIR NAME INPUT...: what epub_test.sh's
# epubcheck mode checks of one input, for many: each INPUT converted to an
# EPUB (SOURCE_DATE_EPOCH set, as there), then every EPUB through
# EPUBCheck in one Java run (epubcheck.sh: any message fails), and each
# one's "bodymatter" landmark checked (bodymatter.py). Every failing input
# is named; exit 1 if any fails.
set -u
galley=$1 work=$2 name=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
dir="$work/epub-test/many-$name"
rm -rf "$dir"
mkdir -p "$dir"
export SOURCE_DATE_EPOCH=1700000000
[ $# -gt 0 ] || { echo "FAIL: no input" >&2; exit 1; }
epubs=()
bad=0
for input in "$@"; do
  # the extension too: a.txt and a.md are two inputs
  out="$dir/$(basename "$input").epub"
  "$galley" "$input" -o "$out"
  rc=$?
  if [ $rc -ne 0 ] || [ ! -s "$out" ]; then
    echo "FAIL: galley exited with status $rc on $input, or wrote no EPUB" >&2
    bad=1
  else
    epubs+=("$out")
  fi
done
if [ ${#epubs[@]} -gt 0 ]; then
  "$here/epubcheck.sh" "${epubs[@]}" || { echo "FAIL: epubcheck reported messages" >&2; bad=1; }
  python3 "$here/bodymatter.py" "${epubs[@]}" ||
    { echo "FAIL: a bodymatter landmark does not name the text's start" >&2; bad=1; }
fi
exit $bad
