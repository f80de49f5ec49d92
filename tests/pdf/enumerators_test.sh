#!/bin/bash
# The print edition draws each list item's enumerator as the text wrote
# it: "(a)", "(ii)", "h)", the irregular "2a." and "4.", roman "iii.";
# pdftotext must show them (tests/golden/legal-enumerators.txt).
set -u
galley=$1 input=$2 out=$3
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
SOURCE_DATE_EPOCH=1700000000 "$galley" -t pdf "$input" -o "$out/enum.pdf" || fail "galley failed"
pdftotext -layout "$out/enum.pdf" "$out/enum.txt" || fail "pdftotext failed"
for want in '(a) the supplier' '(b) the buyer' '(i) half on signing' '(ii) half on delivery' \
            '(c) either party' '2a. Check the spare parts.' '4. Assemble.' 'h) eight' \
            'iii. three' 'A) first' '(III) third clause'; do
  grep -qF -- "$want" "$out/enum.txt" || fail "pdftotext does not show '$want'"
done
grep -q '3\. Check' "$out/enum.txt" && fail "the irregular list was renumbered"
echo OK
