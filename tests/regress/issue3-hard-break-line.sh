#!/usr/bin/env bash
# Issue 3: a line before a hard line break was justified as if the
# paragraph went on, so the total-fit breaker preferred to fill the line
# before the break and left the one above it with gaps of several ems.
# The line before a forced break must fill with space, as a paragraph's
# last line does.
set -eu
galley=$1
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
printf 'For more, see the UK Hydrographic Office\nor the NOAA tides and currents pages.\nA harbour master'"'"'s last word on the subject was shorter:\\\ncheck the sheet, then look at the water.\n' > "$t/a.md"
"$galley" -q -t pdf "$t/a.md" -o "$t/a.pdf"
first=$(pdftotext -layout "$t/a.pdf" - | grep -m1 '^For more')
case "$first" in
  *"NOAA"*) ;;
  *) echo "FAIL: first line stops early: '$first'"; exit 1 ;;
esac
if printf '%s' "$first" | grep -q '     '; then
  echo "FAIL: loose first line: '$first'"; exit 1
fi
echo ok
