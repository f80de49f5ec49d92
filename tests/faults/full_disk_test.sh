#!/usr/bin/env bash
# full_disk_test.sh GALLEY: the sample converted into a full file system,
# a 64 KB tmpfs (mount needs root; skipped with 77 otherwise). Filled so
# that first no edition fits, then the EPUB (about 8 KB) but not the PDF
# (about 48 KB): galley must exit 73 with one "cannot write" message,
# leave no temporary file, keep the old PDF, and leave the EPUB either as
# it was or replaced by a complete one.
set -uo pipefail
GALLEY=$1
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=$SRC/input/000_0cf0c6b4b4a8e552.txt
T=$(mktemp -d)
D=$T/full
mkdir "$D"
if ! mount -t tmpfs -o size=64k tmpfs "$D" 2>"$T/mount.err"; then
  echo "SKIP: cannot mount a tmpfs (needs root): $(cat "$T/mount.err")"
  rm -rf "$T"
  exit 77
fi
trap 'umount "$D"; rm -rf "$T"' EXIT
cp "$SAMPLE" "$T/s.txt"
printf 'old epub\n' > "$T/old.epub"
printf 'old pdf\n' > "$T/old.pdf"
fail=0

# run FREE_KB: leaves about FREE_KB free beside the old outputs, converts.
run() {
  local free=$1
  rm -f "$D"/* "$D"/.s.*
  cp "$T/old.epub" "$D/s.epub"
  cp "$T/old.pdf" "$D/s.pdf"
  # the old outputs take a 4 KB page each: 56 KB are left
  dd if=/dev/zero of="$D/filler" bs=1k count=$((56 - free)) status=none 2>/dev/null
  "$GALLEY" -q -d "$D" "$T/s.txt" >"$T/out.txt" 2>"$T/err.txt"
  local rc=$? what="[$free KB free]"
  [ "$rc" = 73 ] || { echo "FAIL $what: exit $rc, not 73"; fail=1; }
  if [ "$(wc -l <"$T/err.txt")" != 1 ] || ! grep -q '^galley: .*: error: cannot write' "$T/err.txt"; then
    echo "FAIL $what: stderr is not one 'cannot write' line:"; sed 's/^/    /' "$T/err.txt"; fail=1
  fi
  if ls -a "$D" | grep -q 'galley-'; then
    echo "FAIL $what: temporary file left: $(ls -a "$D" | grep galley-)"; fail=1
  fi
  cmp -s "$D/s.pdf" "$T/old.pdf" || { echo "FAIL $what: old s.pdf changed"; fail=1; }
  # The EPUB is the old one or a complete new one (the PDF is made first:
  # the EPUB carries its page numbers; when the PDF cannot be written the
  # EPUB is not written either).
  if ! cmp -s "$D/s.epub" "$T/old.epub"; then
    python3 -c 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); sys.exit(z.testzip() is not None or z.namelist()[0] != "mimetype")' "$D/s.epub" ||
      { echo "FAIL $what: s.epub is neither the old one nor a complete EPUB"; fail=1; }
  fi
  echo "$what exit $rc: $(head -1 "$T/err.txt")"
}
run 4
cmp -s "$D/s.epub" "$T/old.epub" || { echo "FAIL [4 KB free]: old s.epub changed"; fail=1; }
run 24
exit $fail
