#!/bin/bash
# The README's Markdown example (docs/markdown-example.md) at A5: its
# three notes at the foot of page 1, under the page's running text, and
# the long third note going on at the foot of page 2, after the task list;
# the table's cells and the task boxes as pdftotext reads them.
# usage: example_notes_test.sh GALLEY SOURCE OUTDIR
set -u
galley=$1 src=$2 dir=$3
mkdir -p "$dir"
"$galley" -q -t pdf --no-cover-page --page-size A5 -o "$dir/example.pdf" "$src" || { echo "FAIL: galley"; exit 1; }
page() { pdftotext -f "$1" -l "$1" "$dir/example.pdf" - | grep -v '^\s*$' | grep -v '^[0-9]*$' | grep -v '^Grain exports in 2023$'; }
fail=0
check() { # check PAGE AFTER BEFORE: on PAGE, a line starting AFTER, later one starting BEFORE
  local p=$1 a=$2 b=$3 text la lb
  text=$(page "$p")
  la=$(grep -nF -- "$a" <<<"$text" | head -1 | cut -d: -f1)
  lb=$(grep -nF -- "$b" <<<"$text" | head -1 | cut -d: -f1)
  if [ -z "$la" ] || [ -z "$lb" ] || [ "$la" -ge "$lb" ]; then
    echo "FAIL: page $p: '$a' (line ${la:-none}) not before '$b' (line ${lb:-none})"
    fail=1
  fi
}
[ "$(pdfinfo "$dir/example.pdf" | awk '/^Pages:/ {print $2}')" = 2 ] || { echo "FAIL: not 2 pages"; fail=1; }
check 1 "All regions" "1 Measured at the elevators"
check 1 "were in use. The figures are the ministry" "1 Measured at the elevators"
check 1 "1 Measured at the elevators" "2 Through Aktau and Kuryk"
check 1 "2 Through Aktau and Kuryk" "3 The ministry publishes two series"
check 2 "send the tables to the statistics office" "A third count, by the grain traders"
check 2 "See the first note again" "A third count, by the grain traders"
# the note's last words close page 2's text; nothing of a note on page 1's
# running text, no note set twice
last=$(page 2 | tail -1)
[ "$last" = "of each quarter." ] || { echo "FAIL: page 2 ends with '$last'"; fail=1; }
n=$(pdftotext "$dir/example.pdf" - | grep -c "Measured at the elevators")
[ "$n" = 1 ] || { echo "FAIL: note 1 set $n times"; fail=1; }
page 2 | grep -q '^☐ publish the figures' || { echo "FAIL: no open task box"; fail=1; }
page 2 | grep -q '^☑ count the silos' || { echo "FAIL: no done task box"; fail=1; }
[ $fail = 0 ] && echo "ok: notes of the example at the foot of pages 1 and 2"
exit $fail
